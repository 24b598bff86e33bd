/* Annotations (language.md §7) and default values (§5). */
#include <math.h>
#include <string.h>

#include "resolve.h"

typedef enum target {
    TARGET_STRUCT,
    TARGET_ENUM,
    TARGET_UNION,
    TARGET_ALIAS,
    TARGET_SERVICE,
    TARGET_FIELD,
    TARGET_PARAM,
    TARGET_MEMBER,
    TARGET_VARIANT,
    TARGET_ROUTE
} target;

#define ON(t) (1u << (t))
#define ON_CONSTRAINED (ON(TARGET_FIELD) | ON(TARGET_PARAM) | ON(TARGET_ALIAS))

typedef enum argument_kind { ARG_NONE_OR_STRING, ARG_STRING, ARG_NUMBER, ARG_COUNT, ARG_INT } argument_kind;

typedef struct annotation_spec {
    const char *name;
    pc_annotation_kind kind;
    unsigned targets;
    argument_kind argument;
    const char *where; /* for "allowed on ..." messages */
} annotation_spec;

static const annotation_spec specs[] = {
    {"deprecated", PC_ANNOTATION_DEPRECATED, ~0u, ARG_NONE_OR_STRING, "anything"},
    {"wire", PC_ANNOTATION_WIRE, ON(TARGET_FIELD) | ON(TARGET_MEMBER) | ON(TARGET_VARIANT),
     ARG_STRING, "fields, enum members and union variants"},
    {"min", PC_ANNOTATION_MIN, ON_CONSTRAINED, ARG_NUMBER, "fields, parameters and aliases"},
    {"max", PC_ANNOTATION_MAX, ON_CONSTRAINED, ARG_NUMBER, "fields, parameters and aliases"},
    {"min_length", PC_ANNOTATION_MIN_LENGTH, ON_CONSTRAINED, ARG_COUNT,
     "fields, parameters and aliases"},
    {"max_length", PC_ANNOTATION_MAX_LENGTH, ON_CONSTRAINED, ARG_COUNT,
     "fields, parameters and aliases"},
    {"min_items", PC_ANNOTATION_MIN_ITEMS, ON_CONSTRAINED, ARG_COUNT,
     "fields, parameters and aliases"},
    {"max_items", PC_ANNOTATION_MAX_ITEMS, ON_CONSTRAINED, ARG_COUNT,
     "fields, parameters and aliases"},
    {"pattern", PC_ANNOTATION_PATTERN, ON_CONSTRAINED, ARG_STRING,
     "fields, parameters and aliases"},
    {"status", PC_ANNOTATION_STATUS, ON(TARGET_STRUCT), ARG_INT, "error structs"},
};

static const char *target_name(target where)
{
    switch (where) {
    case TARGET_STRUCT: return "a struct";
    case TARGET_ENUM: return "an enum";
    case TARGET_UNION: return "a union";
    case TARGET_ALIAS: return "a type alias";
    case TARGET_SERVICE: return "a service";
    case TARGET_FIELD: return "a field";
    case TARGET_PARAM: return "a route parameter";
    case TARGET_MEMBER: return "an enum member";
    case TARGET_VARIANT: return "a union variant";
    case TARGET_ROUTE: return "a route";
    }
    return "this";
}

static const annotation_spec *find_spec(pc_str name)
{
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        if (pc_str_eq_cstr(name, specs[i].name))
            return &specs[i];
    }
    return NULL;
}

typedef struct annotated {
    pc_meta *meta;
    target where;
    pc_str *wire;                /* NULL where @wire is not allowed */
    pc_constraints *constraints; /* NULL where constraints are not allowed */
    const pc_type *type;         /* the constrained type */
    int *status;
} annotated;

