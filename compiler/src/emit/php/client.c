/* A client per service: a final class whose methods build the URL (path parameters
 * percent-encoded, query parameters in declaration order, lists as repeated keys), validate the
 * parameters and body, send through the injected transport, decode a 2xx body and turn each
 * declared error status into an ApiException carrying the decoded error struct. */
#include "php.h"

#include <string.h>

typedef struct php_param {
    const pc_field *field;
    pc_param_role role;
    const char *name; /* without $ */
    const char *var;  /* $name */
    php_slot slot;
    bool has_default;
} php_param;

typedef struct php_locals {
    const char *violations, *query, *response, *data, *item;
} php_locals;

static const char *local_name(php_gen *g, const php_param *params, uint32_t count,
                              const char *wanted)
{
    for (uint32_t i = 0; i < count; i++) {
        if (strcmp(params[i].name, wanted) == 0)
            return php_cat(g, "$", wanted, "_", NULL); /* no parameter name ends in '_' */
    }
    return php_cat(g, "$", wanted, NULL);
}

static void write_param_list(php_file *f, pc_writer *w, const php_param *params, uint32_t count)
{
    bool first = true;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < count; i++) {
            const php_param *p = &params[i];
            if (p->has_default != (pass == 1))
                continue;
            pc_write(w, "%s", first ? "" : ", ");
            first = false;
            php_write_type(f, w, p->field->type, p->slot);
            pc_write(w, " %s", p->var);
            if (p->field->default_value) {
                pc_write(w, " = ");
                php_write_default(f, w, p->field->type, p->field->default_value);
            } else if (p->slot == PHP_SLOT_OPTIONAL) {
                pc_write(w, " = null");
            } else if (p->slot == PHP_SLOT_ABSENT) {
                pc_write(w, " = %s::Value", php_rt(f, PHP_RT_ABSENT));
            }
        }
    }
}

/* The JSON-level text of a scalar parameter value for a URL. */
static void write_text(php_file *f, pc_writer *w, const pc_type *type, const char *in)
{
    pc_write(w, "%s::text(", php_rt(f, PHP_RT_HTTP));
    php_write_encode(f, w, type, in, 1);
    pc_write(w, ")");
}

static void write_path(php_file *f, pc_writer *w, const pc_route *route, const php_param *params,
                       uint32_t count)
{
    if (route->segment_count == 0) {
        pc_write(w, "'/'");
        return;
    }
    bool open_literal = false;
    for (uint32_t s = 0; s < route->segment_count; s++) {
        const pc_segment *segment = &route->segments[s];
        if (!segment->is_param) {
            if (!open_literal)
                pc_write(w, "%s'", s ? " . " : "");
            pc_write(w, "/%.*s", (int)segment->text.len, segment->text.ptr);
            open_literal = true;
            continue;
        }
        if (open_literal)
            pc_write(w, "/' . ");
        else
            pc_write(w, "%s'/' . ", s ? " . " : "");
        open_literal = false;
        const php_param *p = NULL;
        for (uint32_t i = 0; i < count && !p; i++) {
            if (params[i].field == segment->param)
                p = &params[i];
        }
        pc_write(w, "%s::segment(", php_rt(f, PHP_RT_HTTP));
        if (p)
            write_text(f, w, p->field->type, p->var);
        else
            pc_write(w, "''");
        pc_write(w, ")");
    }
    if (open_literal)
        pc_write(w, "'");
}

static void write_method_doc(php_file *f, pc_writer *w, const pc_route *route,
                             const php_param *params, uint32_t count, bool validates)
{
    php_gen *g = f->gen;
    const char **tags =
        pl_arena_alloc(g->file_arena, (count + route->throw_count + 4) * sizeof *tags);
    if (!tags)
        return;
    uint32_t n = 0;
    for (uint32_t i = 0; i < count; i++) {
        const php_param *p = &params[i];
        const pc_meta *meta = &p->field->meta;
        if (!php_type_needs_doc(p->field->type) && !meta->doc && !meta->deprecated)
            continue;
        pc_write(&g->scratch, "@param ");
        php_write_doc_type(f, &g->scratch, p->field->type, p->slot);
        pc_write(&g->scratch, " %s", p->var);
        if (meta->doc)
            pc_write(&g->scratch, " %s", meta->doc);
        if (meta->deprecated)
            pc_write(&g->scratch, " (deprecated%s%.*s)", meta->deprecated_reason.len ? ": " : "",
                     (int)meta->deprecated_reason.len, meta->deprecated_reason.ptr);
        tags[n++] = php_scratch_take(g);
    }
    if (route->response && php_type_needs_doc(route->response)) {
        pc_write(&g->scratch, "@return ");
        php_write_doc_type(f, &g->scratch, route->response, PHP_SLOT_VALUE);
        tags[n++] = php_scratch_take(g);
    }
    for (uint32_t i = 0; i < route->throw_count; i++) {
        const pc_decl *error = pc_type_unalias(route->throws[i], true)->as.decl;
        tags[n++] = php_printf(g, "@throws %s status %d, with a %s in $error",
                               php_rt(f, PHP_RT_API_EXCEPTION), error->as.struct_.status,
                               php_decl_ref(f, error));
    }
    tags[n++] = php_printf(g, "@throws %s for any %sstatus that is not 2xx",
                           php_rt(f, PHP_RT_HTTP_EXCEPTION), route->throw_count ? "other " : "");
    if (validates)
        tags[n++] = php_printf(g,
                               "@throws %s when a parameter breaks its constraints (nothing "
                               "is sent)",
                               php_rt(f, PHP_RT_VALIDATION_EXCEPTION));
    php_write_docblock(w, route->meta.doc, &route->meta, tags, n);
}

