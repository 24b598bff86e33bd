/* The Events service of schemas/events_api.payload: events of every kind, their slots and
 * bookings. Like people.c, most work is SQL on the stored JSON documents. Instants are compared
 * as Unix seconds (SQLite's unixepoch() reads the offsets of RFC 3339 texts). */
#include <stdio.h>
#include <string.h>

#include "club.h"

/* The key of a person: one booking or invitation per person ("player:3", "guest:{...}"). */
bool club_person_key(const mycoach_people_PersonRef *who, pl_buf *key)
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

/* A player or staff reference must name someone who exists: the path of the id, or NULL. */
const char *club_unknown_person(const mycoach_people_PersonRef *who)
{
    if (who->tag == MYCOACH_PEOPLE_PERSON_REF_PLAYER &&
        !club_exists("players", who->player.player_id))
        return "player_id";
    if (who->tag == MYCOACH_PEOPLE_PERSON_REF_STAFF && !club_exists("staff", who->staff.staff_id))
        return "staff_id";
    return NULL;
}

static bool event_answer(int64_t id, pl_arena *arena, mycoach_events_Event *out)
{
    club_json doc;
    return club_doc(arena, "events", id, &doc) && doc.text &&
           mycoach_events_Event_decode(doc.text, doc.len, arena, out, &doc.err);
}

/* The first rule an event document breaks (a 422 path under /body), or NULL; out of memory or
 * an SQL error: *failed. Ends before starts, slots ending before they start, unknown teams or
 * staff. */
static const char *broken_rule(const char *doc, size_t len, pl_arena *arena, bool *failed)
{
    const char *path;
    size_t path_len;
    *failed = !club_row(
        arena, &path, &path_len,
        "WITH d AS (SELECT json(?1) AS e) SELECT CASE "
        "WHEN e ->> '$.team_id' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM teams WHERE id = "
        "  e ->> '$.team_id') THEN '/body/team_id' "
        "WHEN e ->> '$.staff_id' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM staff WHERE id = "
        "  e ->> '$.staff_id') THEN '/body/staff_id' "
        "WHEN unixepoch(e ->> '$.ends_at') < unixepoch(e ->> '$.starts_at') THEN '/body/ends_at' "
        "ELSE (SELECT '/body/slots/' || key || '/ends_at' FROM json_each(e, '$.slots') WHERE "
        "  unixepoch(value ->> '$.ends_at') <= unixepoch(value ->> '$.starts_at') "
        "  ORDER BY key LIMIT 1) END FROM d",
        "t", doc, len);
    return *failed ? NULL : path;
}

static mycoach_errors_ValidationFailed *broken(pl_arena *arena, const char *path)
{
    const char *what = strstr(path, "_id") ? "unknown_reference" : "inconsistent";
    return club_invalid(arena, path, what,
                        strstr(path, "_id") ? "no such record" : "it ends before it starts");
}

/* The id is SQLite's: insert the row, then store the document with the ids of the event and
 * of its slots; booked counts start at 0. */
