/* The module of one struct, enum, union or alias: its type, then decodeX, encodeX, validateX,
 * parseX, stringifyX (and createX for structs, the error class for @status structs). */
#include <string.h>

#include "ts.h"

typedef struct field_info {
    const pc_field *field;
    const char *prop;    /* property name */
    const char *key;     /* the wire key as a string literal */
    const char *pointer; /* "/key" as a string literal */
    bool admits_null;
} field_info;

static void write_key(pc_writer *w, pc_str wire)
{
    ts_write_string(w, wire.ptr, wire.len);
}

static const char *key_literal(ts_ctx *ctx, pc_str wire)
{
    return ts_string_literal(ctx, wire.ptr, wire.len);
}

/* "a `Match`", "an `Event`": the article the type's name takes. */
static const char *article(const char *type)
{
    return strchr("AEIOU", type[0]) && type[0] ? "an" : "a";
}

static const char *article_capital(const char *type)
{
    return strchr("AEIOU", type[0]) && type[0] ? "An" : "A";
}

static void write_codec_functions(ts_file *file)
{
    pc_writer *w = file->body;
    const char *type = file->self->type_name, *base = file->self->base, *a = article(type);
    pc_blank(w);
    ts_block(w,
             "/** Parses strict JSON text into %s `%s`; throws rt.PayloadError. */\n"
             "export function parse%s(text: string): %s {\n"
             "  return decode%s(rt.parseJson(text));\n"
             "}\n"
             "\n"
             "/** The canonical JSON text of %s `%s`. */\n"
             "export function stringify%s(value: %s): string {\n"
             "  return rt.stringify(encode%s(value));\n"
             "}\n",
             a, type, base, type, base, a, type, base, type, base);
}

/* validateX of a type without constraints. */
static void write_no_validation(ts_file *file)
{
    const char *type = file->self->type_name;
    pc_blank(file->body);
    ts_block(file->body,
             "/** Every constraint that %s `%s` violates; empty when valid. */\n"
             "export function validate%s(_value: %s): readonly rt.Violation[] {\n"
             "  return rt.none();\n"
             "}\n",
             article(type), type, file->self->base, type);
}

static void write_decode_doc(pc_writer *w, const char *type)
{
    ts_line(w, "/** Reads %s `%s` from a JSON value; throws rt.PayloadError. */", article(type),
            type);
}

static void write_encode_doc(pc_writer *w, const char *type)
{
    ts_line(w, "/** The JSON value of %s `%s`. */", article(type), type);
}

static void write_validate_doc(pc_writer *w, const char *type)
{
    ts_line(w, "/** Every constraint that %s `%s` violates; empty when valid. */", article(type),
            type);
}

/* ---- structs ---- */

static field_info *struct_fields(ts_file *file, const pc_decl *decl)
{
    ts_ctx *ctx = file->ctx;
    uint32_t count = decl->as.struct_.field_count;
    field_info *fields = pl_arena_alloc(ctx->arena, (count ? count : 1) * sizeof *fields);
    if (!fields) {
        ctx->failed = true;
        return NULL;
    }
    for (uint32_t i = 0; i < count; i++) {
        const pc_field *field = decl->as.struct_.fields[i];
        fields[i].field = field;
        fields[i].prop = ts_property(ctx, field->name);
        fields[i].key = key_literal(ctx, field->wire);
        fields[i].pointer = NULL; /* written only by validation: made there when needed */
        fields[i].admits_null = ts_admits_null(field->type);
    }
    return fields;
}

static void write_interface(ts_file *file, const pc_decl *decl, const field_info *fields)
{
    pc_writer *w = file->body;
    const char *status = decl->as.struct_.status
                             ? ts_format(file->ctx, "An error response: HTTP %d (thrown by "
                                                    "clients as {@link %s}).",
                                         decl->as.struct_.status, file->self->error_class)
                             : NULL;
    ts_write_doc(w, decl->meta.doc, &decl->meta, status);
    if (decl->as.struct_.field_count == 0) {
        ts_line(w, "export interface %s {}", file->self->type_name);
        return;
    }
    ts_open(w, "export interface %s {", file->self->type_name);
    for (uint32_t i = 0; i < decl->as.struct_.field_count; i++) {
        const pc_field *field = fields[i].field;
        ts_write_doc(w, field->meta.doc, &field->meta, NULL);
        ts_line(w, "readonly %s%s: %s%s;", fields[i].prop, field->optional ? "?" : "",
                ts_type_expr(file, field->type), field->optional ? " | undefined" : "");
    }
    ts_close(w, "}");
}

