/* A struct becomes a `final readonly class` with promoted constructor parameters, static
 * decode(), jsonFields() and validateInto(); the runtime's Struct trait adds fromJson(),
 * fromArray(), jsonSerialize(), toJson() and validate() on top of them. */
#include "php.h"

#include <string.h>

typedef struct php_field {
    const pc_field *field;
    const char *name; /* the property */
    const char *self; /* $this->name */
    const char *key;  /* the wire key as a PHP literal: 'first_name' */
    const char *in;   /* $o['first_name'] */
    const char *path; /* $path . '/first_name' */
    php_slot slot;
    bool has_default; /* optional fields default to null or Absent::Value */
} php_field;

/* How a field is held: optional ones default to null, or to Absent::Value when null is a value
 * of their type too (T?, json), so that the three states stay apart. */
php_slot php_field_slot(const pc_field *field)
{
    if (!field->optional)
        return PHP_SLOT_VALUE;
    const pc_type *base = pc_type_unalias(field->type, true);
    bool json = base->kind == PC_TYPE_PRIMITIVE && base->as.primitive == PC_PRIM_JSON;
    return pc_type_is_nullable(field->type) || json ? PHP_SLOT_ABSENT : PHP_SLOT_OPTIONAL;
}

/* Whether a wire key can be written between single quotes as it is, and is a JSON Pointer step
 * as it is: nearly every key is ([a-z0-9_]+). */
static bool plain_key(pc_str key)
{
    for (uint32_t i = 0; i < key.len; i++) {
        unsigned char c = (unsigned char)key.ptr[i];
        if (c < 0x20 || c == 0x7F || c == '\\' || c == '\'' || c == '~' || c == '/')
            return false;
    }
    return true;
}

/* a + b + c in the file's text memory: php_cat without measuring pieces whose lengths are
 * known (four of these per field, tens of thousands on a large schema). */
static const char *join3(php_gen *g, const char *a, size_t a_len, const char *b, size_t b_len,
                         const char *c, size_t c_len)
{
    char *out = php_text_alloc(g, a_len + b_len + c_len + 1);
    if (!out) {
        g->ctx->failed = true;
        return "";
    }
    return pc_join3(out, a, a_len, b, b_len, c, c_len);
}

#define PHP_LIT(text) text, sizeof text - 1

static void prepare_fields(php_gen *g, const pc_decl *decl, php_field *fields)
{
    for (uint32_t i = 0; i < decl->as.struct_.field_count; i++) {
        const pc_field *field = decl->as.struct_.fields[i];
        php_field *pf = &fields[i];
        pf->field = field;
        pf->name = php_member_name(g, field->name);
        pf->self = join3(g, PHP_LIT("$this->"), pf->name, strlen(pf->name), PHP_LIT(""));
        size_t key_len;
        if (plain_key(field->wire)) {
            pf->key = join3(g, PHP_LIT("'"), field->wire.ptr, field->wire.len, PHP_LIT("'"));
            key_len = field->wire.len + 2;
            pf->path =
                join3(g, PHP_LIT("$path . '/"), field->wire.ptr, field->wire.len, PHP_LIT("'"));
        } else {
            php_write_string(&g->scratch, field->wire.ptr, field->wire.len);
            pf->key = php_scratch_take(g);
            key_len = strlen(pf->key);
            php_put(&g->scratch, "$path . ");
            php_write_path_step(&g->scratch, field->wire);
            pf->path = php_scratch_take(g);
        }
        pf->in = join3(g, PHP_LIT("$o["), pf->key, key_len, PHP_LIT("]"));
        pf->slot = php_field_slot(field);
        pf->has_default = field->default_value || pf->slot != PHP_SLOT_VALUE;
    }
}

static void write_param(php_file *f, pc_writer *w, const php_field *pf)
{
    php_write_docblock(w, pf->field->meta.doc, &pf->field->meta, NULL, 0);
    php_put(w, "public ");
    php_write_type(f, w, pf->field->type, pf->slot);
    php_puts(w, " $", pf->name);
    if (pf->field->default_value) {
        php_put(w, " = ");
        php_write_default(f, w, pf->field->type, pf->field->default_value);
    } else if (pf->slot == PHP_SLOT_OPTIONAL) {
        php_put(w, " = null");
    } else if (pf->slot == PHP_SLOT_ABSENT) {
        php_puts(w, " = ", php_rt(f, PHP_RT_ABSENT), "::Value");
    }
    php_putl(w, ",");
}

