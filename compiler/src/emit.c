/* The emitter registry and `payloadc gen`. */
#include "emit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "emit/registry.h"

/* Writing the files (pc_emit_commit, pc_emit_checked): the state the writer threads share. */
typedef enum commit_failure {
    COMMIT_OK,
    COMMIT_GENERATION_OUT_OF_MEMORY, /* the emitter's writer ran out of memory */
    COMMIT_OUT_OF_MEMORY,
    COMMIT_FOLDER,
    COMMIT_WRITE
} commit_failure;

enum {
    COMMIT_MAX_AUTO_THREADS = 4,   /* file creation on ext4 and tmpfs stops scaling about there */
    COMMIT_FILES_PER_THREAD = 128, /* a thread costs about what writing a few dozen files does */
    COMMIT_MAX_THREADS = 64,
    COMMIT_CLAIM = 8 /* files a thread claims at once: neighbours usually share a folder */
};

struct pc_emit_stream {
    pthread_mutex_t lock;
    pthread_cond_t more; /* ready grew, or finished or stop was set */
    pc_emit_context *ctx;
    char *base; /* out_dir[/subdir] */
    size_t base_length;
    bool fresh;             /* base was missing or empty: nothing to compare with */
    bool release;           /* free each file's text once written (no later commit reads it) */
    uint32_t ready;         /* files [0, ready) are complete */
    uint32_t next;          /* the next file to claim */
    bool finished;          /* no file will be added */
    bool stop;              /* the context is being freed: claim nothing more */
    uint32_t written;       /* files whose bytes changed */
    commit_failure failure; /* of the earliest failed file */
    uint32_t failed_index;
    int failed_errno;
    pthread_t threads[COMMIT_MAX_THREADS];
    uint32_t thread_count;
};

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
        /* Writer threads read ctx->files while the emitter goes on (pc_emit_checked). */
        if (ctx->stream)
            pthread_mutex_lock(&ctx->stream->lock);
        pc_output_file **files = realloc(ctx->files, capacity * sizeof *files);
        if (files)
            ctx->files = files;
        if (ctx->stream)
            pthread_mutex_unlock(&ctx->stream->lock);
        if (!files) {
            free(copy);
            free(file);
            ctx->failed = true;
            return NULL;
        }
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

static bool stream_finish(pc_emit_context *ctx, bool stop, uint32_t *written);

