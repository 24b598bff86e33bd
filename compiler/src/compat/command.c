/* payloadc compat: loads both versions, compares them, applies acknowledgements, prints the
 * findings and turns them into an exit status (cli.md: 0 nothing at or above --fail-on, 1 some,
 * 2 the tool could not do its job, including a schema that does not compile). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli.h"
#include "baseline.h"
#include "compat.h"

static const char compat_usage[] =
    "usage: payloadc compat [-I DIR]... FILE... --against OLD [options]\n"
    "       payloadc compat --list-rules [--format json]\n"
    "\n"
    "Compares the schema in FILE... with an older version and reports every change that\n"
    "breaks clients or servers built from the old one, in the direction each type is used.\n"
    "\n"
    "OLD is a .payload file, a folder holding the old versions of the same files, or\n"
    "git:REF for the same paths at a git revision (git:HEAD~1, git:origin/main).\n"
    "\n"
    "options:\n"
    "  -I DIR              also look for imports in DIR (on both sides; at REF for git:)\n"
    "  --against OLD       the baseline (required)\n"
    "  --format FORMAT     text (default), json, github (annotations) or markdown (changelog)\n"
    "  --fail-on LEVEL     breaking (default) or warning: what makes the exit status 1\n"
    "  --level LEVEL       wire (default): what crosses the network; source: also names\n"
    "                      that generated code uses (renames, removals, moved types)\n"
    "  --ack FILE          acknowledged findings, one per line: RULE element fingerprint  # why\n"
    "  --verbose, -v       also INFO and acknowledged findings, and every route chain\n"
    "  --list-rules        the rules with their verdicts per direction\n"
    "  --help              this text\n"
    "\n"
    "exit status: 0 nothing at or above --fail-on, 1 some findings are, 2 the check could not\n"
    "run (bad usage, unreadable file, a schema that does not compile)\n";

typedef struct compat_command_options {
    pc_cli_inputs inputs;
    const char *against;
    const char *ack_path;
    pc_compat_format format;
    pc_compat_severity fail_on;
    pc_compat_level level;
    bool verbose;
    bool list_rules;
} compat_command_options;

static int usage_error(FILE *err, const char *message, const char *detail)
{
    fprintf(err, "payloadc: error: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
    fprintf(err, "Try 'payloadc compat --help'.\n");
    return PC_EXIT_USAGE;
}

/* "--name VALUE" or "--name=VALUE"; NULL when the value is missing. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t length = strlen(name);
    const char *arg = argv[*i];
    if (arg[length] == '=')
        return arg + length + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_option(const char *arg, const char *name)
{
    size_t length = strlen(name);
    return strncmp(arg, name, length) == 0 && (arg[length] == '\0' || arg[length] == '=');
}

/* Returns -1 when parsing succeeded, else the exit status. */
static int parse_options(int argc, char **argv, compat_command_options *options, FILE *out,
                         FILE *err)
{
    memset(options, 0, sizeof *options);
    options->format = PC_COMPAT_FORMAT_TEXT;
    options->fail_on = PC_COMPAT_BREAKING;
    options->level = PC_COMPAT_LEVEL_WIRE;
    if (!pc_cli_inputs_init(&options->inputs, argc)) {
        fprintf(err, "payloadc: error: out of memory\n");
        return PC_EXIT_USAGE;
    }
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        pc_cli_input_arg input = pc_cli_take_input(&options->inputs, argc, argv, &i);
        if (input == PC_CLI_INPUT_NO_FOLDER)
            return usage_error(err, "-I needs a folder", NULL);
        if (input == PC_CLI_INPUT_TAKEN)
            continue;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(compat_usage, out);
            return PC_EXIT_OK;
        } else if (is_option(arg, "--against")) {
            options->against = option_value(argc, argv, &i, "--against");
            if (!options->against || !*options->against)
                return usage_error(err, "--against needs a file, a folder or git:REF", NULL);
        } else if (is_option(arg, "--format")) {
            const char *value = option_value(argc, argv, &i, "--format");
            if (value && strcmp(value, "text") == 0)
                options->format = PC_COMPAT_FORMAT_TEXT;
            else if (value && strcmp(value, "json") == 0)
                options->format = PC_COMPAT_FORMAT_JSON;
            else if (value && strcmp(value, "github") == 0)
                options->format = PC_COMPAT_FORMAT_GITHUB;
            else if (value && strcmp(value, "markdown") == 0)
                options->format = PC_COMPAT_FORMAT_MARKDOWN;
            else
                return usage_error(err, "--format takes text, json, github or markdown", value);
        } else if (is_option(arg, "--fail-on")) {
            const char *value = option_value(argc, argv, &i, "--fail-on");
            if (value && strcmp(value, "breaking") == 0)
                options->fail_on = PC_COMPAT_BREAKING;
            else if (value && strcmp(value, "warning") == 0)
                options->fail_on = PC_COMPAT_WARNING;
            else
                return usage_error(err, "--fail-on takes breaking or warning", value);
        } else if (is_option(arg, "--level")) {
            const char *value = option_value(argc, argv, &i, "--level");
            if (value && strcmp(value, "wire") == 0)
                options->level = PC_COMPAT_LEVEL_WIRE;
            else if (value && strcmp(value, "source") == 0)
                options->level = PC_COMPAT_LEVEL_SOURCE;
            else
                return usage_error(err, "--level takes wire or source", value);
        } else if (is_option(arg, "--ack")) {
            options->ack_path = option_value(argc, argv, &i, "--ack");
            if (!options->ack_path || !*options->ack_path)
                return usage_error(err, "--ack needs a file", NULL);
        } else if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) {
            options->verbose = true;
        } else if (strcmp(arg, "--list-rules") == 0) {
            options->list_rules = true;
        } else {
            return usage_error(err, "unknown option", arg);
        }
    }
    if (options->list_rules) {
        if (options->inputs.file_count || options->against)
            return usage_error(err, "--list-rules takes no files and no --against", NULL);
        return -1;
    }
    if (options->inputs.file_count == 0)
        return usage_error(err, "no input files", NULL);
    if (!options->against)
        return usage_error(err, "--against is required (a file, a folder or git:REF)", NULL);
    return -1;
}

