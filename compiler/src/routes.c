/* Services and routes (language.md §8). */
#include <string.h>

#include "resolve.h"

static const struct {
    const char *name;
    pc_method method;
} methods[] = {{"GET", PC_METHOD_GET},
               {"POST", PC_METHOD_POST},
               {"PUT", PC_METHOD_PUT},
               {"PATCH", PC_METHOD_PATCH},
               {"DELETE", PC_METHOD_DELETE}};

static bool equal_ignoring_case(pc_str text, const char *upper)
{
    if (text.len != strlen(upper))
        return false;
    for (uint32_t i = 0; i < text.len; i++) {
        char c = text.ptr[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c != upper[i])
            return false;
    }
    return true;
}

static void check_method(pc_schema *schema, pc_route *route)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if (pc_str_eq_cstr(route->method_text, methods[i].name)) {
            route->method = methods[i].method;
            return;
        }
    }
    const char *suggestion = NULL;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if (equal_ignoring_case(route->method_text, methods[i].name))
            suggestion = methods[i].name;
    }
    if (suggestion)
        pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_METHOD, route->method_loc,
                       "unknown HTTP method '%.*s'; did you mean '%s'?",
                       (int)route->method_text.len, route->method_text.ptr, suggestion);
    else
        pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_METHOD, route->method_loc,
                       "unknown HTTP method '%.*s'; use GET, POST, PUT, PATCH or DELETE",
                       (int)route->method_text.len, route->method_text.ptr);
}

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Characters RFC 3986 allows in a path segment, besides percent-escapes. */
static bool is_segment_char(char c)
{
    return is_ident_char(c) || strchr("-.~!$&'()*+,;=:@%", c) != NULL;
}

static bool path_error(pc_schema *schema, const pc_route *route, const char *message)
{
    pc_diag_report(&schema->diags, PC_DIAG_PATH_SYNTAX, route->path_loc, "route path '%.*s': %s",
                   (int)route->path.len, route->path.ptr, message);
    return false;
}

/* Splits "/teams/{team}/events" into segments; builds the shape "/teams/{}/events". */
static bool parse_path(pc_schema *schema, pc_route *route)
{
    pc_str path = route->path;
    if (path.len == 0 || path.ptr[0] != '/')
        return path_error(schema, route, "a path starts with '/'");
    if (path.len > 1 && path.ptr[path.len - 1] == '/')
        return path_error(schema, route, "a path does not end with '/'");
    uint32_t count = 0;
    for (uint32_t i = 1; i < path.len; i++)
        count += path.ptr[i] == '/';
    count += path.len > 1;
    route->segments = pl_arena_alloc(schema->arena, (count + 1) * sizeof *route->segments);
    char *shape = pl_arena_alloc(schema->arena, path.len + 1);
    if (!route->segments || !shape)
        return false;
    size_t shape_length = 0;
    uint32_t at = 1;
    route->segment_count = 0;
    if (path.len == 1)
        shape[shape_length++] = '/';
    while (at < path.len) {
        uint32_t end = at;
        while (end < path.len && path.ptr[end] != '/')
            end++;
        pc_str text = {path.ptr + at, end - at};
        if (text.len == 0)
            return path_error(schema, route, "empty segment ('//')");
        pc_segment *segment = &route->segments[route->segment_count++];
        shape[shape_length++] = '/';
        if (text.ptr[0] == '{') {
            if (text.len < 3 || text.ptr[text.len - 1] != '}' || !is_ident_start(text.ptr[1]))
                return path_error(schema, route,
                                  "a parameter segment is '{name}', the whole segment");
            for (uint32_t i = 2; i + 1 < text.len; i++) {
                if (!is_ident_char(text.ptr[i]))
                    return path_error(schema, route, "a parameter name is an identifier");
            }
            segment->is_param = true;
            segment->text.ptr = text.ptr + 1;
            segment->text.len = text.len - 2;
            for (uint32_t i = 0; i + 1 < route->segment_count; i++) {
                if (route->segments[i].is_param && pc_str_eq(route->segments[i].text, segment->text))
                    return path_error(schema, route, "a parameter appears twice");
            }
            memcpy(shape + shape_length, "{}", 2);
            shape_length += 2;
        } else {
            for (uint32_t i = 0; i < text.len; i++) {
                if (text.ptr[i] == '%' &&
                    !(i + 2 < text.len && is_hex(text.ptr[i + 1]) && is_hex(text.ptr[i + 2])))
                    return path_error(schema, route, "'%' starts a percent-escape like %20");
                if (!is_segment_char(text.ptr[i]))
                    return path_error(schema, route,
                                      "only letters, digits and -._~!$&'()*+,;=:@% may stand "
                                      "in a literal segment; '{' opens a whole-segment parameter");
            }
            segment->text = text;
            memcpy(shape + shape_length, text.ptr, text.len);
            shape_length += text.len;
        }
        at = end + 1;
    }
    shape[shape_length] = '\0';
    route->shape = shape;
    return true;
}

