/* How schema types become PHP: declared types, PHPDoc types, and the decode, encode and
 * validate code of a value, as expressions or statements over an input expression. Aliases are
 * looked through for the shape (PHP has no type aliases); their constraints are checked by
 * calling the alias class's validateInto(). */
#include "php.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The type that gives the shape: no alias, no `?`. */
static const pc_type *base_of(const pc_type *type)
{
    return pc_type_unalias(type, true);
}

static bool is_prim(const pc_type *base, pc_primitive prim)
{
    return base->kind == PC_TYPE_PRIMITIVE && base->as.primitive == prim;
}

static bool is_json(const pc_type *type)
{
    return is_prim(base_of(type), PC_PRIM_JSON);
}

static bool is_open_enum(const pc_type *base)
{
    return base->kind == PC_TYPE_NAMED && base->as.decl->kind == PC_DECL_ENUM &&
           base->as.decl->as.enum_.open;
}

static bool recursive_alias(const php_gen *g, const pc_type *type)
{
    return type->kind == PC_TYPE_NAMED && type->as.decl->kind == PC_DECL_ALIAS &&
           g->decls[type->as.decl->index].recursive;
}

/* Whether `type` reaches the alias `self` through lists, maps, `?` and other aliases. */
static bool reaches(const pc_type *type, const pc_decl *self, int depth)
{
    if (!type || depth > 200)
        return false;
    switch (type->kind) {
    case PC_TYPE_NULLABLE:
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        return reaches(type->as.element, self, depth + 1);
    case PC_TYPE_NAMED:
        if (type->as.decl == self)
            return true;
        return type->as.decl->kind == PC_DECL_ALIAS &&
               reaches(type->as.decl->as.alias.target, self, depth + 1);
    default:
        return false;
    }
}

void php_compute_recursive(php_gen *g)
{
    for (uint32_t i = 0; i < g->schema->decl_count; i++) {
        const pc_decl *decl = g->schema->decls[i];
        if (decl->kind == PC_DECL_ALIAS)
            g->decls[decl->index].recursive = reaches(decl->as.alias.target, decl, 0);
    }
}

/* ---- declared and documented types ---- */

static const char *const primitive_types[PC_PRIM_COUNT] = {
    [PC_PRIM_BOOL] = "bool",      [PC_PRIM_INT32] = "int",     [PC_PRIM_INT64] = "int",
    [PC_PRIM_FLOAT64] = "float",  [PC_PRIM_STRING] = "string", [PC_PRIM_BYTES] = "string",
    [PC_PRIM_DATE] = NULL,        [PC_PRIM_DATETIME] = NULL,   [PC_PRIM_UUID] = "string",
    [PC_PRIM_DECIMAL] = "string", [PC_PRIM_JSON] = "mixed",
};

/* Writes the non-null type; returns whether it is a union of several PHP types. */
static bool write_core(php_file *f, pc_writer *w, const pc_type *base, bool doc)
{
    switch (base->kind) {
    case PC_TYPE_PRIMITIVE:
        if (base->as.primitive == PC_PRIM_DATE)
            php_put(w, php_rt(f, PHP_RT_LOCAL_DATE));
        else if (base->as.primitive == PC_PRIM_DATETIME)
            php_put(w, php_rt(f, PHP_RT_OFFSET_DATE_TIME));
        else
            php_put(w, primitive_types[base->as.primitive]);
        return false;
    case PC_TYPE_LIST:
        if (!doc) {
            php_put(w, "array");
            return false;
        }
        php_put(w, "list<");
        php_write_doc_type(f, w, base->as.element, PHP_SLOT_VALUE);
        php_put(w, ">");
        return false;
    case PC_TYPE_MAP:
        if (!doc) {
            php_put(w, "array");
            return false;
        }
        php_put(w, "array<string, ");
        php_write_doc_type(f, w, base->as.element, PHP_SLOT_VALUE);
        php_put(w, ">");
        return false;
    case PC_TYPE_NAMED:
        php_put(w, php_decl_ref(f, base->as.decl));
        if (is_open_enum(base)) {
            php_put(w, "|string");
            return true;
        }
        return false;
    default:
        php_put(w, "mixed");
        return false;
    }
}

