/* Structs, enums, unions and aliases: Scala types, their codecs and validation. */
#include <stdio.h>
#include <string.h>

#include "scala.h"

/* ---- types and codec expressions ---- */

static const sc_decl *info_of(const sc_ctx *ctx, const pc_decl *decl)
{
    return &ctx->decls[decl->index];
}

/* A declaration by its simple name inside its own package, else by its full name. */
static void decl_ref(sc_ctx *ctx, const pc_decl *decl, bool qualify)
{
    const sc_decl *info = info_of(ctx, decl);
    if (qualify || info->package != ctx->current)
        sc_wn(ctx->w, info->qualified, info->qualified_length);
    else
        sc_wn(ctx->w, info->name, info->name_length);
}

void sc_type(sc_ctx *ctx, uint32_t shadowed, const pc_type *type, bool qualify)
{
    pc_writer *w = ctx->w;
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE: {
        static const sc_std primitive_std[PC_PRIM_COUNT] = {
            [PC_PRIM_BOOL] = SC_BOOLEAN,   [PC_PRIM_INT32] = SC_INT,
            [PC_PRIM_INT64] = SC_LONG,     [PC_PRIM_FLOAT64] = SC_DOUBLE,
            [PC_PRIM_STRING] = SC_STRING,  [PC_PRIM_BYTES] = SC_BYTES,
            [PC_PRIM_DATE] = SC_LOCALDATE, [PC_PRIM_DATETIME] = SC_DATETIME,
            [PC_PRIM_UUID] = SC_UUID,      [PC_PRIM_DECIMAL] = SC_DECIMAL,
            [PC_PRIM_JSON] = SC_JSON};
        sc_std_write(ctx, shadowed, primitive_std[type->as.primitive]);
        return;
    }
    case PC_TYPE_LIST:
        sc_std_write(ctx, shadowed, SC_VECTOR);
        sc_w(w, "[");
        sc_type(ctx, shadowed, type->as.element, qualify);
        sc_w(w, "]");
        return;
    case PC_TYPE_MAP:
        sc_std_write(ctx, shadowed, SC_MAP);
        sc_w(w, "[");
        sc_std_write(ctx, shadowed, SC_STRING);
        sc_w(w, ", ");
        sc_type(ctx, shadowed, type->as.element, qualify);
        sc_w(w, "]");
        return;
    case PC_TYPE_NULLABLE:
        /* Nullability does not stack: T? of an already nullable alias is the alias. */
        if (pc_type_is_nullable(type->as.element)) {
            sc_type(ctx, shadowed, type->as.element, qualify);
            return;
        }
        sc_std_write(ctx, shadowed, SC_OPTION);
        sc_w(w, "[");
        sc_type(ctx, shadowed, type->as.element, qualify);
        sc_w(w, "]");
        return;
    case PC_TYPE_NAMED:
        decl_ref(ctx, type->as.decl, qualify);
        return;
    case PC_TYPE_UNRESOLVED:
        break;
    }
    sc_w(w, "Nothing");
}

void sc_codec(sc_ctx *ctx, const pc_type *type, bool qualify)
{
    pc_writer *w = ctx->w;
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE: {
#define CODEC(name)                                                                                \
    {                                                                                              \
        "rt.Codec." name, sizeof "rt.Codec." name - 1                                              \
    }
        static const pc_str names[PC_PRIM_COUNT] = {
            [PC_PRIM_BOOL] = CODEC("bool"),     [PC_PRIM_INT32] = CODEC("int"),
            [PC_PRIM_INT64] = CODEC("long"),    [PC_PRIM_FLOAT64] = CODEC("double"),
            [PC_PRIM_STRING] = CODEC("string"), [PC_PRIM_BYTES] = CODEC("bytes"),
            [PC_PRIM_DATE] = CODEC("date"),     [PC_PRIM_DATETIME] = CODEC("dateTime"),
            [PC_PRIM_UUID] = CODEC("uuid"),     [PC_PRIM_DECIMAL] = CODEC("decimal"),
            [PC_PRIM_JSON] = CODEC("json")};
#undef CODEC
        ctx->used_rt = true;
        sc_ws(w, names[type->as.primitive]);
        return;
    }
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        sc_rt(ctx);
        sc_w(w, type->kind == PC_TYPE_LIST ? "Codec.list(" : "Codec.map(");
        sc_codec(ctx, type->as.element, qualify);
        sc_w(w, ")");
        return;
    case PC_TYPE_NULLABLE:
        if (pc_type_is_nullable(type->as.element)) {
            sc_codec(ctx, type->as.element, qualify);
            return;
        }
        sc_rt(ctx);
        sc_w(w, "Codec.nullable(");
        sc_codec(ctx, type->as.element, qualify);
        sc_w(w, ")");
        return;
    case PC_TYPE_NAMED:
        decl_ref(ctx, type->as.decl, qualify);
        return;
    case PC_TYPE_UNRESOLVED:
        break;
    }
    sc_w(w, "???");
}

bool sc_constraints_any(const pc_constraints *c)
{
    return c->min || c->max || c->has_min_length || c->has_max_length || c->has_min_items ||
           c->has_max_items || c->pattern;
}

