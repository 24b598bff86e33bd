/* Structural comparison: two uses of types (fields, parameters, elements, variants, alias
 * targets), and the pairs of declarations they lead to. Types are compared by shape, never by
 * name, so a renamed but identical type is wire-safe; members are matched by wire name. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- constraints in effect: the use's own plus those of every alias on the way ---- */

enum { MAX_PATTERNS = 8 };

typedef struct limits {
    const pc_value *min, *max;
    bool has_min_length, has_max_length, has_min_items, has_max_items;
    uint64_t min_length, max_length, min_items, max_items;
    const pc_value *patterns[MAX_PATTERNS];
    uint32_t pattern_count;
} limits;

/* -1, 0, 1; integers exactly, so that int64 bounds beyond 2^53 compare right. */
static int compare_numbers(const pc_value *a, const pc_value *b)
{
    if (a->kind == PC_VALUE_INT && b->kind == PC_VALUE_INT)
        return a->as.integer.value < b->as.integer.value
                   ? -1
                   : a->as.integer.value > b->as.integer.value;
    double x = pc_value_number(a), y = pc_value_number(b);
    return x < y ? -1 : x > y;
}

static bool same_pattern(const pc_value *a, const pc_value *b)
{
    return pc_str_eq(a->as.string, b->as.string);
}

static void clear_limits(limits *l)
{
    /* The patterns past pattern_count are never read: no need to zero them. */
    l->min = l->max = NULL;
    l->has_min_length = l->has_max_length = l->has_min_items = l->has_max_items = false;
    l->min_length = l->max_length = l->min_items = l->max_items = 0;
    l->pattern_count = 0;
}

static bool no_limits(const limits *l)
{
    return !l->min && !l->max && !l->has_min_length && !l->has_max_length && !l->has_min_items &&
           !l->has_max_items && !l->pattern_count;
}

/* Both bounds apply, so the effective one is the tighter. */
static void merge_limits(limits *into, const pc_constraints *c)
{
    if (!c)
        return;
    if (c->min && (!into->min || compare_numbers(c->min, into->min) > 0))
        into->min = c->min;
    if (c->max && (!into->max || compare_numbers(c->max, into->max) < 0))
        into->max = c->max;
    if (c->has_min_length && (!into->has_min_length || c->min_length > into->min_length))
        into->has_min_length = true, into->min_length = c->min_length;
    if (c->has_max_length && (!into->has_max_length || c->max_length < into->max_length))
        into->has_max_length = true, into->max_length = c->max_length;
    if (c->has_min_items && (!into->has_min_items || c->min_items > into->min_items))
        into->has_min_items = true, into->min_items = c->min_items;
    if (c->has_max_items && (!into->has_max_items || c->max_items < into->max_items))
        into->has_max_items = true, into->max_items = c->max_items;
    if (c->pattern) {
        for (uint32_t i = 0; i < into->pattern_count; i++) {
            if (same_pattern(into->patterns[i], c->pattern))
                return;
        }
        if (into->pattern_count < MAX_PATTERNS)
            into->patterns[into->pattern_count++] = c->pattern;
    }
}

/* Collects "what changed" phrases for one kind of limit into a comma-separated list. */
typedef struct phrase_list {
    char text[512];
    size_t length;
} phrase_list;

static void add_phrase(phrase_list *list, const char *format, ...) PC_PRINTF(2, 3);

static void add_phrase(phrase_list *list, const char *format, ...)
{
    if (list->length + 3 >= sizeof list->text)
        return;
    if (list->length) {
        memcpy(list->text + list->length, ", ", 2);
        list->length += 2;
    }
    va_list args;
    va_start(args, format);
    int written =
        vsnprintf(list->text + list->length, sizeof list->text - list->length, format, args);
    va_end(args);
    if (written > 0)
        list->length += (size_t)written;
    if (list->length >= sizeof list->text)
        list->length = sizeof list->text - 1;
}

/* A lower bound: raising it tightens. */
static void compare_lower_value(const char *name, const pc_value *old_bound,
                                const pc_value *new_bound, phrase_list *tightened,
                                phrase_list *loosened)
{
    if (!old_bound && !new_bound)
        return;
    if (!old_bound)
        add_phrase(tightened, "@%s(%.*s) added", name, (int)new_bound->raw.len, new_bound->raw.ptr);
    else if (!new_bound)
        add_phrase(loosened, "@%s(%.*s) removed", name, (int)old_bound->raw.len,
                   old_bound->raw.ptr);
    else if (compare_numbers(new_bound, old_bound) != 0)
        add_phrase(compare_numbers(new_bound, old_bound) > 0 ? tightened : loosened,
                   "@%s %.*s -> %.*s", name, (int)old_bound->raw.len, old_bound->raw.ptr,
                   (int)new_bound->raw.len, new_bound->raw.ptr);
}

static void compare_upper_value(const char *name, const pc_value *old_bound,
                                const pc_value *new_bound, phrase_list *tightened,
                                phrase_list *loosened)
{
    /* An upper bound tightens when it goes down: the lower-bound logic with the lists swapped,
     * except that adding one still tightens. */
    if (!old_bound && !new_bound)
        return;
    if (!old_bound || !new_bound) {
        compare_lower_value(name, old_bound, new_bound, tightened, loosened);
        return;
    }
    if (compare_numbers(new_bound, old_bound) != 0)
        add_phrase(compare_numbers(new_bound, old_bound) < 0 ? tightened : loosened,
                   "@%s %.*s -> %.*s", name, (int)old_bound->raw.len, old_bound->raw.ptr,
                   (int)new_bound->raw.len, new_bound->raw.ptr);
}

static void compare_count(const char *name, bool lower, bool had, uint64_t old_count, bool has,
                          uint64_t new_count, phrase_list *tightened, phrase_list *loosened)
{
    if (!had && !has)
        return;
    if (!had)
        add_phrase(tightened, "@%s(%llu) added", name, (unsigned long long)new_count);
    else if (!has)
        add_phrase(loosened, "@%s(%llu) removed", name, (unsigned long long)old_count);
    else if (old_count != new_count)
        add_phrase((new_count > old_count) == lower ? tightened : loosened, "@%s %llu -> %llu",
                   name, (unsigned long long)old_count, (unsigned long long)new_count);
}