static void write_type(php_file *f, pc_writer *w, const pc_type *type, php_slot slot, bool doc)
{
    const pc_type *base = base_of(type);
    if (doc && recursive_alias(f->gen, type)) {
        /* PHPDoc has no recursive types: the elements stay mixed. */
        pc_write(w, "%s", base->kind == PC_TYPE_MAP ? "array<string, mixed>" : "list<mixed>");
        if (slot == PHP_SLOT_ABSENT)
            pc_write(w, "|%s|null", php_rt(f, PHP_RT_ABSENT));
        else if (slot != PHP_SLOT_VALUE || pc_type_is_nullable(type))
            php_put(w, "|null");
        return;
    }
    if (is_prim(base, PC_PRIM_JSON)) {
        php_put(w, "mixed");
        return;
    }
    bool nullable = slot != PHP_SLOT_VALUE || pc_type_is_nullable(type);
    bool single = !is_open_enum(base);
    if (nullable && single && slot != PHP_SLOT_ABSENT && !doc)
        php_put(w, "?");
    write_core(f, w, base, doc);
    if (slot == PHP_SLOT_ABSENT)
        php_puts(w, "|", php_rt(f, PHP_RT_ABSENT), "|null");
    else if (nullable && (doc || !single))
        php_put(w, "|null");
}

void php_write_type(php_file *f, pc_writer *w, const pc_type *type, php_slot slot)
{
    write_type(f, w, type, slot, false);
}

void php_write_doc_type(php_file *f, pc_writer *w, const pc_type *type, php_slot slot)
{
    write_type(f, w, type, slot, true);
}

bool php_type_needs_doc(const pc_type *type)
{
    const pc_type *base = base_of(type);
    return base->kind == PC_TYPE_LIST || base->kind == PC_TYPE_MAP;
}

/* ---- decoding ---- */

static const char *const primitive_decoders[PC_PRIM_COUNT] = {
    [PC_PRIM_BOOL] = "bool",       [PC_PRIM_INT32] = "int32",       [PC_PRIM_INT64] = "int64",
    [PC_PRIM_FLOAT64] = "float64", [PC_PRIM_STRING] = "string",     [PC_PRIM_BYTES] = "bytes",
    [PC_PRIM_DATE] = "date",       [PC_PRIM_DATETIME] = "datetime", [PC_PRIM_UUID] = "uuid",
    [PC_PRIM_DECIMAL] = "decimal", [PC_PRIM_JSON] = "json",
};

/* "$" letter number into out (32 bytes): the variables of nested closures, $v1, $p2... */
static void variable(char out[32], char letter, const char *number)
{
    size_t n = strlen(number);
    if (n > 29)
        n = 29;
    out[0] = '$';
    out[1] = letter;
    memcpy(out + 2, number, n);
    out[n + 2] = '\0';
}

/* A callable (mixed $value, string $path, bool $strict) that decodes one element. */
static void write_decoder(php_file *f, pc_writer *w, const pc_type *type, int depth)
{
    const pc_type *base = base_of(type);
    if (recursive_alias(f->gen, type)) {
        php_puts(w, php_decl_ref(f, type->as.decl), "::decode(...)");
        return;
    }
    bool nullable = pc_type_is_nullable(type) && !is_prim(base, PC_PRIM_JSON);
    if (!nullable && base->kind == PC_TYPE_PRIMITIVE) {
        php_puts(w, php_rt(f, PHP_RT_DECODE), "::", primitive_decoders[base->as.primitive],
                 "(...)");
        return;
    }
    if (!nullable && base->kind == PC_TYPE_NAMED) {
        php_puts(w, php_codec_ref(f, base->as.decl), "::decode(...)");
        return;
    }
    char digits[24], in[32], path[32], strict[32];
    const char *number = php_uint(digits, (uint64_t)depth);
    php_puts(w, "static fn (mixed $v", number, ", string $p", number, ", bool $s", number, "): ");
    php_write_type(f, w, type, PHP_SLOT_VALUE);
    php_put(w, " => ");
    variable(in, 'v', number);
    variable(path, 'p', number);
    variable(strict, 's', number);
    php_write_decode(f, w, type, in, path, strict, depth + 1);
}