bool sc_type_validates(sc_ctx *ctx, const pc_type *type)
{
    while (type) {
        switch (type->kind) {
        case PC_TYPE_LIST:
        case PC_TYPE_MAP:
        case PC_TYPE_NULLABLE:
            type = type->as.element;
            continue;
        case PC_TYPE_NAMED:
            return ctx->decls[type->as.decl->index].validates;
        default:
            return false;
        }
    }
    return false;
}

/* A float64 as a Scala Double literal. */
static void write_double(pc_writer *w, double value)
{
    char text[PL_JSON_FLOAT64_MAX + 4];
    size_t length = pl_json_format_float64(value, text);
    if (length == 0) {
        sc_w(w, "0.0");
        return;
    }
    if (!memchr(text, '.', length) && !memchr(text, 'e', length)) {
        memcpy(text + length, ".0", 3);
        length += 2;
    }
    pc_str literal = {text, (uint32_t)length};
    sc_ws(w, literal);
}

static void write_bound(pc_writer *w, const pc_value *value, bool integer)
{
    if (integer) {
        sc_wint(w, value->kind == PC_VALUE_INT ? value->as.integer.value
                                               : (int64_t)pc_value_number(value));
        sc_w(w, "L");
    } else {
        write_double(w, pc_value_number(value));
    }
}

void sc_default(sc_ctx *ctx, uint32_t shadowed, const pc_type *type, const pc_value *value,
                bool qualify)
{
    pc_writer *w = ctx->w;
    const pc_type *base = pc_type_unalias(type, true);
    bool json = base->kind == PC_TYPE_PRIMITIVE && base->as.primitive == PC_PRIM_JSON;
    if (value->kind == PC_VALUE_NULL && !(json && !pc_type_is_nullable(type))) {
        sc_std_write(ctx, shadowed, SC_NONE);
        return;
    }
    bool wrap = pc_type_is_nullable(type);
    if (wrap) {
        sc_std_write(ctx, shadowed, SC_SOME);
        sc_w(w, "(");
    }
    if (json) {
        sc_std_write(ctx, shadowed, SC_JSON);
        switch (value->kind) {
        case PC_VALUE_STRING:
            sc_w(w, ".Str(");
            sc_write_string(w, value->as.string.ptr, value->as.string.len);
            sc_w(w, ")");
            break;
        case PC_VALUE_INT:
        case PC_VALUE_FLOAT:
            sc_w(w, ".Num(");
            sc_write_string(w, value->raw.ptr, value->raw.len);
            sc_w(w, ")");
            break;
        case PC_VALUE_TRUE:
            sc_w(w, ".Bool(true)");
            break;
        case PC_VALUE_FALSE:
            sc_w(w, ".Bool(false)");
            break;
        case PC_VALUE_EMPTY_LIST:
            sc_w(w, ".Arr(");
            sc_std_write(ctx, shadowed, SC_VECTOR);
            sc_w(w, ".empty)");
            break;
        case PC_VALUE_EMPTY_MAP:
            sc_w(w, ".Obj(");
            sc_std_write(ctx, shadowed, SC_VECTOR);
            sc_w(w, ".empty)");
            break;
        default:
            sc_w(w, ".Null");
            break;
        }
    } else if (value->kind == PC_VALUE_EMPTY_LIST) {
        sc_std_write(ctx, shadowed, SC_VECTOR);
        sc_w(w, ".empty");
    } else if (value->kind == PC_VALUE_EMPTY_MAP) {
        sc_std_write(ctx, shadowed, SC_MAP);
        sc_w(w, ".empty");
    } else if (value->kind == PC_VALUE_NAME && base->kind == PC_TYPE_NAMED && value->member) {
        decl_ref(ctx, base->as.decl, qualify);
        sc_w(w, ".");
        sc_w(w, sc_type_name(ctx, value->member->name));
    } else if (value->kind == PC_VALUE_TRUE || value->kind == PC_VALUE_FALSE) {
        sc_w(w, value->kind == PC_VALUE_TRUE ? "true" : "false");
    } else if (base->kind == PC_TYPE_PRIMITIVE) {
        switch (base->as.primitive) {
        case PC_PRIM_INT32:
            sc_wint(w, value->as.integer.value);
            break;
        case PC_PRIM_INT64:
            sc_wint(w, value->as.integer.value);
            sc_w(w, "L");
            break;
        case PC_PRIM_FLOAT64:
            write_double(w, pc_value_number(value));
            break;
        case PC_PRIM_STRING:
            sc_write_string(w, value->as.string.ptr, value->as.string.len);
            break;
        case PC_PRIM_BYTES:
            sc_std_write(ctx, shadowed, SC_BYTES);
            sc_w(w, ".fromBase64(");
            sc_write_string(w, value->as.string.ptr, value->as.string.len);
            sc_w(w, ")");
            break;
        case PC_PRIM_DATE:
            sc_std_write(ctx, shadowed, SC_LOCALDATE);
            sc_w(w, ".parse(");
            sc_write_string(w, value->as.string.ptr, value->as.string.len);
            sc_w(w, ")");
            break;
        case PC_PRIM_DATETIME:
            sc_std_write(ctx, shadowed, SC_DATETIME);
            sc_w(w, ".parse(");
            sc_write_string(w, value->as.string.ptr, value->as.string.len);
            sc_w(w, ")");
            break;
        case PC_PRIM_UUID:
            sc_std_write(ctx, shadowed, SC_UUID);
            sc_w(w, ".fromString(");
            sc_write_string(w, value->as.string.ptr, value->as.string.len);
            sc_w(w, ")");
            break;
        case PC_PRIM_DECIMAL:
            sc_std_write(ctx, shadowed, SC_DECIMAL);
            sc_w(w, "(");
            sc_write_string(w, value->as.string.ptr, value->as.string.len);
            sc_w(w, ")");
            break;
        default:
            sc_w(w, "???");
            break;
        }
    } else {
        sc_w(w, "???");
    }
    if (wrap)
        sc_w(w, ")");
}

