/* Validation code: the statements behind validate(at:into:) and the alias validators. Only
 * what can fail is written: a type with nothing to check below it gets no loop. */
#include <stdio.h>
#include <string.h>

#include "swift.h"

static bool has_constraints(const pc_constraints *c)
{
    return c && (c->min || c->max || c->has_min_length || c->has_max_length || c->has_min_items ||
                 c->has_max_items || c->pattern);
}

bool sw_type_checks(sw_ctx *ctx, const pc_type *type, const pc_constraints *extra)
{
    if (has_constraints(extra))
        return true;
    switch (type->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return sw_type_checks(ctx, type->as.element, NULL);
    case PC_TYPE_NAMED:
        return ctx->decls[type->as.decl->index].checks;
    default:
        return false;
    }
}

void sw_compute_checks(sw_ctx *ctx)
{
    /* Flags only ever turn on, so repeating until nothing changes reaches the least fixpoint
     * even through cycles (a struct that holds a list of itself). */
    bool changed = true;
    while (changed) {
        changed = false;
        for (uint32_t i = 0; i < ctx->schema->decl_count; i++) {
            const pc_decl *decl = ctx->schema->decls[i];
            sw_decl *info = &ctx->decls[decl->index];
            if (info->checks)
                continue;
            bool checks = false;
            switch (decl->kind) {
            case PC_DECL_STRUCT:
                for (uint32_t f = 0; f < decl->as.struct_.field_count && !checks; f++) {
                    const pc_field *field = decl->as.struct_.fields[f];
                    checks = sw_type_checks(ctx, field->type, &field->constraints);
                }
                break;
            case PC_DECL_UNION:
                for (uint32_t v = 0; v < decl->as.union_.variant_count && !checks; v++)
                    checks = sw_type_checks(ctx, decl->as.union_.variants[v]->target, NULL);
                break;
            case PC_DECL_ALIAS:
                checks = sw_type_checks(ctx, decl->as.alias.target, &decl->as.alias.constraints);
                break;
            default:
                break;
            }
            if (checks) {
                info->checks = true;
                changed = true;
            }
        }
    }
}

static const char *temp_name(sw_ctx *ctx, const char *stem, int number)
{
    char digits[24];
    sw_utoa(digits, (unsigned long long)number);
    return sw_concat(ctx, stem, digits, "");
}

/* "path + \"/lines/\" + String(index3)" and the like; adjacent literals are merged. */
static const char *join_path(sw_ctx *ctx, const char *base, const char *tail)
{
    size_t a = strlen(base), b = strlen(tail);
    char *out = pl_arena_alloc(ctx->arena, a + b + 4);
    if (!out) {
        ctx->failed = true;
        return base;
    }
    memcpy(out, base, a);
    if (a && base[a - 1] == '"' && tail[0] == '"') {
        memcpy(out + a - 1, tail + 1, b);
        return out;
    }
    memcpy(out + a, " + ", 3);
    memcpy(out + a + 3, tail, b + 1);
    return out;
}

static void bound_check(pc_writer *w, const char *check, const char *expr, const char *bound,
                        const char *path)
{
    sw_catln(w, "PayloadCheck.", check, "(", expr, ", ", bound, ", at: ", path,
             ", into: &violations)");
}

static void apply_constraints(sw_ctx *ctx, pc_writer *w, const pc_type *shape,
                              const pc_constraints *c, const char *expr, const char *path,
                              const char *pattern)
{
    (void)ctx;
    if (!has_constraints(c))
        return;
    char number[32];
    if (shape->kind == PC_TYPE_PRIMITIVE) {
        pc_primitive prim = shape->as.primitive;
        if (prim == PC_PRIM_INT32 || prim == PC_PRIM_INT64 || prim == PC_PRIM_FLOAT64) {
            if (c->min) {
                sw_cat(w, "PayloadCheck.minimum(", expr, ", ");
                pc_write_str(w, c->min->raw);
                sw_catln(w, ", at: ", path, ", into: &violations)");
            }
            if (c->max) {
                sw_cat(w, "PayloadCheck.maximum(", expr, ", ");
                pc_write_str(w, c->max->raw);
                sw_catln(w, ", at: ", path, ", into: &violations)");
            }
        } else if (prim == PC_PRIM_STRING) {
            if (c->has_min_length) {
                sw_utoa(number, (unsigned long long)c->min_length);
                bound_check(w, "minLength", expr, number, path);
            }
            if (c->has_max_length) {
                sw_utoa(number, (unsigned long long)c->max_length);
                bound_check(w, "maxLength", expr, number, path);
            }
            if (c->pattern && pattern)
                sw_catln(w, "PayloadCheck.pattern(", expr, ", ", pattern, ", at: ", path,
                         ", into: &violations)");
        }
    } else if (shape->kind == PC_TYPE_LIST || shape->kind == PC_TYPE_MAP) {
        if (c->has_min_items) {
            sw_utoa(number, (unsigned long long)c->min_items);
            sw_catln(w, "PayloadCheck.minItems(", expr, ".count, ", number, ", at: ", path,
                     ", into: &violations)");
        }
        if (c->has_max_items) {
            sw_utoa(number, (unsigned long long)c->max_items);
            sw_catln(w, "PayloadCheck.maxItems(", expr, ".count, ", number, ", at: ", path,
                     ", into: &violations)");
        }
    }
}