static void write_create(ts_file *file, const pc_decl *decl, const field_info *fields)
{
    pc_writer *w = file->body;
    const char *type = file->self->type_name;
    uint32_t count = decl->as.struct_.field_count;
    pc_blank(w);
    bool defaults = false;
    for (uint32_t i = 0; i < count; i++)
        defaults = defaults || fields[i].field->default_value;
    ts_line(w, "/** %s `%s` from its fields%s. */", article_capital(type), type,
            defaults ? "; those with a default may be left out" : "");
    if (!defaults) {
        ts_block(w,
                 "export function create%s(init: %s): %s {\n"
                 "  return { ...init };\n"
                 "}\n",
                 file->self->base, type, type);
        return;
    }
    ts_write(w, "export function create%s(init: ", file->self->base);
    ts_write(w, "rt.Init<%s, ", type);
    bool first = true;
    for (uint32_t i = 0; i < count; i++) {
        if (!fields[i].field->default_value)
            continue;
        ts_write(w, "%s\"%s\"", first ? "" : " | ", fields[i].prop);
        first = false;
    }
    ts_open(w, ">): %s {", type);
    ts_open(w, "return {");
    ts_line(w, "...init,");
    for (uint32_t i = 0; i < count; i++) {
        const pc_field *field = fields[i].field;
        const char *p = fields[i].prop;
        if (!field->default_value)
            continue;
        ts_write(w, "%s: init.%s !== undefined ? init.%s : ", p, p, p);
        ts_write_default(file, field);
        ts_line(w, ",");
    }
    ts_close(w, "};");
    ts_close(w, "}");
}

static const char *field_reader_helper(const pc_field *field, bool admits_null)
{
    if (field->default_value)
        return admits_null ? "rt.defNull" : "rt.def";
    if (field->optional)
        return admits_null ? "rt.optNull" : "rt.opt";
    return admits_null ? "rt.reqNull" : "rt.req";
}

static void write_struct_decode(ts_file *file, const pc_decl *decl, const field_info *fields)
{
    pc_writer *w = file->body;
    const char *type = file->self->type_name;
    uint32_t count = decl->as.struct_.field_count;
    pc_blank(w);
    if (count == 0) {
        ts_block(w,
                 "/** Reads %s `%s` from a JSON value; throws rt.PayloadError. */\n"
                 "export function decode%s(json: unknown): %s {\n"
                 "  rt.object(json);\n"
                 "  return {};\n"
                 "}\n",
                 article(type), type, file->self->base, type);
        return;
    }
    /* Keys are read in declaration order (an object literal evaluates in source order), so that
     * of several problems the first declared is reported, the same in every language. Optional
     * fields are spread in: absent stays absent. */
    ts_block(w,
             "/** Reads %s `%s` from a JSON value; throws rt.PayloadError. */\n"
             "export function decode%s(json: unknown): %s {\n"
             "  const o = rt.object(json);\n"
             "  return {\n",
             article(type), type, file->self->base, type);
    pc_indent(w);
    pc_indent(w);
    for (uint32_t i = 0; i < count; i++) {
        const pc_field *field = fields[i].field;
        const pc_type *type_read = field->type->kind == PC_TYPE_NULLABLE ? field->type->as.element
                                                                         : field->type;
        const char *helper = field_reader_helper(field, fields[i].admits_null);
        const char *reader = ts_reader_expr(file, type_read);
        if (field->optional) {
            ts_line(w, "...%s(o, %s, %s, \"%s\"),", helper, fields[i].key, reader,
                    fields[i].prop);
        } else if (!field->default_value) {
            ts_line(w, "%s: %s(o, %s, %s),", fields[i].prop, helper, fields[i].key, reader);
        } else {
            ts_write(w, "%s: %s(o, %s, %s, ", fields[i].prop, helper, fields[i].key, reader);
            ts_write_default(file, field);
            ts_line(w, "),");
        }
    }
    pc_dedent(w);
    pc_dedent(w);
    ts_block(w, "  };\n}\n");
}

