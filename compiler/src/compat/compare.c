/* The comparison's driver: routes present in both versions start the walk in their direction
 * (language.md §9), the queued pairs are compared once each, types that no common route
 * reaches are judged both ways, and the sets of named types are compared last. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- small helpers over the report's arena ---- */

bool compat_push(compat_context *ctx, void ***items, uint32_t *count, void *item)
{
    if (!pc_array_push(ctx->arena, items, count, item)) {
        ctx->out_of_memory = true;
        return false;
    }
    return true;
}

static const char *vprintf_arena(compat_context *ctx, const char *format, va_list args)
{
    char small[256];
    va_list copy;
    va_copy(copy, args);
    int length = vsnprintf(small, sizeof small, format, copy);
    va_end(copy);
    if (length < 0)
        return "";
    char *text = pl_arena_alloc(ctx->arena, (size_t)length + 1);
    if (!text) {
        ctx->out_of_memory = true;
        return "";
    }
    if ((size_t)length < sizeof small)
        memcpy(text, small, (size_t)length + 1);
    else
        vsnprintf(text, (size_t)length + 1, format, args);
    return text;
}

const char *compat_printf(compat_context *ctx, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    const char *text = vprintf_arena(ctx, format, args);
    va_end(args);
    return text;
}

const char *compat_strdup(compat_context *ctx, pc_str text)
{
    char *copy = pl_arena_strdup(ctx->arena, text.ptr ? text.ptr : "", text.len);
    if (!copy) {
        ctx->out_of_memory = true;
        return "";
    }
    return copy;
}

const char *compat_decl_name(compat_context *ctx, const pc_decl *decl)
{
    return compat_strdup(ctx, decl->name);
}

static void append_type_text(const pc_type *type, char *out, size_t capacity, size_t *used)
{
    if (*used >= capacity)
        return;
    int written = 0;
    switch (type ? type->kind : PC_TYPE_UNRESOLVED) {
    case PC_TYPE_PRIMITIVE:
        written =
            snprintf(out + *used, capacity - *used, "%s", pc_primitive_name(type->as.primitive));
        break;
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        written = snprintf(out + *used, capacity - *used, "%s",
                           type->kind == PC_TYPE_LIST ? "list<" : "map<string, ");
        *used += written > 0 ? (size_t)written : 0;
        append_type_text(type->as.element, out, capacity, used);
        written = *used < capacity ? snprintf(out + *used, capacity - *used, ">") : 0;
        break;
    case PC_TYPE_NULLABLE:
        append_type_text(type->as.element, out, capacity, used);
        written = *used < capacity ? snprintf(out + *used, capacity - *used, "?") : 0;
        break;
    case PC_TYPE_NAMED:
        written = snprintf(out + *used, capacity - *used, "%.*s", (int)type->as.decl->name.len,
                           type->as.decl->name.ptr);
        break;
    case PC_TYPE_UNRESOLVED:
        written = snprintf(out + *used, capacity - *used, "?");
        break;
    }
    *used += written > 0 ? (size_t)written : 0;
    if (*used >= capacity)
        *used = capacity - 1;
}

const char *compat_type_text(compat_context *ctx, const pc_type *type)
{
    char text[256];
    size_t used = 0;
    text[0] = '\0';
    append_type_text(type, text, sizeof text, &used);
    text[used] = '\0';
    pc_str copy = {text, (uint32_t)used};
    return compat_strdup(ctx, copy);
}

/* ---- naming sites ---- */

static const char *route_element(compat_context *ctx, const compat_site *site)
{
    const char *key = site->route_key;
    switch (site->route_part) {
    case ROUTE_PART_ROUTE:
        return key;
    case ROUTE_PART_PATH:
        return compat_printf(ctx, "%s path %u", key, site->position);
    case ROUTE_PART_QUERY:
        return compat_printf(ctx, "%s?%.*s", key, (int)site->part_name.len, site->part_name.ptr);
    case ROUTE_PART_BODY:
        return compat_printf(ctx, "%s body", key);
    case ROUTE_PART_RESPONSE:
        return compat_printf(ctx, "%s response", key);
    case ROUTE_PART_THROWS:
        return compat_printf(ctx, "%s throws %s", key, site->part_qualified);
    case ROUTE_PART_NONE:
        break;
    }
    return "";
}

static const char *route_display(compat_context *ctx, const compat_site *site)
{
    const char *key = site->route_key;
    int length = (int)site->part_name.len;
    const char *name = site->part_name.ptr;
    switch (site->route_part) {
    case ROUTE_PART_ROUTE:
        return key;
    case ROUTE_PART_PATH:
        return compat_printf(ctx, "path parameter %.*s of %s", length, name, key);
    case ROUTE_PART_QUERY:
        return compat_printf(ctx, "query parameter %.*s of %s", length, name, key);
    case ROUTE_PART_BODY:
        return compat_printf(ctx, "request body of %s", key);
    case ROUTE_PART_RESPONSE:
        return compat_printf(ctx, "response of %s", key);
    case ROUTE_PART_THROWS:
        return compat_printf(ctx, "%s throws %.*s", key, length, name);
    case ROUTE_PART_NONE:
        break;
    }
    return "";
}

