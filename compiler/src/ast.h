/* The abstract syntax tree of .payload files, as the parser builds it and the resolver
 * completes it. One arena per compilation (pc_schema) owns every node; names point into the
 * source text, which the schema keeps alive. Nodes are a kind tag plus a union. */
#ifndef PAYLOADC_AST_H
#define PAYLOADC_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"

typedef struct pc_str {
    const char *ptr;
    uint32_t len;
} pc_str;

/* One loaded file. */
typedef struct pc_source {
    const char *path; /* as opened (relative paths stay relative) */
    const char *text; /* the file's bytes, NUL-terminated for convenience */
    uint32_t len;
    uint32_t index; /* load order; diagnostics sort by it */
} pc_source;

/* A place in a source: the first byte of a construct and how many bytes it spans. */
typedef struct pc_loc {
    const pc_source *source; /* NULL: no location */
    uint32_t offset, length;
    uint32_t line, column; /* 1-based; the column counts Unicode code points */
} pc_loc;

typedef struct pc_decl pc_decl;
typedef struct pc_file pc_file;
typedef struct pc_package pc_package;
typedef struct pc_type pc_type;
typedef struct pc_value pc_value;
typedef struct pc_member pc_member;

/* A dotted name as written; `text` is contiguous ("a.b.C") even when the source had spaces. */
typedef struct pc_qname {
    pc_str text;
    pc_loc loc;
    uint32_t dots; /* 0 for a simple name */
} pc_qname;

/* ---- values (defaults and annotation arguments) ---- */

typedef enum pc_value_kind {
    PC_VALUE_STRING,
    PC_VALUE_INT,
    PC_VALUE_FLOAT,
    PC_VALUE_TRUE,
    PC_VALUE_FALSE,
    PC_VALUE_NULL,
    PC_VALUE_EMPTY_LIST,
    PC_VALUE_EMPTY_MAP,
    PC_VALUE_NAME /* an enum member, for defaults */
} pc_value_kind;

struct pc_value {
    pc_value_kind kind;
    pc_loc loc;
    pc_str raw; /* the literal exactly as written */
    union {
        pc_str string; /* decoded text (escapes applied) */
        struct {
            int64_t value;
            bool overflow; /* did not fit in int64 */
        } integer;
        double number;
        pc_qname name;
    } as;
    const pc_member *member; /* PC_VALUE_NAME after resolution */
};

/* ---- annotations ---- */

typedef enum pc_annotation_kind {
    PC_ANNOTATION_UNKNOWN,
    PC_ANNOTATION_DEPRECATED,
    PC_ANNOTATION_WIRE,
    PC_ANNOTATION_MIN,
    PC_ANNOTATION_MAX,
    PC_ANNOTATION_MIN_LENGTH,
    PC_ANNOTATION_MAX_LENGTH,
    PC_ANNOTATION_MIN_ITEMS,
    PC_ANNOTATION_MAX_ITEMS,
    PC_ANNOTATION_PATTERN,
    PC_ANNOTATION_STATUS
} pc_annotation_kind;

typedef struct pc_annotation {
    pc_annotation_kind kind; /* set by the resolver */
    pc_str name;
    pc_loc loc; /* from '@' to the closing ')' */
    pc_value **args;
    uint32_t arg_count;
} pc_annotation;

/* What every documented, annotated node carries. */
typedef struct pc_meta {
    const char *doc; /* the `///` lines joined with '\n', prefix stripped; NULL if none */
    pc_annotation **annotations;
    uint32_t annotation_count;
    bool deprecated;
    pc_str deprecated_reason; /* empty when @deprecated had no argument */
} pc_meta;

/* Constraints from annotations, in effect on a field, parameter or alias. */
typedef struct pc_constraints {
    const pc_value *min, *max; /* numbers; NULL when absent */
    bool has_min_length, has_max_length, has_min_items, has_max_items;
    uint64_t min_length, max_length, min_items, max_items;
    const pc_value *pattern; /* a string value; NULL when absent */
} pc_constraints;

/* ---- types ---- */

typedef enum pc_primitive {
    PC_PRIM_BOOL,
    PC_PRIM_INT32,
    PC_PRIM_INT64,
    PC_PRIM_FLOAT64,
    PC_PRIM_STRING,
    PC_PRIM_BYTES,
    PC_PRIM_DATE,
    PC_PRIM_DATETIME,
    PC_PRIM_UUID,
    PC_PRIM_DECIMAL,
    PC_PRIM_JSON,
    PC_PRIM_COUNT
} pc_primitive;

typedef enum pc_type_kind {
    PC_TYPE_UNRESOLVED, /* as parsed, or a name the resolver could not resolve */
    PC_TYPE_PRIMITIVE,
    PC_TYPE_LIST,     /* as.element */
    PC_TYPE_MAP,      /* as.element is the value type; keys are strings */
    PC_TYPE_NULLABLE, /* as.element is the inner type */
    PC_TYPE_NAMED     /* as.decl: a struct, enum, union or alias */
} pc_type_kind;

struct pc_type {
    pc_type_kind kind;
    pc_loc loc;
    pc_qname written; /* the name as written; empty for T? */
    pc_type **args;   /* type arguments as written: list<T>, map<K, V> */
    uint32_t arg_count;
    union {
        pc_primitive primitive;
        pc_type *element;
        pc_decl *decl;
    } as;
};

/* ---- declarations ---- */

/* A struct field or a route parameter: the two share their shape. */
typedef struct pc_field {
    pc_meta meta;
    pc_str name;
    pc_loc loc; /* the name */
    bool optional;
    pc_type *type;
    pc_value *default_value; /* NULL when none */
    pc_str wire;             /* JSON key: @wire or the name */
    pc_constraints constraints;
    pc_decl *owner; /* the struct, or the service of a parameter's route */
} pc_field;

