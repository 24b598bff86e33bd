/* The TypeScript emitter, internal to emit/ts/. One ES module per package (mycoach/events.ts)
 * holding its types, their functions and its service clients, a root index.ts that exports
 * every package as a namespace, and runtime.ts. A module per package rather than per type keeps
 * generation of large schemas fast (thousands of files cost more to create than to write) and
 * lets modules refer to other packages through one namespace import each. Generated
 * code compiles under tsc --strict --exactOptionalPropertyTypes --noUncheckedIndexedAccess
 * --noPropertyAccessFromIndexSignature --isolatedModules with only the ES2020 library. */
#ifndef PAYLOADC_EMIT_TS_H
#define PAYLOADC_EMIT_TS_H

#include "emit.h"

/* Everything the emitter decides once per declaration, before any file is written. */
typedef struct ts_decl {
    const pc_decl *decl;
    const char *base;      /* UpperCamel name: decodeX, encodeX, ... use it ("Date") */
    const char *type_name; /* the TypeScript type, a global's name escaped ("Date_") */
    const struct ts_package *package;
    const char *error_class;  /* structs with @status: "NotFoundError" */
    const char *client_class; /* services: "EventsClient" */
    const char **variant_names; /* unions: the interface of each variant ("EventMatch") */
    const char *unknown_name;   /* open unions: "EventUnknown" */
    const char *tag_property;   /* unions: the discriminator as a property ("kind") */
    bool tag_quoted;            /* the discriminator is not an identifier: ["@type"] */
    bool needs_validation;      /* some constraint is reachable from the type */
    bool encodes_as_is;         /* aliases: the JSON form is the value itself */
    /* [in its own package, elsewhere][type, decode, encode, validate]: names as modules write
     * them, made when first used. */
    const char *names[2][4];
} ts_decl;

typedef struct ts_package {
    const pc_package *package;
    uint32_t index;
    const char *file;       /* "mycoach/events.ts" */
    const char *dir;        /* its folder: "mycoach" ("" at the root) */
    const char *ns;         /* how other modules import it: "mycoach_events" */
    const char *prefix;     /* ns and a dot: "mycoach_events." */
    const char *namespace_; /* the root index's name for it: "events" */
} ts_package;

/* The names each package module declares (types, functions, classes): one hash set for all
 * packages, keyed by (module path, name), so that added names dodge declared ones. */
typedef struct ts_name_entry {
    const char *dir, *name;
    uint64_t hash;
} ts_name_entry;

typedef struct ts_ctx {
    pc_emit_context *emit;
    const pc_schema *schema;
    pl_arena *arena;
    ts_decl *decls; /* indexed by pc_decl.index */
    ts_package *packages;
    const ts_package **sorted_packages; /* by module path, for deterministic imports */
    uint32_t package_count;
    ts_name_entry *names;
    uint32_t name_capacity, name_count;
    const char *import_extension; /* --option ts.import_extension: ".js" (default), ".ts", "" */
    bool failed;
} ts_ctx;

/* A package module being written: the body goes straight into the output file; the header,
 * the imports it turned out to need and the module constants are put in front at the end. */
typedef struct ts_file {
    ts_ctx *ctx;
    const ts_package *package;
    const ts_decl *self; /* the declaration being written */
    bool *uses;          /* by package index: is that package imported? */
    pc_writer prelude;   /* module-level constants (compiled patterns), above the body */
    pc_writer *body;     /* the output file */
    uint32_t pattern_count;
} ts_file;

/* ---- naming.c ---- */

/* pc_write, pc_line, pc_open and pc_close that copy literal text and %s arguments themselves
 * (printf dominated the emitter's time); a format's other conversions go to printf. */