static pc_compat_rule type_rule(const compat_site *site, pc_compat_rule rule)
{
    return site->type_rule != PC_COMPAT_RULE_COUNT ? site->type_rule : rule;
}

/* " (judged as TYPE_NARROWED)" where a path parameter reports under its own rule. */
static const char *judged_as(const compat_site *site, pc_compat_rule rule)
{
    if (site->type_rule == PC_COMPAT_RULE_COUNT)
        return "";
    if (rule == PC_COMPAT_TYPE_NARROWED)
        return " (judged as TYPE_NARROWED)";
    if (rule == PC_COMPAT_TYPE_WIDENED)
        return " (judged as TYPE_WIDENED)";
    if (rule == PC_COMPAT_TYPE_CHANGED)
        return " (judged as TYPE_CHANGED)";
    if (rule == PC_COMPAT_CONSTRAINT_TIGHTENED)
        return " (judged as CONSTRAINT_TIGHTENED)";
    if (rule == PC_COMPAT_CONSTRAINT_LOOSENED)
        return " (judged as CONSTRAINT_LOOSENED)";
    if (rule == PC_COMPAT_PATTERN_CHANGED)
        return " (judged as PATTERN_CHANGED)";
    if (rule == PC_COMPAT_FIELD_BECAME_NULLABLE)
        return " (judged as FIELD_BECAME_NULLABLE)";
    if (rule == PC_COMPAT_FIELD_BECAME_NON_NULLABLE)
        return " (judged as FIELD_BECAME_NON_NULLABLE)";
    return "";
}

static void compare_limits(compat_context *ctx, compat_site *site, const limits *old_limits,
                           const limits *new_limits)
{
    if (no_limits(old_limits) && no_limits(new_limits))
        return;
    phrase_list tightened, loosened, changed; /* texts are read only once written */
    tightened.length = loosened.length = changed.length = 0;
    compare_lower_value("min", old_limits->min, new_limits->min, &tightened, &loosened);
    compare_upper_value("max", old_limits->max, new_limits->max, &tightened, &loosened);
    compare_count("min_length", true, old_limits->has_min_length, old_limits->min_length,
                  new_limits->has_min_length, new_limits->min_length, &tightened, &loosened);
    compare_count("max_length", false, old_limits->has_max_length, old_limits->max_length,
                  new_limits->has_max_length, new_limits->max_length, &tightened, &loosened);
    compare_count("min_items", true, old_limits->has_min_items, old_limits->min_items,
                  new_limits->has_min_items, new_limits->min_items, &tightened, &loosened);
    compare_count("max_items", false, old_limits->has_max_items, old_limits->max_items,
                  new_limits->has_max_items, new_limits->max_items, &tightened, &loosened);

    /* Patterns: the ones only in old pair up with the ones only in new as changed texts; an
     * extra new one tightens, an extra old one loosens. */
    const pc_value *only_old[MAX_PATTERNS], *only_new[MAX_PATTERNS];
    uint32_t old_count = 0, new_count = 0;
    for (uint32_t i = 0; i < old_limits->pattern_count; i++) {
        bool kept = false;
        for (uint32_t j = 0; j < new_limits->pattern_count; j++)
            kept = kept || same_pattern(old_limits->patterns[i], new_limits->patterns[j]);
        if (!kept)
            only_old[old_count++] = old_limits->patterns[i];
    }
    for (uint32_t j = 0; j < new_limits->pattern_count; j++) {
        bool kept = false;
        for (uint32_t i = 0; i < old_limits->pattern_count; i++)
            kept = kept || same_pattern(old_limits->patterns[i], new_limits->patterns[j]);
        if (!kept)
            only_new[new_count++] = new_limits->patterns[j];
    }
    uint32_t paired = old_count < new_count ? old_count : new_count;
    for (uint32_t i = 0; i < paired; i++)
        add_phrase(&changed, "%.*s -> %.*s", (int)only_old[i]->raw.len, only_old[i]->raw.ptr,
                   (int)only_new[i]->raw.len, only_new[i]->raw.ptr);
    for (uint32_t i = paired; i < new_count; i++)
        add_phrase(&tightened, "@pattern(%.*s) added", (int)only_new[i]->raw.len,
                   only_new[i]->raw.ptr);
    for (uint32_t i = paired; i < old_count; i++)
        add_phrase(&loosened, "@pattern(%.*s) removed", (int)only_old[i]->raw.len,
                   only_old[i]->raw.ptr);

    if (!tightened.length && !loosened.length && !changed.length)
        return;
    const char *display = compat_site_display(ctx, site);
    if (tightened.length) {
        compat_change change = {type_rule(site, PC_COMPAT_CONSTRAINT_TIGHTENED),
                                VERDICT_BREAKING,
                                VERDICT_SAFE,
                                "old clients may send values the server now rejects",
                                NULL,
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s: constraints tightened (%s)%s", display,
                      tightened.text, judged_as(site, PC_COMPAT_CONSTRAINT_TIGHTENED));
    }
    if (loosened.length) {
        compat_change change = {type_rule(site, PC_COMPAT_CONSTRAINT_LOOSENED),
                                VERDICT_SAFE,
                                VERDICT_WARNING,
                                NULL,
                                "clients built from the old schema that validate reject values "
                                "outside the old limits",
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s: constraints loosened (%s)%s", display, loosened.text,
                      judged_as(site, PC_COMPAT_CONSTRAINT_LOOSENED));
    }
    if (changed.length) {
        compat_change change = {type_rule(site, PC_COMPAT_PATTERN_CHANGED),
                                VERDICT_WARNING,
                                VERDICT_WARNING,
                                "values old clients send may not match the new pattern",
                                "values the new server writes may not match the old pattern",
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s: @pattern changed (%s)%s", display, changed.text,
                      judged_as(site, PC_COMPAT_PATTERN_CHANGED));
    }
}

/* ---- the shapes of types ---- */

