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
            if (!first)
                php_put(w, ", ");
            first = false;
            php_write_type(f, w, p->field->type, p->slot);
            php_puts(w, " ", p->var);
            if (p->field->default_value) {
                php_put(w, " = ");
                php_write_default(f, w, p->field->type, p->field->default_value);
            } else if (p->slot == PHP_SLOT_OPTIONAL) {
                php_put(w, " = null");
            } else if (p->slot == PHP_SLOT_ABSENT) {
                php_puts(w, " = ", php_rt(f, PHP_RT_ABSENT), "::Value");
            }
        }
    }
}

/* The JSON-level text of a scalar parameter value for a URL. */
static void write_text(php_file *f, pc_writer *w, const pc_type *type, const char *in)
{
    php_puts(w, php_rt(f, PHP_RT_HTTP), "::text(");
    php_write_encode(f, w, type, in, 1);
    php_put(w, ")");
}

static void write_path(php_file *f, pc_writer *w, const pc_route *route, const php_param *params,
                       uint32_t count)
{
    if (route->segment_count == 0) {
        php_put(w, "'/'");
        return;
    }
    bool open_literal = false;
    for (uint32_t s = 0; s < route->segment_count; s++) {
        const pc_segment *segment = &route->segments[s];
        if (!segment->is_param) {
            if (!open_literal)
                php_put(w, s ? " . '" : "'");
            php_put(w, "/");
            php_put_n(w, segment->text.ptr, segment->text.len);
            open_literal = true;
            continue;
        }
        if (open_literal)
            php_put(w, "/' . ");
        else
            php_put(w, s ? " . '/' . " : "'/' . ");
        open_literal = false;
        const php_param *p = NULL;
        for (uint32_t i = 0; i < count && !p; i++) {
            if (params[i].field == segment->param)
                p = &params[i];
        }
        php_puts(w, php_rt(f, PHP_RT_HTTP), "::segment(");
        if (p)
            write_text(f, w, p->field->type, p->var);
        else
            php_put(w, "''");
        php_put(w, ")");
    }
    if (open_literal)
        php_put(w, "'");
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
        php_put(&g->scratch, "@param ");
        php_write_doc_type(f, &g->scratch, p->field->type, p->slot);
        php_puts(&g->scratch, " ", p->var);
        if (meta->doc)
            php_puts(&g->scratch, " ", meta->doc);
        if (meta->deprecated)
            pc_write(&g->scratch, " (deprecated%s%.*s)", meta->deprecated_reason.len ? ": " : "",
                     (int)meta->deprecated_reason.len, meta->deprecated_reason.ptr);
        tags[n++] = php_scratch_take(g);
    }
    if (route->response && php_type_needs_doc(route->response)) {
        php_put(&g->scratch, "@return ");
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
    php_putsl(w, locals->violations, " = [];");
    for (uint32_t i = 0; i < count; i++) {
        const php_param *p = &params[i];
        if (!php_constraints_any(&p->field->constraints) &&
            !php_type_validates(f->gen, p->field->type))
            continue;
        php_put(&f->gen->scratch, "'/");
        php_put_n(&f->gen->scratch, p->field->name.ptr, p->field->name.len);
        php_put(&f->gen->scratch, "'");
        const char *path = php_scratch_take(f->gen);
        if (p->slot == PHP_SLOT_OPTIONAL) {
            php_puts(w, "if (", p->var);
            php_open(w, " !== null) {");
        } else if (p->slot == PHP_SLOT_ABSENT) {
            php_puts(w, "if (", p->var, " !== ", php_rt(f, PHP_RT_ABSENT));
            php_open(w, "::Value) {");
        }
        php_write_validate(f, w, p->field->type, &p->field->constraints, p->var, path,
                           locals->violations, 1);
        if (p->slot != PHP_SLOT_VALUE)
            php_close(w, "}");
    }
    php_puts(w, "if (", locals->violations);
    php_open(w, " !== []) {");
    php_putsl(w, "throw new ", php_rt(f, PHP_RT_VALIDATION_EXCEPTION), "(", locals->violations,
              ");");
    php_close(w, "}");
}

