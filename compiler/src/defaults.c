/* Default values (language.md §5): a default must be a value of the field's type and satisfy
 * the constraints in force, and a field is never both optional and defaulted. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "resolve.h"

typedef struct verdict {
    char reason[192];
} verdict;

static bool fail(verdict *out, const char *message)
{
    snprintf(out->reason, sizeof out->reason, "%s", message);
    return false;
}

static bool string_fits_format(pl_arena *arena, pc_primitive primitive, pc_str text,
                               verdict *out)
{
    bool valid;
    const char *expected;
    switch (primitive) {
    case PC_PRIM_STRING: return true;
    case PC_PRIM_BYTES: {
        uint8_t *bytes;
        size_t length;
        valid = pl_base64_decode(text.ptr, text.len, arena, &bytes, &length);
        expected = "padded standard base64 (RFC 4648)";
        break;
    }
    case PC_PRIM_DATE: {
        pl_date date;
        valid = pl_date_parse(text.ptr, text.len, &date);
        expected = "a calendar date, YYYY-MM-DD";
        break;
    }
    case PC_PRIM_DATETIME: {
        pl_datetime datetime;
        valid = pl_datetime_parse(text.ptr, text.len, &datetime);
        expected = "an RFC 3339 date-time with an offset";
        break;
    }
    case PC_PRIM_UUID: {
        pl_uuid uuid;
        valid = pl_uuid_parse(text.ptr, text.len, &uuid);
        expected = "8-4-4-4-12 hex digits";
        break;
    }
    case PC_PRIM_DECIMAL:
        valid = pl_decimal_valid(text.ptr, text.len);
        expected = "decimal text like -12.50";
        break;
    default: return fail(out, "a string literal does not fit this type");
    }
    if (!valid)
        snprintf(out->reason, sizeof out->reason, "not a valid %s (expected %s)",
                 pc_primitive_name(primitive), expected);
    return valid;
}

static bool fits_primitive(pl_arena *arena, const pc_value *value, pc_primitive primitive,
                           verdict *out)
{
    switch (primitive) {
    case PC_PRIM_BOOL:
        if (value->kind == PC_VALUE_TRUE || value->kind == PC_VALUE_FALSE)
            return true;
        return fail(out, "a bool default is true or false");
    case PC_PRIM_INT32:
    case PC_PRIM_INT64: {
        if (value->kind != PC_VALUE_INT)
            return fail(out, "an integer default is an integer literal");
        int64_t low = primitive == PC_PRIM_INT32 ? INT32_MIN : INT64_MIN;
        int64_t high = primitive == PC_PRIM_INT32 ? INT32_MAX : INT64_MAX;
        if (value->as.integer.overflow || value->as.integer.value < low ||
            value->as.integer.value > high) {
            snprintf(out->reason, sizeof out->reason, "out of range for %s",
                     pc_primitive_name(primitive));
            return false;
        }
        return true;
    }
    case PC_PRIM_FLOAT64:
        if (value->kind == PC_VALUE_INT ||
            (value->kind == PC_VALUE_FLOAT && isfinite(value->as.number)))
            return true;
        return fail(out, "a float64 default is a finite number");
    case PC_PRIM_JSON:
        /* Any JSON literal; a big integer is kept as written. */
        if (value->kind == PC_VALUE_NAME)
            return fail(out, "a json default is a JSON literal");
        return true;
    default:
        if (value->kind != PC_VALUE_STRING)
            return fail(out, "this type's default is a string literal");
        return string_fits_format(arena, primitive, value->as.string, out);
    }
}

static const pc_member *find_member(const pc_decl *decl, pc_str name)
{
    for (uint32_t i = 0; i < decl->as.enum_.member_count; i++) {
        if (pc_str_eq(decl->as.enum_.members[i]->name, name))
            return decl->as.enum_.members[i];
    }
    return NULL;
}

static bool value_fits(pl_arena *arena, pc_value *value, const pc_type *type, verdict *out)
{
    switch (type->kind) {
    case PC_TYPE_UNRESOLVED: return true; /* reported elsewhere */
    case PC_TYPE_NULLABLE:
        return value->kind == PC_VALUE_NULL || value_fits(arena, value, type->as.element, out);
    case PC_TYPE_PRIMITIVE:
        if (value->kind == PC_VALUE_NULL && type->as.primitive != PC_PRIM_JSON)
            return fail(out, "null is not a value of this type; make the type nullable (T?)");
        return fits_primitive(arena, value, type->as.primitive, out);
    case PC_TYPE_LIST:
        if (value->kind == PC_VALUE_EMPTY_LIST)
            return true;
        return fail(out, "a list default is []");
    case PC_TYPE_MAP:
        if (value->kind == PC_VALUE_EMPTY_MAP)
            return true;
        return fail(out, "a map default is {}");
    case PC_TYPE_NAMED: break;
    }
    const pc_decl *decl = type->as.decl;
    switch (decl->kind) {
    case PC_DECL_ALIAS: return value_fits(arena, value, decl->as.alias.target, out);
    case PC_DECL_ENUM: {
        if (decl->as.enum_.member_count == 0)
            return true; /* the empty enum is reported itself */
        if (value->kind != PC_VALUE_NAME || value->as.name.dots != 0) {
            snprintf(out->reason, sizeof out->reason,
                     "an enum default names one of its members, like '= %.*s'",
                     (int)decl->as.enum_.members[0]->name.len,
                     decl->as.enum_.members[0]->name.ptr);
            return false;
        }
        const pc_member *member = find_member(decl, value->as.name.text);
        if (!member) {
            int used = snprintf(out->reason, sizeof out->reason,
                                "'%.*s' is not a member of enum '%.*s'",
                                (int)value->as.name.text.len, value->as.name.text.ptr,
                                (int)decl->name.len, decl->name.ptr);
            for (uint32_t i = 0; i < decl->as.enum_.member_count && used > 0; i++) {
                const pc_member *other = decl->as.enum_.members[i];
                if (pc_str_eq(other->wire, value->as.name.text) &&
                    (size_t)used < sizeof out->reason)
                    snprintf(out->reason + used, sizeof out->reason - (size_t)used,
                             "; '%.*s' is the wire name of '%.*s', and a default names the "
                             "member",
                             (int)other->wire.len, other->wire.ptr, (int)other->name.len,
                             other->name.ptr);
            }
            return false;
        }
        value->member = member;
        return true;
    }
    default:
        snprintf(out->reason, sizeof out->reason, "%s cannot have a default value",
                 pc_decl_kind_with_article(decl->kind));
        return false;
    }
}