const char *compat_site_element(compat_context *ctx, compat_site *site)
{
    if (!site->element && site->route_part != ROUTE_PART_NONE)
        site->element = route_element(ctx, site);
    if (!site->element && site->outer)
        site->element =
            compat_printf(ctx, "%s%s", compat_site_element(ctx, site->outer), site->suffix);
    if (!site->element) {
        const char *container = site->container->qualified_name;
        site->element = site->member_wire.len
                            ? compat_printf(ctx, "%s.%.*s", container, (int)site->member_wire.len,
                                            site->member_wire.ptr)
                            : container;
    }
    return site->element;
}

const char *compat_site_display(compat_context *ctx, compat_site *site)
{
    if (!site->display && site->route_part != ROUTE_PART_NONE)
        site->display = route_display(ctx, site);
    if (!site->display && site->outer)
        site->display =
            compat_printf(ctx, "%s%s", compat_site_display(ctx, site->outer), site->suffix);
    if (!site->display) {
        pc_str name = site->container->name;
        site->display = site->member.len ? compat_printf(ctx, "%.*s.%.*s", (int)name.len, name.ptr,
                                                         (int)site->member.len, site->member.ptr)
                                         : compat_strdup(ctx, name);
    }
    return site->display;
}

/* ---- findings ---- */

static compat_verdict max_verdict(compat_verdict a, compat_verdict b)
{
    return a > b ? a : b;
}

static pc_compat_severity severity_of(compat_verdict verdict)
{
    return verdict == VERDICT_BREAKING  ? PC_COMPAT_BREAKING
           : verdict == VERDICT_WARNING ? PC_COMPAT_WARNING
                                        : PC_COMPAT_INFO;
}

static void add_source(compat_context *ctx, compat_pending *pending, compat_site *site)
{
    if (!site->node && !site->root)
        return;
    const char *final = site->node ? compat_site_display(ctx, site) : NULL;
    for (uint32_t i = 0; i < pending->source_count; i++) {
        compat_source *known = pending->sources[i];
        if (known->node == site->node && known->root == site->root &&
            (known->final == final || (known->final && final && !strcmp(known->final, final))))
            return;
    }
    compat_source *source = pl_arena_alloc(ctx->arena, sizeof *source);
    if (!source) {
        ctx->out_of_memory = true;
        return;
    }
    source->node = site->node;
    source->root = site->node ? NULL : site->root;
    source->final = final;
    compat_push(ctx, (void ***)&pending->sources, &pending->source_count, source);
}

