/* The emitter registry and `payloadc gen`. */
#include "emit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "emit/registry.h"

const pc_emitter *pc_emitter_find(const char *name)
{
    for (const pc_emitter *const *e = pc_emitters(); *e; e++) {
        if (strcmp((*e)->name, name) == 0)
            return *e;
    }
    return NULL;
}

pc_writer *pc_emit_file(pc_emit_context *ctx, const char *path, const char *indent_unit)
{
    pc_output_file *file = calloc(1, sizeof *file);
    char *copy = file ? malloc(strlen(path) + 1) : NULL;
    if (!copy) {
        free(file);
        ctx->failed = true;
        return NULL;
    }
    strcpy(copy, path);
    file->path = copy;
    pc_writer_init(&file->writer, indent_unit);
    /* Capacity is the next power of two: generators add thousands of files one by one. */
    uint32_t count = ctx->file_count;
    if ((count & (count - 1)) == 0) {
        size_t capacity = count ? (size_t)count * 2 : 1;
        pc_output_file **files = realloc(ctx->files, capacity * sizeof *files);
        if (!files) {
            free(copy);
            free(file);
            ctx->failed = true;
            return NULL;
        }
        ctx->files = files;
    }
    ctx->files[ctx->file_count++] = file;
    return &file->writer;
}

const char *pc_emit_option_get(pc_emit_context *ctx, const char *key)
{
    for (uint32_t i = 0; i < ctx->option_count; i++) {
        if (strcmp(ctx->options[i].key, key) == 0) {
            ctx->options[i].used = true;
            return ctx->options[i].value;
        }
    }
    return NULL;
}

void pc_emit_error(pc_emit_context *ctx, const char *format, ...)
{
    fputs("payloadc: error: ", ctx->err);
    va_list args;
    va_start(args, format);
    vfprintf(ctx->err, format, args);
    va_end(args);
    fputc('\n', ctx->err);
    ctx->failed = true;
}

void pc_emit_context_free(pc_emit_context *ctx)
{
    for (uint32_t i = 0; i < ctx->file_count; i++) {
        pc_writer_free(&ctx->files[i]->writer);
        free((char *)ctx->files[i]->path);
        free(ctx->files[i]);
    }
    free(ctx->files);
    ctx->files = NULL;
    ctx->file_count = 0;
}

/* mkdir -p for the folders of path (not path itself). */
static bool make_parents(char *path)
{
    for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        bool ok = mkdir(path, 0777) == 0 || errno == EEXIST;
        *slash = '/';
        if (!ok)
            return false;
    }
    return true;
}

/* Whether the file at path holds exactly content; a size that differs needs no read. */
static bool same_bytes(const char *path, const pl_buf *content)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat info;
    bool same = fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
                (uintmax_t)info.st_size == (uintmax_t)content->len;
    char chunk[16384];
    size_t at = 0;
    while (same) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (at + (size_t)got > content->len || memcmp(chunk, content->data + at, (size_t)got) != 0)
            same = false;
        at += (size_t)got;
    }
    close(fd);
    return same && at == content->len;
}

static bool write_bytes(const char *path, const pl_buf *content)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return false;
    const char *data = content->data;
    size_t left = content->len;
    while (left > 0) {
        ssize_t put = write(fd, data, left);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0) {
            int saved = put < 0 ? errno : EIO;
            close(fd);
            errno = saved;
            return false;
        }
        data += put;
        left -= (size_t)put;
    }
    return close(fd) == 0;
}

/* Whether nothing can be there to compare with: no folder, or an empty one. */
static bool missing_or_empty(const char *folder)
{
    DIR *dir = opendir(folder);
    if (!dir)
        return errno == ENOENT;
    bool empty = true;
    for (struct dirent *entry = readdir(dir); entry && empty; entry = readdir(dir))
        empty = strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0;
    closedir(dir);
    return empty;
}

/* Generators write thousands of small files (a class per file in PHP, a type per file in
 * Swift), so the system calls per file are what gen costs on a cold folder: a folder that did
 * not exist needs no comparison, and a folder made or checked once is not made again. */
