/* The services of schemas/people_api.payload: Clubs, Players, Teams, StaffDirectory, Sports
 * and Health. Most handlers let SQLite do the work on the stored JSON documents: the request
 * is encoded back to JSON (its generated _encode) and bound as one parameter that the query
 * reads its filters from, and the query returns the answer as one JSON text that the generated
 * _decode turns into the response. */
#include <stdio.h>
#include <string.h>

#include "club.h"

/* A team's document with its derived player count. */
#define TEAM_DOC                                                                                   \
    "json_set(t.doc, '$.player_count', (SELECT count(*) FROM roster r WHERE r.team_id = t.id))"

/* ---- Clubs ---- */

static bool get_club(void *context, const mycoach_api_Clubs_get_club_request *req,
                     mycoach_api_Clubs_get_club_result *res, pl_arena *arena)
{
    (void)context;
    club_json doc;
    if (!club_find(arena, "clubs", req->id, "club", &res->NotFound, &doc))
        return res->NotFound != NULL;
    return mycoach_people_Club_decode(doc.text, doc.len, arena, &res->body, &doc.err);
}

const mycoach_api_Clubs_handlers club_clubs = {.get_club = get_club};

/* ---- Players ---- */

static bool get_player(void *context, const mycoach_api_Players_get_player_request *req,
                       mycoach_api_Players_get_player_result *res, pl_arena *arena)
{
    (void)context;
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(club_db, "SELECT doc FROM players WHERE id = ?1", -1, &stmt, NULL) !=
        SQLITE_OK)
        return false;
    sqlite3_bind_int64(stmt, 1, req->id);
    bool ok;
    pl_error err;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        ok = mycoach_people_Player_decode((const char *)sqlite3_column_text(stmt, 0),
                                          (size_t)sqlite3_column_bytes(stmt, 0), arena, &res->body,
                                          &err);
    else
        ok = (res->NotFound = club_not_found(arena, "player", req->id)) != NULL;
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
    if (sqlite3_prepare_v2(club_db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        pl_buf_free(&ids);
        return false;
    }
    sqlite3_bind_text(stmt, 1, ids.data, (int)ids.len, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 2, req->body.include_inactive);
    pl_buf_free(&ids);
    pl_list_builder list;
    memset(&list, 0, sizeof list);
    bool ok = true;
    pl_error err;
    while (ok && sqlite3_step(stmt) == SQLITE_ROW) {
        mycoach_people_Player *p = pl_list_push(arena, &list, sizeof *p);
        ok = p &&
             mycoach_people_Player_decode((const char *)sqlite3_column_text(stmt, 0),
                                          (size_t)sqlite3_column_bytes(stmt, 0), arena, p, &err);
    }
    sqlite3_finalize(stmt);
    res->body.count = list.count;
    res->body.items = pl_list_finish(arena, &list, sizeof *res->body.items);
    return ok;
}

static bool get_players_by_ids(void *context,
                               const mycoach_api_Players_get_players_by_ids_request *req,
                               mycoach_api_Players_get_players_by_ids_result *res, pl_arena *arena)
{
    (void)context;
    pl_buf q;
    club_json out;
    pl_buf_init(&q);
    return club_query(arena, &q,
                      mycoach_api_Players_get_players_by_ids_request_encode(req, &q, &out.err),
                      "SELECT json_group_array(json(doc)) FROM (SELECT p.doc FROM "
                      "json_each(?1, '$.ids') AS j JOIN players AS p ON p.id = j.value "
                      "ORDER BY j.key)",
                      &out) &&
           mycoach_api_Players_get_players_by_ids_response_decode(out.text, out.len, arena,
                                                                  &res->body, &out.err);
}

/* The teams a new or replaced player belongs to must exist: 422 otherwise. Same for the club.
 * A licence is unique: 409 with the player who has it. */
static bool check_new_player(const mycoach_people_NewPlayer *n, int64_t self,
                             mycoach_errors_ValidationFailed **invalid,
                             mycoach_errors_Conflict **conflict, pl_arena *arena)
{
    *invalid = NULL;
    *conflict = NULL;
    if (!club_exists("clubs", n->club_id)) {
        *invalid = club_invalid(arena, "/body/club_id", "unknown_reference", "no such club");
        return *invalid != NULL;
    }
    for (size_t i = 0; i < n->team_ids.count; i++) {
        if (!club_exists("teams", n->team_ids.items[i])) {
            char path[48];
            snprintf(path, sizeof path, "/body/team_ids/%zu", i);
            *invalid = club_invalid(arena, path, "unknown_reference", "no such team");
            return *invalid != NULL;
        }
    }
    if (n->has_licence) {
        int64_t other;
        bool found;
        if (!club_int(&other, &found,
                      "SELECT id FROM players WHERE doc ->> '$.licence' = ?1 AND id <> ?2", "ti",
                      n->licence.data, n->licence.len, self))
            return false;
        if (found) {
            *conflict = club_conflict(arena, "duplicate", "another player has this licence", other);
            return *conflict != NULL;
        }
    }
    return true;
}

