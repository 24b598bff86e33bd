/* The SQLite side of the example server: tables, fixtures, query helpers and the declared
 * errors every service answers with. Each record is stored as its JSON document (`doc`), with
 * the columns the queries filter on beside it. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "club.h"

sqlite3 *club_db;
/* SQL errors so far: main.c turns the answer of a request that met one into a 500, whatever
 * the handler made of the failed query (a "does it exist" check reads it as "no"). */
static unsigned long sql_errors;

unsigned long club_sql_errors(void)
{
    return sql_errors;
}

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS clubs (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS players (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "  status TEXT NOT NULL, doc TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS photos (player_id INTEGER PRIMARY KEY, format TEXT NOT NULL, "
    "  data BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS teams (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "  club_id INTEGER NOT NULL, doc TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS roster (team_id INTEGER NOT NULL, player_id INTEGER NOT NULL, "
    "  doc TEXT NOT NULL, PRIMARY KEY (team_id, player_id));"
    "CREATE TABLE IF NOT EXISTS staff (id INTEGER PRIMARY KEY, club_id INTEGER NOT NULL, "
    "  doc TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, team_id INTEGER, "
    "  starts_at INTEGER NOT NULL, doc TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS events_team ON events (team_id, starts_at);"
    "CREATE TABLE IF NOT EXISTS slots (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "  event_id INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS bookings (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "  event_id INTEGER NOT NULL, slot_id INTEGER NOT NULL, person TEXT NOT NULL, "
    "  idempotency_key TEXT NOT NULL UNIQUE, cancelled_at TEXT, doc TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS invitations (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "  event_id INTEGER NOT NULL, invitee TEXT NOT NULL, token TEXT NOT NULL DEFAULT '', "
    "  allow_maybe INTEGER NOT NULL DEFAULT 1, doc TEXT NOT NULL, UNIQUE (event_id, invitee));"
    "CREATE TABLE IF NOT EXISTS comments (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "  invitation_id INTEGER NOT NULL, reply_to INTEGER, doc TEXT NOT NULL);";

/* The example has no club or staff routes that create them: club 1 and its staff are
 * fixtures (director 1 <- head coach 2 <- assistant 4, director 1 <- physio 3). */
static const char fixtures_sql[] =
    "INSERT OR IGNORE INTO clubs VALUES (1, '{\"id\":1,\"name\":\"FC Example\",\"country\":\"FR\","
    "\"founded_year\":1921,\"colors\":[\"#0055A4\",\"#FFFFFF\"],\"locale\":\"fr\","
    "\"home_venue\":{\"name\":\"Stade Municipal\",\"type\":\"pitch\"}}');"
    "INSERT OR IGNORE INTO staff VALUES (1, 1, '{\"id\":1,\"club_id\":1,\"first_name\":\"Dana\","
    "\"last_name\":\"Roy\",\"role\":\"director\",\"email\":\"dana@example.org\","
    "\"hired_on\":\"2015-07-01\",\"hourly_rate\":null}');"
    "INSERT OR IGNORE INTO staff VALUES (2, 1, '{\"id\":2,\"club_id\":1,\"first_name\":\"Sam\","
    "\"last_name\":\"Diaz\",\"role\":\"head_coach\",\"email\":\"sam@example.org\","
    "\"manager_id\":1,\"hired_on\":\"2019-08-15\",\"hourly_rate\":null,"
    "\"certifications\":[{\"name\":\"UEFA B\",\"issued_by\":\"FFF\",\"issued_on\":\"2018-06-01\","
    "\"valid_until\":null}]}');"
    "INSERT OR IGNORE INTO staff VALUES (3, 1, '{\"id\":3,\"club_id\":1,\"first_name\":\"Lou\","
    "\"last_name\":\"Petit\",\"role\":\"physio\",\"email\":\"lou@example.org\",\"manager_id\":1,"
    "\"hired_on\":\"2021-01-04\",\"hourly_rate\":{\"amount\":\"45.00\"},\"bookable\":true}');"
    "INSERT OR IGNORE INTO staff VALUES (4, 1, '{\"id\":4,\"club_id\":1,\"first_name\":\"Kim\","
    "\"last_name\":\"Ng\",\"role\":\"assistant_coach\",\"email\":\"kim@example.org\","
    "\"manager_id\":2,\"hired_on\":\"2023-09-01\",\"hourly_rate\":null}');";

bool club_open(const char *path)
{
    if (sqlite3_open(path, &club_db) != SQLITE_OK ||
        sqlite3_exec(club_db, schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(club_db, fixtures_sql, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(club_db));
        return false;
    }
    return true;
}

static sqlite3_stmt *prepare(const char *sql, const char *types, va_list ap)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(club_db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n  in %s\n", sqlite3_errmsg(club_db), sql);
        sql_errors++;
        return NULL;
    }
    for (int i = 1; types[i - 1]; i++) {
        switch (types[i - 1]) {
        case 'i':
            sqlite3_bind_int64(stmt, i, va_arg(ap, int64_t));
            break;
        case 'b':
            sqlite3_bind_int(stmt, i, va_arg(ap, int) != 0);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s)
                sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
            break;
        }
        case 't': {
            const char *s = va_arg(ap, const char *);
            size_t len = va_arg(ap, size_t);
            sqlite3_bind_text(stmt, i, s ? s : "", (int)len, SQLITE_TRANSIENT);
            break;
        }
        default: /* 'n' */
            break;
        }
    }
    return stmt;
}

static bool step_failed(sqlite3_stmt *stmt, int rc)
{
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return false;
    fprintf(stderr, "%s\n  in %s\n", sqlite3_errmsg(club_db), sqlite3_sql(stmt));
    sql_errors++;
    return true;
}

bool club_exec(const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    sqlite3_stmt *stmt = prepare(sql, types, ap);
    va_end(ap);
    if (!stmt)
        return false;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    bool ok = !step_failed(stmt, rc);
    sqlite3_finalize(stmt);
    return ok;
}

/* Prepares sql and steps it once: the statement (with *rc SQLITE_ROW on its first row, or
 * SQLITE_DONE), or NULL on an SQL error. */
static sqlite3_stmt *first_row(const char *sql, const char *types, va_list ap, int *rc)
{
    sqlite3_stmt *stmt = prepare(sql, types, ap);
    if (!stmt)
        return NULL;
    *rc = sqlite3_step(stmt);
    if (step_failed(stmt, *rc)) {
        sqlite3_finalize(stmt);
        return NULL;
    }
    return stmt;
}

bool club_row(pl_arena *arena, const char **text, size_t *len, const char *sql, const char *types,
              ...)
{
    va_list ap;
    int rc;
    va_start(ap, types);
    sqlite3_stmt *stmt = first_row(sql, types, ap, &rc);
    va_end(ap);
    *text = NULL;
    *len = 0;
    if (!stmt)
        return false;
    bool ok = true;
    if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
        const char *s = (const char *)sqlite3_column_text(stmt, 0);
        *len = (size_t)sqlite3_column_bytes(stmt, 0);
        *text = pl_arena_strdup(arena, s ? s : "", *len);
        ok = *text != NULL;
    }
    sqlite3_finalize(stmt);
    return ok;
}