static bool check_arguments(pc_schema *schema, const annotation_spec *spec,
                            const pc_annotation *annotation)
{
    const char *expected = NULL;
    const pc_value *arg = annotation->arg_count ? annotation->args[0] : NULL;
    switch (spec->argument) {
    case ARG_NONE_OR_STRING:
        if (annotation->arg_count > 1 || (arg && arg->kind != PC_VALUE_STRING))
            expected = "no argument or one string: @deprecated(\"use x instead\")";
        break;
    case ARG_STRING:
        if (annotation->arg_count != 1 || arg->kind != PC_VALUE_STRING)
            expected = "one string";
        else if (spec->kind == PC_ANNOTATION_WIRE && arg->as.string.len == 0)
            expected = "a non-empty string";
        break;
    case ARG_NUMBER:
        if (annotation->arg_count != 1 ||
            (arg->kind != PC_VALUE_INT && arg->kind != PC_VALUE_FLOAT) ||
            (arg->kind == PC_VALUE_INT && arg->as.integer.overflow) ||
            (arg->kind == PC_VALUE_FLOAT && !isfinite(arg->as.number)))
            expected = "one number";
        break;
    case ARG_COUNT:
        if (annotation->arg_count != 1 || arg->kind != PC_VALUE_INT || arg->as.integer.overflow ||
            arg->as.integer.value < 0)
            expected = "one integer, zero or more";
        break;
    case ARG_INT:
        if (annotation->arg_count != 1 || arg->kind != PC_VALUE_INT || arg->as.integer.overflow)
            expected = "one integer";
        break;
    }
    if (!expected)
        return true;
    pc_diag_report(&schema->diags, PC_DIAG_ANNOTATION_ARGUMENTS, annotation->loc,
                   "@%s takes %s", spec->name, expected);
    return false;
}

typedef enum type_class { CLASS_NUMBER, CLASS_INTEGER, CLASS_STRING, CLASS_COLLECTION, CLASS_OTHER } type_class;

static type_class classify(const pc_type *type)
{
    const pc_type *shape = pc_type_unalias(type, true);
    if (!shape)
        return CLASS_OTHER;
    if (shape->kind == PC_TYPE_LIST || shape->kind == PC_TYPE_MAP)
        return CLASS_COLLECTION;
    if (shape->kind != PC_TYPE_PRIMITIVE)
        return CLASS_OTHER;
    switch (shape->as.primitive) {
    case PC_PRIM_INT32:
    case PC_PRIM_INT64: return CLASS_INTEGER;
    case PC_PRIM_FLOAT64: return CLASS_NUMBER;
    case PC_PRIM_STRING: return CLASS_STRING;
    default: return CLASS_OTHER;
    }
}

static void describe_type(const pc_type *type, char *out, size_t capacity)
{
    if (!type) {
        snprintf(out, capacity, "?");
        return;
    }
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE: snprintf(out, capacity, "%s", pc_primitive_name(type->as.primitive)); return;
    case PC_TYPE_NAMED:
        snprintf(out, capacity, "%s '%.*s'", pc_decl_kind_with_article(type->as.decl->kind),
                 (int)type->as.decl->name.len, type->as.decl->name.ptr);
        return;
    case PC_TYPE_LIST: snprintf(out, capacity, "list"); return;
    case PC_TYPE_MAP: snprintf(out, capacity, "map"); return;
    case PC_TYPE_NULLABLE: describe_type(type->as.element, out, capacity); return;
    case PC_TYPE_UNRESOLVED: snprintf(out, capacity, "an unresolved type"); return;
    }
}

static bool check_fit(pc_schema *schema, const annotation_spec *spec,
                      const pc_annotation *annotation, const pc_type *type)
{
    if (!type || pc_type_unalias(type, true)->kind == PC_TYPE_UNRESOLVED)
        return false; /* already reported */
    type_class found = classify(type);
    bool fits;
    const char *needs;
    switch (spec->kind) {
    case PC_ANNOTATION_MIN:
    case PC_ANNOTATION_MAX:
        fits = found == CLASS_NUMBER || found == CLASS_INTEGER;
        needs = "int32, int64 or float64";
        if (fits && found == CLASS_INTEGER && annotation->args[0]->kind != PC_VALUE_INT) {
            pc_diag_report(&schema->diags, PC_DIAG_ANNOTATION_ARGUMENTS, annotation->args[0]->loc,
                           "@%s of an integer type takes an integer bound", spec->name);
            return false;
        }
        break;
    case PC_ANNOTATION_MIN_LENGTH:
    case PC_ANNOTATION_MAX_LENGTH:
    case PC_ANNOTATION_PATTERN:
        fits = found == CLASS_STRING;
        needs = "string";
        break;
    case PC_ANNOTATION_MIN_ITEMS:
    case PC_ANNOTATION_MAX_ITEMS:
        fits = found == CLASS_COLLECTION;
        needs = "list or map";
        break;
    default: return true;
    }
    if (fits)
        return true;
    char described[128];
    describe_type(pc_type_unalias(type, true), described, sizeof described);
    pc_diag_report(&schema->diags, PC_DIAG_CONSTRAINT_TYPE, annotation->loc,
                   "@%s applies to %s, not to %s", spec->name, needs, described);
    return false;
}