void compat_report(compat_context *ctx, compat_site *site, const compat_change *change,
                   const char *format, ...)
{
    /* The verdict in the direction the site is used; both ways, the worse one decides. */
    compat_verdict verdict = VERDICT_NONE;
    pc_direction direction = PC_DIR_NONE;
    if (site->direction & PC_DIR_IN)
        verdict = max_verdict(verdict, change->input);
    if (site->direction & PC_DIR_OUT)
        verdict = max_verdict(verdict, change->output);
    if (verdict == VERDICT_NONE)
        return;
    if ((site->direction & PC_DIR_IN) && change->input == verdict)
        direction = (pc_direction)(direction | PC_DIR_IN);
    if ((site->direction & PC_DIR_OUT) && change->output == verdict)
        direction = (pc_direction)(direction | PC_DIR_OUT);

    const pc_compat_rule_info *info = pc_compat_rule_info_of(change->rule);
    pc_compat_severity severity = severity_of(verdict);
    bool downgraded = false, raised = false;
    if (change->deprecated_removal && severity == PC_COMPAT_BREAKING) {
        severity = PC_COMPAT_WARNING;
        downgraded = true;
    }
    if (info->source && ctx->options.level == PC_COMPAT_LEVEL_SOURCE) {
        pc_compat_severity floor =
            change->deprecated_removal ? PC_COMPAT_WARNING : PC_COMPAT_BREAKING;
        if (severity < floor) {
            severity = floor;
            raised = floor == PC_COMPAT_BREAKING;
            downgraded = change->deprecated_removal;
        }
    }

    va_list args;
    va_start(args, format);
    const char *what = vprintf_arena(ctx, format, args);
    va_end(args);
    const char *why = direction == PC_DIR_IN    ? change->why_input
                      : direction == PC_DIR_OUT ? change->why_output
                                                : NULL;
    if (direction == PC_DIR_BOTH) {
        if (change->why_input && change->why_output &&
            strcmp(change->why_input, change->why_output) != 0)
            why = compat_printf(ctx, "%s; %s", change->why_input, change->why_output);
        else
            why = change->why_input ? change->why_input : change->why_output;
    }
    if (verdict == VERDICT_SAFE && !raised)
        why = NULL; /* safe: no consequence to explain */
    const char *message = compat_printf(
        ctx, "%s%s%s%s%s", what, why ? "; " : "", why ? why : "",
        downgraded ? " (deprecated in the old schema, so a warning)"
        : change->deprecated_removal && verdict > VERDICT_SAFE ? " (deprecated in the old schema)"
                                                               : "",
        raised ? " (breaks code generated from the old schema)" : "");
    const char *hint = change->hint;
    if (!hint && change->deprecated_removal && severity >= PC_COMPAT_WARNING)
        hint = "deprecation was the notice: remove it once no client in use relies on it, and "
               "acknowledge the warning (--ack)";
    if (!hint && severity >= PC_COMPAT_WARNING)
        hint = direction == PC_DIR_IN ? info->hint_input
                                      : (info->hint_output ? info->hint_output : info->hint_input);

    const char *element = compat_site_element(ctx, site);
    pc_str rule_key = pc_str_from_cstr(info->id), element_key = pc_str_from_cstr(element);
    compat_pending *pending = pc_map_get(&ctx->pending_by_key, rule_key, element_key);
    if (!pending) {
        pending = pl_arena_alloc(ctx->arena, sizeof *pending);
        if (!pending) {
            ctx->out_of_memory = true;
            return;
        }
        pending->finding.rule = change->rule;
        pending->finding.severity = severity;
        pending->finding.direction = direction;
        pending->finding.element = element;
        pending->finding.display = compat_site_display(ctx, site);
        pending->finding.message = message;
        pending->finding.hint = hint;
        pending->finding.raised_by_source_level = raised;
        pending->finding.deprecated = downgraded;
        pending->finding.old_loc = site->old_loc;
        pending->finding.new_loc = site->new_loc;
        pending->finding.anchor_loc = site->anchor_loc;
        if (pc_map_put(&ctx->pending_by_key, rule_key, element_key, pending) ||
            !compat_push(ctx, (void ***)&ctx->pending, &ctx->pending_count, pending))
            ctx->out_of_memory = true;
    } else if (severity > pending->finding.severity) {
        pending->finding.severity = severity;
        pending->finding.direction = direction;
        pending->finding.message = message;
        pending->finding.hint = hint;
        pending->finding.raised_by_source_level = raised;
        pending->finding.deprecated = downgraded;
    } else if (severity == pending->finding.severity) {
        pending->finding.direction = (pc_direction)(pending->finding.direction | direction);
        if (!pending->finding.hint)
            pending->finding.hint = hint;
    }
    add_source(ctx, pending, site);
}

/* ---- routes ---- */

const char *compat_root_label(compat_context *ctx, compat_root *root)
{
    if (root->label)
        return root->label;
    const char *type = compat_type_text(ctx, root->type);
    if (root->unreached)
        root->label = compat_printf(ctx, "(no route) %s", compat_decl_name(ctx, root->decl));
    else if (!root->role)
        root->label = compat_printf(ctx, "%s -> %d -> %s", root->route_key, root->status, type);
    else if (root->param.len)
        root->label = compat_printf(ctx, "%s -> %s %.*s -> %s", root->route_key, root->role,
                                    (int)root->param.len, root->param.ptr, type);
    else
        root->label = compat_printf(ctx, "%s -> %s -> %s", root->route_key, root->role, type);
    return root->label;
}

static compat_root *new_root(compat_context *ctx, const char *route_key, const char *role,
                             const pc_type *type)
{
    compat_root *root = pl_arena_alloc(ctx->arena, sizeof *root);
    if (!root) {
        ctx->out_of_memory = true;
        return NULL;
    }
    root->route_key = route_key;
    root->role = role;
    root->type = type;
    return root;
}

static compat_site route_site(const char *key, compat_route_part part, pc_direction direction,
                              const pc_route *old_route, const pc_route *new_route)
{
    compat_site site;
    memset(&site, 0, sizeof site);
    site.direction = direction;
    site.route_key = key;
    site.route_part = part;
    site.elide_hop = true;
    site.type_rule = PC_COMPAT_RULE_COUNT;
    if (old_route)
        site.old_loc = old_route->loc;
    if (new_route)
        site.new_loc = site.anchor_loc = new_route->loc;
    return site;
}

static bool route_deprecated(const pc_route *route)
{
    return route->meta.deprecated || (route->service && route->service->meta.deprecated);
}

static const char *route_key(compat_context *ctx, const pc_route *route)
{
    return compat_printf(ctx, "%s %s", pc_method_name(route->method), route->shape);
}

static const pc_field *find_query(const pc_route *route, pc_str wire)
{
    for (uint32_t i = 0; i < route->param_count; i++) {
        if (route->param_roles[i] == PC_PARAM_QUERY && pc_str_eq(route->params[i]->wire, wire))
            return route->params[i];
    }
    return NULL;
}

static bool param_required(const pc_field *param)
{
    return !param->optional && !param->default_value;
}

