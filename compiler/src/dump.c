/* payloadc check --dump json: the resolved schema as JSON, for tests and tools. The format is
 * documented in docs/language.md ("The resolved-schema dump"). */
#include <stdio.h>
#include <string.h>

#include "resolve.h"

typedef struct writer {
    pl_buf *out;
    bool ok;
} writer;

static void raw(writer *w, const char *text, size_t length)
{
    if (w->ok && !pl_buf_append(w->out, text, length))
        w->ok = false;
}

static void text(writer *w, const char *literal)
{
    raw(w, literal, strlen(literal));
}

static void string(writer *w, const char *value, size_t length)
{
    if (w->ok && !pl_json_write_string(w->out, value, length, NULL))
        w->ok = false;
}

static void cstring(writer *w, const char *value)
{
    string(w, value, strlen(value));
}

static void key(writer *w, const char *name, bool first)
{
    if (!first)
        text(w, ",");
    cstring(w, name);
    text(w, ":");
}

static void number(writer *w, long long value)
{
    char buffer[32];
    int length = snprintf(buffer, sizeof buffer, "%lld", value);
    raw(w, buffer, (size_t)length);
}

static void type_text(pl_buf *out, const pc_type *type)
{
    if (!type) {
        pl_buf_append(out, "?", 1);
        return;
    }
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE: {
        const char *name = pc_primitive_name(type->as.primitive);
        pl_buf_append(out, name, strlen(name));
        return;
    }
    case PC_TYPE_LIST:
        pl_buf_append(out, "list<", 5);
        type_text(out, type->as.element);
        pl_buf_append(out, ">", 1);
        return;
    case PC_TYPE_MAP:
        pl_buf_append(out, "map<string,", 11);
        type_text(out, type->as.element);
        pl_buf_append(out, ">", 1);
        return;
    case PC_TYPE_NULLABLE:
        type_text(out, type->as.element);
        pl_buf_append(out, "?", 1);
        return;
    case PC_TYPE_NAMED:
        pl_buf_append(out, type->as.decl->qualified_name, strlen(type->as.decl->qualified_name));
        return;
    case PC_TYPE_UNRESOLVED:
        pl_buf_append(out, type->written.text.ptr, type->written.text.len);
        return;
    }
}

static void type_value(writer *w, const pc_type *type)
{
    if (!type) {
        text(w, "null");
        return;
    }
    pl_buf scratch;
    pl_buf_init(&scratch);
    type_text(&scratch, type);
    string(w, scratch.data ? scratch.data : "", scratch.len);
    pl_buf_free(&scratch);
}

static void location(writer *w, const pc_loc *loc)
{
    key(w, "file", false);
    cstring(w, loc->source ? loc->source->path : "");
    key(w, "line", false);
    number(w, loc->line);
    key(w, "column", false);
    number(w, loc->column);
}

static void meta(writer *w, const pc_meta *m)
{
    if (m->doc) {
        key(w, "doc", false);
        cstring(w, m->doc);
    }
    if (m->deprecated) {
        key(w, "deprecated", false);
        string(w, m->deprecated_reason.ptr ? m->deprecated_reason.ptr : "",
               m->deprecated_reason.len);
    }
}

static void constraints(writer *w, const pc_constraints *c)
{
    if (!c->min && !c->max && !c->has_min_length && !c->has_max_length && !c->has_min_items &&
        !c->has_max_items && !c->pattern)
        return;
    key(w, "constraints", false);
    text(w, "{");
    bool first = true;
    if (c->min) {
        key(w, "min", first);
        raw(w, c->min->raw.ptr, c->min->raw.len);
        first = false;
    }
    if (c->max) {
        key(w, "max", first);
        raw(w, c->max->raw.ptr, c->max->raw.len);
        first = false;
    }
    const struct {
        bool present;
        uint64_t value;
        const char *name;
    } counts[] = {{c->has_min_length, c->min_length, "min_length"},
                  {c->has_max_length, c->max_length, "max_length"},
                  {c->has_min_items, c->min_items, "min_items"},
                  {c->has_max_items, c->max_items, "max_items"}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        if (!counts[i].present)
            continue;
        key(w, counts[i].name, first);
        number(w, (long long)counts[i].value);
        first = false;
    }
    if (c->pattern) {
        key(w, "pattern", first);
        string(w, c->pattern->as.string.ptr, c->pattern->as.string.len);
    }
    text(w, "}");
}

static void field(writer *w, const pc_field *f, const char *role)
{
    text(w, "{");
    key(w, "name", true);
    string(w, f->name.ptr, f->name.len);
    if (role) {
        key(w, "in", false);
        cstring(w, role);
    } else {
        key(w, "wire", false);
        string(w, f->wire.ptr, f->wire.len);
    }
    key(w, "type", false);
    type_value(w, f->type);
    key(w, "optional", false);
    text(w, f->optional ? "true" : "false");
    if (f->default_value) {
        key(w, "default", false);
        string(w, f->default_value->raw.ptr, f->default_value->raw.len);
    }
    constraints(w, &f->constraints);
    meta(w, &f->meta);
    location(w, &f->loc);
    text(w, "}");
}

