/* Writers (canonical JSON: codegen.md) and validators (the annotations) of generated C. */
#include <inttypes.h>
#include <string.h>

#include "c_source.h"

/* ---- writing ---- */

/* A boolean C expression that writes the value lv of type t (no flagged `?`). */
static const char *write_expr(source_state *s, const pc_type *t, const char *lv)
{
    c_gen *g = s->g;
    switch (t->kind) {
    case PC_TYPE_PRIMITIVE:
        switch (t->as.primitive) {
        case PC_PRIM_BOOL:
            return c_fmt(g, "pl_json_write_bool(out, %s, err)", lv);
        case PC_PRIM_INT32:
            return c_fmt(g, "pl_json_write_int32(out, %s, err)", lv);
        case PC_PRIM_INT64:
            return c_fmt(g, "pl_json_write_int64(out, %s, err)", lv);
        case PC_PRIM_FLOAT64:
            return c_fmt(g, "pl_json_write_float64(out, %s, err)", lv);
        case PC_PRIM_STRING:
            return c_fmt(g, "pl_json_write_string(out, %sdata, %slen, err)", c_dot(g, lv),
                         c_dot(g, lv));
        case PC_PRIM_BYTES:
            return c_fmt(g, "pl_json_write_bytes(out, %sdata, %slen, err)", c_dot(g, lv),
                         c_dot(g, lv));
        case PC_PRIM_DATE:
            return c_fmt(g, "pl_json_write_date(out, %s, err)", c_addr(g, lv));
        case PC_PRIM_DATETIME:
            return c_fmt(g, "pl_json_write_datetime(out, %s, err)", c_addr(g, lv));
        case PC_PRIM_UUID:
            return c_fmt(g, "pl_json_write_uuid(out, %s, err)", c_addr(g, lv));
        case PC_PRIM_DECIMAL:
            return c_fmt(g, "pl_json_write_decimal(out, %sdata, %slen, err)", c_dot(g, lv),
                         c_dot(g, lv));
        case PC_PRIM_JSON:
            return c_fmt(g, "pl_json_write_raw_compact(out, %sdata, %slen, err)", c_dot(g, lv),
                         c_dot(g, lv));
        case PC_PRIM_COUNT:
            break;
        }
        return "false";
    case PC_TYPE_NAMED:
        return c_fmt(g, "%s_encode(%s, out, err)", c_info(g, t->as.decl)->name, c_addr(g, lv));
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        return c_fmt(g, "%s(%s, out, err)", c_helper(s, HELPER_WRITE, c_composite_of(g, t)),
                     c_addr(g, lv));
    case PC_TYPE_NULLABLE:
        return write_expr(s, t->as.element, lv);
    case PC_TYPE_UNRESOLVED:
        break;
    }
    return "false";
}

/* A NULL pointer where a value must be written; the helper is emitted once per file. */
static const char *null_pointer_error(source_state *s)
{
    s->need_null_pointer = true;
    return "null_pointer(err)";
}

static void emit_struct_write(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    pc_writer *w = s->body;
    const char *t = info->name;
    uint32_t n = d->as.struct_.field_count;

    pc_blank(w);
    pc_line(w, "/* The members of a %.*s, each after a ',' when more is set (something was written",
            (int)d->name.len, d->name.ptr);
    c_text(w, " * before them: the '{' only, or a union's tag). */");
    c_wrap_linef(w, "bool %s_write_members(const %s *value, pl_buf *out, pl_error *err, bool more)",
                 t, t);
    pc_open(w, "{");
    if (!n) {
        c_text(w, "(void)value;");
        c_text(w, "(void)out;");
        c_text(w, "(void)err;");
        c_text(w, "(void)more;");
    }
    bool known_more = false; /* a field that is always written came before */
    for (uint32_t i = 0; i < n; i++) {
        const c_field *f = &info->fields[i];
        pc_str wire = f->field->wire;
        size_t key_len = f->key_length;
        const char *key = f->key_literal;
        /* The key's text starts with its ','; pl_json_write_key drops it for a first member. */
        const char *lv = c_fmt(g, "value->%s", f->member);
        const char *value_expr;
        if (f->pointer)
            value_expr =
                c_fmt(g, "(%s ? %s : %s)", lv, write_expr(s, f->value, c_fmt(g, "(*%s)", lv)),
                      null_pointer_error(s));
        else
            value_expr = write_expr(s, f->value, lv);
        if (f->is_null)
            value_expr =
                c_fmt(g, "(value->%s ? pl_json_write_null(out, err) : %s)", f->is_null, value_expr);
        if (f->has)
            pc_open(w, "if (value->%s) {", f->has);
        if (known_more)
            pc_line(w, "if (!pl_json_write_raw(out, %s, %zu, err) ||", key, key_len);
        else
            pc_line(w, "if (!pl_json_write_key(out, %s, %zu, more, err) ||", key, key_len);
        pc_line(w, "    !%s)", value_expr);
        pc_line(w, "    return pl_error_at_key(err, %s, %u);", f->wire_literal, wire.len);
        if (f->has) {
            if (!known_more && i + 1 < n)
                c_text(w, "more = true;");
            pc_close(w, "}");
        } else {
            known_more = true;
        }
    }
    c_text(w, "return true;");
    pc_close(w, "}");

    pc_blank(w);
    c_wrap_linef(w, "bool %s_encode(const %s *value, pl_buf *out, pl_error *err)", t, t);
    pc_open(w, "{");
    c_text(w, "size_t start = out->len;");
    c_text(w, "if (pl_json_write_raw(out, \"{\", 1, err) &&");
    pc_line(w, "    %s_write_members(value, out, err, false) &&", t);
    c_text(w, "    pl_json_write_raw(out, \"}\", 1, err))");
    c_text(w, "    return true;");
    c_text(w, "pl_buf_truncate(out, start);");
    c_text(w, "return false;");
    pc_close(w, "}");
}