static bool is_alias(const pc_type *type)
{
    return type->kind == PC_TYPE_NAMED && type->as.decl->kind == PC_DECL_ALIAS;
}

static bool same_alias(const pc_type *a, const pc_type *b)
{
    return is_alias(a) && is_alias(b) &&
           strcmp(a->as.decl->qualified_name, b->as.decl->qualified_name) == 0;
}

static bool is_primitive(const pc_type *type, pc_primitive primitive)
{
    return type->kind == PC_TYPE_PRIMITIVE && type->as.primitive == primitive;
}

static bool is_decl_kind(const pc_type *type, pc_decl_kind kind)
{
    return type->kind == PC_TYPE_NAMED && type->as.decl->kind == kind;
}

typedef enum relation { SAME, WIDENED, NARROWED, INCOMPATIBLE } relation;

/* What a client of one primitive can read of the other (compat.md's TYPE_WIDENED row). */
static relation primitive_relation(pc_primitive from, pc_primitive to)
{
    if (from == to)
        return SAME;
    if (to == PC_PRIM_JSON)
        return WIDENED;
    if (from == PC_PRIM_JSON)
        return NARROWED;
    bool from_integer = from == PC_PRIM_INT32 || from == PC_PRIM_INT64;
    bool to_integer = to == PC_PRIM_INT32 || to == PC_PRIM_INT64;
    if ((from == PC_PRIM_INT32 && to == PC_PRIM_INT64) || (from_integer && to == PC_PRIM_FLOAT64))
        return WIDENED;
    if ((from == PC_PRIM_INT64 && to == PC_PRIM_INT32) || (from == PC_PRIM_FLOAT64 && to_integer))
        return NARROWED;
    bool from_text = from == PC_PRIM_UUID || from == PC_PRIM_DATE || from == PC_PRIM_DATETIME ||
                     from == PC_PRIM_DECIMAL || from == PC_PRIM_BYTES;
    bool to_text = to == PC_PRIM_UUID || to == PC_PRIM_DATE || to == PC_PRIM_DATETIME ||
                   to == PC_PRIM_DECIMAL || to == PC_PRIM_BYTES;
    if (from_text && to == PC_PRIM_STRING)
        return WIDENED;
    if (from == PC_PRIM_STRING && to_text)
        return NARROWED;
    return INCOMPATIBLE;
}

static void report_relation(compat_context *ctx, compat_site *site, relation how,
                            const pc_type *old_written, const pc_type *new_written)
{
    if (how == SAME)
        return;
    const char *display = compat_site_display(ctx, site);
    const char *old_text = compat_type_text(ctx, old_written);
    const char *new_text = compat_type_text(ctx, new_written);
    if (how == WIDENED) {
        compat_change change = {type_rule(site, PC_COMPAT_TYPE_WIDENED),
                                VERDICT_SAFE,
                                VERDICT_BREAKING,
                                NULL,
                                "old clients cannot read every value the new type allows",
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s widened from %s to %s%s", display, old_text, new_text,
                      judged_as(site, PC_COMPAT_TYPE_WIDENED));
    } else if (how == NARROWED) {
        compat_change change = {type_rule(site, PC_COMPAT_TYPE_NARROWED),
                                VERDICT_BREAKING,
                                VERDICT_SAFE,
                                "old clients may send values the new type rejects",
                                NULL,
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s narrowed from %s to %s%s", display, old_text,
                      new_text, judged_as(site, PC_COMPAT_TYPE_NARROWED));
    } else if (how == INCOMPATIBLE) {
        compat_change change = {type_rule(site, PC_COMPAT_TYPE_CHANGED),
                                VERDICT_BREAKING,
                                VERDICT_BREAKING,
                                "old clients send values the server now rejects",
                                "old clients cannot read the new values",
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s changed type from %s to %s%s", display, old_text,
                      new_text, judged_as(site, PC_COMPAT_TYPE_CHANGED));
    }
}

static uint32_t pair_hash(const pc_decl *old_decl, const pc_decl *new_decl, pc_direction direction)
{
    uint64_t hash = (uint64_t)(uintptr_t)old_decl * 0x9E3779B97F4A7C15ULL;
    hash ^= (uint64_t)(uintptr_t)new_decl + 0x632BE59BD9B4E019ULL + (hash << 6) + (hash >> 2);
    hash ^= (uint64_t)direction * 0xBF58476D1CE4E5B9ULL;
    hash ^= hash >> 31;
    return (uint32_t)hash;
}

/* The slot of the pair: holding its node, or empty where it goes. */
static compat_node **node_slot(compat_node **slots, uint32_t capacity, const pc_decl *old_decl,
                               const pc_decl *new_decl, pc_direction direction)
{
    uint32_t mask = capacity - 1;
    for (uint32_t at = pair_hash(old_decl, new_decl, direction) & mask;; at = (at + 1) & mask) {
        compat_node *node = slots[at];
        if (!node || (node->old_decl == old_decl && node->new_decl == new_decl &&
                      node->direction == direction))
            return &slots[at];
    }
}

static compat_node *add_node(compat_context *ctx, const pc_decl *old_decl, const pc_decl *new_decl,
                             pc_direction direction)
{
    if ((ctx->node_count + 1) * 2 > ctx->node_capacity) {
        uint32_t capacity = ctx->node_capacity ? ctx->node_capacity * 2 : 256;
        compat_node **slots = pl_arena_alloc(ctx->arena, capacity * sizeof *slots);
        if (!slots)
            return NULL;
        for (uint32_t i = 0; i < ctx->node_count; i++) {
            compat_node *node = ctx->all_nodes[i];
            *node_slot(slots, capacity, node->old_decl, node->new_decl, node->direction) = node;
        }
        ctx->node_slots = slots;
        ctx->node_capacity = capacity;
    }
    compat_node *node = pl_arena_alloc(ctx->arena, sizeof *node);
    if (!node || !compat_push(ctx, (void ***)&ctx->all_nodes, &ctx->node_count, node))
        return NULL;
    node->old_decl = old_decl;
    node->new_decl = new_decl;
    node->direction = direction;
    node->index = ctx->node_count - 1;
    *node_slot(ctx->node_slots, ctx->node_capacity, old_decl, new_decl, direction) = node;
    return node;
}

