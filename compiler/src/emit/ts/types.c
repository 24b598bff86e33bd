/* Schema types as TypeScript: the type expression, and the expressions that decode, encode
 * and validate a value of the type through the runtime (rt.*) and the generated functions of
 * named types. */
#include <math.h>
#include <string.h>

#include "ts.h"

static const pc_type *strip_nullable(const pc_type *type)
{
    return type->kind == PC_TYPE_NULLABLE ? type->as.element : type;
}

/* The primitive under aliases and `?`, or PC_PRIM_COUNT for other shapes. */
static pc_primitive primitive_of(const pc_type *type)
{
    const pc_type *shape = pc_type_unalias(type, true);
    return shape && shape->kind == PC_TYPE_PRIMITIVE ? shape->as.primitive : PC_PRIM_COUNT;
}

bool ts_admits_null(const pc_type *type)
{
    return pc_type_is_nullable(type) || primitive_of(type) == PC_PRIM_JSON;
}

/* ---- names and expressions ----
 * Expressions are built as strings (cached for named types), so that a line of generated code
 * is one write rather than one per part. */

enum { NAME_TYPE, NAME_DECODE, NAME_ENCODE, NAME_VALIDATE };

/* How this module names a declaration's type or function: "Match", "mycoach_common.decodeX". */
static const char *named(ts_file *file, const pc_decl *decl, unsigned what)
{
    static const char *const verbs[] = {"", "decode", "encode", "validate"};
    ts_ctx *ctx = file->ctx;
    ts_decl *info = &ctx->decls[decl->index];
    const char *prefix = ts_file_use(file, decl);
    const char **slot = &info->names[*prefix != '\0'][what];
    if (!*slot)
        *slot = what == NAME_TYPE ? ts_concat(ctx, prefix, info->type_name)
                                  : ts_join(ctx, prefix, verbs[what], info->base);
    return *slot;
}

const char *ts_type_expr(ts_file *file, const pc_type *type)
{
    ts_ctx *ctx = file->ctx;
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        switch (type->as.primitive) {
        case PC_PRIM_BOOL:
            return "boolean";
        case PC_PRIM_INT32:
        case PC_PRIM_INT64:
        case PC_PRIM_FLOAT64:
            return "number";
        case PC_PRIM_BYTES:
            return "Uint8Array";
        case PC_PRIM_DATETIME:
            return "rt.DateTime";
        case PC_PRIM_JSON:
            return "rt.JsonValue";
        case PC_PRIM_STRING:
        case PC_PRIM_DATE:
        case PC_PRIM_UUID:
        case PC_PRIM_DECIMAL:
        case PC_PRIM_COUNT:
            return "string";
        }
        return "string";
    case PC_TYPE_LIST: {
        /* `readonly (T | null)[]`, `readonly (readonly T[])[]` */
        const char *inner = ts_type_expr(file, type->as.element);
        if (type->as.element->kind == PC_TYPE_NULLABLE || type->as.element->kind == PC_TYPE_LIST)
            return ts_join(ctx, "readonly (", inner, ")[]");
        return ts_join(ctx, "readonly ", inner, "[]");
    }
    case PC_TYPE_MAP:
        return ts_join(ctx, "{ readonly [key: string]: ", ts_type_expr(file, type->as.element),
                       " }");
    case PC_TYPE_NULLABLE:
        return ts_concat(ctx, ts_type_expr(file, type->as.element), " | null");
    case PC_TYPE_NAMED:
        return named(file, type->as.decl, NAME_TYPE);
    case PC_TYPE_UNRESOLVED:
        break;
    }
    return "unknown";
}

void ts_write_type(ts_file *file, const pc_type *type)
{
    const char *text = ts_type_expr(file, type);
    ts_put(file->body, text, strlen(text));
}

/* ---- decoding ---- */

