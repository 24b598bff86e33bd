/* Enums (backed enums; open ones decode to Enum|string), unions (an interface, a final class
 * per variant, a codec that dispatches on the tag, and for open unions a class that keeps the
 * whole unknown object), and aliases (a class of static codec methods: PHP has no type
 * aliases, so values of an alias are plain values of its target). */
#include "php.h"

#include <string.h>

static void write_from_json(php_file *f, pc_writer *w, const char *return_type)
{
    php_putsl(w, "/** Decodes JSON text strictly; a ", php_rt(f, PHP_RT_DECODE_EXCEPTION),
              " says where and why it is wrong. */");
    php_putsl(w, "public static function fromJson(string $json): ", return_type);
    php_open(w, "{");
    php_putsl(w, "return self::decode(", php_rt(f, PHP_RT_JSON), "::parse($json), '', true);");
    php_close(w, "}");
}

static void write_decode_doc(php_file *f, pc_writer *w, const char *return_doc)
{
    const char *text =
        php_cat(f->gen, "Decodes arrays or \\stdClass objects; $strict when they come from ",
                php_rt(f, PHP_RT_JSON), "::parse().", NULL);
    if (!return_doc) {
        php_putsl(w, "/** ", text, " */");
        return;
    }
    php_putl(w, "/**");
    php_putsl(w, " * ", text);
    php_putl(w, " *");
    php_putsl(w, " * @return ", return_doc);
    php_putl(w, " */");
}

/* ---- enums ---- */

void php_emit_enum(php_gen *g, const pc_decl *decl)
{
    const php_decl *info = &g->decls[decl->index];
    bool open = decl->as.enum_.open;
    php_file f;
    php_file_begin(&f, g, info->package, info->class_name, decl);
    pc_writer *w = &f.body;
    const char *tags[1] = {"Open: values this code does not know decode to their wire string, "
                           "and are written back unchanged."};
    php_write_docblock(w, decl->meta.doc, &decl->meta, tags, open ? 1 : 0);
    pc_line(w, "enum %s: string", info->class_name);
    pc_open(w, "{");
    for (uint32_t i = 0; i < decl->as.enum_.member_count; i++) {
        const pc_member *member = decl->as.enum_.members[i];
        php_write_docblock(w, member->meta.doc, &member->meta, NULL, 0);
        pc_write(w, "case %s = ", php_case_name(g, member->name));
        php_write_string(w, member->wire.ptr, member->wire.len);
        pc_line(w, ";");
    }
    const char *decoded = open ? "self|string" : "self";
    const char *decode = php_rt(&f, PHP_RT_DECODE);
    pc_blank(w);
    write_from_json(&f, w, decoded);
    pc_blank(w);
    write_decode_doc(&f, w,
                     open ? "self|string the member, or the wire value as it came when this "
                            "code does not know it"
                          : NULL);
    pc_line(w,
            "public static function decode(mixed $data, string $path = '', bool $strict = "
            "false): %s",
            decoded);
    pc_open(w, "{");
    pc_line(w, "$value = %s::string($data, $path, $strict);", decode);
    pc_blank(w);
    if (open)
        pc_line(w, "return self::tryFrom($value) ?? $value;");
    else
        pc_line(w, "return self::tryFrom($value) ?? throw %s::unknownMember($value, $path);",
                decode);
    pc_close(w, "}");
    if (open) {
        pc_blank(w);
        pc_line(w, "/** The wire value of a member, or of a value this code does not know. */");
        pc_line(w, "public static function encode(self|string $value): string");
        pc_open(w, "{");
        pc_line(w, "return $value instanceof self ? $value->value : $value;");
        pc_close(w, "}");
    }
    pc_close(w, "}");
    php_file_end(&f);
}

/* ---- unions ---- */