static bool player_answer(int64_t id, pl_arena *arena, mycoach_people_Player *out)
{
    club_json doc;
    return club_doc(arena, "players", id, &doc) && doc.text &&
           mycoach_people_Player_decode(doc.text, doc.len, arena, out, &doc.err);
}

/* Stores player id from a NewPlayer document: the new fields, the server's (id, audit) and
 * what the old document had beyond NewPlayer (clearance, photo) when replacing. Then the
 * roster follows team_ids. The stored document goes to out. */
static bool store_player(int64_t id, const mycoach_people_NewPlayer *n, pl_arena *arena,
                         mycoach_people_Player *out)
{
    pl_buf body;
    pl_error err;
    char now[PL_DATETIME_MAX];
    pl_datetime at = club_now();
    pl_buf_init(&body);
    bool ok =
        mycoach_people_NewPlayer_encode(n, &body, &err) &&
        club_exec(
            "UPDATE players SET status = ?1 ->> '$.status', doc = json_set(?1, "
            "'$.id', ?2, "
            "'$.medical_clearance_until', "
            "  coalesce(doc -> '$.medical_clearance_until', json('null')), "
            "'$.emergency_contact', coalesce(?1 -> '$.emergency_contact', json('null')), "
            "'$.audit', json_object('created_at', coalesce(doc ->> '$.audit.created_at', ?3), "
            "  'updated_at', ?3, 'updated_by', json('null'))) WHERE id = ?2",
            "tis", body.data, body.len, id, club_utc(&at, now)) &&
        club_exec("UPDATE players SET doc = json_set(doc, '$.photo_url', "
                  "'/players/' || id || '/photo') WHERE id = ?1 AND "
                  "EXISTS (SELECT 1 FROM photos WHERE player_id = ?1)",
                  "i", id) &&
        club_exec("DELETE FROM roster WHERE player_id = ?2 AND team_id NOT IN "
                  "(SELECT value FROM json_each(?1, '$.team_ids'))",
                  "ti", body.data, body.len, id) &&
        club_exec("INSERT OR IGNORE INTO roster (team_id, player_id, doc) "
                  "SELECT value, ?2, json_object('team_id', value, 'player_id', ?2, "
                  "'joined_on', date('now')) FROM json_each(?1, '$.team_ids')",
                  "ti", body.data, body.len, id);
    pl_buf_free(&body);
    return ok && player_answer(id, arena, out);
}

static bool create_player(void *context, const mycoach_api_Players_create_player_request *req,
                          mycoach_api_Players_create_player_result *res, pl_arena *arena)
{
    (void)context;
    mycoach_errors_ValidationFailed *invalid;
    mycoach_errors_Conflict *conflict;
    if (!check_new_player(&req->body, 0, &invalid, &conflict, arena))
        return false;
    if (invalid || conflict) {
        res->ValidationFailed = invalid;
        res->Conflict = conflict;
        return true;
    }
    /* The id is SQLite's: insert, then store the document with it. */
    return club_exec("INSERT INTO players (status, doc) VALUES ('active', '{}')", "") &&
           store_player(sqlite3_last_insert_rowid(club_db), &req->body, arena, &res->body);
}

static bool replace_player(void *context, const mycoach_api_Players_replace_player_request *req,
                           mycoach_api_Players_replace_player_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("players", req->id))
        return (res->NotFound = club_not_found(arena, "player", req->id)) != NULL;
    mycoach_errors_ValidationFailed *invalid;
    mycoach_errors_Conflict *conflict;
    if (!check_new_player(&req->body, req->id, &invalid, &conflict, arena))
        return false;
    if (conflict) /* replace_player declares no 409: a duplicate licence is a broken rule */
        invalid =
            club_invalid(arena, "/body/licence", "inconsistent", "another player has this licence");
    if (invalid)
        return (res->ValidationFailed = invalid) != NULL;
    return store_player(req->id, &req->body, arena, &res->body);
}

/* A shirt number is unique among the players of a team: true when no teammate of player_id
 * wears it, in team_id (its roster numbers) or, when team_id is 0, in any of the player's teams
 * (their roster numbers, else their shirts). Otherwise *conflict is the 409 naming the
 * teammate (NULL after an SQL error or when memory ran out), and the handler returns
 * *conflict != NULL. */
static bool shirt_free(int64_t player_id, int64_t team_id, int64_t number, pl_arena *arena,
                       const mycoach_errors_Conflict **conflict)
{
    int64_t other;
    bool found;
    bool ok = team_id ? club_int(&other, &found,
                                 "SELECT player_id FROM roster WHERE team_id = ?1 AND "
                                 "player_id <> ?2 AND doc ->> '$.shirt_number' = ?3",
                                 "iii", team_id, player_id, number)
                      : club_int(&other, &found,
                                 "SELECT b.player_id FROM roster a JOIN roster b ON a.team_id = "
                                 "b.team_id JOIN players p ON p.id = b.player_id WHERE "
                                 "a.player_id = ?1 AND b.player_id <> ?1 AND "
                                 "coalesce(b.doc ->> '$.shirt_number', p.doc ->> '$.shirt') = ?2",
                                 "ii", player_id, number);
    *conflict = ok && found
                    ? club_conflict(arena, "duplicate", "a teammate wears this number", other)
                    : NULL;
    return ok && !found;
}