static bool create_event(void *context, const mycoach_api_Events_create_event_request *req,
                         mycoach_api_Events_create_event_result *res, pl_arena *arena)
{
    (void)context;
    pl_buf body;
    pl_error err;
    pl_buf_init(&body);
    bool failed;
    if (!mycoach_events_Event_encode(&req->body, &body, &err)) {
        pl_buf_free(&body);
        return false;
    }
    const char *path = broken_rule(body.data, body.len, arena, &failed);
    if (failed || path) {
        pl_buf_free(&body);
        return !failed && (res->ValidationFailed = broken(arena, path)) != NULL;
    }
    bool ok = club_exec("INSERT INTO events (team_id, starts_at, doc) VALUES (?1 ->> '$.team_id', "
                        "unixepoch(?1 ->> '$.starts_at'), ?1)",
                        "t", body.data, body.len);
    int64_t id = sqlite3_last_insert_rowid(club_db);
    pl_buf_free(&body);
    ok =
        ok && club_exec("UPDATE events SET doc = json_set(doc, '$.id', id) WHERE id = ?1", "i", id);
    int64_t slots;
    bool found;
    ok = ok &&
         club_int(&slots, &found,
                  "SELECT json_array_length(doc, '$.slots') FROM events WHERE id = ?1", "i", id);
    for (int64_t i = 0; ok && i < slots; i++) {
        char p_id[48], p_booked[48];
        snprintf(p_id, sizeof p_id, "$.slots[%lld].id", (long long)i);
        snprintf(p_booked, sizeof p_booked, "$.slots[%lld].booked", (long long)i);
        ok = club_exec("INSERT INTO slots (event_id) VALUES (?1)", "i", id) &&
             club_exec("UPDATE events SET doc = json_set(doc, ?2, ?3, ?4, 0) WHERE id = ?1", "isis",
                       id, p_id, (int64_t)sqlite3_last_insert_rowid(club_db), p_booked);
    }
    return ok && event_answer(id, arena, &res->body);
}

static bool get_event(void *context, const mycoach_api_Events_get_event_request *req,
                      mycoach_api_Events_get_event_result *res, pl_arena *arena)
{
    (void)context;
    club_json doc;
    if (!club_find(arena, "events", req->id, "event", &res->NotFound, &doc))
        return res->NotFound != NULL;
    return mycoach_events_Event_decode(doc.text, doc.len, arena, &res->body, &doc.err);
}

/* Fields that do not apply to the event's kind are ignored (docs of EventPatch). A cancelled
 * or finished event only takes a new status (409 otherwise); a course cannot become
 * open-ended, and no event may end before it starts (422). */
static bool update_event(void *context, const mycoach_api_Events_update_event_request *req,
                         mycoach_api_Events_update_event_result *res, pl_arena *arena)
{
    (void)context;
    club_json doc;
    if (!club_find(arena, "events", req->id, "event", &res->NotFound, &doc))
        return res->NotFound != NULL;
    const mycoach_events_EventPatch *p = &req->body;
    mycoach_events_Event old;
    if (!mycoach_events_Event_decode(doc.text, doc.len, arena, &old, &doc.err))
        return false;
    const char *keys = "title,starts_at,location,status", *nullable = "location";
    const mycoach_events_EventStatus *status = &old.training.status;
    switch (old.tag) {
    case MYCOACH_EVENTS_EVENT_TRAINING:
        keys = "title,starts_at,ends_at,location,status", nullable = "ends_at,location";
        break;
    case MYCOACH_EVENTS_EVENT_MATCH:
        keys = "title,starts_at,location,status,duration_minutes";
        status = &old.match.status;
        break;
    case MYCOACH_EVENTS_EVENT_COURSE:
        keys = "title,starts_at,ends_at,location,status,fee", nullable = "location,fee";
        status = &old.course.status;
        if (p->has_ends_at && p->ends_at_is_null)
            return (res->ValidationFailed = club_invalid(arena, "/body/ends_at", "inconsistent",
                                                         "a course has an end")) != NULL;
        break;
    default:
        status = &old.staff_appointment.status;
        break;
    }
    bool closed = status->value == MYCOACH_EVENTS_EVENT_STATUS_CANCELLED ||
                  status->value == MYCOACH_EVENTS_EVENT_STATUS_DONE;
    if (closed && (p->has_title || p->has_starts_at || p->has_ends_at || p->has_location ||
                   p->has_duration_minutes || p->has_fee))
        return (res->Conflict = club_conflict(arena, "closed",
                                              "the event is over or cancelled: only its status "
                                              "may change",
                                              0)) != NULL;
    /* The patched document is checked, and the patch undone when it breaks a rule. */
    if (!club_exec("SAVEPOINT patch", ""))
        return false;
    pl_buf body;
    pl_buf_init(&body);
    bool failed = !mycoach_events_EventPatch_encode(p, &body, &doc.err) ||
                  !club_patch("events", req->id, body.data, body.len, keys, nullable) ||
                  !club_doc(arena, "events", req->id, &doc) || !doc.text;
    pl_buf_free(&body);
    const char *path = failed ? NULL : broken_rule(doc.text, doc.len, arena, &failed);
    if (!club_savepoint_end("patch", !failed && !path))
        return !failed && (res->ValidationFailed = broken(arena, path)) != NULL;
    return club_exec("UPDATE events SET starts_at = unixepoch(doc ->> '$.starts_at') WHERE id = ?1",
                     "i", req->id) &&
           event_answer(req->id, arena, &res->body);
}