static void write_struct_encode(ts_file *file, const pc_decl *decl, const field_info *fields)
{
    ts_ctx *ctx = file->ctx;
    pc_writer *w = file->body;
    uint32_t count = decl->as.struct_.field_count;
    const char *type = file->self->type_name;
    pc_blank(w);
    ts_block(w,
             "/** The JSON value of %s `%s`. */\n"
             "export function encode%s(%svalue: %s): rt.JsonObject {\n"
             "  %s\n",
             article(type), type, file->self->base, count ? "" : "_", type,
             count ? "const o = rt.newObject();" : "return rt.newObject();\n}");
    if (count == 0)
        return;
    pc_indent(w);
    for (uint32_t i = 0; i < count; i++) {
        const pc_field *field = fields[i].field;
        const char *p = fields[i].prop;
        const char *guard = field->optional ? "if (value." : "";
        const char *guard_end = field->optional ? " !== undefined) " : "";
        if (ts_encodes_as_is(ctx, field->type))
            ts_line(w, "%s%s%so[%s] = value.%s;", guard, field->optional ? p : "", guard_end,
                    fields[i].key, p);
        else if (field->type->kind == PC_TYPE_NULLABLE)
            ts_line(w, "%s%s%srt.putNull(o, %s, value.%s, %s);", guard, field->optional ? p : "",
                    guard_end, fields[i].key, p, ts_writer_expr(file, field->type->as.element));
        else
            ts_line(w, "%s%s%srt.put(o, %s, value.%s, %s);", guard, field->optional ? p : "",
                    guard_end, fields[i].key, p, ts_writer_expr(file, field->type));
    }
    pc_dedent(w);
    ts_block(w, "  return o;\n}\n");
}

static bool field_needs_checks(const ts_ctx *ctx, const pc_field *field)
{
    return ts_has_constraints(&field->constraints) || ts_type_needs_validation(ctx, field->type);
}

static void write_struct_validate(ts_file *file, const pc_decl *decl, const field_info *fields)
{
    ts_ctx *ctx = file->ctx;
    pc_writer *w = file->body;
    bool any = false;
    for (uint32_t i = 0; i < decl->as.struct_.field_count && !any; i++)
        any = field_needs_checks(ctx, fields[i].field);
    if (!any) {
        write_no_validation(file);
        return;
    }
    pc_blank(w);
    write_validate_doc(w, file->self->type_name);
    ts_open(w, "export function validate%s(value: %s): readonly rt.Violation[] {",
            file->self->base, file->self->type_name);
    ts_line(w, "let out = rt.none();");
    for (uint32_t i = 0; i < decl->as.struct_.field_count; i++) {
        const pc_field *field = fields[i].field;
        if (!field_needs_checks(ctx, field))
            continue;
        const char *expr = ts_concat(ctx, "value.", fields[i].prop);
        /* Constraints skip absent and null values. */
        bool guard = field->optional || fields[i].admits_null;
        if (guard)
            ts_open(w, "if (%s%s%s%s%s) {", field->optional ? expr : "",
                    field->optional ? " !== undefined" : "",
                    field->optional && fields[i].admits_null ? " && " : "",
                    fields[i].admits_null ? expr : "", fields[i].admits_null ? " !== null" : "");
        ts_write_checks(file, field->type, &field->constraints, expr,
                        ts_pointer_literal(ctx, field->wire));
        if (guard)
            ts_close(w, "}");
    }
    ts_line(w, "return out;");
    ts_close(w, "}");
}