static bool update_player(void *context, const mycoach_api_Players_update_player_request *req,
                          mycoach_api_Players_update_player_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("players", req->id))
        return (res->NotFound = club_not_found(arena, "player", req->id)) != NULL;
    const mycoach_people_PlayerPatch *p = &req->body;
    /* A shirt number is unique among the players of a team. */
    if (p->has_shirt_number && !p->shirt_number_is_null &&
        !shirt_free(req->id, 0, p->shirt_number, arena, &res->Conflict))
        return res->Conflict != NULL;
    pl_buf body;
    pl_error err;
    char now[PL_DATETIME_MAX];
    pl_datetime at = club_now();
    pl_buf_init(&body);
    bool ok = mycoach_people_PlayerPatch_encode(p, &body, &err) &&
              club_patch("players", req->id, body.data, body.len,
                         "first_name,last_name,email,phone,status,positions,shirt,"
                         "medical_clearance_until,emergency_contact",
                         "medical_clearance_until,emergency_contact") &&
              club_exec("UPDATE players SET status = doc ->> '$.status', "
                        "doc = json_set(doc, '$.audit.updated_at', ?2) WHERE id = ?1",
                        "is", req->id, club_utc(&at, now));
    pl_buf_free(&body);
    return ok && player_answer(req->id, arena, &res->body);
}

/* Open invitations and bookings keep a player unless force: then they go with the player. */
static bool delete_player(void *context, const mycoach_api_Players_delete_player_request *req,
                          mycoach_api_Players_delete_player_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("players", req->id))
        return (res->NotFound = club_not_found(arena, "player", req->id)) != NULL;
    char key[48];
    snprintf(key, sizeof key, "player:%lld", (long long)req->id);
    int64_t open;
    bool found;
    if (!club_int(&open, &found,
                  "SELECT (SELECT count(*) FROM invitations WHERE invitee = ?1 AND "
                  "doc ->> '$.status' = 'pending') + (SELECT count(*) FROM bookings WHERE "
                  "person = ?1 AND cancelled_at IS NULL)",
                  "s", key))
        return false;
    if (open && !req->force)
        return (res->Conflict = club_conflict(arena, "still_referenced",
                                              "the player has open invitations or bookings", 0)) !=
               NULL;
    return club_exec("DELETE FROM invitations WHERE invitee = ?1", "s", key) &&
           club_exec("DELETE FROM bookings WHERE person = ?1", "s", key) &&
           club_exec("DELETE FROM roster WHERE player_id = ?1", "i", req->id) &&
           club_exec("DELETE FROM photos WHERE player_id = ?1", "i", req->id) &&
           club_exec("DELETE FROM players WHERE id = ?1", "i", req->id);
}

#define MAX_PHOTO (256 * 1024)