static void compare_path_params(compat_context *ctx, const char *key, const pc_route *old_route,
                                const pc_route *new_route)
{
    uint32_t position = 0;
    for (uint32_t s = 0; s < new_route->segment_count && s < old_route->segment_count; s++) {
        const pc_field *old_param = old_route->segments[s].param;
        const pc_field *new_param = new_route->segments[s].param;
        if (!new_route->segments[s].is_param || !old_param || !new_param)
            continue;
        compat_site site = route_site(key, ROUTE_PART_PATH, PC_DIR_IN, old_route, new_route);
        site.position = ++position;
        site.part_name = new_param->name;
        site.old_loc = old_param->loc;
        site.new_loc = site.anchor_loc = new_param->loc;
        site.type_rule = PC_COMPAT_PATH_PARAM_TYPE_CHANGED;
        site.root = new_root(ctx, key, "path", new_param->type);
        if (site.root)
            site.root->param = new_param->name;
        compat_compare_types(ctx, &site, old_param->type, new_param->type, &old_param->constraints,
                             &new_param->constraints);
    }
}

static void compare_query_params(compat_context *ctx, const char *key, const pc_route *old_route,
                                 const pc_route *new_route)
{
    for (uint32_t i = 0; i < new_route->param_count; i++) {
        if (new_route->param_roles[i] != PC_PARAM_QUERY)
            continue;
        const pc_field *new_param = new_route->params[i];
        const pc_field *old_param = find_query(old_route, new_param->wire);
        compat_site site = route_site(key, ROUTE_PART_QUERY, PC_DIR_IN, old_route, new_route);
        site.part_name = new_param->wire;
        site.new_loc = site.anchor_loc = new_param->loc;
        if (!old_param) {
            bool required = param_required(new_param);
            compat_change change = {required ? PC_COMPAT_QUERY_PARAM_ADDED_REQUIRED
                                             : PC_COMPAT_QUERY_PARAM_ADDED_OPTIONAL,
                                    required ? VERDICT_BREAKING : VERDICT_SAFE,
                                    VERDICT_NONE,
                                    "old clients do not send it",
                                    NULL,
                                    NULL,
                                    false};
            compat_report(ctx, &site, &change, "%s was added%s", compat_site_display(ctx, &site),
                          required ? " as required" : "");
            continue;
        }
        site.old_loc = old_param->loc;
        site.root = new_root(ctx, key, "query", new_param->type);
        if (site.root)
            site.root->param = new_param->wire;
        if (!pc_str_eq(old_param->name, new_param->name)) {
            compat_change change = {
                PC_COMPAT_FIELD_RENAMED, VERDICT_SAFE, VERDICT_NONE, NULL, NULL, NULL, false};
            compat_report(
                ctx, &site, &change, "%s was renamed from '%.*s'; its wire name is unchanged",
                compat_site_display(ctx, &site), (int)old_param->name.len, old_param->name.ptr);
        }
        compat_compare_presence(ctx, &site, old_param, new_param, true);
        compat_compare_types(ctx, &site, old_param->type, new_param->type, &old_param->constraints,
                             &new_param->constraints);
    }
    for (uint32_t i = 0; i < old_route->param_count; i++) {
        if (old_route->param_roles[i] != PC_PARAM_QUERY)
            continue;
        const pc_field *old_param = old_route->params[i];
        if (find_query(new_route, old_param->wire))
            continue;
        compat_site site = route_site(key, ROUTE_PART_QUERY, PC_DIR_IN, old_route, NULL);
        site.part_name = old_param->wire;
        site.old_loc = old_param->loc;
        site.anchor_loc = new_route->loc;
        compat_change change = {PC_COMPAT_QUERY_PARAM_REMOVED,
                                VERDICT_WARNING,
                                VERDICT_NONE,
                                "old clients still send it and the server ignores it",
                                NULL,
                                NULL,
                                old_param->meta.deprecated};
        compat_report(ctx, &site, &change, "%s was removed", compat_site_display(ctx, &site));
    }
}

static void compare_bodies(compat_context *ctx, const char *key, const pc_route *old_route,
                           const pc_route *new_route)
{
    const pc_field *old_body = old_route->body, *new_body = new_route->body;
    compat_site site = route_site(key, ROUTE_PART_BODY, PC_DIR_IN, old_route, new_route);
    if (!old_body && new_body) {
        bool required = !new_body->optional;
        compat_change change = {PC_COMPAT_REQUEST_BODY_ADDED,
                                required ? VERDICT_BREAKING : VERDICT_SAFE,
                                VERDICT_NONE,
                                "old clients send none",
                                NULL,
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s now takes a%s body (%s)", key,
                      required ? " required" : "n optional", compat_type_text(ctx, new_body->type));
    } else if (old_body && !new_body) {
        compat_change change = {PC_COMPAT_REQUEST_BODY_REMOVED,
                                VERDICT_WARNING,
                                VERDICT_NONE,
                                "old clients still send one and the server ignores it",
                                NULL,
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s no longer takes a body (it took %s)", key,
                      compat_type_text(ctx, old_body->type));
    } else if (old_body && new_body) {
        site.old_loc = old_body->loc;
        site.new_loc = site.anchor_loc = new_body->loc;
        site.root = new_root(ctx, key, "body", new_body->type);
        if (old_body->optional && !new_body->optional) {
            compat_change change = {PC_COMPAT_FIELD_BECAME_REQUIRED,
                                    VERDICT_BREAKING,
                                    VERDICT_NONE,
                                    "old clients may send none",
                                    NULL,
                                    NULL,
                                    false};
            compat_report(ctx, &site, &change, "%s became required",
                          compat_site_display(ctx, &site));
        }
        compat_compare_types(ctx, &site, old_body->type, new_body->type, &old_body->constraints,
                             &new_body->constraints);
    }
}