static void emit_interface(php_gen *g, const pc_decl *decl)
{
    const php_decl *info = &g->decls[decl->index];
    php_file f;
    php_file_begin(&f, g, info->package, info->class_name, decl);
    pc_writer *w = &f.body;
    const char *violation = php_rt(&f, PHP_RT_VIOLATION);

    pc_write(&g->scratch, "A value is one of ");
    for (uint32_t i = 0; i < decl->as.union_.variant_count; i++)
        pc_write(&g->scratch, "%s%s", i ? ", " : "", info->variants[i]);
    if (info->unknown)
        pc_write(&g->scratch, " or %s (a tag this code does not know)", info->unknown);
    pc_write(&g->scratch,
             "; the JSON object carries the variant's tag in \"%.*s\". Decode with "
             "%s::fromJson().",
             (int)decl->as.union_.discriminator.len, decl->as.union_.discriminator.ptr,
             info->codec);
    const char *tags[1] = {php_scratch_take(g)};
    php_write_docblock(w, decl->meta.doc, &decl->meta, tags, 1);
    pc_line(w, "interface %s extends \\JsonSerializable", info->class_name);
    pc_open(w, "{");
    pc_line(w, "public function jsonSerialize(): \\stdClass;");
    pc_blank(w);
    pc_line(w, "/** Canonical JSON text. */");
    pc_line(w, "public function toJson(): string;");
    pc_blank(w);
    pc_line(w,
            "/** @return list<%s> each broken constraint here and in nested values, with its "
            "path */",
            violation);
    pc_line(w, "public function validate(): array;");
    pc_blank(w);
    pc_line(w, "/**");
    pc_line(w, " * @internal");
    pc_line(w, " * @param list<%s> $out", violation);
    pc_line(w, " */");
    pc_line(w, "public function validateInto(array &$out, string $path): void;");
    pc_close(w, "}");
    php_file_end(&f);
}

static void emit_variant(php_gen *g, const pc_decl *decl, uint32_t index)
{
    const php_decl *info = &g->decls[decl->index];
    const pc_variant *variant = decl->as.union_.variants[index];
    const pc_decl *target = variant->target->as.decl;
    php_file f;
    php_file_begin(&f, g, info->package, info->variants[index], decl);
    pc_writer *w = &f.body;

    pc_write(&g->scratch, "The \"%.*s\" variant of %s.", (int)variant->wire.len, variant->wire.ptr,
             info->class_name);
    if (variant->meta.doc)
        pc_write(&g->scratch, "\n\n%s", variant->meta.doc);
    php_write_docblock(w, php_scratch_take(g), &variant->meta, NULL, 0);
    pc_line(w, "final readonly class %s implements %s", info->variants[index], info->class_name);
    pc_open(w, "{");
    php_putsl(w, "use ", php_rt(&f, PHP_RT_VARIANT), ";");
    pc_blank(w);
    pc_write(w, "public const TAG = ");
    php_write_string(w, variant->wire.ptr, variant->wire.len);
    pc_line(w, ";");
    pc_blank(w);
    pc_line(w, "public function __construct(public %s $value)", php_decl_ref(&f, target));
    pc_open(w, "{");
    pc_close(w, "}");
    pc_blank(w);
    pc_line(w, "public function jsonSerialize(): \\stdClass");
    pc_open(w, "{");
    /* The tag first, then the struct's members (which cannot use the tag's key). */
    pc_write(w, "return (object) ([");
    php_write_string(w, decl->as.union_.discriminator.ptr, decl->as.union_.discriminator.len);
    pc_line(w, " => self::TAG] + $this->value->jsonFields());");
    pc_close(w, "}");
    php_write_validate_into(&f, w);
    pc_open(w, "{");
    if (g->decls[target->index].validates)
        pc_line(w, "$this->value->validateInto($out, $path);");
    pc_close(w, "}");
    pc_close(w, "}");
    php_file_end(&f);
}

static void emit_unknown(php_gen *g, const pc_decl *decl)
{
    const php_decl *info = &g->decls[decl->index];
    php_file f;
    php_file_begin(&f, g, info->package, info->unknown, decl);
    pc_writer *w = &f.body;
    pc_line(w, "/**");
    pc_line(w, " * A variant of %s that this code does not know (the union is open): the whole",
            info->class_name);
    pc_line(w, " * object is kept and written back unchanged.");
    pc_line(w, " */");
    pc_line(w, "final readonly class %s implements %s", info->unknown, info->class_name);
    pc_open(w, "{");
    php_putsl(w, "use ", php_rt(&f, PHP_RT_VARIANT), ";");
    pc_blank(w);
    pc_line(w, "/**");
    pc_line(w, " * @param string $tag the value of \"%.*s\"",
            (int)decl->as.union_.discriminator.len, decl->as.union_.discriminator.ptr);
    pc_line(w, " * @param \\stdClass $raw the whole object, tag included");
    pc_line(w, " */");
    pc_line(w, "public function __construct(public string $tag, public \\stdClass $raw)");
    pc_open(w, "{");
    pc_close(w, "}");
    pc_blank(w);
    pc_line(w, "public function jsonSerialize(): \\stdClass");
    pc_open(w, "{");
    pc_line(w, "return $this->raw;");
    pc_close(w, "}");
    php_write_validate_into(&f, w);
    pc_open(w, "{");
    pc_close(w, "}");
    pc_close(w, "}");
    php_file_end(&f);
}

