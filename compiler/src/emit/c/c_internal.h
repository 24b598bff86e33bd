/* The C emitter's shared model (docs/c.md). One c_gen per `payloadc gen --lang c` run: names,
 * the by-value embedding analysis, composite types, and per-package file writers. */
#ifndef PAYLOADC_EMIT_C_INTERNAL_H
#define PAYLOADC_EMIT_C_INTERNAL_H

#include "emit.h"

typedef struct c_package c_package;

/* A list or map type, named after its element: pl_int64_list, mycoach_common_Location_map. Its
 * definition is guarded by NAME_DEFINED, so every header that needs it may define it and the
 * packages share one C type. */
typedef struct c_composite {
    const char *name;
    const char *guard;
    bool is_map;
    bool nullable;          /* elements may be null: a parallel is_null array */
    const pc_type *element; /* the type of the elements held (without the null flag) */
    uint32_t id;            /* registry index */
} c_composite;

/* A struct field (or nothing else: route parameters are not emitted yet). */
typedef struct c_field {
    const pc_field *field;
    const char *member;   /* C member name, escaped */
    const char *has;      /* presence flag (optional fields), else NULL */
    const char *is_null;  /* null flag (T? of a type that is not nullable itself), else NULL */
    const pc_type *value; /* the type of the value held */
    bool pointer;         /* held through a pointer: the embedding would be recursive */
    bool required;        /* the key must be present */
    uint32_t seen_bit;    /* among the required fields */
    /* Made once, used by the reader, the writer and the validator: */
    const char *wire_literal; /* the key as a C string literal: "startsAt" */
    const char *key_literal;  /* the key as written after a member: ",\"startsAt\":" */
    size_t key_length;        /* the bytes of key_literal's text */
} c_field;

typedef struct c_decl {
    const pc_decl *decl;
    c_package *package;
    const char *name;     /* the typedef: mycoach_events_Training */
    const char *upper;    /* MYCOACH_EVENTS_TRAINING, the stem of constants */
    uint32_t scc;         /* strongly connected component of the by-value embedding graph */
    bool wrapper;         /* an alias of T? (T not nullable): struct { bool is_null; T value; } */
    bool wrapper_pointer; /* the wrapper holds its value through a pointer */
    bool validates;       /* validation can fail somewhere inside */
    /* enums: */
    const char *enum_type;      /* the C enum (the typedef itself when closed) */
    const char **member_consts; /* per member */
    const char *unknown_const;  /* open enums and open unions */
    /* unions: */
    const char *tag_type;
    const char **variant_consts;
    const char **variant_members;
    bool *variant_pointer;
    /* structs: */
    c_field *fields;
    uint32_t required_count;
    /* header emission state */
    int completed;
} c_decl;

struct c_package {
    const pc_package *package;
    const char *prefix;    /* mycoach_events_ */
    const char *upper;     /* MYCOACH_EVENTS_ */
    const char *stem;      /* mycoach_events: the file names */
    const pc_decl **decls; /* structs, enums, unions, aliases in file order */
    uint32_t decl_count;
    bool *needs; /* per package index: this header includes that one */
    uint32_t index;
    uint32_t order; /* topological position (dependencies first) */
};

/* What a global identifier names, for the collision message: owner when set, else
 * before + quoted + after + the label of decl ("struct 'a.B'"). Made into text only for a
 * collision (there are tens of thousands of names and almost never one). */
typedef struct c_owner {
    const char *owner;
    const char *before;
    pc_str quoted;
    const char *after;
    const pc_decl *decl;
} c_owner;

typedef struct c_name {
    const char *text;
    uint64_t hash;
    c_owner owner;
} c_name;

typedef struct c_gen {
    pc_emit_context *ctx;
    const pc_schema *schema;
    /* Where c_fmt and the other name functions allocate: the model arena while the model is
     * built, the scratch arena while files are written (reset between declarations, so that the
     * expressions formatted for one function do not stay in memory until the end). */
    pl_arena *arena;
    pl_arena *model;   /* the names and tables of the model: live until the end */
    pl_arena *scratch; /* temporaries of the writing phase */
    c_decl *decls;     /* by pc_decl.index; NULL entries for services */
    c_package *packages;
    uint32_t package_count;
    c_composite **composites;
    uint32_t composite_count, composite_cap;
    uint32_t *composite_index; /* by name hash: id + 1, 0 when empty */
    uint32_t composite_index_cap;
    /* Composites by the address of the list or map type node (most lookups are of types met
     * before): open addressing, NULL keys empty. */
    const pc_type **type_keys;
    c_composite **type_values;
    uint32_t type_cap, type_count;
    c_name *names;        /* global identifiers, in registration order (malloc) */
    uint32_t *name_slots; /* open addressing: index in names + 1, 0 when empty (malloc) */
    uint32_t name_cap, name_count;
    struct c_route_gen *routes; /* server.c: the request/response declarations of routes */
    uint32_t route_count;
    c_composite fallback; /* returned when memory runs out (with failed set) */
    bool failed;
} c_gen;

