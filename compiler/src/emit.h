/* Emitters: the static registry of languages, and the output set they write into. Files are
 * assembled in memory and written by pc_emit_commit, which creates the folders it needs and
 * rewrites a file only when its bytes change (so build systems do not rebuild needlessly). */
#ifndef PAYLOADC_EMIT_H
#define PAYLOADC_EMIT_H

#include <stdio.h>

#include "schema.h"
#include "writer.h"

typedef struct pc_output_file {
    const char *path; /* relative to the output folder, '/'-separated */
    pc_writer writer;
} pc_output_file;

/* --option KEY=VALUE pairs from the command line, e.g. php.namespace=Acme\Api */
typedef struct pc_emit_option {
    const char *key, *value;
    bool used; /* set by the emitter that read it; an unused option is an error */
} pc_emit_option;

/* Files being written while the emitter goes on (see pc_emit_checked); private to emit.c. */
typedef struct pc_emit_stream pc_emit_stream;

typedef struct pc_emit_context {
    const pc_schema *schema;
    pc_output_file **files;
    uint32_t file_count;
    pc_emit_option *options;
    uint32_t option_count;
    FILE *err; /* for errors an emitter finds (payloadc: error: ...) */
    bool failed;
    uint32_t jobs; /* threads pc_emit_commit may write with; 0: one per processor, up to 4 */
    /* Set by gen when files may be written before generation ends (one language): the
     * output folder. NULL: everything is written by pc_emit_commit. */
    const char *early_out_dir;
    pc_emit_stream *stream;
} pc_emit_context;

typedef struct pc_emitter {
    const char *name;        /* "c", "ts", ... as given to --lang */
    const char *description; /* one line for --help */
    /* Returns false after printing an error to ctx->err. */
    bool (*emit)(pc_emit_context *ctx);
} pc_emitter;

/* The registry, in --lang all order; NULL-terminated. */
const pc_emitter *const *pc_emitters(void);
const pc_emitter *pc_emitter_find(const char *name);

/* Starts a file; its writer uses the given indentation unit. NULL only without memory. */
pc_writer *pc_emit_file(pc_emit_context *ctx, const char *path, const char *indent_unit);
/* The value of an option for this emitter ("php.namespace"), marking it used; NULL if absent. */
const char *pc_emit_option_get(pc_emit_context *ctx, const char *key);
/* Reports an emitter error and marks the run failed. */
void pc_emit_error(pc_emit_context *ctx, const char *format, ...) PC_PRINTF(2, 3);

/* An emitter calls this once nothing but running out of memory can make it fail any more
 * (names checked, options read). gen may then write each file the emitter reports complete
 * while it generates the rest. Returns false after reporting an error (an --option that no
 * language read). */
bool pc_emit_checked(pc_emit_context *ctx);
/* Every file begun so far is complete: the emitter will not touch its writer again. */
void pc_emit_files_complete(pc_emit_context *ctx);

/* Writes every file under out_dir (prefixed by subdir when not NULL), with up to ctx->jobs
 * threads. Returns false after printing an I/O error (the earliest file's, in file order).
 * *written counts files whose bytes changed. */
bool pc_emit_commit(pc_emit_context *ctx, const char *out_dir, const char *subdir,
                    uint32_t *written);
void pc_emit_context_free(pc_emit_context *ctx);

/* payloadc gen */
int pc_command_gen(int argc, char **argv, FILE *out, FILE *err);

#endif