static void write_constructor(php_file *f, pc_writer *w, const php_field *fields, uint32_t count)
{
    php_gen *g = f->gen;
    const char **tags = pl_arena_alloc(g->file_arena, (count + 1) * sizeof *tags);
    uint32_t tag_count = 0;
    for (uint32_t i = 0; tags && i < count; i++) {
        if (!php_type_needs_doc(fields[i].field->type))
            continue;
        php_put(&g->scratch, "@param ");
        php_write_doc_type(f, &g->scratch, fields[i].field->type, fields[i].slot);
        php_puts(&g->scratch, " $", fields[i].name);
        tags[tag_count++] = php_scratch_take(g);
    }
    php_write_docblock(w, NULL, NULL, tags, tag_count);
    if (count == 0) {
        php_putl(w, "public function __construct()");
        php_open(w, "{");
        php_close(w, "}");
        return;
    }
    /* Parameters with defaults go last (PHP deprecates optional before required); named
     * arguments make the order matter little to callers. */
    php_open(w, "public function __construct(");
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < count; i++) {
            if (fields[i].has_default == (pass == 1))
                write_param(f, w, &fields[i]);
        }
    }
    pc_dedent(w);
    php_open(w, ") {");
    php_close(w, "}");
}

static void write_decoder(php_file *f, pc_writer *w, const php_field *fields, uint32_t count)
{
    const char *decode = php_rt(f, PHP_RT_DECODE);
    pc_blank(w);
    php_putl(w,
             "/** Decodes arrays or \\stdClass objects; $strict when they come from the runtime's "
             "JSON parser. */");
    php_putl(w, "public static function decode(mixed $data, string $path = '', bool $strict = "
                "false): self");
    php_open(w, "{");
    if (count == 0) {
        php_putsl(w, decode, "::object($data, $path, $strict);");
        pc_blank(w);
        php_putl(w, "return new self();");
        php_close(w, "}");
        return;
    }
    php_putsl(w, "$o = ", decode, "::object($data, $path, $strict);");
    pc_blank(w);
    php_open(w, "return new self(");
    for (uint32_t i = 0; i < count; i++) {
        const php_field *pf = &fields[i];
        php_puts(w, pf->name, ": \\array_key_exists(", pf->key, ", $o) ? ");
        php_write_decode(f, w, pf->field->type, pf->in, pf->path, "$strict", 1);
        php_put(w, " : ");
        if (pf->field->default_value)
            php_write_default(f, w, pf->field->type, pf->field->default_value);
        else if (pf->slot == PHP_SLOT_OPTIONAL)
            php_put(w, "null");
        else if (pf->slot == PHP_SLOT_ABSENT)
            php_puts(w, php_rt(f, PHP_RT_ABSENT), "::Value");
        else
            php_puts(w, "throw ", decode, "::missing(", pf->path, ")");
        php_putl(w, ",");
    }
    pc_dedent(w);
    php_putl(w, ");");
    php_close(w, "}");
}

static void write_member(php_file *f, pc_writer *w, const php_field *pf, bool in_literal)
{
    if (in_literal)
        php_puts(w, pf->key, " => ");
    else
        php_puts(w, "$o[", pf->key, "] = ");
    php_write_encode(f, w, pf->field->type, pf->self, 1);
    php_putl(w, in_literal ? "," : ";");
}