static void emit_codec(php_gen *g, const pc_decl *decl)
{
    const php_decl *info = &g->decls[decl->index];
    php_file f;
    php_file_begin(&f, g, info->package, info->codec, decl);
    pc_writer *w = &f.body;
    const char *decode = php_rt(&f, PHP_RT_DECODE);
    pc_line(w, "/** Decodes %s values: reads the tag and decodes the variant's struct. */",
            info->class_name);
    pc_line(w, "final class %s", info->codec);
    pc_open(w, "{");
    pc_line(w, "private function __construct()");
    pc_open(w, "{");
    pc_close(w, "}");
    pc_blank(w);
    write_from_json(&f, w, info->class_name);
    pc_blank(w);
    php_putl(w, "/** @param array<array-key, mixed> $data as json_decode($json, true) gives it */");
    pc_line(w, "public static function fromArray(array $data, string $path = ''): %s",
            info->class_name);
    pc_open(w, "{");
    pc_line(w, "return self::decode($data, $path);");
    pc_close(w, "}");
    pc_blank(w);
    write_decode_doc(&f, w, NULL);
    pc_line(w,
            "public static function decode(mixed $data, string $path = '', bool $strict = "
            "false): %s",
            info->class_name);
    pc_open(w, "{");
    pc_write(w, "$o = %s::object($data, $path, $strict);", decode);
    pc_newline(w);
    pc_blank(w);
    pc_write(w, "return match (%s::tag($o, ", decode);
    php_write_string(w, decl->as.union_.discriminator.ptr, decl->as.union_.discriminator.len);
    pc_open(w, ", $path)) {");
    for (uint32_t i = 0; i < decl->as.union_.variant_count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        php_write_string(w, variant->wire.ptr, variant->wire.len);
        pc_line(w, " => new %s(%s::decode($data, $path, $strict)),", info->variants[i],
                php_decl_ref(&f, variant->target->as.decl));
    }
    pc_write(w, "default => ");
    const char *key = NULL;
    php_write_string(&g->scratch, decl->as.union_.discriminator.ptr,
                     decl->as.union_.discriminator.len);
    key = php_scratch_take(g);
    if (info->unknown)
        pc_line(w, "new %s($o[%s], %s::raw($data)),", info->unknown, key, decode);
    else
        pc_line(w, "throw %s::unknownTag($o[%s], %s, $path),", decode, key, key);
    pc_close(w, "};");
    pc_close(w, "}");
    pc_close(w, "}");
    php_file_end(&f);
}

void php_emit_union(php_gen *g, const pc_decl *decl)
{
    emit_interface(g, decl);
    for (uint32_t i = 0; i < decl->as.union_.variant_count; i++)
        emit_variant(g, decl, i);
    if (decl->as.union_.open)
        emit_unknown(g, decl);
    emit_codec(g, decl);
}

/* ---- aliases ---- */