static void emit_enum_write(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    pc_writer *w = s->body;
    const char *t = info->name;
    bool open = d->as.enum_.open;
    pc_blank(w);
    c_wrap_linef(w, "bool %s_encode(const %s *value, pl_buf *out, pl_error *err)", t, t);
    pc_open(w, "{");
    pc_line(w, "switch (%s) {", open ? "value->value" : "*value");
    for (uint32_t i = 0; i < d->as.enum_.member_count; i++) {
        const pc_member *m = d->as.enum_.members[i];
        const char *json = c_json_string(g, m->wire.ptr, m->wire.len);
        pc_line(w, "case %s:", info->member_consts[i]);
        pc_line(w, "    return pl_json_write_raw(out, %s, %zu, err);",
                c_literal(g, json, strlen(json)), strlen(json));
    }
    if (open) {
        pc_line(w, "case %s:", info->unknown_const);
        c_text(w, "    return pl_json_write_string(out, value->raw.data, value->raw.len, err);");
    }
    c_text(w, "}");
    c_text(w, "pl_error_format(err, PL_ERROR_ENCODE, \"%d is not a member of %s\",");
    pc_line(w, "                (int)%s, %s);", open ? "value->value" : "*value",
            c_literal(g, d->name.ptr, d->name.len));
    c_text(w, "return false;");
    pc_close(w, "}");
}

static void emit_union_write(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    pc_writer *w = s->body;
    const char *t = info->name;
    pc_str disc = d->as.union_.discriminator;
    pc_blank(w);
    c_wrap_linef(w, "bool %s_encode(const %s *value, pl_buf *out, pl_error *err)", t, t);
    pc_open(w, "{");
    c_text(w, "size_t start = out->len;");
    c_text(w, "bool ok;");
    c_text(w, "switch (value->tag) {");
    for (uint32_t i = 0; i < d->as.union_.variant_count; i++) {
        const pc_variant *v = d->as.union_.variants[i];
        const char *vt = c_info(g, v->target->as.decl)->name;
        const char *head = c_fmt(g, "{%s:%s", c_json_string(g, disc.ptr, disc.len),
                                 c_json_string(g, v->wire.ptr, v->wire.len));
        const char *member = info->variant_members[i];
        pc_line(w, "case %s:", info->variant_consts[i]);
        pc_indent(w);
        if (info->variant_pointer[i]) {
            pc_open(w, "if (!value->%s) {", member);
            pc_line(w, "ok = %s;", null_pointer_error(s));
            c_text(w, "break;");
            pc_close(w, "}");
        }
        pc_line(w, "ok = pl_json_write_raw(out, %s, %zu, err) &&", c_literal(g, head, strlen(head)),
                strlen(head));
        pc_line(w, "     %s_write_members(%svalue->%s, out, err, true) &&", vt,
                info->variant_pointer[i] ? "" : "&", member);
        c_text(w, "     pl_json_write_raw(out, \"}\", 1, err);");
        c_text(w, "break;");
        pc_dedent(w);
    }
    if (d->as.union_.open) {
        pc_line(w, "case %s:", info->unknown_const);
        c_text(w, "    ok = pl_json_write_raw_compact(out, value->raw.data, value->raw.len, err);");
        c_text(w, "    break;");
    }
    c_text(w, "default:");
    c_text(w,
           "    pl_error_format(err, PL_ERROR_ENCODE, \"%d is not a tag of %s\", (int)value->tag,");
    pc_line(w, "                    %s);", c_literal(g, d->name.ptr, d->name.len));
    c_text(w, "    ok = false;");
    c_text(w, "    break;");
    c_text(w, "}");
    c_text(w, "if (!ok)");
    c_text(w, "    pl_buf_truncate(out, start);");
    c_text(w, "return ok;");
    pc_close(w, "}");
}

