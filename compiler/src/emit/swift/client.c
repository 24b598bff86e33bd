/* One client struct per service: an async method per route that validates its arguments, fills
 * the path template and the query, sends the body through an injectable PayloadTransport, and
 * decodes the response, with the route's declared errors as typed throws. */
#include <stdio.h>
#include <string.h>

#include "swift.h"

typedef struct route_names {
    const char *method;
    const char *error; /* the typed-throws enum, NULL when the route throws nothing */
    const char *wrap;  /* turns a PayloadClientError into the thrown type */
} route_names;

static const pc_type *scalar_shape(sw_ctx *ctx, const pc_type *type)
{
    return sw_unalias(ctx, type, true);
}

static bool is_float(sw_ctx *ctx, const pc_type *type)
{
    const pc_type *shape = scalar_shape(ctx, type);
    return shape->kind == PC_TYPE_PRIMITIVE && shape->as.primitive == PC_PRIM_FLOAT64;
}

/* A scalar as text for a path segment or a query value. */
static void scalar_text(sw_ctx *ctx, pc_writer *w, const pc_type *type, const char *expr,
                        pc_str name, const route_names *names)
{
    const pc_type *shape = scalar_shape(ctx, type);
    if (shape->kind == PC_TYPE_NAMED) {
        sw_cat(w, expr, ".rawValue");
        return;
    }
    switch (shape->kind == PC_TYPE_PRIMITIVE ? shape->as.primitive : PC_PRIM_STRING) {
    case PC_PRIM_BOOL:
    case PC_PRIM_INT32:
    case PC_PRIM_INT64:
        sw_cat(w, "String(", expr, ")");
        return;
    case PC_PRIM_FLOAT64:
        sw_cat(w, "PayloadSupport.number(", expr, ", ");
        sw_string_literal(w, name.ptr, name.len);
        sw_cat(w, ", ", names->wrap, ")");
        return;
    case PC_PRIM_UUID:
        sw_cat(w, expr, ".uuidString.lowercased()");
        return;
    case PC_PRIM_DATE:
    case PC_PRIM_DATETIME:
    case PC_PRIM_DECIMAL:
        sw_cat(w, expr, ".description");
        return;
    default:
        sw_put(w, expr);
        return;
    }
}

static bool param_nullable_optional(sw_ctx *ctx, const pc_field *param)
{
    return param->optional && sw_is_nullable(ctx, param->type);
}

static void param_type(sw_ctx *ctx, pc_writer *w, const pc_field *param)
{
    if (param_nullable_optional(ctx, param)) {
        sw_put(w, "PayloadTristate<");
        sw_type_nonnull(ctx, w, param->type);
        sw_put(w, "> = .absent");
    } else if (param->optional) {
        sw_type(ctx, w, param->type);
        sw_put(w, "? = nil");
    } else {
        sw_type(ctx, w, param->type);
        if (param->default_value) {
            sw_put(w, " = ");
            sw_default(ctx, w, param->type, param->default_value);
        }
    }
}