/* An event that has started cannot be cancelled any more (410). Otherwise it is deleted, its
 * invitations are revoked and its bookings cancelled. The example sends no notifications. */
static bool cancel_event(void *context, const mycoach_api_Events_cancel_event_request *req,
                         mycoach_api_Events_cancel_event_result *res, pl_arena *arena)
{
    (void)context;
    mycoach_events_Event e;
    club_json doc;
    if (!club_find(arena, "events", req->id, "event", &res->NotFound, &doc))
        return res->NotFound != NULL;
    if (!mycoach_events_Event_decode(doc.text, doc.len, arena, &e, &doc.err))
        return false;
    const pl_datetime *starts = e.tag == MYCOACH_EVENTS_EVENT_TRAINING ? &e.training.starts_at
                                : e.tag == MYCOACH_EVENTS_EVENT_MATCH  ? &e.match.starts_at
                                : e.tag == MYCOACH_EVENTS_EVENT_COURSE
                                    ? &e.course.starts_at
                                    : &e.staff_appointment.starts_at;
    pl_datetime now = club_now();
    if (pl_datetime_unix_seconds(starts) <= pl_datetime_unix_seconds(&now))
        return (res->Gone = club_gone(arena, "the event has already started", *starts)) != NULL;
    char at[PL_DATETIME_MAX];
    club_utc(&now, at);
    return club_exec("UPDATE invitations SET doc = json_set(doc, '$.status', 'revoked') "
                     "WHERE event_id = ?1",
                     "i", req->id) &&
           club_exec("UPDATE bookings SET cancelled_at = coalesce(cancelled_at, ?2), "
                     "doc = json_remove(json_set(doc, '$.status', 'cancelled'), "
                     "'$.waitlist_position') WHERE event_id = ?1",
                     "is", req->id, at) &&
           club_exec("DELETE FROM events WHERE id = ?1", "i", req->id);
}

static bool list_slots(void *context, const mycoach_api_Events_list_slots_request *req,
                       mycoach_api_Events_list_slots_result *res, pl_arena *arena)
{
    (void)context;
    club_json out;
    if (!club_row(arena, &out.text, &out.len,
                  "SELECT (SELECT json_group_array(json(value)) FROM (SELECT value FROM "
                  "json_each(doc, '$.slots') WHERE NOT ?2 OR value ->> '$.booked' < "
                  "value ->> '$.capacity' ORDER BY key)) FROM events WHERE id = ?1",
                  "ib", req->id, (int)req->available_only))
        return false;
    if (!out.text)
        return (res->NotFound = club_not_found(arena, "event", req->id)) != NULL;
    return mycoach_api_Events_list_slots_response_decode(out.text, out.len, arena, &res->body,
                                                         &out.err);
}

static bool booking_answer(int64_t id, pl_arena *arena, mycoach_events_Booking *out)
{
    club_json doc;
    return club_doc(arena, "bookings", id, &doc) && doc.text &&
           mycoach_events_Booking_decode(doc.text, doc.len, arena, out, &doc.err);
}

/* Books a place: the same idempotency key gives back the same booking; a person books a slot
 * once (409 already_booked); a full slot is a 409 slot_full unless waitlist_if_full; a slot
 * that is over or a person who does not exist is a 422. */