void php_write_decode(php_file *f, pc_writer *w, const pc_type *type, const char *in,
                      const char *path, const char *strict, int depth)
{
    const pc_type *base = base_of(type);
    if (recursive_alias(f->gen, type)) {
        php_puts(w, php_decl_ref(f, type->as.decl), "::decode(", in, ", ", path, ", ", strict, ")");
        return;
    }
    bool nullable = pc_type_is_nullable(type) && !is_prim(base, PC_PRIM_JSON);
    if (nullable)
        php_puts(w, "(", in, " === null ? null : ");
    switch (base->kind) {
    case PC_TYPE_PRIMITIVE:
        php_puts(w, php_rt(f, PHP_RT_DECODE), "::", primitive_decoders[base->as.primitive], "(", in,
                 ", ", path, ", ", strict, ")");
        break;
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        php_puts(w, php_rt(f, PHP_RT_DECODE), base->kind == PC_TYPE_LIST ? "::listOf(" : "::mapOf(",
                 in, ", ", path, ", ", strict, ", ");
        write_decoder(f, w, base->as.element, depth);
        php_put(w, ")");
        break;
    case PC_TYPE_NAMED:
        php_puts(w, php_codec_ref(f, base->as.decl), "::decode(", in, ", ", path, ", ", strict,
                 ")");
        break;
    default:
        php_put(w, in);
        break;
    }
    if (nullable)
        php_put(w, ")");
}

/* ---- encoding ---- */

static bool encode_is_identity(const pc_type *base)
{
    if (base->kind != PC_TYPE_PRIMITIVE)
        return false;
    switch (base->as.primitive) {
    case PC_PRIM_BYTES:
    case PC_PRIM_DATE:
    case PC_PRIM_DATETIME:
    case PC_PRIM_UUID:
        return false;
    default:
        return true;
    }
}

static void write_encoder(php_file *f, pc_writer *w, const pc_type *type, int depth)
{
    char digits[24], in[32];
    const char *number = php_uint(digits, (uint64_t)depth);
    php_put(w, "static fn (");
    php_write_type(f, w, type, PHP_SLOT_VALUE);
    php_puts(w, " $v", number, "): mixed => ");
    variable(in, 'v', number);
    php_write_encode(f, w, type, in, depth + 1);
}

