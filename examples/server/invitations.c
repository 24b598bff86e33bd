/* The Invitations service of schemas/events_api.payload: invitations to events, answers and
 * comment threads. The example has no authentication: invitations are sent by staff member 1,
 * comments are written by the invitee, and the e-mail token of an invitation stands for its
 * invitee (answer_by_token). */
#include <stdio.h>
#include <string.h>

#include "club.h"

/* Invites people to an event; people already invited to it are skipped, people who do not
 * exist are a 422. */
static bool invite(void *context, const mycoach_api_Invitations_invite_request *req,
                   mycoach_api_Invitations_invite_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("events", req->id))
        return (res->NotFound = club_not_found(arena, "event", req->id)) != NULL;
    for (size_t i = 0; i < req->body.invitees.count; i++) {
        const char *unknown = club_unknown_person(&req->body.invitees.items[i]);
        if (unknown) {
            char path[64];
            snprintf(path, sizeof path, "/body/invitees/%zu/%s", i, unknown);
            return (res->ValidationFailed =
                        club_invalid(arena, path, "unknown_reference", "no such person")) != NULL;
        }
    }
    pl_list_builder created, skipped;
    memset(&created, 0, sizeof created);
    memset(&skipped, 0, sizeof skipped);
    bool ok = club_exec("SAVEPOINT invite", "");
    for (size_t i = 0; ok && i < req->body.invitees.count; i++) {
        const mycoach_people_PersonRef *who = &req->body.invitees.items[i];
        pl_buf key;
        pl_buf_init(&key);
        int64_t v;
        bool invited = false;
        /* Checked first: an ignored INSERT would use up an id. */
        ok =
            club_person_key(who, &key) &&
            club_int(&v, &invited, "SELECT 1 FROM invitations WHERE event_id = ?1 AND invitee = ?2",
                     "it", req->id, key.data, key.len) &&
            (invited || club_exec("INSERT INTO invitations (event_id, invitee, allow_maybe, doc) "
                                  "VALUES (?1, ?2, ?3, '')",
                                  "itb", req->id, key.data, key.len, (int)req->body.allow_maybe));
        pl_buf_free(&key);
        if (!ok)
            break;
        if (invited) {
            mycoach_people_PersonRef *again = pl_list_push(arena, &skipped, sizeof *again);
            ok = again != NULL;
            if (ok)
                *again = *who;
            continue;
        }
        mycoach_invitations_Invitation *inv = pl_list_push(arena, &created, sizeof *inv);
        if (!(ok = inv != NULL))
            break;
        inv->id = sqlite3_last_insert_rowid(club_db);
        inv->event_id = req->id;
        inv->invitee = *who;
        inv->invited_by.staff_id = 1;
        inv->status.value = MYCOACH_INVITATIONS_INVITATION_STATUS_PENDING;
        inv->answer_is_null = true;
        inv->sent_at = club_now();
        inv->answered_at_is_null = true;
        inv->has_respond_by = req->body.has_respond_by;
        inv->respond_by = req->body.respond_by;
        club_uuid(&inv->token);
        char token[PL_UUID_MAX];
        pl_uuid_format(&inv->token, token);
        pl_buf doc;
        pl_error err;
        pl_buf_init(&doc);
        ok = mycoach_invitations_Invitation_encode(inv, &doc, &err) &&
             club_exec("UPDATE invitations SET doc = ?1, token = ?2 WHERE id = ?3", "tsi", doc.data,
                       doc.len, token, inv->id);
        pl_buf_free(&doc);
    }
    club_savepoint_end("invite", ok);
    res->body.created.count = created.count;
    res->body.created.items = pl_list_finish(arena, &created, sizeof *res->body.created.items);
    res->body.already_invited.count = skipped.count;
    res->body.already_invited.items =
        pl_list_finish(arena, &skipped, sizeof *res->body.already_invited.items);
    return ok;
}