static void route_doc(sw_ctx *ctx, pc_writer *w, const pc_route *route)
{
    sw_doc(w, &route->meta);
    if (route->meta.doc)
        SW_LINE(w, SW_SV("///"));
    sw_put(w, "/// `");
    sw_put(w, pc_method_name(route->method));
    sw_put(w, " ");
    pc_write_str(w, route->path);
    SW_LINE(w, SW_SV("`"));
    bool any = false;
    for (uint32_t i = 0; i < route->param_count; i++)
        any = any || route->params[i]->meta.doc || route->params[i]->meta.deprecated;
    if (!any)
        return;
    SW_LINE(w, SW_SV("///"));
    SW_LINE(w, SW_SV("/// - Parameters:"));
    for (uint32_t i = 0; i < route->param_count; i++) {
        const pc_field *param = route->params[i];
        if (!param->meta.doc && !param->meta.deprecated)
            continue;
        pc_write(w, "///   - %s:", sw_member_plain(ctx, param->name, SW_PARAM));
        if (param->meta.deprecated) {
            sw_put(w, " Deprecated");
            if (param->meta.deprecated_reason.len) {
                sw_put(w, ": ");
                pc_write_str(w, param->meta.deprecated_reason);
            }
            sw_put(w, ".");
        }
        /* Continuation lines of a parameter's doc are indented under it. */
        const char *doc = param->meta.doc;
        while (doc) {
            const char *end = strchr(doc, '\n');
            size_t length = end ? (size_t)(end - doc) : strlen(doc);
            if (length)
                pc_write(w, " %.*s", (int)length, doc);
            pc_newline(w);
            doc = end ? end + 1 : NULL;
            if (doc)
                sw_put(w, "///    ");
        }
        if (!param->meta.doc)
            pc_newline(w);
    }
}

static void append_query(sw_ctx *ctx, pc_writer *w, const pc_field *param, const pc_type *type,
                         const char *expr, const route_names *names)
{
    if (is_float(ctx, type))
        sw_put(w, "try ");
    sw_put(w, "request.query.append(PayloadQueryItem(");
    sw_string_literal(w, param->name.ptr, param->name.len);
    sw_put(w, ", ");
    scalar_text(ctx, w, type, expr, param->name, names);
    SW_LINE(w, SW_SV("))"));
}

static void query_param(sw_ctx *ctx, pc_writer *w, const pc_field *param, const char *name,
                        const route_names *names)
{
    const pc_type *shape = sw_unalias(ctx, param->type, false);
    bool list = shape->kind == PC_TYPE_LIST;
    const char *value = name;
    if (param->optional) {
        pc_open(w, "if let value = %s {", name);
        value = "value";
    }
    if (list) {
        pc_open(w, "for item in %s {", value);
        append_query(ctx, w, param, shape->as.element, "item", names);
        sw_close(w, "}");
    } else {
        append_query(ctx, w, param, param->type, value, names);
    }
    if (param->optional)
        sw_close(w, "}");
}

static void body_param(sw_ctx *ctx, pc_writer *w, const pc_field *param, const char *name,
                       const route_names *names)
{
    bool wire = sw_needs_wire(ctx, param->type);
    if (param_nullable_optional(ctx, param)) {
        pc_open(w, "switch %s {", name);
        pc_dedent(w); /* cases sit at the switch's indentation */
        SW_LINE(w, SW_SV("case .absent: break"));
        SW_LINE(w, SW_SV("case .null: request.body = Data(\"null\".utf8)"));
        SW_LINE(w, SW_SV("case .value(let value):"));
        pc_indent(w);
        sw_put(w, "request.body = try PayloadSupport.body(");
        if (wire)
            sw_to_wire(ctx, w, param->type, "value", true);
        else
            sw_put(w, "value");
        sw_catln(w, ", ", names->wrap, ")");
        pc_dedent(w);
        pc_indent(w);
        sw_close(w, "}");
        return;
    }
    if (param->optional) {
        pc_open(w, "if let value = %s {", name);
        sw_put(w, "request.body = try PayloadSupport.body(");
        if (wire)
            sw_to_wire(ctx, w, param->type, "value", true);
        else
            sw_put(w, "value");
        sw_catln(w, ", ", names->wrap, ")");
        sw_close(w, "}");
        return;
    }
    sw_put(w, "request.body = try PayloadSupport.body(");
    if (wire)
        sw_to_wire(ctx, w, param->type, name, false);
    else
        sw_put(w, name);
    sw_catln(w, ", ", names->wrap, ")");
}