static void write_error_class(ts_file *file, const pc_decl *decl)
{
    pc_writer *w = file->body;
    const char *name = file->self->error_class;
    pc_blank(w);
    ts_line(w, "/** The `%s` error response (HTTP %d), as clients throw it. */",
            file->self->type_name, decl->as.struct_.status);
    ts_open(w, "export class %s extends rt.ApiError<%s> {", name, file->self->type_name);
    ts_open(w, "constructor(body: %s) {", file->self->type_name);
    ts_line(w, "super(%d, body, \"%s\");", decl->as.struct_.status, name);
    ts_close(w, "}");
    ts_close(w, "}");
}

static void emit_struct(ts_file *file)
{
    const pc_decl *decl = file->self->decl;
    field_info *fields = struct_fields(file, decl);
    if (!fields)
        return;
    write_interface(file, decl, fields);
    write_create(file, decl, fields);
    write_struct_decode(file, decl, fields);
    write_struct_encode(file, decl, fields);
    write_struct_validate(file, decl, fields);
    write_codec_functions(file);
    if (decl->as.struct_.status)
        write_error_class(file, decl);
}

/* ---- enums ---- */

static void emit_enum(ts_file *file)
{
    ts_ctx *ctx = file->ctx;
    const pc_decl *decl = file->self->decl;
    pc_writer *w = file->body;
    const char *type = file->self->type_name, *base = file->self->base;
    bool open = decl->as.enum_.open;
    uint32_t count = decl->as.enum_.member_count;
    ts_write_doc(w, decl->meta.doc, &decl->meta, NULL);
    bool multiline = count + open > 3;
    ts_write(w, "export type %s =", type);
    if (multiline)
        pc_indent(w);
    for (uint32_t i = 0; i < count; i++) {
        const pc_member *member = decl->as.enum_.members[i];
        if (multiline) {
            pc_newline(w);
            ts_write(w, "| ");
        } else {
            ts_write(w, i ? " | " : " ");
        }
        write_key(w, member->wire);
    }
    if (open) {
        if (multiline) {
            pc_newline(w);
            ts_write(w, "| (string & {})");
        } else {
            ts_write(w, " | (string & {})");
        }
    }
    ts_line(w, ";");
    if (multiline)
        pc_dedent(w);
    pc_blank(w);
    ts_line(w, "/** The members of `%s` by name, with their wire values. */", type);
    ts_open(w, "export const %s = {", type);
    for (uint32_t i = 0; i < count; i++) {
        const pc_member *member = decl->as.enum_.members[i];
        ts_write_doc(w, member->meta.doc, &member->meta, NULL);
        ts_write(w, "%s: ", ts_property(ctx, member->name));
        write_key(w, member->wire);
        ts_line(w, ",");
    }
    ts_close(w, "} as const;");

    pc_blank(w);
    write_decode_doc(w, type);
    ts_open(w, "export function decode%s(json: unknown): %s {", base, type);
    if (open) {
        ts_line(w, "return rt.string(json);");
    } else {
        ts_line(w, "const value = rt.string(json);");
        ts_open(w, "switch (value) {");
        for (uint32_t i = 0; i < count; i++) {
            ts_write(w, "case ");
            write_key(w, decl->as.enum_.members[i]->wire);
            ts_line(w, ":");
        }
        pc_indent(w);
        ts_line(w, "return value;");
        pc_dedent(w);
        ts_line(w, "default:");
        pc_indent(w);
        ts_line(w, "return rt.unknownMember(value, \"%s\");", type);
        pc_dedent(w);
        ts_close(w, "}");
    }
    ts_close(w, "}");
    pc_blank(w);
    ts_block(w,
             "/** The JSON value of %s `%s`. */\n"
             "export function encode%s(value: %s): rt.JsonValue {\n"
             "  return value;\n"
             "}\n",
             article(type), type, base, type);
    write_no_validation(file);
    write_codec_functions(file);
}

/* ---- unions ---- */

static void write_tag_access(pc_writer *w, const ts_decl *self, const char *object)
{
    if (self->tag_quoted) {
        ts_write(w, "%s[", object);
        ts_write_cstring(w, self->tag_property);
        ts_write(w, "]");
    } else {
        ts_write(w, "%s.%s", object, self->tag_property);
    }
}