static void check_nonnull(sw_ctx *ctx, pc_writer *w, const pc_type *type,
                          const pc_constraints *extra, const char *expr, const char *path,
                          const char *pattern)
{
    const pc_type *shape = sw_unalias(ctx, type, true);
    apply_constraints(ctx, w, shape, extra, expr, path, pattern);
    while (type->kind == PC_TYPE_NULLABLE)
        type = type->as.element;
    if (!sw_type_checks(ctx, type, NULL))
        return;
    switch (type->kind) {
    case PC_TYPE_NAMED: {
        const pc_decl *decl = type->as.decl;
        const sw_decl *info = &ctx->decls[decl->index];
        if (decl->kind == PC_DECL_ALIAS && !info->wrapper)
            sw_catln(w, "PayloadAliases.validate", info->name, "(", expr, ", at: ", path,
                     ", into: &violations)");
        else
            sw_catln(w, expr, ".validate(at: ", path, ", into: &violations)");
        return;
    }
    case PC_TYPE_LIST: {
        int n = ++ctx->temp;
        const char *index = temp_name(ctx, "index", n), *item = temp_name(ctx, "item", n);
        sw_open(w, "for (", index, ", ", item, ") in ", expr, ".enumerated() {");
        const char *tail = sw_concat(ctx, "\"/\" + String(", index, ")");
        sw_checks(ctx, w, type->as.element, NULL, item, false, join_path(ctx, path, tail), NULL);
        sw_close(w, "}");
        return;
    }
    case PC_TYPE_MAP: {
        int n = ++ctx->temp;
        const char *entry = temp_name(ctx, "entry", n);
        sw_open(w, "for ", entry, " in PayloadSupport.sorted(", expr, ") {");
        const char *tail = sw_concat(ctx, "\"/\" + PayloadPointer.escape(", entry, ".key)");
        const char *value = sw_concat(ctx, entry, ".value", "");
        sw_checks(ctx, w, type->as.element, NULL, value, false, join_path(ctx, path, tail), NULL);
        sw_close(w, "}");
        return;
    }
    default:
        return;
    }
}

void sw_checks(sw_ctx *ctx, pc_writer *w, const pc_type *type, const pc_constraints *extra,
               const char *expr, bool optional, const char *path, const char *pattern)
{
    if (!sw_type_checks(ctx, type, extra))
        return;
    const sw_decl *alias = type->kind == PC_TYPE_NAMED && type->as.decl->kind == PC_DECL_ALIAS
                               ? &ctx->decls[type->as.decl->index]
                               : NULL;
    if (!optional && alias && !alias->wrapper && !has_constraints(extra)) {
        /* An alias validator takes the alias's own type, null included. */
        sw_catln(w, "PayloadAliases.validate", alias->name, "(", expr, ", at: ", path,
                 ", into: &violations)");
        return;
    }
    if (optional || sw_is_nullable(ctx, type)) {
        const pc_type *inner = type;
        while (inner->kind == PC_TYPE_NULLABLE)
            inner = inner->as.element;
        if (!has_constraints(extra) && inner->kind == PC_TYPE_NAMED &&
            (inner->as.decl->kind != PC_DECL_ALIAS || ctx->decls[inner->as.decl->index].wrapper)) {
            /* A struct, union or wrapper that may be absent: optional chaining. */
            sw_catln(w, expr, "?.validate(at: ", path, ", into: &violations)");
            return;
        }
        int n = ++ctx->temp;
        const char *value = temp_name(ctx, "value", n);
        sw_open(w, "if let ", value, " = ", expr, " {");
        check_nonnull(ctx, w, type, extra, value, path, pattern);
        sw_close(w, "}");
        return;
    }
    check_nonnull(ctx, w, type, extra, expr, path, pattern);
}

void sw_alias_validator(sw_ctx *ctx, pc_writer *w, const pc_decl *decl)
{
    const sw_decl *info = &ctx->decls[decl->index];
    const pc_constraints *c = &decl->as.alias.constraints;
    pc_blank(w);
    SW_OPEN(w, SW_SV("extension PayloadAliases {"));
    char pattern[256];
    if (c->pattern) {
        snprintf(pattern, sizeof pattern, "pattern%s", info->name);
        pc_write(w, "private static let %s = PayloadPattern(", pattern);
        sw_string_literal(w, c->pattern->as.string.ptr, c->pattern->as.string.len);
        SW_LINE(w, SW_SV(")"));
        pc_blank(w);
    }
    pc_line(w, "/// Checks the constraints of `%s` on a value.", info->name);
    sw_cat(w, "public static func validate", info->name, "(_ value: ");
    sw_type(ctx, w, decl->as.alias.target);
    if (!info->checks) {
        SW_LINE(w, SW_SV(", at path: String, into violations: inout [PayloadError]) {}"));
        sw_close(w, "}");
        return;
    }
    SW_OPEN(w, SW_SV(", at path: String, into violations: inout [PayloadError]) {"));
    ctx->temp = 0;
    sw_checks(ctx, w, decl->as.alias.target, c, "value", false, "path",
              c->pattern ? pattern : NULL);
    sw_close(w, "}");
    sw_close(w, "}");
}