static bool color_for(FILE *stream)
{
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    return isatty(fileno(stream)) == 1;
}

/* Prints a resolved schema's diagnostics when it has errors. */
static bool compiled(pc_schema *schema, const char *what, FILE *err)
{
    if (schema->diags.error_count == 0)
        return true;
    pc_diag_sort(&schema->diags);
    fprintf(err, "payloadc: error: %s does not compile:\n", what);
    pc_render_options render = {color_for(err), 20};
    pc_diag_render(&schema->diags, &render, err);
    return false;
}

/* Loads the old side: entry files that the baseline does not have are new files (noted). */
static int load_baseline(pc_schema *schema, const compat_baseline *baseline,
                         const compat_command_options *options, FILE *err)
{
    uint32_t count = 0;
    char **entries = compat_baseline_entries(baseline, options->inputs.files,
                                             options->inputs.file_count, &count);
    if (!entries) {
        fprintf(err, "payloadc: error: out of memory\n");
        return PC_EXIT_USAGE;
    }
    int status = PC_EXIT_OK;
    for (uint32_t i = 0; i < count && status == PC_EXIT_OK; i++) {
        errno = 0;
        pc_load_status loaded = pc_schema_add_file(schema, entries[i]);
        if (loaded == PC_LOAD_UNREADABLE && errno == ENOENT &&
            baseline->kind != COMPAT_BASELINE_FILE) {
            fprintf(err, "payloadc: note: %s%s does not exist in %s; its types count as added\n",
                    baseline->old_prefix ? baseline->old_prefix : "", entries[i], baseline->spec);
        } else if (loaded == PC_LOAD_UNREADABLE) {
            fprintf(err, "payloadc: error: cannot read '%s%s': %s\n",
                    baseline->old_prefix ? baseline->old_prefix : "", entries[i], strerror(errno));
            status = PC_EXIT_USAGE;
        } else if (loaded == PC_LOAD_OUT_OF_MEMORY) {
            fprintf(err, "payloadc: error: out of memory\n");
            status = PC_EXIT_USAGE;
        }
    }
    compat_baseline_free_entries(entries, count);
    return status;
}

