/* The module of a service: a client class with one async method per route, over an injectable
 * fetch. Path parameters are percent-encoded segments, query parameters repeated keys for
 * lists, the body canonical JSON; responses are decoded, declared errors thrown as the error
 * struct's class, requests validated before they are sent. */
#include <string.h>

#include "ts.h"

typedef struct param_info {
    const pc_field *param;
    pc_param_role role;
    const char *prop;
    const char *pointer;
} param_info;

static void write_params_type(ts_file *file, const param_info *params, uint32_t count)
{
    pc_writer *w = file->body;
    ts_open(w, "params: {");
    for (uint32_t i = 0; i < count; i++) {
        const pc_field *param = params[i].param;
        bool optional = param->optional || param->default_value;
        const char *extra = NULL;
        if (param->default_value && params[i].role == PC_PARAM_QUERY)
            extra = ts_format(file->ctx, "Default (applied by the server): `%.*s`.",
                              (int)param->default_value->raw.len, param->default_value->raw.ptr);
        ts_write_doc(w, param->meta.doc, &param->meta, extra);
        ts_write(w, "readonly %s%s: ", params[i].prop, optional ? "?" : "");
        ts_write_type(file, param->type);
        ts_line(w, "%s;", optional ? " | undefined" : "");
    }
    pc_dedent(w);
    ts_write(w, "}");
}

static bool all_optional(const param_info *params, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        if (!params[i].param->optional && !params[i].param->default_value)
            return false;
    }
    return true;
}

static void write_path(ts_file *file, const pc_route *route, const param_info *params,
                       uint32_t count)
{
    pc_writer *w = file->body;
    if (route->segment_count == 0) {
        ts_write(w, "\"/\"");
        return;
    }
    /* Literal segments are merged into one string literal between parameters. */
    pl_buf literal;
    pl_buf_init(&literal);
    bool first = true, ok = true;
    for (uint32_t s = 0; s < route->segment_count; s++) {
        const pc_segment *segment = &route->segments[s];
        ok = ok && pl_buf_append_char(&literal, '/');
        if (!segment->is_param) {
            ok = ok && pl_buf_append(&literal, segment->text.ptr, segment->text.len);
            continue;
        }
        if (!first)
            ts_write(w, " + ");
        ts_write_string(w, literal.data ? literal.data : "", literal.len);
        literal.len = 0;
        first = false;
        const param_info *param = NULL;
        for (uint32_t i = 0; i < count && !param; i++) {
            if (params[i].param == segment->param ||
                pc_str_eq(params[i].param->name, segment->text))
                param = &params[i];
        }
        if (param) {
            ts_write(w, " + rt.segment(");
            ts_write_string(w, param->param->name.ptr, param->param->name.len);
            ts_write(w, ", params.%s, %s)", param->prop, ts_scalar_formatter(param->param->type));
        }
    }
    if (literal.len) {
        if (!first)
            ts_write(w, " + ");
        ts_write_string(w, literal.data, literal.len);
    }
    if (!ok)
        w->failed = true;
    pl_buf_free(&literal);
}

static bool param_needs_checks(const ts_ctx *ctx, const pc_field *param)
{
    return ts_has_constraints(&param->constraints) || ts_type_needs_validation(ctx, param->type);
}