static bool
list_event_invitations(void *context,
                       const mycoach_api_Invitations_list_event_invitations_request *req,
                       mycoach_api_Invitations_list_event_invitations_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("events", req->id))
        return (res->NotFound = club_not_found(arena, "event", req->id)) != NULL;
    pl_buf q;
    club_json out;
    pl_buf_init(&q);
    return club_query(
               arena, &q,
               mycoach_api_Invitations_list_event_invitations_request_encode(req, &q, &out.err),
               "SELECT json_group_array(json(doc)) FROM (SELECT doc FROM invitations "
               "WHERE event_id = ?1 ->> '$.id' "
               "AND (NOT ?1 ->> '$.unanswered_only' OR doc ->> '$.answer' IS NULL) "
               "AND (?1 -> '$.answers' IS NULL OR doc ->> '$.answer' IN "
               "     (SELECT value FROM json_each(?1, '$.answers'))) ORDER BY id)",
               &out) &&
           mycoach_api_Invitations_list_event_invitations_response_decode(out.text, out.len, arena,
                                                                          &res->body, &out.err);
}

static bool get_answer_summary(void *context,
                               const mycoach_api_Invitations_get_answer_summary_request *req,
                               mycoach_api_Invitations_get_answer_summary_result *res,
                               pl_arena *arena)
{
    (void)context;
    if (!club_exists("events", req->id))
        return (res->NotFound = club_not_found(arena, "event", req->id)) != NULL;
    club_json out;
    return club_row(arena, &out.text, &out.len,
                    "SELECT json_object('invited', count(*), 'counts', (SELECT "
                    "json_group_object(a, n) FROM (SELECT doc ->> '$.answer' AS a, count(*) AS n "
                    "FROM invitations WHERE event_id = ?1 AND doc ->> '$.status' <> 'revoked' "
                    "AND a IS NOT NULL GROUP BY a ORDER BY a)), 'unanswered', "
                    "coalesce(sum(doc ->> '$.answer' IS NULL), 0)) "
                    "FROM invitations WHERE event_id = ?1 AND doc ->> '$.status' <> 'revoked'",
                    "i", req->id) &&
           out.text &&
           mycoach_invitations_AnswerSummary_decode(out.text, out.len, arena, &res->body, &out.err);
}

static bool list_player_invitations(
    void *context, const mycoach_api_Invitations_list_player_invitations_request *req,
    mycoach_api_Invitations_list_player_invitations_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("players", req->id))
        return (res->NotFound = club_not_found(arena, "player", req->id)) != NULL;
    pl_buf q;
    club_json out;
    pl_buf_init(&q);
    return club_query(
               arena, &q,
               mycoach_api_Invitations_list_player_invitations_request_encode(req, &q, &out.err),
               "SELECT json_group_array(json(doc)) FROM (SELECT doc FROM invitations "
               "WHERE invitee = 'player:' || (?1 ->> '$.id') "
               "AND doc ->> '$.status' = ?1 ->> '$.status' "
               "AND (?1 ->> '$.since' IS NULL OR unixepoch(doc ->> '$.sent_at') >= "
               "     unixepoch(?1 ->> '$.since')) "
               "ORDER BY unixepoch(doc ->> '$.sent_at') DESC, id DESC LIMIT ?1 ->> '$.limit')",
               &out) &&
           mycoach_api_Invitations_list_player_invitations_response_decode(out.text, out.len, arena,
                                                                           &res->body, &out.err);
}

/* Answers invitation id (found): accept and decline settle it, maybe leaves it pending. Gone
 * (410) when it was revoked or has expired, or when the event has started; 422 for a decline
 * reason without a decline, or "maybe" where the organiser did not allow it. */