static bool upload_player_photo(void *context,
                                const mycoach_api_Players_upload_player_photo_request *req,
                                mycoach_api_Players_upload_player_photo_result *res,
                                pl_arena *arena)
{
    (void)context;
    if (!club_exists("players", req->id))
        return (res->NotFound = club_not_found(arena, "player", req->id)) != NULL;
    const mycoach_people_PhotoUpload *u = &req->body;
    if (u->data.len > MAX_PHOTO) {
        mycoach_errors_PayloadTooLarge *e = pl_arena_alloc(arena, sizeof *e);
        if (!e)
            return false;
        e->message = club_text(arena, "the photo is too large");
        e->max_bytes = MAX_PHOTO;
        res->PayloadTooLarge = e;
        return true;
    }
    /* The bytes must be an image of the declared format (its magic number). */
    const uint8_t *d = u->data.data;
    size_t n = u->data.len;
    bool good;
    switch (u->format) {
    case MYCOACH_PEOPLE_IMAGE_FORMAT_JPEG:
        good = n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF;
        break;
    case MYCOACH_PEOPLE_IMAGE_FORMAT_PNG:
        good = n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0;
        break;
    default:
        good = n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0;
        break;
    }
    if (!good)
        return (res->ValidationFailed = club_invalid(arena, "/body/data", "invalid_format",
                                                     "not an image of that format")) != NULL;
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(club_db, "INSERT OR REPLACE INTO photos VALUES (?1, ?2, ?3)", -1, &stmt,
                           NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int64(stmt, 1, req->id);
    sqlite3_bind_text(stmt, 2, mycoach_people_ImageFormat_to_string(u->format), -1, SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 3, n ? (const void *)d : "", (int)n, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_finalize(stmt);
    return ok && club_exec("UPDATE players SET doc = json_set(doc, '$.photo_url', "
                           "'/players/' || id || '/photo') WHERE id = ?1",
                           "i", req->id);
}

/* A page of a team's players, by id in the requested order; the cursor is the last id of the
 * previous page. A cursor that is not a number is a page that does not exist (404). */
static bool list_players(void *context, const mycoach_api_Players_list_players_request *req,
                         mycoach_api_Players_list_players_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("teams", req->team_id))
        return (res->NotFound = club_not_found(arena, "team", req->team_id)) != NULL;
    if (req->has_cursor && !club_cursor_valid(req->cursor))
        return (res->NotFound = club_not_found(arena, "page", 0)) != NULL;
    pl_buf q;
    club_json out;
    pl_buf_init(&q);
    return club_query(
               arena, &q, mycoach_api_Players_list_players_request_encode(req, &q, &out.err),
               "WITH r AS (SELECT ?1 AS q), "
               "s AS (SELECT CASE WHEN q ->> '$.order' = 'desc' THEN -1 ELSE 1 END AS dir, "
               "  CAST(q ->> '$.cursor' AS INTEGER) AS cursor, q ->> '$.limit' AS lim, q FROM r), "
               "page AS (SELECT p.id, p.doc, p.id * dir AS k FROM players p "
               "  JOIN roster ro ON ro.player_id = p.id, s WHERE ro.team_id = q ->> '$.team_id' "
               "  AND (json_array_length(q, '$.status') = 0 OR "
               "       p.status IN (SELECT value FROM json_each(q, '$.status'))) "
               "  AND (q ->> '$.position' IS NULL OR EXISTS (SELECT 1 FROM "
               "       json_each(p.doc, '$.positions') WHERE value = q ->> '$.position')) "
               "  AND (q ->> '$.q' IS NULL OR instr(lower((p.doc ->> '$.first_name') || ' ' || "
               "       (p.doc ->> '$.last_name')), lower(q ->> '$.q')) > 0) "
               "  AND (cursor IS NULL OR p.id * dir > cursor * dir) "
               "  ORDER BY k LIMIT (SELECT lim FROM s) + 1), "
               "kept AS (SELECT * FROM page ORDER BY k LIMIT (SELECT lim FROM s)) "
               "SELECT json_object('items', (SELECT json_group_array(json(doc)) FROM "
               "  (SELECT doc FROM kept ORDER BY k)), "
               "'page', json_object('next_cursor', CASE WHEN (SELECT count(*) FROM page) > "
               "  (SELECT count(*) FROM kept) THEN (SELECT CAST(id AS TEXT) FROM kept "
               "  ORDER BY k DESC LIMIT 1) END, 'total', (SELECT count(*) FROM roster "
               "  WHERE team_id = ?1 ->> '$.team_id')))",
               &out) &&
           mycoach_api_Players_list_players_response_decode(out.text, out.len, arena, &res->body,
                                                            &out.err);
}

const mycoach_api_Players_handlers club_players = {
    .list_players = list_players,
    .get_player = get_player,
    .get_players = get_players,
    .get_players_by_ids = get_players_by_ids,
    .create_player = create_player,
    .replace_player = replace_player,
    .update_player = update_player,
    .delete_player = delete_player,
    .upload_player_photo = upload_player_photo,
};

bool club_seed(long count)
{
    static const char doc[] = "{\"club_id\":1,\"first_name\":\"Ann\",\"last_name\":\"Lee\",\"birth_"
                              "date\":\"2010-03-04\"}";
    bool ok = sqlite3_exec(club_db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    for (long i = 0; ok && i < count; i++) {
        pl_arena *arena = pl_arena_new();
        mycoach_api_Players_create_player_request req;
        mycoach_api_Players_create_player_result res;
        pl_error err;
        memset(&req, 0, sizeof req);
        memset(&res, 0, sizeof res);
        ok = arena &&
             mycoach_people_NewPlayer_decode(doc, sizeof doc - 1, arena, &req.body, &err) &&
             create_player(NULL, &req, &res, arena) && !res.Conflict && !res.ValidationFailed;
        pl_arena_free(arena);
    }
    return sqlite3_exec(club_db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK && ok;
}

/* ---- Teams ---- */

static bool team_answer(int64_t id, pl_arena *arena, mycoach_people_Team *out)
{
    club_json doc;
    return club_row(arena, &doc.text, &doc.len, "SELECT " TEAM_DOC " FROM teams t WHERE id = ?1",
                    "i", id) &&
           doc.text && mycoach_people_Team_decode(doc.text, doc.len, arena, out, &doc.err);
}

static bool list_teams(void *context, const mycoach_api_Teams_list_teams_request *req,
                       mycoach_api_Teams_list_teams_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("clubs", req->club_id))
        return (res->NotFound = club_not_found(arena, "club", req->club_id)) != NULL;
    pl_buf q;
    club_json out;
    pl_buf_init(&q);
    return club_query(
               arena, &q, mycoach_api_Teams_list_teams_request_encode(req, &q, &out.err),
               "SELECT json_group_array(json(doc)) FROM (SELECT " TEAM_DOC " AS doc "
               "FROM teams t WHERE club_id = ?1 ->> '$.club_id' "
               "AND (?1 ->> '$.sport' IS NULL OR t.doc ->> '$.sport' = ?1 ->> '$.sport') "
               "AND (?1 ->> '$.season' IS NULL OR t.doc ->> '$.season' = ?1 ->> '$.season') "
               "AND (?1 ->> '$.include_archived' OR NOT coalesce(t.doc ->> '$.archived', 0)) "
               "ORDER BY id)",
               &out) &&
           mycoach_api_Teams_list_teams_response_decode(out.text, out.len, arena, &res->body,
                                                        &out.err);
}

static bool get_team(void *context, const mycoach_api_Teams_get_team_request *req,
                     mycoach_api_Teams_get_team_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("teams", req->id))
        return (res->NotFound = club_not_found(arena, "team", req->id)) != NULL;
    return team_answer(req->id, arena, &res->body);
}

/* A team code is unique in its club and season: the id of the team that has it, or 0. */
static bool code_taken(int64_t self, const char *team_json, size_t len, int64_t *other)
{
    bool found;
    return club_int(other, &found,
                    "SELECT t.id FROM teams t, (SELECT json(?1) AS n) WHERE t.id <> ?2 AND "
                    "t.club_id = n ->> '$.club_id' AND t.doc ->> '$.code' = n ->> '$.code' AND "
                    "t.doc ->> '$.season' = n ->> '$.season'",
                    "ti", team_json, len, self);
}

static bool create_team(void *context, const mycoach_api_Teams_create_team_request *req,
                        mycoach_api_Teams_create_team_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("clubs", req->body.club_id))
        return (res->ValidationFailed = club_invalid(arena, "/body/club_id", "unknown_reference",
                                                     "no such club")) != NULL;
    pl_buf body;
    pl_error err;
    pl_buf_init(&body);
    int64_t other = 0;
    bool ok = mycoach_people_NewTeam_encode(&req->body, &body, &err) &&
              code_taken(0, body.data, body.len, &other);
    if (ok && other) {
        pl_buf_free(&body);
        return (res->Conflict =
                    club_conflict(arena, "duplicate",
                                  "the club has a team with this code this season", other)) != NULL;
    }
    ok = ok &&
         club_exec("INSERT INTO teams (club_id, doc) VALUES (?1, '{}')", "i", req->body.club_id);
    int64_t id = sqlite3_last_insert_rowid(club_db);
    ok = ok && club_exec("UPDATE teams SET doc = json_set(?1, '$.id', ?2, '$.age_group', "
                         "coalesce(?1 -> '$.age_group', json('null')), '$.rules', json('null')) "
                         "WHERE id = ?2",
                         "ti", body.data, body.len, id);
    pl_buf_free(&body);
    return ok && team_answer(id, arena, &res->body);
}

