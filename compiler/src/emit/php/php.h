/* The PHP emitter (docs/php.md): PSR-4 folders of PHP 8.2 classes, one per file, plus a small
 * runtime namespace. Internal to compiler/src/emit/php/. */
#ifndef PAYLOADC_EMIT_PHP_H
#define PAYLOADC_EMIT_PHP_H

#include <string.h>

#include "emit.h"
#include "resolve.h"

/* Runtime classes generated code refers to; php_rt() imports them into the file. */
typedef enum php_rt_class {
    PHP_RT_ABSENT,
    PHP_RT_API_EXCEPTION,
    PHP_RT_CHECK,
    PHP_RT_DECODE,
    PHP_RT_DECODE_EXCEPTION,
    PHP_RT_ENCODE,
    PHP_RT_ENCODE_EXCEPTION,
    PHP_RT_HTTP,
    PHP_RT_HTTP_EXCEPTION,
    PHP_RT_JSON,
    PHP_RT_LOCAL_DATE,
    PHP_RT_OFFSET_DATE_TIME,
    PHP_RT_RESPONSE,
    PHP_RT_STRUCT,
    PHP_RT_VALIDATION_EXCEPTION,
    PHP_RT_VARIANT,
    PHP_RT_VIOLATION,
    PHP_RT_COUNT
} php_rt_class;

/* One file of the runtime, embedded by runtime_php.c (generated from runtime/ by
 * gen_runtime.py): the lines after its `namespace` line. */
typedef struct php_runtime_file {
    const char *class_name;
    const char *const *lines;
    uint32_t line_count;
} php_runtime_file;

extern const php_runtime_file php_runtime_files[];
extern const uint32_t php_runtime_file_count;

typedef struct php_package {
    const char *ns;  /* "Mycoach\\Events", without a leading backslash; "" for the global one */
    const char *dir; /* its folder under --out: "Events/", or "" for the root namespace */
    uint8_t rt_taken[PHP_RT_COUNT]; /* per runtime class: 0 not looked up yet, 1 its short
                                       name is free in ns, 2 a class of ns has it */
} php_package;

typedef struct php_decl {
    const char *class_name; /* struct, enum or alias class; union interface; service client */
    const char *codec;      /* unions: the class with fromJson/decode */
    const char *unknown;    /* open unions: the class that keeps an unknown variant */
    const char *fqcn;       /* class_name fully qualified (no leading \\) */
    const char **variants;  /* unions: one class per variant */
    uint32_t package;       /* index into php_gen.packages */
    bool validates;         /* validate() has something to check in values of this type */
    bool recursive;         /* an alias that contains itself (type Tree = list<Tree>): code
                               calls its class rather than inlining its shape */
} php_decl;

typedef struct php_import {
    const char *ns, *name; /* as given to php_class_ref (stable pointers: compared first) */
    const char *fqcn;      /* without a leading backslash; NULL when not imported */
    const char *written;   /* what references write: the short name or \fqcn */
} php_import;

enum { PHP_TEXT_BLOCK = 64 * 1024 };

typedef struct php_gen {
    pc_emit_context *ctx;
    const pc_schema *schema;
    pl_arena *arena;        /* what lives as long as the generator: names, the class map */
    pl_arena *file_arena;   /* what one file needs while it is written; emptied after each */
    pl_arena *text_arena;   /* where php_text_alloc takes from: arena while naming, then
                               file_arena */
    const char *root_ns;    /* the PSR-4 prefix; "" when the packages share no prefix */
    const char *runtime_ns; /* root_ns + "\\Runtime" (or another free name) */
    const char *runtime_dir;
    php_package *packages;             /* parallel to schema->packages */
    php_decl *decls;                   /* by pc_decl.index */
    pc_map classes;                    /* (namespace, lower-case class name) -> taken */
    pc_writer scratch;                 /* for text built before it is written (doc tags) */
    const char *rt_fqcn[PHP_RT_COUNT]; /* runtime classes' full names */
    char *text_next;                   /* php_text_alloc's current piece */
    size_t text_left;
    char *text_block;          /* PHP_TEXT_BLOCK bytes for each file's text, reused */
    bool text_block_taken;     /* the current file has started it */
    pl_buf spare_body;         /* the last file's body buffer, for the next file */
    php_import *spare_imports; /* likewise its import list */
    uint32_t spare_import_cap;
} php_gen;

/* A PHP file being generated. The class body is written first, into `body`, so that the `use`
 * lines it needs are known when the file is assembled. */
typedef struct php_file {
    php_gen *gen;
    uint32_t package;
    const char *ns;
    const char *path;                   /* relative to --out */
    const char *source_name;            /* the .payload file it comes from, for the header */
    const char *var_suffix;             /* appended to generated local variables; NULL for none */
    const char *rt_names[PHP_RT_COUNT]; /* php_rt() answers, once resolved */
    pc_writer body;
    php_import *imports;
    uint32_t import_count, import_cap;
} php_file;