static bool book_slot(void *context, const mycoach_api_Events_book_slot_request *req,
                      mycoach_api_Events_book_slot_result *res, pl_arena *arena)
{
    (void)context;
    char key_text[40];
    int64_t v;
    bool found;
    pl_uuid_format(&req->body.idempotency_key, key_text);
    if (!club_exists("events", req->id))
        return (res->NotFound = club_not_found(arena, "event", req->id)) != NULL;
    if (!club_int(&v, &found,
                  "SELECT id FROM bookings WHERE idempotency_key = ?1 AND event_id = ?2 AND "
                  "slot_id = ?3",
                  "sii", key_text, req->id, req->slot_id))
        return false;
    if (found)
        return booking_answer(v, arena, &res->body);
    const char *slot;
    size_t slot_len;
    int64_t index;
    if (!club_int(&index, &found,
                  "SELECT key FROM events, json_each(doc, '$.slots') WHERE events.id = ?1 AND "
                  "value ->> '$.id' = ?2",
                  "ii", req->id, req->slot_id))
        return false;
    if (!found)
        return (res->NotFound = club_not_found(arena, "slot", req->slot_id)) != NULL;
    if (!club_row(arena, &slot, &slot_len,
                  "SELECT doc -> ('$.slots[' || ?2 || ']') FROM events WHERE id = ?1", "ii",
                  req->id, index) ||
        !slot)
        return false;
    const char *unknown = club_unknown_person(&req->body.person);
    if (unknown) {
        char path[48];
        snprintf(path, sizeof path, "/body/person/%s", unknown);
        return (res->ValidationFailed =
                    club_invalid(arena, path, "unknown_reference", "no such person")) != NULL;
    }
    if (!club_int(&v, &found, "SELECT unixepoch(?1 ->> '$.ends_at') <= unixepoch('now')", "t", slot,
                  slot_len))
        return false;
    if (v)
        return (res->ValidationFailed =
                    club_invalid(arena, "/slot_id", "inconsistent", "the slot is over")) != NULL;
    pl_buf person;
    pl_buf_init(&person);
    if (!club_person_key(&req->body.person, &person)) {
        pl_buf_free(&person);
        return false;
    }
    bool ok = club_int(&v, &found,
                       "SELECT id FROM bookings WHERE slot_id = ?1 AND person = ?2 AND "
                       "cancelled_at IS NULL",
                       "it", req->slot_id, person.data, person.len);
    if (ok && found) {
        pl_buf_free(&person);
        return (res->Conflict = club_conflict(
                    arena, "already_booked", "the person has booked this slot already", v)) != NULL;
    }
    int64_t full = 0;
    ok = ok && club_int(&full, &found, "SELECT ?1 ->> '$.booked' >= ?1 ->> '$.capacity'", "t", slot,
                        slot_len);
    if (ok && full && !req->body.waitlist_if_full) {
        pl_buf_free(&person);
        return (res->Conflict = club_conflict(arena, "slot_full", "the slot is full", 0)) != NULL;
    }
    pl_buf who;
    pl_error err;
    char now[PL_DATETIME_MAX];
    pl_datetime at = club_now();
    club_utc(&at, now);
    pl_buf_init(&who);
    ok = ok && mycoach_people_PersonRef_encode(&req->body.person, &who, &err) &&
         club_exec("INSERT INTO bookings (event_id, slot_id, person, idempotency_key, doc) "
                   "VALUES (?1, ?2, ?3, ?4, '{}')",
                   "iits", req->id, req->slot_id, person.data, person.len, key_text);
    int64_t id = sqlite3_last_insert_rowid(club_db);
    ok = ok && club_exec(/* json_patch drops the null position of a confirmed booking */
                         "UPDATE bookings SET doc = json_patch(json_object('id', id, 'event_id', "
                         "event_id, 'slot_id', slot_id, 'person', json(?2), 'status', "
                         "CASE WHEN ?3 THEN 'waitlisted' ELSE 'confirmed' END, 'booked_at', ?5), "
                         "json_object('waitlist_position', CASE WHEN ?3 THEN (SELECT count(*) + 1 "
                         "FROM bookings b WHERE b.slot_id = ?4 AND b.doc ->> '$.status' = "
                         "'waitlisted') END)) WHERE id = ?1",
                         "itbis", id, who.data, who.len, (int)full, req->slot_id, now);
    if (ok && !full) {
        char path[48];
        snprintf(path, sizeof path, "$.slots[%lld].booked", (long long)index);
        ok = club_exec("UPDATE events SET doc = json_set(doc, ?2, (doc ->> ?2) + 1) WHERE id = ?1",
                       "is", req->id, path);
    }
    pl_buf_free(&who);
    pl_buf_free(&person);
    return ok && booking_answer(id, arena, &res->body);
}

