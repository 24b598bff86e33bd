#include "ast.h"

#include <string.h>

static const char *const primitive_names[PC_PRIM_COUNT] = {
    "bool", "int32",    "int64", "float64", "string", "bytes",
    "date", "datetime", "uuid",  "decimal", "json",
};

const char *pc_primitive_name(pc_primitive prim)
{
    return prim < PC_PRIM_COUNT ? primitive_names[prim] : "?";
}

bool pc_primitive_from_name(pc_str name, pc_primitive *out)
{
    /* Every type reference asks: pick the candidates by length, then compare a constant
     * number of bytes (which compilers do without a call). */
    const char *p = name.ptr;
    pc_primitive found;
    switch (name.len) {
    case 4:
        if (memcmp(p, "bool", 4) == 0)
            found = PC_PRIM_BOOL;
        else if (memcmp(p, "date", 4) == 0)
            found = PC_PRIM_DATE;
        else if (memcmp(p, "uuid", 4) == 0)
            found = PC_PRIM_UUID;
        else if (memcmp(p, "json", 4) == 0)
            found = PC_PRIM_JSON;
        else
            return false;
        break;
    case 5:
        if (memcmp(p, "int32", 5) == 0)
            found = PC_PRIM_INT32;
        else if (memcmp(p, "int64", 5) == 0)
            found = PC_PRIM_INT64;
        else if (memcmp(p, "bytes", 5) == 0)
            found = PC_PRIM_BYTES;
        else
            return false;
        break;
    case 6:
        if (memcmp(p, "string", 6) != 0)
            return false;
        found = PC_PRIM_STRING;
        break;
    case 7:
        if (memcmp(p, "float64", 7) == 0)
            found = PC_PRIM_FLOAT64;
        else if (memcmp(p, "decimal", 7) == 0)
            found = PC_PRIM_DECIMAL;
        else
            return false;
        break;
    case 8:
        if (memcmp(p, "datetime", 8) != 0)
            return false;
        found = PC_PRIM_DATETIME;
        break;
    default:
        return false;
    }
    *out = found;
    return true;
}

const char *pc_method_name(pc_method method)
{
    switch (method) {
    case PC_METHOD_GET:
        return "GET";
    case PC_METHOD_POST:
        return "POST";
    case PC_METHOD_PUT:
        return "PUT";
    case PC_METHOD_PATCH:
        return "PATCH";
    case PC_METHOD_DELETE:
        return "DELETE";
    case PC_METHOD_UNKNOWN:
        break;
    }
    return "?";
}

const char *pc_decl_kind_name(pc_decl_kind kind)
{
    switch (kind) {
    case PC_DECL_STRUCT:
        return "struct";
    case PC_DECL_ENUM:
        return "enum";
    case PC_DECL_UNION:
        return "union";
    case PC_DECL_ALIAS:
        return "alias";
    case PC_DECL_SERVICE:
        return "service";
    }
    return "?";
}

const char *pc_decl_kind_with_article(pc_decl_kind kind)
{
    switch (kind) {
    case PC_DECL_STRUCT:
        return "a struct";
    case PC_DECL_ENUM:
        return "an enum";
    case PC_DECL_UNION:
        return "a union";
    case PC_DECL_ALIAS:
        return "an alias";
    case PC_DECL_SERVICE:
        return "a service";
    }
    return "?";
}

const char *pc_direction_name(pc_direction direction)
{
    switch (direction) {
    case PC_DIR_NONE:
        return "none";
    case PC_DIR_IN:
        return "input";
    case PC_DIR_OUT:
        return "output";
    case PC_DIR_BOTH:
        return "both";
    }
    return "?";
}

const pc_type *pc_type_unalias(const pc_type *type, bool through_nullable)
{
    /* Alias chains are acyclic after resolution; the bound guards unresolved input. */
    for (int steps = 0; type && steps < 1000; steps++) {
        if (type->kind == PC_TYPE_NAMED && type->as.decl->kind == PC_DECL_ALIAS)
            type = type->as.decl->as.alias.target;
        else if (through_nullable && type->kind == PC_TYPE_NULLABLE)
            type = type->as.element;
        else
            return type;
    }
    return type;
}

bool pc_type_is_nullable(const pc_type *type)
{
    for (int steps = 0; type && steps < 1000; steps++) {
        if (type->kind == PC_TYPE_NULLABLE)
            return true;
        if (type->kind == PC_TYPE_NAMED && type->as.decl->kind == PC_DECL_ALIAS)
            type = type->as.decl->as.alias.target;
        else
            return false;
    }
    return false;
}

bool pc_type_is_scalar(const pc_type *type)
{
    const pc_type *shape = pc_type_unalias(type, false);
    if (!shape)
        return false;
    if (shape->kind == PC_TYPE_PRIMITIVE)
        return shape->as.primitive != PC_PRIM_BYTES && shape->as.primitive != PC_PRIM_JSON;
    return shape->kind == PC_TYPE_NAMED && shape->as.decl->kind == PC_DECL_ENUM;
}

double pc_value_number(const pc_value *value)
{
    return value->kind == PC_VALUE_INT ? (double)value->as.integer.value : value->as.number;
}

int pc_value_compare(const pc_value *a, const pc_value *b)
{
    if (a->kind == PC_VALUE_INT && b->kind == PC_VALUE_INT) {
        int64_t x = a->as.integer.value, y = b->as.integer.value;
        return x < y ? -1 : x > y ? 1 : 0;
    }
    double x = pc_value_number(a), y = pc_value_number(b);
    return x < y ? -1 : x > y ? 1 : 0;
}

pc_direction pc_decl_direction(const pc_decl *decl)
{
    return decl->direction == PC_DIR_NONE ? PC_DIR_BOTH : decl->direction;
}

bool pc_str_eq(pc_str a, pc_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool pc_str_eq_cstr(pc_str a, const char *b)
{
    /* No strlen: stop at the first difference, or at b's end. */
    for (uint32_t i = 0; i < a.len; i++) {
        if (b[i] == '\0' || b[i] != a.ptr[i])
            return false;
    }
    return b[a.len] == '\0';
}

pc_str pc_str_from_cstr(const char *text)
{
    pc_str result = {text, (uint32_t)strlen(text)};
    return result;
}

char *pc_arena_join(pl_arena *arena, const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *out = pl_arena_alloc(arena, la + lb + lc + 1);
    if (out) {
        memcpy(out, a, la);
        memcpy(out + la, b, lb);
        memcpy(out + la + lb, c, lc + 1);
    }
    return out;
}

uint32_t pc_utf8_sequence_length(const unsigned char *text, uint32_t at, uint32_t length)
{
    unsigned char c = text[at];
    if (c < 0x80)
        return 1;
    uint32_t need;
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            low = 0xA0;
        else if (c == 0xED)
            high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            low = 0x90;
        else if (c == 0xF4)
            high = 0x8F;
    } else {
        return 0;
    }
    if (at + need > length)
        return 0;
    if (text[at + 1] < low || text[at + 1] > high)
        return 0;
    for (uint32_t i = 2; i < need; i++) {
        if ((text[at + i] & 0xC0) != 0x80)
            return 0;
    }
    return need;
}
