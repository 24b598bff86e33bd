/* The server side of routes in C (docs/server.md): per route a request struct (its parameters,
 * decoded from one JSON object built from the path, the query and the body) and a response
 * alias, which the rest of the emitter generates like any declaration; per service a result
 * struct per route, a handlers struct, a route table and a dispatcher. */
#include <stdlib.h>
#include <string.h>

#include "c_internal.h"
#include "schema.h"

bool c_server_prepare(c_gen *g, pc_schema *shadow)
{
    const pc_schema *s = g->ctx->schema;
    *shadow = *s;
    g->schema = shadow;
    if (!s->route_count)
        return true;
    g->routes = calloc(s->route_count, sizeof *g->routes);
    pc_decl **decls =
        pl_arena_alloc(g->arena, (s->decl_count + 2 * s->route_count) * sizeof *decls);
    if (!g->routes || !decls) {
        pc_emit_error(g->ctx, "out of memory");
        return false;
    }
    memcpy(decls, s->decls, s->decl_count * sizeof *decls);
    uint32_t n = s->decl_count;
    for (uint32_t i = 0; i < s->route_count; i++) {
        const pc_route *r = s->routes[i];
        const pc_decl *svc = r->service;
        /* The handlers struct has these members beside one per route. */
        if (pc_str_eq_cstr(r->name, "context") || pc_str_eq_cstr(r->name, "trust_responses")) {
            pc_emit_error(g->ctx, "route %s.%.*s: the C handlers struct reserves the name %.*s",
                          svc->qualified_name, (int)r->name.len, r->name.ptr, (int)r->name.len,
                          r->name.ptr);
            return false;
        }
        c_route_gen *rg = &g->routes[g->route_count++];
        rg->route = r;
        for (int k = 0; k < 2; k++) {
            if (k == 1 && !r->response)
                break;
            pc_decl *d = pl_arena_alloc(g->arena, sizeof *d);
            if (!d) {
                pc_emit_error(g->ctx, "out of memory");
                return false;
            }
            memset(d, 0, sizeof *d);
            const char *suffix = k == 0 ? "request" : "response";
            d->name = pc_str_from_cstr(c_fmt(g, "%.*s_%.*s_%s", (int)svc->name.len, svc->name.ptr,
                                             (int)r->name.len, r->name.ptr, suffix));
            d->file = svc->file;
            d->qualified_name =
                c_fmt(g, "%s.%.*s %s", svc->qualified_name, (int)r->name.len, r->name.ptr, suffix);
            d->direction = PC_DIR_BOTH;
            d->index = n;
            if (k == 0) {
                d->kind = PC_DECL_STRUCT;
                d->as.struct_.fields = r->params;
                d->as.struct_.field_count = r->param_count;
                rg->request = d;
            } else {
                d->kind = PC_DECL_ALIAS;
                d->as.alias.target = r->response;
                rg->response = d;
            }
            decls[n++] = d;
        }
    }
    shadow->decls = decls;
    shadow->decl_count = n;
    return true;
}

static bool in_package(const c_route_gen *rg, const pc_package *package)
{
    return rg->route->service->file->package == package;
}

uint32_t c_server_decl_count(c_gen *g, const pc_package *package)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < g->route_count; i++) {
        if (in_package(&g->routes[i], package))
            n += g->routes[i].response ? 2 : 1;
    }
    return n;
}

void c_server_append_decls(c_gen *g, c_package *p)
{
    for (uint32_t i = 0; i < g->route_count; i++) {
        c_route_gen *rg = &g->routes[i];
        if (!in_package(rg, p->package))
            continue;
        p->decls[p->decl_count++] = rg->request;
        if (rg->response)
            p->decls[p->decl_count++] = rg->response;
    }
}

static c_package *package_of(c_gen *g, const pc_decl *d)
{
    for (uint32_t i = 0; i < g->package_count; i++) {
        if (g->packages[i].package == d->file->package)
            return &g->packages[i];
    }
    return NULL;
}

void c_server_needs(c_gen *g)
{
    for (uint32_t i = 0; i < g->route_count; i++) {
        const pc_route *r = g->routes[i].route;
        c_package *p = package_of(g, r->service);
        for (uint32_t k = 0; p && k < r->throw_count; k++) {
            const pc_type *t = pc_type_unalias(r->throws[k], true);
            if (t && t->kind == PC_TYPE_NAMED) {
                c_package *q = package_of(g, t->as.decl);
                if (q && q != p)
                    p->needs[q->index] = true;
            }
        }
    }
}