static bool answer(int64_t id, const mycoach_invitations_AnswerRequest *a, pl_arena *arena,
                   mycoach_invitations_Invitation *inv, const mycoach_errors_Gone **gone,
                   const mycoach_errors_ValidationFailed **invalid)
{
    club_json doc;
    const char *started;
    size_t started_len;
    if (!club_doc(arena, "invitations", id, &doc) || !doc.text ||
        !mycoach_invitations_Invitation_decode(doc.text, doc.len, arena, inv, &doc.err))
        return false;
    if (inv->status.value == MYCOACH_INVITATIONS_INVITATION_STATUS_REVOKED ||
        inv->status.value == MYCOACH_INVITATIONS_INVITATION_STATUS_EXPIRED)
        return (*gone = club_gone(arena, "the invitation was withdrawn or has expired",
                                  inv->sent_at)) != NULL;
    if (!club_row(arena, &started, &started_len,
                  "SELECT doc ->> '$.starts_at' FROM events WHERE id = ?1 AND "
                  "starts_at <= unixepoch('now')",
                  "i", inv->event_id))
        return false;
    pl_datetime since;
    if (started && pl_datetime_parse(started, started_len, &since))
        return (*gone = club_gone(arena, "the event has started", since)) != NULL;
    if (a->has_decline_reason && a->answer != MYCOACH_INVITATIONS_ANSWER_DECLINE)
        return (*invalid = club_invalid(arena, "/body/decline_reason", "inconsistent",
                                        "a reason goes with a decline")) != NULL;
    int64_t allow_maybe;
    bool found;
    if (!club_int(&allow_maybe, &found, "SELECT allow_maybe FROM invitations WHERE id = ?1", "i",
                  id))
        return false;
    if (a->answer == MYCOACH_INVITATIONS_ANSWER_MAYBE && !allow_maybe)
        return (*invalid = club_invalid(arena, "/body/answer", "inconsistent",
                                        "this invitation takes yes or no")) != NULL;
    inv->answer_is_null = false;
    inv->answer = a->answer;
    inv->has_decline_reason = a->has_decline_reason;
    inv->decline_reason = a->decline_reason;
    inv->has_answer_comment = a->has_comment;
    inv->answer_comment = a->comment;
    inv->answered_at_is_null = false;
    inv->answered_at = club_now();
    inv->status.value = a->answer == MYCOACH_INVITATIONS_ANSWER_MAYBE
                            ? MYCOACH_INVITATIONS_INVITATION_STATUS_PENDING
                            : MYCOACH_INVITATIONS_INVITATION_STATUS_ANSWERED;
    pl_buf out;
    pl_buf_init(&out);
    bool ok =
        mycoach_invitations_Invitation_encode(inv, &out, &doc.err) &&
        club_exec("UPDATE invitations SET doc = ?1 WHERE id = ?2", "ti", out.data, out.len, id);
    pl_buf_free(&out);
    return ok;
}

static bool answer_invitation(void *context,
                              const mycoach_api_Invitations_answer_invitation_request *req,
                              mycoach_api_Invitations_answer_invitation_result *res,
                              pl_arena *arena)
{
    (void)context;
    if (!club_exists("invitations", req->id))
        return (res->NotFound = club_not_found(arena, "invitation", req->id)) != NULL;
    return answer(req->id, &req->body, arena, &res->body, &res->Gone, &res->ValidationFailed);
}

static bool answer_by_token(void *context,
                            const mycoach_api_Invitations_answer_by_token_request *req,
                            mycoach_api_Invitations_answer_by_token_result *res, pl_arena *arena)
{
    (void)context;
    char token[PL_UUID_MAX];
    int64_t id;
    bool found;
    pl_uuid_format(&req->token, token);
    if (!club_int(&id, &found, "SELECT id FROM invitations WHERE token = ?1", "s", token))
        return false;
    if (!found) {
        mycoach_errors_Unauthorized *e = pl_arena_alloc(arena, sizeof *e);
        if (!e)
            return false;
        memset(e, 0, sizeof *e);
        e->message = club_text(arena, "unknown token");
        res->Unauthorized = e;
        return true;
    }
    return answer(id, &req->body, arena, &res->body, &res->Gone, &res->ValidationFailed);
}

static bool revoke_invitation(void *context,
                              const mycoach_api_Invitations_revoke_invitation_request *req,
                              mycoach_api_Invitations_revoke_invitation_result *res,
                              pl_arena *arena)
{
    (void)context;
    if (!club_exists("invitations", req->id))
        return (res->NotFound = club_not_found(arena, "invitation", req->id)) != NULL;
    return club_exec("UPDATE invitations SET doc = json_set(doc, '$.status', 'revoked') "
                     "WHERE id = ?1",
                     "i", req->id);
}

/* Appends the comments of an invitation that reply to parent (0: the top level), oldest
 * first, each with its replies (depth-limited). */