static void emit_alias_write(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    pc_writer *w = s->body;
    const char *t = info->name;
    pc_blank(w);
    c_wrap_linef(w, "bool %s_encode(const %s *value, pl_buf *out, pl_error *err)", t, t);
    pc_open(w, "{");
    if (info->wrapper) {
        const pc_type *inner = d->as.alias.target->as.element;
        c_text(w, "if (value->is_null)");
        c_text(w, "    return pl_json_write_null(out, err);");
        if (info->wrapper_pointer)
            pc_line(w, "return value->value ? %s : %s;", write_expr(s, inner, "(*value->value)"),
                    null_pointer_error(s));
        else
            pc_line(w, "return %s;", write_expr(s, inner, "value->value"));
    } else {
        pc_line(w, "return %s;", write_expr(s, d->as.alias.target, "(*value)"));
    }
    pc_close(w, "}");
}

void c_emit_encode(source_state *s, const pc_decl *d)
{
    switch (d->kind) {
    case PC_DECL_STRUCT:
        emit_struct_write(s, d);
        break;
    case PC_DECL_ENUM:
        emit_enum_write(s, d);
        break;
    case PC_DECL_UNION:
        emit_union_write(s, d);
        break;
    case PC_DECL_ALIAS:
        emit_alias_write(s, d);
        break;
    default:
        break;
    }
}

void c_emit_composite_write(source_state *s, const c_composite *c)
{
    c_gen *g = s->g;
    pc_writer *w = s->helpers;
    pc_blank(w);
    c_wrap_linef(w, "static bool write_%s(const %s *value, pl_buf *out, pl_error *err)", c->name,
                 c->name);
    pc_open(w, "{");
    const char *items = c->is_map ? "values" : "items";
    pc_open(w, "if (value->count && (!value->%s%s)) {", items, c->is_map ? " || !value->keys" : "");
    pc_line(
        w, "pl_error_format(err, PL_ERROR_ENCODE, \"%%zu %s but no array of them\", value->count);",
        c->is_map ? "entries" : "items");
    c_text(w, "return false;");
    pc_close(w, "}");
    pc_line(w, "if (!pl_json_write_raw(out, \"%s\", 1, err))", c->is_map ? "{" : "[");
    c_text(w, "    return false;");
    pc_open(w, "for (size_t i = 0; i < value->count; i++) {");
    const char *item = c_fmt(g, "value->%s[i]", items);
    const char *value_expr = write_expr(s, c->element, item);
    if (c->nullable)
        value_expr = c_fmt(g,
                           "(value->is_null && value->is_null[i] ? pl_json_write_null(out, err)\n"
                           "                                          : %s)",
                           value_expr);
    if (c->is_map) {
        c_text(w, "const pl_string *key = &value->keys[i];");
        c_text(w, "if ((i && !pl_json_write_raw(out, \",\", 1, err)) ||");
        c_text(w, "    !pl_json_write_string(out, key->data, key->len, err) ||");
        c_text(w, "    !pl_json_write_raw(out, \":\", 1, err) ||");
    } else {
        c_text(w, "if ((i && !pl_json_write_raw(out, \",\", 1, err)) ||");
    }
    const char *nl = strchr(value_expr, '\n');
    if (nl) {
        pc_line(w, "    !%.*s", (int)(nl - value_expr), value_expr);
        pc_line(w, "    %s) {", nl + 1);
    } else {
        pc_line(w, "    !%s) {", value_expr);
    }
    pc_indent(w);
    if (c->is_map)
        c_text(w, "return pl_error_at_key(err, key->data, key->len);");
    else
        c_text(w, "return pl_error_at_index(err, i);");
    pc_dedent(w);
    c_text(w, "}");
    pc_close(w, "}");
    pc_line(w, "return pl_json_write_raw(out, \"%s\", 1, err);", c->is_map ? "}" : "]");
    pc_close(w, "}");
}

