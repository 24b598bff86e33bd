/* Services: per route a request case class with its HTTP codec and a response ADT (the 200
 * or 204 answer and one case per thrown error), the route table, a server-side dispatch over
 * a Handler trait, and a client over an injected transport function (docs/scala.md).
 *
 * Everything lives in the service's object, which also holds names like GetEventRequest, so
 * schema types are always written by their full name there. */
#include <stdio.h>
#include <string.h>

#include "scala.h"

static const char *role_name(pc_param_role role)
{
    return role == PC_PARAM_PATH ? "path" : role == PC_PARAM_BODY ? "body" : "query";
}

static char *concat(sc_ctx *ctx, const char *a, const char *b)
{
    size_t a_length = strlen(a), b_length = strlen(b);
    char *out = sc_chars(ctx, a_length + b_length);
    if (!out)
        return "X_";
    memcpy(out, a, a_length);
    memcpy(out + a_length, b, b_length);
    return out;
}

/* The schema's spelling of a type, for the route table. */
static void type_text(pc_writer *w, const pc_type *type)
{
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        sc_w(w, pc_primitive_name(type->as.primitive));
        return;
    case PC_TYPE_LIST:
        sc_w(w, "list<");
        type_text(w, type->as.element);
        sc_w(w, ">");
        return;
    case PC_TYPE_MAP:
        sc_w(w, "map<string,");
        type_text(w, type->as.element);
        sc_w(w, ">");
        return;
    case PC_TYPE_NULLABLE:
        type_text(w, type->as.element);
        sc_w(w, "?");
        return;
    case PC_TYPE_NAMED:
        sc_w(w, type->as.decl->qualified_name);
        return;
    case PC_TYPE_UNRESOLVED:
        break;
    }
}

typedef struct route_names {
    const char *method;   /* getEvent */
    const char *request;  /* GetEventRequest */
    const char *response; /* GetEventResponse */
    const char **params;
    const char **errors; /* case names of thrown errors */
} route_names;

static bool is_list(const pc_type *type)
{
    return pc_type_unalias(type, true)->kind == PC_TYPE_LIST;
}