static void compare_responses(compat_context *ctx, const char *key, const pc_route *old_route,
                              const pc_route *new_route)
{
    compat_site site = route_site(key, ROUTE_PART_RESPONSE, PC_DIR_OUT, old_route, new_route);
    if (old_route->response && !new_route->response) {
        compat_change change = {PC_COMPAT_RESPONSE_BODY_REMOVED,
                                VERDICT_NONE,
                                VERDICT_BREAKING,
                                NULL,
                                "old clients expect a body",
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s now answers 204 No Content instead of %s", key,
                      compat_type_text(ctx, old_route->response));
    } else if (!old_route->response && new_route->response) {
        compat_change change = {PC_COMPAT_RESPONSE_BODY_ADDED,
                                VERDICT_NONE,
                                VERDICT_WARNING,
                                NULL,
                                "old clients expect 204 No Content",
                                NULL,
                                false};
        compat_report(ctx, &site, &change, "%s now returns %s instead of 204 No Content", key,
                      compat_type_text(ctx, new_route->response));
    } else if (old_route->response && new_route->response) {
        site.root = new_root(ctx, key, "200", new_route->response);
        compat_compare_types(ctx, &site, old_route->response, new_route->response, NULL, NULL);
    }
}

static const pc_decl *error_decl(const pc_type *type)
{
    const pc_type *shape = pc_type_unalias(type, true);
    return shape && shape->kind == PC_TYPE_NAMED ? shape->as.decl : NULL;
}

static int error_status(const pc_decl *decl)
{
    return decl->kind == PC_DECL_STRUCT ? decl->as.struct_.status : 0;
}

/* The error of old_route that matches new_error: the same type, else one with its status (a
 * renamed error type is compared structurally). */
static const pc_type *matching_error(const pc_route *old_route, const pc_decl *new_error,
                                     bool by_status)
{
    for (uint32_t i = 0; i < old_route->throw_count; i++) {
        const pc_decl *old_error = error_decl(old_route->throws[i]);
        if (!old_error)
            continue;
        if (by_status ? error_status(old_error) == error_status(new_error)
                      : strcmp(old_error->qualified_name, new_error->qualified_name) == 0)
            return old_route->throws[i];
    }
    return NULL;
}

static bool error_name_in(const pc_route *route, const pc_decl *error)
{
    for (uint32_t i = 0; i < route->throw_count; i++) {
        const pc_decl *other = error_decl(route->throws[i]);
        if (other && strcmp(other->qualified_name, error->qualified_name) == 0)
            return true;
    }
    return false;
}

static compat_site error_site(const char *key, const pc_decl *error, const pc_route *old_route,
                              const pc_route *new_route)
{
    compat_site site = route_site(key, ROUTE_PART_THROWS, PC_DIR_OUT, old_route, new_route);
    site.part_name = error->name;
    site.part_qualified = error->qualified_name;
    return site;
}

