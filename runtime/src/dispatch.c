/* The runtime of generated HTTP dispatchers (docs/server.md): route matching, percent-decoding,
 * the JSON object a request's parameters are decoded from, and problem responses. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

bool pl_percent_decode(const char *in, size_t len, bool plus_space, char *out, size_t *out_len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (c == '%') {
            if (len - i < 3)
                return false;
            int hi = pl_hex_value((unsigned char)in[i + 1]),
                lo = pl_hex_value((unsigned char)in[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            out[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_space) {
            out[n++] = ' ';
        } else {
            out[n++] = c;
        }
    }
    *out_len = n;
    return true;
}

/* Appends ", method" to an Allow value (methods are short: the buffer always has room). */
static void allow_method(char *allow, size_t *len, size_t size, const char *method)
{
    size_t m = strlen(method);
    if (*len + m + 3 > size)
        return;
    if (*len) {
        memcpy(allow + *len, ", ", 2);
        *len += 2;
    }
    memcpy(allow + *len, method, m);
    *len += m;
}

/* A 404 (or 400) of the route table: the body goes unless the method is HEAD. */
static long no_route(const pl_http_request *req, pl_http_response *out, int status,
                     const char *message, pl_arena *arena)
{
    pl_http_problem(out, status, NULL, message, arena);
    pl_http_done(req, out, true);
    return -1;
}

long pl_route_find(const pl_route *routes, size_t count, const pl_http_request *req,
                   pl_arena *arena, pl_route_params *params, pl_http_response *out)
{
    const char *seg[PL_ROUTE_MAX_SEGMENTS];
    size_t seg_len[PL_ROUTE_MAX_SEGMENTS];
    size_t n = 0;
    memset(out, 0, sizeof *out);
    memset(params, 0, sizeof *params);
    const char *path = req->path ? req->path : "";
    size_t len = req->path ? req->path_len : 0;
    if (len == 0 || path[0] != '/')
        return no_route(req, out, 404, "no such route", arena);
    size_t at = 1;
    for (;;) {
        size_t end = at;
        while (end < len && path[end] != '/')
            end++;
        if (n == PL_ROUTE_MAX_SEGMENTS)
            return no_route(req, out, 404, "no such route", arena);
        char *text = pl_arena_alloc(arena, end - at + 1);
        if (!text)
            return pl_http_problem(out, 500, NULL, "out of memory", arena), -1;
        if (!pl_percent_decode(path + at, end - at, false, text, &seg_len[n]))
            return no_route(req, out, 400, "bad percent-encoding in the path", arena);
        text[seg_len[n]] = '\0';
        seg[n++] = text;
        if (end >= len)
            break;
        at = end + 1;
    }
    /* The best shape: literal segments compare before parameters, left to right. */
    long best = -1;
    for (size_t r = 0; r < count; r++) {
        const pl_route *route = &routes[r];
        if (route->segment_count != n)
            continue;
        bool match = true;
        for (size_t i = 0; i < n && match; i++) {
            const char *lit = route->segments[i];
            match = !lit || (strlen(lit) == seg_len[i] && memcmp(lit, seg[i], seg_len[i]) == 0);
        }
        if (!match)
            continue;
        if (best < 0) {
            best = (long)r;
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            bool a = routes[best].segments[i] != NULL, b = route->segments[i] != NULL;
            if (a != b) {
                if (b)
                    best = (long)r;
                break;
            }
        }
    }
    if (best < 0)
        return no_route(req, out, 404, "no such route", arena);
    out->matched = true;
    /* Among the routes of that shape, the one of the method (HEAD is answered by GET). */
    const char *method = req->method ? req->method : "";
    bool head = strcmp(method, "HEAD") == 0, options = strcmp(method, "OPTIONS") == 0;
    char allow[160];
    size_t allow_len = 0;
    for (size_t r = 0; r < count; r++) {
        const pl_route *route = &routes[r];
        if (route->segment_count != n)
            continue;
        bool same = true;
        for (size_t i = 0; i < n && same; i++) {
            const char *a = routes[best].segments[i], *b = route->segments[i];
            same = (!a && !b) || (a && b && strcmp(a, b) == 0);
        }
        if (!same)
            continue;
        if (strcmp(route->method, head ? "GET" : method) == 0) {
            for (size_t i = 0; i < n; i++) {
                if (!route->segments[i]) {
                    params->text[params->count] = seg[i];
                    params->len[params->count++] = seg_len[i];
                }
            }
            return (long)r;
        }
        bool get = strcmp(route->method, "GET") == 0;
        allow_method(allow, &allow_len, sizeof allow, route->method);
        if (get)
            allow_method(allow, &allow_len, sizeof allow, "HEAD");
    }
    allow_method(allow, &allow_len, sizeof allow, "OPTIONS");
    if (options) {
        memset(out, 0, sizeof *out);
        out->status = 204;
        out->matched = true;
    } else {
        pl_http_problem(out, 405, NULL, "method not allowed", arena);
        out->matched = true;
        pl_http_done(req, out, true);
    }
    out->allow = pl_arena_strdup(arena, allow, allow_len);
    if (!out->allow) {
        pl_http_problem(out, 500, NULL, "out of memory", arena);
        out->matched = true;
    }
    return -1;
}