bool club_int(int64_t *value, bool *found, const char *sql, const char *types, ...)
{
    va_list ap;
    int rc;
    va_start(ap, types);
    sqlite3_stmt *stmt = first_row(sql, types, ap, &rc);
    va_end(ap);
    *found = stmt && rc == SQLITE_ROW;
    *value = *found ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    return stmt != NULL;
}

bool club_exists(const char *table, int64_t id)
{
    char sql[96];
    int64_t one;
    bool found;
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ?1", table);
    return club_int(&one, &found, sql, "i", id) && found;
}

bool club_doc(pl_arena *arena, const char *table, int64_t id, club_json *out)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT doc FROM %s WHERE id = ?1", table);
    return club_row(arena, &out->text, &out->len, sql, "i", id);
}

bool club_find(pl_arena *arena, const char *table, int64_t id, const char *resource,
               const mycoach_errors_NotFound **not_found, club_json *out)
{
    *not_found = NULL;
    if (!club_doc(arena, table, id, out))
        return false;
    if (!out->text)
        *not_found = club_not_found(arena, resource, id);
    return out->text != NULL;
}

bool club_query(pl_arena *arena, pl_buf *request, bool encoded, const char *sql, club_json *out)
{
    out->text = NULL;
    out->len = 0;
    bool ok =
        encoded && club_row(arena, &out->text, &out->len, sql, "t", request->data, request->len);
    pl_buf_free(request);
    return ok && out->text;
}

bool club_savepoint_end(const char *name, bool keep)
{
    char sql[64];
    if (!keep) {
        snprintf(sql, sizeof sql, "ROLLBACK TO %s", name);
        club_exec(sql, "");
    }
    snprintf(sql, sizeof sql, "RELEASE %s", name);
    club_exec(sql, "");
    return keep;
}

bool club_cursor_valid(pl_string cursor)
{
    size_t i = 0;
    while (i < cursor.len && cursor.data[i] >= '0' && cursor.data[i] <= '9')
        i++;
    return i > 0 && i == cursor.len && i <= 18;
}