static const char *primitive_reader(pc_primitive primitive)
{
    switch (primitive) {
    case PC_PRIM_BOOL:
        return "rt.bool";
    case PC_PRIM_INT32:
        return "rt.int32";
    case PC_PRIM_INT64:
        return "rt.int64";
    case PC_PRIM_FLOAT64:
        return "rt.float64";
    case PC_PRIM_STRING:
        return "rt.string";
    case PC_PRIM_BYTES:
        return "rt.bytes";
    case PC_PRIM_DATE:
        return "rt.date";
    case PC_PRIM_DATETIME:
        return "rt.datetime";
    case PC_PRIM_UUID:
        return "rt.uuid";
    case PC_PRIM_DECIMAL:
        return "rt.decimal";
    case PC_PRIM_JSON:
    case PC_PRIM_COUNT:
        break;
    }
    return "rt.json";
}

const char *ts_reader_expr(ts_file *file, const pc_type *type)
{
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        return primitive_reader(type->as.primitive);
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return ts_join(file->ctx,
                       type->kind == PC_TYPE_LIST  ? "rt.listOf("
                       : type->kind == PC_TYPE_MAP ? "rt.mapOf("
                                                   : "rt.nullableOf(",
                       ts_reader_expr(file, type->as.element), ")");
    case PC_TYPE_NAMED:
        return named(file, type->as.decl, NAME_DECODE);
    case PC_TYPE_UNRESOLVED:
        break;
    }
    return "rt.json";
}

void ts_write_reader(ts_file *file, const pc_type *type)
{
    const char *text = ts_reader_expr(file, type);
    ts_put(file->body, text, strlen(text));
}

void ts_write_read(ts_file *file, const pc_type *type, const char *expr)
{
    pc_writer *w = file->body;
    switch (type->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        ts_write(w, "%s(%s, %s)", type->kind == PC_TYPE_LIST  ? "rt.list"
                                  : type->kind == PC_TYPE_MAP ? "rt.map"
                                                              : "rt.nullable",
                 expr, ts_reader_expr(file, type->as.element));
        return;
    case PC_TYPE_PRIMITIVE:
    case PC_TYPE_NAMED:
    case PC_TYPE_UNRESOLVED:
        ts_write(w, "%s(%s)", ts_reader_expr(file, type), expr);
        return;
    }
}

/* ---- encoding ---- */

static bool as_is(const ts_ctx *ctx, const pc_type *type)
{
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        return type->as.primitive == PC_PRIM_BOOL || type->as.primitive == PC_PRIM_STRING;
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return as_is(ctx, type->as.element);
    case PC_TYPE_NAMED:
        switch (type->as.decl->kind) {
        case PC_DECL_ENUM:
            return true;
        case PC_DECL_ALIAS:
            return ctx->decls[type->as.decl->index].encodes_as_is;
        case PC_DECL_STRUCT:
        case PC_DECL_UNION:
        case PC_DECL_SERVICE:
            return false;
        }
        return false;
    case PC_TYPE_UNRESOLVED:
        return false;
    }
    return false;
}

bool ts_encodes_as_is(const ts_ctx *ctx, const pc_type *type)
{
    return as_is(ctx, type);
}

static const char *primitive_writer(pc_primitive primitive)
{
    switch (primitive) {
    case PC_PRIM_INT32:
        return "rt.encodeInt32";
    case PC_PRIM_INT64:
        return "rt.encodeInt64";
    case PC_PRIM_FLOAT64:
        return "rt.encodeFloat64";
    case PC_PRIM_BYTES:
        return "rt.encodeBytes";
    case PC_PRIM_DATE:
        return "rt.encodeDate";
    case PC_PRIM_DATETIME:
        return "rt.encodeDateTime";
    case PC_PRIM_UUID:
        return "rt.encodeUuid";
    case PC_PRIM_DECIMAL:
        return "rt.encodeDecimal";
    case PC_PRIM_BOOL:
    case PC_PRIM_STRING:
    case PC_PRIM_JSON:
    case PC_PRIM_COUNT:
        break;
    }
    return "rt.encodeJson";
}

