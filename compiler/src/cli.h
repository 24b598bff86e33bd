/* The payloadc command line, callable in-process. */
#ifndef PAYLOADC_CLI_H
#define PAYLOADC_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "schema.h"

enum { PC_EXIT_OK = 0, PC_EXIT_PROBLEMS = 1, PC_EXIT_USAGE = 2 };

int pc_cli_main(int argc, char **argv, FILE *out, FILE *err);

/* Loads the files the user named; returns PC_EXIT_OK or PC_EXIT_USAGE (message printed). */
int pc_load_schema(pc_schema *schema, const char *const *files, uint32_t file_count, FILE *err);

#endif