bool pc_emit_commit(pc_emit_context *ctx, const char *out_dir, const char *subdir,
                    uint32_t *written)
{
    *written = 0;
    size_t base_length = strlen(out_dir) + (subdir ? strlen(subdir) + 1 : 0);
    char *base = malloc(base_length + 1);
    if (!base) {
        pc_emit_error(ctx, "out of memory");
        return false;
    }
    snprintf(base, base_length + 1, "%s%s%s", out_dir, subdir ? "/" : "", subdir ? subdir : "");
    bool fresh = missing_or_empty(base);
    char *path = NULL;
    char *known_dir = NULL; /* the last parent folder known to exist */
    size_t path_cap = 0;
    size_t known_length = SIZE_MAX;
    bool ok = true;
    for (uint32_t i = 0; i < ctx->file_count && ok; i++) {
        const pc_output_file *file = ctx->files[i];
        if (file->writer.failed) {
            pc_emit_error(ctx, "out of memory while generating %s", file->path);
            ok = false;
            break;
        }
        size_t length = base_length + 1 + strlen(file->path);
        if (length + 1 > path_cap) {
            char *grown = realloc(path, length + 1);
            if (grown)
                path = grown;
            char *grown_known = grown ? realloc(known_dir, length + 1) : NULL;
            if (grown_known)
                known_dir = grown_known;
            if (!grown || !grown_known) {
                pc_emit_error(ctx, "out of memory");
                ok = false;
                break;
            }
            path_cap = length + 1;
        }
        snprintf(path, path_cap, "%s/%s", base, file->path);
        size_t dir_length = (size_t)(strrchr(path, '/') - path);
        if (dir_length != known_length || memcmp(path, known_dir, dir_length) != 0) {
            if (!make_parents(path)) {
                pc_emit_error(ctx, "cannot create the folders of '%s': %s", path, strerror(errno));
                ok = false;
                break;
            }
            memcpy(known_dir, path, dir_length);
            known_length = dir_length;
        }
        const pl_buf *content = &file->writer.buf;
        if (!fresh && same_bytes(path, content))
            continue;
        if (!write_bytes(path, content)) {
            pc_emit_error(ctx, "cannot write '%s': %s", path, strerror(errno));
            ok = false;
            break;
        }
        (*written)++;
    }
    free(known_dir);
    free(path);
    free(base);
    return ok;
}

/* ---- payloadc gen ---- */

static const char gen_usage_head[] =
    "usage: payloadc gen --lang LANGS --out DIR [-I DIR]... [--option KEY=VALUE]... FILE...\n"
    "\n"
    "Generates code for the files and what they import. LANGS is a comma-separated list or\n"
    "'all'. With one language the files go straight into DIR; with several, into DIR/<lang>/.\n"
    "Files are rewritten only when their bytes change.\n"
    "\n"
    "options:\n"
    "  --lang LANGS        languages to generate\n"
    "  --out DIR           output folder (created if needed; nothing is written outside it)\n"
    "  -I DIR              also look for imports in DIR\n"
    "  --option KEY=VALUE  an emitter setting (see docs/<language>.md), e.g.\n"
    "                      php.namespace=Acme\\\\Api\n"
    "  --max-errors N      show at most N schema errors (default 20)\n"
    "  --help              this text\n"
    "\n"
    "languages:\n";

static int gen_usage_error(FILE *err, const char *message, const char *detail)
{
    fprintf(err, "payloadc: error: %s%s%s\nTry 'payloadc gen --help'.\n", message,
            detail ? ": " : "", detail ? detail : "");
    return PC_EXIT_USAGE;
}

typedef struct gen_options {
    const pc_emitter *languages[16];
    uint32_t language_count;
    const char *out_dir;
    const char **includes;
    uint32_t include_count;
    const char **files;
    uint32_t file_count;
    pc_emit_option *options;
    uint32_t option_count;
    uint32_t max_errors;
} gen_options;

static bool add_language(gen_options *options, const pc_emitter *emitter)
{
    for (uint32_t i = 0; i < options->language_count; i++) {
        if (options->languages[i] == emitter)
            return true;
    }
    if (options->language_count == sizeof options->languages / sizeof options->languages[0])
        return false;
    options->languages[options->language_count++] = emitter;
    return true;
}

static int parse_languages(gen_options *options, const char *list, FILE *err)
{
    if (strcmp(list, "all") == 0) {
        for (const pc_emitter *const *e = pc_emitters(); *e; e++)
            add_language(options, *e);
        return -1;
    }
    char name[64];
    const char *at = list;
    while (*at) {
        const char *comma = strchr(at, ',');
        size_t length = comma ? (size_t)(comma - at) : strlen(at);
        if (length == 0 || length >= sizeof name)
            return gen_usage_error(err, "--lang takes names separated by commas", list);
        memcpy(name, at, length);
        name[length] = '\0';
        const pc_emitter *emitter = pc_emitter_find(name);
        if (!emitter)
            return gen_usage_error(err, "unknown language (see payloadc gen --help)", name);
        add_language(options, emitter);
        at += length + (comma ? 1 : 0);
    }
    return options->language_count ? -1 : gen_usage_error(err, "--lang is empty", NULL);
}