static void emit_request(sc_ctx *ctx, const pc_route *route, const route_names *names,
                         uint32_t shadowed)
{
    pc_writer *w = ctx->w;
    sc_write_doc(w, route->meta.doc, NULL);
    sc_w(w, "final case class ");
    sc_w(w, names->request);
    sc_w(w, "(");
    for (uint32_t i = 0; i < route->param_count; i++) {
        if (i)
            sc_w(w, ", ");
        sc_param(ctx, shadowed, route->params[i], names->params[i], true);
    }
    sc_w(w, ")");
    sc_nl(w);
    pc_blank(w);

    sc_w(w, "object ");
    sc_w(w, names->request);
    sc_w(w, " extends ");
    sc_rt(ctx);
    sc_w(w, "RequestCodec[");
    sc_w(w, names->request);
    sc_w(w, "] {");
    sc_nl(w);
    pc_indent(w);

    /* toHttp */
    sc_w(w, "def toHttp(r: ");
    sc_w(w, names->request);
    sc_w(w, "): ");
    sc_rt(ctx);
    sc_w(w, "HttpRequest = ");
    sc_rt(ctx);
    sc_w(w, "HttpRequest(\"");
    sc_w(w, pc_method_name(route->method));
    sc_w(w, "\", ");
    bool any_path = false;
    for (uint32_t i = 0; i < route->param_count; i++)
        any_path = any_path || route->param_roles[i] == PC_PARAM_PATH;
    if (any_path) {
        sc_rt(ctx);
        sc_w(w, "Http.fill(");
        sc_write_string(w, route->path.ptr, route->path.len);
        sc_w(w, ", ");
        sc_std_write(ctx, shadowed, SC_MAP);
        sc_w(w, "(");
        bool first = true;
        for (uint32_t i = 0; i < route->param_count; i++) {
            if (route->param_roles[i] != PC_PARAM_PATH)
                continue;
            sc_w(w, first ? "" : ", ");
            first = false;
            sc_write_string(w, route->params[i]->name.ptr, route->params[i]->name.len);
            sc_w(w, " -> ");
            sc_codec(ctx, route->params[i]->type, true);
            sc_w(w, ".encodeText(r.");
            sc_w(w, names->params[i]);
            sc_w(w, ")");
        }
        sc_w(w, "))");
    } else {
        sc_write_string(w, route->path.ptr, route->path.len);
    }
    sc_w(w, ", ");
    sc_std_write(ctx, shadowed, SC_VECTOR);
    sc_w(w, "[(");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, ", ");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, ")]()");
    for (uint32_t i = 0; i < route->param_count; i++) {
        if (route->param_roles[i] != PC_PARAM_QUERY)
            continue;
        const pc_field *param = route->params[i];
        const pc_type *type = pc_type_unalias(param->type, true);
        sc_w(w, " ++ ");
        if (is_list(param->type)) {
            sc_w(w, "r.");
            sc_w(w, names->params[i]);
            sc_w(w, param->optional ? ".toVector.flatten.map(x => " : ".map(x => ");
            sc_write_string(w, param->name.ptr, param->name.len);
            sc_w(w, " -> ");
            sc_codec(ctx, type->as.element, true);
            sc_w(w, ".encodeText(x))");
        } else {
            sc_w(w, param->optional ? "r." : "");
            if (param->optional) {
                sc_w(w, names->params[i]);
                sc_w(w, ".toVector");
            } else {
                sc_std_write(ctx, shadowed, SC_VECTOR);
                sc_w(w, "(r.");
                sc_w(w, names->params[i]);
                sc_w(w, ")");
            }
            sc_w(w, ".map(x => ");
            sc_write_string(w, param->name.ptr, param->name.len);
            sc_w(w, " -> ");
            sc_codec(ctx, param->type, true);
            sc_w(w, ".encodeText(x))");
        }
    }
    sc_w(w, ", ");
    if (route->body) {
        uint32_t b = 0;
        while (route->params[b] != route->body)
            b++;
        if (route->body->optional) {
            sc_w(w, "r.");
            sc_w(w, names->params[b]);
            sc_w(w, ".map(x => ");
            sc_codec(ctx, route->body->type, true);
            sc_w(w, ".encode(x))");
        } else {
            sc_std_write(ctx, shadowed, SC_SOME);
            sc_w(w, "(");
            sc_codec(ctx, route->body->type, true);
            sc_w(w, ".encode(r.");
            sc_w(w, names->params[b]);
            sc_w(w, "))");
        }
    } else {
        sc_std_write(ctx, shadowed, SC_NONE);
    }
    sc_w(w, ")");
    sc_nl(w);

    /* decodeHttp */
    sc_w(w, "def decodeHttp(path: ");
    sc_std_write(ctx, shadowed, SC_MAP);
    sc_w(w, "[");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, ", ");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, "], query: ");
    sc_std_write(ctx, shadowed, SC_VECTOR);
    sc_w(w, "[(");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, ", ");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, ")], body: ");
    sc_std_write(ctx, shadowed, SC_OPTION);
    sc_w(w, "[");
    sc_std_write(ctx, shadowed, SC_STRING);
    sc_w(w, "]): ");
    sc_w(w, names->request);
    sc_w(w, " = new ");
    sc_w(w, names->request);
    sc_w(w, "(");
    for (uint32_t i = 0; i < route->param_count; i++) {
        const pc_field *param = route->params[i];
        if (i)
            sc_w(w, ", ");
        sc_rt(ctx);
        switch (route->param_roles[i]) {
        case PC_PARAM_PATH:
            sc_w(w, "Http.pathParam(path, ");
            break;
        case PC_PARAM_BODY:
            sc_w(w, param->optional ? "Http.bodyOpt(body, " : "Http.body(body, ");
            sc_codec(ctx, param->type, true);
            sc_w(w, ")");
            continue;
        case PC_PARAM_QUERY:
            if (is_list(param->type)) {
                sc_w(w, param->optional ? "Http.queryListOpt(query, " : "Http.queryList(query, ");
                sc_write_string(w, param->name.ptr, param->name.len);
                sc_w(w, ", ");
                sc_codec(ctx, pc_type_unalias(param->type, true)->as.element, true);
                sc_w(w, ")");
                continue;
            }
            sc_w(w, param->optional        ? "Http.queryOpt(query, "
                    : param->default_value ? "Http.queryOrElse(query, "
                                           : "Http.queryReq(query, ");
            break;
        }
        sc_write_string(w, param->name.ptr, param->name.len);
        sc_w(w, ", ");
        sc_codec(ctx, param->type, true);
        sc_w(w, ")");
        if (route->param_roles[i] == PC_PARAM_QUERY && param->default_value && !param->optional) {
            sc_w(w, "(");
            sc_default(ctx, shadowed, param->type, param->default_value, true);
            sc_w(w, ")");
        }
    }
    sc_w(w, ")");
    sc_nl(w);

    /* validateRequest */
    sc_w(w, "def validateRequest(r: ");
    sc_w(w, names->request);
    sc_w(w, ", o: ");
    sc_rt(ctx);
    sc_w(w, "Violations): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    bool any = false;
    for (uint32_t i = 0; i < route->param_count; i++)
        any = any || sc_constraints_any(&route->params[i]->constraints) ||
              sc_type_validates(ctx, route->params[i]->type);
    if (!any) {
        sc_w(w, " = ()");
        sc_nl(w);
    } else {
        sc_w(w, " = {");
        sc_nl(w);
        pc_indent(w);
        for (uint32_t i = 0; i < route->param_count; i++) {
            const pc_field *param = route->params[i];
            if (!sc_constraints_any(&param->constraints) && !sc_type_validates(ctx, param->type))
                continue;
            char access[160], path[64];
            snprintf(access, sizeof access, "r.%s", names->params[i]);
            bool body = route->param_roles[i] == PC_PARAM_BODY;
            snprintf(path, sizeof path, "(%sPath.Root / \"%s\")", "rt.",
                     role_name(route->param_roles[i]));
            ctx->used_rt = true;
            char key[128];
            size_t key_length = param->name.len < sizeof key - 1 ? param->name.len : sizeof key - 1;
            memcpy(key, param->name.ptr, key_length);
            key[key_length] = '\0';
            /* The body's own path is /body; a query or path parameter is /query/name. */
            sc_validate_field(ctx, shadowed, param->type, &param->constraints, param->optional,
                              access, body ? "rt.Path.Root" : path, body ? "body" : key);
        }
        pc_dedent(w);
        sc_w(w, "}");
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}

static void emit_response(sc_ctx *ctx, const pc_route *route, const route_names *names,
                          uint32_t shadowed)
{
    pc_writer *w = ctx->w;
    pc_blank(w);
    sc_w(w, "sealed trait ");
    sc_w(w, names->response);
    sc_w(w, " extends ");
    sc_std_write(ctx, shadowed, SC_PRODUCT);
    sc_w(w, " with ");
    sc_std_write(ctx, shadowed, SC_SERIALIZABLE);
    sc_nl(w);
    pc_blank(w);
    sc_w(w, "object ");
    sc_w(w, names->response);
    sc_w(w, " extends ");
    sc_rt(ctx);
    sc_w(w, "ResponseCodec[");
    sc_w(w, names->response);
    sc_w(w, "] {");
    sc_nl(w);
    pc_indent(w);
    if (route->response) {
        sc_w(w, "final case class Ok(body: ");
        sc_type(ctx, shadowed, route->response, true);
        sc_w(w, ") extends ");
    } else {
        sc_w(w, "case object NoContent extends ");
    }
    sc_w(w, names->response);
    sc_nl(w);
    for (uint32_t t = 0; t < route->throw_count; t++) {
        sc_w(w, "final case class ");
        sc_w(w, names->errors[t]);
        sc_w(w, "(body: ");
        sc_type(ctx, shadowed, route->throws[t], true);
        sc_w(w, ") extends ");
        sc_w(w, names->response);
        sc_nl(w);
    }
    pc_blank(w);

    sc_w(w, "def toHttp(r: ");
    sc_w(w, names->response);
    sc_w(w, "): ");
    sc_rt(ctx);
    sc_w(w, "HttpResponse = r match {");
    sc_nl(w);
    pc_indent(w);
    if (route->response) {
        sc_w(w, "case Ok(b) => ");
        sc_rt(ctx);
        sc_w(w, "HttpResponse(200, ");
        sc_codec(ctx, route->response, true);
        sc_w(w, ".encode(b))");
    } else {
        sc_w(w, "case NoContent => ");
        sc_rt(ctx);
        sc_w(w, "HttpResponse(204)");
    }
    sc_nl(w);
    for (uint32_t t = 0; t < route->throw_count; t++) {
        const pc_decl *error = pc_type_unalias(route->throws[t], true)->as.decl;
        sc_w(w, "case ");
        sc_w(w, names->errors[t]);
        sc_w(w, "(b) => ");
        sc_rt(ctx);
        sc_w(w, "HttpResponse(");
        sc_wint(w, error->as.struct_.status);
        sc_w(w, ", ");
        sc_codec(ctx, route->throws[t], true);
        sc_w(w, ".encode(b))");
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);

    sc_w(w, "def decodeHttp(r: ");
    sc_rt(ctx);
    sc_w(w, "HttpResponse): ");
    sc_std_write(ctx, shadowed, SC_OPTION);
    sc_w(w, "[");
    sc_w(w, names->response);
    sc_w(w, "] = r.status match {");
    sc_nl(w);
    pc_indent(w);
    if (route->response) {
        sc_w(w, "case 200 => ");
        sc_std_write(ctx, shadowed, SC_SOME);
        sc_w(w, "(Ok(");
        sc_rt(ctx);
        sc_w(w, "Http.responseBody(r, ");
        sc_codec(ctx, route->response, true);
        sc_w(w, ")))");
    } else {
        sc_w(w, "case 204 => ");
        sc_std_write(ctx, shadowed, SC_SOME);
        sc_w(w, "(NoContent)");
    }
    sc_nl(w);
    for (uint32_t t = 0; t < route->throw_count; t++) {
        const pc_decl *error = pc_type_unalias(route->throws[t], true)->as.decl;
        sc_w(w, "case ");
        sc_wint(w, error->as.struct_.status);
        sc_w(w, " => ");
        sc_std_write(ctx, shadowed, SC_SOME);
        sc_w(w, "(");
        sc_w(w, names->errors[t]);
        sc_w(w, "(");
        sc_rt(ctx);
        sc_w(w, "Http.responseBody(r, ");
        sc_codec(ctx, route->throws[t], true);
        sc_w(w, ")))");
        sc_nl(w);
    }
    sc_w(w, "case _ => ");
    sc_std_write(ctx, shadowed, SC_NONE);
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);

    sc_w(w, "def validateResponse(r: ");
    sc_w(w, names->response);
    sc_w(w, ", o: ");
    sc_rt(ctx);
    sc_w(w, "Violations): ");
    sc_std_write(ctx, shadowed, SC_UNIT);
    sc_w(w, " = r match {");
    sc_nl(w);
    pc_indent(w);
    if (route->response && sc_type_validates(ctx, route->response)) {
        sc_w(w, "case Ok(b) => ");
        sc_codec(ctx, route->response, true);
        sc_w(w, ".validateValue(b, ");
        sc_rt(ctx);
        sc_w(w, "Path.Root, o)");
        sc_nl(w);
    }
    for (uint32_t t = 0; t < route->throw_count; t++) {
        if (!sc_type_validates(ctx, route->throws[t]))
            continue;
        sc_w(w, "case ");
        sc_w(w, names->errors[t]);
        sc_w(w, "(b) => ");
        sc_codec(ctx, route->throws[t], true);
        sc_w(w, ".validateValue(b, ");
        sc_rt(ctx);
        sc_w(w, "Path.Root, o)");
        sc_nl(w);
    }
    sc_w(w, "case _ => ()");
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}

