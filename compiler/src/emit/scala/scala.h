/* The Scala emitter (docs/scala.md): shared state and helpers of its files.
 *
 * Output: one .scala file per .payload file, in folders named after the package, plus a
 * package.scala per package for its aliases (Scala 2 has no top-level type aliases), plus the
 * bundled runtime (payloadc/runtime/). The code compiles with Scala 2.11's scalac
 * -Xfatal-warnings and stays within what 2.13 and 3 accept.
 *
 * Name resolution in Scala is the source of most of the care here: a package's own types
 * shadow scala.Option and friends, a case class parameter named `java` shadows the package
 * `java` in the types of the other parameters, and a variant case class `Match` inside a
 * union's companion shadows the struct `Match`. So standard names are written through a
 * scope mask (plain, or `_root_.`-qualified when something shadows them), package paths get
 * `_root_.` when a term of the schema could shadow their first segment, and union and
 * service companions refer to every schema type by its full name. */
#ifndef PAYLOADC_EMIT_SCALA_H
#define PAYLOADC_EMIT_SCALA_H

#include <string.h>

#include "emit.h"

/* Standard names that generated code writes unqualified when it can. */
typedef enum sc_std {
    SC_BOOLEAN,
    SC_INT,
    SC_LONG,
    SC_DOUBLE,
    SC_STRING,
    SC_OPTION,
    SC_SOME,
    SC_NONE,
    SC_VECTOR,
    SC_MAP,
    SC_BIGDECIMAL,
    SC_UNIT,
    SC_EITHER,
    SC_PRODUCT,
    SC_SERIALIZABLE,
    SC_LOCALDATE, /* the rest are imported at the top of a file when used */
    SC_UUID,
    SC_BYTES, /* from the runtime, alphabetically (one import line) */
    SC_CLIENTERROR,
    SC_DATETIME,
    SC_DECIMAL,
    SC_JSON,
    SC_PATCH,
    SC_STD_COUNT
} sc_std;

#define SC_FIRST_IMPORTED SC_LOCALDATE
#define SC_FIRST_RUNTIME SC_BYTES

#define SC_FILTER_BITS 10
#define SC_FILTER_BITS_COUNT (1u << SC_FILTER_BITS)

typedef struct sc_package {
    pc_str name;       /* the schema package */
    const char *scala; /* its Scala name, prefix included, segments escaped */
    const char *ref;   /* how other code names it: "a.b." or "_root_.a.b." */
    const char *dir;   /* "a/b" (prefix included) */
    uint32_t shadowed; /* standard names its declarations shadow (1 << sc_std) */
    bool has_aliases;
} sc_package;

typedef struct sc_decl {
    const char *name;      /* Scala simple name */
    const char *qualified; /* the full name from anywhere: ref + name */
    size_t name_length, qualified_length;
    sc_package *package;
    bool deprecated;     /* gets @deprecated (only when no live code refers to it) */
    bool used_live;      /* referred to from code that is not itself deprecated */
    bool validates;      /* validate has something to check */
    bool recursive;      /* an alias that contains itself: a case class, not a type alias */
    const char **fields; /* a struct's field names (sc_term_name), computed once */
} sc_decl;

typedef struct sc_ctx {
    pc_emit_context *emit;
    const pc_schema *schema;
    pl_arena *arena;
    sc_decl *decls; /* parallel to schema->decls */
    sc_package *packages;
    uint32_t package_count;
    const char *prefix;    /* --option scala.package_prefix, "" when absent */
    char *pool, *pool_end; /* names are bump-allocated here (sc_strdup) */
    uint64_t reserved[SC_FILTER_BITS_COUNT / 64]; /* hashes of keywords and member names */
    const pc_member **live_members; /* deprecated enum members that live defaults name */
    uint32_t live_member_count;
    /* the file being written */
    pc_writer *w;
    sc_package *current; /* its package */
    uint32_t used;       /* standard names written plain (imports needed) */
    bool used_rt;        /* the rt alias was written */
} sc_ctx;

/* ---- naming.c ---- */

/* Room for a string of `length` bytes, terminated, in the context's arena; NULL without
 * memory. */
char *sc_chars(sc_ctx *ctx, size_t length);
/* A NUL-terminated copy of text in the context's arena; NULL without memory. */
char *sc_strdup(sc_ctx *ctx, const char *text, size_t length);

