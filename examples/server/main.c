/* The sports-club API (schemas/) as an HTTP server: libmicrohttpd in front of the generated
 * dispatcher (docs/server.md), SQLite behind it. Serves the Players service (the others answer
 * 404; Players routes without a handler here answer 501). Listens on 127.0.0.1 only.
 *
 * Build and run: see examples/server/README.md (--db PATH, :memory: by default; --port N,
 * 0 for any free port).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mycoach_api.h"

static sqlite3 *db;

/* ---- handlers ---- */

static pl_string text(pl_arena *arena, const char *s)
{
    pl_string out;
    out.len = strlen(s);
    out.data = pl_arena_strdup(arena, s, out.len);
    return out;
}

static mycoach_errors_NotFound *not_found(pl_arena *arena, int64_t id)
{
    mycoach_errors_NotFound *e = pl_arena_alloc(arena, sizeof *e);
    char number[32];
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    snprintf(number, sizeof number, "%lld", (long long)id);
    e->message = text(arena, "no such player");
    e->resource = text(arena, "player");
    e->id = text(arena, number);
    return e;
}

/* The stored JSON of a player, decoded into the arena. */
static bool load(sqlite3_stmt *stmt, int column, pl_arena *arena, mycoach_people_Player *out)
{
    pl_error err;
    const char *doc = (const char *)sqlite3_column_text(stmt, column);
    size_t len = (size_t)sqlite3_column_bytes(stmt, column);
    if (!mycoach_people_Player_decode(doc, len, arena, out, &err)) {
        fprintf(stderr, "stored player: %s at %s\n", err.message, err.path);
        return false;
    }
    return true;
}

static bool get_player(void *context, const mycoach_api_Players_get_player_request *req,
                       mycoach_api_Players_get_player_result *res, pl_arena *arena)
{
    (void)context;
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT doc FROM players WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int64(stmt, 1, req->id);
    bool ok = true;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        ok = load(stmt, 0, arena, &res->body);
    else
        ok = (res->NotFound = not_found(arena, req->id)) != NULL;
    sqlite3_finalize(stmt);
    return ok;
}

/* The batch route: one query, in the order of the ids, unknown ids skipped. */
static bool get_players(void *context, const mycoach_api_Players_get_players_request *req,
                        mycoach_api_Players_get_players_result *res, pl_arena *arena)
{
    (void)context;
    pl_buf ids; /* the ids as a JSON array, for json_each */
    pl_buf_init(&ids);
    bool written = pl_buf_append_char(&ids, '[');
    for (size_t i = 0; written && i < req->body.ids.count; i++) {
        char number[32];
        int n = snprintf(number, sizeof number, "%s%lld", i ? "," : "",
                         (long long)req->body.ids.items[i]);
        written = pl_buf_append(&ids, number, (size_t)n);
    }
    if (!written || !pl_buf_append_char(&ids, ']')) {
        pl_buf_free(&ids);
        return false;
    }
    sqlite3_stmt *stmt;
    const char *sql = "SELECT p.doc FROM json_each(?1) AS j JOIN players AS p ON p.id = j.value "
                      "WHERE ?2 OR p.status <> 'inactive' ORDER BY j.key";
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        pl_buf_free(&ids);
        return false;
    }
    sqlite3_bind_text(stmt, 1, ids.data, (int)ids.len, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 2, req->body.include_inactive);
    pl_buf_free(&ids);
    pl_list_builder list;
    memset(&list, 0, sizeof list);
    bool ok = true;
    while (ok && sqlite3_step(stmt) == SQLITE_ROW) {
        mycoach_people_Player *p = pl_list_push(arena, &list, sizeof *p);
        ok = p && load(stmt, 0, arena, p);
    }
    sqlite3_finalize(stmt);
    res->body.count = list.count;
    res->body.items = pl_list_finish(arena, &list, sizeof *res->body.items);
    return ok;
}

static bool create_player(void *context, const mycoach_api_Players_create_player_request *req,
                          mycoach_api_Players_create_player_result *res, pl_arena *arena)
{
    (void)context;
    (void)arena;
    const mycoach_people_NewPlayer *n = &req->body;
    mycoach_people_Player *p = &res->body;
    memset(p, 0, sizeof *p);
    p->club_id = n->club_id;
    p->first_name = n->first_name;
    p->last_name = n->last_name;
    p->birth_date = n->birth_date;
    p->has_email = n->has_email;
    p->email = n->email;
    p->has_phone = n->has_phone;
    p->phone = n->phone;
    p->status = n->status;
    p->team_ids = n->team_ids;
    p->positions = n->positions;
    p->has_laterality = n->has_laterality;
    p->laterality = n->laterality;
    p->has_shirt_number = n->has_shirt_number;
    p->shirt_number = n->shirt_number;
    p->has_licence = n->has_licence;
    p->licence = n->licence;
    p->medical_clearance_until_is_null = true;
    p->emergency_contact_is_null = !n->has_emergency_contact;
    p->emergency_contact = n->emergency_contact;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    pl_datetime at = {(int32_t)(tm.tm_year + 1900), (uint8_t)(tm.tm_mon + 1), (uint8_t)tm.tm_mday,
                      (uint8_t)tm.tm_hour, (uint8_t)tm.tm_min, (uint8_t)tm.tm_sec, 0, 0, 0};
    p->audit.created_at = at;
    p->audit.updated_at = at;
    p->audit.updated_by_is_null = true;

    /* The id is SQLite's: insert, then store the document with it. */
    pl_buf status, doc;
    pl_error err;
    pl_buf_init(&status);
    pl_buf_init(&doc);
    if (!mycoach_people_PlayerStatus_encode(&p->status, &status, &err))
        return false;
    sqlite3_stmt *stmt;
    bool ok = sqlite3_prepare_v2(db, "INSERT INTO players (status, doc) VALUES (json_extract(?1, '$'), '')",
                                 -1, &stmt, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(stmt, 1, status.data, (int)status.len, SQLITE_TRANSIENT);
        ok = sqlite3_step(stmt) == SQLITE_DONE;
        sqlite3_finalize(stmt);
    }
    pl_buf_free(&status);
    p->id = sqlite3_last_insert_rowid(db);
    ok = ok && mycoach_people_Player_encode(p, &doc, &err) &&
         sqlite3_prepare_v2(db, "UPDATE players SET doc = ?1 WHERE id = ?2", -1, &stmt, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(stmt, 1, doc.data, (int)doc.len, SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 2, p->id);
        ok = sqlite3_step(stmt) == SQLITE_DONE;
        sqlite3_finalize(stmt);
    }
    pl_buf_free(&doc);
    return ok;
}