static int apply_ack_file(pc_compat_report *report, const char *path, FILE *err)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(err, "payloadc: error: cannot read '%s': %s\n", path, strerror(errno));
        return PC_EXIT_USAGE;
    }
    pl_buf text;
    pl_buf_init(&text);
    char chunk[4096];
    size_t got;
    bool ok = true;
    while (ok && (got = fread(chunk, 1, sizeof chunk, file)) > 0)
        ok = pl_buf_append(&text, chunk, got);
    bool read_error = ferror(file) != 0;
    fclose(file);
    if (!ok || read_error) {
        pl_buf_free(&text);
        fprintf(err, "payloadc: error: cannot read '%s'\n", path);
        return PC_EXIT_USAGE;
    }
    pc_compat_acks acks;
    char error[1024];
    ok = pc_compat_parse_acks(report, path, text.data ? text.data : "", text.len, &acks, error,
                              sizeof error);
    pl_buf_free(&text);
    if (!ok) {
        fprintf(err, "payloadc: error: %s\n", error);
        return PC_EXIT_USAGE;
    }
    if (!pc_compat_apply_acks(report, &acks)) {
        fprintf(err, "payloadc: error: out of memory\n");
        return PC_EXIT_USAGE;
    }
    return PC_EXIT_OK;
}

static int report_and_exit(const compat_command_options *options, const compat_baseline *baseline,
                           const pc_schema *old_schema, const pc_schema *new_schema, FILE *out,
                           FILE *err)
{
    pc_compat_options compare_options = {options->level};
    pc_compat_report *report = pc_compat_compare(old_schema, new_schema, &compare_options);
    if (!report) {
        fprintf(err, "payloadc: error: out of memory\n");
        return PC_EXIT_USAGE;
    }
    int status = options->ack_path ? apply_ack_file(report, options->ack_path, err) : PC_EXIT_OK;
    if (status == PC_EXIT_OK) {
        pc_compat_render_options render = {options->format, options->verbose, baseline->old_prefix,
                                           baseline->spec};
        pl_buf text;
        pl_buf_init(&text);
        if (pc_compat_render(report, &render, &text)) {
            fwrite(text.data, 1, text.len, out);
            status =
                pc_compat_count_at_least(report, options->fail_on) ? PC_EXIT_PROBLEMS : PC_EXIT_OK;
        } else {
            fprintf(err, "payloadc: error: out of memory\n");
            status = PC_EXIT_USAGE;
        }
        pl_buf_free(&text);
    }
    pc_compat_report_free(report);
    return status;
}

/* One side, loaded and resolved; what loading said is kept to be printed in a fixed order. */
typedef struct side {
    pc_schema *schema;
    const compat_command_options *options;
    const compat_baseline *baseline; /* NULL for the new side */
    int status;
    char *messages;
    size_t message_length;
    FILE *err;
} side;

static void load_side(side *job)
{
    if (job->baseline)
        job->status = load_baseline(job->schema, job->baseline, job->options, job->err);
    else
        job->status = pc_load_schema(job->schema, job->options->inputs.files,
                                     job->options->inputs.file_count, job->err);
    if (job->status == PC_EXIT_OK)
        pc_schema_resolve(job->schema);
}

static void *load_side_thread(void *argument)
{
    load_side(argument);
    return NULL;
}

