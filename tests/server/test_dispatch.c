/* Drives the generated dispatcher of server.payload in-process (docs/server.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srv.h"

static int failures, checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

static char seen[512]; /* what the last handler saw */

static bool get_item(void *context, const srv_Shop_get_item_request *req,
                     srv_Shop_get_item_result *res, pl_arena *arena)
{
    (void)context;
    if (req->id == 13)
        return false;
    if (req->id == 404 || req->id == 405) {
        srv_NotFound *e = pl_arena_alloc(arena, sizeof *e);
        e->message.data = "gone";
        e->message.len = req->id == 404 ? 4 : 0; /* 405: breaks @min_length(1) */
        res->NotFound = e;
        return true;
    }
    res->body.id = req->id;
    res->body.name.data = "ball";
    res->body.name.len = req->id == 66 ? 0 : 4; /* 66: breaks @min_length(1) */
    res->body.color = SRV_COLOR_GREEN;
    return true;
}

static bool item_by_name(void *context, const srv_Shop_item_by_name_request *req,
                         srv_Shop_item_by_name_result *res, pl_arena *arena)
{
    (void)context;
    (void)arena;
    snprintf(seen, sizeof seen, "name=[%.*s]", (int)req->name.len, req->name.data);
    res->body.id = 1;
    res->body.name = req->name;
    return true;
}

static bool list_items(void *context, const srv_Shop_list_items_request *req,
                       srv_Shop_list_items_result *res, pl_arena *arena)
{
    (void)context;
    (void)arena;
    int n = snprintf(seen, sizeof seen, "colors=%zu limit=%d q=%s", req->colors.count,
                     (int)req->limit, req->has_q ? "yes" : "no");
    if (req->has_q)
        n += snprintf(seen + n, sizeof seen - (size_t)n, "[%.*s]", (int)req->q.len, req->q.data);
    for (size_t i = 0; i < req->colors.count; i++)
        n += snprintf(seen + n, sizeof seen - (size_t)n, " c%d", (int)req->colors.items[i]);
    if (req->has_ids) {
        for (size_t i = 0; i < req->ids.count; i++)
            n += snprintf(seen + n, sizeof seen - (size_t)n, " id%lld",
                          (long long)req->ids.items[i]);
    }
    res->body.items = NULL;
    res->body.count = 0;
    if (req->has_q && req->q.len == 3 && memcmp(req->q.data, "bad", 3) == 0) {
        /* Two items, the second one invalid: the 500 names /1/name. */
        srv_Item *items = pl_arena_alloc(arena, 2 * sizeof *items);
        if (!items)
            return false;
        memset(items, 0, 2 * sizeof *items);
        items[0].name = (pl_string){"ok", 2};
        items[1].name = (pl_string){"", 0};
        res->body.items = items;
        res->body.count = 2;
    }
    return true;
}

static bool create_item(void *context, const srv_Shop_create_item_request *req,
                        srv_Shop_create_item_result *res, pl_arena *arena)
{
    (void)context;
    if (req->body.id == 9) {
        srv_Conflict *e = pl_arena_alloc(arena, sizeof *e);
        e->id = 9;
        res->Conflict = e;
        return true;
    }
    snprintf(seen, sizeof seen, "dry_run=%d", (int)req->dry_run);
    res->body = req->body;
    return true;
}

static bool delete_item(void *context, const srv_Shop_delete_item_request *req,
                        srv_Shop_delete_item_result *res, pl_arena *arena)
{
    (void)context;
    (void)res;
    (void)arena;
    snprintf(seen, sizeof seen, "deleted %lld", (long long)req->id);
    return true;
}

static bool touch_item(void *context, const srv_Shop_touch_item_request *req,
                       srv_Shop_touch_item_result *res, pl_arena *arena)
{
    (void)context;
    (void)res;
    (void)arena;
    snprintf(seen, sizeof seen, "touched %lld", (long long)req->id);
    return true;
}

static srv_Shop_handlers handlers = {
    .get_item = get_item,
    .item_by_name = item_by_name,
    .list_items = list_items,
    .create_item = create_item,
    .delete_item = delete_item,
    .touch_item = touch_item,
};

static pl_http_response out;

static pl_arena *arena;

static int call(const char *method, const char *path, const char *query, const char *body)
{
    pl_http_request req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = path;
    req.path_len = strlen(path);
    req.query = query;
    req.query_len = query ? strlen(query) : 0;
    req.body = body;
    req.body_len = body ? strlen(body) : 0;
    seen[0] = '\0';
    pl_arena_reset(arena);
    CHECK(srv_Shop_dispatch(&handlers, &req, arena, &out));
    return out.status;
}