const char *ts_writer_expr(ts_file *file, const pc_type *type)
{
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        return primitive_writer(type->as.primitive);
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return ts_join(file->ctx,
                       type->kind == PC_TYPE_LIST  ? "rt.encodeListOf("
                       : type->kind == PC_TYPE_MAP ? "rt.encodeMapOf("
                                                   : "rt.encodeNullableOf(",
                       ts_writer_expr(file, type->as.element), ")");
    case PC_TYPE_NAMED:
        return named(file, type->as.decl, NAME_ENCODE);
    case PC_TYPE_UNRESOLVED:
        break;
    }
    return "rt.encodeJson";
}

void ts_write_writer(ts_file *file, const pc_type *type)
{
    const char *text = ts_writer_expr(file, type);
    ts_put(file->body, text, strlen(text));
}

void ts_write_write(ts_file *file, const pc_type *type, const char *expr)
{
    pc_writer *w = file->body;
    if (as_is(file->ctx, type)) {
        ts_write(w, "%s", expr);
        return;
    }
    switch (type->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        ts_write(w, "%s(%s, %s)", type->kind == PC_TYPE_LIST ? "rt.encodeList" : "rt.encodeMap",
                 expr, ts_writer_expr(file, type->as.element));
        return;
    case PC_TYPE_NULLABLE:
        ts_write(w, "%s === null ? null : ", expr);
        ts_write_write(file, type->as.element, expr);
        return;
    case PC_TYPE_PRIMITIVE:
    case PC_TYPE_NAMED:
    case PC_TYPE_UNRESOLVED:
        ts_write(w, "%s(%s)", ts_writer_expr(file, type), expr);
        return;
    }
}

/* ---- validation ---- */

bool ts_type_needs_validation(const ts_ctx *ctx, const pc_type *type)
{
    switch (type->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return ts_type_needs_validation(ctx, type->as.element);
    case PC_TYPE_NAMED:
        return ctx->decls[type->as.decl->index].needs_validation;
    case PC_TYPE_PRIMITIVE:
    case PC_TYPE_UNRESOLVED:
        return false;
    }
    return false;
}

bool ts_has_constraints(const pc_constraints *c)
{
    return c->min || c->max || c->has_min_length || c->has_max_length || c->has_min_items ||
           c->has_max_items || c->pattern;
}

const char *ts_validator_expr(ts_file *file, const pc_type *type)
{
    switch (type->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return ts_join(file->ctx,
                       type->kind == PC_TYPE_LIST  ? "rt.validateListOf("
                       : type->kind == PC_TYPE_MAP ? "rt.validateMapOf("
                                                   : "rt.validateNullableOf(",
                       ts_validator_expr(file, type->as.element), ")");
    case PC_TYPE_NAMED:
        return named(file, type->as.decl, NAME_VALIDATE);
    case PC_TYPE_PRIMITIVE:
    case PC_TYPE_UNRESOLVED:
        break;
    }
    return "rt.none";
}

void ts_write_validator(ts_file *file, const pc_type *type)
{
    const char *text = ts_validator_expr(file, type);
    ts_put(file->body, text, strlen(text));
}

/* A bound of @min/@max. Integer types hold values within ±(2^53−1) in TypeScript, so a bound
 * beyond 2^53 compares like 2^53 and is written so (tsc warns about larger literals). */
static void write_bound(pc_writer *w, const pc_value *bound, bool integer)
{
    const double limit = 9007199254740992.0;
    if (integer && bound->kind == PC_VALUE_INT &&
        (bound->as.integer.overflow || fabs((double)bound->as.integer.value) > limit)) {
        bool negative = bound->raw.len && bound->raw.ptr[0] == '-';
        ts_write(w, "%s9007199254740992", negative ? "-" : "");
        return;
    }
    pc_write_str(w, bound->raw);
}

static void write_pattern(ts_file *file, const pc_value *pattern)
{
    /* The compiled expression lives once per module, above the functions that use it. */
    const char *name = ts_format(file->ctx, "PATTERN_%u", ++file->pattern_count);
    pc_writer *p = &file->prelude;
    ts_write(p, "const %s = ", name);
    ts_write_regex(p, pattern->as.string);
    ts_line(p, ";");
    ts_write(file->body, "%s, ", name);
    ts_write_string(file->body, pattern->as.string.ptr, pattern->as.string.len);
}