/* ---- validation ---- */

/* The checks of one constraint set on the unwrapped value `x`. */
static void write_checks(sc_ctx *ctx, const pc_constraints *c, const pc_type *type, const char *x,
                         const char *path, const char *key)
{
    pc_writer *w = ctx->w;
    const pc_type *base = pc_type_unalias(type, true);
    bool integer = base->kind == PC_TYPE_PRIMITIVE &&
                   (base->as.primitive == PC_PRIM_INT32 || base->as.primitive == PC_PRIM_INT64);
    struct {
        bool present;
        const char *method;
        const pc_value *bound;
        uint64_t count;
    } checks[] = {
        {c->min != NULL, integer ? "minInt" : "minFloat", c->min, 0},
        {c->max != NULL, integer ? "maxInt" : "maxFloat", c->max, 0},
        {c->has_min_length, "minLength", NULL, c->min_length},
        {c->has_max_length, "maxLength", NULL, c->max_length},
        {c->has_min_items, "minItems", NULL, c->min_items},
        {c->has_max_items, "maxItems", NULL, c->max_items},
        {c->pattern != NULL, "pattern", NULL, 0},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (!checks[i].present)
            continue;
        sc_w(w, "o.");
        sc_w(w, checks[i].method);
        sc_w(w, "(");
        sc_w(w, path);
        sc_w(w, ", ");
        if (key)
            sc_write_string(w, key, strlen(key));
        else
            sc_w(w, "null");
        sc_w(w, ", ");
        sc_w(w, x);
        /* minItems, maxItems: the count of elements or entries */
        bool items =
            strcmp(checks[i].method, "minItems") == 0 || strcmp(checks[i].method, "maxItems") == 0;
        if (items)
            sc_w(w, ".size");
        sc_w(w, ", ");
        if (checks[i].bound) {
            write_bound(w, checks[i].bound, integer);
        } else if (c->pattern && strcmp(checks[i].method, "pattern") == 0) {
            const char *regex = sc_java_regex(ctx, c->pattern->as.string);
            sc_write_string(w, regex, strlen(regex));
        } else {
            sc_wint(w, (int64_t)checks[i].count);
            sc_w(w, "L");
        }
        sc_w(w, ")");
        sc_nl(w);
    }
}

typedef enum layer { LAYER_NONE, LAYER_SOME, LAYER_PATCH } layer;

/* Opens `access match { case PATTERN =>` for up to two layers around x; returns whether it
 * opened one. */
static bool open_match(sc_ctx *ctx, uint32_t shadowed, const char *access, layer outer, layer inner)
{
    pc_writer *w = ctx->w;
    if (outer == LAYER_NONE && inner == LAYER_NONE)
        return false;
    sc_w(w, access);
    sc_w(w, " match {");
    sc_nl(w);
    pc_indent(w);
    sc_w(w, "case ");
    layer layers[2] = {outer, inner};
    int open = 0;
    for (int i = 0; i < 2; i++) {
        if (layers[i] == LAYER_SOME) {
            sc_std_write(ctx, shadowed, SC_SOME);
            sc_w(w, "(");
            open++;
        } else if (layers[i] == LAYER_PATCH) {
            sc_rt(ctx);
            sc_w(w, "Patch.Value(");
            open++;
        }
    }
    sc_w(w, "x");
    while (open-- > 0)
        sc_w(w, ")");
    sc_w(w, " =>");
    sc_nl(w);
    pc_indent(w);
    return true;
}

static void close_match(pc_writer *w, bool opened)
{
    if (!opened)
        return;
    pc_dedent(w);
    sc_w(w, "case _ =>");
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}

void sc_validate_field(sc_ctx *ctx, uint32_t shadowed, const pc_type *type,
                       const pc_constraints *constraints, bool optional, const char *access,
                       const char *path, const char *key)
{
    pc_writer *w = ctx->w;
    bool patch =
        optional && type->kind == PC_TYPE_NULLABLE && !pc_type_is_nullable(type->as.element);
    layer outer = patch ? LAYER_PATCH : optional ? LAYER_SOME : LAYER_NONE;
    if (sc_constraints_any(constraints)) {
        layer inner = !patch && pc_type_is_nullable(type) ? LAYER_SOME : LAYER_NONE;
        bool opened = open_match(ctx, shadowed, access, outer, inner);
        write_checks(ctx, constraints, type, opened ? "x" : access, path, key);
        close_match(w, opened);
    }
    if (sc_type_validates(ctx, type)) {
        bool opened = open_match(ctx, shadowed, access, outer, LAYER_NONE);
        sc_codec(ctx, patch ? type->as.element : type, false);
        sc_w(w, ".validateValue(");
        sc_w(w, opened ? "x" : access);
        sc_w(w, ", ");
        sc_w(w, path);
        if (key) {
            sc_w(w, " / ");
            sc_write_string(w, key, strlen(key));
        }
        sc_w(w, ", o)");
        sc_nl(w);
        close_match(w, opened);
    }
}