static bool body_is(const char *text)
{
    bool ok = out.body_len == strlen(text) && memcmp(out.body, text, out.body_len) == 0;
    if (!ok)
        fprintf(stderr, "body: %.*s\nwant: %s\n", (int)out.body_len, out.body ? out.body : "",
                text);
    return ok;
}

static bool seen_is(const char *text)
{
    bool ok = strcmp(seen, text) == 0;
    if (!ok)
        fprintf(stderr, "seen: %s\nwant: %s\n", seen, text);
    return ok;
}

int main(void)
{
    arena = pl_arena_new();

    /* Every route. */
    CHECK(call("GET", "/items/7", NULL, NULL) == 200);
    CHECK(body_is("{\"id\":7,\"name\":\"ball\",\"color\":\"green\"}"));
    CHECK(call("GET", "/items/by-name/a%20b%2Fc", NULL, NULL) == 200); /* literal before {id} */
    CHECK(seen_is("name=[a b/c]"));
    CHECK(call("GET", "/items", NULL, NULL) == 200);
    CHECK(body_is("[]"));
    CHECK(seen_is("colors=0 limit=10 q=no")); /* defaults */
    CHECK(call("GET", "/items", "colors=red&colors=green&limit=3&q=x+y%21&ids=1&ids=2", NULL) ==
          200);
    CHECK(seen_is("colors=2 limit=3 q=yes[x y!] c0 c1 id1 id2"));
    CHECK(call("POST", "/items", "dry_run=true", "{\"id\":1,\"name\":\"n\",\"color\":\"red\"}") ==
          200);
    CHECK(seen_is("dry_run=1"));
    CHECK(body_is("{\"id\":1,\"name\":\"n\",\"color\":\"red\"}"));
    CHECK(call("DELETE", "/items/5", NULL, NULL) == 204);
    CHECK(out.body == NULL && seen_is("deleted 5"));

    /* Bad input: 400 with the path. */
    CHECK(call("GET", "/items/abc", NULL, NULL) == 400);
    CHECK(strstr(out.body, "\"path\":\"/id\"") != NULL);
    CHECK(call("GET", "/items", "limit=0", NULL) == 400);
    CHECK(strstr(out.body, "\"path\":\"/limit\"") != NULL);
    CHECK(call("GET", "/items", "limit=1&limit=2", NULL) == 400);
    CHECK(call("GET", "/items", "colors=blue", NULL) == 400);
    CHECK(strstr(out.body, "\"path\":\"/colors/0\"") != NULL);
    CHECK(call("GET", "/items", "q=%zz", NULL) == 400);
    CHECK(call("POST", "/items", NULL, "{\"id\":1,") == 400);
    CHECK(strstr(out.body, "\"path\":\"/body\"") != NULL);
    CHECK(call("POST", "/items", NULL, "{\"id\":1,\"name\":\"\",\"color\":\"red\"}") == 400);
    CHECK(strstr(out.body, "\"path\":\"/body/name\"") != NULL);
    CHECK(call("POST", "/items", NULL, NULL) == 400);           /* the body is required */
    CHECK(call("POST", "/items", NULL, "1, \"id\": 2") == 400); /* no injection */

    /* Routing. */
    CHECK(call("GET", "/nothing", NULL, NULL) == 404);
    CHECK(call("GET", "/items/1/2", NULL, NULL) == 404);
    CHECK(call("GET", "", NULL, NULL) == 404);
    CHECK(!out.matched); /* the 404 of the route table: another service may have the path */
    CHECK(call("PUT", "/items/1", NULL, NULL) == 405);
    CHECK(out.matched);
    CHECK(out.allow && strcmp(out.allow, "GET, HEAD, DELETE, OPTIONS") == 0);
    CHECK(call("PATCH", "/items", NULL, NULL) == 405);
    CHECK(out.allow && strcmp(out.allow, "GET, HEAD, POST, OPTIONS") == 0);
    CHECK(call("GET", "/items/1/touch", NULL, NULL) == 405);
    CHECK(out.allow && strcmp(out.allow, "POST, OPTIONS") == 0);
    CHECK(call("POST", "/items/3/touch", NULL, NULL) == 204 && out.matched && out.body == NULL &&
          out.body_len == 0 && seen_is("touched 3"));
    CHECK(call("GET", "/items/7", NULL, NULL) == 200 && out.matched && out.allow == NULL);

    /* HEAD: the GET answer without its body; body_len is the GET body's length. */
    CHECK(call("HEAD", "/items/7", NULL, NULL) == 200);
    CHECK(out.body == NULL &&
          out.body_len == strlen("{\"id\":7,\"name\":\"ball\",\"color\":\"green\"}"));
    CHECK(call("HEAD", "/items", "limit=3&colors=red", NULL) == 200 && out.body == NULL &&
          out.body_len == 2 && seen_is("colors=1 limit=3 q=no c0"));
    CHECK(call("HEAD", "/items/404", NULL, NULL) == 404 && out.body == NULL &&
          out.body_len == strlen("{\"message\":\"gone\"}"));
    CHECK(call("HEAD", "/items", "limit=0", NULL) == 400 && out.body == NULL && out.body_len > 0);
    CHECK(call("HEAD", "/nothing", NULL, NULL) == 404 && out.body == NULL && out.body_len > 0 &&
          !out.matched);
    CHECK(call("HEAD", "/items/3/touch", NULL, NULL) == 405 && out.body == NULL &&
          strcmp(out.allow, "POST, OPTIONS") == 0 && seen_is(""));

    /* OPTIONS: 204 with the path's methods, without calling a handler; 404 without a route. */
    CHECK(call("OPTIONS", "/items/7", NULL, NULL) == 204 && out.body == NULL && out.body_len == 0);
    CHECK(out.matched && out.allow && strcmp(out.allow, "GET, HEAD, DELETE, OPTIONS") == 0);
    CHECK(call("OPTIONS", "/items", NULL, "{") == 204 && seen_is(""));
    CHECK(strcmp(out.allow, "GET, HEAD, POST, OPTIONS") == 0);
    CHECK(call("OPTIONS", "/items/by-name/x", NULL, NULL) == 204);
    CHECK(strcmp(out.allow, "GET, HEAD, OPTIONS") == 0);
    CHECK(call("OPTIONS", "/items/1/touch", NULL, NULL) == 204);
    CHECK(strcmp(out.allow, "POST, OPTIONS") == 0);
    CHECK(call("OPTIONS", "/nothing", NULL, NULL) == 404 && !out.matched && out.allow == NULL);
    CHECK(call("OPTIONS", "/items/1/2", NULL, NULL) == 404);

    /* Declared errors and failures. */
    CHECK(call("GET", "/items/404", NULL, NULL) == 404);
    CHECK(body_is("{\"message\":\"gone\"}"));
    CHECK(call("POST", "/items", NULL, "{\"id\":9,\"name\":\"n\",\"color\":\"red\"}") == 409);
    CHECK(body_is("{\"id\":9}"));
    CHECK(call("GET", "/items/13", NULL, NULL) == 500);

    /* Invalid answers of a handler: a 500 naming the value, never the invalid JSON. */
    CHECK(call("GET", "/items/66", NULL, NULL) == 500);
    CHECK(strstr(out.body, "\"path\":\"/name\"") != NULL);
    CHECK(strstr(out.body, "\"status\":500") != NULL);
    CHECK(strstr(out.body, "the handler's answer is invalid") != NULL);
    CHECK(call("GET", "/items/405", NULL, NULL) == 500); /* a declared error is checked too */
    CHECK(strstr(out.body, "\"path\":\"/message\"") != NULL);
    CHECK(call("GET", "/items", "q=bad", NULL) == 500);
    CHECK(strstr(out.body, "\"path\":\"/1/name\"") != NULL);
    CHECK(call("HEAD", "/items/66", NULL, NULL) == 500 && out.body == NULL && out.body_len > 0);
    /* trust_responses: sent as the handler made them, unchecked. */
    handlers.trust_responses = true;
    CHECK(call("GET", "/items/66", NULL, NULL) == 200);
    CHECK(body_is("{\"id\":66,\"name\":\"\",\"color\":\"green\"}"));
    CHECK(call("GET", "/items/405", NULL, NULL) == 404);
    CHECK(body_is("{\"message\":\"\"}"));
    CHECK(call("GET", "/items", "q=bad", NULL) == 200);
    handlers.trust_responses = false;
    CHECK(call("GET", "/items/7", NULL, NULL) == 200);

    /* A missing handler: 501. */
    srv_Shop_handlers none;
    memset(&none, 0, sizeof none);
    pl_http_request req;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/items/1";
    req.path_len = 8;
    CHECK(srv_Shop_dispatch(&none, &req, arena, &out) && out.status == 501);

    pl_arena_free(arena);
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