static const pc_segment *find_segment(const pc_route *route, pc_str name)
{
    for (uint32_t i = 0; i < route->segment_count; i++) {
        if (route->segments[i].is_param && pc_str_eq(route->segments[i].text, name))
            return &route->segments[i];
    }
    return NULL;
}

static bool is_scalar_or_scalar_list(const pc_type *type)
{
    if (pc_type_is_scalar(type))
        return true;
    const pc_type *shape = pc_type_unalias(type, false);
    return shape && shape->kind == PC_TYPE_LIST && !pc_type_is_nullable(shape->as.element) &&
           pc_type_is_scalar(shape->as.element);
}

static bool is_resolved(const pc_type *type)
{
    const pc_type *shape = pc_type_unalias(type, true);
    return shape && shape->kind != PC_TYPE_UNRESOLVED;
}

/* names and camels are scratch maps reused for every route. */
static void check_params(pc_schema *schema, pc_route *route, pc_map *names, pc_map *camels)
{
    pc_map_reset(names);
    pc_map_reset(camels);
    for (uint32_t p = 0; p < route->param_count; p++) {
        pc_field *param = route->params[p];
        pc_str none = {"", 0};
        const pc_field *first = pc_map_put(names, param->name, none, param);
        if (first) {
            pc_diag *diag = pc_diag_report(&schema->diags, PC_DIAG_DUPLICATE_PARAMETER,
                                           param->loc, "duplicate parameter '%.*s'",
                                           (int)param->name.len, param->name.ptr);
            pc_diag_add_note(&schema->diags, diag, first->loc, "the first '%.*s' is here",
                             (int)param->name.len, param->name.ptr);
            continue;
        }
        pc_str camel = pc_camel_key(schema->arena, param->name, false);
        first = pc_map_put(camels, camel, none, param);
        if (first) {
            pc_diag *diag = pc_diag_report(
                &schema->diags, PC_DIAG_NAME_COLLISION, param->loc,
                "parameter '%.*s' becomes '%.*s' in generated code, like '%.*s'",
                (int)param->name.len, param->name.ptr, (int)camel.len, camel.ptr,
                (int)first->name.len, first->name.ptr);
            pc_diag_add_note(&schema->diags, diag, first->loc, "'%.*s' is here",
                             (int)first->name.len, first->name.ptr);
        }
        bool resolved = is_resolved(param->type);
        if (find_segment(route, param->name)) {
            route->param_roles[p] = PC_PARAM_PATH;
            if (param->optional || param->default_value)
                pc_diag_report(&schema->diags, PC_DIAG_PATH_PARAM_NOT_REQUIRED, param->loc,
                               "path parameter '%.*s' is always present; it cannot be optional "
                               "or have a default",
                               (int)param->name.len, param->name.ptr);
            else if (resolved && (!pc_type_is_scalar(param->type) ||
                                  pc_type_is_nullable(param->type)))
                pc_diag_report(&schema->diags, PC_DIAG_PATH_PARAM_NOT_SCALAR, param->type->loc,
                               "path parameter '%.*s' must be a scalar (not nullable, a list, "
                               "a map, a struct, bytes or json)",
                               (int)param->name.len, param->name.ptr);
        } else if (pc_str_eq_cstr(param->name, "body")) {
            route->param_roles[p] = PC_PARAM_BODY;
            route->body = param;
            if (route->method != PC_METHOD_UNKNOWN && route->method != PC_METHOD_POST &&
                route->method != PC_METHOD_PUT && route->method != PC_METHOD_PATCH)
                pc_diag_report(&schema->diags, PC_DIAG_BODY_NOT_ALLOWED, param->loc,
                               "%s requests have no body; a 'body' parameter needs POST, PUT "
                               "or PATCH",
                               pc_method_name(route->method));
        } else {
            route->param_roles[p] = PC_PARAM_QUERY;
            if (resolved && (!is_scalar_or_scalar_list(param->type) ||
                             pc_type_is_nullable(param->type)))
                pc_diag_report(&schema->diags, PC_DIAG_QUERY_PARAM_TYPE, param->type->loc,
                               "query parameter '%.*s' must be a scalar or a list of scalars%s",
                               (int)param->name.len, param->name.ptr,
                               pc_type_is_nullable(param->type)
                                   ? "; a query string has no null, make it optional with '?'"
                                   : "");
        }
    }
    for (uint32_t s = 0; s < route->segment_count; s++) {
        const pc_segment *segment = &route->segments[s];
        if (!segment->is_param)
            continue;
        const pc_field *param = pc_map_get(names, segment->text, (pc_str){"", 0});
        if (param) {
            route->segments[s].param = param;
            continue;
        }
        pc_loc loc = route->path_loc;
        /* Point at "{name}" inside the literal when the literal has no escapes. */
        if (route->path_loc.length == route->path.len + 2) {
            uint32_t offset = (uint32_t)(segment->text.ptr - route->path.ptr) - 1;
            loc.offset += 1 + offset;
            loc.column += 1 + offset;
            loc.length = segment->text.len + 2;
        }
        pc_diag_report(&schema->diags, PC_DIAG_PATH_PARAM_UNDECLARED, loc,
                       "path parameter '{%.*s}' is not declared; add '%.*s: <type>' to the "
                       "route's parameters",
                       (int)segment->text.len, segment->text.ptr, (int)segment->text.len,
                       segment->text.ptr);
    }
}