/* ---- validating ---- */

static bool int_type(const pc_type *t, int64_t *lo, int64_t *hi)
{
    if (t->kind != PC_TYPE_PRIMITIVE)
        return false;
    if (t->as.primitive == PC_PRIM_INT32) {
        *lo = INT32_MIN;
        *hi = INT32_MAX;
        return true;
    }
    if (t->as.primitive == PC_PRIM_INT64) {
        *lo = INT64_MIN;
        *hi = INT64_MAX;
        return true;
    }
    return false;
}

static const char *int_bound(c_gen *g, int64_t v)
{
    if (v == INT64_MIN)
        return "INT64_MIN";
    return c_fmt(g, "INT64_C(%" PRId64 ")", v);
}

static const char *float_bound(c_gen *g, double v)
{
    char digits[PL_JSON_FLOAT64_MAX];
    size_t n = pl_json_format_float64(v, digits);
    if (!n)
        return "0.0";
    return c_fmt(g, "%s%s", digits, strpbrk(digits, ".e") ? "" : ".0");
}

/* Where a failure is reported: `key` is the C arguments naming the member ("\"x\", 1"), or
 * "NULL, 0" for the value itself; `up` passes a failure from below up (a return statement). */
typedef struct where {
    const char *key;
    const char *up;
} where;

/* Checks of constraints c on the value x of the primitive, list or map type t. */
static void emit_checks(source_state *s, pc_writer *w, const pc_type *t, const char *x,
                        const pc_constraints *c, const where *at)
{
    c_gen *g = s->g;
    int64_t lo, hi;
    if (int_type(t, &lo, &hi)) {
        if (c->min && c->min->as.integer.value > lo) {
            int64_t b = c->min->as.integer.value;
            /* A bound beyond the type fails every value (a literal compare would warn). */
            if (b > hi)
                c_text(w, "if (1)");
            else
                pc_line(w, "if (%s < %s)", x, int_bound(g, b));
            pc_line(w,
                    "    return pl_violation(err, %s, \"must be at least %.*s, found %%\" PRId64, "
                    "(int64_t)%s);",
                    at->key, (int)c->min->raw.len, c->min->raw.ptr, x);
        }
        if (c->max && c->max->as.integer.value < hi) {
            int64_t b = c->max->as.integer.value;
            if (b < lo)
                c_text(w, "if (1)");
            else
                pc_line(w, "if (%s > %s)", x, int_bound(g, b));
            pc_line(w,
                    "    return pl_violation(err, %s, \"must be at most %.*s, found %%\" PRId64, "
                    "(int64_t)%s);",
                    at->key, (int)c->max->raw.len, c->max->raw.ptr, x);
        }
        return;
    }
    if (t->kind == PC_TYPE_PRIMITIVE && t->as.primitive == PC_PRIM_FLOAT64) {
        /* Written so that NaN breaks both bounds. */
        if (c->min) {
            pc_line(w, "if (!(%s >= %s))", x, float_bound(g, pc_value_number(c->min)));
            pc_line(w,
                    "    return pl_violation(err, %s, \"must be at least %.*s, found %%g\", %s);",
                    at->key, (int)c->min->raw.len, c->min->raw.ptr, x);
        }
        if (c->max) {
            pc_line(w, "if (!(%s <= %s))", x, float_bound(g, pc_value_number(c->max)));
            pc_line(w, "    return pl_violation(err, %s, \"must be at most %.*s, found %%g\", %s);",
                    at->key, (int)c->max->raw.len, c->max->raw.ptr, x);
        }
        return;
    }
    if (t->kind == PC_TYPE_PRIMITIVE && t->as.primitive == PC_PRIM_STRING) {
        bool min = c->has_min_length && c->min_length > 0, max = c->has_max_length;
        if (min || max) {
            const char *low = min ? c_fmt(g, "%" PRIu64, c->min_length) : "0";
            const char *high = max ? c_fmt(g, "%" PRIu64, c->max_length) : "SIZE_MAX";
            pc_line(w, "if (!pl_check_length(%sdata, %slen, %s, %s, err, %s))", c_dot(g, x),
                    c_dot(g, x), low, high, at->key);
            c_text(w, "    return false;");
        }
        if (c->pattern) {
            uint32_t index = c_pattern_index(s, c->pattern);
            pc_line(w, "if (!pl_check_pattern(&pattern_%u, %sdata, %slen, err, %s))", index,
                    c_dot(g, x), c_dot(g, x), at->key);
            c_text(w, "    return false;");
        }
        return;
    }
    if (t->kind == PC_TYPE_LIST || t->kind == PC_TYPE_MAP) {
        const char *what = t->kind == PC_TYPE_MAP ? "entries" : "items";
        if (c->has_min_items && c->min_items > 0) {
            pc_line(w, "if (%scount < %" PRIu64 "u)", c_dot(g, x), c->min_items);
            pc_line(w,
                    "    return pl_violation(err, %s, \"must have at least %" PRIu64
                    " %s, found %%zu\", %scount);",
                    at->key, c->min_items, what, c_dot(g, x));
        }
        if (c->has_max_items) {
            pc_line(w, "if (%scount > %" PRIu64 "u)", c_dot(g, x), c->max_items);
            pc_line(w,
                    "    return pl_violation(err, %s, \"must have at most %" PRIu64
                    " %s, found %%zu\", %scount);",
                    at->key, c->max_items, what, c_dot(g, x));
        }
    }
}