static bool update_team(void *context, const mycoach_api_Teams_update_team_request *req,
                        mycoach_api_Teams_update_team_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("teams", req->id))
        return (res->NotFound = club_not_found(arena, "team", req->id)) != NULL;
    pl_buf body;
    pl_error err;
    pl_buf_init(&body);
    bool ok = mycoach_people_TeamPatch_encode(&req->body, &body, &err);
    if (ok && req->body.has_code) {
        const char *merged;
        size_t len;
        int64_t other = 0;
        ok = club_row(arena, &merged, &len,
                      "SELECT json_set(doc, '$.code', ?1 ->> '$.code') FROM teams WHERE id = ?2",
                      "ti", body.data, body.len, req->id) &&
             merged && code_taken(req->id, merged, len, &other);
        if (ok && other) {
            pl_buf_free(&body);
            return (res->Conflict = club_conflict(arena, "duplicate",
                                                  "the club has a team with this code this season",
                                                  other)) != NULL;
        }
    }
    ok = ok && club_patch("teams", req->id, body.data, body.len,
                          "name,code,level,age_group,kit_colors,metadata,archived", "age_group");
    pl_buf_free(&body);
    return ok && team_answer(req->id, arena, &res->body);
}

/* Keeps a player's team_ids in step with the roster. */
static bool sync_team_ids(int64_t player_id)
{
    return club_exec("UPDATE players SET doc = json_set(doc, '$.team_ids', (SELECT "
                     "json_group_array(team_id) FROM (SELECT team_id FROM roster WHERE "
                     "player_id = ?1 ORDER BY team_id))) WHERE id = ?1",
                     "i", player_id);
}

