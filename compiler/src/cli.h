/* The payloadc command line, callable in-process. */
#ifndef PAYLOADC_CLI_H
#define PAYLOADC_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "schema.h"

enum { PC_EXIT_OK = 0, PC_EXIT_PROBLEMS = 1, PC_EXIT_USAGE = 2 };

int pc_cli_main(int argc, char **argv, FILE *out, FILE *err);

/* The arguments check and compat read alike: FILEs ("-" is one, and so is everything after
 * "--") and -I DIR / -IDIR folders. */
typedef struct pc_cli_inputs {
    const char **includes;
    uint32_t include_count;
    const char **files;
    uint32_t file_count;
    bool only_files; /* "--" was seen */
} pc_cli_inputs;

/* Room for argc of each; false without memory. */
bool pc_cli_inputs_init(pc_cli_inputs *inputs, int argc);
void pc_cli_inputs_free(pc_cli_inputs *inputs);
typedef enum pc_cli_input_arg {
    PC_CLI_INPUT_OTHER,    /* not one of them: the command's own option */
    PC_CLI_INPUT_TAKEN,    /* taken; *i is at the last argument used */
    PC_CLI_INPUT_NO_FOLDER /* -I at the end */
} pc_cli_input_arg;
pc_cli_input_arg pc_cli_take_input(pc_cli_inputs *inputs, int argc, char **argv, int *i);

/* Loads the files the user named; returns PC_EXIT_OK or PC_EXIT_USAGE (message printed). */
int pc_load_schema(pc_schema *schema, const char *const *files, uint32_t file_count, FILE *err);

#endif
