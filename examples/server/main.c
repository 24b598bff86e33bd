/* The sports-club API (schemas/) as an HTTP server: libmicrohttpd in front of the generated
 * dispatchers (docs/server.md), SQLite behind them. Serves the Players, Events and Invitations
 * services (the others answer 404; their routes without a handler here answer 501). Listens on
 * 127.0.0.1 only.
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

static pl_string text_of(pl_arena *arena, const char *s)
{
    pl_string out;
    out.len = strlen(s);
    out.data = pl_arena_strdup(arena, s, out.len);
    return out;
}

/* Set by not_found(): a 404 of a handler, not of the route table (see answer()). */
static bool handler_not_found;

static mycoach_errors_NotFound *not_found(pl_arena *arena, const char *resource, int64_t id)
{
    char message[64];
    handler_not_found = true;
    mycoach_errors_NotFound *e = pl_arena_alloc(arena, sizeof *e);
    char number[32];
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    snprintf(number, sizeof number, "%lld", (long long)id);
    snprintf(message, sizeof message, "no such %s", resource);
    e->message = text_of(arena, message);
    e->resource = text_of(arena, resource);
    e->id = text_of(arena, number);
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
        ok = (res->NotFound = not_found(arena, "player", req->id)) != NULL;
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
        ok = (res->NotFound = not_found(arena, "player", req->id)) != NULL;
    return ok;
}

/* ---- Events and Invitations ---- */

/* The stored JSON document of a row: UPDATE table SET doc = json WHERE id = id. */
static bool store_doc(const char *sql, int64_t id, const pl_buf *doc)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(stmt, 1, doc->data, (int)doc->len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, id);
    bool ok = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_finalize(stmt);
    return ok;
}

static pl_datetime now_utc(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    pl_datetime at = {(int32_t)(tm.tm_year + 1900), (uint8_t)(tm.tm_mon + 1), (uint8_t)tm.tm_mday,
                      (uint8_t)tm.tm_hour, (uint8_t)tm.tm_min, (uint8_t)tm.tm_sec, 0, 0, 0};
    return at;
}

static bool event_exists(int64_t id)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM events WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int64(stmt, 1, id);
    bool found = sqlite3_step(stmt) == SQLITE_ROW;
    sqlite3_finalize(stmt);
    return found;
}

/* The members every kind of event has. */
static void event_fields(mycoach_events_Event *e, bool **has_id, int64_t **id,
                         const pl_datetime **starts_at, const int64_t **team_id)
{
    *team_id = NULL;
    switch (e->tag) {
    case MYCOACH_EVENTS_EVENT_TRAINING:
        *has_id = &e->training.has_id, *id = &e->training.id;
        *starts_at = &e->training.starts_at, *team_id = &e->training.team_id;
        break;
    case MYCOACH_EVENTS_EVENT_MATCH:
        *has_id = &e->match.has_id, *id = &e->match.id;
        *starts_at = &e->match.starts_at, *team_id = &e->match.team_id;
        break;
    case MYCOACH_EVENTS_EVENT_COURSE:
        *has_id = &e->course.has_id, *id = &e->course.id, *starts_at = &e->course.starts_at;
        break;
    default:
        *has_id = &e->staff_appointment.has_id, *id = &e->staff_appointment.id;
        *starts_at = &e->staff_appointment.starts_at;
        break;
    }
}

/* The id is SQLite's: insert the row, then store the document with the id in it. */
static bool create_event(void *context, const mycoach_api_Events_create_event_request *req,
                         mycoach_api_Events_create_event_result *res, pl_arena *arena)
{
    (void)context;
    (void)arena;
    res->body = req->body;
    bool *has_id;
    int64_t *id;
    const pl_datetime *starts_at;
    const int64_t *team_id;
    event_fields(&res->body, &has_id, &id, &starts_at, &team_id);
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "INSERT INTO events (team_id, starts_at, doc) VALUES (?1, ?2, '')", -1,
                           &stmt, NULL) != SQLITE_OK)
        return false;
    if (team_id)
        sqlite3_bind_int64(stmt, 1, *team_id);
    sqlite3_bind_int64(stmt, 2, pl_datetime_unix_seconds(starts_at));
    bool ok = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_finalize(stmt);
    *has_id = true;
    *id = sqlite3_last_insert_rowid(db);
    pl_buf doc;
    pl_error err;
    pl_buf_init(&doc);
    ok = ok && mycoach_events_Event_encode(&res->body, &doc, &err) &&
         store_doc("UPDATE events SET doc = ?1 WHERE id = ?2", *id, &doc);
    pl_buf_free(&doc);
    return ok;
}