static const pc_decl *error_decl(const pc_type *t)
{
    const pc_type *u = pc_type_unalias(t, true);
    return u && u->kind == PC_TYPE_NAMED ? u->as.decl : NULL;
}

/* The C prefix of a service's names: mycoach_api_Events */
static const char *service_prefix(c_gen *g, c_package *p, const pc_decl *svc)
{
    return c_fmt(g, "%s%.*s", p->prefix, (int)svc->name.len, svc->name.ptr);
}

void c_emit_server_header(c_gen *g, c_package *p, pc_writer *w)
{
    const pc_schema *s = g->ctx->schema;
    for (uint32_t i = 0; i < s->decl_count; i++) {
        const pc_decl *svc = s->decls[i];
        if (svc->kind != PC_DECL_SERVICE || svc->file->package != p->package)
            continue;
        const char *sp = service_prefix(g, p, svc);
        pc_blank(w);
        pc_line(w, "/* ---- service %s: the server side (docs/server.md) ---- */",
                svc->qualified_name);
        for (uint32_t k = 0; k < g->route_count; k++) {
            const c_route_gen *rg = &g->routes[k];
            const pc_route *r = rg->route;
            if (r->service != svc)
                continue;
            const char *rn = c_fmt(g, "%s_%.*s", sp, (int)r->name.len, r->name.ptr);
            pc_blank(w);
            pc_line(w, "/* What the handler of %s %.*s answers: the response, or one declared",
                    pc_method_name(r->method), (int)r->path.len, r->path.ptr);
            c_text(w, " * error (set its pointer, to memory that outlives the call). */");
            pc_open(w, "typedef struct %s_result {", rn);
            if (r->response)
                pc_line(w, "%s body; /* 200 */", c_info(g, rg->response)->name);
            else if (!r->throw_count)
                c_text(w, "char unused; /* 204, no declared error */");
            for (uint32_t t = 0; t < r->throw_count; t++) {
                const pc_decl *e = error_decl(r->throws[t]);
                if (!e)
                    continue;
                pc_line(w, "const %s *%s; /* %d */", c_info(g, e)->name, c_member_name(g, e->name),
                        e->as.struct_.status);
            }
            pc_close(w, "} %s_result;", rn);
        }
        pc_blank(w);
        pc_line(w, "/* The handlers of service %s: false answers 500; a NULL handler, 501. */",
                svc->qualified_name);
        pc_open(w, "typedef struct %s_handlers {", sp);
        c_text(w, "void *context; /* passed to every handler */");
        for (uint32_t k = 0; k < g->route_count; k++) {
            const pc_route *r = g->routes[k].route;
            if (r->service != svc)
                continue;
            const char *rn = c_fmt(g, "%s_%.*s", sp, (int)r->name.len, r->name.ptr);
            c_wrap_linef(
                w, "bool (*%s)(void *context, const %s *req, %s_result *res, pl_arena *arena);",
                c_member_name(g, r->name), c_info(g, g->routes[k].request)->name, rn);
        }
        c_text(w, "/* true: send the handlers' answers without checking them with their _validate");
        c_text(w, " * (by default an invalid answer is a 500 naming the invalid value) */");
        c_text(w, "bool trust_responses;");
        pc_close(w, "} %s_handlers;", sp);
        pc_blank(w);
        c_text(w,
               "/* Answers one request (docs/server.md); every allocation is in arena. False only");
        c_text(w, " * when memory ran out (out is then a 500 when possible). */");
        c_wrap_linef(w,
                     "bool %s_dispatch(const %s_handlers *handlers, const pl_http_request "
                     "*req, pl_arena *arena, pl_http_response *out);",
                     sp, sp);
    }
}

static bool quoted(const pc_type *t)
{
    const pc_type *u = pc_type_unalias(t, true);
    if (u && u->kind == PC_TYPE_LIST)
        u = pc_type_unalias(u->as.element, true);
    if (!u || u->kind != PC_TYPE_PRIMITIVE)
        return true;
    switch (u->as.primitive) {
    case PC_PRIM_BOOL:
    case PC_PRIM_INT32:
    case PC_PRIM_INT64:
    case PC_PRIM_FLOAT64:
    case PC_PRIM_DECIMAL:
        return false;
    default:
        return true;
    }
}