/* Cancels a booking (410 when it is already): the first of the waiting list takes a freed
 * place, and those behind move up. */
static bool cancel_booking(void *context, const mycoach_api_Events_cancel_booking_request *req,
                           mycoach_api_Events_cancel_booking_result *res, pl_arena *arena)
{
    (void)context;
    const char *cancelled;
    size_t len;
    if (!club_exists("bookings", req->id))
        return (res->NotFound = club_not_found(arena, "booking", req->id)) != NULL;
    if (!club_row(arena, &cancelled, &len, "SELECT cancelled_at FROM bookings WHERE id = ?1", "i",
                  req->id))
        return false;
    if (cancelled) {
        pl_datetime since;
        if (!pl_datetime_parse(cancelled, len, &since))
            return false;
        return (res->Gone = club_gone(arena, "the booking is cancelled already", since)) != NULL;
    }
    char now[PL_DATETIME_MAX];
    pl_datetime at = club_now();
    club_utc(&at, now);
    int64_t promoted = 0;
    bool found;
    bool ok =
        club_exec("SAVEPOINT cancel", "") &&
        /* Those waiting behind it (or everyone waiting, when a place is freed) move up. */
        club_int(&promoted, &found,
                 "SELECT b.id FROM bookings b, bookings c WHERE c.id = ?1 AND b.slot_id = "
                 "c.slot_id AND c.doc ->> '$.status' = 'confirmed' AND b.doc ->> '$.status' = "
                 "'waitlisted' AND b.doc ->> '$.waitlist_position' = 1",
                 "i", req->id) &&
        club_exec("UPDATE bookings SET doc = json_set(doc, '$.waitlist_position', "
                  "(doc ->> '$.waitlist_position') - 1) WHERE id IN (SELECT b.id FROM bookings b, "
                  "bookings c WHERE c.id = ?1 AND b.slot_id = c.slot_id AND b.doc ->> '$.status' "
                  "= 'waitlisted' AND (c.doc ->> '$.status' = 'confirmed' OR "
                  "b.doc ->> '$.waitlist_position' > c.doc ->> '$.waitlist_position'))",
                  "i", req->id) &&
        club_exec("UPDATE bookings SET doc = json_remove(json_set(doc, '$.status', 'confirmed'), "
                  "'$.waitlist_position') WHERE id = ?1",
                  "i", promoted) &&
        /* Without anyone promoted, the slot has one booking less. */
        club_exec("UPDATE events SET doc = json_set(doc, (SELECT '$.slots[' || j.key || "
                  "'].booked' FROM json_each(events.doc, '$.slots') j, bookings c WHERE c.id = ?1 "
                  "AND j.value ->> '$.id' = c.slot_id), (SELECT (j.value ->> '$.booked') - 1 FROM "
                  "json_each(events.doc, '$.slots') j, bookings c WHERE c.id = ?1 AND "
                  "j.value ->> '$.id' = c.slot_id)) WHERE id = (SELECT event_id FROM bookings "
                  "WHERE id = ?1 AND doc ->> '$.status' = 'confirmed') AND ?2 = 0",
                  "ii", req->id, promoted) &&
        club_exec("UPDATE bookings SET cancelled_at = ?2, doc = json_remove(json_set(doc, "
                  "'$.status', 'cancelled'), '$.waitlist_position') WHERE id = ?1",
                  "is", req->id, now);
    return club_savepoint_end("cancel", ok);
}