static bool get_event(void *context, const mycoach_api_Events_get_event_request *req,
                      mycoach_api_Events_get_event_result *res, pl_arena *arena)
{
    (void)context;
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT doc FROM events WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int64(stmt, 1, req->id);
    bool ok;
    pl_error err;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        ok = mycoach_events_Event_decode((const char *)sqlite3_column_text(stmt, 0),
                                         (size_t)sqlite3_column_bytes(stmt, 0), arena, &res->body,
                                         &err);
    else
        ok = (res->NotFound = not_found(arena, "event", req->id)) != NULL;
    sqlite3_finalize(stmt);
    return ok;
}

static void random_uuid(pl_uuid *out);

/* A JSON array of strings, for json_each. */
static bool append_string(pl_buf *array, const char *s, size_t len)
{
    bool ok = pl_buf_append_char(array, array->len > 1 ? ',' : ' ') && pl_buf_append_char(array, '"');
    for (size_t i = 0; ok && i < len; i++) {
        if (s[i] == '"' || s[i] == '\\' || (unsigned char)s[i] < 0x20)
            ok = pl_buf_append_char(array, '?'); /* wire names never need escaping */
        else
            ok = pl_buf_append_char(array, s[i]);
    }
    return ok && pl_buf_append_char(array, '"');
}

/* The events of a team by start time, page by page: the cursor is the offset of the page. */
static bool list_team_events(void *context, const mycoach_api_Events_list_team_events_request *req,
                             mycoach_api_Events_list_team_events_result *res, pl_arena *arena)
{
    (void)context;
    long long offset = 0;
    if (req->has_cursor) {
        char text[24];
        char *end = NULL;
        size_t n = req->cursor.len < sizeof text - 1 ? req->cursor.len : sizeof text - 1;
        memcpy(text, req->cursor.data, n);
        text[n] = '\0';
        offset = strtoll(text, &end, 10);
        if (req->cursor.len == 0 || req->cursor.len >= sizeof text || *end || offset < 0) {
            mycoach_errors_BadRequest *e = pl_arena_alloc(arena, sizeof *e);
            if (!e)
                return false;
            memset(e, 0, sizeof *e);
            e->message = text_of(arena, "bad cursor");
            random_uuid(&e->request_id);
            res->BadRequest = e;
            return true;
        }
    }
    pl_buf kinds, statuses;
    pl_buf_init(&kinds);
    pl_buf_init(&statuses);
    bool ok = pl_buf_append_char(&kinds, '[') && pl_buf_append_char(&statuses, '[');
    for (size_t i = 0; ok && i < req->kinds.count; i++) {
        const char *s = mycoach_events_EventKind_to_string(req->kinds.items[i]);
        ok = append_string(&kinds, s, strlen(s));
    }
    for (size_t i = 0; ok && req->has_statuses && i < req->statuses.count; i++) {
        const mycoach_events_EventStatus *st = &req->statuses.items[i];
        if (st->value == MYCOACH_EVENTS_EVENT_STATUS_UNKNOWN) {
            ok = append_string(&statuses, st->raw.data, st->raw.len);
        } else {
            const char *s = mycoach_events_EventStatus_to_string(st->value);
            ok = append_string(&statuses, s, strlen(s));
        }
    }
    ok = ok && pl_buf_append_char(&kinds, ']') && pl_buf_append_char(&statuses, ']');
    const char *sql =
        "SELECT doc FROM events WHERE team_id = ?1 AND (?2 IS NULL OR starts_at >= ?2) "
        "AND (?3 IS NULL OR starts_at < ?3) "
        "AND (?4 = '[]' OR json_extract(doc, '$.kind') IN (SELECT value FROM json_each(?4))) "
        "AND (?5 IS NULL OR json_extract(doc, '$.status') IN (SELECT value FROM json_each(?5))) "
        "ORDER BY starts_at, id LIMIT ?6 OFFSET ?7";
    sqlite3_stmt *stmt = NULL;
    ok = ok && sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(stmt, 1, req->team_id);
        if (req->has_from)
            sqlite3_bind_int64(stmt, 2, pl_datetime_unix_seconds(&req->from));
        if (req->has_to)
            sqlite3_bind_int64(stmt, 3, pl_datetime_unix_seconds(&req->to));
        sqlite3_bind_text(stmt, 4, kinds.data, (int)kinds.len, SQLITE_TRANSIENT);
        if (req->has_statuses)
            sqlite3_bind_text(stmt, 5, statuses.data, (int)statuses.len, SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 6, (int64_t)req->limit + 1); /* one more: is there a next page? */
        sqlite3_bind_int64(stmt, 7, offset);
    }
    pl_buf_free(&kinds);
    pl_buf_free(&statuses);
    pl_list_builder list;
    memset(&list, 0, sizeof list);
    bool more = false;
    pl_error err;
    while (ok && sqlite3_step(stmt) == SQLITE_ROW) {
        if (list.count == (size_t)req->limit) {
            more = true;
            break;
        }
        mycoach_events_Event *e = pl_list_push(arena, &list, sizeof *e);
        ok = e && mycoach_events_Event_decode((const char *)sqlite3_column_text(stmt, 0),
                                              (size_t)sqlite3_column_bytes(stmt, 0), arena, e, &err);
    }
    sqlite3_finalize(stmt);
    res->body.items.count = list.count;
    res->body.items.items = pl_list_finish(arena, &list, sizeof *res->body.items.items);
    res->body.page.next_cursor_is_null = !more;
    if (more) {
        char next[32];
        snprintf(next, sizeof next, "%lld", offset + req->limit);
        res->body.page.next_cursor = text_of(arena, next);
    }
    return ok;
}