void ts_write_checks(ts_file *file, const pc_type *type, const pc_constraints *c,
                     const char *expr, const char *path)
{
    pc_writer *w = file->body;
    const pc_type *inner = strip_nullable(type);
    if (ts_type_needs_validation(file->ctx, inner)) {
        switch (inner->kind) {
        case PC_TYPE_LIST:
        case PC_TYPE_MAP:
            ts_line(w, "out = rt.sub(out, %s, %s(%s, %s));", path,
                    inner->kind == PC_TYPE_LIST ? "rt.validateList" : "rt.validateMap", expr,
                    ts_validator_expr(file, inner->as.element));
            break;
        case PC_TYPE_NAMED:
        case PC_TYPE_NULLABLE:
        case PC_TYPE_PRIMITIVE:
        case PC_TYPE_UNRESOLVED:
            ts_line(w, "out = rt.sub(out, %s, %s(%s));", path, ts_validator_expr(file, inner),
                    expr);
            break;
        }
    }
    pc_primitive primitive = primitive_of(inner);
    bool integer = primitive == PC_PRIM_INT32 || primitive == PC_PRIM_INT64;
    if (c->min) {
        ts_write(w, "out = rt.min(out, %s, %s, ", path, expr);
        write_bound(w, c->min, integer);
        ts_line(w, ");");
    }
    if (c->max) {
        ts_write(w, "out = rt.max(out, %s, %s, ", path, expr);
        write_bound(w, c->max, integer);
        ts_line(w, ");");
    }
    if (c->has_min_length)
        ts_line(w, "out = rt.minLength(out, %s, %s, %llu);", path, expr,
                (unsigned long long)c->min_length);
    if (c->has_max_length)
        ts_line(w, "out = rt.maxLength(out, %s, %s, %llu);", path, expr,
                (unsigned long long)c->max_length);
    if (c->has_min_items)
        ts_line(w, "out = rt.minItems(out, %s, %s, %llu);", path, expr,
                (unsigned long long)c->min_items);
    if (c->has_max_items)
        ts_line(w, "out = rt.maxItems(out, %s, %s, %llu);", path, expr,
                (unsigned long long)c->max_items);
    if (c->pattern) {
        ts_write(w, "out = rt.pattern(out, %s, %s, ", path, expr);
        write_pattern(file, c->pattern);
        ts_line(w, ");");
    }
}

/* ---- defaults ---- */