bool club_patch(const char *table, int64_t id, const char *patch, size_t patch_len,
                const char *keys, const char *nullable)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE %s SET doc = CASE json_type(?1, ?2) WHEN 'null' THEN "
             "CASE WHEN ?3 THEN json_set(doc, ?2, json('null')) ELSE json_remove(doc, ?2) END "
             "ELSE json_set(doc, ?2, json(?1 -> ?2)) END "
             "WHERE id = ?4 AND json_type(?1, ?2) IS NOT NULL",
             table);
    for (const char *k = keys; *k;) {
        size_t n = strcspn(k, ",");
        char path[64], key[48];
        snprintf(key, sizeof key, "%.*s", (int)n, k);
        snprintf(path, sizeof path, "$.\"%s\"", key);
        bool null_kept = false;
        for (const char *q = nullable; *q;) {
            size_t m = strcspn(q, ",");
            null_kept = null_kept || (m == n && memcmp(q, k, n) == 0);
            q += m + (q[m] == ',');
        }
        if (!club_exec(sql, "tsbi", patch, patch_len, path, (int)null_kept, id))
            return false;
        k += n + (k[n] == ',');
    }
    return true;
}

pl_string club_text(pl_arena *arena, const char *s)
{
    pl_string out;
    out.len = strlen(s);
    out.data = pl_arena_strdup(arena, s, out.len);
    if (!out.data)
        out.len = 0;
    return out;
}

pl_datetime club_now(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    pl_datetime at = {(int32_t)(tm.tm_year + 1900),
                      (uint8_t)(tm.tm_mon + 1),
                      (uint8_t)tm.tm_mday,
                      (uint8_t)tm.tm_hour,
                      (uint8_t)tm.tm_min,
                      (uint8_t)tm.tm_sec,
                      0,
                      0,
                      0};
    return at;
}

pl_date club_today(void)
{
    pl_datetime now = club_now();
    pl_date d = {now.year, now.month, now.day};
    return d;
}

const char *club_utc(const pl_datetime *at, char *buf)
{
    time_t t = (time_t)pl_datetime_unix_seconds(at);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, PL_DATETIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void club_uuid(pl_uuid *out)
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

mycoach_errors_NotFound *club_not_found(pl_arena *arena, const char *resource, int64_t id)
{
    char message[64], number[32];
    mycoach_errors_NotFound *e = pl_arena_alloc(arena, sizeof *e);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    snprintf(number, sizeof number, "%lld", (long long)id);
    snprintf(message, sizeof message, "no such %s", resource);
    e->message = club_text(arena, message);
    e->resource = club_text(arena, resource);
    e->id = club_text(arena, number);
    return e;
}

mycoach_errors_Conflict *club_conflict(pl_arena *arena, const char *reason, const char *message,
                                       int64_t existing_id)
{
    mycoach_errors_Conflict *e = pl_arena_alloc(arena, sizeof *e);
    char quoted[64];
    pl_error err;
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->message = club_text(arena, message);
    /* ConflictReason is open: a reason of this server that the schema does not list yet is
     * sent as it is. */
    int n = snprintf(quoted, sizeof quoted, "\"%s\"", reason);
    if (!mycoach_errors_ConflictReason_decode(quoted, (size_t)n, arena, &e->reason, &err))
        return NULL;
    e->has_existing_id = existing_id > 0;
    e->existing_id = existing_id;
    return e;
}

mycoach_errors_ValidationFailed *club_invalid(pl_arena *arena, const char *path, const char *code,
                                              const char *message)
{
    mycoach_errors_ValidationFailed *e = pl_arena_alloc(arena, sizeof *e);
    mycoach_errors_Violation *v = pl_arena_alloc(arena, sizeof *v);
    char quoted[64];
    pl_error err;
    if (!e || !v)
        return NULL;
    memset(e, 0, sizeof *e);
    memset(v, 0, sizeof *v);
    e->message = club_text(arena, "the request breaks a rule of the club");
    v->path = club_text(arena, path);
    v->message = club_text(arena, message);
    int n = snprintf(quoted, sizeof quoted, "\"%s\"", code);
    if (!mycoach_errors_ViolationCode_decode(quoted, (size_t)n, arena, &v->code, &err))
        return NULL;
    e->violations.items = v;
    e->violations.count = 1;
    return e;
}

mycoach_errors_Gone *club_gone(pl_arena *arena, const char *message, pl_datetime since)
{
    mycoach_errors_Gone *e = pl_arena_alloc(arena, sizeof *e);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->message = club_text(arena, message);
    e->since = since;
    return e;
}

mycoach_errors_BadRequest *club_bad_request(pl_arena *arena, const char *message)
{
    mycoach_errors_BadRequest *e = pl_arena_alloc(arena, sizeof *e);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->message = club_text(arena, message);
    club_uuid(&e->request_id);
    return e;
}