/* Only a match has a result (409 otherwise); period numbers go 1, 2, 3... (422 otherwise).
 * Recording it marks the match done. */
static bool record_result(void *context, const mycoach_api_Events_record_result_request *req,
                          mycoach_api_Events_record_result_result *res, pl_arena *arena)
{
    (void)context;
    const char *kind;
    size_t len;
    if (!club_row(arena, &kind, &len, "SELECT doc ->> '$.kind' FROM events WHERE id = ?1", "i",
                  req->id))
        return false;
    if (!kind)
        return (res->NotFound = club_not_found(arena, "event", req->id)) != NULL;
    if (strcmp(kind, "match") != 0)
        return (res->Conflict =
                    club_conflict(arena, "not_a_match", "only a match has a result", 0)) != NULL;
    const mycoach_events_MatchResult *r = &req->body;
    for (size_t i = 0; i < r->periods.count; i++) {
        if (r->periods.items[i].number != (int32_t)i + 1) {
            char path[48];
            snprintf(path, sizeof path, "/body/periods/%zu/number", i);
            return (res->ValidationFailed = club_invalid(
                        arena, path, "inconsistent", "periods are numbered 1, 2, 3...")) != NULL;
        }
    }
    pl_buf body;
    pl_error err;
    pl_buf_init(&body);
    bool ok = mycoach_events_MatchResult_encode(r, &body, &err) &&
              club_exec("UPDATE events SET doc = json_set(doc, '$.result', json(?1), '$.status', "
                        "'done') WHERE id = ?2",
                        "ti", body.data, body.len, req->id);
    pl_buf_free(&body);
    res->body = *r;
    return ok;
}

/* The events of a team by start time, page by page: the cursor is the offset of the page. */
static bool list_team_events(void *context, const mycoach_api_Events_list_team_events_request *req,
                             mycoach_api_Events_list_team_events_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("teams", req->team_id))
        return (res->NotFound = club_not_found(arena, "team", req->team_id)) != NULL;
    if (req->has_cursor && !club_cursor_valid(req->cursor))
        return (res->BadRequest = club_bad_request(arena, "bad cursor")) != NULL;
    pl_buf q;
    club_json out;
    pl_buf_init(&q);
    return club_query(
               arena, &q, mycoach_api_Events_list_team_events_request_encode(req, &q, &out.err),
               "WITH s AS (SELECT json(?1) AS q, coalesce(CAST(?1 ->> '$.cursor' AS INTEGER), 0) "
               "  AS off, ?1 ->> '$.limit' AS lim), "
               "page AS (SELECT e.id, e.starts_at, e.doc FROM events e, s "
               "  WHERE e.team_id = q ->> '$.team_id' "
               "  AND (q ->> '$.from' IS NULL OR e.starts_at >= unixepoch(q ->> '$.from')) "
               "  AND (q ->> '$.to' IS NULL OR e.starts_at < unixepoch(q ->> '$.to')) "
               "  AND (json_array_length(q, '$.kinds') = 0 OR e.doc ->> '$.kind' IN "
               "       (SELECT value FROM json_each(q, '$.kinds'))) "
               "  AND (q -> '$.statuses' IS NULL OR e.doc ->> '$.status' IN "
               "       (SELECT value FROM json_each(q, '$.statuses'))) "
               "  ORDER BY e.starts_at, e.id LIMIT (SELECT lim FROM s) + 1 OFFSET (SELECT off "
               "FROM s)), "
               "kept AS (SELECT * FROM page ORDER BY starts_at, id LIMIT (SELECT lim FROM s)) "
               "SELECT json_object('items', (SELECT json_group_array(json(doc)) FROM "
               "  (SELECT doc FROM kept ORDER BY starts_at, id)), "
               "'page', json_object('next_cursor', CASE WHEN (SELECT count(*) FROM page) > "
               "  (SELECT count(*) FROM kept) THEN CAST((SELECT off + lim FROM s) AS TEXT) END))",
               &out) &&
           mycoach_api_Events_list_team_events_response_decode(out.text, out.len, arena, &res->body,
                                                               &out.err);
}