static bool append_thread(pl_buf *out, int64_t invitation, int64_t parent, int depth)
{
    sqlite3_stmt *stmt;
    if (depth > 64 || sqlite3_prepare_v2(club_db,
                                         "SELECT id, json_remove(doc, '$.replies') FROM comments "
                                         "WHERE invitation_id = ?1 AND coalesce(reply_to, 0) = ?2 "
                                         "ORDER BY id",
                                         -1, &stmt, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int64(stmt, 1, invitation);
    sqlite3_bind_int64(stmt, 2, parent);
    bool ok = pl_buf_append_char(out, '[');
    bool first = true;
    while (ok && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *doc = (const char *)sqlite3_column_text(stmt, 1);
        size_t len = (size_t)sqlite3_column_bytes(stmt, 1);
        /* The stored object without its closing brace, then "replies". */
        ok = (first || pl_buf_append_char(out, ',')) && len > 2 &&
             pl_buf_append(out, doc, len - 1) && pl_buf_append(out, ",\"replies\":", 11) &&
             append_thread(out, invitation, sqlite3_column_int64(stmt, 0), depth + 1) &&
             pl_buf_append_char(out, '}');
        first = false;
    }
    sqlite3_finalize(stmt);
    return ok && pl_buf_append_char(out, ']');
}

static bool list_comments(void *context, const mycoach_api_Invitations_list_comments_request *req,
                          mycoach_api_Invitations_list_comments_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("invitations", req->id))
        return (res->NotFound = club_not_found(arena, "invitation", req->id)) != NULL;
    pl_buf thread;
    pl_error err;
    pl_buf_init(&thread);
    bool ok = append_thread(&thread, req->id, 0, 0) &&
              mycoach_api_Invitations_list_comments_response_decode(thread.data, thread.len, arena,
                                                                    &res->body, &err);
    pl_buf_free(&thread);
    return ok;
}

/* The author is the invitee; a reply must answer a comment of the same thread (422). */
static bool post_comment(void *context, const mycoach_api_Invitations_post_comment_request *req,
                         mycoach_api_Invitations_post_comment_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("invitations", req->id))
        return (res->NotFound = club_not_found(arena, "invitation", req->id)) != NULL;
    int64_t v;
    bool found;
    if (req->body.has_reply_to) {
        if (!club_int(&v, &found, "SELECT 1 FROM comments WHERE id = ?1 AND invitation_id = ?2",
                      "ii", req->body.reply_to, req->id))
            return false;
        if (!found)
            return (res->ValidationFailed =
                        club_invalid(arena, "/body/reply_to", "unknown_reference",
                                     "no such comment in this thread")) != NULL;
    }
    char now[PL_DATETIME_MAX];
    pl_datetime at = club_now();
    club_utc(&at, now);
    club_json doc;
    bool ok = club_exec("INSERT INTO comments (invitation_id, reply_to, doc) VALUES (?1, ?2, '{}')",
                        req->body.has_reply_to ? "ii" : "in", req->id, req->body.reply_to);
    int64_t id = sqlite3_last_insert_rowid(club_db);
    ok = ok &&
         club_exec("UPDATE comments SET doc = json_object('id', id, 'author', (SELECT "
                   "doc -> '$.invitee' FROM invitations WHERE id = invitation_id), 'body', ?2, "
                   "'posted_at', ?3) WHERE id = ?1",
                   "its", id, req->body.body.data, req->body.body.len, now) &&
         club_doc(arena, "comments", id, &doc) && doc.text &&
         mycoach_invitations_Comment_decode(doc.text, doc.len, arena, &res->body, &doc.err);
    return ok;
}

/* Deletes a comment; its replies move up to its parent. */
static bool delete_comment(void *context, const mycoach_api_Invitations_delete_comment_request *req,
                           mycoach_api_Invitations_delete_comment_result *res, pl_arena *arena)
{
    (void)context;
    if (!club_exists("invitations", req->id))
        return (res->NotFound = club_not_found(arena, "invitation", req->id)) != NULL;
    int64_t v;
    bool found;
    if (!club_int(&v, &found, "SELECT 1 FROM comments WHERE id = ?1 AND invitation_id = ?2", "ii",
                  req->comment_id, req->id))
        return false;
    if (!found)
        return (res->NotFound = club_not_found(arena, "comment", req->comment_id)) != NULL;
    return club_exec("UPDATE comments SET reply_to = (SELECT reply_to FROM comments WHERE id = ?1) "
                     "WHERE reply_to = ?1",
                     "i", req->comment_id) &&
           club_exec("DELETE FROM comments WHERE id = ?1", "i", req->comment_id);
}

const mycoach_api_Invitations_handlers club_invitations = {
    .invite = invite,
    .list_event_invitations = list_event_invitations,
    .get_answer_summary = get_answer_summary,
    .list_player_invitations = list_player_invitations,
    .answer_invitation = answer_invitation,
    .answer_by_token = answer_by_token,
    .revoke_invitation = revoke_invitation,
    .list_comments = list_comments,
    .post_comment = post_comment,
    .delete_comment = delete_comment,
};
