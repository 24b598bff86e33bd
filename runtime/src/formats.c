/* The string formats of language.md section 4: date, datetime, uuid, bytes, decimal. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static inline bool digits(const char *s, size_t n, uint32_t *out)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t d = (uint32_t)(unsigned char)s[i] - '0'; /* wraps for bytes below '0' */
        if (d > 9)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

static bool is_leap(int32_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static unsigned days_in_month(int32_t year, unsigned month)
{
    static const unsigned char days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* "YYYY-MM-DD" at s (10 bytes available). */
static bool parse_full_date(const char *s, int32_t *year, uint8_t *month, uint8_t *day)
{
    uint32_t y, m, d;
    if (s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
        !digits(s + 8, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month((int32_t)y, m))
        return false;
    *year = (int32_t)y;
    *month = (uint8_t)m;
    *day = (uint8_t)d;
    return true;
}

bool pl_date_parse(const char *text, size_t len, pl_date *out)
{
    pl_date d;
    if (len != 10 || !parse_full_date(text, &d.year, &d.month, &d.day))
        return false;
    *out = d;
    return true;
}

/* Fixed-width decimal digits (no printf: encoders call these for every value). */
static char *put_digits(char *out, unsigned value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

static bool date_valid(int32_t year, unsigned month, unsigned day)
{
    return year >= 0 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

size_t pl_date_format(const pl_date *date, char *out)
{
    char *o = put_digits(out, (unsigned)date->year % 10000u, 4);
    *o++ = '-';
    o = put_digits(o, date->month % 100u, 2);
    *o++ = '-';
    o = put_digits(o, date->day % 100u, 2);
    *o = '\0';
    return (size_t)(o - out);
}

static inline uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Are the bytes of w that mask selects (0xFF) all ASCII digits? Eight at a time: a byte x = b ^
 * '0' is a digit when x < 10, so neither x nor x + 0x76 has its top bit. A carry between bytes
 * only comes from a byte that is no digit, and only sets top bits, so the answer is never a
 * wrong yes. */
static inline bool all_digits(uint64_t w, uint64_t mask)
{
    uint64_t x = w ^ UINT64_C(0x3030303030303030);
    return (((x + UINT64_C(0x7676767676767676)) | x) & mask & UINT64_C(0x8080808080808080)) == 0;
}

/* "YYYY-MM-DDTHH:MM:SS" at text (19 bytes): the digits checked in three words, the separators
 * byte by byte, then the fields; false for anything else. */
static bool parse_date_time(const char *text, pl_datetime *dt, uint32_t *h, uint32_t *m,
                            uint32_t *s)
{
    /* 0xFF where a digit must be, in text order whatever the byte order of a word. */
    static const unsigned char at0[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0};
    static const unsigned char at8[8] = {0xFF, 0xFF, 0, 0xFF, 0xFF, 0, 0xFF, 0xFF};
    static const unsigned char at11[8] = {0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':' || text[16] != ':' ||
        !all_digits(load64(text), load64((const char *)at0)) ||
        !all_digits(load64(text + 8), load64((const char *)at8)) ||
        !all_digits(load64(text + 11), load64((const char *)at11)))
        return false;
#define PL_D(i) ((uint32_t)(unsigned char)text[i] - '0')
    uint32_t year = PL_D(0) * 1000 + PL_D(1) * 100 + PL_D(2) * 10 + PL_D(3);
    uint32_t month = PL_D(5) * 10 + PL_D(6), day = PL_D(8) * 10 + PL_D(9);
    *h = PL_D(11) * 10 + PL_D(12);
    *m = PL_D(14) * 10 + PL_D(15);
    *s = PL_D(17) * 10 + PL_D(18);
#undef PL_D
    if (month < 1 || month > 12 || day < 1 || day > days_in_month((int32_t)year, month))
        return false;
    dt->year = (int32_t)year;
    dt->month = (uint8_t)month;
    dt->day = (uint8_t)day;
    return true;
}

bool pl_datetime_parse(const char *text, size_t len, pl_datetime *out)
{
    pl_datetime dt;
    memset(&dt, 0, sizeof dt);
    /* Shortest form: "YYYY-MM-DDTHH:MM:SSZ" (20 bytes). */
    uint32_t h, m, s;
    if (len < 20 || !parse_date_time(text, &dt, &h, &m, &s))
        return false;
    if (h > 23 || m > 59 || s > 60)
        return false;
    size_t p = 19;
    if (p < len && text[p] == '.') {
        size_t start = ++p;
        uint32_t nanos = 0;
        while (p < len && text[p] >= '0' && text[p] <= '9' && p - start < 10) {
            nanos = nanos * 10 + (uint32_t)(text[p] - '0');
            p++;
        }
        size_t count = p - start;
        if (count == 0 || count > 9)
            return false;
        static const uint32_t scale[10] = {1000000000, 100000000, 10000000, 1000000, 100000,
                                           10000,      1000,      100,      10,      1};
        nanos *= scale[count];
        dt.nanosecond = nanos;
        dt.fraction_digits = (uint8_t)count;
    }
    if (p >= len)
        return false;
    int offset;
    if ((text[p] == 'Z' || text[p] == 'z') && p + 1 == len) {
        offset = 0;
    } else if ((text[p] == '+' || text[p] == '-') && p + 6 == len) {
        uint32_t oh, om;
        if (text[p + 3] != ':' || !digits(text + p + 1, 2, &oh) || !digits(text + p + 4, 2, &om) ||
            oh > 23 || om > 59)
            return false;
        offset = (int)(oh * 60 + om);
        if (text[p] == '-')
            offset = -offset;
    } else {
        return false;
    }
    if (s == 60) {
        /* A leap second is only ever inserted as 23:59:60 UTC. */
        int utc = ((int)(h * 60 + m) - offset + 2 * 1440) % 1440;
        if (utc != 23 * 60 + 59)
            return false;
    }
    dt.hour = (uint8_t)h;
    dt.minute = (uint8_t)m;
    dt.second = (uint8_t)s;
    dt.offset_minutes = (int16_t)offset;
    *out = dt;
    return true;
}

size_t pl_datetime_format(const pl_datetime *dt, char *out)
{
    char *o = put_digits(out, (unsigned)dt->year % 10000u, 4);
    *o++ = '-';
    o = put_digits(o, dt->month % 100u, 2);
    *o++ = '-';
    o = put_digits(o, dt->day % 100u, 2);
    *o++ = 'T';
    o = put_digits(o, dt->hour % 100u, 2);
    *o++ = ':';
    o = put_digits(o, dt->minute % 100u, 2);
    *o++ = ':';
    o = put_digits(o, dt->second % 100u, 2);
    uint32_t nanos = dt->nanosecond % 1000000000u;
    if (nanos) {
        char frac[9];
        put_digits(frac, nanos, 9);
        size_t k = 9;
        while (k > 0 && frac[k - 1] == '0')
            k--;
        *o++ = '.';
        memcpy(o, frac, k);
        o += k;
    }
    int offset = dt->offset_minutes;
    if (offset == 0) {
        *o++ = 'Z';
    } else {
        unsigned a = (unsigned)(offset < 0 ? -offset : offset);
        *o++ = offset < 0 ? '-' : '+';
        o = put_digits(o, (a / 60) % 100, 2);
        *o++ = ':';
        o = put_digits(o, a % 60, 2);
    }
    *o = '\0';
    return (size_t)(o - out);
}

int64_t pl_datetime_unix_seconds(const pl_datetime *dt)
{
    /* Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm). */
    int64_t y = dt->year - (dt->month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (dt->month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + dt->day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + dt->hour * 3600 + dt->minute * 60 + dt->second -
           (int64_t)dt->offset_minutes * 60;
}

bool pl_uuid_parse(const char *text, size_t len, pl_uuid *out)
{
    if (len != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        return false;
    pl_uuid u;
    size_t b = 0;
    for (size_t i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            continue;
        int hi = pl_hex_value((unsigned char)text[i]),
            lo = pl_hex_value((unsigned char)text[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        u.bytes[b++] = (uint8_t)(hi << 4 | lo);
        i++;
    }
    *out = u;
    return true;
}

size_t pl_uuid_format(const pl_uuid *uuid, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[uuid->bytes[i] >> 4];
        out[o++] = hex[uuid->bytes[i] & 15];
    }
    out[o] = '\0';
    return o;
}

static int base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Whether text is canonical padded base64; decoding then cannot fail but for memory. */
static bool base64_check(const char *text, size_t len)
{
    if (len % 4)
        return false;
    const unsigned char *s = (const unsigned char *)text;
    size_t pad = 0;
    if (len && text[len - 1] == '=')
        pad = len >= 2 && text[len - 2] == '=' ? 2 : 1;
    for (size_t i = 0; i < len - pad; i++) {
        if (base64_value(s[i]) < 0)
            return false;
    }
    /* Bits that no byte uses must be zero, so that each value has one text. */
    if (pad == 2 && (base64_value(s[len - 3]) & 15))
        return false;
    if (pad == 1 && (base64_value(s[len - 2]) & 3))
        return false;
    return true;
}

bool pl_base64_decode(const char *text, size_t len, pl_arena *arena, uint8_t **out, size_t *out_len)
{
    if (!base64_check(text, len))
        return false;
    size_t pad = 0;
    if (len && text[len - 1] == '=')
        pad = len >= 2 && text[len - 2] == '=' ? 2 : 1;
    size_t size = len / 4 * 3 - pad;
    uint8_t *buf = pl_arena_alloc(arena, size + 1);
    if (!buf)
        return false;
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        bool last = i + 4 == len;
        int a = base64_value(s[i]), b = base64_value(s[i + 1]);
        int c = last && pad == 2 ? 0 : base64_value(s[i + 2]);
        int d = last && pad >= 1 ? 0 : base64_value(s[i + 3]);
        if ((a | b | c | d) < 0)
            return false;
        uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
        if (last && pad == 2) {
            if (v & 0xFFFF) /* bits that no byte uses must be zero: one text per value */
                return false;
            buf[o++] = (uint8_t)(v >> 16);
        } else if (last && pad == 1) {
            if (v & 0xFF)
                return false;
            buf[o++] = (uint8_t)(v >> 16);
            buf[o++] = (uint8_t)(v >> 8);
        } else {
            buf[o++] = (uint8_t)(v >> 16);
            buf[o++] = (uint8_t)(v >> 8);
            buf[o++] = (uint8_t)v;
        }
    }
    *out = buf;
    *out_len = o;
    return true;
}

bool pl_base64_encode(pl_buf *out, const uint8_t *data, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (len > (SIZE_MAX / 4) * 3 - 3)
        return false;
    size_t need = (len + 2) / 3 * 4;
    if (!pl_buf_reserve(out, need))
        return false;
    char *o = out->data + out->len;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
        *o++ = alphabet[v >> 18];
        *o++ = alphabet[(v >> 12) & 63];
        *o++ = alphabet[(v >> 6) & 63];
        *o++ = alphabet[v & 63];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)data[i] << 16;
        *o++ = alphabet[v >> 18];
        *o++ = alphabet[(v >> 12) & 63];
        *o++ = '=';
        *o++ = '=';
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8;
        *o++ = alphabet[v >> 18];
        *o++ = alphabet[(v >> 12) & 63];
        *o++ = alphabet[(v >> 6) & 63];
        *o++ = '=';
    }
    out->len += need;
    out->data[out->len] = '\0';
    return true;
}

bool pl_decimal_valid(const char *text, size_t len)
{
    size_t p = 0;
    if (p < len && text[p] == '-')
        p++;
    if (p >= len)
        return false;
    if (text[p] == '0') {
        p++;
    } else if (text[p] >= '1' && text[p] <= '9') {
        while (p < len && text[p] >= '0' && text[p] <= '9')
            p++;
    } else {
        return false;
    }
    if (p < len && text[p] == '.') {
        size_t start = ++p;
        while (p < len && text[p] >= '0' && text[p] <= '9')
            p++;
        if (p == start)
            return false;
    }
    return p == len;
}

/* ---- as JSON values ---- */

#define SHOW(len) (int)((len) < 60 ? (len) : 60)

bool pl_json_read_date(pl_json_reader *r, pl_date *out)
{
    const char *s;
    size_t len;
    if (!pl_json_read_string_view(r, &s, &len))
        return false;
    if (!pl_date_parse(s, len, out))
        return pl_json_fail(r, PL_ERROR_FORMAT, "expected a date (YYYY-MM-DD), found \"%.*s\"",
                            SHOW(len), s);
    return true;
}

bool pl_json_read_datetime(pl_json_reader *r, pl_datetime *out)
{
    const char *s;
    size_t len;
    if (!pl_json_read_string_view(r, &s, &len))
        return false;
    if (!pl_datetime_parse(s, len, out))
        return pl_json_fail(r, PL_ERROR_FORMAT,
                            "expected an RFC 3339 date-time with an offset "
                            "(2024-05-01T10:00:00Z), found \"%.*s\"",
                            SHOW(len), s);
    return true;
}

bool pl_json_read_uuid(pl_json_reader *r, pl_uuid *out)
{
    const char *s;
    size_t len;
    if (!pl_json_read_string_view(r, &s, &len))
        return false;
    if (!pl_uuid_parse(s, len, out))
        return pl_json_fail(r, PL_ERROR_FORMAT,
                            "expected a uuid (8-4-4-4-12 hex digits), found \"%.*s\"", SHOW(len),
                            s);
    return true;
}

bool pl_json_read_bytes(pl_json_reader *r, uint8_t **out, size_t *out_len)
{
    const char *s;
    size_t len;
    if (!pl_json_read_string_view(r, &s, &len))
        return false;
    if (!r->arena)
        return pl_json_fail(r, PL_ERROR_MEMORY, "no arena to decode bytes into");
    if (!base64_check(s, len))
        return pl_json_fail(r, PL_ERROR_FORMAT,
                            "expected padded base64 (RFC 4648 standard alphabet), found "
                            "\"%.*s\"",
                            SHOW(len), s);
    if (!pl_base64_decode(s, len, r->arena, out, out_len))
        return pl_json_fail(r, PL_ERROR_MEMORY, "out of memory decoding bytes");
    return true;
}

bool pl_json_read_decimal(pl_json_reader *r, const char **out, size_t *len)
{
    if (!pl_json_read_string(r, out, len))
        return false;
    if (!pl_decimal_valid(*out, *len))
        return pl_json_fail(r, PL_ERROR_FORMAT,
                            "expected a decimal such as -12.50 (digits, an optional '-' and "
                            "fraction), found \"%.*s\"",
                            SHOW(*len), *out);
    return true;
}

/* buf holds the text at buf + 1 with room for a quote on each side. */
static bool write_quoted(pl_buf *out, char *buf, size_t len, pl_error *err)
{
    buf[0] = '"';
    buf[len + 1] = '"';
    if (!pl_buf_append(out, buf, len + 2)) {
        pl_error_format(err, PL_ERROR_MEMORY, "out of memory writing JSON");
        return false;
    }
    return true;
}

/* The writers refuse values that do not read back (a value built by hand, not decoded). */
static bool datetime_valid(const pl_datetime *dt)
{
    if (!date_valid(dt->year, dt->month, dt->day) || dt->hour > 23 || dt->minute > 59 ||
        dt->second > 60 || dt->nanosecond > 999999999u || dt->offset_minutes < -1439 ||
        dt->offset_minutes > 1439)
        return false;
    if (dt->second == 60) {
        int utc = (dt->hour * 60 + dt->minute - dt->offset_minutes + 2 * 1440) % 1440;
        return utc == 23 * 60 + 59;
    }
    return true;
}

bool pl_json_write_date(pl_buf *out, const pl_date *value, pl_error *err)
{
    char buf[PL_DATE_MAX + 2];
    if (!date_valid(value->year, value->month, value->day)) {
        pl_error_format(err, PL_ERROR_ENCODE, "%d-%u-%u is not a date", (int)value->year,
                        (unsigned)value->month, (unsigned)value->day);
        return false;
    }
    return write_quoted(out, buf, pl_date_format(value, buf + 1), err);
}

bool pl_json_write_datetime(pl_buf *out, const pl_datetime *value, pl_error *err)
{
    char buf[PL_DATETIME_MAX + 2];
    if (!datetime_valid(value)) {
        pl_error_format(err, PL_ERROR_ENCODE, "not a valid datetime (a field is out of range)");
        return false;
    }
    return write_quoted(out, buf, pl_datetime_format(value, buf + 1), err);
}

bool pl_json_write_uuid(pl_buf *out, const pl_uuid *value, pl_error *err)
{
    char buf[PL_UUID_MAX + 2];
    return write_quoted(out, buf, pl_uuid_format(value, buf + 1), err);
}

bool pl_json_write_bytes(pl_buf *out, const uint8_t *data, size_t len, pl_error *err)
{
    if (!pl_buf_append_char(out, '"') || !pl_base64_encode(out, data, len) ||
        !pl_buf_append_char(out, '"')) {
        pl_error_format(err, PL_ERROR_MEMORY, "out of memory writing JSON");
        return false;
    }
    return true;
}

bool pl_json_write_decimal(pl_buf *out, const char *text, size_t len, pl_error *err)
{
    if (!text || !pl_decimal_valid(text, len)) {
        pl_error_format(err, PL_ERROR_ENCODE, "\"%.*s\" is not a decimal", text ? SHOW(len) : 0,
                        text ? text : "");
        return false;
    }
    if (!pl_buf_reserve(out, len + 2) || !pl_buf_append_char(out, '"') ||
        !pl_buf_append(out, text, len) || !pl_buf_append_char(out, '"')) {
        pl_error_format(err, PL_ERROR_MEMORY, "out of memory writing JSON");
        return false;
    }
    return true;
}