void php_write_encode(php_file *f, pc_writer *w, const pc_type *type, const char *in, int depth)
{
    const pc_type *base = base_of(type);
    if (recursive_alias(f->gen, type)) {
        php_puts(w, php_decl_ref(f, type->as.decl), "::encode(", in, ")");
        return;
    }
    bool nullable = pc_type_is_nullable(type);
    if (encode_is_identity(base)) {
        php_put(w, in);
        return;
    }
    const char *arrow = nullable ? "?->" : "->";
    switch (base->kind) {
    case PC_TYPE_PRIMITIVE:
        if (base->as.primitive == PC_PRIM_DATE || base->as.primitive == PC_PRIM_DATETIME) {
            php_puts(w, in, arrow, "toString()");
            return;
        }
        if (nullable)
            php_puts(w, "(", in, " === null ? null : ");
        php_puts(w, base->as.primitive == PC_PRIM_UUID ? "\\strtolower(" : "\\base64_encode(", in,
                 ")");
        break;
    case PC_TYPE_NAMED: {
        const pc_decl *decl = base->as.decl;
        if (decl->kind == PC_DECL_ENUM && !decl->as.enum_.open) {
            php_puts(w, in, arrow, "value");
            return;
        }
        if (decl->kind != PC_DECL_ENUM) {
            php_puts(w, in, arrow, "jsonSerialize()");
            return;
        }
        if (nullable)
            php_puts(w, "(", in, " === null ? null : ");
        php_puts(w, php_decl_ref(f, decl), "::encode(", in, ")");
        break;
    }
    case PC_TYPE_LIST:
    case PC_TYPE_MAP: {
        if (nullable)
            php_puts(w, "(", in, " === null ? null : ");
        php_puts(w, php_rt(f, PHP_RT_ENCODE), base->kind == PC_TYPE_LIST ? "::list(" : "::map(",
                 in);
        const pc_type *element = base->as.element;
        if (!encode_is_identity(base_of(element))) {
            php_put(w, ", ");
            write_encoder(f, w, element, depth);
        }
        php_put(w, ")");
        break;
    }
    default:
        php_put(w, in);
        return;
    }
    if (nullable)
        php_put(w, ")");
}

/* ---- validation ---- */

bool php_constraints_any(const pc_constraints *c)
{
    return c && (c->min || c->max || c->has_min_length || c->has_max_length || c->has_min_items ||
                 c->has_max_items || c->pattern);
}

bool php_type_validates(const php_gen *g, const pc_type *type)
{
    for (int steps = 0; type && steps < 1000; steps++) {
        switch (type->kind) {
        case PC_TYPE_NULLABLE:
        case PC_TYPE_LIST:
        case PC_TYPE_MAP:
            type = type->as.element;
            continue;
        case PC_TYPE_NAMED:
            return g->decls[type->as.decl->index].validates;
        default:
            return false;
        }
    }
    return false;
}

/* Whether values of a declaration have anything for validate() to check, to a fixed point so
 * that recursive types come out right. */
void php_compute_validates(php_gen *g)
{
    const pc_schema *schema = g->schema;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < schema->decl_count; i++) {
            const pc_decl *decl = schema->decls[i];
            php_decl *info = &g->decls[decl->index];
            if (info->validates)
                continue;
            bool validates = false;
            if (decl->kind == PC_DECL_STRUCT) {
                for (uint32_t k = 0; k < decl->as.struct_.field_count && !validates; k++) {
                    const pc_field *field = decl->as.struct_.fields[k];
                    validates = php_constraints_any(&field->constraints) ||
                                php_type_validates(g, field->type);
                }
            } else if (decl->kind == PC_DECL_UNION) {
                for (uint32_t k = 0; k < decl->as.union_.variant_count && !validates; k++)
                    validates = php_type_validates(g, decl->as.union_.variants[k]->target);
            } else if (decl->kind == PC_DECL_ALIAS) {
                validates = php_constraints_any(&decl->as.alias.constraints) ||
                            php_type_validates(g, decl->as.alias.target);
            }
            if (validates) {
                info->validates = true;
                changed = true;
            }
        }
    }
}

static void write_number(pc_writer *w, const pc_value *value)
{
    if (value->kind == PC_VALUE_INT && value->as.integer.value == INT64_MIN)
        php_put(w, "\\PHP_INT_MIN");
    else
        php_put_n(w, value->raw.ptr, value->raw.len);
}

/* `$out[] = new Violation($path, 'rule', 'message');` with the message as three pieces: text
 * that needs no escaping in single quotes (the words and numbers of payloadc's messages). */
static void violation(php_file *f, pc_writer *w, const char *out, const char *path,
                      const char *rule, const char *before, pc_str middle, const char *after)
{
    php_puts(w, out, "[] = new ", php_rt(f, PHP_RT_VIOLATION), "(", path, ", '", rule, "', '",
             before);
    php_put_n(w, middle.ptr, middle.len);
    php_putsl(w, after, "');");
}