static void write_query(php_file *f, pc_writer *w, const php_param *params, uint32_t count,
                        const php_locals *locals)
{
    php_putsl(w, locals->query, " = [];");
    for (uint32_t i = 0; i < count; i++) {
        const php_param *p = &params[i];
        if (p->role != PC_PARAM_QUERY)
            continue;
        if (p->slot != PHP_SLOT_VALUE) {
            php_puts(w, "if (", p->var);
            php_open(w, " !== null) {");
        }
        const pc_type *base = pc_type_unalias(p->field->type, true);
        if (base->kind == PC_TYPE_LIST) {
            php_puts(w, "foreach (", p->var, " as ", locals->item);
            php_open(w, ") {");
            php_puts(w, locals->query, "[] = [");
            php_write_string(w, p->field->name.ptr, p->field->name.len);
            php_put(w, ", ");
            write_text(f, w, base->as.element, locals->item);
            php_putl(w, "];");
            php_close(w, "}");
        } else {
            php_puts(w, locals->query, "[] = [");
            php_write_string(w, p->field->name.ptr, p->field->name.len);
            php_put(w, ", ");
            write_text(f, w, p->field->type, p->var);
            php_putl(w, "];");
        }
        if (p->slot != PHP_SLOT_VALUE)
            php_close(w, "}");
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
    php_puts(w, "public function ", php_member_name(g, route->name), "(");
    write_param_list(f, w, params, count);
    php_put(w, "): ");
    if (route->response)
        php_write_type(f, w, route->response, PHP_SLOT_VALUE);
    else
        php_put(w, "void");
    pc_end_line(w);
    php_open(w, "{");
    if (validates) {
        write_validation(f, w, params, count, &locals);
        pc_blank(w);
    }
    if (has_query) {
        write_query(f, w, params, count, &locals);
        pc_blank(w);
    }
    php_puts(w, locals.response, " = $this->http->send(");
    php_write_string(w, pc_method_name(route->method), strlen(pc_method_name(route->method)));
    php_put(w, ", ");
    write_path(f, w, route, params, count);
    if (has_query || body)
        php_puts(w, ", ", has_query ? locals.query : "[]");
    if (body) {
        php_put(w, ", ");
        const char *json = php_rt(f, PHP_RT_JSON);
        if (body->slot == PHP_SLOT_OPTIONAL)
            php_puts(w, body->var, " === null ? null : ");
        else if (body->slot == PHP_SLOT_ABSENT)
            php_puts(w, body->var, " === ", php_rt(f, PHP_RT_ABSENT), "::Value ? null : ");
        php_puts(w, json, "::encode(");
        php_write_encode(f, w, body->field->type, body->var, 1);
        php_put(w, ")");
    }
    php_putl(w, ");");
    php_puts(w, "if (", php_rt(f, PHP_RT_HTTP), "::ok(", locals.response);
    php_open(w, ")) {");
    if (route->response) {
        php_putsl(w, locals.data, " = ", php_rt(f, PHP_RT_JSON), "::parse(", locals.response,
                  "->body);");
        pc_blank(w);
        php_put(w, "return ");
        php_write_decode(f, w, route->response, locals.data, "''", "true", 1);
        php_putl(w, ";");
    } else {
        php_putl(w, "return;");
    }
    php_close(w, "}");
    if (route->throw_count == 0) {
        php_putsl(w, "throw new ", php_rt(f, PHP_RT_HTTP_EXCEPTION), "(", locals.response, ");");
    } else {
        php_puts(w, "throw match (", locals.response);
        php_open(w, "->status) {");
        for (uint32_t i = 0; i < route->throw_count; i++) {
            const pc_decl *error = pc_type_unalias(route->throws[i], true)->as.decl;
            char digits[24];
            const char *status = php_int(digits, error->as.struct_.status);
            php_putsl(w, status, " => new ", php_rt(f, PHP_RT_API_EXCEPTION), "(", status, ", ",
                      php_decl_ref(f, error), "::decode(", php_rt(f, PHP_RT_JSON), "::parse(",
                      locals.response, "->body), '', true), ", locals.response, "),");
        }
        php_putsl(w, "default => new ", php_rt(f, PHP_RT_HTTP_EXCEPTION), "(", locals.response,
                  "),");
        php_close(w, "};");
    }
    php_close(w, "}");
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
    php_putsl(w, "final class ", info->class_name);
    php_open(w, "{");
    php_putl(w, "/** Method and path template of each route, by operation name. */");
    php_open(w, "public const ROUTES = [");
    for (uint32_t i = 0; i < decl->as.service.route_count; i++) {
        const pc_route *route = decl->as.service.routes[i];
        php_write_string(w, route->name.ptr, route->name.len);
        php_puts(w, " => ['", pc_method_name(route->method), "', ");
        php_write_string(w, route->path.ptr, route->path.len);
        php_putl(w, "],");
    }
    php_close(w, "];");
    pc_blank(w);
    php_putsl(w, "private readonly ", http, " $http;");
    pc_blank(w);
    php_putl(w, "/**");
    php_putl(w, " * @param callable(string, string, array<string, string>, ?string): mixed $send "
                "the transport:");
    php_putsl(w, " *     send($method, $url, $headers, $body) returning a ",
              php_rt(&f, PHP_RT_RESPONSE), ", a PSR-7 response or");
    php_putl(w, " *     ['status' => int, 'body' => string]");
    php_putl(w, " * @param string $baseUrl put before every path, e.g. https://api.example.com/v1");
    php_putl(w, " */");
    php_putl(w, "public function __construct(callable $send, string $baseUrl = '')");
    php_open(w, "{");
    php_putsl(w, "$this->http = new ", http, "($send, $baseUrl);");
    php_close(w, "}");
    for (uint32_t i = 0; i < decl->as.service.route_count; i++)
        write_route(&f, w, decl->as.service.routes[i]);
    php_close(w, "}");
    php_file_end(&f);
}
