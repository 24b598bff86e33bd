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
