/* The sports-club API (schemas/) as an HTTP server: libmicrohttpd in front of the generated
 * dispatchers (docs/server.md), SQLite behind them (store.c). Serves every route of the eight
 * services (people.c, calendar.c, invitations.c). Listens on 127.0.0.1 only.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "club.h"

/* ---- HTTP ---- */

/* Request bodies larger than this are read and dropped, and answered 413 without dispatching
 * (a 1 MB body is accepted). */
#define MAX_BODY (2u * 1024u * 1024u)

/* --floor (the HTTP floor of bench/server/load.sh): the first request of each method and path
 * goes through the dispatcher and its answer is recorded; later requests with that method and
 * path (whatever their query or body) get the recorded bytes back, without the dispatcher or
 * the database. Only for benchmarks. */
static bool floor_mode;
typedef struct recorded {
    char *method, *url, *body;
    size_t body_len;
    int status;
} recorded;
static recorded floor_answers[16];
static size_t floor_count;

static const char too_large_body[] = "{\"status\":413,\"message\":\"the body is too large\"}";

typedef struct connection {
    pl_buf body;
    bool too_large;
} connection;

static enum MHD_Result send_constant(struct MHD_Connection *mhd, unsigned status, const char *body,
                                     size_t len)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_PERSISTENT);
    if (!response)
        return MHD_NO;
    if (len)
        MHD_add_response_header(response, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(mhd, status, response);
    MHD_destroy_response(response);
    return ret;
}

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

/* The services, copied from their handlers (main() may set trust_responses). */
static struct {
    mycoach_api_Players_handlers players;
    mycoach_api_Events_handlers events;
    mycoach_api_Invitations_handlers invitations;
    mycoach_api_Teams_handlers teams;
    mycoach_api_Clubs_handlers clubs;
    mycoach_api_StaffDirectory_handlers staff;
    mycoach_api_Sports_handlers sports;
    mycoach_api_Health_handlers health;
} services;

/* Clears the answer of the previous service. */
static pl_http_response *cleared(pl_http_response *out)
{
    memset(out, 0, sizeof *out);
    return out;
}

/* After a service's dispatcher: whether its answer is final (it has a route for the path, or
 * memory ran out: a 500). */
static bool answered(pl_http_response *out, bool ok)
{
    if (!ok) {
        cleared(out)->status = 500;
        return true;
    }
    return out->matched;
}

/* Each service in turn until one has a route for the path: its answer is final, 405 included;
 * when none has one, the 404 of the last. Players first: the benchmarked routes are there. */
static void dispatch_services(const pl_http_request *req, pl_arena *arena, pl_http_response *out)
{
    if (answered(out, mycoach_api_Players_dispatch(&services.players, req, arena, cleared(out))) ||
        answered(out, mycoach_api_Events_dispatch(&services.events, req, arena, cleared(out))) ||
        answered(out, mycoach_api_Invitations_dispatch(&services.invitations, req, arena,
                                                       cleared(out))) ||
        answered(out, mycoach_api_Teams_dispatch(&services.teams, req, arena, cleared(out))) ||
        answered(out, mycoach_api_Clubs_dispatch(&services.clubs, req, arena, cleared(out))) ||
        answered(out,
                 mycoach_api_StaffDirectory_dispatch(&services.staff, req, arena, cleared(out))) ||
        answered(out, mycoach_api_Sports_dispatch(&services.sports, req, arena, cleared(out))))
        return;
    answered(out, mycoach_api_Health_dispatch(&services.health, req, arena, cleared(out)));
}

/* A request that met an SQL error gets a 500 unless its handler answered with a 5xx itself
 * (/health's 503): a failed lookup must not pass for a missing row (404) or an empty list. */
static void dispatch(const pl_http_request *req, pl_arena *arena, pl_http_response *out)
{
    unsigned long errors_before = club_sql_errors();
    dispatch_services(req, arena, out);
    if (club_sql_errors() != errors_before && out->status < 500)
        cleared(out)->status = 500;
}