static bool start_key(pl_buf *json, const char *key, pl_error *err)
{
    if (json->len > 1 && !pl_buf_append_char(json, ','))
        goto oom;
    if (!pl_json_write_string(json, key, strlen(key), err))
        return false;
    if (!pl_buf_append_char(json, ':'))
        goto oom;
    return true;
oom:
    pl_error_format(err, PL_ERROR_MEMORY, "out of memory");
    return false;
}

static bool write_value(pl_buf *json, const char *key, const char *text, size_t len, bool quoted,
                        pl_error *err)
{
    if (!quoted && len > 0 &&
        ((text[0] >= '0' && text[0] <= '9') || text[0] == '-' ||
         (len == 4 && !memcmp(text, "true", 4)) || (len == 5 && !memcmp(text, "false", 5)))) {
        pl_error ignored;
        if (pl_json_validate(text, len, &ignored)) {
            if (!pl_buf_append(json, text, len)) {
                pl_error_format(err, PL_ERROR_MEMORY, "out of memory");
                return false;
            }
            return true;
        }
    }
    if (!pl_json_write_string(json, text, len, err)) {
        pl_error_prefix_key(err, key, strlen(key));
        return false;
    }
    return true;
}

bool pl_request_param(pl_buf *json, const char *key, const char *text, size_t len, bool quoted,
                      pl_error *err)
{
    return start_key(json, key, err) && write_value(json, key, text, len, quoted, err);
}

bool pl_request_query(pl_buf *json, const char *key, const char *query, size_t query_len, bool list,
                      bool quoted, pl_error *err)
{
    size_t key_len = strlen(key), found = 0;
    char small[256];
    size_t at = 0;
    while (query && at < query_len) {
        size_t end = at;
        while (end < query_len && query[end] != '&')
            end++;
        size_t eq = at;
        while (eq < end && query[eq] != '=')
            eq++;
        size_t k_len;
        if (eq - at <= sizeof small &&
            pl_percent_decode(query + at, eq - at, true, small, &k_len) && k_len == key_len &&
            memcmp(small, key, key_len) == 0) {
            const char *raw = eq < end ? query + eq + 1 : query + end;
            size_t raw_len = eq < end ? end - eq - 1 : 0;
            if (found && !list) {
                pl_error_format(err, PL_ERROR_TYPE, "the parameter is given more than once");
                pl_error_prefix_key(err, key, key_len);
                return false;
            }
            if (!found && !start_key(json, key, err))
                return false;
            if (list && !pl_buf_append_char(json, found ? ',' : '['))
                goto oom;
            char stack[256];
            char *value = raw_len <= sizeof stack ? stack : NULL;
            pl_buf heap;
            pl_buf_init(&heap);
            if (!value) {
                if (!pl_buf_reserve(&heap, raw_len))
                    goto oom;
                value = heap.data;
            }
            size_t v_len;
            bool ok = pl_percent_decode(raw, raw_len, true, value, &v_len);
            if (!ok) {
                pl_buf_free(&heap);
                pl_error_format(err, PL_ERROR_FORMAT, "bad percent-encoding");
                if (list)
                    pl_error_prefix_index(err, found);
                pl_error_prefix_key(err, key, key_len);
                return false;
            }
            ok = write_value(json, key, value, v_len, quoted, err);
            pl_buf_free(&heap);
            if (!ok)
                return false;
            found++;
        }
        at = end + 1;
    }
    if (found && list && !pl_buf_append_char(json, ']'))
        goto oom;
    return true;
oom:
    pl_error_format(err, PL_ERROR_MEMORY, "out of memory");
    return false;
}