static void check_count(php_file *f, pc_writer *w, const char *measure, const char *op,
                        uint64_t bound, const char *out, const char *path, const char *rule,
                        const char *before, const char *after)
{
    char digits[24];
    const char *number = php_uint(digits, bound);
    php_puts(w, "if (", measure, " ", op, " ", number);
    php_open(w, ") {");
    violation(f, w, out, path, rule, before, pc_str_from_cstr(number), after);
    php_close(w, "}");
}

static void write_own_checks(php_file *f, pc_writer *w, const pc_type *type,
                             const pc_constraints *c, const char *in, const char *path,
                             const char *out)
{
    php_gen *g = f->gen;
    const pc_type *base = base_of(type);
    if (c->min || c->max) {
        const pc_value *bounds[2] = {c->min, c->max};
        for (int k = 0; k < 2; k++) {
            if (!bounds[k])
                continue;
            php_puts(w, "if (", in, k == 0 ? " < " : " > ");
            write_number(w, bounds[k]);
            php_open(w, ") {");
            /* A number's text has no quote or backslash to escape. */
            violation(f, w, out, path, k == 0 ? "min" : "max",
                      k == 0 ? "must be at least " : "must be at most ", bounds[k]->raw, "");
            php_close(w, "}");
        }
    }
    if (c->has_min_length || c->has_max_length) {
        /* Measured in each check rather than kept in a local, which could shadow a client
         * method's parameter of the same name. */
        const char *length = php_cat(g, php_rt(f, PHP_RT_CHECK), "::length(", in, ")", NULL);
        if (c->has_min_length)
            check_count(f, w, length, "<", c->min_length, out, path, "min_length",
                        "must be at least ", " characters long");
        if (c->has_max_length)
            check_count(f, w, length, ">", c->max_length, out, path, "max_length",
                        "must be at most ", " characters long");
    }
    if (c->has_min_items || c->has_max_items) {
        const char *count = php_cat(g, "\\count(", in, ")", NULL);
        bool map = base->kind == PC_TYPE_MAP;
        if (c->has_min_items)
            check_count(f, w, count, "<", c->min_items, out, path, "min_items",
                        "must have at least ", map ? " entries" : " items");
        if (c->has_max_items)
            check_count(f, w, count, ">", c->max_items, out, path, "max_items",
                        "must have at most ", map ? " entries" : " items");
    }
    if (c->pattern) {
        php_puts(w, "if (!", php_rt(f, PHP_RT_CHECK), "::matches(");
        php_write_pattern(w, c->pattern->as.string);
        php_puts(w, ", ", in);
        php_open(w, ")) {");
        /* The pattern's text may need escaping in the message. */
        php_puts(w, out, "[] = new ", php_rt(f, PHP_RT_VIOLATION), "(", path, ", 'pattern', ");
        const char *text = php_printf(g, "must match the pattern %.*s",
                                      (int)c->pattern->as.string.len, c->pattern->as.string.ptr);
        php_write_string(w, text, strlen(text));
        php_putl(w, ");");
        php_close(w, "}");
    }
}