/* naming.c */
bool php_naming(php_gen *g);
/* lowerCamel for properties, parameters and methods; `this` becomes `this_`. */
const char *php_member_name(php_gen *g, pc_str name);
/* UpperCamel for enum cases; `class` becomes `Class_`. */
const char *php_case_name(php_gen *g, pc_str name);
bool php_is_reserved_class_name(const char *name, size_t length);
/* Memory for text from g->text_arena (NULL when out of memory). */
char *php_text_alloc(php_gen *g, size_t size);
const char *php_strdup(php_gen *g, const char *text, size_t length);
const char *php_printf(php_gen *g, const char *format, ...) PC_PRINTF(2, 3);
/* The pieces (up to a NULL) joined, in the arena: php_printf without the formatting cost. */
const char *php_cat(php_gen *g, ...);
/* The decimal digits of value, written into out; returns where they start. */
const char *php_uint(char out[24], uint64_t value);
/* Likewise for a signed value. */
const char *php_int(char out[24], int64_t value);
/* The package index of a declaration's file. */
uint32_t php_package_of(const php_gen *g, const pc_decl *decl);

/* file.c */
void php_file_begin(php_file *f, php_gen *g, uint32_t package, const char *class_name,
                    const pc_decl *decl);
/* Writes the file (header, namespace, imports, body) into the output set. */
void php_file_end(php_file *f);
/* The name to write for a class: short when it is in the file's namespace or imported, fully
 * qualified (leading backslash) when its short name is taken. */
const char *php_class_ref(php_file *f, const char *ns, const char *name);
const char *php_rt(php_file *f, php_rt_class which);
/* The short name of a runtime class. */
const char *php_runtime_class_name(php_rt_class which);
/* References to the classes of a declaration. */
const char *php_decl_ref(php_file *f, const pc_decl *decl);
const char *php_codec_ref(php_file *f, const pc_decl *decl);
/* A doc block from a doc comment, a deprecation and extra tag lines ("@param int $x");
 * nothing when all are empty. */
void php_write_docblock(pc_writer *w, const char *doc, const pc_meta *meta, const char *const *tags,
                        uint32_t tag_count);
/* Writing without a format string: most generated text is constant or a concatenation, and
 * printf-style formatting was most of the emitter's time on large schemas. php_puts writes its
 * pieces one by one inline, so that a literal's length is a constant and its copy a few moves
 * (a varargs loop measured and copied every piece through the C library); php_putsl ends the
 * line. php_open and php_close are pc_open and pc_close without a format. */

static inline PC_ALWAYS_INLINE void php_put_n(pc_writer *w, const char *text, size_t length)
{
    pc_start_line(w);
    pc_write_piece(w, text, length);
}
static inline PC_ALWAYS_INLINE void php_put(pc_writer *w, const char *text)
{
    php_put_n(w, text, strlen(text)); /* strlen folds for literals */
}
static inline PC_ALWAYS_INLINE void php_putl(pc_writer *w, const char *text)
{
    php_put(w, text);
    pc_end_line(w);
}

#define PHP_PUT_1(w, a) php_put(w, a);
#define PHP_PUT_2(w, a, ...)                                                                       \
    php_put(w, a);                                                                                 \
    PHP_PUT_1(w, __VA_ARGS__)
#define PHP_PUT_3(w, a, ...)                                                                       \
    php_put(w, a);                                                                                 \
    PHP_PUT_2(w, __VA_ARGS__)
#define PHP_PUT_4(w, a, ...)                                                                       \
    php_put(w, a);                                                                                 \
    PHP_PUT_3(w, __VA_ARGS__)
#define PHP_PUT_5(w, a, ...)                                                                       \
    php_put(w, a);                                                                                 \
    PHP_PUT_4(w, __VA_ARGS__)
#define PHP_PUT_6(w, a, ...)                                                                       \
    php_put(w, a);                                                                                 \
    PHP_PUT_5(w, __VA_ARGS__)
#define PHP_PUT_7(w, a, ...)                                                                       \
    php_put(w, a);                                                                                 \
    PHP_PUT_6(w, __VA_ARGS__)
#define PHP_PUT_8(w, a, ...)                                                                       \
    php_put(w, a);                                                                                 \
    PHP_PUT_7(w, __VA_ARGS__)
#define PHP_PUT_9(w, a, ...)                                                                       \
    php_put(w, a);                                                                                 \
    PHP_PUT_8(w, __VA_ARGS__)
#define PHP_PUT_10(w, a, ...)                                                                      \
    php_put(w, a);                                                                                 \
    PHP_PUT_9(w, __VA_ARGS__)
#define PHP_PUT_11(w, a, ...)                                                                      \
    php_put(w, a);                                                                                 \
    PHP_PUT_10(w, __VA_ARGS__)