static int parse_gen_options(int argc, char **argv, gen_options *options, FILE *out, FILE *err)
{
    memset(options, 0, sizeof *options);
    options->max_errors = 20;
    options->includes = calloc((size_t)argc + 1, sizeof *options->includes);
    options->files = calloc((size_t)argc + 1, sizeof *options->files);
    options->options = calloc((size_t)argc + 1, sizeof *options->options);
    if (!options->includes || !options->files || !options->options)
        return gen_usage_error(err, "out of memory", NULL);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (arg[0] != '-') {
            options->files[options->file_count++] = arg;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(gen_usage_head, out);
            for (const pc_emitter *const *e = pc_emitters(); *e; e++)
                fprintf(out, "  %-8s %s\n", (*e)->name, (*e)->description);
            return PC_EXIT_OK;
        } else if (strcmp(arg, "--lang") == 0) {
            if (!value)
                return gen_usage_error(err, "--lang needs a value", NULL);
            int status = parse_languages(options, value, err);
            if (status >= 0)
                return status;
            i++;
        } else if (strcmp(arg, "--out") == 0 || strcmp(arg, "-o") == 0) {
            if (!value)
                return gen_usage_error(err, "--out needs a folder", NULL);
            options->out_dir = value;
            i++;
        } else if (strcmp(arg, "-I") == 0) {
            if (!value)
                return gen_usage_error(err, "-I needs a folder", NULL);
            options->includes[options->include_count++] = value;
            i++;
        } else if (strncmp(arg, "-I", 2) == 0) {
            options->includes[options->include_count++] = arg + 2;
        } else if (strcmp(arg, "--option") == 0) {
            const char *equals = value ? strchr(value, '=') : NULL;
            if (!equals || equals == value)
                return gen_usage_error(err, "--option takes KEY=VALUE", value);
            size_t key_length = (size_t)(equals - value);
            char *key = malloc(key_length + 1);
            if (!key)
                return gen_usage_error(err, "out of memory", NULL);
            memcpy(key, value, key_length);
            key[key_length] = '\0';
            options->options[options->option_count].key = key;
            options->options[options->option_count++].value = equals + 1;
            i++;
        } else if (strcmp(arg, "--max-errors") == 0) {
            char *end = NULL;
            unsigned long count = value ? strtoul(value, &end, 10) : 0;
            if (!value || *end || value[0] == '-' || count > UINT32_MAX)
                return gen_usage_error(err, "--max-errors needs a number", value);
            options->max_errors = (uint32_t)count;
            i++;
        } else {
            return gen_usage_error(err, "unknown option", arg);
        }
    }
    if (!options->language_count)
        return gen_usage_error(err, "--lang is required", NULL);
    if (!options->out_dir)
        return gen_usage_error(err, "--out is required", NULL);
    if (!options->file_count)
        return gen_usage_error(err, "no input files", NULL);
    return -1;
}

static int run_gen(gen_options *options, FILE *out, FILE *err)
{
    (void)out;
    pc_options schema_options = {options->includes, options->include_count, NULL, NULL};
    pc_schema *schema = pc_schema_new(&schema_options);
    if (!schema)
        return gen_usage_error(err, "out of memory", NULL);
    int status = pc_load_schema(schema, options->files, options->file_count, err);
    if (status != PC_EXIT_OK) {
        pc_schema_free(schema);
        return status;
    }
    bool clean = pc_schema_resolve(schema);
    pc_diag_sort(&schema->diags);
    pc_render_options render = {false, options->max_errors};
    const char *no_color = getenv("NO_COLOR");
    render.color = isatty(fileno(err)) == 1 && !(no_color && *no_color);
    pc_diag_render(&schema->diags, &render, err);
    if (!clean) {
        pc_schema_free(schema);
        return PC_EXIT_PROBLEMS;
    }
    size_t out_length = strlen(options->out_dir);
    char *out_probe = malloc(out_length + 3);
    bool created = false;
    if (out_probe) {
        /* mkdir -p: make_parents creates every folder before the last '/'. */
        snprintf(out_probe, out_length + 3, "%s/x", options->out_dir);
        created = make_parents(out_probe);
        free(out_probe);
    }
    if (!created) {
        fprintf(err, "payloadc: error: cannot create '%s': %s\n", options->out_dir,
                strerror(errno));
        pc_schema_free(schema);
        return PC_EXIT_USAGE;
    }
    /* Generate everything in memory first, so that a failing language or an option no
     * language uses leaves the output folder untouched. */
    pc_emit_context contexts[16];
    uint32_t generated = 0;
    status = PC_EXIT_OK;
    for (uint32_t i = 0; i < options->language_count && status == PC_EXIT_OK; i++) {
        pc_emit_context *ctx = &contexts[generated++];
        *ctx =
            (pc_emit_context){schema, NULL, 0, options->options, options->option_count, err, false};
        if (!options->languages[i]->emit(ctx) || ctx->failed)
            status = PC_EXIT_USAGE;
    }
    for (uint32_t i = 0; i < options->option_count && status == PC_EXIT_OK; i++) {
        if (!options->options[i].used) {
            fprintf(err, "payloadc: error: no chosen language uses --option %s\n",
                    options->options[i].key);
            status = PC_EXIT_USAGE;
        }
    }
    for (uint32_t i = 0; i < generated; i++) {
        uint32_t written = 0;
        const char *subdir = options->language_count > 1 ? options->languages[i]->name : NULL;
        if (status == PC_EXIT_OK &&
            !pc_emit_commit(&contexts[i], options->out_dir, subdir, &written))
            status = PC_EXIT_USAGE;
        pc_emit_context_free(&contexts[i]);
    }
    pc_schema_free(schema);
    return status;
}

int pc_command_gen(int argc, char **argv, FILE *out, FILE *err)
{
    gen_options options;
    int status = parse_gen_options(argc, argv, &options, out, err);
    if (status < 0)
        status = run_gen(&options, out, err);
    for (uint32_t i = 0; i < options.option_count; i++)
        free((char *)options.options[i].key);
    free(options.options);
    free(options.includes);
    free(options.files);
    return status;
}