/* A member name (field, parameter, method): lowerCamel, escaped. Arena string. */
const char *sc_term_name(sc_ctx *ctx, pc_str name);
/* A type or case object name: UpperCamel, escaped. */
const char *sc_type_name(sc_ctx *ctx, pc_str name);
/* Whether a `:` written right after the name would join it (names ending in '_'). */
bool sc_needs_space(const char *name);
/* Bit of the standard name that `name` equals, 0 when none. */
uint32_t sc_std_bit(const char *name);
/* Writes a standard name, qualified when `shadowed` says so. */
void sc_std_write(sc_ctx *ctx, uint32_t shadowed, sc_std name);
/* A Scala string literal. */
void sc_write_string(pc_writer *w, const char *text, size_t length);
/* A Scaladoc comment (with an optional deprecation note), escaped. */
void sc_write_doc(pc_writer *w, const char *doc, const char *deprecated_note);
/* The translation of an I-Regexp to java.util.regex (arena). */
const char *sc_java_regex(sc_ctx *ctx, pc_str pattern);
/* Names and packages of every declaration; false without memory. */
bool sc_prepare(sc_ctx *ctx);
/* Whether an enum member gets @deprecated. */
bool sc_member_deprecated(const sc_ctx *ctx, const pc_member *member);
/* Escaped package segment path for a package clause ("a.`type`"). */
const char *sc_package_clause(sc_ctx *ctx, sc_package *package);

/* ---- emit_types.c ---- */

/* Writes the Scala type of a schema type. */
void sc_type(sc_ctx *ctx, uint32_t shadowed, const pc_type *type, bool qualify);
/* Writes the codec expression of a schema type. */
void sc_codec(sc_ctx *ctx, const pc_type *type, bool qualify);
/* Writes a default value as a Scala expression of the field's type. */
void sc_default(sc_ctx *ctx, uint32_t shadowed, const pc_type *type, const pc_value *value,
                bool qualify);
/* Whether validating a value of the type checks anything. */
bool sc_type_validates(sc_ctx *ctx, const pc_type *type);
bool sc_constraints_any(const pc_constraints *c);
/* Writes the checks of one constrained or validating value of `type` with `constraints` (a
 * field, parameter or alias) whose value is `access` (e.g. "v.title"), at `path` / key (the
 * path itself when key is NULL). */
void sc_validate_field(sc_ctx *ctx, uint32_t shadowed, const pc_type *type,
                       const pc_constraints *constraints, bool optional, const char *access,
                       const char *path, const char *key);
/* "name: Type = default" of a field or route parameter. */
void sc_param(sc_ctx *ctx, uint32_t shadowed, const pc_field *field, const char *name,
              bool qualify);
/* The decoder's read of a struct field: f.req(...), f.opt(...), ... */
void sc_field_read(sc_ctx *ctx, uint32_t shadowed, const pc_field *field, bool qualify);
void sc_emit_struct(sc_ctx *ctx, const pc_decl *decl);
void sc_emit_enum(sc_ctx *ctx, const pc_decl *decl);
void sc_emit_union(sc_ctx *ctx, const pc_decl *decl);
/* A type alias and its codec in the package object; a recursive alias (info->recursive) is
 * a case class written with the file's other declarations. */
void sc_emit_alias(sc_ctx *ctx, const pc_decl *decl);

/* ---- emit_services.c ---- */

void sc_emit_service(sc_ctx *ctx, const pc_decl *decl);

/* ---- runtime_sources.c (generated by runtime/embed.py) ---- */

typedef struct sc_runtime_file {
    const char *name;         /* "Json.scala" */
    const char *const *lines; /* NULL-terminated */
} sc_runtime_file;

extern const sc_runtime_file sc_runtime_files[];

/* ---- small writing helpers ----
 * The emitter writes megabytes in pieces of a few bytes, through the writer's inline
 * pc_write_piece and pc_end_line. sc_w on a literal gets its length at compile time. */

static inline void sc_wn(pc_writer *w, const char *text, size_t length)
{
    pc_write_piece(w, text, length);
}

static inline void sc_w(pc_writer *w, const char *text)
{
    sc_wn(w, text, strlen(text));
}

static inline void sc_ws(pc_writer *w, pc_str text)
{
    sc_wn(w, text.ptr, text.len);
}

/* Ends a line (pc_newline). */
static inline void sc_nl(pc_writer *w)
{
    pc_end_line(w);
}

void sc_wint(pc_writer *w, int64_t value);

/* "rt." — the runtime package alias (counted, for the import). */
static inline void sc_rt(sc_ctx *ctx)
{
    ctx->used_rt = true;
    sc_w(ctx->w, "rt.");
}

#endif
