/* The Swift emitter, internal to emit/swift/ (docs/swift.md). A SwiftPM package: Package.swift,
 * Sources/<Module>/ with the generated types, one client per service, and PayloadRuntime.swift.
 * Generated code type-checks with `swiftc -swift-version 6 -warnings-as-errors`. */
#ifndef PAYLOADC_EMIT_SWIFT_H
#define PAYLOADC_EMIT_SWIFT_H

#include <string.h>

#include "emit.h"

/* Everything decided once per declaration, before any file is written. */
typedef struct sw_decl {
    const char *name;    /* the Swift type ("Event", "Type_", "EventsClient" for services) */
    pc_writer *w;        /* the file it is written to (a file per .payload) */
    const char *path;    /* a file per declaration: its file, begun when it is written */
    bool checks;         /* validation has something to check in a value of it */
    bool indirect;       /* unions: `indirect enum`, to break a containment cycle */
    bool *boxed;         /* structs: per field, stored out of line (PayloadIndirect) */
    bool has_deprecated; /* enums and unions: some member or variant is deprecated */
    bool wrapper;        /* aliases that contain themselves (through list or map): Swift has
                            no recursive typealias, so these become wrapper structs */
} sw_decl;

/* A member name already converted (sw_member): field names repeat across structs ("id",
 * "created_at"), and converting one costs more than finding it. */
typedef struct sw_member_slot {
    const char *key; /* the schema name (not terminated), NULL for an empty slot */
    uint32_t length;
    uint32_t context; /* sw_member_context */
    const char *swift;
} sw_member_slot;

typedef struct sw_ctx {
    pc_emit_context *emit;
    const pc_schema *schema;
    pl_arena *arena;         /* the current declaration's (reset after it), or the whole run's */
    pl_arena *persistent;    /* the whole run's */
    sw_member_slot *members; /* open addressing, a power of two of slots */
    uint32_t member_mask, member_count;
    const char *module;
    const char *prefix;
    sw_decl *decls;                /* indexed by pc_decl.index */
    const pc_decl **file_order;    /* a file per declaration: the order files are written in */
    int temp;                      /* numbers the temporaries of generated loops */
    pc_writer scratch;             /* renders type names into strings (sw_type_text) */
    uint32_t keyword_lengths[128]; /* per first character, a bit per keyword length */
    bool failed;
} sw_ctx;

/* ---- naming.c ---- */

/* Fills the keyword filter of sw_member; sw_naming_free frees its cache. */
void sw_naming_init(sw_ctx *ctx);
void sw_naming_free(sw_ctx *ctx);
/* Decides every declaration's Swift name; false after reporting a collision. */
bool sw_name_decls(sw_ctx *ctx);
/* A member (field, case, parameter, route) as a Swift identifier, backticked when it is a
 * keyword. `context` picks the renames that apply: see naming.c. */
typedef enum sw_member_context {
    SW_FIELD,
    SW_CASE,
    SW_OPEN_CASE, /* a case of an open enum or union, beside `unknown` */
    SW_PARAM,
    SW_ROUTE
} sw_member_context;
const char *sw_member(sw_ctx *ctx, pc_str name, sw_member_context context);
/* The same without backticks, for text that is not Swift code (docs, nested type names). */
const char *sw_member_plain(sw_ctx *ctx, pc_str name, sw_member_context context);
/* "first_name" -> "FirstName" (arena). */
const char *sw_upper(sw_ctx *ctx, pc_str name);
/* Checks the module name and prefix options. */
bool sw_is_identifier(const char *text);

/* ---- types.c ---- */