/* Checks one set of constraints; false with the reason when the default breaks one. */
static bool satisfies(pc_schema *schema, const pc_value *value, const pc_constraints *c,
                      verdict *out)
{
    if ((c->min || c->max) && (value->kind == PC_VALUE_INT || value->kind == PC_VALUE_FLOAT)) {
        if (c->min && pc_value_compare(value, c->min) < 0) {
            snprintf(out->reason, sizeof out->reason, "it is below @min(%.*s)", (int)c->min->raw.len,
                     c->min->raw.ptr);
            return false;
        }
        if (c->max && pc_value_compare(value, c->max) > 0) {
            snprintf(out->reason, sizeof out->reason, "it is above @max(%.*s)", (int)c->max->raw.len,
                     c->max->raw.ptr);
            return false;
        }
    }
    if (value->kind == PC_VALUE_STRING) {
        uint64_t length = pl_utf8_length(value->as.string.ptr, value->as.string.len);
        if (c->has_min_length && length < c->min_length) {
            snprintf(out->reason, sizeof out->reason,
                     "it is %llu character%s, fewer than @min_length(%llu)",
                     (unsigned long long)length, length == 1 ? "" : "s",
                     (unsigned long long)c->min_length);
            return false;
        }
        if (c->has_max_length && length > c->max_length) {
            snprintf(out->reason, sizeof out->reason,
                     "it is %llu characters, more than @max_length(%llu)",
                     (unsigned long long)length, (unsigned long long)c->max_length);
            return false;
        }
        if (c->pattern) {
            pl_error error;
            pl_error_clear(&error);
            const pl_regex *regex = pl_regex_compile(
                c->pattern->as.string.ptr, c->pattern->as.string.len, schema->arena, &error);
            if (regex && !pl_regex_match(regex, value->as.string.ptr, value->as.string.len))
                return fail(out, "it does not match @pattern");
        }
    }
    if ((value->kind == PC_VALUE_EMPTY_LIST || value->kind == PC_VALUE_EMPTY_MAP) &&
        c->has_min_items && c->min_items > 0) {
        snprintf(out->reason, sizeof out->reason, "it is empty, fewer items than @min_items(%llu)",
                 (unsigned long long)c->min_items);
        return false;
    }
    return true;
}

/* The field's own constraints, then those of each alias its type goes through. */
static bool satisfies_all(pc_schema *schema, const pc_value *value, const pc_field *field,
                          verdict *out)
{
    if (!satisfies(schema, value, &field->constraints, out))
        return false;
    const pc_type *type = field->type;
    for (uint32_t steps = 0; type && steps <= schema->decl_count; steps++) {
        if (type->kind == PC_TYPE_NULLABLE) {
            type = type->as.element;
            continue;
        }
        if (type->kind != PC_TYPE_NAMED || type->as.decl->kind != PC_DECL_ALIAS)
            break;
        if (!satisfies(schema, value, &type->as.decl->as.alias.constraints, out))
            return false;
        type = type->as.decl->as.alias.target;
    }
    return true;
}

static void check_default(pc_schema *schema, pc_field *field)
{
    pc_value *value = field->default_value;
    if (!value)
        return;
    if (field->optional) {
        pc_diag_report(&schema->diags, PC_DIAG_OPTIONAL_WITH_DEFAULT, value->loc,
                       "'%.*s' is optional and has a default; absent means the default, so "
                       "drop the '?' or the default",
                       (int)field->name.len, field->name.ptr);
        return;
    }
    verdict out = {{0}};
    if (!value_fits(schema->arena, value, field->type, &out)) {
        pc_diag_report(&schema->diags, PC_DIAG_DEFAULT_TYPE, value->loc,
                       "default '%.*s' does not fit the type of '%.*s': %s", (int)value->raw.len,
                       value->raw.ptr, (int)field->name.len, field->name.ptr, out.reason);
        return;
    }
    if (value->kind != PC_VALUE_NULL && !satisfies_all(schema, value, field, &out))
        pc_diag_report(&schema->diags, PC_DIAG_DEFAULT_CONSTRAINT, value->loc,
                       "default '%.*s' of '%.*s' breaks a constraint: %s", (int)value->raw.len, value->raw.ptr,
                       (int)field->name.len, field->name.ptr, out.reason);
}

void pc_check_defaults(pc_schema *schema)
{
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        pc_decl *decl = schema->decls[i];
        if (decl->kind == PC_DECL_STRUCT) {
            for (uint32_t f = 0; f < decl->as.struct_.field_count; f++)
                check_default(schema, decl->as.struct_.fields[f]);
        } else if (decl->kind == PC_DECL_SERVICE) {
            for (uint32_t r = 0; r < decl->as.service.route_count; r++) {
                pc_route *route = decl->as.service.routes[r];
                for (uint32_t p = 0; p < route->param_count; p++)
                    check_default(schema, route->params[p]);
            }
        }
    }
}