static void compare_errors(compat_context *ctx, const char *key, const pc_route *old_route,
                           const pc_route *new_route)
{
    if (!old_route->throw_count && !new_route->throw_count)
        return;
    const pc_type **old_matched =
        pl_arena_alloc(ctx->arena, (new_route->throw_count + 1) * sizeof(void *));
    if (!old_matched) {
        ctx->out_of_memory = true;
        return;
    }
    /* By name first, then unmatched ones by status. */
    for (uint32_t pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < new_route->throw_count; i++) {
            const pc_decl *new_error = error_decl(new_route->throws[i]);
            if (!new_error || old_matched[i])
                continue;
            const pc_type *old_type = matching_error(old_route, new_error, pass == 1);
            if (old_type && pass == 1 && error_name_in(new_route, error_decl(old_type)))
                old_type = NULL; /* its namesake is still thrown: not a rename */
            for (uint32_t j = 0; old_type && j < new_route->throw_count; j++)
                old_type = j != i && old_matched[j] == old_type ? NULL : old_type;
            old_matched[i] = old_type;
        }
    }
    for (uint32_t i = 0; i < new_route->throw_count; i++) {
        const pc_decl *new_error = error_decl(new_route->throws[i]);
        if (!new_error)
            continue;
        int status = error_status(new_error);
        compat_site site = error_site(key, new_error, old_route, new_route);
        if (!old_matched[i]) {
            compat_change change = {PC_COMPAT_ERROR_ADDED,
                                    VERDICT_NONE,
                                    VERDICT_WARNING,
                                    NULL,
                                    "old clients do not expect that status",
                                    NULL,
                                    false};
            compat_report(ctx, &site, &change, "%s can now throw %s (%d)", key,
                          compat_decl_name(ctx, new_error), status);
            continue;
        }
        const pc_decl *old_error = error_decl(old_matched[i]);
        compat_root *root = new_root(ctx, key, NULL, new_route->throws[i]);
        if (root)
            root->status = status;
        int old_status = error_status(old_error);
        if (old_status != status) {
            /* One finding for the error type, whichever routes throw it. */
            compat_site type_site =
                route_site(key, ROUTE_PART_NONE, PC_DIR_OUT, old_route, new_route);
            type_site.element = new_error->qualified_name;
            type_site.display = compat_decl_name(ctx, new_error);
            type_site.old_loc = old_error->loc;
            type_site.new_loc = type_site.anchor_loc = new_error->loc;
            type_site.root = root;
            compat_change change = {PC_COMPAT_ERROR_STATUS_CHANGED,
                                    VERDICT_NONE,
                                    VERDICT_BREAKING,
                                    NULL,
                                    "old clients do not recognise the error under its new status",
                                    NULL,
                                    false};
            compat_report(ctx, &type_site, &change, "%s: @status changed from %d to %d",
                          type_site.display, old_status, status);
        }
        site.root = root;
        compat_compare_types(ctx, &site, old_matched[i], new_route->throws[i], NULL, NULL);
    }
    for (uint32_t j = 0; j < old_route->throw_count; j++) {
        bool kept = false;
        for (uint32_t i = 0; i < new_route->throw_count; i++)
            kept = kept || old_matched[i] == old_route->throws[j];
        const pc_decl *old_error = error_decl(old_route->throws[j]);
        if (kept || !old_error)
            continue;
        compat_site site = error_site(key, old_error, old_route, new_route);
        site.new_loc.source = NULL;
        compat_change change = {
            PC_COMPAT_ERROR_REMOVED, VERDICT_NONE, VERDICT_SAFE, NULL, NULL, NULL, false};
        compat_report(ctx, &site, &change, "%s no longer throws %s (%d)", key,
                      compat_decl_name(ctx, old_error), error_status(old_error));
    }
}

static const char *operation_name(compat_context *ctx, const pc_route *route)
{
    if (!route->service)
        return compat_strdup(ctx, route->name);
    return compat_printf(ctx, "%.*s.%.*s", (int)route->service->name.len, route->service->name.ptr,
                         (int)route->name.len, route->name.ptr);
}

static bool same_operation(const pc_route *old_route, const pc_route *new_route)
{
    if (!pc_str_eq(old_route->name, new_route->name))
        return false;
    if (!old_route->service || !new_route->service)
        return old_route->service == new_route->service;
    return strcmp(old_route->service->qualified_name, new_route->service->qualified_name) == 0;
}

static void compare_route(compat_context *ctx, const pc_route *old_route, const pc_route *new_route)
{
    const char *key = route_key(ctx, new_route);
    if (!same_operation(old_route, new_route)) {
        compat_site site = route_site(key, ROUTE_PART_ROUTE, PC_DIR_IN, old_route, new_route);
        compat_change change = {
            PC_COMPAT_OPERATION_RENAMED, VERDICT_SAFE, VERDICT_NONE, NULL, NULL, NULL, false};
        compat_report(ctx, &site, &change, "%s was renamed from %s to %s", key,
                      operation_name(ctx, old_route), operation_name(ctx, new_route));
    }
    compare_path_params(ctx, key, old_route, new_route);
    compare_query_params(ctx, key, old_route, new_route);
    compare_bodies(ctx, key, old_route, new_route);
    compare_responses(ctx, key, old_route, new_route);
    compare_errors(ctx, key, old_route, new_route);
}