void pc_emit_context_free(pc_emit_context *ctx)
{
    uint32_t written;
    if (ctx->stream)
        stream_finish(ctx, true, &written);
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

/* ---- writing the files ----
 *
 * Generators write thousands of small files (a class per file in PHP, a type per file in
 * Swift), and creating a file is mostly the file system's work in the kernel, which runs in
 * parallel for different files. So files are written by several threads, each claiming the
 * next few in order, and — when the emitter allows it (pc_emit_checked) — while the emitter is
 * still generating the rest. A folder that did not exist needs no comparison, and a folder
 * made or checked once is not made again. */

/* Records a failure. Files after it are no longer claimed, but the ones before it still are:
 * the failure reported is the earliest file's, whichever thread met which first. */
static void commit_fail(pc_emit_stream *stream, commit_failure failure, uint32_t index, int error)
{
    pthread_mutex_lock(&stream->lock);
    if (stream->failure == COMMIT_OK || index < stream->failed_index) {
        stream->failure = failure;
        stream->failed_index = index;
        stream->failed_errno = error;
    }
    pthread_cond_broadcast(&stream->more);
    pthread_mutex_unlock(&stream->lock);
}

/* Claims up to COMMIT_CLAIM complete files, waiting for the emitter while it may add more;
 * false when there is nothing left to write. The helper threads claim from the front; the
 * caller, once everything is generated, from the back, so that it usually writes into other
 * folders than they do (creating files in one folder takes that folder's lock). */
static bool commit_claim(pc_emit_stream *stream, bool from_back, uint32_t *begin, uint32_t *end,
                         pc_output_file **claimed)
{
    pthread_mutex_lock(&stream->lock);
    uint32_t limit;
    for (;;) {
        limit = stream->ready;
        if (stream->failure != COMMIT_OK && stream->failed_index < limit)
            limit = stream->failed_index;
        if (stream->stop || stream->next < limit || stream->finished ||
            stream->failure != COMMIT_OK)
            break;
        pthread_cond_wait(&stream->more, &stream->lock);
    }
    bool any = !stream->stop && stream->next < limit;
    if (any) {
        uint32_t count = limit - stream->next;
        if (count > COMMIT_CLAIM)
            count = COMMIT_CLAIM;
        if (from_back) {
            /* Only after finished: ready no longer grows. */
            *end = limit;
            *begin = limit - count;
            stream->ready = *begin;
        } else {
            *begin = stream->next;
            *end = stream->next + count;
            stream->next += count;
        }
        /* The emitter may grow ctx->files meanwhile: copy the pointers under the lock. */
        memcpy(claimed, stream->ctx->files + *begin, count * sizeof *claimed);
    }
    pthread_mutex_unlock(&stream->lock);
    return any;
}

/* One writer thread's scratch: the path being written and the last folder known to exist. */
typedef struct commit_paths {
    char *path, *known_dir;
    size_t cap, known_length;
} commit_paths;

/* Writes file index unless it already holds the same bytes; false after commit_fail. */
static bool commit_one(pc_emit_stream *stream, pc_output_file *file, uint32_t index,
                       commit_paths *paths, uint32_t *written)
{
    if (file->writer.failed) {
        commit_fail(stream, COMMIT_GENERATION_OUT_OF_MEMORY, index, 0);
        return false;
    }
    size_t length = stream->base_length + 1 + strlen(file->path);
    if (length + 1 > paths->cap) {
        char *grown = realloc(paths->path, length + 1);
        if (grown)
            paths->path = grown;
        char *grown_known = grown ? realloc(paths->known_dir, length + 1) : NULL;
        if (grown_known)
            paths->known_dir = grown_known;
        if (!grown || !grown_known) {
            commit_fail(stream, COMMIT_OUT_OF_MEMORY, index, ENOMEM);
            return false;
        }
        paths->cap = length + 1;
    }
    char *path = paths->path;
    snprintf(path, paths->cap, "%s/%s", stream->base, file->path);
    size_t dir_length = (size_t)(strrchr(path, '/') - path);
    if (dir_length != paths->known_length || memcmp(path, paths->known_dir, dir_length) != 0) {
        if (!make_parents(path)) {
            commit_fail(stream, COMMIT_FOLDER, index, errno);
            return false;
        }
        memcpy(paths->known_dir, path, dir_length);
        paths->known_length = dir_length;
    }
    const pl_buf *content = &file->writer.buf;
    if (stream->fresh || !same_bytes(path, content)) {
        if (!write_bytes(path, content)) {
            commit_fail(stream, COMMIT_WRITE, index, errno);
            return false;
        }
        (*written)++;
    }
    /* While the emitter goes on, its next files can reuse this memory instead of new pages. */
    if (stream->release)
        pc_writer_free(&file->writer);
    return true;
}

static void commit_files(pc_emit_stream *stream, bool from_back)
{
    commit_paths paths = {NULL, NULL, 0, SIZE_MAX};
    uint32_t written = 0;
    pc_output_file *claimed[COMMIT_CLAIM];
    uint32_t begin = 0, end = 0;
    bool ok = true;
    while (ok && commit_claim(stream, from_back, &begin, &end, claimed)) {
        for (uint32_t i = begin; i < end && ok; i++)
            ok = commit_one(stream, claimed[i - begin], i, &paths, &written);
    }
    pthread_mutex_lock(&stream->lock);
    stream->written += written;
    pthread_mutex_unlock(&stream->lock);
    free(paths.known_dir);
    free(paths.path);
}

static void *commit_helper(void *stream)
{
    commit_files(stream, false);
    return NULL;
}

static uint32_t commit_thread_count(const pc_emit_context *ctx, uint32_t file_count)
{
    uint32_t wanted = ctx->jobs;
    if (wanted == 0) {
        long processors = sysconf(_SC_NPROCESSORS_ONLN);
        wanted = processors < 1                         ? 1
                 : processors > COMMIT_MAX_AUTO_THREADS ? COMMIT_MAX_AUTO_THREADS
                                                        : (uint32_t)processors;
    }
    uint32_t by_size = file_count / COMMIT_FILES_PER_THREAD;
    uint32_t count = wanted < by_size ? wanted : by_size;
    if (count > COMMIT_MAX_THREADS)
        count = COMMIT_MAX_THREADS;
    return count ? count : 1;
}

/* Starts writing files [0, ready) into out_dir[/subdir] with helpers threads besides the
 * caller's; pc_emit_files_complete and stream_finish hand over the rest. With release, each
 * file's text is freed once written. */
static pc_emit_stream *stream_start(pc_emit_context *ctx, const char *out_dir, const char *subdir,
                                    uint32_t ready, uint32_t helpers, bool release)
{
    pc_emit_stream *stream = calloc(1, sizeof *stream);
    size_t base_length = strlen(out_dir) + (subdir ? strlen(subdir) + 1 : 0);
    char *base = stream ? malloc(base_length + 1) : NULL;
    if (!base || pthread_mutex_init(&stream->lock, NULL) != 0) {
        free(base);
        free(stream);
        return NULL;
    }
    if (pthread_cond_init(&stream->more, NULL) != 0) {
        pthread_mutex_destroy(&stream->lock);
        free(base);
        free(stream);
        return NULL;
    }
    snprintf(base, base_length + 1, "%s%s%s", out_dir, subdir ? "/" : "", subdir ? subdir : "");
    stream->ctx = ctx;
    stream->base = base;
    stream->base_length = base_length;
    stream->fresh = missing_or_empty(base);
    stream->release = release;
    stream->ready = ready;
    /* A helper that cannot start leaves its share to the others and the caller. */
    for (uint32_t t = 0; t < helpers && t < COMMIT_MAX_THREADS; t++) {
        if (pthread_create(&stream->threads[stream->thread_count], NULL, commit_helper, stream) ==
            0)
            stream->thread_count++;
    }
    return stream;
}

/* Lets the helpers finish (or, with stop, drop what they have not begun) and frees the stream;
 * returns whether every file was written, after reporting the earliest failure. */
static bool stream_finish(pc_emit_context *ctx, bool stop, uint32_t *written)
{
    pc_emit_stream *stream = ctx->stream;
    pthread_mutex_lock(&stream->lock);
    stream->ready = ctx->file_count;
    stream->finished = true;
    stream->stop = stream->stop || stop;
    pthread_cond_broadcast(&stream->more);
    pthread_mutex_unlock(&stream->lock);
    if (!stop)
        commit_files(stream, stream->thread_count > 0);
    for (uint32_t t = 0; t < stream->thread_count; t++)
        pthread_join(stream->threads[t], NULL);
    *written = stream->written;
    bool ok = stream->failure == COMMIT_OK;
    if (!ok && !stop) {
        const char *path = ctx->files[stream->failed_index]->path;
        const char *reason = strerror(stream->failed_errno);
        switch (stream->failure) {
        case COMMIT_GENERATION_OUT_OF_MEMORY:
            pc_emit_error(ctx, "out of memory while generating %s", path);
            break;
        case COMMIT_OUT_OF_MEMORY:
            pc_emit_error(ctx, "out of memory");
            break;
        case COMMIT_FOLDER:
            pc_emit_error(ctx, "cannot create the folders of '%s/%s': %s", stream->base, path,
                          reason);
            break;
        case COMMIT_WRITE:
            pc_emit_error(ctx, "cannot write '%s/%s': %s", stream->base, path, reason);
            break;
        case COMMIT_OK:
            break;
        }
    }
    pthread_cond_destroy(&stream->more);
    pthread_mutex_destroy(&stream->lock);
    free(stream->base);
    free(stream);
    ctx->stream = NULL;
    return ok;
}

bool pc_emit_checked(pc_emit_context *ctx)
{
    if (!ctx->early_out_dir || ctx->stream || ctx->failed)
        return !ctx->failed;
    for (uint32_t i = 0; i < ctx->option_count; i++) {
        if (!ctx->options[i].used) {
            pc_emit_error(ctx, "no chosen language uses --option %s", ctx->options[i].key);
            return false;
        }
    }
    /* The files are not there yet: emitters that write early make about one per declaration. */
    uint32_t expected = ctx->schema ? ctx->schema->decl_count : UINT32_MAX;
    uint32_t threads = commit_thread_count(ctx, expected);
    /* With one thread there is nobody to overlap with: write at the end as usual. */
    if (threads > 1)
        ctx->stream = stream_start(ctx, ctx->early_out_dir, NULL, 0, threads - 1, true);
    return true;
}

void pc_emit_files_complete(pc_emit_context *ctx)
{
    pc_emit_stream *stream = ctx->stream;
    if (!stream)
        return;
    pthread_mutex_lock(&stream->lock);
    stream->ready = ctx->file_count;
    pthread_cond_broadcast(&stream->more);
    pthread_mutex_unlock(&stream->lock);
}

bool pc_emit_commit(pc_emit_context *ctx, const char *out_dir, const char *subdir,
                    uint32_t *written)
{
    *written = 0;
    if (!ctx->stream) {
        uint32_t threads = commit_thread_count(ctx, ctx->file_count);
        ctx->stream = stream_start(ctx, out_dir, subdir, ctx->file_count, threads - 1, false);
        if (!ctx->stream) {
            pc_emit_error(ctx, "out of memory");
            return false;
        }
    }
    return stream_finish(ctx, false, written);
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
    "  -j, --jobs N        write files with N threads (default: one per processor, up to 4)\n"
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
    uint32_t jobs; /* 0: automatic */
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
        } else if (strcmp(arg, "--jobs") == 0 || strcmp(arg, "-j") == 0) {
            char *end = NULL;
            unsigned long count = value ? strtoul(value, &end, 10) : 0;
            if (!value || *end || value[0] == '-' || count == 0 || count > 64)
                return gen_usage_error(err, "--jobs needs a number from 1 to 64", value);
            options->jobs = (uint32_t)count;
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
    /* A failing language or an option no language uses leaves the output folder untouched:
     * with several languages everything is generated in memory first; with one, files are
     * written early only once its emitter says it can no longer fail (pc_emit_checked). */
    pc_emit_context contexts[16];
    uint32_t generated = 0;
    status = PC_EXIT_OK;
    for (uint32_t i = 0; i < options->language_count && status == PC_EXIT_OK; i++) {
        pc_emit_context *ctx = &contexts[generated++];
        *ctx = (pc_emit_context){
            schema,        NULL, 0,   options->options, options->option_count, err, false,
            options->jobs, NULL, NULL};
        if (options->language_count == 1)
            ctx->early_out_dir = options->out_dir;
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