/* The Swift type of a schema type: Event, [Int64], [String: Title]?, PayloadDateTime. */
void sw_type(sw_ctx *ctx, pc_writer *w, const pc_type *type);
/* The same without its null: `T?` and aliases of nullable types give T. */
void sw_type_nonnull(sw_ctx *ctx, pc_writer *w, const pc_type *type);
/* sw_type, sw_type_nonnull or sw_wire_type as a string (arena). */
const char *sw_type_text(sw_ctx *ctx, const pc_type *type, bool nonnull, bool wire);
/* Whether values of the type pass through wrapper types on the wire (uuid, bytes). */
bool sw_needs_wire(sw_ctx *ctx, const pc_type *type);
/* The wire form's Swift type (PayloadUUID for uuid, PayloadBytes for bytes), nonnull or not. */
void sw_wire_type(sw_ctx *ctx, pc_writer *w, const pc_type *type, bool nonnull);
/* Writes `expr` converted between the model and the wire form. */
void sw_from_wire(sw_ctx *ctx, pc_writer *w, const pc_type *type, const char *expr, bool nonnull);
void sw_to_wire(sw_ctx *ctx, pc_writer *w, const pc_type *type, const char *expr, bool nonnull);
/* Whether the type admits null (through aliases written as typealiases). */
bool sw_is_nullable(sw_ctx *ctx, const pc_type *type);
/* Follows aliases that are written out (not wrapper structs), and with through_nullable `T?`. */
const pc_type *sw_unalias(sw_ctx *ctx, const pc_type *type, bool through_nullable);
/* Finds the aliases that must be wrapper structs. */
void sw_find_wrappers(sw_ctx *ctx);
/* A default value as a Swift expression of the field's type. */
void sw_default(sw_ctx *ctx, pc_writer *w, const pc_type *type, const pc_value *value);
/* A Swift string literal. */
void sw_string_literal(pc_writer *w, const char *text, size_t length);
/* A Swift string literal of a JSON Pointer token ("/" + escaped wire name). */
void sw_pointer_literal(pc_writer *w, pc_str wire);
/* `base + "/wire"`: the Swift String expression of a JSON Pointer one token below base
 * (arena). */
const char *sw_pointer_path(sw_ctx *ctx, const char *base, pc_str wire);
/* `///` doc comment, and the deprecation attribute when deprecated. */
void sw_doc(pc_writer *w, const pc_meta *meta);
void sw_deprecation(pc_writer *w, const pc_meta *meta);

/* ---- checks.c ---- */

/* Computes sw_decl.checks for every declaration (a fixpoint, since types refer to each other). */
void sw_compute_checks(sw_ctx *ctx);
/* Whether a value of `type` with the extra constraints has anything to check. */
bool sw_type_checks(sw_ctx *ctx, const pc_type *type, const pc_constraints *extra);
/* Statements checking `expr` (of the Swift type of `type`, optional when the type is nullable or
 * `optional` is set) at the Swift String expression `path`. `pattern` names the static holding
 * the compiled @pattern of `extra`, if it has one. */
void sw_checks(sw_ctx *ctx, pc_writer *w, const pc_type *type, const pc_constraints *extra,
               const char *expr, bool optional, const char *path, const char *pattern);
/* The alias validator of PayloadAliases. */
void sw_alias_validator(sw_ctx *ctx, pc_writer *w, const pc_decl *decl);

/* ---- model.c ---- */

/* Marks unions `indirect` and struct fields out of line where types contain themselves. */
bool sw_find_cycles(sw_ctx *ctx);

void sw_struct(sw_ctx *ctx, pc_writer *w, const pc_decl *decl);
void sw_enum(sw_ctx *ctx, pc_writer *w, const pc_decl *decl);
void sw_union(sw_ctx *ctx, pc_writer *w, const pc_decl *decl);
void sw_alias(sw_ctx *ctx, pc_writer *w, const pc_decl *decl);

/* ---- client.c ---- */

void sw_client(sw_ctx *ctx, pc_writer *w, const pc_decl *service);

/* ---- runtime_text.c (generated from runtime/PayloadRuntime.swift by embed_runtime.py) ---- */

extern const char *const sw_runtime_lines[];
extern const unsigned sw_runtime_line_count;

/* ---- helpers ---- */

/* Writes the strings (1 to 16) one after another; sw_catln then ends the line, sw_open also
 * indents what follows as pc_open does. No format parsing: printf-style writes were most of the
 * cost of generating a large schema. Macros over SW_CAT, SW_LINE and SW_OPEN, so that the
 * length of a literal piece is known when compiling, and no call takes a variable list. */
#define sw_cat(w, ...) SW_CAT(w, SW_SVS(__VA_ARGS__))
#define sw_catln(w, ...) SW_LINE(w, SW_SVS(__VA_ARGS__))
#define sw_open(w, ...) SW_OPEN(w, SW_SVS(__VA_ARGS__))
/* pc_close without a format: dedents, then the line. */
void sw_close(pc_writer *w, const char *text);

/* `value` in decimal at `out` (room for 21 bytes), terminated; returns the end. printf-free:
 * generated names and bounds are numbered on every struct. */