/* Validation of the value x of type t (no flagged `?`) with the extra constraints c (a field's
 * own, or NULL): the constraints on the underlying value, then what the type validates inside. */
static void emit_value_validation(source_state *s, pc_writer *w, const pc_type *t, const char *x,
                                  const pc_constraints *c, const where *at)
{
    c_gen *g = s->g;
    if (c && !c_constraints_empty(c)) {
        /* Through aliases (a nullable one is a wrapper: its value, when not null). */
        const pc_type *base = t;
        const char *value = x;
        int opened = 0;
        for (;;) {
            if (base->kind == PC_TYPE_NULLABLE) {
                base = base->as.element;
            } else if (base->kind == PC_TYPE_NAMED && base->as.decl->kind == PC_DECL_ALIAS) {
                c_decl *info = c_info(g, base->as.decl);
                if (info->wrapper) {
                    if (info->wrapper_pointer) {
                        pc_open(w, "if (!%s.is_null && %s.value) {", value, value);
                        value = c_fmt(g, "(*%s.value)", value);
                    } else {
                        pc_open(w, "if (!%s.is_null) {", value);
                        value = c_fmt(g, "%s.value", value);
                    }
                    opened++;
                    base = base->as.decl->as.alias.target->as.element;
                } else {
                    base = base->as.decl->as.alias.target;
                }
            } else {
                break;
            }
        }
        emit_checks(s, w, base, value, c, at);
        while (opened--)
            pc_close(w, "}");
    }
    if (!c_type_validates(g, t))
        return;
    const pc_type *v = t->kind == PC_TYPE_NULLABLE ? t->as.element : t;
    const char *call;
    if (v->kind == PC_TYPE_NAMED)
        call = c_fmt(g, "%s_validate(%s, err)", c_info(g, v->as.decl)->name, c_addr(g, x));
    else
        call = c_fmt(g, "%s(%s, err)", c_helper(s, HELPER_VALIDATE, c_composite_of(g, v)),
                     c_addr(g, x));
    c_wrap_linef(w, "if (!%s)", call);
    pc_line(w, "    %s", at->up);
}

static void emit_struct_validate(source_state *s, const pc_decl *d, pc_writer *w)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    bool any = false;
    for (uint32_t i = 0; i < d->as.struct_.field_count; i++) {
        const c_field *f = &info->fields[i];
        const pc_constraints *c = &f->field->constraints;
        if (c_constraints_empty(c) && !c_type_validates(g, f->field->type))
            continue;
        any = true;
        pc_str wire = f->field->wire;
        const char *key = c_fmt(g, "%s, %u", f->wire_literal, wire.len);
        where at = {key, c_fmt(g, "return pl_error_at_key(err, %s);", key)};
        /* The conditions the value is there under, written straight out. */
        const char *conditions[3];
        const char *negations[3];
        int count = 0;
        if (f->has) {
            negations[count] = "";
            conditions[count++] = f->has;
        }
        if (f->is_null) {
            negations[count] = "!";
            conditions[count++] = f->is_null;
        }
        if (f->pointer) {
            negations[count] = "";
            conditions[count++] = f->member;
        }
        if (count) {
            pc_write(w, "if (");
            for (int k = 0; k < count; k++)
                pc_write(w, "%s%svalue->%s", k ? " && " : "", negations[k], conditions[k]);
            pc_write(w, ") {");
            pc_newline(w);
            pc_indent(w);
        }
        const char *x =
            f->pointer ? c_fmt(g, "(*value->%s)", f->member) : c_fmt(g, "value->%s", f->member);
        emit_value_validation(s, w, f->value, x, c, &at);
        if (count)
            pc_close(w, "}");
    }
    if (!any) {
        c_text(w, "(void)value;");
        c_text(w, "(void)err;");
    }
    c_text(w, "return true;");
}