static const char *thrown_case(sw_ctx *ctx, const pc_route *route, uint32_t index)
{
    const pc_type *type = route->throws[index];
    const pc_decl *decl = type->kind == PC_TYPE_NAMED ? type->as.decl : NULL;
    if (!decl)
        return "error";
    const char *name = sw_member_plain(ctx, decl->name, SW_PARAM);
    bool clash = strcmp(name, "failure") == 0;
    for (uint32_t i = 0; i < route->throw_count && !clash; i++) {
        const pc_type *other = route->throws[i];
        if (i != index && other->kind == PC_TYPE_NAMED &&
            strcmp(sw_member_plain(ctx, other->as.decl->name, SW_PARAM), name) == 0)
            clash = true;
    }
    if (!clash)
        return name;
    /* Two errors of one name from different packages, or one called "failure". */
    const pc_decl *target = sw_unalias(ctx, type, false)->as.decl;
    char buffer[256];
    int length = snprintf(buffer, sizeof buffer, "%s%d", name,
                          target->kind == PC_DECL_STRUCT ? target->as.struct_.status : 0);
    return pl_arena_strdup(ctx->arena, buffer, (size_t)length);
}

static void route_method(sw_ctx *ctx, pc_writer *w, uint32_t route_index, const pc_route *route)
{
    route_names names;
    names.method = sw_member(ctx, route->name, SW_ROUTE);
    names.error = NULL;
    names.wrap = "{ $0 }";
    if (route->throw_count) {
        names.error = sw_concat(ctx, sw_upper(ctx, route->name), "Error", "");
        names.wrap = sw_concat(ctx, names.error, ".failure", "");
    }

    /* Patterns of the parameters, compiled once. */
    for (uint32_t i = 0; i < route->param_count; i++) {
        const pc_value *pattern = route->params[i]->constraints.pattern;
        if (!pattern)
            continue;
        pc_blank(w);
        pc_write(w, "private static let patternR%uP%u = PayloadPattern(", route_index, i);
        sw_string_literal(w, pattern->as.string.ptr, pattern->as.string.len);
        SW_LINE(w, SW_SV(")"));
    }

    pc_blank(w);
    route_doc(ctx, w, route);
    sw_deprecation(w, &route->meta);
    sw_cat(w, "public func ", names.method, "(");
    const char **param_names =
        pl_arena_alloc(ctx->arena, (route->param_count + 1) * sizeof(char *));
    if (!param_names) {
        ctx->failed = true;
        return;
    }
    bool multiline = route->param_count > 3;
    if (multiline) {
        pc_newline(w);
        pc_indent(w);
    }
    for (uint32_t i = 0; i < route->param_count; i++) {
        const pc_field *param = route->params[i];
        const char *label = sw_member(ctx, param->name, SW_PARAM);
        param_names[i] = label;
        /* The method's own locals keep their names; a parameter called like one of them gets
         * another name inside the method (the label stays). */
        static const char *const locals[] = {"violations", "request", "response", "value", "item"};
        for (size_t k = 0; k < sizeof locals / sizeof locals[0]; k++) {
            if (strcmp(label, locals[k]) == 0) {
                char internal[32];
                snprintf(internal, sizeof internal, "%s_", label);
                param_names[i] = pl_arena_strdup(ctx->arena, internal, strlen(internal));
                sw_cat(w, label, " ");
            }
        }
        sw_cat(w, param_names[i], ": ");
        param_type(ctx, w, param);
        if (i + 1 < route->param_count)
            sw_put(w, multiline ? "," : ", ");
        if (multiline)
            pc_newline(w);
    }
    if (multiline)
        pc_dedent(w);
    sw_cat(w, ") async throws(", names.error ? names.error : "PayloadClientError", ")");
    if (route->response) {
        sw_put(w, " -> ");
        sw_type(ctx, w, route->response);
    }
    SW_OPEN(w, SW_SV(" {"));

    /* Clients validate before they send (codegen.md, principle 1). */
    bool checks = false;
    for (uint32_t i = 0; i < route->param_count; i++)
        checks =
            checks || sw_type_checks(ctx, route->params[i]->type, &route->params[i]->constraints);
    if (checks) {
        SW_LINE(w, SW_SV("var violations: [PayloadError] = []"));
        ctx->temp = 0;
        for (uint32_t i = 0; i < route->param_count; i++) {
            const pc_field *param = route->params[i];
            if (!sw_type_checks(ctx, param->type, &param->constraints))
                continue;
            bool body = route->param_roles[i] == PC_PARAM_BODY;
            const char *path = "\"\"";
            if (!body) {
                const char *name = pl_arena_strdup(ctx->arena, param->name.ptr, param->name.len);
                path = sw_concat(ctx, "\"/", name ? name : "", "\"");
            }
            char pattern[64] = "";
            if (param->constraints.pattern)
                snprintf(pattern, sizeof pattern, "Self.patternR%uP%u", route_index, i);
            const char *expr = param_nullable_optional(ctx, param)
                                   ? sw_concat(ctx, param_names[i], ".unwrapped", "")
                                   : param_names[i];
            sw_checks(ctx, w, param->type, &param->constraints, expr, param->optional, path,
                      param->constraints.pattern ? pattern : NULL);
        }
        sw_catln(w, "try PayloadSupport.check(violations, ", names.wrap, ")");
    }

    /* The path: literal segments and percent-encoded parameters. */
    bool mutated = false, float_path = false;
    for (uint32_t i = 0; i < route->param_count; i++) {
        if (route->param_roles[i] != PC_PARAM_PATH)
            mutated = true;
        else if (is_float(ctx, route->params[i]->type))
            float_path = true;
    }
    pc_write(w, "%s request = %sPayloadHTTPRequest(method: \"%s\", path: ", mutated ? "var" : "let",
             float_path ? "try " : "", pc_method_name(route->method));
    if (route->segment_count == 0)
        sw_put(w, "\"/\"");
    bool in_literal = false;
    for (uint32_t s = 0; s < route->segment_count; s++) {
        const pc_segment *segment = &route->segments[s];
        if (!in_literal) {
            sw_put(w, s ? " + \"" : "\"");
            in_literal = true;
        }
        sw_put(w, "/");
        if (!segment->is_param) {
            pc_write_str(w, segment->text);
            continue;
        }
        sw_put(w, "\" + PayloadURL.encode(");
        uint32_t p = 0;
        while (p < route->param_count && route->params[p] != segment->param)
            p++;
        if (p < route->param_count)
            scalar_text(ctx, w, route->params[p]->type, param_names[p], route->params[p]->name,
                        &names);
        sw_put(w, ")");
        in_literal = false;
    }
    if (in_literal)
        sw_put(w, "\"");
    SW_LINE(w, SW_SV(")"));

    for (uint32_t i = 0; i < route->param_count; i++) {
        if (route->param_roles[i] == PC_PARAM_QUERY)
            query_param(ctx, w, route->params[i], param_names[i], &names);
    }
    for (uint32_t i = 0; i < route->param_count; i++) {
        if (route->param_roles[i] == PC_PARAM_BODY)
            body_param(ctx, w, route->params[i], param_names[i], &names);
    }

    sw_catln(w, "let response = try await PayloadSupport.send(request, over: self.transport, ",
             names.wrap, ")");
    SW_OPEN(w, SW_SV("switch response.status {"));
    pc_dedent(w); /* cases sit at the switch's indentation */
    if (route->response) {
        SW_LINE(w, SW_SV("case 200:"));
        pc_indent(w);
        pc_writer call;
        pc_writer_init(&call, "");
        sw_put(&call, "try PayloadSupport.decode(");
        if (sw_needs_wire(ctx, route->response))
            sw_wire_type(ctx, &call, route->response, false);
        else
            sw_type(ctx, &call, route->response);
        pc_write(&call, ".self, response, %s)", names.wrap);
        pl_buf_append_char(&call.buf, '\0');
        sw_put(w, "return ");
        sw_from_wire(ctx, w, route->response, call.buf.data, false);
        pc_newline(w);
        pc_writer_free(&call);
        pc_dedent(w);
    } else {
        SW_LINE(w, SW_SV("case 200..<300:"));
        pc_indent(w);
        SW_LINE(w, SW_SV("return"));
        pc_dedent(w);
    }
    for (uint32_t i = 0; i < route->throw_count; i++) {
        const pc_type *thrown = route->throws[i];
        const pc_decl *target = sw_unalias(ctx, thrown, false)->as.decl;
        pc_line(w, "case %d:", target->as.struct_.status);
        pc_indent(w);
        sw_cat(w, "throw .", thrown_case(ctx, route, i), "(try PayloadSupport.decode(");
        sw_type(ctx, w, thrown);
        sw_catln(w, ".self, response, ", names.wrap, "))");
        pc_dedent(w);
    }
    SW_LINE(w, SW_SV("default:"));
    pc_indent(w);
    if (names.error)
        SW_LINE(w,
                SW_SV("throw .failure(.unexpectedStatus(response.status, body: response.body))"));
    else
        SW_LINE(w, SW_SV("throw .unexpectedStatus(response.status, body: response.body)"));
    pc_dedent(w);
    pc_indent(w);
    sw_close(w, "}");
    sw_close(w, "}");

    if (names.error) {
        pc_blank(w);
        pc_line(w, "/// What `%s` throws: the route's declared errors, or a failure.",
                sw_member_plain(ctx, route->name, SW_ROUTE));
        sw_open(w, "public enum ", names.error, ": Error, Sendable {");
        for (uint32_t i = 0; i < route->throw_count; i++) {
            const pc_type *thrown = route->throws[i];
            const pc_decl *target = sw_unalias(ctx, thrown, false)->as.decl;
            pc_line(w, "/// HTTP %d.", target->as.struct_.status);
            sw_cat(w, "case ", thrown_case(ctx, route, i), "(");
            sw_type(ctx, w, thrown);
            SW_LINE(w, SW_SV(")"));
        }
        pc_line(w, "/// No declared outcome: the request was invalid, the transport failed, the "
                   "status");
        SW_LINE(w, SW_SV("/// was not declared, or a body did not decode."));
        SW_LINE(w, SW_SV("case failure(PayloadClientError)"));
        sw_close(w, "}");
    }
}