/* HEAD answers have a length and no body: libmicrohttpd sends the headers of a response of
 * that size and never reads it. */
static ssize_t no_body(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    (void)pos;
    (void)buf;
    (void)max;
    return MHD_CONTENT_READER_END_WITH_ERROR;
}

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
        if (c->too_large || c->body.len + *upload_size > MAX_BODY) {
            c->too_large = true; /* read and drop the rest */
            pl_buf_free(&c->body);
            pl_buf_init(&c->body);
        } else if (!pl_buf_append(&c->body, upload, *upload_size)) {
            return MHD_NO;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (c->too_large)
        return send_constant(mhd, 413, too_large_body, sizeof too_large_body - 1);
    if (floor_mode) {
        for (size_t i = 0; i < floor_count; i++) {
            recorded *r = &floor_answers[i];
            if (strcmp(r->method, method) == 0 && strcmp(r->url, url) == 0)
                return send_constant(mhd, (unsigned)r->status, r->body, r->body_len);
        }
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
    pl_http_request req = {method,    path.data,    path.len,   query.data,
                           query.len, c->body.data, c->body.len};
    pl_arena *arena = pl_arena_new();
    pl_http_response out;
    memset(&out, 0, sizeof out);
    if (arena)
        dispatch(&req, arena, &out);
    else
        out.status = 500;
    if (floor_mode && floor_count < sizeof floor_answers / sizeof *floor_answers && !out.allow) {
        recorded *r = &floor_answers[floor_count];
        r->method = strdup(method);
        r->url = strdup(url);
        r->body = malloc(out.body_len + 1);
        if (r->method && r->url && r->body) {
            memcpy(r->body, out.body ? out.body : "", out.body_len);
            r->body_len = out.body_len;
            r->status = out.status;
            floor_count++;
        } else {
            free(r->method);
            free(r->url);
            free(r->body);
        }
    }
    struct MHD_Response *response =
        out.body || !out.body_len
            ? MHD_create_response_from_buffer(out.body_len,
                                              (void *)(uintptr_t)(out.body ? out.body : ""),
                                              MHD_RESPMEM_MUST_COPY)
            : MHD_create_response_from_callback(out.body_len, 1024, no_body, NULL, NULL);
    if (!response) {
        pl_arena_free(arena);
        pl_buf_free(&path);
        pl_buf_free(&query);
        return MHD_NO;
    }
    if (out.body_len)
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
    long seed_count = 0;
    bool trust = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--floor") == 0)
            floor_mode = true;
        else if (strcmp(argv[i], "--trust-responses") == 0)
            trust = true;
        else if (i + 1 < argc && strcmp(argv[i], "--db") == 0)
            db_path = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--port") == 0)
            port = (unsigned)atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0)
            seed_count = atol(argv[++i]);
        else {
            fprintf(stderr,
                    "usage: %s [--db PATH] [--port N] [--seed N] [--floor] [--trust-responses]\n",
                    argv[0]);
            return 2;
        }
    }
    if (!club_open(db_path))
        return 1;
    if (seed_count > 0 && !club_seed(seed_count)) {
        fprintf(stderr, "%s: seeding failed: %s\n", db_path, sqlite3_errmsg(club_db));
        return 1;
    }
    services.players = club_players;
    services.events = club_events;
    services.invitations = club_invitations;
    services.teams = club_teams;
    services.clubs = club_clubs;
    services.staff = club_staff;
    services.sports = club_sports;
    services.health = club_health;
    services.players.trust_responses = services.events.trust_responses =
        services.invitations.trust_responses = services.teams.trust_responses =
            services.clubs.trust_responses = services.staff.trust_responses =
                services.sports.trust_responses = services.health.trust_responses = trust;
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
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, answer, NULL,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                         MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_END);
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
    for (size_t i = 0; i < floor_count; i++) {
        free(floor_answers[i].method);
        free(floor_answers[i].url);
        free(floor_answers[i].body);
    }
    sqlite3_close(club_db);
    return 0;
}