/* ---- structs ---- */

static void deprecated_annotation(pc_writer *w, const pc_meta *meta)
{
    sc_w(w, "@deprecated(");
    sc_write_string(w, meta->deprecated_reason.ptr, meta->deprecated_reason.len);
    sc_w(w, ", \"\")");
    sc_nl(w);
}

/* The reason of a deprecation for a Scaladoc note. */
static const char *deprecation_note(sc_ctx *ctx, const pc_meta *meta)
{
    if (!meta->deprecated)
        return NULL;
    if (!meta->deprecated_reason.len)
        return "Deprecated.";
    return pl_arena_strdup(ctx->arena, meta->deprecated_reason.ptr, meta->deprecated_reason.len);
}

static void append_text(pl_buf *buf, const char *text)
{
    pl_buf_append(buf, text, strlen(text));
}

/* A struct's Scaladoc: its own doc, then @param lines for documented or deprecated fields
 * (a case class parameter cannot carry @deprecated without Scala 2.11 warning in the
 * synthetic methods, so a field's deprecation is written here). */
static void struct_doc(sc_ctx *ctx, const pc_decl *decl, const char **names, bool annotated)
{
    pl_buf doc;
    pl_buf_init(&doc);
    if (decl->meta.doc)
        append_text(&doc, decl->meta.doc);
    bool first = true;
    for (uint32_t i = 0; i < decl->as.struct_.field_count; i++) {
        const pc_field *field = decl->as.struct_.fields[i];
        if (!field->meta.doc && !field->meta.deprecated)
            continue;
        if (first && doc.len)
            append_text(&doc, "\n\n");
        else if (!first)
            append_text(&doc, "\n");
        first = false;
        append_text(&doc, "@param ");
        append_text(&doc, names[i]);
        append_text(&doc, " ");
        /* Continuation lines of a field's doc are indented under its @param. */
        for (const char *at = field->meta.doc; at && *at;) {
            const char *newline = strchr(at, '\n');
            size_t length = newline ? (size_t)(newline - at) + 1 : strlen(at);
            pl_buf_append(&doc, at, length);
            if (newline)
                append_text(&doc, "  ");
            at += length;
        }
        if (field->meta.deprecated) {
            append_text(&doc, field->meta.doc ? " Deprecated: " : "Deprecated: ");
            const char *note = deprecation_note(ctx, &field->meta);
            append_text(&doc, note);
        }
    }
    pl_buf_append_char(&doc, '\0');
    const char *note = !annotated ? deprecation_note(ctx, &decl->meta) : NULL;
    sc_write_doc(ctx->w, doc.len > 1 ? doc.data : NULL, note);
    pl_buf_free(&doc);
}

/* "name: Type = default" of a field or route parameter. */
void sc_param(sc_ctx *ctx, uint32_t shadowed, const pc_field *field, const char *name, bool qualify)
{
    pc_writer *w = ctx->w;
    sc_w(w, name);
    sc_w(w, sc_needs_space(name) ? " : " : ": ");
    const pc_type *type = field->type;
    bool patch =
        field->optional && type->kind == PC_TYPE_NULLABLE && !pc_type_is_nullable(type->as.element);
    if (patch) {
        sc_std_write(ctx, shadowed, SC_PATCH);
        sc_w(w, "[");
        sc_type(ctx, shadowed, type->as.element, qualify);
        sc_w(w, "] = ");
        sc_std_write(ctx, shadowed, SC_PATCH);
        sc_w(w, ".Absent");
    } else if (field->optional) {
        sc_std_write(ctx, shadowed, SC_OPTION);
        sc_w(w, "[");
        sc_type(ctx, shadowed, type, qualify);
        sc_w(w, "] = ");
        sc_std_write(ctx, shadowed, SC_NONE);
    } else {
        sc_type(ctx, shadowed, type, qualify);
        if (field->default_value) {
            sc_w(w, " = ");
            sc_default(ctx, shadowed, type, field->default_value, qualify);
        }
    }
}

/* The decoder's read of one field (or query parameter with `reader` "f"). */
void sc_field_read(sc_ctx *ctx, uint32_t shadowed, const pc_field *field, bool qualify)
{
    pc_writer *w = ctx->w;
    const pc_type *type = field->type;
    bool patch =
        field->optional && type->kind == PC_TYPE_NULLABLE && !pc_type_is_nullable(type->as.element);
    sc_w(w, patch                  ? "f.patch("
            : field->optional      ? "f.opt("
            : field->default_value ? "f.orElse("
                                   : "f.req(");
    sc_write_string(w, field->wire.ptr, field->wire.len);
    sc_w(w, ", ");
    sc_codec(ctx, patch ? type->as.element : type, qualify);
    sc_w(w, ")");
    if (field->default_value && !field->optional) {
        sc_w(w, "(");
        sc_default(ctx, shadowed, type, field->default_value, qualify);
        sc_w(w, ")");
    }
}