void sw_client(sw_ctx *ctx, pc_writer *w, const pc_decl *service)
{
    const sw_decl *info = &ctx->decls[service->index];
    sw_doc(w, &service->meta);
    if (service->meta.doc)
        SW_LINE(w, SW_SV("///"));
    pc_line(w, "/// The client of service `%s`.", service->qualified_name);
    sw_deprecation(w, &service->meta);
    pc_open(w, "public struct %s: Sendable {", info->name);
    SW_LINE(w, SW_SV("/// Where requests go: URLSession in apps, anything in tests."));
    SW_LINE(w, SW_SV("public var transport: any PayloadTransport"));
    pc_blank(w);
    SW_OPEN(w, SW_SV("public init(transport: any PayloadTransport) {"));
    SW_LINE(w, SW_SV("self.transport = transport"));
    sw_close(w, "}");
    pc_blank(w);
    SW_LINE(w, SW_SV("/// A client of the service at `baseURL`, over URLSession."));
    SW_OPEN(w, SW_SV("public init(baseURL: URL, session: URLSession = .shared) {"));
    SW_LINE(
        w,
        SW_SV("self.transport = PayloadURLSessionTransport(baseURL: baseURL, session: session)"));
    sw_close(w, "}");
    for (uint32_t i = 0; i < service->as.service.route_count; i++)
        route_method(ctx, w, i, service->as.service.routes[i]);
    sw_close(w, "}");
}