static void write_type_checks(php_file *f, pc_writer *w, const pc_type *type, const char *in,
                              const char *path, const char *out, int depth)
{
    php_gen *g = f->gen;
    if (!php_type_validates(g, type))
        return;
    switch (type->kind) {
    case PC_TYPE_NULLABLE:
        write_type_checks(f, w, type->as.element, in, path, out, depth);
        return;
    case PC_TYPE_NAMED: {
        const pc_decl *decl = type->as.decl;
        if (decl->kind == PC_DECL_ALIAS)
            php_putsl(w, php_decl_ref(f, decl), "::validateInto(", in, ", ", out, ", ", path, ");");
        else
            php_putsl(w, in, "->validateInto(", out, ", ", path, ");");
        return;
    }
    case PC_TYPE_LIST:
    case PC_TYPE_MAP: {
        bool list = type->kind == PC_TYPE_LIST;
        /* Loop variables end in the file's suffix: "_" in clients, whose methods have
         * parameters that could be called v1. */
        char digits[24];
        const char *number = php_uint(digits, (uint64_t)depth);
        const char *sfx = f->var_suffix ? f->var_suffix : "";
        const char *key = php_cat(g, list ? "$i" : "$k", number, sfx, NULL);
        const char *item = php_cat(g, "$v", number, sfx, NULL);
        php_puts(w, "foreach (", in, " as ", key, " => ", item);
        php_open(w, ") {");
        /* '/tags' . '/' reads better as '/tags/'. */
        size_t n = strlen(path);
        const char *head = n && path[n - 1] == '\''
                               ? php_cat(g, php_strdup(g, path, n - 1), "/' . ", NULL)
                               : php_cat(g, path, " . '/' . ", NULL);
        const char *item_path =
            list ? php_cat(g, head, key, NULL)
                 : php_cat(g, head, php_rt(f, PHP_RT_CHECK), "::key(", key, ")", NULL);
        php_write_validate(f, w, type->as.element, NULL, item, item_path, out, depth + 1);
        php_close(w, "}");
        return;
    }
    default:
        return;
    }
}

void php_write_validate(php_file *f, pc_writer *w, const pc_type *type, const pc_constraints *own,
                        const char *in, const char *path, const char *out, int depth)
{
    bool checks = php_constraints_any(own);
    if (!checks && !php_type_validates(f->gen, type))
        return;
    bool nullable = pc_type_is_nullable(type) && !is_json(type);
    if (nullable) {
        php_puts(w, "if (", in);
        php_open(w, " !== null) {");
    }
    if (checks)
        write_own_checks(f, w, type, own, in, path, out);
    write_type_checks(f, w, type, in, path, out, depth);
    if (nullable)
        php_close(w, "}");
}

/* ---- literals ---- */

void php_write_string(pc_writer *w, const char *text, size_t length)
{
    bool plain = true;
    for (size_t i = 0; i < length && plain; i++) {
        unsigned char c = (unsigned char)text[i];
        plain = c >= 0x20 && c != 0x7F;
    }
    if (plain) {
        /* Single quotes: only \ and ' are special. */
        php_put(w, "'");
        size_t start = 0;
        for (size_t i = 0; i < length; i++) {
            if (text[i] == '\\' || text[i] == '\'') {
                php_put_n(w, text + start, i - start);
                php_put(w, text[i] == '\\' ? "\\\\" : "\\'");
                start = i + 1;
            }
        }
        php_put_n(w, text + start, length - start);
        php_put(w, "'");
        return;
    }
    /* Double quotes, for control characters; bytes that are not valid UTF-8 text (bytes
     * defaults) are escaped too, so the file stays UTF-8. */
    php_put(w, "\"");
    for (size_t i = 0; i < length;) {
        unsigned char c = (unsigned char)text[i];
        uint32_t sequence = c >= 0x80 ? pc_utf8_sequence_length((const unsigned char *)text,
                                                                (uint32_t)i, (uint32_t)length)
                                      : 1;
        if (c >= 0x80 && sequence > 0) {
            php_put_n(w, text + i, sequence);
            i += sequence;
            continue;
        }
        switch (c) {
        case '\\':
            php_put(w, "\\\\");
            break;
        case '"':
            php_put(w, "\\\"");
            break;
        case '$':
            php_put(w, "\\$");
            break;
        case '\n':
            php_put(w, "\\n");
            break;
        case '\r':
            php_put(w, "\\r");
            break;
        case '\t':
            php_put(w, "\\t");
            break;
        default:
            if (c < 0x20 || c >= 0x7F)
                pc_write(w, "\\x%02x", c);
            else
                php_put_n(w, text + i, 1);
        }
        i++;
    }
    php_put(w, "\"");
}