/* Queues the pair (or adds the way it was reached, when it is already queued). */
static void visit_pair(compat_context *ctx, compat_site *site, const pc_decl *old_decl,
                       const pc_decl *new_decl)
{
    compat_node *node = ctx->node_capacity ? *node_slot(ctx->node_slots, ctx->node_capacity,
                                                        old_decl, new_decl, site->direction)
                                           : NULL;
    if (!node && !(node = add_node(ctx, old_decl, new_decl, site->direction))) {
        ctx->out_of_memory = true;
        return;
    }
    compat_edge *edge = pl_arena_alloc(ctx->arena, sizeof *edge);
    if (!edge) {
        ctx->out_of_memory = true;
        return;
    }
    edge->parent = site->node;
    edge->root = site->node ? NULL : site->root;
    /* The hop is the member that led here ("Match.location"), named when a chain is printed. */
    const compat_site *member_at = site;
    while (member_at->outer)
        member_at = member_at->outer;
    if (site->node && !site->elide_hop && member_at->container) {
        edge->hop_decl = member_at->container;
        edge->hop_member = member_at->member;
    }
    compat_push(ctx, (void ***)&node->edges, &node->edge_count, edge);
}

/* A list element or map value: named like its container plus "[]" or "{}"; chains keep the
 * container's hop. */
static void compare_nested(compat_context *ctx, compat_site *outer, const char *suffix,
                           const pc_type *old_type, const pc_type *new_type)
{
    compat_site inner = *outer;
    inner.outer = outer;
    inner.suffix = suffix;
    inner.element = inner.display = NULL; /* named from outer when needed */
    compat_compare_types(ctx, &inner, old_type, new_type, NULL, NULL);
}

/* Both sides are past aliases and `?`: compare what the JSON looks like. */
static void compare_shapes(compat_context *ctx, compat_site *site, const pc_type *o,
                           const pc_type *n, const pc_type *old_written, const pc_type *new_written)
{
    if (o->kind == PC_TYPE_PRIMITIVE && n->kind == PC_TYPE_PRIMITIVE) {
        report_relation(ctx, site, primitive_relation(o->as.primitive, n->as.primitive),
                        old_written, new_written);
        return;
    }
    if (is_primitive(n, PC_PRIM_JSON)) {
        report_relation(ctx, site, WIDENED, old_written, new_written);
        return;
    }
    if (is_primitive(o, PC_PRIM_JSON)) {
        report_relation(ctx, site, NARROWED, old_written, new_written);
        return;
    }
    if (is_decl_kind(o, PC_DECL_ENUM) && is_primitive(n, PC_PRIM_STRING)) {
        report_relation(ctx, site, WIDENED, old_written, new_written);
        return;
    }
    if (is_primitive(o, PC_PRIM_STRING) && is_decl_kind(n, PC_DECL_ENUM)) {
        report_relation(ctx, site, NARROWED, old_written, new_written);
        return;
    }
    if (o->kind == PC_TYPE_LIST && n->kind == PC_TYPE_LIST) {
        compare_nested(ctx, site, "[]", o->as.element, n->as.element);
        return;
    }
    if (o->kind == PC_TYPE_MAP && n->kind == PC_TYPE_MAP) {
        compare_nested(ctx, site, "{}", o->as.element, n->as.element);
        return;
    }
    if (o->kind == PC_TYPE_NAMED && n->kind == PC_TYPE_NAMED &&
        o->as.decl->kind == n->as.decl->kind) {
        visit_pair(ctx, site, o->as.decl, n->as.decl);
        return;
    }
    report_relation(ctx, site, INCOMPATIBLE, old_written, new_written);
}

void compat_compare_types(compat_context *ctx, compat_site *site, const pc_type *old_type,
                          const pc_type *new_type, const pc_constraints *old_constraints,
                          const pc_constraints *new_constraints)
{
    if (!old_type || !new_type || ctx->out_of_memory)
        return;
    limits old_limits, new_limits;
    clear_limits(&old_limits);
    clear_limits(&new_limits);
    merge_limits(&old_limits, old_constraints);
    merge_limits(&new_limits, new_constraints);

    /* Unwrap `?` and aliases until both sides show their shape, or meet at the same alias:
     * then the alias is a pair of its own, compared (and reported) once. */
    const pc_type *o = old_type, *n = new_type;
    bool old_nullable = false, new_nullable = false;
    for (int steps = 0; steps < 1000; steps++) {
        if (same_alias(o, n))
            break;
        if (o->kind == PC_TYPE_NULLABLE) {
            old_nullable = true;
            o = o->as.element;
        } else if (n->kind == PC_TYPE_NULLABLE) {
            new_nullable = true;
            n = n->as.element;
        } else if (is_alias(o)) {
            merge_limits(&old_limits, &o->as.decl->as.alias.constraints);
            o = o->as.decl->as.alias.target;
        } else if (is_alias(n)) {
            merge_limits(&new_limits, &n->as.decl->as.alias.constraints);
            n = n->as.decl->as.alias.target;
        } else {
            break;
        }
        if (!o || !n)
            return;
    }
    bool meet_at_alias = same_alias(o, n);
    /* `json` holds null as well as anything else: to or from json, TYPE_WIDENED or
     * TYPE_NARROWED says it all. */
    if (!meet_at_alias && (is_primitive(o, PC_PRIM_JSON) || is_primitive(n, PC_PRIM_JSON)))
        old_nullable = new_nullable;

    if (!old_nullable && new_nullable) {
        compat_change change = {type_rule(site, PC_COMPAT_FIELD_BECAME_NULLABLE),
                                VERDICT_SAFE,
                                VERDICT_BREAKING,
                                NULL,
                                "old clients do not accept null",
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s became nullable (%s -> %s)%s",
                      compat_site_display(ctx, site), compat_type_text(ctx, old_type),
                      compat_type_text(ctx, new_type),
                      judged_as(site, PC_COMPAT_FIELD_BECAME_NULLABLE));
    } else if (old_nullable && !new_nullable) {
        compat_change change = {type_rule(site, PC_COMPAT_FIELD_BECAME_NON_NULLABLE),
                                VERDICT_BREAKING,
                                VERDICT_SAFE,
                                "old clients may send null",
                                NULL,
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s is no longer nullable (%s -> %s)%s",
                      compat_site_display(ctx, site), compat_type_text(ctx, old_type),
                      compat_type_text(ctx, new_type),
                      judged_as(site, PC_COMPAT_FIELD_BECAME_NON_NULLABLE));
    }
    compare_limits(ctx, site, &old_limits, &new_limits);
    if (meet_at_alias)
        visit_pair(ctx, site, o->as.decl, n->as.decl);
    else
        compare_shapes(ctx, site, o, n, old_type, new_type);
}

