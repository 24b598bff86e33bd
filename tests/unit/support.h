/* Helpers for the front-end tests: compile in-memory files and look at what was reported. */
#ifndef PAYLOADC_TEST_SUPPORT_H
#define PAYLOADC_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "schema.h"

/* In-memory files: NULL-terminated pairs of path and text. The first is the root. */
pc_schema *compile_files(const char *const *files);
/* A pc_read_file_fn over such pairs (context is the array); ENOENT for other paths. */
char *read_memory_file(void *context, const char *path, size_t *length);
/* One root file called "test.payload". */
pc_schema *compile_text(const char *text);

/* How many diagnostics with this code ("E0301") were reported. */
uint32_t count_code(const pc_schema *schema, const char *code);
/* The first diagnostic with this code, or NULL. */
const pc_diag *find_code(const pc_schema *schema, const char *code);
/* Prints every diagnostic (for failing tests). */
void print_diags(const pc_schema *schema);

/* Runs the command line in-process; returns its exit code and captures both streams. */
int run_cli(char *const *argv, char **out_text, char **err_text);

char *read_whole_file(const char *path, size_t *length);

#endif