char *sw_utoa(char *out, unsigned long long value);
/* a + b + c in the arena (a on failure, with ctx->failed set). */
const char *sw_concat(sw_ctx *ctx, const char *a, const char *b, const char *c);

/* A piece of text with its length, so that the hot lines (a struct's fields) need no strlen:
 * SW_LINE(w, SW_SV("case "), f->name, SW_SV(" = ")) writes the pieces and ends the line,
 * SW_CAT does not end it. */
typedef struct sw_sv {
    const char *text;
    size_t length;
} sw_sv;
#define SW_SV(literal) ((sw_sv)SW_SV_INIT(literal))
#define SW_SV_INIT(literal)                                                                        \
    {                                                                                              \
        "" literal, sizeof(literal) - 1                                                            \
    } /* for static tables */
void sw_pieces(pc_writer *w, const sw_sv *pieces, size_t count, bool end_line);
#define SW_LINE(w, ...)                                                                            \
    do {                                                                                           \
        const sw_sv sw_line_pieces[] = {__VA_ARGS__};                                              \
        sw_pieces((w), sw_line_pieces, sizeof sw_line_pieces / sizeof sw_line_pieces[0], true);    \
    } while (0)
#define SW_CAT(w, ...)                                                                             \
    do {                                                                                           \
        const sw_sv sw_line_pieces[] = {__VA_ARGS__};                                              \
        sw_pieces((w), sw_line_pieces, sizeof sw_line_pieces / sizeof sw_line_pieces[0], false);   \
    } while (0)

/* SW_SVS(a, b, c): sw_sv_of(a), sw_sv_of(b), sw_sv_of(c), for 1 to 16 arguments. */
#define SW_SVS(...)                                                                                \
    SW_SVS_PICK(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)(__VA_ARGS__)
#define SW_SVS_PICK(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, n, ...) \
    SW_SVS_##n
#define SW_SVS_1(a) sw_sv_of(a)
#define SW_SVS_2(a, ...) sw_sv_of(a), SW_SVS_1(__VA_ARGS__)
#define SW_SVS_3(a, ...) sw_sv_of(a), SW_SVS_2(__VA_ARGS__)
#define SW_SVS_4(a, ...) sw_sv_of(a), SW_SVS_3(__VA_ARGS__)
#define SW_SVS_5(a, ...) sw_sv_of(a), SW_SVS_4(__VA_ARGS__)
#define SW_SVS_6(a, ...) sw_sv_of(a), SW_SVS_5(__VA_ARGS__)
#define SW_SVS_7(a, ...) sw_sv_of(a), SW_SVS_6(__VA_ARGS__)
#define SW_SVS_8(a, ...) sw_sv_of(a), SW_SVS_7(__VA_ARGS__)
#define SW_SVS_9(a, ...) sw_sv_of(a), SW_SVS_8(__VA_ARGS__)
#define SW_SVS_10(a, ...) sw_sv_of(a), SW_SVS_9(__VA_ARGS__)
#define SW_SVS_11(a, ...) sw_sv_of(a), SW_SVS_10(__VA_ARGS__)
#define SW_SVS_12(a, ...) sw_sv_of(a), SW_SVS_11(__VA_ARGS__)
#define SW_SVS_13(a, ...) sw_sv_of(a), SW_SVS_12(__VA_ARGS__)
#define SW_SVS_14(a, ...) sw_sv_of(a), SW_SVS_13(__VA_ARGS__)
#define SW_SVS_15(a, ...) sw_sv_of(a), SW_SVS_14(__VA_ARGS__)
#define SW_SVS_16(a, ...) sw_sv_of(a), SW_SVS_15(__VA_ARGS__)

/* sw_open of pieces: SW_OPEN(w, SW_SV("switch self {")). */
void sw_open_pieces(pc_writer *w, const sw_sv *pieces, size_t count);
#define SW_OPEN(w, ...)                                                                            \
    do {                                                                                           \
        const sw_sv sw_line_pieces[] = {__VA_ARGS__};                                              \
        sw_open_pieces((w), sw_line_pieces, sizeof sw_line_pieces / sizeof sw_line_pieces[0]);     \
    } while (0)

static inline sw_sv sw_sv_of(const char *text)
{
    sw_sv piece = {text, strlen(text)};
    return piece;
}

static inline void sw_put(pc_writer *w, const char *text)
{
    pc_write_piece(w, text, strlen(text)); /* strlen of a literal is a constant */
}

#endif