static void write_default_string(ts_file *file, const pc_type *type, pc_str text)
{
    pc_writer *w = file->body;
    switch (primitive_of(type)) {
    case PC_PRIM_BYTES:
        ts_write(w, "rt.base64Decode(");
        ts_write_string(w, text.ptr, text.len);
        ts_write(w, ")");
        return;
    case PC_PRIM_DATETIME:
        ts_write(w, "rt.DateTime.parse(");
        ts_write_string(w, text.ptr, text.len);
        ts_write(w, ")");
        return;
    case PC_PRIM_UUID: {
        /* Canonical form: lower case. */
        char lower[64];
        size_t n = text.len < sizeof lower ? text.len : sizeof lower;
        for (size_t i = 0; i < n; i++) {
            char c = text.ptr[i];
            lower[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        ts_write_string(w, lower, n);
        return;
    }
    case PC_PRIM_BOOL:
    case PC_PRIM_INT32:
    case PC_PRIM_INT64:
    case PC_PRIM_FLOAT64:
    case PC_PRIM_STRING:
    case PC_PRIM_DATE:
    case PC_PRIM_DECIMAL:
    case PC_PRIM_JSON:
    case PC_PRIM_COUNT:
        ts_write_string(w, text.ptr, text.len);
        return;
    }
}

void ts_write_default(ts_file *file, const pc_field *field)
{
    pc_writer *w = file->body;
    const pc_value *value = field->default_value;
    switch (value->kind) {
    case PC_VALUE_STRING:
        write_default_string(file, field->type, value->as.string);
        return;
    case PC_VALUE_INT:
    case PC_VALUE_FLOAT:
        pc_write_str(w, value->raw);
        return;
    case PC_VALUE_TRUE:
        ts_write(w, "true");
        return;
    case PC_VALUE_FALSE:
        ts_write(w, "false");
        return;
    case PC_VALUE_NULL:
        ts_write(w, "null");
        return;
    case PC_VALUE_EMPTY_LIST:
        ts_write(w, "[]");
        return;
    case PC_VALUE_EMPTY_MAP: {
        const pc_type *shape = pc_type_unalias(field->type, true);
        if (shape && shape->kind == PC_TYPE_MAP) {
            ts_write(w, "rt.newObject<");
            ts_write_type(file, shape->as.element);
            ts_write(w, ">()");
        } else {
            ts_write(w, "rt.newObject()");
        }
        return;
    }
    case PC_VALUE_NAME:
        if (value->member)
            ts_write_string(w, value->member->wire.ptr, value->member->wire.len);
        else
            ts_write(w, "undefined");
        return;
    }
}

/* ---- path and query text ---- */

const char *ts_scalar_formatter(const pc_type *type)
{
    const pc_type *shape = pc_type_unalias(type, false);
    if (!shape || shape->kind != PC_TYPE_PRIMITIVE)
        return "rt.formatString"; /* enums: their wire names */
    switch (shape->as.primitive) {
    case PC_PRIM_BOOL:
        return "rt.formatBool";
    case PC_PRIM_INT32:
        return "rt.formatInt32";
    case PC_PRIM_INT64:
        return "rt.formatInt64";
    case PC_PRIM_FLOAT64:
        return "rt.formatFloat64";
    case PC_PRIM_DATE:
        return "rt.formatDate";
    case PC_PRIM_DATETIME:
        return "rt.formatDateTime";
    case PC_PRIM_UUID:
        return "rt.formatUuid";
    case PC_PRIM_DECIMAL:
        return "rt.formatDecimal";
    case PC_PRIM_STRING:
    case PC_PRIM_BYTES:
    case PC_PRIM_JSON:
    case PC_PRIM_COUNT:
        break;
    }
    return "rt.formatString";
}

/* ---- what each declaration needs, computed once ---- */

void ts_compute_flags(ts_ctx *ctx)
{
    const pc_schema *schema = ctx->schema;
    /* Aliases encode as is unless something below them does not (a greatest fixpoint, for
     * recursive aliases such as `type Tree = list<Tree>`); a type needs validation when some
     * constraint is reachable from it (a least fixpoint). */
    for (uint32_t i = 0; i < schema->decl_count; i++)
        ctx->decls[i].encodes_as_is = schema->decls[i]->kind == PC_DECL_ALIAS;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < schema->decl_count; i++) {
            const pc_decl *decl = schema->decls[i];
            ts_decl *info = &ctx->decls[i];
            if (decl->kind == PC_DECL_ALIAS && info->encodes_as_is &&
                !as_is(ctx, decl->as.alias.target)) {
                info->encodes_as_is = false;
                changed = true;
            }
            if (info->needs_validation)
                continue;
            bool needs = false;
            switch (decl->kind) {
            case PC_DECL_STRUCT:
                for (uint32_t f = 0; f < decl->as.struct_.field_count && !needs; f++) {
                    const pc_field *field = decl->as.struct_.fields[f];
                    needs = ts_has_constraints(&field->constraints) ||
                            ts_type_needs_validation(ctx, field->type);
                }
                break;
            case PC_DECL_UNION:
                for (uint32_t v = 0; v < decl->as.union_.variant_count && !needs; v++)
                    needs = ts_type_needs_validation(ctx, decl->as.union_.variants[v]->target);
                break;
            case PC_DECL_ALIAS:
                needs = ts_has_constraints(&decl->as.alias.constraints) ||
                        ts_type_needs_validation(ctx, decl->as.alias.target);
                break;
            case PC_DECL_ENUM:
            case PC_DECL_SERVICE:
                break;
            }
            if (needs) {
                info->needs_validation = true;
                changed = true;
            }
        }
    }
}