bool compat_same_type(const pc_type *old_type, const pc_type *new_type)
{
    const pc_type *o = pc_type_unalias(old_type, false);
    const pc_type *n = pc_type_unalias(new_type, false);
    if (!o || !n || o->kind != n->kind)
        return false;
    switch (o->kind) {
    case PC_TYPE_PRIMITIVE:
        return o->as.primitive == n->as.primitive;
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return compat_same_type(o->as.element, n->as.element);
    case PC_TYPE_NAMED:
        return pc_str_eq(o->as.decl->name, n->as.decl->name);
    case PC_TYPE_UNRESOLVED:
        return false;
    }
    return false;
}

/* ---- pairs of declarations ---- */

typedef enum presence { REQUIRED, OPTIONAL, DEFAULTED } presence;

static presence presence_of(const pc_field *field)
{
    return field->default_value ? DEFAULTED : field->optional ? OPTIONAL : REQUIRED;
}

static bool same_value(const pc_value *a, const pc_value *b)
{
    bool a_number = a->kind == PC_VALUE_INT || a->kind == PC_VALUE_FLOAT;
    bool b_number = b->kind == PC_VALUE_INT || b->kind == PC_VALUE_FLOAT;
    if (a_number || b_number)
        return a_number && b_number && compare_numbers(a, b) == 0;
    if (a->kind != b->kind)
        return false;
    if (a->kind == PC_VALUE_STRING)
        return pc_str_eq(a->as.string, b->as.string);
    if (a->kind == PC_VALUE_NAME) {
        /* Enum members: what goes on the wire. */
        if (a->member && b->member)
            return pc_str_eq(a->member->wire, b->member->wire);
        return pc_str_eq(a->as.name.text, b->as.name.text);
    }
    return true;
}

static const char *value_text(compat_context *ctx, const pc_value *value)
{
    return compat_strdup(ctx, value->raw);
}

/* Site of a member (field, enum member, variant) of the new declaration of a pair. */
static compat_site member_site(compat_node *node, pc_str name, pc_str wire, pc_loc old_loc,
                               pc_loc new_loc)
{
    compat_site site;
    memset(&site, 0, sizeof site);
    site.node = node;
    site.direction = node->direction;
    site.container = node->new_decl;
    site.member = name;
    site.member_wire = wire;
    site.old_loc = old_loc;
    site.new_loc = new_loc;
    site.anchor_loc = new_loc.source ? new_loc : node->new_decl->loc;
    site.type_rule = PC_COMPAT_RULE_COUNT;
    return site;
}

static compat_site decl_site(compat_node *node)
{
    pc_str none = {"", 0};
    compat_site site = member_site(node, none, none, node->old_decl->loc, node->new_decl->loc);
    return site;
}

/* Presence and defaults of a field or query parameter kept in both versions. */
void compat_compare_presence(compat_context *ctx, compat_site *site, const pc_field *old_field,
                             const pc_field *new_field, bool query)
{
    presence before = presence_of(old_field), after = presence_of(new_field);
    bool same_default = before == DEFAULTED && after == DEFAULTED &&
                        same_value(old_field->default_value, new_field->default_value);
    if (before == after && (before != DEFAULTED || same_default))
        return;
    const char *display = compat_site_display(ctx, site);
    if (before != after && after == REQUIRED) {
        compat_change change = {query ? PC_COMPAT_QUERY_PARAM_BECAME_REQUIRED
                                      : PC_COMPAT_FIELD_BECAME_REQUIRED,
                                VERDICT_BREAKING,
                                query ? VERDICT_NONE : VERDICT_SAFE,
                                "old clients may omit it",
                                NULL,
                                NULL,
                                false};
        if (before == DEFAULTED)
            compat_report(ctx, site, &change, "%s became required (its default %s was removed)",
                          display, value_text(ctx, old_field->default_value));
        else
            compat_report(ctx, site, &change, "%s became required", display);
    } else if (before != after && before == REQUIRED && query) {
        compat_change change = {PC_COMPAT_QUERY_PARAM_BECAME_OPTIONAL,
                                VERDICT_SAFE,
                                VERDICT_NONE,
                                NULL,
                                NULL,
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s became %s", display,
                      after == OPTIONAL ? "optional" : "defaulted");
    } else if (before != after && after == OPTIONAL && !query) {
        compat_change change = {PC_COMPAT_FIELD_BECAME_OPTIONAL,
                                VERDICT_SAFE,
                                VERDICT_BREAKING,
                                NULL,
                                "old clients require it",
                                NULL,
                                false};
        if (before == DEFAULTED)
            compat_report(ctx, site, &change,
                          "%s became optional (it had the default %s, so it was always written)",
                          display, value_text(ctx, old_field->default_value));
        else
            compat_report(ctx, site, &change, "%s became optional", display);
    } else if (after == DEFAULTED && before != DEFAULTED) {
        compat_change change = {PC_COMPAT_FIELD_DEFAULT_CHANGED,
                                VERDICT_WARNING,
                                query ? VERDICT_NONE : VERDICT_WARNING,
                                "the server now fills in the default where old clients leave it "
                                "out",
                                "clients built from the old schema do not know the default",
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s got the default %s", display,
                      value_text(ctx, new_field->default_value));
    } else if (before == DEFAULTED && after == DEFAULTED && !same_default) {
        compat_change change = {PC_COMPAT_FIELD_DEFAULT_CHANGED,
                                VERDICT_WARNING,
                                query ? VERDICT_NONE : VERDICT_WARNING,
                                "old clients that leave it out now get the new default",
                                "clients built from the old schema fill in the old default",
                                NULL,
                                false};
        compat_report(ctx, site, &change, "%s: default changed from %s to %s", display,
                      value_text(ctx, old_field->default_value),
                      value_text(ctx, new_field->default_value));
    }
}