struct pc_member {
    pc_meta meta;
    pc_str name;
    pc_loc loc;
    pc_str wire;
};

typedef struct pc_variant {
    pc_meta meta;
    pc_str name;
    pc_loc loc;
    pc_type *target; /* resolves to a struct */
    pc_str wire;
} pc_variant;

typedef enum pc_method {
    PC_METHOD_UNKNOWN,
    PC_METHOD_GET,
    PC_METHOD_POST,
    PC_METHOD_PUT,
    PC_METHOD_PATCH,
    PC_METHOD_DELETE
} pc_method;

typedef struct pc_segment {
    bool is_param;
    pc_str text;           /* a literal segment, or the parameter's name */
    const pc_field *param; /* for {name} after resolution */
} pc_segment;

typedef enum pc_param_role { PC_PARAM_QUERY, PC_PARAM_PATH, PC_PARAM_BODY } pc_param_role;

typedef struct pc_route {
    pc_meta meta;
    pc_str name;
    pc_loc loc;
    pc_str method_text;
    pc_loc method_loc;
    pc_method method;
    pc_str path; /* decoded path template */
    pc_loc path_loc;
    pc_field **params;
    pc_param_role *param_roles; /* parallel to params, set by the resolver */
    uint32_t param_count;
    pc_type *response; /* NULL: 204 No Content */
    pc_type **throws;
    uint32_t throw_count;
    pc_decl *service;
    /* set by the resolver */
    pc_segment *segments;
    uint32_t segment_count;
    const char *shape; /* the path with parameter names removed: "/events/{}" */
    const pc_field *body;
} pc_route;

typedef enum pc_decl_kind {
    PC_DECL_STRUCT,
    PC_DECL_ENUM,
    PC_DECL_UNION,
    PC_DECL_ALIAS,
    PC_DECL_SERVICE
} pc_decl_kind;

/* Which way routes carry a type (language.md §9). */
typedef enum pc_direction {
    PC_DIR_NONE = 0,
    PC_DIR_IN = 1,
    PC_DIR_OUT = 2,
    PC_DIR_BOTH = 3
} pc_direction;

struct pc_decl {
    pc_decl_kind kind;
    pc_meta meta;
    pc_str name;
    pc_loc loc; /* the name */
    pc_file *file;
    const char *qualified_name; /* "mycoach.events.Match"; set when the file is attached */
    pc_direction direction;     /* as reached by routes; PC_DIR_NONE when unreached */
    uint32_t index;             /* position in pc_schema.decls */
    union {
        struct {
            pc_field **fields;
            uint32_t field_count;
            int status; /* @status, 0 when none */
        } struct_;
        struct {
            bool open;
            pc_member **members;
            uint32_t member_count;
        } enum_;
        struct {
            bool open;
            pc_str discriminator; /* "type" unless given */
            pc_loc discriminator_loc;
            pc_variant **variants;
            uint32_t variant_count;
        } union_;
        struct {
            pc_type *target;
            pc_constraints constraints;
        } alias;
        struct {
            pc_route **routes;
            uint32_t route_count;
        } service;
    } as;
};

typedef struct pc_import {
    pc_str path; /* decoded, as written */
    pc_loc loc;
    pc_file *file; /* NULL when it could not be loaded */
} pc_import;

struct pc_file {
    const pc_source *source;
    pc_qname package_name; /* empty when the file has none (an error) */
    pc_package *package;
    pc_import **imports;
    uint32_t import_count;
    pc_decl **decls;
    uint32_t decl_count;
    bool has_syntax_errors;
    bool root; /* given by the user rather than reached through an import */
};

struct pc_package {
    pc_str name;
    pc_file **files;
    uint32_t file_count;
};

/* ---- helpers over resolved trees ---- */

const char *pc_primitive_name(pc_primitive prim);
bool pc_primitive_from_name(pc_str name, pc_primitive *out);
const char *pc_method_name(pc_method method);
const char *pc_decl_kind_name(pc_decl_kind kind);
/* "a struct", "an enum", "an alias", ... */
const char *pc_decl_kind_with_article(pc_decl_kind kind);
const char *pc_direction_name(pc_direction direction);

/* Follows aliases (and, with through_nullable, T?) to the type that gives the JSON shape. */
const pc_type *pc_type_unalias(const pc_type *type, bool through_nullable);
/* Does the type, through aliases, admit null? */
bool pc_type_is_nullable(const pc_type *type);
/* A primitive but bytes and json, an enum, or an alias of one of those (language.md §4). */
bool pc_type_is_scalar(const pc_type *type);
/* A number literal's value as a double. */
double pc_value_number(const pc_value *value);
/* Compares two number literals exactly when both are integers (int64 bounds beyond 2^53),
 * as doubles otherwise: <0, 0, >0. */
int pc_value_compare(const pc_value *a, const pc_value *b);
/* The effective direction: a type no route reaches counts as both. */
pc_direction pc_decl_direction(const pc_decl *decl);

/* Length of the valid UTF-8 sequence at text[at] (RFC 3629), or 0 when it is not one. */
uint32_t pc_utf8_sequence_length(const unsigned char *text, uint32_t at, uint32_t length);

bool pc_str_eq(pc_str a, pc_str b);
bool pc_str_eq_cstr(pc_str a, const char *b);
pc_str pc_str_from_cstr(const char *text);
/* a, b and c joined into one NUL-terminated copy in arena (emitters build names this way);
 * NULL without memory. */
char *pc_arena_join(pl_arena *arena, const char *a, const char *b, const char *c);

#endif