static bool is_list(const pc_type *t)
{
    const pc_type *u = pc_type_unalias(t, true);
    return u && u->kind == PC_TYPE_LIST;
}

void c_emit_server_source(c_gen *g, c_package *p, pc_writer *w)
{
    const pc_schema *s = g->ctx->schema;
    for (uint32_t i = 0; i < s->decl_count; i++) {
        const pc_decl *svc = s->decls[i];
        if (svc->kind != PC_DECL_SERVICE || svc->file->package != p->package)
            continue;
        const char *sp = service_prefix(g, p, svc);
        pc_blank(w);
        pc_line(w, "/* ---- service %s: the dispatcher ---- */", svc->qualified_name);
        uint32_t count = 0;
        for (uint32_t k = 0; k < g->route_count; k++) {
            const pc_route *r = g->routes[k].route;
            if (r->service != svc)
                continue;
            pc_blank(w);
            pc_open(w, "static const char *const %s_%.*s_segments[] = {", sp, (int)r->name.len,
                    r->name.ptr);
            for (uint32_t j = 0; j < r->segment_count; j++) {
                const pc_segment *seg = &r->segments[j];
                if (seg->is_param)
                    c_text(w, "NULL,");
                else
                    pc_line(w, "%s,", c_literal(g, seg->text.ptr, seg->text.len));
            }
            if (!r->segment_count)
                c_text(w, "\"\",");
            pc_close(w, "};");
            count++;
        }
        if (!count)
            continue;
        pc_blank(w);
        pc_open(w, "static const pl_route %s_routes[] = {", sp);
        for (uint32_t k = 0; k < g->route_count; k++) {
            const pc_route *r = g->routes[k].route;
            if (r->service != svc)
                continue;
            pc_line(w, "{\"%s\", %s_%.*s_segments, %u},", pc_method_name(r->method), sp,
                    (int)r->name.len, r->name.ptr, r->segment_count ? r->segment_count : 1);
        }
        pc_close(w, "};");
        /* One function per route. */
        for (uint32_t k = 0; k < g->route_count; k++) {
            const c_route_gen *rg = &g->routes[k];
            const pc_route *r = rg->route;
            if (r->service != svc)
                continue;
            const char *rn = c_fmt(g, "%s_%.*s", sp, (int)r->name.len, r->name.ptr);
            const char *req_t = c_info(g, rg->request)->name;
            const char *member = c_member_name(g, r->name);
            pc_blank(w);
            c_wrap_linef(
                w,
                "static bool %s_serve(const %s_handlers *handlers, const pl_route_params "
                "*params, const pl_http_request *http, pl_arena *arena, pl_http_response *out)",
                rn, sp);
            pc_open(w, "{");
            pc_line(w, "%s req;", req_t);
            pc_line(w, "%s_result res;", rn);
            c_text(w, "pl_buf json;");
            c_text(w, "pl_error err;");
            c_text(w, "bool ok;");
            c_text(w, "(void)params;");
            c_text(w, "(void)http;");
            pc_line(w, "if (!handlers->%s)", member);
            c_text(w, "    return pl_http_problem(out, 501, NULL, \"not implemented\", arena);");
            c_text(w, "pl_buf_init(&json);");
            c_text(w, "pl_error_clear(&err);");
            c_text(w, "ok = pl_buf_append_char(&json, '{');");
            c_text(w, "if (!ok)");
            c_text(w, "    pl_error_format(&err, PL_ERROR_MEMORY, \"out of memory\");");
            uint32_t path_index = 0;
            for (uint32_t j = 0; j < r->segment_count; j++) {
                const pc_segment *seg = &r->segments[j];
                if (!seg->is_param)
                    continue;
                c_wrap_linef(w,
                             "ok = ok && pl_request_param(&json, %s, params->text[%u], "
                             "params->len[%u], %s, &err);",
                             c_literal(g, seg->text.ptr, seg->text.len), path_index, path_index,
                             seg->param && quoted(seg->param->type) ? "true" : "false");
                path_index++;
            }
            for (uint32_t j = 0; j < r->param_count; j++) {
                const pc_field *f = r->params[j];
                if (r->param_roles[j] == PC_PARAM_QUERY) {
                    c_wrap_linef(w,
                                 "ok = ok && pl_request_query(&json, %s, http->query, "
                                 "http->query_len, %s, %s, &err);",
                                 c_literal(g, f->wire.ptr, f->wire.len),
                                 is_list(f->type) ? "true" : "false",
                                 quoted(f->type) ? "true" : "false");
                } else if (r->param_roles[j] == PC_PARAM_BODY) {
                    c_text(w,
                           "ok = ok && pl_request_body(&json, http->body, http->body_len, &err);");
                }
            }
            c_text(w, "if (ok && !pl_buf_append_char(&json, '}')) {");
            c_text(w, "    pl_error_format(&err, PL_ERROR_MEMORY, \"out of memory\");");
            c_text(w, "    ok = false;");
            c_text(w, "}");
            pc_line(w, "ok = ok && %s_decode(json.data, json.len, arena, &req, &err);", req_t);
            pc_line(w, "ok = ok && %s_validate(&req, &err);", req_t);
            c_text(w, "pl_buf_free(&json);");
            c_text(w, "if (!ok)");
            c_text(w, "    return pl_http_bad_request(out, &err, arena);");
            c_text(w, "memset(&res, 0, sizeof res);");
            pc_line(w, "if (!handlers->%s(handlers->context, &req, &res, arena))", member);
            c_text(w, "    return pl_http_problem(out, 500, NULL, \"the handler failed\", arena);");
            for (uint32_t t = 0; t < r->throw_count; t++) {
                const pc_decl *e = error_decl(r->throws[t]);
                if (!e)
                    continue;
                const char *em = c_member_name(g, e->name);
                pc_line(w, "if (res.%s) {", em);
                pc_line(w, "    if (!handlers->trust_responses && !%s_validate(res.%s, &err))",
                        c_info(g, e)->name, em);
                c_text(w, "        return pl_http_invalid_answer(out, &err, arena);");
                c_text(w, "    pl_buf_init(&json);");
                pc_line(w, "    ok = %s_encode(res.%s, &json, &err);", c_info(g, e)->name, em);
                pc_line(w, "    return pl_http_json(out, %d, &json, ok, &err, arena);",
                        e->as.struct_.status ? e->as.struct_.status : 500);
                c_text(w, "}");
            }
            if (rg->response) {
                pc_line(w, "if (!handlers->trust_responses && !%s_validate(&res.body, &err))",
                        c_info(g, rg->response)->name);
                c_text(w, "    return pl_http_invalid_answer(out, &err, arena);");
                c_text(w, "pl_buf_init(&json);");
                pc_line(w, "ok = %s_encode(&res.body, &json, &err);",
                        c_info(g, rg->response)->name);
                c_text(w, "return pl_http_json(out, 200, &json, ok, &err, arena);");
            } else {
                c_text(w, "out->status = 204;");
                c_text(w, "out->body = NULL;");
                c_text(w, "out->body_len = 0;");
                c_text(w, "return true;");
            }
            pc_close(w, "}");
        }
        pc_blank(w);
        c_wrap_linef(w,
                     "bool %s_dispatch(const %s_handlers *handlers, const pl_http_request "
                     "*req, pl_arena *arena, pl_http_response *out)",
                     sp, sp);
        pc_open(w, "{");
        c_text(w, "pl_route_params params;");
        pc_line(w, "long route = pl_route_find(%s_routes, %u, req, arena, &params, out);", sp,
                count);
        c_text(w, "switch (route) {");
        uint32_t index = 0;
        for (uint32_t k = 0; k < g->route_count; k++) {
            const pc_route *r = g->routes[k].route;
            if (r->service != svc)
                continue;
            pc_line(w, "case %u:", index++);
            pc_line(w,
                    "    return pl_http_done(req, out, %s_%.*s_serve(handlers, &params, req, "
                    "arena, out));",
                    sp, (int)r->name.len, r->name.ptr);
        }
        c_text(w, "default:");
        c_text(w, "    return out->status != 500;");
        c_text(w, "}");
        pc_close(w, "}");
    }
}