static void check_pattern(pc_schema *schema, const pc_value *pattern)
{
    pl_error error;
    pl_error_clear(&error);
    if (pl_regex_compile(pattern->as.string.ptr, pattern->as.string.len, schema->arena, &error))
        return;
    /* Point into the literal when it has no escapes (then offsets map one to one). */
    pc_loc loc = pattern->loc;
    if (pattern->raw.len == pattern->as.string.len + 2 && error.offset <= pattern->as.string.len) {
        uint32_t column = loc.column + 1;
        for (size_t i = 0; i < error.offset; i++) {
            if (((unsigned char)pattern->as.string.ptr[i] & 0xC0) != 0x80)
                column++;
        }
        loc.offset += 1 + (uint32_t)error.offset;
        loc.column = column;
        loc.length = 1;
    }
    pc_diag_report(&schema->diags, PC_DIAG_INVALID_PATTERN, loc,
                   "invalid @pattern: %s", error.message);
}

static void apply(pc_schema *schema, annotated *node, const pc_annotation *annotation)
{
    const pc_value *arg = annotation->arg_count ? annotation->args[0] : NULL;
    pc_constraints *constraints = node->constraints;
    switch (annotation->kind) {
    case PC_ANNOTATION_DEPRECATED:
        node->meta->deprecated = true;
        if (arg)
            node->meta->deprecated_reason = arg->as.string;
        break;
    case PC_ANNOTATION_WIRE: *node->wire = arg->as.string; break;
    case PC_ANNOTATION_MIN: constraints->min = arg; break;
    case PC_ANNOTATION_MAX: constraints->max = arg; break;
    case PC_ANNOTATION_MIN_LENGTH:
        constraints->has_min_length = true;
        constraints->min_length = (uint64_t)arg->as.integer.value;
        break;
    case PC_ANNOTATION_MAX_LENGTH:
        constraints->has_max_length = true;
        constraints->max_length = (uint64_t)arg->as.integer.value;
        break;
    case PC_ANNOTATION_MIN_ITEMS:
        constraints->has_min_items = true;
        constraints->min_items = (uint64_t)arg->as.integer.value;
        break;
    case PC_ANNOTATION_MAX_ITEMS:
        constraints->has_max_items = true;
        constraints->max_items = (uint64_t)arg->as.integer.value;
        break;
    case PC_ANNOTATION_PATTERN:
        check_pattern(schema, arg);
        constraints->pattern = arg;
        break;
    case PC_ANNOTATION_STATUS:
        if (arg->as.integer.value < 400 || arg->as.integer.value > 599) {
            pc_diag_report(&schema->diags, PC_DIAG_STATUS_RANGE, arg->loc,
                           "@status(%lld) is not an error status; use 400-599",
                           (long long)arg->as.integer.value);
            break;
        }
        *node->status = (int)arg->as.integer.value;
        break;
    case PC_ANNOTATION_UNKNOWN: break;
    }
}

static const pc_annotation *find_annotation(const pc_meta *meta, pc_annotation_kind kind)
{
    for (uint32_t i = 0; i < meta->annotation_count; i++) {
        if (meta->annotations[i]->kind == kind)
            return meta->annotations[i];
    }
    return NULL;
}