/* A constant line, written without printf (generation time is mostly formatting). */
static inline void c_text(pc_writer *w, const char *text)
{
    pc_write_str(w, pc_str_from_cstr(text));
    pc_newline(w);
}

/* ---- naming.c ---- */

char *c_strdup(c_gen *g, const char *text);
char *c_fmt(c_gen *g, const char *format, ...) PC_PRINTF(2, 3);
char *c_strn(c_gen *g, pc_str text);
/* A struct member, union member or local-ish name from a schema name: C and C++ keywords,
 * names of standard macros and names that start with '_' are escaped (see docs/c.md). */
char *c_member_name(c_gen *g, pc_str name);
/* EventStatus -> EVENT_STATUS, in_progress -> IN_PROGRESS. */
char *c_upper_snake(c_gen *g, const char *text, size_t len);
/* A C string literal (with quotes) holding exactly these bytes. */
char *c_literal(c_gen *g, const char *bytes, size_t len);
/* The C string literal of the JSON text `,"wire":` (a member key after a comma); *len gets
 * the length of that JSON text. */
char *c_key_literal(c_gen *g, pc_str wire, size_t *len);
/* The canonical JSON string (with quotes) for these UTF-8 bytes. */
char *c_json_string(c_gen *g, const char *bytes, size_t len);
/* A wire name as a JSON string that is safe inside a C comment. */
char *c_comment_text(c_gen *g, pc_str wire);
/* Writes one line of a doc comment with comment delimiters neutralised. */
void c_doc_escape(pc_writer *w, const char *line, size_t length);
/* A doc comment before a declaration or member (nothing when doc is NULL). */
void c_write_doc(pc_writer *w, const char *doc);
/* A line (a prototype or a signature) broken after commas to fit 100 columns, continuation
 * lines aligned after the first parenthesis. */
void c_wrap_line(pc_writer *w, const char *text);
/* c_wrap_line of a formatted line (formatted on the stack, not in the arena). */
void c_wrap_linef(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
/* Registers a global identifier; reports a collision with an earlier one (false). */
bool c_register_name(c_gen *g, const char *text, const char *owner);
bool c_register_owned(c_gen *g, const char *text, const c_owner *owner);
/* a + b in the arena. */
const char *c_concat(c_gen *g, const char *a, const char *b);

/* The address of an lvalue: "&x.y", or "p" for "(*p)". */
const char *c_addr(c_gen *g, const char *lv);
/* The member access prefix of an lvalue: "x." , or "p->" for "(*p)". */
const char *c_dot(c_gen *g, const char *lv);
/* The same in pieces, for formats that write them straight out (no copy in the arena):
 * address = amp + text[0..len), member prefix = text[0..len) + arrow. */
typedef struct c_lvalue {
    const char *amp;   /* "&" or "" */
    const char *arrow; /* "." or "->" */
    const char *text;
    int len;
} c_lvalue;
c_lvalue c_lvalue_of(const char *lv);

/* ---- model.c ---- */

bool c_model_build(c_gen *g);
c_decl *c_info(c_gen *g, const pc_decl *decl);
/* The type of the values held for t and whether a separate null flag carries null. */
const pc_type *c_strip_nullable(const pc_type *t, bool *flag);
/* The C type of a value of t (t without a flagged `?`). */
const char *c_ctype(c_gen *g, const pc_type *t);
/* The composite of a list or map type (registered on first use). */
c_composite *c_composite_of(c_gen *g, const pc_type *t);
/* Does validating a value of t check anything? */
bool c_type_validates(c_gen *g, const pc_type *t);
/* The C declaration name of a primitive's value type and its stem for composite names. */
const char *c_primitive_ctype(pc_primitive p);
/* Is the annotation constraint set empty (nothing to check)? */
bool c_constraints_empty(const pc_constraints *c);

/* Frees the temporaries of the writing phase; nothing formatted before may be used after. */
void c_scratch_reset(c_gen *g);

/* ---- header.c / source.c ---- */

void c_emit_header(c_gen *g, c_package *p, pc_writer *w);
void c_emit_source(c_gen *g, c_package *p, pc_writer *w);

/* ---- server.c (docs/server.md) ---- */

typedef struct c_route_gen {
    const pc_route *route;
    pc_decl *request;  /* a struct of the route's parameters */
    pc_decl *response; /* an alias of the response type, NULL for 204 */
} c_route_gen;

/* Adds a request struct and a response alias per route to a copy of the schema. */
bool c_server_prepare(c_gen *g, pc_schema *shadow);
uint32_t c_server_decl_count(c_gen *g, const pc_package *package);
void c_server_append_decls(c_gen *g, c_package *p);
void c_server_needs(c_gen *g);
void c_emit_server_header(c_gen *g, c_package *p, pc_writer *w);
void c_emit_server_source(c_gen *g, c_package *p, pc_writer *w);

/* The files a package was read from, for the banner. */
void c_write_banner(c_gen *g, c_package *p, pc_writer *w);

#endif