#define NOT_FOUND UINT32_MAX
enum { SMALL_STRUCT = 64 };

/* The index of the field with this wire name, trying `hint` first: fields rarely move. */
static uint32_t find_field(const pc_decl *decl, pc_str wire, uint32_t hint)
{
    uint32_t count = decl->as.struct_.field_count;
    if (hint < count && pc_str_eq(decl->as.struct_.fields[hint]->wire, wire))
        return hint;
    for (uint32_t i = 0; i < count; i++) {
        if (pc_str_eq(decl->as.struct_.fields[i]->wire, wire))
            return i;
    }
    return NOT_FOUND;
}

static const char *rename_hint(compat_context *ctx, pc_str old_name, pc_str old_wire,
                               pc_str new_name)
{
    return compat_printf(ctx,
                         "looks like a rename of '%.*s' to '%.*s': keep the wire name with "
                         "@wire(\"%.*s\") %.*s",
                         (int)old_name.len, old_name.ptr, (int)new_name.len, new_name.ptr,
                         (int)old_wire.len, old_wire.ptr, (int)new_name.len, new_name.ptr);
}

static void compare_kept_field(compat_context *ctx, compat_node *node, const pc_field *old_field,
                               const pc_field *new_field)
{
    compat_site site =
        member_site(node, new_field->name, new_field->wire, old_field->loc, new_field->loc);
    if (!pc_str_eq(old_field->name, new_field->name)) {
        compat_change change = {
            PC_COMPAT_FIELD_RENAMED, VERDICT_SAFE, VERDICT_SAFE, NULL, NULL, NULL, false};
        compat_report(ctx, &site, &change,
                      "%s was renamed from '%.*s'; its wire name \"%.*s\" is unchanged",
                      compat_site_display(ctx, &site), (int)old_field->name.len,
                      old_field->name.ptr, (int)new_field->wire.len, new_field->wire.ptr);
    }
    compat_compare_presence(ctx, &site, old_field, new_field, false);
    compat_compare_types(ctx, &site, old_field->type, new_field->type, &old_field->constraints,
                         &new_field->constraints);
}

static void report_removed_field(compat_context *ctx, compat_node *node, const pc_field *old_field,
                                 const pc_field *partner)
{
    pc_loc nowhere = {NULL, 0, 0, 0, 0};
    compat_site site = member_site(node, old_field->name, old_field->wire, old_field->loc, nowhere);
    presence before = presence_of(old_field);
    compat_change change = {
        PC_COMPAT_FIELD_REMOVED,
        VERDICT_WARNING,
        before == OPTIONAL ? VERDICT_WARNING : VERDICT_BREAKING,
        "old clients still send it and the server ignores it",
        before == OPTIONAL ? "clients built from the old schema may still rely on it"
                           : "clients built from the old schema require it",
        partner ? rename_hint(ctx, old_field->name, old_field->wire, partner->name) : NULL,
        old_field->meta.deprecated};
    compat_report(ctx, &site, &change, "%s was removed (it was %s)",
                  compat_site_display(ctx, &site),
                  before == REQUIRED   ? "required"
                  : before == OPTIONAL ? "optional"
                                       : "defaulted");
}

static void report_added_field(compat_context *ctx, compat_node *node, const pc_field *new_field,
                               const pc_field *partner)
{
    pc_loc nowhere = {NULL, 0, 0, 0, 0};
    compat_site site = member_site(node, new_field->name, new_field->wire, nowhere, new_field->loc);
    const char *hint =
        partner ? rename_hint(ctx, partner->name, partner->wire, new_field->name) : NULL;
    presence after = presence_of(new_field);
    const char *display = compat_site_display(ctx, &site);
    if (after == REQUIRED) {
        compat_change change = {PC_COMPAT_FIELD_ADDED_REQUIRED,
                                VERDICT_BREAKING,
                                VERDICT_SAFE,
                                "old clients do not send it",
                                NULL,
                                hint,
                                false};
        compat_report(ctx, &site, &change, "%s was added as a required field", display);
        return;
    }
    compat_change change = {
        PC_COMPAT_FIELD_ADDED_OPTIONAL, VERDICT_SAFE, VERDICT_SAFE, NULL, NULL, hint, false};
    if (after == OPTIONAL)
        compat_report(ctx, &site, &change, "%s was added as an optional field", display);
    else
        compat_report(ctx, &site, &change, "%s was added with the default %s", display,
                      value_text(ctx, new_field->default_value));
}