void sc_emit_struct(sc_ctx *ctx, const pc_decl *decl)
{
    pc_writer *w = ctx->w;
    const sc_decl *info = info_of(ctx, decl);
    uint32_t shadowed = ctx->current->shadowed;
    uint32_t count = decl->as.struct_.field_count;
    const char **names = info->fields;

    pc_blank(w);
    struct_doc(ctx, decl, names, info->deprecated);
    if (info->deprecated)
        deprecated_annotation(w, &decl->meta);
    sc_w(w, "final case class ");
    sc_w(w, info->name);
    if (count == 0) {
        sc_w(w, "()");
        sc_nl(w);
    } else {
        sc_w(w, "(");
        sc_nl(w);
        pc_indent(w);
        pc_indent(w);
        for (uint32_t i = 0; i < count; i++) {
            sc_param(ctx, shadowed, decl->as.struct_.fields[i], names[i], false);
            if (i + 1 < count)
                sc_w(w, ",");
            sc_nl(w);
        }
        pc_dedent(w);
        pc_dedent(w);
        sc_w(w, ")");
        sc_nl(w);
    }

    /* The companion is the codec. */
    pc_blank(w);
    if (info->deprecated)
        deprecated_annotation(w, &decl->meta);
    sc_w(w, "object ");
    sc_w(w, info->name);
    sc_w(w, " extends ");
    sc_rt(ctx);
    sc_w(w, "StructCodec[");
    sc_w(w, info->name);
    sc_w(w, "] {");
    sc_nl(w);
    pc_indent(w);

    sc_w(w, "def decodeValue(j: ");
    sc_rt(ctx);
    sc_w(w, "Json, p: ");
    sc_rt(ctx);
    sc_w(w, "Path): ");
    sc_w(w, info->name);
    sc_w(w, " = {");
    sc_nl(w);
    pc_indent(w);
    if (count == 0) {
        sc_w(w, "fields(j, p)");
        sc_nl(w);
        sc_w(w, "new ");
        sc_w(w, info->name);
        sc_w(w, "()");
        sc_nl(w);
    } else {
        sc_w(w, "val f = fields(j, p)");
        sc_nl(w);
        sc_w(w, "new ");
        sc_w(w, info->name);
        sc_w(w, "(");
        sc_nl(w);
        pc_indent(w);
        for (uint32_t i = 0; i < count; i++) {
            sc_field_read(ctx, shadowed, decl->as.struct_.fields[i], false);
            if (i + 1 < count)
                sc_w(w, ",");
            sc_nl(w);
        }
        pc_dedent(w);
        sc_w(w, ")");
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);

    pc_blank(w);
    sc_w(w, "def encodeFields(v: ");
    sc_w(w, info->name);
    sc_w(w, ", w: ");
    sc_rt(ctx);
    sc_w(w, "Writer): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    if (count == 0) {
        sc_w(w, " = ()");
        sc_nl(w);
    } else {
        sc_w(w, " = {");
        sc_nl(w);
        pc_indent(w);
        for (uint32_t i = 0; i < count; i++) {
            const pc_field *field = decl->as.struct_.fields[i];
            const pc_type *type = field->type;
            bool patch = field->optional && type->kind == PC_TYPE_NULLABLE &&
                         !pc_type_is_nullable(type->as.element);
            sc_w(w, patch ? "w.patch(" : field->optional ? "w.opt(" : "w.req(");
            sc_write_string(w, field->wire.ptr, field->wire.len);
            sc_w(w, ", v.");
            sc_w(w, names[i]);
            sc_w(w, ", ");
            sc_codec(ctx, patch ? type->as.element : type, false);
            sc_w(w, ")");
            sc_nl(w);
        }
        pc_dedent(w);
        sc_w(w, "}");
        sc_nl(w);
    }

    pc_blank(w);
    sc_w(w, "def validateValue(v: ");
    sc_w(w, info->name);
    sc_w(w, ", p: ");
    sc_rt(ctx);
    sc_w(w, "Path, o: ");
    sc_rt(ctx);
    sc_w(w, "Violations): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    if (!info->validates) {
        sc_w(w, " = ()");
        sc_nl(w);
    } else {
        sc_w(w, " = {");
        sc_nl(w);
        pc_indent(w);
        char access[160];
        for (uint32_t i = 0; i < count; i++) {
            const pc_field *field = decl->as.struct_.fields[i];
            if (!sc_constraints_any(&field->constraints) && !sc_type_validates(ctx, field->type))
                continue;
            size_t name_length = strlen(names[i]);
            if (name_length > sizeof access - 3)
                name_length = sizeof access - 3;
            memcpy(access, "v.", 2);
            memcpy(access + 2, names[i], name_length);
            access[name_length + 2] = '\0';
            char key[128];
            size_t key_length = field->wire.len < sizeof key - 1 ? field->wire.len : sizeof key - 1;
            memcpy(key, field->wire.ptr, key_length);
            key[key_length] = '\0';
            sc_validate_field(ctx, shadowed, field->type, &field->constraints, field->optional,
                              access, "p", key);
        }
        pc_dedent(w);
        sc_w(w, "}");
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}

/* ---- enums ---- */

void sc_emit_enum(sc_ctx *ctx, const pc_decl *decl)
{
    pc_writer *w = ctx->w;
    const sc_decl *info = info_of(ctx, decl);
    uint32_t count = decl->as.enum_.member_count;
    uint32_t shadowed = ctx->current->shadowed;
    const char *small[64];
    const char **names = count <= 64 ? small : pl_arena_alloc(ctx->arena, count * sizeof *names);
    if (!names)
        return;
    bool any_deprecated = false;
    const char *unknown = "Unknown";
    for (uint32_t i = 0; i < count; i++) {
        names[i] = sc_type_name(ctx, decl->as.enum_.members[i]->name);
        shadowed |= sc_std_bit(names[i]);
        if (strcmp(names[i], "Unknown") == 0)
            unknown = "UnknownValue";
        any_deprecated = any_deprecated || sc_member_deprecated(ctx, decl->as.enum_.members[i]);
    }

    pc_blank(w);
    sc_write_doc(w, decl->meta.doc, info->deprecated ? NULL : deprecation_note(ctx, &decl->meta));
    if (info->deprecated)
        deprecated_annotation(w, &decl->meta);
    sc_w(w, "sealed abstract class ");
    sc_w(w, info->name);
    sc_w(w, "(wire: ");
    sc_std_write(ctx, ctx->current->shadowed, SC_STRING);
    sc_w(w, ") extends ");
    sc_rt(ctx);
    sc_w(w, "EnumValue(wire)");
    sc_nl(w);

    pc_blank(w);
    if (info->deprecated)
        deprecated_annotation(w, &decl->meta);
    sc_w(w, "object ");
    sc_w(w, info->name);
    sc_w(w, " extends ");
    sc_rt(ctx);
    sc_w(w, "EnumCodec[");
    sc_w(w, info->name);
    sc_w(w, "](");
    sc_write_string(w, decl->name.ptr, decl->name.len);
    sc_w(w, ") {");
    sc_nl(w);
    pc_indent(w);
    for (uint32_t i = 0; i < count; i++) {
        const pc_member *member = decl->as.enum_.members[i];
        bool annotated = sc_member_deprecated(ctx, member);
        sc_write_doc(w, member->meta.doc, annotated ? NULL : deprecation_note(ctx, &member->meta));
        if (annotated)
            deprecated_annotation(w, &member->meta);
        sc_w(w, "case object ");
        sc_w(w, names[i]);
        sc_w(w, " extends ");
        sc_w(w, info->name);
        sc_w(w, "(");
        sc_write_string(w, member->wire.ptr, member->wire.len);
        sc_w(w, ")");
        sc_nl(w);
    }
    if (decl->as.enum_.open) {
        sc_w(w, "/** A value this version of the schema does not know, kept as it came. */");
        sc_nl(w);
        sc_w(w, "final case class ");
        sc_w(w, unknown);
        sc_w(w, "(override val wire: ");
        sc_std_write(ctx, shadowed, SC_STRING);
        sc_w(w, ") extends ");
        sc_w(w, info->name);
        sc_w(w, "(wire)");
        sc_nl(w);
    }
    pc_blank(w);
    /* Listing deprecated members from live code would warn; an override of an abstract
     * method may itself be deprecated without warning its callers. */
    if (any_deprecated && !info->deprecated) {
        sc_w(w, "@deprecated(\"lists deprecated members\", \"\")");
        sc_nl(w);
    }
    sc_w(w, "protected def members: ");
    sc_std_write(ctx, shadowed, SC_VECTOR);
    sc_w(w, "[");
    sc_w(w, info->name);
    sc_w(w, "] = ");
    sc_std_write(ctx, shadowed, SC_VECTOR);
    sc_w(w, "(");
    for (uint32_t i = 0; i < count; i++) {
        if (i)
            sc_w(w, ", ");
        sc_w(w, names[i]);
    }
    sc_w(w, ")");
    sc_nl(w);
    sc_w(w, "protected def unknown(wire: ");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, "): ");
    sc_std_write(ctx, shadowed, SC_OPTION);
    sc_w(w, "[");
    sc_w(w, info->name);
    sc_w(w, "] = ");
    if (decl->as.enum_.open) {
        sc_std_write(ctx, shadowed, SC_SOME);
        sc_w(w, "(");
        sc_w(w, unknown);
        sc_w(w, "(wire))");
    } else {
        sc_std_write(ctx, shadowed, SC_NONE);
    }
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}