/* The club's events between two days, read in UTC (the example has no time-zone database:
 * time_zone is accepted and not applied). Team events belong to their team's club, staff
 * appointments to their staff member's; courses belong to every club. 400 when the range is
 * reversed or longer than a year. */
static bool club_calendar(void *context, const mycoach_api_Events_club_calendar_request *req,
                          mycoach_api_Events_club_calendar_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("clubs", req->club_id))
        return (res->NotFound = club_not_found(arena, "club", req->club_id)) != NULL;
    char first[PL_DATE_MAX], last[PL_DATE_MAX];
    int64_t days;
    bool found;
    pl_date_format(&req->first_day, first);
    pl_date_format(&req->last_day, last);
    if (!club_int(&days, &found, "SELECT julianday(?2) - julianday(?1)", "ss", first, last))
        return false;
    if (days < 0 || days > 366)
        return (res->BadRequest = club_bad_request(
                    arena, days < 0 ? "last_day is before first_day"
                                    : "the calendar covers at most 366 days")) != NULL;
    pl_buf q;
    club_json out;
    pl_buf_init(&q);
    return club_query(
               arena, &q, mycoach_api_Events_club_calendar_request_encode(req, &q, &out.err),
               "SELECT json_group_array(json(doc)) FROM (SELECT e.doc FROM events e "
               "LEFT JOIN teams t ON t.id = e.team_id, (SELECT json(?1) AS q) "
               "WHERE e.starts_at >= unixepoch(q ->> '$.first_day') "
               "AND e.starts_at < unixepoch(q ->> '$.last_day', '+1 day') "
               "AND CASE e.doc ->> '$.kind' WHEN 'course' THEN 1 "
               "  WHEN 'staff-appointment' THEN (SELECT club_id FROM staff WHERE id = "
               "    e.doc ->> '$.staff_id') = q ->> '$.club_id' "
               "  ELSE t.club_id = q ->> '$.club_id' END "
               "AND (q -> '$.sports' IS NULL OR coalesce(e.doc ->> '$.sport', t.doc ->> "
               "  '$.sport') IN (SELECT value FROM json_each(q, '$.sports'))) "
               "AND (q ->> '$.staff_id' IS NULL OR e.doc ->> '$.staff_id' = q ->> '$.staff_id' "
               "  OR (e.doc ->> '$.instructor.type' = 'staff' AND "
               "      e.doc ->> '$.instructor.staff_id' = q ->> '$.staff_id') "
               "  OR EXISTS (SELECT 1 FROM json_each(t.doc, '$.staff_ids') WHERE value = "
               "      q ->> '$.staff_id')) "
               "ORDER BY e.starts_at, e.id)",
               &out) &&
           mycoach_api_Events_club_calendar_response_decode(out.text, out.len, arena, &res->body,
                                                            &out.err);
}

const mycoach_api_Events_handlers club_events = {
    .list_team_events = list_team_events,
    .club_calendar = club_calendar,
    .get_event = get_event,
    .create_event = create_event,
    .update_event = update_event,
    .cancel_event = cancel_event,
    .list_slots = list_slots,
    .book_slot = book_slot,
    .cancel_booking = cancel_booking,
    .record_result = record_result,
};