static bool has_status_annotation(const pc_decl *decl)
{
    for (uint32_t i = 0; i < decl->meta.annotation_count; i++) {
        if (pc_str_eq_cstr(decl->meta.annotations[i]->name, "status"))
            return true;
    }
    return false;
}

static void check_throws(pc_schema *schema, pc_route *route)
{
    for (uint32_t t = 0; t < route->throw_count; t++) {
        const pc_type *written = route->throws[t];
        const pc_type *type = pc_type_unalias(written, false);
        if (!type || type->kind == PC_TYPE_UNRESOLVED)
            continue;
        if (type->kind != PC_TYPE_NAMED || type->as.decl->kind != PC_DECL_STRUCT) {
            pc_diag_report(&schema->diags, PC_DIAG_THROWS_NOT_STRUCT, written->loc,
                           "'%.*s' is not a struct; a route throws error structs",
                           (int)written->written.text.len, written->written.text.ptr);
            continue;
        }
        const pc_decl *error = type->as.decl;
        bool duplicate = false;
        for (uint32_t e = 0; e < t && !duplicate; e++) {
            const pc_type *earlier = pc_type_unalias(route->throws[e], false);
            if (earlier && earlier->kind == PC_TYPE_NAMED && earlier->as.decl == error) {
                pc_diag *diag = pc_diag_report(&schema->diags, PC_DIAG_DUPLICATE_THROWS,
                                               written->loc, "'%.*s' is listed twice",
                                               (int)error->name.len, error->name.ptr);
                pc_diag_add_note(&schema->diags, diag, route->throws[e]->loc, "first listed here");
                duplicate = true;
            }
        }
        if (duplicate)
            continue;
        if (!error->as.struct_.status) {
            if (has_status_annotation(error))
                continue; /* an invalid @status, reported where it stands */
            pc_diag *diag = pc_diag_report(&schema->diags, PC_DIAG_ERROR_WITHOUT_STATUS,
                                           written->loc,
                                           "'%.*s' has no @status, so its HTTP status is "
                                           "unknown",
                                           (int)error->name.len, error->name.ptr);
            pc_diag_add_note(&schema->diags, diag, error->loc,
                             "add @status(4xx or 5xx) to this struct");
            continue;
        }
        for (uint32_t e = 0; e < t; e++) {
            const pc_type *earlier = pc_type_unalias(route->throws[e], false);
            if (earlier && earlier->kind == PC_TYPE_NAMED &&
                earlier->as.decl->kind == PC_DECL_STRUCT &&
                earlier->as.decl != error &&
                earlier->as.decl->as.struct_.status == error->as.struct_.status) {
                pc_diag *diag = pc_diag_report(
                    &schema->diags, PC_DIAG_DUPLICATE_STATUS, written->loc,
                    "'%.*s' and '%.*s' both have status %d; a client could not tell them apart",
                    (int)error->name.len, error->name.ptr, (int)earlier->as.decl->name.len,
                    earlier->as.decl->name.ptr, error->as.struct_.status);
                pc_diag_add_note(&schema->diags, diag, route->throws[e]->loc, "the other one");
                break;
            }
        }
    }
}