static bool put_roster_entry(void *context, const mycoach_api_Teams_put_roster_entry_request *req,
                             mycoach_api_Teams_put_roster_entry_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("teams", req->team_id))
        return (res->NotFound = club_not_found(arena, "team", req->team_id)) != NULL;
    if (!club_exists("players", req->player_id))
        return (res->NotFound = club_not_found(arena, "player", req->player_id)) != NULL;
    const mycoach_people_RosterEntryRequest *b = &req->body;
    if (b->has_shirt_number &&
        !shirt_free(req->player_id, req->team_id, b->shirt_number, arena, &res->Conflict))
        return res->Conflict != NULL;
    pl_buf body;
    pl_error err;
    char today[PL_DATE_MAX];
    pl_date d = club_today();
    pl_date_format(&d, today);
    pl_buf_init(&body);
    const char *doc;
    size_t len;
    bool ok =
        mycoach_people_RosterEntryRequest_encode(b, &body, &err) &&
        club_exec("INSERT INTO roster (team_id, player_id, doc) VALUES (?2, ?3, "
                  "json_set(?1, '$.team_id', ?2, '$.player_id', ?3, '$.joined_on', "
                  "coalesce(?1 ->> '$.joined_on', ?4))) ON CONFLICT (team_id, player_id) "
                  "DO UPDATE SET doc = json_set(excluded.doc, '$.joined_on', "
                  "coalesce(?1 ->> '$.joined_on', doc ->> '$.joined_on'))",
                  "tiis", body.data, body.len, req->team_id, req->player_id, today) &&
        sync_team_ids(req->player_id) &&
        club_row(arena, &doc, &len, "SELECT doc FROM roster WHERE team_id = ?1 AND player_id = ?2",
                 "ii", req->team_id, req->player_id) &&
        doc && mycoach_people_RosterEntry_decode(doc, len, arena, &res->body, &err);
    pl_buf_free(&body);
    return ok;
}

static bool remove_roster_entry(void *context,
                                const mycoach_api_Teams_remove_roster_entry_request *req,
                                mycoach_api_Teams_remove_roster_entry_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("teams", req->team_id))
        return (res->NotFound = club_not_found(arena, "team", req->team_id)) != NULL;
    if (!club_exec("DELETE FROM roster WHERE team_id = ?1 AND player_id = ?2", "ii", req->team_id,
                   req->player_id))
        return false;
    if (sqlite3_changes(club_db) == 0)
        return (res->NotFound = club_not_found(arena, "roster entry", req->player_id)) != NULL;
    return sync_team_ids(req->player_id);
}

/* The rules' variant must be the team's sport (422 otherwise). */
static bool set_team_rules(void *context, const mycoach_api_Teams_set_team_rules_request *req,
                           mycoach_api_Teams_set_team_rules_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("teams", req->id))
        return (res->NotFound = club_not_found(arena, "team", req->id)) != NULL;
    pl_buf body;
    pl_error err;
    pl_buf_init(&body);
    int64_t same;
    bool found;
    bool ok = mycoach_sports_SportRules_encode(&req->body, &body, &err) &&
              club_int(&same, &found,
                       "SELECT doc ->> '$.sport' = ?1 ->> '$.type' FROM teams WHERE id = ?2", "ti",
                       body.data, body.len, req->id);
    if (ok && !same) {
        pl_buf_free(&body);
        return (res->ValidationFailed = club_invalid(arena, "/body/type", "inconsistent",
                                                     "these are not the rules of the team's "
                                                     "sport")) != NULL;
    }
    ok = ok && club_exec("UPDATE teams SET doc = json_set(doc, '$.rules', json(?1)) WHERE id = ?2",
                         "ti", body.data, body.len, req->id);
    pl_buf_free(&body);
    res->body = req->body;
    return ok;
}

static bool reset_team_rules(void *context, const mycoach_api_Teams_reset_team_rules_request *req,
                             mycoach_api_Teams_reset_team_rules_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("teams", req->id))
        return (res->NotFound = club_not_found(arena, "team", req->id)) != NULL;
    return club_exec("UPDATE teams SET doc = json_set(doc, '$.rules', json('null')) WHERE id = ?1",
                     "i", req->id);
}

const mycoach_api_Teams_handlers club_teams = {
    .list_teams = list_teams,
    .get_team = get_team,
    .create_team = create_team,
    .update_team = update_team,
    .put_roster_entry = put_roster_entry,
    .remove_roster_entry = remove_roster_entry,
    .set_team_rules = set_team_rules,
    .reset_team_rules = reset_team_rules,
};

/* ---- StaffDirectory ---- */