static void emit_union_validate(source_state *s, const pc_decl *d, pc_writer *w)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    bool any = false;
    for (uint32_t i = 0; i < d->as.union_.variant_count; i++) {
        const pc_variant *v = d->as.union_.variants[i];
        if (!c_type_validates(g, v->target))
            continue;
        if (!any)
            c_text(w, "switch (value->tag) {");
        any = true;
        const char *vt = c_info(g, v->target->as.decl)->name;
        const char *member = info->variant_members[i];
        pc_line(w, "case %s:", info->variant_consts[i]);
        if (info->variant_pointer[i])
            pc_line(w, "    return !value->%s || %s_validate(value->%s, err);", member, vt, member);
        else
            pc_line(w, "    return %s_validate(&value->%s, err);", vt, member);
    }
    if (any) {
        c_text(w, "default:");
        c_text(w, "    return true;");
        c_text(w, "}");
    } else {
        c_text(w, "(void)value;");
        c_text(w, "(void)err;");
        c_text(w, "return true;");
    }
}

static void emit_alias_validate(source_state *s, const pc_decl *d, pc_writer *w)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    const pc_constraints *c = &d->as.alias.constraints;
    if (!info->validates) {
        c_text(w, "(void)value;");
        c_text(w, "(void)err;");
        c_text(w, "return true;");
        return;
    }
    static const where root = {"NULL, 0", "return false;"};
    if (info->wrapper) {
        const pc_type *inner = d->as.alias.target->as.element;
        if (info->wrapper_pointer) {
            c_text(w, "if (value->is_null || !value->value)");
            c_text(w, "    return true;");
            emit_value_validation(s, w, inner, "(*value->value)", c, &root);
        } else {
            c_text(w, "if (value->is_null)");
            c_text(w, "    return true;");
            emit_value_validation(s, w, inner, "value->value", c, &root);
        }
    } else {
        emit_value_validation(s, w, d->as.alias.target, "(*value)", c, &root);
    }
    c_text(w, "return true;");
}

void c_emit_validate(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    const char *t = c_info(g, d)->name;
    pc_writer *w = s->body;
    pc_blank(w);
    c_wrap_linef(w, "bool %s_validate(const %s *value, pl_error *err)", t, t);
    pc_open(w, "{");
    switch (d->kind) {
    case PC_DECL_STRUCT:
        emit_struct_validate(s, d, w);
        break;
    case PC_DECL_UNION:
        emit_union_validate(s, d, w);
        break;
    case PC_DECL_ALIAS:
        emit_alias_validate(s, d, w);
        break;
    default:
        c_text(w, "/* Decoding has checked the member; there is nothing to annotate. */");
        c_text(w, "(void)value;");
        c_text(w, "(void)err;");
        c_text(w, "return true;");
        break;
    }
    pc_close(w, "}");
}

void c_emit_composite_validate(source_state *s, const c_composite *c)
{
    c_gen *g = s->g;
    pc_writer *w = s->helpers;
    pc_blank(w);
    c_wrap_linef(w, "static bool validate_%s(const %s *value, pl_error *err)", c->name, c->name);
    pc_open(w, "{");
    pc_open(w, "for (size_t i = 0; i < value->count; i++) {");
    if (c->nullable) {
        c_text(w, "if (value->is_null && value->is_null[i])");
        c_text(w, "    continue;");
    }
    where at = {c->is_map ? "value->keys[i].data, value->keys[i].len" : "NULL, 0",
                c->is_map ? "return pl_error_at_key(err, value->keys[i].data, value->keys[i].len);"
                          : "return pl_error_at_index(err, i);"};
    emit_value_validation(s, w, c->element, c->is_map ? "value->values[i]" : "value->items[i]",
                          NULL, &at);
    pc_close(w, "}");
    c_text(w, "return true;");
    pc_close(w, "}");
    (void)g;
}