static bool open_side(side *job, pc_schema *schema, const compat_command_options *options,
                      const compat_baseline *baseline)
{
    memset(job, 0, sizeof *job);
    job->schema = schema;
    job->options = options;
    job->baseline = baseline;
    job->err = open_memstream(&job->messages, &job->message_length);
    return job->err != NULL;
}

static void close_side(side *job, FILE *err)
{
    if (job->err)
        fclose(job->err);
    job->err = NULL;
    if (job->messages && err)
        fwrite(job->messages, 1, job->message_length, err);
    free(job->messages);
    job->messages = NULL;
}

/* The two versions are independent until compared: they load on two threads, so that a
 * comparison takes about as long as checking one version (bench/compat_speed.sh). */
static int load_both(side *new_side, side *old_side, FILE *err)
{
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, load_side_thread, new_side) == 0;
    if (!threaded)
        load_side(new_side);
    load_side(old_side);
    if (threaded)
        pthread_join(thread, NULL);
    close_side(new_side, err);
    if (new_side->status != PC_EXIT_OK || !compiled(new_side->schema, "the new schema", err)) {
        close_side(old_side, NULL);
        return new_side->status != PC_EXIT_OK ? new_side->status : PC_EXIT_USAGE;
    }
    close_side(old_side, err);
    char what[512];
    snprintf(what, sizeof what, "the baseline (%s)", old_side->baseline->spec);
    if (old_side->status != PC_EXIT_OK || !compiled(old_side->schema, what, err))
        return old_side->status != PC_EXIT_OK ? old_side->status : PC_EXIT_USAGE;
    return PC_EXIT_OK;
}

static int run_compat(const compat_command_options *options, FILE *out, FILE *err)
{
    if (options->list_rules) {
        pl_buf text;
        pl_buf_init(&text);
        bool ok = pc_compat_render_rules(options->format, &text);
        if (ok)
            fwrite(text.data, 1, text.len, out);
        pl_buf_free(&text);
        return ok ? PC_EXIT_OK : PC_EXIT_USAGE;
    }
    compat_baseline baseline;
    char error[1024];
    if (!compat_baseline_open(&baseline, options->against, error, sizeof error)) {
        fprintf(err, "payloadc: error: %s\n", error);
        compat_baseline_close(&baseline);
        return PC_EXIT_USAGE;
    }
    pc_options new_options = {options->inputs.includes, options->inputs.include_count, NULL, NULL};
    pc_options old_options = new_options;
    if (baseline.kind == COMPAT_BASELINE_GIT) {
        old_options.read_file = compat_git_read;
        old_options.read_context = &baseline;
    }
    pc_schema *new_schema = pc_schema_new(&new_options);
    pc_schema *old_schema = pc_schema_new(&old_options);
    side new_side, old_side;
    memset(&new_side, 0, sizeof new_side);
    memset(&old_side, 0, sizeof old_side);
    int status = PC_EXIT_USAGE;
    if (!new_schema || !old_schema || !open_side(&new_side, new_schema, options, NULL) ||
        !open_side(&old_side, old_schema, options, &baseline)) {
        fprintf(err, "payloadc: error: out of memory\n");
        close_side(&new_side, NULL);
        close_side(&old_side, NULL);
    } else {
        status = load_both(&new_side, &old_side, err);
        if (status == PC_EXIT_OK)
            status = report_and_exit(options, &baseline, old_schema, new_schema, out, err);
    }
    pc_schema_free(new_schema);
    pc_schema_free(old_schema);
    compat_baseline_close(&baseline);
    return status;
}

int pc_command_compat(int argc, char **argv, FILE *out, FILE *err)
{
    compat_command_options options;
    int status = parse_options(argc, argv, &options, out, err);
    if (status < 0)
        status = run_compat(&options, out, err);
    pc_cli_inputs_free(&options.inputs);
    return status;
}