/* The key of an invitee: one invitation per person and event. */
static bool invitee_key(const mycoach_people_PersonRef *who, pl_buf *key)
{
    char text[48];
    pl_error err;
    switch (who->tag) {
    case MYCOACH_PEOPLE_PERSON_REF_PLAYER:
        snprintf(text, sizeof text, "player:%lld", (long long)who->player.player_id);
        return pl_buf_append(key, text, strlen(text));
    case MYCOACH_PEOPLE_PERSON_REF_STAFF:
        snprintf(text, sizeof text, "staff:%lld", (long long)who->staff.staff_id);
        return pl_buf_append(key, text, strlen(text));
    default:
        return pl_buf_append(key, "guest:", 6) && mycoach_people_PersonRef_encode(who, key, &err);
    }
}

static void random_uuid(pl_uuid *out)
{
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(out->bytes, 1, sizeof out->bytes, f) != sizeof out->bytes) {
        for (size_t i = 0; i < sizeof out->bytes; i++)
            out->bytes[i] = (uint8_t)rand();
    }
    if (f)
        fclose(f);
    out->bytes[6] = (uint8_t)((out->bytes[6] & 0x0F) | 0x40); /* version 4 */
    out->bytes[8] = (uint8_t)((out->bytes[8] & 0x3F) | 0x80);
}

/* Invites people to an event; people already invited to it are skipped. The example has no
 * authentication: every invitation is sent by staff member 1. */
static bool invite(void *context, const mycoach_api_Invitations_invite_request *req,
                   mycoach_api_Invitations_invite_result *res, pl_arena *arena)
{
    (void)context;
    if (!event_exists(req->id))
        return (res->NotFound = not_found(arena, "event", req->id)) != NULL;
    pl_list_builder created, skipped;
    memset(&created, 0, sizeof created);
    memset(&skipped, 0, sizeof skipped);
    bool ok = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    for (size_t i = 0; ok && i < req->body.invitees.count; i++) {
        const mycoach_people_PersonRef *who = &req->body.invitees.items[i];
        pl_buf key;
        pl_buf_init(&key);
        sqlite3_stmt *stmt = NULL;
        ok = invitee_key(who, &key) &&
             sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO invitations (event_id, invitee, doc) "
                                    "VALUES (?1, ?2, '')", -1, &stmt, NULL) == SQLITE_OK;
        if (ok) {
            sqlite3_bind_int64(stmt, 1, req->id);
            sqlite3_bind_text(stmt, 2, key.data, (int)key.len, SQLITE_TRANSIENT);
            ok = sqlite3_step(stmt) == SQLITE_DONE;
        }
        sqlite3_finalize(stmt);
        pl_buf_free(&key);
        if (!ok)
            break;
        if (sqlite3_changes(db) == 0) {
            mycoach_people_PersonRef *again = pl_list_push(arena, &skipped, sizeof *again);
            ok = again != NULL;
            if (ok)
                *again = *who;
            continue;
        }
        mycoach_invitations_Invitation *inv = pl_list_push(arena, &created, sizeof *inv);
        if (!(ok = inv != NULL))
            break;
        inv->id = sqlite3_last_insert_rowid(db);
        inv->event_id = req->id;
        inv->invitee = *who;
        inv->invited_by.staff_id = 1;
        inv->status.value = MYCOACH_INVITATIONS_INVITATION_STATUS_PENDING;
        inv->answer_is_null = true;
        inv->sent_at = now_utc();
        inv->answered_at_is_null = true;
        inv->has_respond_by = req->body.has_respond_by;
        inv->respond_by = req->body.respond_by;
        random_uuid(&inv->token);
        pl_buf doc;
        pl_error err;
        pl_buf_init(&doc);
        ok = mycoach_invitations_Invitation_encode(inv, &doc, &err) &&
             store_doc("UPDATE invitations SET doc = ?1 WHERE id = ?2", inv->id, &doc);
        pl_buf_free(&doc);
    }
    sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    res->body.created.count = created.count;
    res->body.created.items = pl_list_finish(arena, &created, sizeof *res->body.created.items);
    res->body.already_invited.count = skipped.count;
    res->body.already_invited.items =
        pl_list_finish(arena, &skipped, sizeof *res->body.already_invited.items);
    return ok;
}