bool pl_request_body(pl_buf *json, const char *body, size_t len, pl_error *err)
{
    if (!body || len == 0)
        return true;
    if (!pl_json_validate(body, len, err)) {
        pl_error_prefix_key(err, "body", 4);
        return false;
    }
    if (!start_key(json, "body", err))
        return false;
    if (!pl_buf_append(json, body, len)) {
        pl_error_format(err, PL_ERROR_MEMORY, "out of memory");
        return false;
    }
    return true;
}

static bool finish(pl_http_response *out, int status, pl_buf *body, pl_arena *arena)
{
    out->status = status;
    out->body = NULL;
    out->body_len = 0;
    if (body->len) {
        char *copy = pl_arena_strdup(arena, body->data, body->len);
        if (!copy) {
            pl_buf_free(body);
            out->status = 500;
            return false;
        }
        out->body = copy;
        out->body_len = body->len;
    }
    pl_buf_free(body);
    return true;
}

bool pl_http_problem(pl_http_response *out, int status, const char *path, const char *message,
                     pl_arena *arena)
{
    pl_buf buf;
    pl_error err;
    char number[16];
    pl_buf_init(&buf);
    pl_error_clear(&err);
    snprintf(number, sizeof number, "%d", status);
    bool ok =
        pl_buf_append(&buf, "{\"status\":", 10) && pl_buf_append(&buf, number, strlen(number));
    if (ok && path) {
        ok = pl_buf_append(&buf, ",\"path\":", 8) &&
             pl_json_write_string(&buf, path, strlen(path), &err);
    }
    ok = ok && pl_buf_append(&buf, ",\"message\":", 11) &&
         pl_json_write_string(&buf, message, strlen(message), &err) &&
         pl_buf_append_char(&buf, '}');
    if (!ok) {
        pl_buf_free(&buf);
        out->status = status;
        out->body = NULL;
        out->body_len = 0;
        return false;
    }
    return finish(out, status, &buf, arena);
}

bool pl_http_bad_request(pl_http_response *out, const pl_error *err, pl_arena *arena)
{
    if (err->kind == PL_ERROR_MEMORY)
        return pl_http_problem(out, 500, NULL, "out of memory", arena);
    return pl_http_problem(out, 400, err->path, err->message, arena);
}

bool pl_http_json(pl_http_response *out, int status, pl_buf *body, bool encoded,
                  const pl_error *err, pl_arena *arena)
{
    if (!encoded) {
        pl_buf_free(body);
        return pl_http_problem(out, 500, NULL, err->message, arena);
    }
    return finish(out, status, body, arena);
}

bool pl_http_invalid_answer(pl_http_response *out, const pl_error *err, pl_arena *arena)
{
    if (err->kind == PL_ERROR_MEMORY)
        return pl_http_problem(out, 500, NULL, "out of memory", arena);
    char message[sizeof err->message + 40];
    snprintf(message, sizeof message, "the handler's answer is invalid: %s", err->message);
    return pl_http_problem(out, 500, err->path, message, arena);
}

bool pl_http_done(const pl_http_request *req, pl_http_response *out, bool ok)
{
    if (req->method && strcmp(req->method, "HEAD") == 0)
        out->body = NULL;
    return ok;
}