static void write_tag_property(pc_writer *w, const ts_decl *self)
{
    if (self->tag_quoted)
        ts_write_cstring(w, self->tag_property);
    else
        ts_write(w, "%s", self->tag_property);
}

static void emit_union(ts_file *file)
{
    const pc_decl *decl = file->self->decl;
    const ts_decl *self = file->self;
    pc_writer *w = file->body;
    const char *type = self->type_name, *base = self->base;
    bool open = decl->as.union_.open;
    uint32_t count = decl->as.union_.variant_count;
    pc_str disc = decl->as.union_.discriminator;
    const char *disc_literal = key_literal(file->ctx, disc);
    ts_write_doc(w, decl->meta.doc, &decl->meta, NULL);
    bool multiline = count + open > 3;
    ts_write(w, "export type %s =", type);
    if (multiline)
        pc_indent(w);
    for (uint32_t i = 0; i <= count; i++) {
        const char *name = i < count ? self->variant_names[i] : open ? self->unknown_name : NULL;
        if (!name)
            break;
        if (multiline) {
            pc_newline(w);
            ts_write(w, "| %s", name);
        } else {
            ts_write(w, "%s%s", i ? " | " : " ", name);
        }
    }
    ts_line(w, ";");
    if (multiline)
        pc_dedent(w);
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        pc_blank(w);
        const char *doc = variant->meta.doc
                              ? variant->meta.doc
                              : ts_format(file->ctx, "The `%.*s` variant of `%s`.",
                                          (int)variant->wire.len, variant->wire.ptr, type);
        ts_write_doc(w, doc, &variant->meta, NULL);
        ts_write(w, "export interface %s extends ", self->variant_names[i]);
        ts_write_type(file, variant->target);
        ts_open(w, " {");
        ts_write(w, "readonly ");
        write_tag_property(w, self);
        ts_write(w, ": ");
        write_key(w, variant->wire);
        ts_line(w, ";");
        ts_close(w, "}");
    }
    if (open) {
        pc_blank(w);
        ts_line(w, "/** %s `%s` whose tag this version does not know, kept whole. */",
                article_capital(type), type);
        ts_open(w, "export interface %s {", self->unknown_name);
        ts_write(w, "readonly ");
        write_tag_property(w, self);
        ts_line(w, ": typeof rt.UNKNOWN;");
        ts_line(w, "/** The tag as read. */");
        ts_line(w, "readonly tag: string;");
        ts_line(w, "/** The whole object as read, written back unchanged. */");
        ts_line(w, "readonly raw: rt.JsonObject;");
        ts_close(w, "}");
    }

    pc_blank(w);
    write_decode_doc(w, type);
    ts_open(w, "export function decode%s(json: unknown): %s {", base, type);
    ts_line(w, "const o = rt.object(json);");
    ts_line(w, "const tag = rt.tag(o, %s);", disc_literal);
    ts_open(w, "switch (tag) {");
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        ts_write(w, "case ");
        write_key(w, variant->wire);
        ts_line(w, ":");
        pc_indent(w);
        ts_write(w, "return { ");
        write_tag_property(w, self);
        ts_write(w, ": ");
        write_key(w, variant->wire);
        ts_write(w, ", ...");
        ts_write_reader(file, variant->target);
        ts_line(w, "(o) };");
        pc_dedent(w);
    }
    ts_line(w, "default:");
    pc_indent(w);
    if (open) {
        ts_write(w, "return { ");
        write_tag_property(w, self);
        ts_line(w, ": rt.UNKNOWN, tag, raw: rt.keep(o) };");
    } else {
        ts_line(w, "return rt.unknownTag(%s, tag, \"%s\");", disc_literal, type);
    }
    pc_dedent(w);
    ts_close(w, "}");
    ts_close(w, "}");

    pc_blank(w);
    write_encode_doc(w, type);
    ts_open(w, "export function encode%s(value: %s): rt.JsonObject {", base, type);
    ts_write(w, "switch (");
    write_tag_access(w, self, "value");
    ts_open(w, ") {");
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        ts_write(w, "case ");
        write_key(w, variant->wire);
        ts_line(w, ":");
        pc_indent(w);
        ts_write(w, "return rt.tagged(%s, ", disc_literal);
        write_key(w, variant->wire);
        ts_write(w, ", ");
        ts_write_writer(file, variant->target);
        ts_line(w, "(value));");
        pc_dedent(w);
    }
    if (open) {
        ts_line(w, "case rt.UNKNOWN:");
        pc_indent(w);
        ts_line(w, "return rt.encodeKept(value.raw);");
        pc_dedent(w);
    }
    ts_line(w, "default:");
    pc_indent(w);
    ts_line(w, "return rt.badVariant(value);");
    pc_dedent(w);
    ts_close(w, "}");
    ts_close(w, "}");

    bool any = self->needs_validation;
    if (!any) {
        write_no_validation(file);
        write_codec_functions(file);
        return;
    }
    pc_blank(w);
    write_validate_doc(w, type);
    ts_open(w, "export function validate%s(value: %s): readonly rt.Violation[] {", base, type);
    /* Only the variants with something to check. */
    ts_write(w, "switch (");
    write_tag_access(w, self, "value");
    ts_open(w, ") {");
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        if (!ts_type_needs_validation(file->ctx, variant->target))
            continue;
        ts_write(w, "case ");
        write_key(w, variant->wire);
        ts_line(w, ":");
        pc_indent(w);
        ts_write(w, "return ");
        ts_write_validator(file, variant->target);
        ts_line(w, "(value);");
        pc_dedent(w);
    }
    ts_line(w, "default:");
    pc_indent(w);
    ts_line(w, "return rt.none();");
    pc_dedent(w);
    ts_close(w, "}");
    ts_close(w, "}");
    write_codec_functions(file);
}