static bool list_staff(void *context, const mycoach_api_StaffDirectory_list_staff_request *req,
                       mycoach_api_StaffDirectory_list_staff_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("clubs", req->club_id))
        return (res->NotFound = club_not_found(arena, "club", req->club_id)) != NULL;
    pl_buf q;
    club_json out;
    pl_buf_init(&q);
    return club_query(arena, &q,
                      mycoach_api_StaffDirectory_list_staff_request_encode(req, &q, &out.err),
                      "SELECT json_group_array(json(doc)) FROM (SELECT s.doc FROM staff s "
                      "WHERE club_id = ?1 ->> '$.club_id' "
                      "AND (?1 -> '$.roles' IS NULL OR s.doc ->> '$.role' IN "
                      "     (SELECT value FROM json_each(?1, '$.roles'))) "
                      "AND (?1 ->> '$.team_id' IS NULL OR ?1 ->> '$.team_id' IN "
                      "     (SELECT value FROM json_each(s.doc, '$.team_ids')) OR EXISTS (SELECT 1 "
                      "     FROM teams t, json_each(t.doc, '$.staff_ids') j WHERE t.id = "
                      "     ?1 ->> '$.team_id' AND j.value = s.id)) "
                      "AND (NOT ?1 ->> '$.bookable_only' OR s.doc ->> '$.bookable') ORDER BY s.id)",
                      &out) &&
           mycoach_api_StaffDirectory_list_staff_response_decode(out.text, out.len, arena,
                                                                 &res->body, &out.err);
}

static bool get_staff(void *context, const mycoach_api_StaffDirectory_get_staff_request *req,
                      mycoach_api_StaffDirectory_get_staff_result *res, pl_arena *arena)
{
    (void)context;
    club_json doc;
    if (!club_find(arena, "staff", req->id, "staff member", &res->NotFound, &doc))
        return res->NotFound != NULL;
    return mycoach_people_Staff_decode(doc.text, doc.len, arena, &res->body, &doc.err);
}

/* Appends {"staff":...,"reports":[...]} for staff member id and, below, those who report to
 * them (depth-limited against a cycle in manager_id). Members of the club without a manager
 * other than the root report to the root. */
static bool append_node(pl_buf *out, int64_t id, int64_t root, int64_t club_id, int depth,
                        pl_arena *arena)
{
    club_json doc;
    if (depth > 16 || !club_doc(arena, "staff", id, &doc) || !doc.text)
        return false;
    bool ok = pl_buf_append(out, "{\"staff\":", 9) && pl_buf_append(out, doc.text, doc.len) &&
              pl_buf_append(out, ",\"reports\":[", 12);
    sqlite3_stmt *stmt;
    ok = ok && sqlite3_prepare_v2(club_db,
                                  "SELECT id FROM staff WHERE club_id = ?3 AND id <> ?2 AND "
                                  "(doc ->> '$.manager_id' = ?1 OR (?1 = ?2 AND "
                                  "(doc ->> '$.manager_id' IS NULL OR doc ->> '$.manager_id' NOT "
                                  "IN (SELECT id FROM staff WHERE club_id = ?3)))) ORDER BY id",
                                  -1, &stmt, NULL) == SQLITE_OK;
    if (!ok)
        return false;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, root);
    sqlite3_bind_int64(stmt, 3, club_id);
    bool first = true;
    while (ok && sqlite3_step(stmt) == SQLITE_ROW) {
        ok = (first || pl_buf_append_char(out, ',')) &&
             append_node(out, sqlite3_column_int64(stmt, 0), root, club_id, depth + 1, arena);
        first = false;
    }
    sqlite3_finalize(stmt);
    return ok && pl_buf_append(out, "]}", 2);
}

static bool get_staff_hierarchy(void *context,
                                const mycoach_api_StaffDirectory_get_staff_hierarchy_request *req,
                                mycoach_api_StaffDirectory_get_staff_hierarchy_result *res,
                                pl_arena *arena)
{
    (void)context;
    int64_t root;
    bool found;
    if (!club_int(&root, &found,
                  "SELECT id FROM staff WHERE club_id = ?1 AND doc ->> '$.manager_id' IS NULL "
                  "ORDER BY doc ->> '$.role' <> 'director', id LIMIT 1",
                  "i", req->club_id))
        return false;
    if (!found)
        return (res->NotFound = club_not_found(arena, "club staff", req->club_id)) != NULL;
    pl_buf tree;
    pl_error err;
    pl_buf_init(&tree);
    bool ok = append_node(&tree, root, root, req->club_id, 0, arena) &&
              mycoach_people_StaffNode_decode(tree.data, tree.len, arena, &res->body, &err);
    pl_buf_free(&tree);
    return ok;
}

const mycoach_api_StaffDirectory_handlers club_staff = {
    .list_staff = list_staff,
    .get_staff = get_staff,
    .get_staff_hierarchy = get_staff_hierarchy,
};

/* ---- Sports ---- */