static bool delete_player(void *context, const mycoach_api_Players_delete_player_request *req,
                          mycoach_api_Players_delete_player_result *res, pl_arena *arena)
{
    (void)context;
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "DELETE FROM players WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int64(stmt, 1, req->id);
    bool ok = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_finalize(stmt);
    if (ok && sqlite3_changes(db) == 0)
        ok = (res->NotFound = not_found(arena, req->id)) != NULL;
    return ok;
}

/* ---- HTTP ---- */

typedef struct connection {
    pl_buf body;
} connection;

static void append_escaped(pl_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            pl_buf_append_char(out, (char)c);
        } else {
            pl_buf_append_char(out, '%');
            pl_buf_append_char(out, hex[c >> 4]);
            pl_buf_append_char(out, hex[c & 15]);
        }
    }
}

/* libmicrohttpd hands over the query already split and decoded: encode it back. */
static enum MHD_Result add_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    pl_buf *query = cls;
    (void)kind;
    if (query->len)
        pl_buf_append_char(query, '&');
    append_escaped(query, key, strlen(key));
    if (value) {
        pl_buf_append_char(query, '=');
        append_escaped(query, value, strlen(value));
    }
    return MHD_YES;
}

static const mycoach_api_Players_handlers players = {
    NULL, NULL, get_player, get_players, NULL, create_player, NULL, NULL, delete_player, NULL,
};

static enum MHD_Result answer(void *cls, struct MHD_Connection *mhd, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    (void)cls;
    (void)version;
    connection *c = *state;
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            return MHD_NO;
        pl_buf_init(&c->body);
        *state = c;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!pl_buf_append(&c->body, upload, *upload_size))
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    pl_buf path, query;
    pl_buf_init(&path);
    pl_buf_init(&query);
    /* The path arrives percent-decoded: encode it back, segment by segment. */
    for (const char *s = url; *s; s++) {
        if (*s == '/')
            pl_buf_append_char(&path, '/');
        else
            append_escaped(&path, s, 1);
    }
    MHD_get_connection_values(mhd, MHD_GET_ARGUMENT_KIND, add_argument, &query);
    pl_http_request req = {method, path.data, path.len, query.data, query.len,
                           c->body.data, c->body.len};
    pl_arena *arena = pl_arena_new();
    pl_http_response out;
    memset(&out, 0, sizeof out);
    if (arena)
        mycoach_api_Players_dispatch(&players, &req, arena, &out);
    else
        out.status = 500;
    struct MHD_Response *response = MHD_create_response_from_buffer(
        out.body_len, (void *)(uintptr_t)(out.body ? out.body : ""), MHD_RESPMEM_MUST_COPY);
    if (out.body)
        MHD_add_response_header(response, "Content-Type", "application/json");
    if (out.allow)
        MHD_add_response_header(response, "Allow", out.allow);
    enum MHD_Result ret = MHD_queue_response(mhd, (unsigned)out.status, response);
    MHD_destroy_response(response);
    pl_arena_free(arena);
    pl_buf_free(&path);
    pl_buf_free(&query);
    return ret;
}

static void done(void *cls, struct MHD_Connection *mhd, void **state,
                 enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)mhd;
    (void)code;
    connection *c = *state;
    if (c) {
        pl_buf_free(&c->body);
        free(c);
        *state = NULL;
    }
}

int main(int argc, char **argv)
{
    const char *db_path = ":memory:";
    unsigned port = 8080;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--db") == 0)
            db_path = argv[i + 1];
        else if (strcmp(argv[i], "--port") == 0)
            port = (unsigned)atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: %s [--db PATH] [--port N]\n", argv[0]);
            return 2;
        }
    }
    if (sqlite3_open(db_path, &db) != SQLITE_OK ||
        sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS players (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "status TEXT NOT NULL, doc TEXT NOT NULL)", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", db_path, sqlite3_errmsg(db));
        return 1;
    }
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, NULL); /* the server's thread inherits the mask */
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, answer, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "cannot listen on 127.0.0.1:%u\n", port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening on http://127.0.0.1:%u\n", info ? (unsigned)info->port : port);
    fflush(stdout);
    int sig;
    sigwait(&signals, &sig);
    MHD_stop_daemon(d);
    sqlite3_close(db);
    return 0;
}