void php_write_path_step(pc_writer *w, pc_str key)
{
    /* '/' + the key with ~ and / escaped (RFC 6901); most keys fit the stack buffer. */
    char small[256];
    size_t need = 1 + 2 * (size_t)key.len;
    char *step = need <= sizeof small ? small : malloc(need);
    if (!step) {
        w->failed = true;
        return;
    }
    size_t n = 0;
    step[n++] = '/';
    for (uint32_t i = 0; i < key.len; i++) {
        if (key.ptr[i] == '~') {
            step[n++] = '~';
            step[n++] = '0';
        } else if (key.ptr[i] == '/') {
            step[n++] = '~';
            step[n++] = '1';
        } else {
            step[n++] = key.ptr[i];
        }
    }
    php_write_string(w, step, n);
    if (step != small)
        free(step);
}

static void pcre_literal(pl_buf *out, const char *p, size_t *i, size_t length)
{
    unsigned char c = (unsigned char)p[*i];
    if (c >= 0x80) {
        uint32_t n =
            pc_utf8_sequence_length((const unsigned char *)p, (uint32_t)*i, (uint32_t)length);
        if (n == 0)
            n = 1;
        pl_buf_append(out, p + *i, n);
        *i += n;
        return;
    }
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c < 0x20 || c == 0x7F) {
        char hex[16];
        int n = snprintf(hex, sizeof hex, "\\x{%x}", c);
        pl_buf_append(out, hex, (size_t)n);
    } else if (!alnum) {
        /* PCRE reads a backslash before any ASCII non-alphanumeric as that character. */
        pl_buf_append_char(out, '\\');
        pl_buf_append_char(out, (char)c);
    } else {
        pl_buf_append_char(out, (char)c);
    }
    (*i)++;
}

/* Copies an escape (the pattern is a valid I-Regexp, checked by the front end). */
static void pcre_escape(pl_buf *out, const char *p, size_t *i, size_t length)
{
    size_t start = *i;
    *i += 2;
    if (start + 1 < length && (p[start + 1] == 'p' || p[start + 1] == 'P')) {
        while (*i < length && p[*i - 1] != '}')
            (*i)++;
    }
    if (*i > length)
        *i = length;
    pl_buf_append(out, p + start, *i - start);
}

void php_write_pattern(pc_writer *w, pc_str pattern)
{
    pl_buf out;
    pl_buf_init(&out);
    pl_buf_append(&out, "/\\A(?:", 6);
    const char *p = pattern.ptr;
    size_t length = pattern.len;
    bool in_class = false, class_first = false;
    for (size_t i = 0; i < length;) {
        char c = p[i];
        if (c == '\\') {
            pcre_escape(&out, p, &i, length);
            class_first = false;
            continue;
        }
        if (in_class) {
            if (c == ']' && !class_first) {
                pl_buf_append_char(&out, ']');
                in_class = false;
                i++;
            } else if (c == '-' && !class_first && i + 1 < length && p[i + 1] != ']') {
                pl_buf_append_char(&out, '-'); /* a range */
                i++;
            } else {
                pcre_literal(&out, p, &i, length);
                class_first = false;
            }
            continue;
        }
        switch (c) {
        case '[':
            pl_buf_append_char(&out, '[');
            i++;
            if (i < length && p[i] == '^') {
                pl_buf_append_char(&out, '^');
                i++;
            }
            in_class = true;
            class_first = true;
            break;
        case '.':
            /* I-Regexp's dot is any character but CR and LF. */
            pl_buf_append(&out, "[^\\n\\r]", 7);
            i++;
            break;
        case '(':
        case ')':
        case '|':
        case '*':
        case '+':
        case '?':
        case '{':
        case '}':
        case ',':
            pl_buf_append_char(&out, c);
            i++;
            break;
        default:
            if (c >= '0' && c <= '9') {
                pl_buf_append_char(&out, c);
                i++;
            } else {
                pcre_literal(&out, p, &i, length);
            }
        }
    }
    pl_buf_append(&out, ")\\z/u", 5);
    php_write_string(w, out.data, out.len);
    pl_buf_free(&out);
}