static void compare_structs(compat_context *ctx, compat_node *node)
{
    const pc_decl *old_decl = node->old_decl, *new_decl = node->new_decl;
    uint32_t old_count = old_decl->as.struct_.field_count;
    uint32_t new_count = new_decl->as.struct_.field_count;
    pc_field *const *old_fields = old_decl->as.struct_.fields;
    pc_field *const *new_fields = new_decl->as.struct_.fields;
    /* Which old field each new one is (by wire name); most structs are small. */
    uint32_t small_match[SMALL_STRUCT];
    bool small_kept[SMALL_STRUCT];
    uint32_t *match = new_count <= SMALL_STRUCT
                          ? small_match
                          : pl_arena_alloc(ctx->arena, new_count * sizeof *match);
    bool *old_kept = old_count <= SMALL_STRUCT ? small_kept : pl_arena_alloc(ctx->arena, old_count);
    if (!match || !old_kept) {
        ctx->out_of_memory = true;
        return;
    }
    memset(old_kept, 0, old_count);
    uint32_t added = 0;
    for (uint32_t i = 0; i < new_count; i++) {
        match[i] = find_field(old_decl, new_fields[i]->wire, i);
        if (match[i] == NOT_FOUND) {
            added++;
            continue;
        }
        old_kept[match[i]] = true;
        compare_kept_field(ctx, node, old_fields[match[i]], new_fields[i]);
    }
    uint32_t removed = old_count - (new_count - added);
    if (!removed && !added)
        return;

    /* A removed field and an added one of the same type look like a rename. */
    const pc_field **partner_of_old = NULL, **partner_of_new = NULL;
    if (removed && added) {
        partner_of_old = pl_arena_alloc(ctx->arena, old_count * sizeof *partner_of_old);
        partner_of_new = pl_arena_alloc(ctx->arena, new_count * sizeof *partner_of_new);
        if (!partner_of_old || !partner_of_new) {
            ctx->out_of_memory = true;
            return;
        }
        for (uint32_t j = 0; j < old_count; j++) {
            for (uint32_t i = 0; i < new_count && !old_kept[j] && !partner_of_old[j]; i++) {
                if (match[i] == NOT_FOUND && !partner_of_new[i] &&
                    compat_same_type(old_fields[j]->type, new_fields[i]->type)) {
                    partner_of_old[j] = new_fields[i];
                    partner_of_new[i] = old_fields[j];
                }
            }
        }
    }
    for (uint32_t j = 0; j < old_count; j++) {
        if (!old_kept[j])
            report_removed_field(ctx, node, old_fields[j],
                                 partner_of_old ? partner_of_old[j] : NULL);
    }
    for (uint32_t i = 0; i < new_count; i++) {
        if (match[i] == NOT_FOUND)
            report_added_field(ctx, node, new_fields[i], partner_of_new ? partner_of_new[i] : NULL);
    }
}

static const pc_member *find_member(const pc_decl *decl, pc_str wire)
{
    for (uint32_t i = 0; i < decl->as.enum_.member_count; i++) {
        if (pc_str_eq(decl->as.enum_.members[i]->wire, wire))
            return decl->as.enum_.members[i];
    }
    return NULL;
}