void ts_write(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
void ts_line(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
void ts_open(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
void ts_close(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
/* Lines at depth 0 with "\n" and their indentation in the format (boilerplate in one call). */
void ts_block(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
/* Text of known length (no formatting). */
void ts_put(pc_writer *w, const char *text, size_t length);
/* A string literal of UTF-8 text, in the arena. */
const char *ts_string_literal(ts_ctx *ctx, const char *text, size_t length);

/* A copy of text in the emitter's arena (never NULL: "" after marking the run failed). */
const char *ts_strdup(ts_ctx *ctx, const char *text, size_t length);
const char *ts_format(ts_ctx *ctx, const char *format, ...) PC_PRINTF(2, 3);
/* a followed by b (and c), in the arena (ts_format without printf, for hot paths). */
const char *ts_concat(ts_ctx *ctx, const char *a, const char *b);
const char *ts_join(ts_ctx *ctx, const char *a, const char *b, const char *c);
/* UpperCamel of a declaration name; lowerCamel of a member name, made a valid identifier
 * ("_1st" becomes "_1st" rather than "1st"). */
const char *ts_upper(ts_ctx *ctx, pc_str name);
const char *ts_lower(ts_ctx *ctx, pc_str name);
/* A property or method name: lowerCamel, and Object.prototype's method names get a '_'. */
const char *ts_property(ts_ctx *ctx, pc_str name);
/* A type name that a global of ECMAScript or TypeScript already has gets a trailing '_'. */
bool ts_is_global_name(const char *name);
/* A JavaScript reserved word (for names used as bindings). */
bool ts_is_reserved_word(const char *name);
bool ts_is_identifier(const char *text, size_t length);
/* A double-quoted JavaScript string literal of UTF-8 text. */
void ts_write_string(pc_writer *w, const char *text, size_t length);
void ts_write_cstring(pc_writer *w, const char *text);
/* "/" + the RFC 6901 escaped key, as a string literal in the arena. */
const char *ts_pointer_literal(ts_ctx *ctx, pc_str key);
/* An I-Regexp (RFC 9485) as an anchored JavaScript regular expression literal (flag u). */
void ts_write_regex(pc_writer *w, pc_str pattern);
/* A TSDoc comment from a doc string and a deprecation; nothing when both are absent. */
void ts_write_doc(pc_writer *w, const char *doc, const pc_meta *meta, const char *extra);
/* The relative module specifier from a folder to a generated file: "../common/Title.js". */
const char *ts_relative(ts_ctx *ctx, const char *from_dir, const char *to_file);

/* ---- emit_ts.c ---- */

bool ts_package_has_name(const ts_ctx *ctx, const char *dir, const char *name);
void ts_package_add_name(ts_ctx *ctx, const char *dir, const char *name);

/* ---- file.c ---- */

void ts_file_init(ts_file *file, ts_ctx *ctx, const ts_package *package, pc_writer *out);
void ts_file_free(ts_file *file);
/* How the module names a declaration's things: "" in its own package, "mycoach_common." for
 * another (whose module it then imports). */
const char *ts_file_use(ts_file *file, const pc_decl *decl);
/* Puts the header, the imports and the module constants in front of the body. */
void ts_file_finish(ts_file *file);

/* ---- types.c: type expressions and the codec expressions of a type ---- */

/* Does null reach the type (T?, an alias of one, or json)? */
bool ts_admits_null(const pc_type *type);
/* The TypeScript type of a schema type. */
const char *ts_type_expr(ts_file *file, const pc_type *type);
void ts_write_type(ts_file *file, const pc_type *type);
/* A reader (unknown) => T, for rt.req and friends: "rt.int32", "rt.listOf(decodeX)". */
const char *ts_reader_expr(ts_file *file, const pc_type *type);
void ts_write_reader(ts_file *file, const pc_type *type);
/* Writes `expr` read as the type: "rt.int32(json)". */
void ts_write_read(ts_file *file, const pc_type *type, const char *expr);
/* Is the encoded form the value itself (strings, booleans, enums and lists/maps of them)? */
bool ts_encodes_as_is(const ts_ctx *ctx, const pc_type *type);
/* A writer (T) => JsonValue; only for types that do not encode as is. */
const char *ts_writer_expr(ts_file *file, const pc_type *type);
void ts_write_writer(ts_file *file, const pc_type *type);
/* Writes `expr` encoded. */
void ts_write_write(ts_file *file, const pc_type *type, const char *expr);
bool ts_type_needs_validation(const ts_ctx *ctx, const pc_type *type);
/* A validator (T) => readonly Violation[]; only for types that need validation. */
const char *ts_validator_expr(ts_file *file, const pc_type *type);
void ts_write_validator(ts_file *file, const pc_type *type);
/* Lines that check a value: the type's own validation and the given constraints, appending to
 * `out`, with `path` (a string literal expression) for the value. */
void ts_write_checks(ts_file *file, const pc_type *type, const pc_constraints *constraints,
                     const char *expr, const char *path);
bool ts_has_constraints(const pc_constraints *constraints);
/* The default value of a field or parameter as an expression. */
void ts_write_default(ts_file *file, const pc_field *field);
/* The function that formats a scalar for a path or a query: "rt.formatInt64". */
const char *ts_scalar_formatter(const pc_type *type);
void ts_compute_flags(ts_ctx *ctx);

/* ---- decls.c ---- */

/* Appends a struct, enum, union or alias (file->self) to its package's module. */
void ts_emit_decl(ts_file *file);

/* ---- client.c ---- */

/* Appends a service's client class (file->self) to its package's module. */
void ts_emit_service(ts_file *file);

/* ---- runtime_ts.c (generated from runtime.ts by embed_runtime.py) ---- */

extern const char *const pc_ts_runtime_lines[];
extern const size_t pc_ts_runtime_line_count;

#endif