static void write_validation(php_file *f, pc_writer *w, const php_param *params, uint32_t count,
                             const php_locals *locals)
{
    pc_line(w, "%s = [];", locals->violations);
    for (uint32_t i = 0; i < count; i++) {
        const php_param *p = &params[i];
        if (!php_constraints_any(&p->field->constraints) &&
            !php_type_validates(f->gen, p->field->type))
            continue;
        pc_write(&f->gen->scratch, "'/");
        pc_write_str(&f->gen->scratch, p->field->name);
        pc_write(&f->gen->scratch, "'");
        const char *path = php_scratch_take(f->gen);
        if (p->slot == PHP_SLOT_OPTIONAL)
            pc_open(w, "if (%s !== null) {", p->var);
        else if (p->slot == PHP_SLOT_ABSENT)
            pc_open(w, "if (%s !== %s::Value) {", p->var, php_rt(f, PHP_RT_ABSENT));
        php_write_validate(f, w, p->field->type, &p->field->constraints, p->var, path,
                           locals->violations, 1);
        if (p->slot != PHP_SLOT_VALUE)
            pc_close(w, "}");
    }
    pc_open(w, "if (%s !== []) {", locals->violations);
    pc_line(w, "throw new %s(%s);", php_rt(f, PHP_RT_VALIDATION_EXCEPTION), locals->violations);
    pc_close(w, "}");
}

static void write_query(php_file *f, pc_writer *w, const php_param *params, uint32_t count,
                        const php_locals *locals)
{
    pc_line(w, "%s = [];", locals->query);
    for (uint32_t i = 0; i < count; i++) {
        const php_param *p = &params[i];
        if (p->role != PC_PARAM_QUERY)
            continue;
        if (p->slot != PHP_SLOT_VALUE)
            pc_open(w, "if (%s !== null) {", p->var);
        const pc_type *base = pc_type_unalias(p->field->type, true);
        if (base->kind == PC_TYPE_LIST) {
            pc_open(w, "foreach (%s as %s) {", p->var, locals->item);
            pc_write(w, "%s[] = [", locals->query);
            php_write_string(w, p->field->name.ptr, p->field->name.len);
            pc_write(w, ", ");
            write_text(f, w, base->as.element, locals->item);
            pc_line(w, "];");
            pc_close(w, "}");
        } else {
            pc_write(w, "%s[] = [", locals->query);
            php_write_string(w, p->field->name.ptr, p->field->name.len);
            pc_write(w, ", ");
            write_text(f, w, p->field->type, p->var);
            pc_line(w, "];");
        }
        if (p->slot != PHP_SLOT_VALUE)
            pc_close(w, "}");
    }
}

