/* The command line (cli.md). Exit codes: 0 success, 1 problems in the input, 2 the tool could
 * not do its job. Everything runs in-process so that tests can drive it. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat/compat.h"
#include "emit.h"
#include "schema.h"

#ifndef PAYLOADC_VERSION
#define PAYLOADC_VERSION "0.0.0"
#endif

static const char main_usage[] =
    "usage: payloadc <command> [options] FILE...\n"
    "\n"
    "commands:\n"
    "  check    parse and resolve .payload files and report every problem\n"
    "  gen      generate code (see payloadc gen --help for the languages)\n"
    "  compat   check a schema change against an older version (--against git:REF)\n"
    "\n"
    "  payloadc --version          print the version\n"
    "  payloadc --help             this text\n"
    "  payloadc <command> --help   options of one command\n"
    "\n"
    "exit status: 0 success, 1 the schema has problems, 2 the tool could not run\n";

static const char check_usage[] =
    "usage: payloadc check [-I DIR]... [options] FILE...\n"
    "\n"
    "Parses and resolves the files and what they import, and reports every error.\n"
    "\n"
    "options:\n"
    "  -I DIR              also look for imports in DIR (after the importing file's folder)\n"
    "  --max-errors N      show at most N errors (default 20; 0 shows all)\n"
    "  --werror            warnings count as errors for the exit status\n"
    "  --color WHEN        auto (default: only on a terminal, unless NO_COLOR is set),\n"
    "                      always or never\n"
    "  --dump json         print the resolved schema as JSON on standard output\n"
    "  --help              this text\n";

typedef enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

typedef struct check_options {
    pc_cli_inputs inputs;
    uint32_t max_errors;
    bool werror;
    bool dump_json;
    color_mode color;
} check_options;

static int usage_error(FILE *err, const char *command, const char *message, const char *detail)
{
    fprintf(err, "payloadc: error: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
    fprintf(err, "Try 'payloadc %s%s--help'.\n", command ? command : "", command ? " " : "");
    return PC_EXIT_USAGE;
}

static bool parse_count(const char *text, uint32_t *out)
{
    if (!text || !*text)
        return false;
    char *end;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (*end || errno || text[0] == '-' || value > UINT32_MAX)
        return false;
    *out = (uint32_t)value;
    return true;
}

/* Returns -1 when parsing succeeded, else the exit code. */
static int parse_check_options(int argc, char **argv, check_options *options, FILE *out, FILE *err)
{
    memset(options, 0, sizeof *options);
    options->max_errors = 20;
    if (!pc_cli_inputs_init(&options->inputs, argc)) {
        fprintf(err, "payloadc: error: out of memory\n");
        return PC_EXIT_USAGE;
    }
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        pc_cli_input_arg input = pc_cli_take_input(&options->inputs, argc, argv, &i);
        if (input == PC_CLI_INPUT_NO_FOLDER)
            return usage_error(err, "check", "-I needs a folder", NULL);
        if (input == PC_CLI_INPUT_TAKEN)
            continue;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(check_usage, out);
            return PC_EXIT_OK;
        } else if (strcmp(arg, "--max-errors") == 0 || strncmp(arg, "--max-errors=", 13) == 0) {
            const char *value = arg[12] == '=' ? arg + 13 : (i + 1 < argc ? argv[++i] : NULL);
            if (!parse_count(value, &options->max_errors))
                return usage_error(err, "check", "--max-errors needs a number", value);
        } else if (strcmp(arg, "--werror") == 0) {
            options->werror = true;
        } else if (strcmp(arg, "--color") == 0 || strncmp(arg, "--color=", 8) == 0) {
            const char *value = arg[7] == '=' ? arg + 8 : (i + 1 < argc ? argv[++i] : NULL);
            if (value && strcmp(value, "auto") == 0)
                options->color = COLOR_AUTO;
            else if (value && strcmp(value, "always") == 0)
                options->color = COLOR_ALWAYS;
            else if (value && strcmp(value, "never") == 0)
                options->color = COLOR_NEVER;
            else
                return usage_error(err, "check", "--color takes auto, always or never", value);
        } else if (strcmp(arg, "--dump") == 0 || strncmp(arg, "--dump=", 7) == 0) {
            const char *value = arg[6] == '=' ? arg + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (!value || strcmp(value, "json") != 0)
                return usage_error(err, "check", "--dump takes 'json'", value);
            options->dump_json = true;
        } else {
            return usage_error(err, "check", "unknown option", arg);
        }
    }
    if (options->inputs.file_count == 0)
        return usage_error(err, "check", "no input files", NULL);
    return -1;
}