static void compare_routes(compat_context *ctx)
{
    pc_map old_routes, matched;
    pc_map_init(&old_routes, ctx->arena);
    pc_map_init(&matched, ctx->arena);
    const pc_schema *old_schema = ctx->old_schema, *new_schema = ctx->new_schema;
    for (uint32_t i = 0; i < old_schema->route_count; i++) {
        const pc_route *route = old_schema->routes[i];
        if (route->shape)
            pc_map_put(&old_routes, pc_str_from_cstr(pc_method_name(route->method)),
                       pc_str_from_cstr(route->shape), (void *)route);
    }
    for (uint32_t i = 0; i < new_schema->route_count && !ctx->out_of_memory; i++) {
        const pc_route *route = new_schema->routes[i];
        if (!route->shape)
            continue;
        pc_str method = pc_str_from_cstr(pc_method_name(route->method));
        pc_str shape = pc_str_from_cstr(route->shape);
        const pc_route *old_route = pc_map_get(&old_routes, method, shape);
        if (old_route) {
            pc_map_put(&matched, method, shape, (void *)route);
            compare_route(ctx, old_route, route);
            continue;
        }
        const char *key = route_key(ctx, route);
        compat_site site = route_site(key, ROUTE_PART_ROUTE, PC_DIR_IN, NULL, route);
        compat_change change = {
            PC_COMPAT_ROUTE_ADDED, VERDICT_SAFE, VERDICT_NONE, NULL, NULL, NULL, false};
        compat_report(ctx, &site, &change, "%s (%s) was added", key, operation_name(ctx, route));
    }
    for (uint32_t i = 0; i < old_schema->route_count && !ctx->out_of_memory; i++) {
        const pc_route *route = old_schema->routes[i];
        if (!route->shape || pc_map_get(&matched, pc_str_from_cstr(pc_method_name(route->method)),
                                        pc_str_from_cstr(route->shape)))
            continue;
        const char *key = route_key(ctx, route);
        compat_site site = route_site(key, ROUTE_PART_ROUTE, PC_DIR_IN, route, NULL);
        compat_change change = {PC_COMPAT_ROUTE_REMOVED,
                                VERDICT_BREAKING,
                                VERDICT_NONE,
                                "old clients still call it",
                                NULL,
                                NULL,
                                route_deprecated(route)};
        compat_report(ctx, &site, &change, "%s (%s) was removed", key, operation_name(ctx, route));
    }
}

/* ---- the walk ---- */

static void drain_queue(compat_context *ctx)
{
    while (ctx->next_node < ctx->node_count && !ctx->out_of_memory)
        compat_compare_node(ctx, ctx->all_nodes[ctx->next_node++]);
}

static bool is_type(const pc_decl *decl)
{
    return decl && decl->kind != PC_DECL_SERVICE;
}

/* Types that no route present in both versions reaches, on either side, are judged both ways
 * (compat.md), each from a root of its own. The set is fixed before any is walked, so the
 * result does not depend on the order. */
static void compare_unreached(compat_context *ctx)
{
    pc_map reached;
    pc_map_init(&reached, ctx->arena);
    pc_str old_side = {"old", 3}, new_side = {"new", 3};
    for (uint32_t i = 0; i < ctx->node_count; i++) {
        pc_map_put(&reached, pc_str_from_cstr(ctx->all_nodes[i]->old_decl->qualified_name),
                   old_side, ctx->all_nodes[i]);
        pc_map_put(&reached, pc_str_from_cstr(ctx->all_nodes[i]->new_decl->qualified_name),
                   new_side, ctx->all_nodes[i]);
    }
    const pc_decl **pairs = NULL;
    uint32_t pair_count = 0;
    for (uint32_t i = 0; i < ctx->new_schema->decl_count; i++) {
        const pc_decl *new_decl = ctx->new_schema->decls[i];
        if (!is_type(new_decl))
            continue;
        pc_str name = pc_str_from_cstr(new_decl->qualified_name);
        const pc_decl *old_decl = pc_schema_find(ctx->old_schema, new_decl->qualified_name);
        if (!is_type(old_decl) || pc_map_get(&reached, name, old_side) ||
            pc_map_get(&reached, name, new_side))
            continue;
        compat_push(ctx, (void ***)&pairs, &pair_count, (void *)old_decl);
        compat_push(ctx, (void ***)&pairs, &pair_count, (void *)new_decl);
    }
    for (uint32_t i = 0; i + 1 < pair_count && !ctx->out_of_memory; i += 2) {
        const pc_decl *old_decl = pairs[i], *new_decl = pairs[i + 1];
        pc_type *old_type = pl_arena_alloc(ctx->arena, sizeof *old_type);
        pc_type *new_type = pl_arena_alloc(ctx->arena, sizeof *new_type);
        if (!old_type || !new_type) {
            ctx->out_of_memory = true;
            return;
        }
        old_type->kind = new_type->kind = PC_TYPE_NAMED;
        old_type->as.decl = (pc_decl *)old_decl;
        new_type->as.decl = (pc_decl *)new_decl;
        compat_site site;
        memset(&site, 0, sizeof site);
        site.direction = PC_DIR_BOTH;
        site.element = new_decl->qualified_name;
        site.display = compat_decl_name(ctx, new_decl);
        site.elide_hop = true;
        site.type_rule = PC_COMPAT_RULE_COUNT;
        site.old_loc = old_decl->loc;
        site.new_loc = site.anchor_loc = new_decl->loc;
        site.root = pl_arena_alloc(ctx->arena, sizeof *site.root);
        if (!site.root) {
            ctx->out_of_memory = true;
            return;
        }
        site.root->unreached = true;
        site.root->decl = new_decl;
        compat_compare_types(ctx, &site, old_type, new_type, NULL, NULL);
    }
}