void pc_check_services(pc_schema *schema)
{
    pc_map routes_by_shape, param_names, param_camels;
    pc_map_init(&routes_by_shape, schema->arena);
    pc_map_init(&param_names, schema->arena);
    pc_map_init(&param_camels, schema->arena);
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        pc_decl *service = schema->decls[i];
        if (service->kind != PC_DECL_SERVICE)
            continue;
        pc_map names, camels;
        pc_map_init(&names, schema->arena);
        pc_map_init(&camels, schema->arena);
        for (uint32_t r = 0; r < service->as.service.route_count; r++) {
            pc_route *route = service->as.service.routes[r];
            pc_str none = {"", 0};
            const pc_route *first = pc_map_put(&names, route->name, none, route);
            if (first) {
                pc_diag *diag = pc_diag_report(&schema->diags, PC_DIAG_DUPLICATE_ROUTE_NAME,
                                               route->loc,
                                               "service '%.*s' already has a route '%.*s'",
                                               (int)service->name.len, service->name.ptr,
                                               (int)route->name.len, route->name.ptr);
                pc_diag_add_note(&schema->diags, diag, first->loc, "the first '%.*s' is here",
                                 (int)route->name.len, route->name.ptr);
            } else {
                pc_str camel = pc_camel_key(schema->arena, route->name, false);
                first = pc_map_put(&camels, camel, none, route);
                if (first) {
                    pc_diag *diag = pc_diag_report(
                        &schema->diags, PC_DIAG_NAME_COLLISION, route->loc,
                        "route '%.*s' becomes '%.*s' in generated code, like '%.*s'",
                        (int)route->name.len, route->name.ptr, (int)camel.len, camel.ptr,
                        (int)first->name.len, first->name.ptr);
                    pc_diag_add_note(&schema->diags, diag, first->loc, "'%.*s' is here",
                                     (int)first->name.len, first->name.ptr);
                }
            }
            check_method(schema, route);
            route->param_roles = pl_arena_alloc(schema->arena, (route->param_count + 1) *
                                                                   sizeof *route->param_roles);
            bool path_ok = parse_path(schema, route) && route->param_roles;
            if (path_ok)
                check_params(schema, route, &param_names, &param_camels);
            check_throws(schema, route);
            if (!path_ok || route->method == PC_METHOD_UNKNOWN)
                continue;
            pc_str method = pc_str_from_cstr(pc_method_name(route->method));
            pc_str shape = pc_str_from_cstr(route->shape);
            const pc_route *other = pc_map_put(&routes_by_shape, method, shape, route);
            if (other) {
                pc_diag *diag = pc_diag_report(
                    &schema->diags, PC_DIAG_DUPLICATE_ROUTE, route->path_loc,
                    "%s %s is already routed to '%.*s.%.*s' (parameter names do not tell paths "
                    "apart)",
                    method.ptr, route->shape, (int)other->service->name.len,
                    other->service->name.ptr, (int)other->name.len, other->name.ptr);
                pc_diag_add_note(&schema->diags, diag, other->path_loc, "the other route");
            }
        }
    }
}