static void write_encoder(php_file *f, pc_writer *w, const php_field *fields, uint32_t count)
{
    pc_blank(w);
    php_putl(w, "/**");
    php_putl(w, " * @internal the members in declaration order, absent optional fields left out");
    php_putl(w, " * @return array<array-key, mixed>");
    php_putl(w, " */");
    php_putl(w, "public function jsonFields(): array");
    php_open(w, "{");
    uint32_t leading = 0;
    while (leading < count && fields[leading].slot == PHP_SLOT_VALUE)
        leading++;
    if (leading == count && count == 0) {
        php_putl(w, "return [];");
    } else if (leading == count) {
        php_open(w, "return [");
        for (uint32_t i = 0; i < count; i++)
            write_member(f, w, &fields[i], true);
        php_close(w, "];");
    } else {
        if (leading == 0) {
            php_putl(w, "$o = [];");
        } else {
            php_open(w, "$o = [");
            for (uint32_t i = 0; i < leading; i++)
                write_member(f, w, &fields[i], true);
            php_close(w, "];");
        }
        for (uint32_t i = leading; i < count; i++) {
            const php_field *pf = &fields[i];
            if (pf->slot == PHP_SLOT_VALUE) {
                write_member(f, w, pf, false);
                continue;
            }
            if (pf->slot == PHP_SLOT_OPTIONAL)
                php_putsl(w, "if ($this->", pf->name, " !== null) {");
            else
                php_putsl(w, "if ($this->", pf->name, " !== ", php_rt(f, PHP_RT_ABSENT),
                          "::Value) {");
            pc_indent(w);
            w->after_open = true;
            write_member(f, w, pf, false);
            php_close(w, "}");
        }
        php_putl(w, "return $o;");
    }
    php_close(w, "}");
}

/* The docblock and signature of validateInto(), shared by structs and union variants; the
 * caller writes the body. validate() comes from the Struct and Variant traits. */
void php_write_validate_into(php_file *f, pc_writer *w)
{
    pc_blank(w);
    php_putl(w, "/**");
    php_putl(w, " * @internal");
    php_putsl(w, " * @param list<", php_rt(f, PHP_RT_VIOLATION), "> $out");
    php_putl(w, " */");
    php_putl(w, "public function validateInto(array &$out, string $path): void");
}

static void write_validation(php_file *f, pc_writer *w, const php_field *fields, uint32_t count)
{
    php_write_validate_into(f, w);
    php_open(w, "{");
    for (uint32_t i = 0; i < count; i++) {
        const php_field *pf = &fields[i];
        if (!php_constraints_any(&pf->field->constraints) &&
            !php_type_validates(f->gen, pf->field->type))
            continue;
        const char *in = pf->self;
        if (pf->slot == PHP_SLOT_OPTIONAL) {
            php_puts(w, "if (", in);
            php_open(w, " !== null) {");
        } else if (pf->slot == PHP_SLOT_ABSENT) {
            php_puts(w, "if (", in, " !== ", php_rt(f, PHP_RT_ABSENT));
            php_open(w, "::Value) {");
        }
        php_write_validate(f, w, pf->field->type, &pf->field->constraints, in, pf->path, "$out", 1);
        if (pf->slot != PHP_SLOT_VALUE)
            php_close(w, "}");
    }
    php_close(w, "}");
}

void php_emit_struct(php_gen *g, const pc_decl *decl)
{
    const php_decl *info = &g->decls[decl->index];
    uint32_t count = decl->as.struct_.field_count;
    php_field *fields = pl_arena_alloc(g->file_arena, (count + 1) * sizeof *fields);
    if (!fields) {
        g->ctx->failed = true;
        return;
    }
    prepare_fields(g, decl, fields);

    php_file f;
    php_file_begin(&f, g, info->package, info->class_name, decl);
    pc_writer *w = &f.body;
    php_write_docblock(w, decl->meta.doc, &decl->meta, NULL, 0);
    php_putsl(w, "final readonly class ", info->class_name, " implements \\JsonSerializable");
    php_open(w, "{");
    php_putsl(w, "use ", php_rt(&f, PHP_RT_STRUCT), ";");
    pc_blank(w);
    if (decl->as.struct_.status) {
        pc_line(w, "/** The HTTP status of this error response (@status). */");
        pc_line(w, "public const STATUS = %d;", decl->as.struct_.status);
        pc_blank(w);
    }
    write_constructor(&f, w, fields, count);
    write_decoder(&f, w, fields, count);
    write_encoder(&f, w, fields, count);
    write_validation(&f, w, fields, count);
    php_close(w, "}");
    php_file_end(&f);
}