static bool list_event_invitations(void *context,
                                   const mycoach_api_Invitations_list_event_invitations_request *req,
                                   mycoach_api_Invitations_list_event_invitations_result *res,
                                   pl_arena *arena)
{
    (void)context;
    if (!event_exists(req->id))
        return (res->NotFound = not_found(arena, "event", req->id)) != NULL;
    pl_buf answers;
    pl_buf_init(&answers);
    bool ok = pl_buf_append_char(&answers, '[');
    for (size_t i = 0; ok && req->has_answers && i < req->answers.count; i++) {
        const char *s = mycoach_invitations_Answer_to_string(req->answers.items[i]);
        ok = append_string(&answers, s, strlen(s));
    }
    ok = ok && pl_buf_append_char(&answers, ']');
    const char *sql =
        "SELECT doc FROM invitations WHERE event_id = ?1 "
        "AND (NOT ?2 OR json_extract(doc, '$.answer') IS NULL) "
        "AND (?3 IS NULL OR json_extract(doc, '$.answer') IN (SELECT value FROM json_each(?3))) "
        "ORDER BY id";
    sqlite3_stmt *stmt = NULL;
    ok = ok && sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(stmt, 1, req->id);
        sqlite3_bind_int(stmt, 2, req->unanswered_only);
        if (req->has_answers)
            sqlite3_bind_text(stmt, 3, answers.data, (int)answers.len, SQLITE_TRANSIENT);
    }
    pl_buf_free(&answers);
    pl_list_builder list;
    memset(&list, 0, sizeof list);
    pl_error err;
    while (ok && sqlite3_step(stmt) == SQLITE_ROW) {
        mycoach_invitations_Invitation *inv = pl_list_push(arena, &list, sizeof *inv);
        ok = inv && mycoach_invitations_Invitation_decode(
                        (const char *)sqlite3_column_text(stmt, 0),
                        (size_t)sqlite3_column_bytes(stmt, 0), arena, inv, &err);
    }
    sqlite3_finalize(stmt);
    res->body.count = list.count;
    res->body.items = pl_list_finish(arena, &list, sizeof *res->body.items);
    return ok;
}

/* Answers an invitation: accept and decline settle it, maybe leaves it pending. A revoked or
 * expired invitation is gone (410). */
static bool answer_invitation(void *context,
                              const mycoach_api_Invitations_answer_invitation_request *req,
                              mycoach_api_Invitations_answer_invitation_result *res,
                              pl_arena *arena)
{
    (void)context;
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT doc FROM invitations WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int64(stmt, 1, req->id);
    bool found = sqlite3_step(stmt) == SQLITE_ROW;
    pl_error err;
    mycoach_invitations_Invitation *inv = &res->body;
    bool ok = !found || mycoach_invitations_Invitation_decode(
                            (const char *)sqlite3_column_text(stmt, 0),
                            (size_t)sqlite3_column_bytes(stmt, 0), arena, inv, &err);
    sqlite3_finalize(stmt);
    if (!ok)
        return false;
    if (!found)
        return (res->NotFound = not_found(arena, "invitation", req->id)) != NULL;
    if (inv->status.value == MYCOACH_INVITATIONS_INVITATION_STATUS_REVOKED ||
        inv->status.value == MYCOACH_INVITATIONS_INVITATION_STATUS_EXPIRED) {
        mycoach_errors_Gone *e = pl_arena_alloc(arena, sizeof *e);
        if (!e)
            return false;
        memset(e, 0, sizeof *e);
        e->message = text_of(arena, "the invitation was withdrawn or has expired");
        e->since = inv->sent_at;
        res->Gone = e;
        return true;
    }
    const mycoach_invitations_AnswerRequest *a = &req->body;
    inv->answer_is_null = false;
    inv->answer = a->answer;
    inv->has_decline_reason = a->has_decline_reason;
    inv->decline_reason = a->decline_reason;
    inv->has_answer_comment = a->has_comment;
    inv->answer_comment = a->comment;
    inv->answered_at_is_null = false;
    inv->answered_at = now_utc();
    inv->status.value = a->answer == MYCOACH_INVITATIONS_ANSWER_MAYBE
                            ? MYCOACH_INVITATIONS_INVITATION_STATUS_PENDING
                            : MYCOACH_INVITATIONS_INVITATION_STATUS_ANSWERED;
    pl_buf doc;
    pl_buf_init(&doc);
    ok = mycoach_invitations_Invitation_encode(inv, &doc, &err) &&
         store_doc("UPDATE invitations SET doc = ?1 WHERE id = ?2", inv->id, &doc);
    pl_buf_free(&doc);
    return ok;
}

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