static const char *role_name(pc_param_role role)
{
    switch (role) {
    case PC_PARAM_PATH: return "path";
    case PC_PARAM_BODY: return "body";
    case PC_PARAM_QUERY: break;
    }
    return "query";
}

static void route(writer *w, const pc_route *r)
{
    text(w, "{");
    key(w, "name", true);
    string(w, r->name.ptr, r->name.len);
    key(w, "method", false);
    cstring(w, pc_method_name(r->method));
    key(w, "path", false);
    string(w, r->path.ptr, r->path.len);
    key(w, "shape", false);
    cstring(w, r->shape ? r->shape : "");
    key(w, "params", false);
    text(w, "[");
    for (uint32_t p = 0; p < r->param_count; p++) {
        if (p)
            text(w, ",");
        field(w, r->params[p], role_name(r->param_roles ? r->param_roles[p] : PC_PARAM_QUERY));
    }
    text(w, "]");
    key(w, "response", false);
    type_value(w, r->response);
    key(w, "throws", false);
    text(w, "[");
    for (uint32_t t = 0; t < r->throw_count; t++) {
        if (t)
            text(w, ",");
        type_value(w, r->throws[t]);
    }
    text(w, "]");
    meta(w, &r->meta);
    location(w, &r->loc);
    text(w, "}");
}

static void decl_body(writer *w, const pc_decl *d)
{
    switch (d->kind) {
    case PC_DECL_STRUCT:
        if (d->as.struct_.status) {
            key(w, "status", false);
            number(w, d->as.struct_.status);
        }
        key(w, "fields", false);
        text(w, "[");
        for (uint32_t f = 0; f < d->as.struct_.field_count; f++) {
            if (f)
                text(w, ",");
            field(w, d->as.struct_.fields[f], NULL);
        }
        text(w, "]");
        break;
    case PC_DECL_ENUM:
        key(w, "open", false);
        text(w, d->as.enum_.open ? "true" : "false");
        key(w, "members", false);
        text(w, "[");
        for (uint32_t m = 0; m < d->as.enum_.member_count; m++) {
            const pc_member *member = d->as.enum_.members[m];
            text(w, m ? ",{" : "{");
            key(w, "name", true);
            string(w, member->name.ptr, member->name.len);
            key(w, "wire", false);
            string(w, member->wire.ptr, member->wire.len);
            meta(w, &member->meta);
            text(w, "}");
        }
        text(w, "]");
        break;
    case PC_DECL_UNION:
        key(w, "open", false);
        text(w, d->as.union_.open ? "true" : "false");
        key(w, "discriminator", false);
        string(w, d->as.union_.discriminator.ptr, d->as.union_.discriminator.len);
        key(w, "variants", false);
        text(w, "[");
        for (uint32_t v = 0; v < d->as.union_.variant_count; v++) {
            const pc_variant *variant = d->as.union_.variants[v];
            text(w, v ? ",{" : "{");
            key(w, "name", true);
            string(w, variant->name.ptr, variant->name.len);
            key(w, "wire", false);
            string(w, variant->wire.ptr, variant->wire.len);
            key(w, "type", false);
            type_value(w, variant->target);
            meta(w, &variant->meta);
            text(w, "}");
        }
        text(w, "]");
        break;
    case PC_DECL_ALIAS:
        key(w, "target", false);
        type_value(w, d->as.alias.target);
        constraints(w, &d->as.alias.constraints);
        break;
    case PC_DECL_SERVICE:
        key(w, "routes", false);
        text(w, "[");
        for (uint32_t r = 0; r < d->as.service.route_count; r++) {
            if (r)
                text(w, ",");
            route(w, d->as.service.routes[r]);
        }
        text(w, "]");
        break;
    }
}

bool pc_schema_dump_json(const pc_schema *schema, pl_buf *out)
{
    writer w = {out, true};
    text(&w, "{\"files\":[");
    for (uint32_t i = 0; i < schema->file_count; i++) {
        const pc_file *file = schema->files[i];
        text(&w, i ? ",{" : "{");
        key(&w, "path", true);
        cstring(&w, file->source->path);
        key(&w, "package", false);
        string(&w, file->package_name.text.ptr, file->package_name.text.len);
        key(&w, "root", false);
        text(&w, file->root ? "true" : "false");
        key(&w, "imports", false);
        text(&w, "[");
        for (uint32_t m = 0; m < file->import_count; m++) {
            if (m)
                text(&w, ",");
            const pc_file *target = file->imports[m]->file;
            if (target)
                cstring(&w, target->source->path);
            else
                text(&w, "null");
        }
        text(&w, "]}");
    }
    text(&w, "],\"declarations\":[");
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        const pc_decl *d = schema->decls[i];
        text(&w, i ? ",{" : "{");
        key(&w, "name", true);
        cstring(&w, d->qualified_name);
        key(&w, "kind", false);
        cstring(&w, pc_decl_kind_name(d->kind));
        if (d->kind != PC_DECL_SERVICE) {
            key(&w, "direction", false);
            cstring(&w, pc_direction_name(d->direction));
        }
        decl_body(&w, d);
        meta(&w, &d->meta);
        location(&w, &d->loc);
        text(&w, "}");
    }
    text(&w, "]}\n");
    return w.ok;
}