static bool use_color(color_mode mode, FILE *stream)
{
    if (mode != COLOR_AUTO)
        return mode == COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    return isatty(fileno(stream)) == 1;
}

bool pc_cli_inputs_init(pc_cli_inputs *inputs, int argc)
{
    memset(inputs, 0, sizeof *inputs);
    inputs->includes = calloc((size_t)argc + 1, sizeof *inputs->includes);
    inputs->files = calloc((size_t)argc + 1, sizeof *inputs->files);
    return inputs->includes && inputs->files;
}

void pc_cli_inputs_free(pc_cli_inputs *inputs)
{
    free(inputs->includes);
    free(inputs->files);
    memset(inputs, 0, sizeof *inputs);
}

pc_cli_input_arg pc_cli_take_input(pc_cli_inputs *inputs, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    if (inputs->only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
        inputs->files[inputs->file_count++] = arg;
    } else if (strcmp(arg, "--") == 0) {
        inputs->only_files = true;
    } else if (strcmp(arg, "-I") == 0) {
        if (*i + 1 >= argc)
            return PC_CLI_INPUT_NO_FOLDER;
        inputs->includes[inputs->include_count++] = argv[++*i];
    } else if (strncmp(arg, "-I", 2) == 0) {
        inputs->includes[inputs->include_count++] = arg + 2;
    } else {
        return PC_CLI_INPUT_OTHER;
    }
    return PC_CLI_INPUT_TAKEN;
}

int pc_load_schema(pc_schema *schema, const char *const *files, uint32_t file_count, FILE *err)
{
    uint32_t failed = 0;
    errno = 0;
    pc_load_status status = pc_schema_add_files(schema, files, file_count, &failed);
    if (status == PC_LOAD_UNREADABLE) {
        fprintf(err, "payloadc: error: cannot read '%s': %s\n", files[failed], strerror(errno));
        return PC_EXIT_USAGE;
    }
    if (status == PC_LOAD_OUT_OF_MEMORY) {
        fprintf(err, "payloadc: error: out of memory\n");
        return PC_EXIT_USAGE;
    }
    return PC_EXIT_OK;
}

static int run_check(const check_options *options, FILE *out, FILE *err)
{
    pc_options schema_options = {options->inputs.includes, options->inputs.include_count, NULL,
                                 NULL};
    pc_schema *schema = pc_schema_new(&schema_options);
    if (!schema) {
        fprintf(err, "payloadc: error: out of memory\n");
        return PC_EXIT_USAGE;
    }
    int status = pc_load_schema(schema, options->inputs.files, options->inputs.file_count, err);
    if (status == PC_EXIT_OK) {
        pc_schema_resolve(schema);
        pc_diag_sort(&schema->diags);
        pc_render_options render = {use_color(options->color, err), options->max_errors};
        pc_diag_render(&schema->diags, &render, err);
        bool failed =
            schema->diags.error_count > 0 || (options->werror && schema->diags.warning_count > 0);
        status = failed ? PC_EXIT_PROBLEMS : PC_EXIT_OK;
        if (options->dump_json && !failed) {
            pl_buf dump;
            pl_buf_init(&dump);
            if (pc_schema_dump_json(schema, &dump)) {
                fwrite(dump.data, 1, dump.len, out);
            } else {
                fprintf(err, "payloadc: error: out of memory\n");
                status = PC_EXIT_USAGE;
            }
            pl_buf_free(&dump);
        }
    }
    pc_schema_free(schema);
    return status;
}

static int command_check(int argc, char **argv, FILE *out, FILE *err)
{
    check_options options;
    int status = parse_check_options(argc, argv, &options, out, err);
    if (status < 0)
        status = run_check(&options, out, err);
    pc_cli_inputs_free(&options.inputs);
    return status;
}

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv, FILE *out, FILE *err);
} command;

static const command commands[] = {
    {"check", command_check},
    {"gen", pc_command_gen},
    {"compat", pc_command_compat},
};

int pc_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    if (argc < 2)
        return usage_error(err, NULL, "no command given", NULL);
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        fprintf(out, "payloadc %s\n", PAYLOADC_VERSION);
        return PC_EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        fputs(main_usage, out);
        return PC_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(name, commands[i].name) == 0) {
            int status = commands[i].run(argc - 2, argv + 2, out, err);
            fflush(out);
            return status;
        }
    }
    return usage_error(err, NULL, "unknown command", name);
}