static enum MHD_Result send_constant(struct MHD_Connection *mhd, unsigned status,
                                     const char *body, size_t len)
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

static const mycoach_api_Players_handlers players = {
    NULL, NULL, get_player, get_players, NULL, create_player, NULL, NULL, delete_player, NULL,
};
static const mycoach_api_Events_handlers events = {
    .get_event = get_event, .create_event = create_event, .list_team_events = list_team_events,
};
static const mycoach_api_Invitations_handlers invitations = {
    .invite = invite, .list_event_invitations = list_event_invitations,
    .answer_invitation = answer_invitation,
};

/* Players, then Events, then Invitations: a service's 404 passes the request on to the next
 * one unless a handler answered it (their paths do not overlap, so a 405 is final). */
static void dispatch(const pl_http_request *req, pl_arena *arena, pl_http_response *out)
{
    handler_not_found = false;
    mycoach_api_Players_dispatch(&players, req, arena, out);
    if (out->status == 404 && !handler_not_found) {
        memset(out, 0, sizeof *out);
        mycoach_api_Events_dispatch(&events, req, arena, out);
    }
    if (out->status == 404 && !handler_not_found) {
        memset(out, 0, sizeof *out);
        mycoach_api_Invitations_dispatch(&invitations, req, arena, out);
    }
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
    pl_http_request req = {method, path.data, path.len, query.data, query.len,
                           c->body.data, c->body.len};
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

/* --seed N: N players created through the create_player handler, in one transaction. */
static bool seed(long count)
{
    static const char doc[] =
        "{\"club_id\":1,\"first_name\":\"Ann\",\"last_name\":\"Lee\",\"birth_date\":\"2010-03-04\"}";
    bool ok = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    for (long i = 0; ok && i < count; i++) {
        pl_arena *arena = pl_arena_new();
        mycoach_api_Players_create_player_request req;
        mycoach_api_Players_create_player_result res;
        pl_error err;
        memset(&req, 0, sizeof req);
        memset(&res, 0, sizeof res);
        ok = arena && mycoach_people_NewPlayer_decode(doc, sizeof doc - 1, arena, &req.body, &err) &&
             create_player(NULL, &req, &res, arena);
        pl_arena_free(arena);
    }
    return sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK && ok;
}

int main(int argc, char **argv)
{
    const char *db_path = ":memory:";
    unsigned port = 8080;
    long seed_count = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--floor") == 0)
            floor_mode = true;
        else if (i + 1 < argc && strcmp(argv[i], "--db") == 0)
            db_path = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--port") == 0)
            port = (unsigned)atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0)
            seed_count = atol(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [--db PATH] [--port N] [--seed N] [--floor]\n", argv[0]);
            return 2;
        }
    }
    if (sqlite3_open(db_path, &db) != SQLITE_OK ||
        sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS players (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "status TEXT NOT NULL, doc TEXT NOT NULL);"
                         "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "team_id INTEGER, starts_at INTEGER NOT NULL, doc TEXT NOT NULL);"
                         "CREATE INDEX IF NOT EXISTS events_team ON events (team_id, starts_at);"
                         "CREATE TABLE IF NOT EXISTS invitations (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "event_id INTEGER NOT NULL, invitee TEXT NOT NULL, doc TEXT NOT NULL, "
                         "UNIQUE (event_id, invitee))", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", db_path, sqlite3_errmsg(db));
        return 1;
    }
    if (seed_count > 0 && !seed(seed_count)) {
        fprintf(stderr, "%s: seeding failed: %s\n", db_path, sqlite3_errmsg(db));
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
    for (size_t i = 0; i < floor_count; i++) {
        free(floor_answers[i].method);
        free(floor_answers[i].url);
        free(floor_answers[i].body);
    }
    sqlite3_close(db);
    return 0;
}