void php_emit_alias(php_gen *g, const pc_decl *decl)
{
    const php_decl *info = &g->decls[decl->index];
    const pc_type *target = decl->as.alias.target;
    php_file f;
    php_file_begin(&f, g, info->package, info->class_name, decl);
    pc_writer *w = &f.body;

    php_write_type(&f, &g->scratch, target, PHP_SLOT_VALUE);
    const char *type = php_scratch_take(g);
    php_write_doc_type(&f, &g->scratch, target, PHP_SLOT_VALUE);
    const char *doc_type = php_scratch_take(g);
    bool needs_doc = php_type_needs_doc(target);

    pc_write(&g->scratch,
             "An alias of %s: PHP has no type aliases, so its values are plain %s "
             "values, and this class holds their JSON codec and the alias's "
             "constraints.",
             doc_type, type);
    const char *tags[1] = {php_scratch_take(g)};
    php_write_docblock(w, decl->meta.doc, &decl->meta, tags, 1);
    pc_line(w, "final class %s", info->class_name);
    pc_open(w, "{");
    pc_line(w, "private function __construct()");
    pc_open(w, "{");
    pc_close(w, "}");
    pc_blank(w);
    if (needs_doc) {
        pc_line(w, "/**");
        pc_line(w, " * Decodes JSON text strictly; a %s says where and why it is wrong.",
                php_rt(&f, PHP_RT_DECODE_EXCEPTION));
        pc_line(w, " *");
        pc_line(w, " * @return %s", doc_type);
        pc_line(w, " */");
        pc_line(w, "public static function fromJson(string $json): %s", type);
        pc_open(w, "{");
        pc_line(w, "return self::decode(%s::parse($json), '', true);", php_rt(&f, PHP_RT_JSON));
        pc_close(w, "}");
    } else {
        write_from_json(&f, w, type);
    }
    pc_blank(w);
    write_decode_doc(&f, w, needs_doc ? doc_type : NULL);
    pc_line(w,
            "public static function decode(mixed $data, string $path = '', bool $strict = "
            "false): %s",
            type);
    pc_open(w, "{");
    pc_write(w, "return ");
    php_write_decode(&f, w, target, "$data", "$path", "$strict", 1);
    pc_line(w, ";");
    pc_close(w, "}");

    const char *param_doc = needs_doc ? php_printf(g, "@param %s $value", doc_type) : NULL;
    pc_blank(w);
    pc_line(w, "/**");
    pc_line(w, " * The JSON-ready value (objects as \\stdClass).");
    if (param_doc) {
        pc_line(w, " *");
        pc_line(w, " * %s", param_doc);
    }
    pc_line(w, " */");
    pc_line(w, "public static function encode(%s $value): mixed", type);
    pc_open(w, "{");
    pc_write(w, "return ");
    php_write_encode(&f, w, target, "$value", 1);
    pc_line(w, ";");
    pc_close(w, "}");

    pc_blank(w);
    pc_line(w, "/**");
    pc_line(w, " * Canonical JSON text; an %s for NaN, infinities and invalid UTF-8.",
            php_rt(&f, PHP_RT_ENCODE_EXCEPTION));
    if (param_doc) {
        pc_line(w, " *");
        pc_line(w, " * %s", param_doc);
    }
    pc_line(w, " */");
    pc_line(w, "public static function toJson(%s $value): string", type);
    pc_open(w, "{");
    pc_line(w, "return %s::encode(self::encode($value));", php_rt(&f, PHP_RT_JSON));
    pc_close(w, "}");

    const char *violation = php_rt(&f, PHP_RT_VIOLATION);
    pc_blank(w);
    pc_line(w, "/**");
    pc_line(w, " * Checks the alias's constraints and those of nested values.");
    pc_line(w, " *");
    if (param_doc)
        pc_line(w, " * %s", param_doc);
    pc_line(w, " * @return list<%s> each broken constraint, with its path", violation);
    pc_line(w, " */");
    pc_line(w, "public static function validate(%s $value): array", type);
    pc_open(w, "{");
    pc_line(w, "$out = [];");
    pc_line(w, "self::validateInto($value, $out, '');");
    pc_blank(w);
    pc_line(w, "return $out;");
    pc_close(w, "}");
    pc_blank(w);
    pc_line(w, "/**");
    pc_line(w, " * @internal");
    if (param_doc)
        pc_line(w, " * %s", param_doc);
    pc_line(w, " * @param list<%s> $out", violation);
    pc_line(w, " */");
    pc_line(w, "public static function validateInto(%s $value, array &$out, string $path): void",
            type);
    pc_open(w, "{");
    php_write_validate(&f, w, target, &decl->as.alias.constraints, "$value", "$path", "$out", 1);
    pc_close(w, "}");
    pc_close(w, "}");
    php_file_end(&f);
}