static void compare_enums(compat_context *ctx, compat_node *node)
{
    const pc_decl *old_decl = node->old_decl, *new_decl = node->new_decl;
    bool was_open = old_decl->as.enum_.open, is_open = new_decl->as.enum_.open;
    compat_site site = decl_site(node);
    if (!was_open && is_open) {
        compat_change change = {PC_COMPAT_ENUM_BECAME_OPEN,
                                VERDICT_SAFE,
                                VERDICT_WARNING,
                                NULL,
                                "clients built from the old schema still reject members they "
                                "do not know",
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s became open", compat_site_display(ctx, &site));
    } else if (was_open && !is_open) {
        compat_change change = {PC_COMPAT_ENUM_BECAME_CLOSED,
                                VERDICT_BREAKING,
                                VERDICT_SAFE,
                                "old clients may send members the server does not know",
                                NULL,
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s became closed", compat_site_display(ctx, &site));
    }

    /* A single removal beside a single addition is probably a rename. */
    const pc_member *removed = NULL, *added = NULL;
    uint32_t removed_count = 0, added_count = 0;
    for (uint32_t i = 0; i < old_decl->as.enum_.member_count; i++) {
        const pc_member *member = old_decl->as.enum_.members[i];
        if (!find_member(new_decl, member->wire))
            removed = member, removed_count++;
    }
    for (uint32_t i = 0; i < new_decl->as.enum_.member_count; i++) {
        const pc_member *member = new_decl->as.enum_.members[i];
        if (!find_member(old_decl, member->wire))
            added = member, added_count++;
    }
    const char *hint = removed_count == 1 && added_count == 1
                           ? rename_hint(ctx, removed->name, removed->wire, added->name)
                           : NULL;

    for (uint32_t i = 0; i < new_decl->as.enum_.member_count; i++) {
        const pc_member *member = new_decl->as.enum_.members[i];
        const pc_member *old_member = find_member(old_decl, member->wire);
        pc_loc nowhere = {NULL, 0, 0, 0, 0};
        if (old_member && pc_str_eq(old_member->name, member->name))
            continue;
        compat_site member_at = member_site(node, member->name, member->wire,
                                            old_member ? old_member->loc : nowhere, member->loc);
        const char *display = compat_site_display(ctx, &member_at);
        if (!old_member) {
            compat_change change = {PC_COMPAT_ENUM_VALUE_ADDED,
                                    VERDICT_SAFE,
                                    was_open ? VERDICT_SAFE : VERDICT_BREAKING,
                                    NULL,
                                    was_open ? NULL
                                             : "the enum is closed in the old schema, so old "
                                               "clients reject the new member",
                                    hint,
                                    false};
            compat_report(ctx, &member_at, &change, "%s was added", display);
        } else if (!pc_str_eq(old_member->name, member->name)) {
            compat_change change = {
                PC_COMPAT_ENUM_VALUE_RENAMED, VERDICT_SAFE, VERDICT_SAFE, NULL, NULL, NULL, false};
            compat_report(ctx, &member_at, &change,
                          "%s was renamed from '%.*s'; its wire name \"%.*s\" is unchanged",
                          display, (int)old_member->name.len, old_member->name.ptr,
                          (int)member->wire.len, member->wire.ptr);
        }
    }
    for (uint32_t i = 0; i < old_decl->as.enum_.member_count; i++) {
        const pc_member *member = old_decl->as.enum_.members[i];
        if (find_member(new_decl, member->wire))
            continue;
        pc_loc nowhere = {NULL, 0, 0, 0, 0};
        compat_site member_at = member_site(node, member->name, member->wire, member->loc, nowhere);
        compat_change change = {PC_COMPAT_ENUM_VALUE_REMOVED,
                                VERDICT_BREAKING,
                                VERDICT_SAFE,
                                "old clients may still send it",
                                NULL,
                                hint,
                                member->meta.deprecated};
        compat_report(ctx, &member_at, &change, "%s was removed",
                      compat_site_display(ctx, &member_at));
    }
}

static const pc_variant *find_variant(const pc_decl *decl, pc_str wire)
{
    for (uint32_t i = 0; i < decl->as.union_.variant_count; i++) {
        if (pc_str_eq(decl->as.union_.variants[i]->wire, wire))
            return decl->as.union_.variants[i];
    }
    return NULL;
}

static void compare_unions(compat_context *ctx, compat_node *node)
{
    const pc_decl *old_decl = node->old_decl, *new_decl = node->new_decl;
    bool was_open = old_decl->as.union_.open, is_open = new_decl->as.union_.open;
    compat_site site = decl_site(node);
    const char *display = compat_site_display(ctx, &site);
    pc_str old_tag = old_decl->as.union_.discriminator;
    pc_str new_tag = new_decl->as.union_.discriminator;
    if (!pc_str_eq(old_tag, new_tag)) {
        compat_change change = {PC_COMPAT_UNION_DISCRIMINATOR_CHANGED,
                                VERDICT_BREAKING,
                                VERDICT_BREAKING,
                                "old clients put the tag in the old key",
                                "old clients look for the tag in the old key",
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s: discriminator changed from \"%.*s\" to \"%.*s\"",
                      display, (int)old_tag.len, old_tag.ptr, (int)new_tag.len, new_tag.ptr);
    }
    if (!was_open && is_open) {
        compat_change change = {PC_COMPAT_UNION_BECAME_OPEN,
                                VERDICT_SAFE,
                                VERDICT_WARNING,
                                NULL,
                                "clients built from the old schema still reject variants they "
                                "do not know",
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s became open", display);
    } else if (was_open && !is_open) {
        compat_change change = {PC_COMPAT_UNION_BECAME_CLOSED,
                                VERDICT_BREAKING,
                                VERDICT_SAFE,
                                "old clients may send variants the server does not know",
                                NULL,
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s became closed", display);
    }

    const pc_variant *removed = NULL, *added = NULL;
    uint32_t removed_count = 0, added_count = 0;
    for (uint32_t i = 0; i < old_decl->as.union_.variant_count; i++) {
        const pc_variant *variant = old_decl->as.union_.variants[i];
        if (!find_variant(new_decl, variant->wire))
            removed = variant, removed_count++;
    }
    for (uint32_t i = 0; i < new_decl->as.union_.variant_count; i++) {
        const pc_variant *variant = new_decl->as.union_.variants[i];
        if (!find_variant(old_decl, variant->wire))
            added = variant, added_count++;
    }
    const char *hint =
        removed_count == 1 && added_count == 1 && compat_same_type(removed->target, added->target)
            ? rename_hint(ctx, removed->name, removed->wire, added->name)
            : NULL;

    for (uint32_t i = 0; i < new_decl->as.union_.variant_count; i++) {
        const pc_variant *variant = new_decl->as.union_.variants[i];
        const pc_variant *old_variant = find_variant(old_decl, variant->wire);
        pc_loc nowhere = {NULL, 0, 0, 0, 0};
        compat_site variant_at =
            member_site(node, variant->name, variant->wire,
                        old_variant ? old_variant->loc : nowhere, variant->loc);
        if (!old_variant) {
            compat_change change = {PC_COMPAT_UNION_VARIANT_ADDED,
                                    VERDICT_SAFE,
                                    was_open ? VERDICT_SAFE : VERDICT_BREAKING,
                                    NULL,
                                    was_open ? NULL
                                             : "the union is closed in the old schema, so old "
                                               "clients reject the new variant",
                                    hint,
                                    false};
            compat_report(ctx, &variant_at, &change, "%s was added",
                          compat_site_display(ctx, &variant_at));
            continue;
        }
        if (!pc_str_eq(old_variant->name, variant->name)) {
            compat_change change = {PC_COMPAT_UNION_VARIANT_RENAMED,
                                    VERDICT_SAFE,
                                    VERDICT_SAFE,
                                    NULL,
                                    NULL,
                                    NULL,
                                    false};
            compat_report(ctx, &variant_at, &change,
                          "%s was renamed from '%.*s'; its wire name \"%.*s\" is unchanged",
                          compat_site_display(ctx, &variant_at), (int)old_variant->name.len,
                          old_variant->name.ptr, (int)variant->wire.len, variant->wire.ptr);
        }
        /* The variant's struct is compared as a pair reached through the union; chains go
         * straight from the union to the struct's fields. */
        variant_at.elide_hop = true;
        compat_compare_types(ctx, &variant_at, old_variant->target, variant->target, NULL, NULL);
    }
    for (uint32_t i = 0; i < old_decl->as.union_.variant_count; i++) {
        const pc_variant *variant = old_decl->as.union_.variants[i];
        if (find_variant(new_decl, variant->wire))
            continue;
        pc_loc nowhere = {NULL, 0, 0, 0, 0};
        compat_site variant_at =
            member_site(node, variant->name, variant->wire, variant->loc, nowhere);
        compat_change change = {PC_COMPAT_UNION_VARIANT_REMOVED,
                                VERDICT_BREAKING,
                                VERDICT_SAFE,
                                "old clients may still send it",
                                NULL,
                                hint,
                                variant->meta.deprecated};
        compat_report(ctx, &variant_at, &change, "%s was removed",
                      compat_site_display(ctx, &variant_at));
    }
}

static void compare_aliases(compat_context *ctx, compat_node *node)
{
    compat_site site = decl_site(node);
    site.elide_hop = true;
    compat_compare_types(ctx, &site, node->old_decl->as.alias.target,
                         node->new_decl->as.alias.target, &node->old_decl->as.alias.constraints,
                         &node->new_decl->as.alias.constraints);
}

void compat_compare_node(compat_context *ctx, compat_node *node)
{
    if (node->old_decl->kind != node->new_decl->kind)
        return; /* only pairs of one kind are queued */
    switch (node->new_decl->kind) {
    case PC_DECL_STRUCT:
        compare_structs(ctx, node);
        break;
    case PC_DECL_ENUM:
        compare_enums(ctx, node);
        break;
    case PC_DECL_UNION:
        compare_unions(ctx, node);
        break;
    case PC_DECL_ALIAS:
        compare_aliases(ctx, node);
        break;
    case PC_DECL_SERVICE:
        break;
    }
}