static void check_bounds(pc_schema *schema, const pc_meta *meta, const pc_constraints *c)
{
    struct {
        bool violated;
        pc_annotation_kind low_kind, high_kind;
        const char *low_name, *high_name;
    } pairs[] = {
        {c->min && c->max && pc_value_compare(c->min, c->max) > 0, PC_ANNOTATION_MIN,
         PC_ANNOTATION_MAX, "min", "max"},
        {c->has_min_length && c->has_max_length && c->min_length > c->max_length,
         PC_ANNOTATION_MIN_LENGTH, PC_ANNOTATION_MAX_LENGTH, "min_length", "max_length"},
        {c->has_min_items && c->has_max_items && c->min_items > c->max_items,
         PC_ANNOTATION_MIN_ITEMS, PC_ANNOTATION_MAX_ITEMS, "min_items", "max_items"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (!pairs[i].violated)
            continue;
        const pc_annotation *low = find_annotation(meta, pairs[i].low_kind);
        const pc_annotation *high = find_annotation(meta, pairs[i].high_kind);
        pc_diag *diag = pc_diag_report(&schema->diags, PC_DIAG_CONSTRAINT_RANGE, low->loc,
                                       "@%s is above @%s, so no value can satisfy both",
                                       pairs[i].low_name, pairs[i].high_name);
        pc_diag_add_note(&schema->diags, diag, high->loc, "the @%s is here", pairs[i].high_name);
    }
}

static void check_node(pc_schema *schema, annotated *node)
{
    pc_meta *meta = node->meta;
    for (uint32_t i = 0; i < meta->annotation_count; i++) {
        pc_annotation *annotation = meta->annotations[i];
        const annotation_spec *spec = find_spec(annotation->name);
        if (!spec) {
            pc_suggester suggester;
            pc_suggester_init(&suggester, annotation->name);
            for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++)
                pc_suggester_offer(&suggester, pc_str_from_cstr(specs[s].name));
            if (pc_suggester_found(&suggester))
                pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_ANNOTATION, annotation->loc,
                               "unknown annotation '@%.*s'; did you mean '@%.*s'?",
                               (int)annotation->name.len, annotation->name.ptr,
                               (int)suggester.best.len, suggester.best.ptr);
            else
                pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_ANNOTATION, annotation->loc,
                               "unknown annotation '@%.*s'", (int)annotation->name.len,
                               annotation->name.ptr);
            continue;
        }
        const pc_annotation *earlier = find_annotation(meta, spec->kind);
        if (earlier && earlier != annotation) {
            pc_diag *diag =
                pc_diag_report(&schema->diags, PC_DIAG_DUPLICATE_ANNOTATION, annotation->loc,
                               "@%s is given twice", spec->name);
            pc_diag_add_note(&schema->diags, diag, earlier->loc, "the first @%s is here",
                             spec->name);
            continue;
        }
        if (!(spec->targets & ON(node->where))) {
            pc_diag_report(&schema->diags, PC_DIAG_ANNOTATION_TARGET, annotation->loc,
                           "@%s is not allowed on %s; it goes on %s", spec->name,
                           target_name(node->where), spec->where);
            continue;
        }
        if (!check_arguments(schema, spec, annotation))
            continue;
        if (node->constraints && !check_fit(schema, spec, annotation, node->type))
            continue;
        annotation->kind = spec->kind;
        apply(schema, node, annotation);
    }
    if (node->constraints)
        check_bounds(schema, meta, node->constraints);
}

static void check_field(pc_schema *schema, pc_field *field, target where)
{
    annotated node = {&field->meta, where, where == TARGET_FIELD ? &field->wire : NULL,
                      &field->constraints, field->type, NULL};
    check_node(schema, &node);
}

void pc_check_annotations(pc_schema *schema)
{
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        pc_decl *decl = schema->decls[i];
        annotated node = {&decl->meta, TARGET_STRUCT, NULL, NULL, NULL, NULL};
        switch (decl->kind) {
        case PC_DECL_STRUCT:
            node.status = &decl->as.struct_.status;
            check_node(schema, &node);
            for (uint32_t f = 0; f < decl->as.struct_.field_count; f++)
                check_field(schema, decl->as.struct_.fields[f], TARGET_FIELD);
            break;
        case PC_DECL_ENUM:
            node.where = TARGET_ENUM;
            check_node(schema, &node);
            for (uint32_t m = 0; m < decl->as.enum_.member_count; m++) {
                pc_member *member = decl->as.enum_.members[m];
                annotated member_node = {&member->meta, TARGET_MEMBER, &member->wire, NULL, NULL,
                                         NULL};
                check_node(schema, &member_node);
            }
            break;
        case PC_DECL_UNION:
            node.where = TARGET_UNION;
            check_node(schema, &node);
            for (uint32_t v = 0; v < decl->as.union_.variant_count; v++) {
                pc_variant *variant = decl->as.union_.variants[v];
                annotated variant_node = {&variant->meta, TARGET_VARIANT, &variant->wire, NULL,
                                          NULL, NULL};
                check_node(schema, &variant_node);
            }
            break;
        case PC_DECL_ALIAS:
            node.where = TARGET_ALIAS;
            node.constraints = &decl->as.alias.constraints;
            node.type = decl->as.alias.target;
            check_node(schema, &node);
            break;
        case PC_DECL_SERVICE:
            node.where = TARGET_SERVICE;
            check_node(schema, &node);
            for (uint32_t r = 0; r < decl->as.service.route_count; r++) {
                pc_route *route = decl->as.service.routes[r];
                annotated route_node = {&route->meta, TARGET_ROUTE, NULL, NULL, NULL, NULL};
                check_node(schema, &route_node);
                for (uint32_t p = 0; p < route->param_count; p++)
                    check_field(schema, route->params[p], TARGET_PARAM);
            }
            break;
        }
    }
}