#define PHP_PUT_12(w, a, ...)                                                                      \
    php_put(w, a);                                                                                 \
    PHP_PUT_11(w, __VA_ARGS__)
#define PHP_PUT_13(w, a, ...)                                                                      \
    php_put(w, a);                                                                                 \
    PHP_PUT_12(w, __VA_ARGS__)
#define PHP_PUT_14(w, a, ...)                                                                      \
    php_put(w, a);                                                                                 \
    PHP_PUT_13(w, __VA_ARGS__)
#define PHP_PUT_15(w, a, ...)                                                                      \
    php_put(w, a);                                                                                 \
    PHP_PUT_14(w, __VA_ARGS__)
#define PHP_PUT_16(w, a, ...)                                                                      \
    php_put(w, a);                                                                                 \
    PHP_PUT_15(w, __VA_ARGS__)
#define PHP_COUNT_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, n, ...) n
#define PHP_COUNT(...)                                                                             \
    PHP_COUNT_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define PHP_JOIN_(a, b) a##b
#define PHP_JOIN(a, b) PHP_JOIN_(a, b)
/* php_puts(w, "a", name, "b"): up to 16 pieces, evaluated and written in order. */
#define php_puts(w, ...)                                                                           \
    do {                                                                                           \
        pc_writer *php_w_ = (w);                                                                   \
        PHP_JOIN(PHP_PUT_, PHP_COUNT(__VA_ARGS__))(php_w_, __VA_ARGS__)                            \
    } while (0)
#define php_putsl(w, ...)                                                                          \
    do {                                                                                           \
        pc_writer *php_w_ = (w);                                                                   \
        PHP_JOIN(PHP_PUT_, PHP_COUNT(__VA_ARGS__))(php_w_, __VA_ARGS__) pc_end_line(php_w_);       \
    } while (0)
void php_open(pc_writer *w, const char *text);
void php_close(pc_writer *w, const char *text);
/* Text built in g->scratch, copied into the arena; the scratch is emptied. */
const char *php_scratch_take(php_gen *g);

/* types.c */
typedef enum php_slot {
    PHP_SLOT_VALUE,    /* the type as it is (nullable when the type is) */
    PHP_SLOT_OPTIONAL, /* may also be null for "absent" */
    PHP_SLOT_ABSENT    /* absent (Absent::Value), null or a value */
} php_slot;

/* The declared PHP type: int, ?Player, Sport|string|null, array, mixed... */
void php_write_type(php_file *f, pc_writer *w, const pc_type *type, php_slot slot);
/* The PHPDoc type: list<Player>, array<string, int|null>... */
void php_write_doc_type(php_file *f, pc_writer *w, const pc_type *type, php_slot slot);
/* Whether the PHPDoc type says more than the declared one (arrays). */
bool php_type_needs_doc(const pc_type *type);
/* Decoding expression of `in` (an expression that may be evaluated twice). */
void php_write_decode(php_file *f, pc_writer *w, const pc_type *type, const char *in,
                      const char *path, const char *strict, int depth);
/* Encoding expression: the JSON-ready PHP value (stdClass for objects) of `in`. */
void php_write_encode(php_file *f, pc_writer *w, const pc_type *type, const char *in, int depth);
/* Statements appending Violations of `in` (own constraints, then the type's) to $out_var. */
void php_write_validate(php_file *f, pc_writer *w, const pc_type *type, const pc_constraints *own,
                        const char *in, const char *path, const char *out_var, int depth);
bool php_type_validates(const php_gen *g, const pc_type *type);
bool php_constraints_any(const pc_constraints *c);
void php_compute_validates(php_gen *g);
void php_compute_recursive(php_gen *g);
/* A constant expression for a default value. */
void php_write_default(php_file *f, pc_writer *w, const pc_type *type, const pc_value *value);
/* A PHP string literal of arbitrary bytes. */
void php_write_string(pc_writer *w, const char *text, size_t length);
/* A '...' literal of a JSON Pointer step appended to a path: '/first~1name'. */
void php_write_path_step(pc_writer *w, pc_str key);
/* The I-Regexp as an anchored PCRE literal for preg_match. */
void php_write_pattern(pc_writer *w, pc_str pattern);

/* structs.c */
php_slot php_field_slot(const pc_field *field);
/* The docblock and signature of validateInto() (validate() is the runtime traits'); the caller
 * writes the body. */
void php_write_validate_into(php_file *f, pc_writer *w);

/* structs.c, decls.c (enums, unions, aliases), client.c */
void php_emit_struct(php_gen *g, const pc_decl *decl);
void php_emit_enum(php_gen *g, const pc_decl *decl);
void php_emit_union(php_gen *g, const pc_decl *decl);
void php_emit_alias(php_gen *g, const pc_decl *decl);
void php_emit_client(php_gen *g, const pc_decl *decl);

#endif