/* ---- defaults ---- */

static void write_binary_default(pc_writer *w, const pc_value *value)
{
    uint8_t *bytes = NULL;
    size_t length = 0;
    pl_arena *arena = pl_arena_new();
    if (arena &&
        pl_base64_decode(value->as.string.ptr, value->as.string.len, arena, &bytes, &length)) {
        /* Double quotes with every byte escaped: a binary string in a UTF-8 source file. */
        pc_write(w, "\"");
        for (size_t i = 0; i < length; i++)
            pc_write(w, "\\x%02x", bytes[i]);
        pc_write(w, "\"");
    } else {
        php_put(w, "''");
    }
    pl_arena_free(arena);
}

void php_write_default(php_file *f, pc_writer *w, const pc_type *type, const pc_value *value)
{
    const pc_type *base = base_of(type);
    switch (value->kind) {
    case PC_VALUE_NULL:
        php_put(w, "null");
        return;
    case PC_VALUE_TRUE:
        php_put(w, "true");
        return;
    case PC_VALUE_FALSE:
        php_put(w, "false");
        return;
    case PC_VALUE_EMPTY_LIST:
        php_put(w, "[]");
        return;
    case PC_VALUE_EMPTY_MAP:
        if (is_prim(base, PC_PRIM_JSON))
            php_put(w, "new \\stdClass()");
        else
            php_put(w, "[]");
        return;
    case PC_VALUE_INT:
        if (is_prim(base, PC_PRIM_FLOAT64)) {
            php_put_n(w, value->raw.ptr, value->raw.len);
            php_put(w, ".0");
        } else {
            write_number(w, value);
        }
        return;
    case PC_VALUE_FLOAT:
        php_put_n(w, value->raw.ptr, value->raw.len);
        return;
    case PC_VALUE_NAME:
        if (base->kind == PC_TYPE_NAMED && value->member)
            php_puts(w, php_decl_ref(f, base->as.decl),
                     "::", php_case_name(f->gen, value->member->name));
        else
            php_put(w, "null");
        return;
    case PC_VALUE_STRING:
        break;
    }
    pc_str text = value->as.string;
    if (base->kind == PC_TYPE_PRIMITIVE) {
        switch (base->as.primitive) {
        case PC_PRIM_BYTES:
            write_binary_default(w, value);
            return;
        case PC_PRIM_DATE: {
            pl_date date;
            if (pl_date_parse(text.ptr, text.len, &date)) {
                pc_write(w, "new %s(%d, %u, %u)", php_rt(f, PHP_RT_LOCAL_DATE), (int)date.year,
                         (unsigned)date.month, (unsigned)date.day);
                return;
            }
            break;
        }
        case PC_PRIM_DATETIME: {
            pl_datetime dt;
            if (pl_datetime_parse(text.ptr, text.len, &dt)) {
                pc_write(w, "new %s(%d, %u, %u, %u, %u, %u, %u, %d)",
                         php_rt(f, PHP_RT_OFFSET_DATE_TIME), (int)dt.year, (unsigned)dt.month,
                         (unsigned)dt.day, (unsigned)dt.hour, (unsigned)dt.minute,
                         (unsigned)dt.second, (unsigned)dt.nanosecond, (int)dt.offset_minutes);
                return;
            }
            break;
        }
        case PC_PRIM_UUID: {
            char lowered[64];
            size_t n = text.len < sizeof lowered ? text.len : sizeof lowered - 1;
            for (size_t i = 0; i < n; i++)
                lowered[i] = (char)(text.ptr[i] >= 'A' && text.ptr[i] <= 'Z' ? text.ptr[i] + 32
                                                                             : text.ptr[i]);
            php_write_string(w, lowered, n);
            return;
        }
        default:
            break;
        }
    }
    php_write_string(w, text.ptr, text.len);
}