/* The catalogue, with English and French names; rules are the defaults of the schema. */
static const char catalogue[] =
    "[{\"sport\":\"football\",\"names\":{\"en\":\"Football\",\"fr\":\"Football\"},"
    "\"team_sport\":true,\"fixed_duration\":true,\"nominal_minutes\":90,"
    "\"default_rules\":{\"type\":\"football\"}},"
    "{\"sport\":\"rugby\",\"names\":{\"en\":\"Rugby\",\"fr\":\"Rugby\"},\"team_sport\":true,"
    "\"fixed_duration\":true,\"nominal_minutes\":80,\"default_rules\":{\"type\":\"rugby\"}},"
    "{\"sport\":\"volleyball\",\"names\":{\"en\":\"Volleyball\",\"fr\":\"Volley-ball\"},"
    "\"team_sport\":true,\"fixed_duration\":false,\"nominal_minutes\":null,"
    "\"default_rules\":{\"type\":\"volleyball\"}},"
    "{\"sport\":\"cycling\",\"names\":{\"en\":\"Cycling\",\"fr\":\"Cyclisme\"},"
    "\"team_sport\":false,\"fixed_duration\":false,\"nominal_minutes\":null,"
    "\"default_rules\":{\"type\":\"cycling\",\"distance_km\":120.0}},"
    "{\"sport\":\"judo\",\"names\":{\"en\":\"Judo\",\"fr\":\"Judo\"},\"team_sport\":false,"
    "\"fixed_duration\":true,\"nominal_minutes\":4,\"default_rules\":{\"type\":\"judo\"}},"
    "{\"sport\":\"surf\",\"names\":{\"en\":\"Surfing\",\"fr\":\"Surf\"},\"team_sport\":false,"
    "\"fixed_duration\":true,\"nominal_minutes\":20,\"default_rules\":{\"type\":\"surf\"}},"
    "{\"sport\":\"ice-hockey\",\"names\":{\"en\":\"Ice hockey\",\"fr\":\"Hockey sur glace\"},"
    "\"team_sport\":true,\"fixed_duration\":true,\"nominal_minutes\":60,"
    "\"default_rules\":{\"type\":\"ice-hockey\"}}]";

/* The names in the requested locale, or in its language, or in English. */
static bool list_sports(void *context, const mycoach_api_Sports_list_sports_request *req,
                        mycoach_api_Sports_list_sports_result *res, pl_arena *arena)
{
    (void)context;
    const char *out;
    size_t out_len;
    pl_error err;
    return club_row(arena, &out, &out_len,
                    "SELECT json_group_array(json_set(value, '$.names', json_object(?2, "
                    "coalesce(value -> '$.names' ->> ?2, value -> '$.names' ->> substr(?2, 1, 2), "
                    "value -> '$.names' ->> 'en')))) FROM json_each(?1)",
                    "st", catalogue, req->locale.data, req->locale.len) &&
           out &&
           mycoach_api_Sports_list_sports_response_decode(out, out_len, arena, &res->body, &err);
}

/* Youth matches are shorter and played with fewer players; the other levels play by the
 * defaults. A level this server does not know (the enum is open) has no rules: 404. */
static bool get_sport_rules(void *context, const mycoach_api_Sports_get_sport_rules_request *req,
                            mycoach_api_Sports_get_sport_rules_result *res, pl_arena *arena)
{
    (void)context;
    if (req->level.value == MYCOACH_SPORTS_COMPETITION_LEVEL_UNKNOWN) {
        mycoach_errors_NotFound *e = club_not_found(arena, "rules", 0);
        if (!e)
            return false;
        e->id = req->level.raw;
        res->NotFound = e;
        return true;
    }
    const char *out;
    size_t out_len;
    pl_error err;
    bool youth = req->level.value == MYCOACH_SPORTS_COMPETITION_LEVEL_YOUTH;
    return club_row(arena, &out, &out_len,
                    "SELECT CASE WHEN ?3 THEN json_patch(r, CASE r ->> '$.type' "
                    "WHEN 'football' THEN '{\"half_minutes\":30,\"players_on_field\":8}' "
                    "WHEN 'rugby' THEN '{\"half_minutes\":20,\"players_on_field\":10}' "
                    "WHEN 'ice-hockey' THEN '{\"period_minutes\":15}' "
                    "WHEN 'judo' THEN '{\"contest_minutes\":3}' ELSE '{}' END) ELSE r END "
                    "FROM (SELECT value -> '$.default_rules' AS r FROM json_each(?1) "
                    "WHERE value ->> '$.sport' = ?2)",
                    "ssb", catalogue, mycoach_sports_Sport_to_string(req->sport), (int)youth) &&
           out && mycoach_sports_SportRules_decode(out, out_len, arena, &res->body, &err);
}

const mycoach_api_Sports_handlers club_sports = {
    .list_sports = list_sports,
    .get_sport_rules = get_sport_rules,
};

/* ---- Health ---- */

/* 204 while the database answers; 503 otherwise. */
static bool ping(void *context, const mycoach_api_Health_ping_request *req,
                 mycoach_api_Health_ping_result *res, pl_arena *arena)
{
    (void)context;
    (void)req;
    int64_t one;
    bool found;
    if (club_int(&one, &found, "SELECT count(*) FROM clubs", "") && found)
        return true;
    mycoach_errors_ServiceUnavailable *e = pl_arena_alloc(arena, sizeof *e);
    if (!e)
        return false;
    memset(e, 0, sizeof *e);
    e->message = club_text(arena, "the database does not answer");
    e->details = club_text(arena, "{}");
    res->ServiceUnavailable = e;
    return true;
}

const mycoach_api_Health_handlers club_health = {.ping = ping};