static void write_route(ts_file *file, const pc_route *route)
{
    ts_ctx *ctx = file->ctx;
    pc_writer *w = file->body;
    uint32_t count = route->param_count;
    param_info *params = pl_arena_alloc(ctx->arena, (count ? count : 1) * sizeof *params);
    if (!params) {
        ctx->failed = true;
        return;
    }
    for (uint32_t i = 0; i < count; i++) {
        params[i].param = route->params[i];
        params[i].role = route->param_roles[i];
        params[i].prop = ts_property(ctx, route->params[i]->name);
        params[i].pointer = ts_pointer_literal(ctx, route->params[i]->name);
    }
    const char *method = ts_property(ctx, route->name);

    /* The doc: the route's own, then its method, path and declared errors. */
    pl_buf extra;
    pl_buf_init(&extra);
    bool ok = true;
    const char *head = ts_format(ctx, "`%s %.*s`%s", pc_method_name(route->method),
                                 (int)route->path.len, route->path.ptr,
                                 route->response ? "" : " (204 No Content)");
    ok = pl_buf_append(&extra, head, strlen(head));
    for (uint32_t t = 0; t < route->throw_count; t++) {
        const pc_type *shape = pc_type_unalias(route->throws[t], false);
        if (!shape || shape->kind != PC_TYPE_NAMED || shape->as.decl->kind != PC_DECL_STRUCT)
            continue;
        const char *prefix = ts_file_use(file, shape->as.decl);
        const char *line = ts_format(ctx, "%s{@link %s%s} (%d)", t ? ", " : "; throws ", prefix,
                                     ctx->decls[shape->as.decl->index].error_class,
                                     shape->as.decl->as.struct_.status);
        ok = ok && pl_buf_append(&extra, line, strlen(line));
    }
    ok = ok && pl_buf_append(&extra, ".", 2);
    if (!ok)
        ctx->failed = true;
    pc_blank(w);
    ts_write_doc(w, route->meta.doc, &route->meta, ok ? extra.data : NULL);
    pl_buf_free(&extra);

    ts_write(w, "async %s(", method);
    if (count) {
        write_params_type(file, params, count);
        ts_write(w, "%s, ", all_optional(params, count) ? " = {}" : "");
    }
    ts_write(w, "options?: rt.CallOptions): Promise<");
    if (route->response)
        ts_write_type(file, route->response);
    else
        ts_write(w, "void");
    ts_open(w, "> {");

    /* Requests are validated before they are sent; paths start at the parameters. */
    bool checks = false;
    for (uint32_t i = 0; i < count && !checks; i++)
        checks = param_needs_checks(ctx, params[i].param);
    if (checks) {
        ts_line(w, "let out = rt.none();");
        for (uint32_t i = 0; i < count; i++) {
            const pc_field *param = params[i].param;
            if (!param_needs_checks(ctx, param))
                continue;
            const char *expr = ts_concat(ctx, "params.", params[i].prop);
            bool optional = param->optional || param->default_value;
            bool nullable = ts_admits_null(param->type);
            bool guard = optional || nullable;
            if (guard)
                ts_open(w, "if (%s%s%s%s%s) {", optional ? expr : "",
                        optional ? " !== undefined" : "", optional && nullable ? " && " : "",
                        nullable ? expr : "", nullable ? " !== null" : "");
            ts_write_checks(file, param->type, &param->constraints, expr, params[i].pointer);
            if (guard)
                ts_close(w, "}");
        }
    }
    bool has_query = false;
    for (uint32_t i = 0; i < count; i++)
        has_query = has_query || params[i].role == PC_PARAM_QUERY;
    if (has_query) {
        ts_line(w, "const query: string[] = [];");
        for (uint32_t i = 0; i < count; i++) {
            if (params[i].role != PC_PARAM_QUERY)
                continue;
            const pc_field *param = params[i].param;
            const pc_type *shape = pc_type_unalias(param->type, false);
            bool list = shape && shape->kind == PC_TYPE_LIST;
            ts_write(w, "rt.%s(query, ", list ? "addQueryList" : "addQuery");
            ts_write_string(w, param->name.ptr, param->name.len);
            ts_line(w, ", params.%s, %s);", params[i].prop,
                    ts_scalar_formatter(list ? shape->as.element : param->type));
        }
    }

    ts_write(w, "return this._transport.call<");
    if (route->response)
        ts_write_type(file, route->response);
    else
        ts_write(w, "void");
    ts_open(w, ">(");
    ts_open(w, "{");
    ts_line(w, "method: \"%s\",", pc_method_name(route->method));
    ts_write(w, "path: ");
    write_path(file, route, params, count);
    ts_line(w, ",");
    ts_line(w, "query%s,", has_query ? "" : ": []");
    for (uint32_t i = 0; i < count; i++) {
        if (params[i].role != PC_PARAM_BODY)
            continue;
        const pc_field *body = params[i].param;
        const char *expr = ts_concat(ctx, "params.", params[i].prop);
        ts_write(w, "body: ");
        if (body->optional || body->default_value)
            ts_write(w, "%s === undefined ? undefined : ", expr);
        if (ts_encodes_as_is(ctx, body->type)) {
            ts_write(w, "%s", expr);
        } else if (body->type->kind == PC_TYPE_NULLABLE) {
            ts_write(w, "%s === null ? null : rt.encodeBody(%s, ", expr, expr);
            ts_write_writer(file, body->type->as.element);
            ts_write(w, ")");
        } else {
            ts_write(w, "rt.encodeBody(%s, ", expr);
            ts_write_writer(file, body->type);
            ts_write(w, ")");
        }
        ts_line(w, ",");
    }
    ts_line(w, "violations: %s,", checks ? "out" : "[]");
    ts_write(w, "decode: ");
    if (route->response)
        ts_write_reader(file, route->response);
    else
        ts_write(w, "undefined");
    ts_line(w, ",");
    if (route->throw_count == 0) {
        ts_line(w, "errors: {},");
    } else {
        ts_open(w, "errors: {");
        for (uint32_t t = 0; t < route->throw_count; t++) {
            const pc_type *shape = pc_type_unalias(route->throws[t], false);
            if (!shape || shape->kind != PC_TYPE_NAMED)
                continue;
            const char *prefix = ts_file_use(file, shape->as.decl);
            const ts_decl *error = &ctx->decls[shape->as.decl->index];
            ts_line(w, "%d: (json) => new %s%s(%sdecode%s(json)),",
                    shape->as.decl->as.struct_.status, prefix, error->error_class, prefix,
                    error->base);
        }
        ts_close(w, "},");
    }
    ts_close(w, "},");
    ts_line(w, "options,");
    ts_close(w, ");");
    ts_close(w, "}");
}

void ts_emit_service(ts_file *file)
{
    ts_ctx *ctx = file->ctx;
    const ts_decl *decl = file->self;
    const pc_decl *service = decl->decl;
    pc_writer *w = file->body;
    pc_blank(w);
    const char *extra = ts_format(ctx,
                                  "A client of the `%s` service over `fetch`: "
                                  "`new %s({ baseUrl: \"https://api.example.com\" })`.",
                                  service->name.ptr ? decl->base : "", decl->client_class);
    ts_write_doc(w, service->meta.doc, &service->meta, extra);
    ts_open(w, "export class %s {", decl->client_class);
    ts_line(w, "/** Method and path template of every route. */");
    ts_open(w, "static readonly routes = {");
    for (uint32_t r = 0; r < service->as.service.route_count; r++) {
        const pc_route *route = service->as.service.routes[r];
        ts_write(w, "%s: { method: \"%s\", path: ", ts_property(ctx, route->name),
                 pc_method_name(route->method));
        ts_write_string(w, route->path.ptr, route->path.len);
        ts_line(w, " },");
    }
    ts_close(w, "} as const;");
    pc_blank(w);
    ts_line(w, "private readonly _transport: rt.Transport;");
    pc_blank(w);
    ts_open(w, "constructor(options: rt.ClientOptions) {");
    ts_line(w, "this._transport = new rt.Transport(options);");
    ts_close(w, "}");
    for (uint32_t r = 0; r < service->as.service.route_count; r++)
        write_route(file, service->as.service.routes[r]);
    ts_close(w, "}");
}