/* ---- unions ---- */

void sc_emit_union(sc_ctx *ctx, const pc_decl *decl)
{
    pc_writer *w = ctx->w;
    const sc_decl *info = info_of(ctx, decl);
    uint32_t count = decl->as.union_.variant_count;
    uint32_t shadowed = ctx->current->shadowed;
    const char *small[64];
    const char **names = count <= 64 ? small : pl_arena_alloc(ctx->arena, count * sizeof *names);
    if (!names)
        return;
    bool any_deprecated = false;
    const char *unknown = "Unknown";
    for (uint32_t i = 0; i < count; i++) {
        const char *name = sc_type_name(ctx, decl->as.union_.variants[i]->name);
        /* Inside the companion a variant named like the union would hide the union's type. */
        if (strcmp(name, info->name) == 0) {
            size_t length = strlen(name);
            char *renamed = pl_arena_alloc(ctx->arena, length + 8);
            if (!renamed)
                return;
            snprintf(renamed, length + 8, "%sVariant", name);
            name = renamed;
        }
        names[i] = name;
        shadowed |= sc_std_bit(name);
        if (strcmp(name, "Unknown") == 0)
            unknown = "UnknownVariant";
        any_deprecated = any_deprecated || decl->as.union_.variants[i]->meta.deprecated;
    }
    const char *deprecate_overrides = any_deprecated && !info->deprecated
                                          ? "@deprecated(\"handles deprecated variants\", \"\")"
                                          : NULL;

    pc_blank(w);
    sc_write_doc(w, decl->meta.doc, info->deprecated ? NULL : deprecation_note(ctx, &decl->meta));
    if (info->deprecated)
        deprecated_annotation(w, &decl->meta);
    sc_w(w, "sealed trait ");
    sc_w(w, info->name);
    sc_w(w, " extends ");
    sc_std_write(ctx, ctx->current->shadowed, SC_PRODUCT);
    sc_w(w, " with ");
    sc_std_write(ctx, ctx->current->shadowed, SC_SERIALIZABLE);
    sc_nl(w);

    pc_blank(w);
    if (info->deprecated)
        deprecated_annotation(w, &decl->meta);
    sc_w(w, "object ");
    sc_w(w, info->name);
    sc_w(w, " extends ");
    sc_rt(ctx);
    sc_w(w, "UnionCodec[");
    sc_w(w, info->name);
    sc_w(w, "](");
    sc_write_string(w, decl->name.ptr, decl->name.len);
    sc_w(w, ", ");
    sc_write_string(w, decl->as.union_.discriminator.ptr, decl->as.union_.discriminator.len);
    sc_w(w, ") {");
    sc_nl(w);
    pc_indent(w);
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        sc_write_doc(w, variant->meta.doc, NULL);
        if (variant->meta.deprecated)
            deprecated_annotation(w, &variant->meta);
        sc_w(w, "final case class ");
        sc_w(w, names[i]);
        sc_w(w, "(value: ");
        sc_type(ctx, shadowed, variant->target, true);
        sc_w(w, ") extends ");
        sc_w(w, info->name);
        sc_nl(w);
    }
    if (decl->as.union_.open) {
        sc_w(w, "/** A variant this version of the schema does not know: the whole object, kept as "
                "it came. */");
        sc_nl(w);
        sc_w(w, "final case class ");
        sc_w(w, unknown);
        sc_w(w, "(json: ");
        sc_std_write(ctx, shadowed, SC_JSON);
        sc_w(w, ") extends ");
        sc_w(w, info->name);
        sc_nl(w);
    }

    pc_blank(w);
    if (deprecate_overrides) {
        sc_w(w, deprecate_overrides);
        sc_nl(w);
    }
    sc_w(w, "protected def decodeVariant(tag: ");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, ", j: ");
    sc_rt(ctx);
    sc_w(w, "Json, p: ");
    sc_rt(ctx);
    sc_w(w, "Path): ");
    sc_w(w, info->name);
    sc_w(w, " = tag match {");
    sc_nl(w);
    pc_indent(w);
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        sc_w(w, "case ");
        sc_write_string(w, variant->wire.ptr, variant->wire.len);
        sc_w(w, " => ");
        sc_w(w, names[i]);
        sc_w(w, "(");
        sc_codec(ctx, variant->target, true);
        sc_w(w, ".decodeValue(j, p))");
        sc_nl(w);
    }
    if (decl->as.union_.open) {
        sc_w(w, "case _ => ");
        sc_w(w, unknown);
        sc_w(w, "(j)");
    } else {
        sc_w(w, "case _ => unknownTag(tag, p)");
    }
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);

    pc_blank(w);
    if (deprecate_overrides) {
        sc_w(w, deprecate_overrides);
        sc_nl(w);
    }
    sc_w(w, "def encodeValue(v: ");
    sc_w(w, info->name);
    sc_w(w, ", w: ");
    sc_rt(ctx);
    sc_w(w, "Writer): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    sc_w(w, " = v match {");
    sc_nl(w);
    pc_indent(w);
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        sc_w(w, "case ");
        sc_w(w, names[i]);
        sc_w(w, "(x) => w.variant(");
        sc_write_string(w, decl->as.union_.discriminator.ptr, decl->as.union_.discriminator.len);
        sc_w(w, ", ");
        sc_write_string(w, variant->wire.ptr, variant->wire.len);
        sc_w(w, ", x, ");
        sc_codec(ctx, variant->target, true);
        sc_w(w, ")");
        sc_nl(w);
    }
    if (decl->as.union_.open) {
        sc_w(w, "case ");
        sc_w(w, unknown);
        sc_w(w, "(json) => w.json(json)");
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);

    pc_blank(w);
    if (deprecate_overrides && info->validates) {
        sc_w(w, deprecate_overrides);
        sc_nl(w);
    }
    sc_w(w, "def validateValue(v: ");
    sc_w(w, info->name);
    sc_w(w, ", p: ");
    sc_rt(ctx);
    sc_w(w, "Path, o: ");
    sc_rt(ctx);
    sc_w(w, "Violations): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    if (!info->validates) {
        sc_w(w, " = ()");
        sc_nl(w);
    } else {
        sc_w(w, " = v match {");
        sc_nl(w);
        pc_indent(w);
        uint32_t listed = 0;
        for (uint32_t i = 0; i < count; i++) {
            const pc_variant *variant = decl->as.union_.variants[i];
            if (!sc_type_validates(ctx, variant->target))
                continue;
            listed++;
            sc_w(w, "case ");
            sc_w(w, names[i]);
            sc_w(w, "(x) => ");
            sc_codec(ctx, variant->target, true);
            sc_w(w, ".validateValue(x, p, o)");
            sc_nl(w);
        }
        if (listed < count || decl->as.union_.open) {
            sc_w(w, "case _ => ()");
            sc_nl(w);
        }
        pc_dedent(w);
        sc_w(w, "}");
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}

/* ---- aliases (in the package object) ---- */

/* An alias that contains itself (type Bracket = list<Bracket>) cannot be a Scala type alias:
 * it becomes a case class around its value, with a codec that writes the value alone. */
static void emit_recursive_alias(sc_ctx *ctx, const pc_decl *decl)
{
    pc_writer *w = ctx->w;
    const sc_decl *info = info_of(ctx, decl);
    uint32_t shadowed = ctx->current->shadowed;
    const pc_type *target = decl->as.alias.target;

    pc_blank(w);
    sc_write_doc(w, decl->meta.doc, deprecation_note(ctx, &decl->meta));
    sc_w(w, "final case class ");
    sc_w(w, info->name);
    sc_w(w, "(value: ");
    sc_type(ctx, shadowed, target, false);
    sc_w(w, ")");
    sc_nl(w);
    pc_blank(w);
    sc_w(w, "object ");
    sc_w(w, info->name);
    sc_w(w, " extends ");
    sc_rt(ctx);
    sc_w(w, "Codec[");
    sc_w(w, info->name);
    sc_w(w, "] {");
    sc_nl(w);
    pc_indent(w);
    sc_w(w, "def decodeValue(j: ");
    sc_rt(ctx);
    sc_w(w, "Json, p: ");
    sc_rt(ctx);
    sc_w(w, "Path): ");
    sc_w(w, info->name);
    sc_w(w, " = new ");
    sc_w(w, info->name);
    sc_w(w, "(");
    sc_codec(ctx, target, false);
    sc_w(w, ".decodeValue(j, p))");
    sc_nl(w);
    sc_w(w, "def encodeValue(v: ");
    sc_w(w, info->name);
    sc_w(w, ", w: ");
    sc_rt(ctx);
    sc_w(w, "Writer): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    sc_w(w, " = ");
    sc_codec(ctx, target, false);
    sc_w(w, ".encodeValue(v.value, w)");
    sc_nl(w);
    sc_w(w, "def validateValue(v: ");
    sc_w(w, info->name);
    sc_w(w, ", p: ");
    sc_rt(ctx);
    sc_w(w, "Path, o: ");
    sc_rt(ctx);
    sc_w(w, "Violations): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    if (!info->validates) {
        sc_w(w, " = ()");
        sc_nl(w);
    } else {
        sc_w(w, " = {");
        sc_nl(w);
        pc_indent(w);
        sc_validate_field(ctx, shadowed, target, &decl->as.alias.constraints, false, "v.value", "p",
                          NULL);
        pc_dedent(w);
        sc_w(w, "}");
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}

void sc_emit_alias(sc_ctx *ctx, const pc_decl *decl)
{
    pc_writer *w = ctx->w;
    const sc_decl *info = info_of(ctx, decl);
    uint32_t shadowed = ctx->current->shadowed;
    const pc_type *target = decl->as.alias.target;
    if (info->recursive) {
        emit_recursive_alias(ctx, decl);
        return;
    }

    pc_blank(w);
    sc_write_doc(w, decl->meta.doc, deprecation_note(ctx, &decl->meta));
    sc_w(w, "type ");
    sc_w(w, info->name);
    sc_w(w, " = ");
    sc_type(ctx, shadowed, target, false);
    sc_nl(w);

    sc_w(w, "lazy val ");
    sc_w(w, info->name);
    sc_w(w, ": ");
    sc_rt(ctx);
    sc_w(w, "Codec[");
    sc_w(w, info->name);
    sc_w(w, "] = ");
    if (!info->validates || !sc_constraints_any(&decl->as.alias.constraints)) {
        sc_codec(ctx, target, false);
        sc_nl(w);
        return;
    }
    sc_w(w, "new ");
    sc_rt(ctx);
    sc_w(w, "AliasCodec[");
    sc_w(w, info->name);
    sc_w(w, "](");
    sc_codec(ctx, target, false);
    sc_w(w, ") {");
    sc_nl(w);
    pc_indent(w);
    sc_w(w, "def validateValue(v: ");
    sc_w(w, info->name);
    sc_w(w, ", p: ");
    sc_rt(ctx);
    sc_w(w, "Path, o: ");
    sc_rt(ctx);
    sc_w(w, "Violations): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    sc_w(w, " = {");
    sc_nl(w);
    pc_indent(w);
    /* The alias's value as a field without a key: its own constraints, then the target's. */
    sc_validate_field(ctx, shadowed, target, &decl->as.alias.constraints, false, "v", "p", NULL);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}