static void write_route(php_file *f, pc_writer *w, const pc_route *route)
{
    php_gen *g = f->gen;
    uint32_t count = route->param_count;
    php_param *params = pl_arena_alloc(g->file_arena, (count + 1) * sizeof *params);
    if (!params)
        return;
    bool validates = false, has_query = false;
    const php_param *body = NULL;
    for (uint32_t i = 0; i < count; i++) {
        php_param *p = &params[i];
        p->field = route->params[i];
        p->role = route->param_roles[i];
        p->name = php_member_name(g, p->field->name);
        p->var = php_cat(g, "$", p->name, NULL);
        p->slot = p->role == PC_PARAM_PATH ? PHP_SLOT_VALUE : php_field_slot(p->field);
        p->has_default = p->field->default_value || p->slot != PHP_SLOT_VALUE;
        validates = validates || php_constraints_any(&p->field->constraints) ||
                    php_type_validates(g, p->field->type);
        has_query = has_query || p->role == PC_PARAM_QUERY;
        if (p->role == PC_PARAM_BODY)
            body = p;
    }
    php_locals locals = {
        local_name(g, params, count, "violations"), local_name(g, params, count, "query"),
        local_name(g, params, count, "response"), local_name(g, params, count, "data"),
        local_name(g, params, count, "item")};

    pc_blank(w);
    write_method_doc(f, w, route, params, count, validates);
    pc_write(w, "public function %s(", php_member_name(g, route->name));
    write_param_list(f, w, params, count);
    pc_write(w, "): ");
    if (route->response)
        php_write_type(f, w, route->response, PHP_SLOT_VALUE);
    else
        pc_write(w, "void");
    pc_newline(w);
    pc_open(w, "{");
    if (validates) {
        write_validation(f, w, params, count, &locals);
        pc_blank(w);
    }
    if (has_query) {
        write_query(f, w, params, count, &locals);
        pc_blank(w);
    }
    pc_write(w, "%s = $this->http->send(", locals.response);
    php_write_string(w, pc_method_name(route->method), strlen(pc_method_name(route->method)));
    pc_write(w, ", ");
    write_path(f, w, route, params, count);
    if (has_query || body)
        pc_write(w, ", %s", has_query ? locals.query : "[]");
    if (body) {
        pc_write(w, ", ");
        const char *json = php_rt(f, PHP_RT_JSON);
        if (body->slot == PHP_SLOT_OPTIONAL)
            pc_write(w, "%s === null ? null : ", body->var);
        else if (body->slot == PHP_SLOT_ABSENT)
            pc_write(w, "%s === %s::Value ? null : ", body->var, php_rt(f, PHP_RT_ABSENT));
        pc_write(w, "%s::encode(", json);
        php_write_encode(f, w, body->field->type, body->var, 1);
        pc_write(w, ")");
    }
    pc_line(w, ");");
    pc_open(w, "if (%s::ok(%s)) {", php_rt(f, PHP_RT_HTTP), locals.response);
    if (route->response) {
        pc_line(w, "%s = %s::parse(%s->body);", locals.data, php_rt(f, PHP_RT_JSON),
                locals.response);
        pc_blank(w);
        pc_write(w, "return ");
        php_write_decode(f, w, route->response, locals.data, "''", "true", 1);
        pc_line(w, ";");
    } else {
        pc_line(w, "return;");
    }
    pc_close(w, "}");
    if (route->throw_count == 0) {
        pc_line(w, "throw new %s(%s);", php_rt(f, PHP_RT_HTTP_EXCEPTION), locals.response);
    } else {
        pc_open(w, "throw match (%s->status) {", locals.response);
        for (uint32_t i = 0; i < route->throw_count; i++) {
            const pc_decl *error = pc_type_unalias(route->throws[i], true)->as.decl;
            int status = error->as.struct_.status;
            pc_line(w, "%d => new %s(%d, %s::decode(%s::parse(%s->body), '', true), %s),", status,
                    php_rt(f, PHP_RT_API_EXCEPTION), status, php_decl_ref(f, error),
                    php_rt(f, PHP_RT_JSON), locals.response, locals.response);
        }
        pc_line(w, "default => new %s(%s),", php_rt(f, PHP_RT_HTTP_EXCEPTION), locals.response);
        pc_close(w, "};");
    }
    pc_close(w, "}");
}

void php_emit_client(php_gen *g, const pc_decl *decl)
{
    const php_decl *info = &g->decls[decl->index];
    php_file f;
    php_file_begin(&f, g, info->package, info->class_name, decl);
    f.var_suffix = "_";
    pc_writer *w = &f.body;
    const char *http = php_rt(&f, PHP_RT_HTTP);

    pc_write(&g->scratch,
             "A client of the %.*s service. Requests go through the transport given "
             "to the constructor.",
             (int)decl->name.len, decl->name.ptr);
    const char *tags[1] = {php_scratch_take(g)};
    php_write_docblock(w, decl->meta.doc, &decl->meta, tags, 1);
    pc_line(w, "final class %s", info->class_name);
    pc_open(w, "{");
    pc_line(w, "/** Method and path template of each route, by operation name. */");
    pc_open(w, "public const ROUTES = [");
    for (uint32_t i = 0; i < decl->as.service.route_count; i++) {
        const pc_route *route = decl->as.service.routes[i];
        php_write_string(w, route->name.ptr, route->name.len);
        pc_write(w, " => ['%s', ", pc_method_name(route->method));
        php_write_string(w, route->path.ptr, route->path.len);
        pc_line(w, "],");
    }
    pc_close(w, "];");
    pc_blank(w);
    pc_line(w, "private readonly %s $http;", http);
    pc_blank(w);
    pc_line(w, "/**");
    pc_line(w, " * @param callable(string, string, array<string, string>, ?string): mixed $send "
               "the transport:");
    pc_line(w, " *     send($method, $url, $headers, $body) returning a %s, a PSR-7 response or",
            php_rt(&f, PHP_RT_RESPONSE));
    pc_line(w, " *     ['status' => int, 'body' => string]");
    pc_line(w, " * @param string $baseUrl put before every path, e.g. https://api.example.com/v1");
    pc_line(w, " */");
    pc_line(w, "public function __construct(callable $send, string $baseUrl = '')");
    pc_open(w, "{");
    pc_line(w, "$this->http = new %s($send, $baseUrl);", http);
    pc_close(w, "}");
    for (uint32_t i = 0; i < decl->as.service.route_count; i++)
        write_route(&f, w, decl->as.service.routes[i]);
    pc_close(w, "}");
    php_file_end(&f);
}