static const char *package_of(compat_context *ctx, const pc_decl *decl)
{
    return decl->file && decl->file->package ? compat_strdup(ctx, decl->file->package->name) : "";
}

/* Named types removed, moved to another package (same simple name, a new qualified name) or
 * added: what generated code sees. */
static void compare_type_sets(compat_context *ctx)
{
    pc_map moved_to;
    pc_map_init(&moved_to, ctx->arena);
    pc_str none = {"", 0};
    /* The first new-only type of each simple name can be where a removed type moved. */
    pc_map new_only;
    pc_map_init(&new_only, ctx->arena);
    for (uint32_t i = 0; i < ctx->new_schema->decl_count; i++) {
        const pc_decl *decl = ctx->new_schema->decls[i];
        if (is_type(decl) && !is_type(pc_schema_find(ctx->old_schema, decl->qualified_name)))
            pc_map_put(&new_only, decl->name, none, (void *)decl);
    }
    for (uint32_t i = 0; i < ctx->old_schema->decl_count && !ctx->out_of_memory; i++) {
        const pc_decl *old_decl = ctx->old_schema->decls[i];
        if (!is_type(old_decl) ||
            is_type(pc_schema_find(ctx->new_schema, old_decl->qualified_name)))
            continue;
        const pc_decl *target = pc_map_get(&new_only, old_decl->name, none);
        if (target && pc_map_get(&moved_to, pc_str_from_cstr(target->qualified_name), none))
            target = NULL; /* another type already moved there */
        compat_site site;
        memset(&site, 0, sizeof site);
        site.direction = PC_DIR_BOTH;
        site.element = old_decl->qualified_name;
        site.display = compat_decl_name(ctx, old_decl);
        site.type_rule = PC_COMPAT_RULE_COUNT;
        site.old_loc = old_decl->loc;
        if (target) {
            pc_map_put(&moved_to, pc_str_from_cstr(target->qualified_name), none, (void *)target);
            site.new_loc = site.anchor_loc = target->loc;
            compat_change change = {
                PC_COMPAT_TYPE_MOVED, VERDICT_SAFE, VERDICT_SAFE, NULL, NULL, NULL, false};
            compat_report(ctx, &site, &change, "%s moved from package %s to %s (now %s)",
                          site.display, package_of(ctx, old_decl), package_of(ctx, target),
                          target->qualified_name);
        } else {
            compat_change change = {
                PC_COMPAT_TYPE_REMOVED,   VERDICT_SAFE, VERDICT_SAFE, NULL, NULL, NULL,
                old_decl->meta.deprecated};
            compat_report(ctx, &site, &change, "%s %s was removed",
                          pc_decl_kind_name(old_decl->kind), site.display);
        }
    }
    for (uint32_t i = 0; i < ctx->new_schema->decl_count && !ctx->out_of_memory; i++) {
        const pc_decl *new_decl = ctx->new_schema->decls[i];
        if (!is_type(new_decl) ||
            is_type(pc_schema_find(ctx->old_schema, new_decl->qualified_name)) ||
            pc_map_get(&moved_to, pc_str_from_cstr(new_decl->qualified_name), none))
            continue;
        compat_site site;
        memset(&site, 0, sizeof site);
        site.direction = PC_DIR_BOTH;
        site.element = new_decl->qualified_name;
        site.display = compat_decl_name(ctx, new_decl);
        site.type_rule = PC_COMPAT_RULE_COUNT;
        site.new_loc = site.anchor_loc = new_decl->loc;
        compat_change change = {
            PC_COMPAT_TYPE_ADDED, VERDICT_SAFE, VERDICT_SAFE, NULL, NULL, NULL, false};
        compat_report(ctx, &site, &change, "%s %s was added", pc_decl_kind_name(new_decl->kind),
                      site.display);
    }
}

pc_compat_report *pc_compat_compare(const pc_schema *old_schema, const pc_schema *new_schema,
                                    const pc_compat_options *options)
{
    pl_arena *arena = pl_arena_new();
    if (!arena)
        return NULL;
    pc_compat_report *report = pl_arena_alloc(arena, sizeof *report);
    compat_context *ctx = pl_arena_alloc(arena, sizeof *ctx);
    if (!report || !ctx) {
        pl_arena_free(arena);
        return NULL;
    }
    report->arena = arena;
    ctx->arena = arena;
    ctx->old_schema = old_schema;
    ctx->new_schema = new_schema;
    if (options)
        ctx->options = *options;
    pc_map_init(&ctx->pending_by_key, arena);

    compare_routes(ctx);
    drain_queue(ctx);
    compare_unreached(ctx);
    drain_queue(ctx);
    compare_type_sets(ctx);
    if (ctx->out_of_memory || !compat_finish(ctx, report)) {
        pl_arena_free(arena);
        return NULL;
    }
    return report;
}

void pc_compat_report_free(pc_compat_report *report)
{
    if (report)
        pl_arena_free(report->arena);
}