/* ---- aliases ---- */

static void emit_alias(ts_file *file)
{
    const pc_decl *decl = file->self->decl;
    pc_writer *w = file->body;
    const char *type = file->self->type_name, *base = file->self->base;
    const pc_type *target = decl->as.alias.target;
    ts_write_doc(w, decl->meta.doc, &decl->meta, NULL);
    ts_write(w, "export type %s = ", type);
    ts_write_type(file, target);
    ts_line(w, ";");

    pc_blank(w);
    write_decode_doc(w, type);
    ts_open(w, "export function decode%s(json: unknown): %s {", base, type);
    ts_write(w, "return ");
    ts_write_read(file, target, "json");
    ts_line(w, ";");
    ts_close(w, "}");

    pc_blank(w);
    write_encode_doc(w, type);
    ts_open(w, "export function encode%s(value: %s): rt.JsonValue {", base, type);
    ts_write(w, "return ");
    ts_write_write(file, target, "value");
    ts_line(w, ";");
    ts_close(w, "}");

    bool any = file->self->needs_validation;
    if (!any) {
        write_no_validation(file);
        write_codec_functions(file);
        return;
    }
    pc_blank(w);
    write_validate_doc(w, type);
    ts_open(w, "export function validate%s(value: %s): readonly rt.Violation[] {", base, type);
    ts_line(w, "let out = rt.none();");
    bool guard = ts_admits_null(target);
    if (guard)
        ts_open(w, "if (value !== null) {");
    ts_write_checks(file, target, &decl->as.alias.constraints, "value", "\"\"");
    if (guard)
        ts_close(w, "}");
    ts_line(w, "return out;");
    ts_close(w, "}");
    write_codec_functions(file);
}

void ts_emit_decl(ts_file *file)
{
    pc_blank(file->body);
    switch (file->self->decl->kind) {
    case PC_DECL_STRUCT:
        emit_struct(file);
        break;
    case PC_DECL_ENUM:
        emit_enum(file);
        break;
    case PC_DECL_UNION:
        emit_union(file);
        break;
    case PC_DECL_ALIAS:
        emit_alias(file);
        break;
    case PC_DECL_SERVICE:
        break;
    }
}
