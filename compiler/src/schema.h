/* A compilation: the files given, the files they import, the resolved declarations, routes
 * and directions. This is the core library's entry point for the checker and the emitters. */
#ifndef PAYLOADC_SCHEMA_H
#define PAYLOADC_SCHEMA_H

#include "ast.h"
#include "diag.h"

/* Reads a whole file into malloc'd memory; NULL with errno set when it cannot. The default
 * reads the file system; the compatibility checker swaps in one that reads a git revision. */
typedef char *(*pc_read_file_fn)(void *context, const char *path, size_t *length);

typedef struct pc_options {
    const char *const *include_dirs; /* -I DIR, searched in order after the importer's folder */
    uint32_t include_count;
    pc_read_file_fn read_file; /* NULL: the file system */
    void *read_context;
} pc_options;

typedef struct pc_symbol_table pc_symbol_table;

typedef struct pc_schema {
    pl_arena *arena;
    pc_diag_sink diags;
    pc_options options;
    pc_file **files; /* in load order; pc_file.root marks the files the user gave */
    uint32_t file_count;
    uint32_t root_count;
    pc_package **packages;
    uint32_t package_count;
    pc_decl **decls; /* every declaration, services included, in file order */
    uint32_t decl_count;
    pc_route **routes; /* every route of every service */
    uint32_t route_count;
    pc_symbol_table *symbols;
    bool resolved;
    /* Files parsed on other threads (pc_schema_add_files) keep their nodes in arenas of their
     * own, freed with the schema. */
    pl_arena **file_arenas;
    uint32_t file_arena_count;
    struct pc_preparsed *preparsed; /* during pc_schema_add_files: the files parsed ahead */
    uint32_t preparsed_count;
} pc_schema;

pc_schema *pc_schema_new(const pc_options *options);
void pc_schema_free(pc_schema *schema);

typedef enum pc_load_status {
    PC_LOAD_OK,         /* loaded (diagnostics may have been reported) */
    PC_LOAD_UNREADABLE, /* a file given by the user could not be read: errno says why */
    PC_LOAD_OUT_OF_MEMORY
} pc_load_status;

/* Loads a file given by the user and, transitively, what it imports. */
pc_load_status pc_schema_add_file(pc_schema *schema, const char *path);
/* pc_schema_add_file for each path in order, stopping at the first that fails (*failed is its
 * index), with the same result; the files are read first and parsed on several threads. */
pc_load_status pc_schema_add_files(pc_schema *schema, const char *const *paths, uint32_t count,
                                   uint32_t *failed);
/* The same from memory (tests, fuzzing, editors); imports still go through read_file. */
pc_load_status pc_schema_add_text(pc_schema *schema, const char *path, const char *text,
                                  size_t length);

/* Resolves names, checks every rule and computes directions. Returns false when errors were
 * reported (they are in schema->diags). Declarations of files with syntax errors are not
 * resolved, so that one mistake does not cascade. */
bool pc_schema_resolve(pc_schema *schema);

/* Looks up a declaration by its qualified name ("mycoach.events.Match"). */
pc_decl *pc_schema_find(const pc_schema *schema, const char *qualified_name);

/* Writes the resolved schema as JSON (payloadc check --dump json). */
bool pc_schema_dump_json(const pc_schema *schema, pl_buf *out);

/* Identifier conversions shared by the checks and the emitters: "first_name" -> "firstName" /
 * "FirstName". Write at most capacity bytes including the NUL; return the length. */
size_t pc_lower_camel(pc_str name, char *out, size_t capacity);
size_t pc_upper_camel(pc_str name, char *out, size_t capacity);

#endif
