/* Helpers shared by the compatibility checker's tests. */
#ifndef PAYLOADC_COMPAT_TEST_SUPPORT_H
#define PAYLOADC_COMPAT_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support.h" /* run_cli, read_whole_file, compile_files, read_memory_file */

#define COMPAT_DIR PAYLOADC_SOURCE_DIR "/tests/compat"

/* Runs the command line in-process with the current folder set to dir (NULL: unchanged);
 * returns the exit status and captures both streams (malloc'd). */
int compat_run(const char *dir, char *const *argv, char **out_text, char **err_text);

void compat_write_file(const char *path, const char *text);
/* Runs a shell command; fails the test when it does not exit 0. */
void compat_shell(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* One finding as the JSON output gives it. */
typedef struct parsed_finding {
    char *rule, *severity, *direction, *element, *message, *hint, *fingerprint, *level;
    char **chains;
    uint32_t chain_count;
    bool acknowledged;
    bool unreached;
} parsed_finding;

/* Parses `payloadc compat --format json` output; false when it is not what it should be. */
bool compat_parse_findings(const char *json, parsed_finding **findings, uint32_t *count);
void compat_free_findings(parsed_finding *findings, uint32_t count);

#endif