void sc_emit_service(sc_ctx *ctx, const pc_decl *decl)
{
    pc_writer *w = ctx->w;
    const sc_decl *info = &ctx->decls[decl->index];
    uint32_t shadowed = ctx->current->shadowed;
    uint32_t count = decl->as.service.route_count;
    route_names *routes = pl_arena_alloc(ctx->arena, ((size_t)count + 1) * sizeof *routes);
    if (!routes)
        return;
    for (uint32_t r = 0; r < count; r++) {
        const pc_route *route = decl->as.service.routes[r];
        const char *upper = sc_type_name(ctx, route->name);
        routes[r].method = sc_term_name(ctx, route->name);
        routes[r].request = concat(ctx, upper, "Request");
        routes[r].response = concat(ctx, upper, "Response");
        routes[r].params =
            pl_arena_alloc(ctx->arena, ((size_t)route->param_count + 1) * sizeof(char *));
        routes[r].errors =
            pl_arena_alloc(ctx->arena, ((size_t)route->throw_count + 1) * sizeof(char *));
        if (!routes[r].params || !routes[r].errors)
            return;
        for (uint32_t p = 0; p < route->param_count; p++)
            routes[r].params[p] = sc_term_name(ctx, route->params[p]->name);
        for (uint32_t t = 0; t < route->throw_count; t++) {
            const pc_decl *error = pc_type_unalias(route->throws[t], true)->as.decl;
            const char *name = ctx->decls[error->index].name;
            bool taken = strcmp(name, "Ok") == 0 || strcmp(name, "NoContent") == 0;
            for (uint32_t k = 0; k < t && !taken; k++)
                taken = strcmp(routes[r].errors[k], name) == 0;
            routes[r].errors[t] = taken ? concat(ctx, name, "Error") : name;
        }
    }

    pc_blank(w);
    sc_write_doc(w, decl->meta.doc, NULL);
    sc_w(w, "object ");
    sc_w(w, info->name);
    sc_w(w, " {");
    sc_nl(w);
    pc_indent(w);
    for (uint32_t r = 0; r < count; r++) {
        pc_blank(w);
        emit_request(ctx, decl->as.service.routes[r], &routes[r], shadowed);
        emit_response(ctx, decl->as.service.routes[r], &routes[r], shadowed);
    }

    /* The route table. */
    pc_blank(w);
    sc_w(w,
         "/** Every route, in declaration order: method, path template, parameters, statuses. */");
    sc_nl(w);
    sc_w(w, "val routes: ");
    sc_std_write(ctx, shadowed, SC_VECTOR);
    sc_w(w, "[");
    sc_rt(ctx);
    sc_w(w, "RouteInfo] = ");
    sc_std_write(ctx, shadowed, SC_VECTOR);
    sc_w(w, "(");
    sc_nl(w);
    pc_indent(w);
    for (uint32_t r = 0; r < count; r++) {
        const pc_route *route = decl->as.service.routes[r];
        sc_rt(ctx);
        sc_w(w, "RouteInfo(");
        sc_write_string(w, decl->name.ptr, decl->name.len);
        sc_w(w, ", ");
        sc_write_string(w, route->name.ptr, route->name.len);
        sc_w(w, ", \"");
        sc_w(w, pc_method_name(route->method));
        sc_w(w, "\", ");
        sc_write_string(w, route->path.ptr, route->path.len);
        sc_w(w, ", ");
        sc_std_write(ctx, shadowed, SC_VECTOR);
        sc_w(w, "(");
        for (uint32_t p = 0; p < route->param_count; p++) {
            const pc_field *param = route->params[p];
            sc_w(w, p ? ", " : "");
            sc_rt(ctx);
            sc_w(w, "RouteParam(");
            sc_write_string(w, param->name.ptr, param->name.len);
            sc_w(w, ", \"");
            sc_w(w, role_name(route->param_roles[p]));
            sc_w(w, "\", \"");
            type_text(w, param->type);
            sc_w(w, param->optional || param->default_value ? "\", false)" : "\", true)");
        }
        sc_w(w, "), ");
        sc_w(w, route->response ? "200" : "204");
        sc_w(w, ", ");
        sc_std_write(ctx, shadowed, SC_VECTOR);
        sc_w(w, "(");
        for (uint32_t t = 0; t < route->throw_count; t++) {
            const pc_decl *error = pc_type_unalias(route->throws[t], true)->as.decl;
            sc_w(w, t ? ", " : "");
            sc_wint(w, error->as.struct_.status);
            sc_w(w, " -> \"");
            sc_w(w, error->qualified_name);
            sc_w(w, "\"");
        }
        sc_w(w, r + 1 < count ? "))," : "))");
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, ")");
    sc_nl(w);

    /* The server side. */
    pc_blank(w);
    sc_w(w, "/** What a server implements: one method per route. */");
    sc_nl(w);
    sc_w(w, "trait Handler {");
    sc_nl(w);
    pc_indent(w);
    for (uint32_t r = 0; r < count; r++) {
        sc_write_doc(w, decl->as.service.routes[r]->meta.doc,
                     decl->as.service.routes[r]->meta.deprecated ? "Deprecated." : NULL);
        sc_w(w, "def ");
        sc_w(w, routes[r].method);
        sc_w(w, "(request: ");
        sc_w(w, routes[r].request);
        sc_w(w, "): ");
        sc_w(w, routes[r].response);
        sc_nl(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);

    pc_blank(w);
    sc_w(w, "/** Routes a request to the handler: None when no route matches; 400 with the error");
    sc_nl(w);
    sc_w(w, "  * when the parameters do not decode or validate; else the handler's response. */");
    sc_nl(w);
    sc_w(w, "def dispatch(handler: Handler, request: ");
    sc_rt(ctx);
    sc_w(w, "HttpRequest): ");
    sc_std_write(ctx, shadowed, SC_OPTION);
    sc_w(w, "[");
    sc_rt(ctx);
    sc_w(w, "HttpResponse] = {");
    sc_nl(w);
    pc_indent(w);
    sc_w(w, "val d = new ");
    sc_rt(ctx);
    sc_w(w, "Dispatch(request)");
    sc_nl(w);
    for (uint32_t r = 0; r < count; r++) {
        sc_w(w, "d.route(routes(");
        sc_wint(w, r);
        sc_w(w, "), ");
        sc_w(w, routes[r].request);
        sc_w(w, ", ");
        sc_w(w, routes[r].response);
        sc_w(w, ")(x => handler.");
        sc_w(w, routes[r].method);
        sc_w(w, "(x))");
        sc_nl(w);
    }
    sc_w(w, "d.result");
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);

    /* The client. */
    pc_blank(w);
    sc_w(w, "/** A client over an injected transport (an HTTP library call, or a test double). */");
    sc_nl(w);
    sc_w(w, "final class Client(transport: ");
    sc_rt(ctx);
    sc_w(w, "HttpRequest => ");
    sc_rt(ctx);
    sc_w(w, "HttpResponse) extends ");
    sc_rt(ctx);
    sc_w(w, "ClientBase(transport) {");
    sc_nl(w);
    pc_indent(w);
    for (uint32_t r = 0; r < count; r++) {
        const pc_route *route = decl->as.service.routes[r];
        sc_write_doc(w, route->meta.doc, route->meta.deprecated ? "Deprecated." : NULL);
        sc_w(w, "def ");
        sc_w(w, routes[r].method);
        sc_w(w, "(");
        for (uint32_t p = 0; p < route->param_count; p++) {
            if (p)
                sc_w(w, ", ");
            sc_param(ctx, shadowed, route->params[p], routes[r].params[p], true);
        }
        sc_w(w, "): ");
        sc_std_write(ctx, shadowed, SC_EITHER);
        sc_w(w, "[");
        sc_std_write(ctx, shadowed, SC_CLIENTERROR);
        sc_w(w, ", ");
        sc_w(w, routes[r].response);
        sc_w(w, "] =");
        sc_nl(w);
        pc_indent(w);
        sc_w(w, "this.exchange(");
        sc_w(w, routes[r].request);
        sc_w(w, "(");
        for (uint32_t p = 0; p < route->param_count; p++) {
            if (p)
                sc_w(w, ", ");
            sc_w(w, routes[r].params[p]);
        }
        sc_w(w, "), ");
        sc_w(w, routes[r].request);
        sc_w(w, ", ");
        sc_w(w, routes[r].response);
        sc_w(w, ")");
        sc_nl(w);
        pc_dedent(w);
    }
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
    pc_dedent(w);
    sc_w(w, "}");
    sc_nl(w);
}
