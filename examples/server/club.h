/* What the parts of the example server share: the SQLite database, small query helpers, the
 * declared errors of schemas/errors.payload and the handlers of each service. */
#ifndef CLUB_H
#define CLUB_H

#include <sqlite3.h>

#include "mycoach_api.h"

/* The database, opened by main(); every handler runs on libmicrohttpd's one polling thread. */
extern sqlite3 *club_db;

/* Creates the tables and the fixtures (club 1, its staff); false with a message on stderr. */
bool club_open(const char *path);

/* Runs sql with arguments described by types, one letter each: 'i' int64_t, 'b' bool (an int
 * argument), 's' NUL-terminated text (NULL binds SQL NULL), 't' text and its size_t length,
 * 'n' no argument, SQL NULL. club_exec runs a statement to its end; club_row returns the first
 * column of the first row copied into the arena (*text NULL when there is no row or it is
 * NULL). Both return false on an SQL error (printed on stderr). */
bool club_exec(const char *sql, const char *types, ...);
bool club_row(pl_arena *arena, const char **text, size_t *len, const char *sql, const char *types,
              ...);
/* club_row for an integer: *found false when there is no row. */
bool club_int(int64_t *value, bool *found, const char *sql, const char *types, ...);

/* Whether row id of table exists (an SQL error, printed on stderr, counts as no; the request's
 * answer still becomes a 500, see club_sql_errors). */
bool club_exists(const char *table, int64_t id);
/* How many SQL errors the server has met: main.c answers 500 to a request during which it grew. */
unsigned long club_sql_errors(void);

/* A JSON text from the database for a generated _decode: text is in the arena (NULL when the
 * query returned no row, or NULL), err is for the decoder. */
typedef struct club_json {
    const char *text;
    size_t len;
    pl_error err;
} club_json;

/* The stored document of row id of table: out->text NULL when there is no such row. False on
 * an SQL error. */
bool club_doc(pl_arena *arena, const char *table, int64_t id, club_json *out);
/* club_doc for a handler that answers 404: true when the row exists. Otherwise *not_found is
 * the 404 naming resource (NULL after an SQL error or when memory ran out), and the handler
 * returns *not_found != NULL. */
bool club_find(pl_arena *arena, const char *table, int64_t id, const char *resource,
               const mycoach_errors_NotFound **not_found, club_json *out);

/* The query of most handlers: request holds the request as its generated _encode wrote it
 * (encoded: what the encoder returned; false, nothing runs), sql reads it as ?1 and answers
 * with one JSON text in out (club_row). request is freed. False on an SQL error, or when the
 * query answered no text. */
bool club_query(pl_arena *arena, pl_buf *request, bool encoded, const char *sql, club_json *out);

/* Ends the savepoint name: released when keep, rolled back and released otherwise. Returns
 * keep. */
bool club_savepoint_end(const char *name, bool keep);

/* A page cursor of this server: 1 to 18 decimal digits. */
bool club_cursor_valid(pl_string cursor);

/* Helpers. */
pl_string club_text(pl_arena *arena, const char *s);
pl_datetime club_now(void);
pl_date club_today(void);
void club_uuid(pl_uuid *out);
/* The instant as "YYYY-MM-DDTHH:MM:SSZ" (UTC) in buf (PL_DATETIME_MAX bytes), for SQL. */
const char *club_utc(const pl_datetime *at, char *buf);

/* The declared errors, in the arena (NULL when memory ran out). */
mycoach_errors_NotFound *club_not_found(pl_arena *arena, const char *resource, int64_t id);
mycoach_errors_Conflict *club_conflict(pl_arena *arena, const char *reason, const char *message,
                                       int64_t existing_id);
mycoach_errors_ValidationFailed *club_invalid(pl_arena *arena, const char *path, const char *code,
                                              const char *message);
mycoach_errors_Gone *club_gone(pl_arena *arena, const char *message, pl_datetime since);
mycoach_errors_BadRequest *club_bad_request(pl_arena *arena, const char *message);

/* Applies a three-state patch (JSON object) to the stored document of row id of table:
 * keys listed in keys (comma-separated wire names) are set, or removed when null, or set to
 * null when also listed in nullable (fields that are required but nullable). Other keys are
 * ignored. Returns false on an SQL error. */
bool club_patch(const char *table, int64_t id, const char *patch, size_t patch_len,
                const char *keys, const char *nullable);

/* The key of a person, one booking or invitation each ("player:3", "guest:{...}"). */
bool club_person_key(const mycoach_people_PersonRef *who, pl_buf *key);
/* A player or staff reference to no one: the member naming the id ("player_id"), else NULL. */
const char *club_unknown_person(const mycoach_people_PersonRef *who);

/* The handlers of each service (people.c, calendar.c, invitations.c). */
extern const mycoach_api_Clubs_handlers club_clubs;
extern const mycoach_api_Players_handlers club_players;
extern const mycoach_api_Teams_handlers club_teams;
extern const mycoach_api_StaffDirectory_handlers club_staff;
extern const mycoach_api_Sports_handlers club_sports;
extern const mycoach_api_Health_handlers club_health;
extern const mycoach_api_Events_handlers club_events;
extern const mycoach_api_Invitations_handlers club_invitations;

/* --seed N: N players created through the create_player handler. */
bool club_seed(long count);

#endif
