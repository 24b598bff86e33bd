/* The canonical JSON writer (codegen.md "Canonical JSON", RFC 8785 for strings and numbers). */
#include "json_internal.h"

#include <math.h>
#include <string.h>

static bool memory_error(pl_error *err)
{
    pl_error_format(err, PL_ERROR_MEMORY, "out of memory writing JSON");
    return false;
}

static bool append(pl_buf *out, const char *bytes, size_t len, pl_error *err)
{
    return pl_buf_append(out, bytes, len) || memory_error(err);
}

bool pl_json_write_null(pl_buf *out, pl_error *err)
{
    return append(out, "null", 4, err);
}

bool pl_json_write_bool(pl_buf *out, bool value, pl_error *err)
{
    return value ? append(out, "true", 4, err) : append(out, "false", 5, err);
}

static size_t format_u64(uint64_t v, char *out)
{
    char tmp[20];
    size_t k = 0;
    do {
        tmp[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < k; i++)
        out[i] = tmp[k - 1 - i];
    return k;
}

static size_t format_i64(int64_t v, char *out)
{
    if (v < 0) {
        out[0] = '-';
        return 1 + format_u64((uint64_t)0 - (uint64_t)v, out + 1);
    }
    return format_u64((uint64_t)v, out);
}

bool pl_json_write_int64(pl_buf *out, int64_t value, pl_error *err)
{
    char buf[24];
    return append(out, buf, format_i64(value, buf), err);
}

bool pl_json_write_int32(pl_buf *out, int32_t value, pl_error *err)
{
    return pl_json_write_int64(out, value, err);
}

size_t pl_json_format_float64(double value, char *out)
{
    if (isnan(value) || isinf(value)) {
        out[0] = '\0';
        return 0;
    }
    if (value == 0) {
        out[0] = '0'; /* -0 too, as ECMAScript writes it */
        out[1] = '\0';
        return 1;
    }
    size_t o = 0;
    if (value < 0) {
        out[o++] = '-';
        value = -value;
    }
    if (value < 9007199254740992.0 && value == (double)(uint64_t)value) {
        /* An integer below 2^53 is exact, so its digits are the shortest form. */
        o += format_u64((uint64_t)value, out + o);
        out[o] = '\0';
        return o;
    }
    char digits[24];
    int n;
    int k = pl_double_shortest(value, digits, &n);
    if (k <= n && n <= 21) {
        memcpy(out + o, digits, (size_t)k);
        o += (size_t)k;
        for (int i = k; i < n; i++)
            out[o++] = '0';
    } else if (0 < n && n <= 21) {
        memcpy(out + o, digits, (size_t)n);
        o += (size_t)n;
        out[o++] = '.';
        memcpy(out + o, digits + n, (size_t)(k - n));
        o += (size_t)(k - n);
    } else if (-6 < n && n <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -n; i++)
            out[o++] = '0';
        memcpy(out + o, digits, (size_t)k);
        o += (size_t)k;
    } else {
        out[o++] = digits[0];
        if (k > 1) {
            out[o++] = '.';
            memcpy(out + o, digits + 1, (size_t)(k - 1));
            o += (size_t)(k - 1);
        }
        out[o++] = 'e';
        int e = n - 1;
        out[o++] = e < 0 ? '-' : '+';
        o += format_u64((uint64_t)(e < 0 ? -e : e), out + o);
    }
    out[o] = '\0';
    return o;
}

bool pl_json_write_float64(pl_buf *out, double value, pl_error *err)
{
    char buf[PL_JSON_FLOAT64_MAX];
    size_t len = pl_json_format_float64(value, buf);
    if (!len) {
        pl_error_format(err, PL_ERROR_ENCODE, "%s cannot be written as JSON",
                        isnan(value) ? "NaN"
                        : value > 0  ? "Infinity"
                                     : "-Infinity");
        return false;
    }
    return append(out, buf, len, err);
}

bool pl_json_write_string(pl_buf *out, const char *text, size_t len, pl_error *err)
{
    static const char hex[] = "0123456789abcdef";
    if (!text || !len) /* an empty pl_string of a value built by hand may have no data at all */
        return append(out, "\"\"", 2, err);
    /* Most strings need no escape: reserve for that case and write straight into the buffer. */
    if (len > SIZE_MAX / 2 || !pl_buf_reserve(out, len + 2))
        return memory_error(err);
    const unsigned char *s = (const unsigned char *)text;
    if (!append(out, "\"", 1, err))
        return false;
    size_t p = 0, run = 0;
    while (p < len) {
        p = pl_find_string_special(s, p, len);
        if (p >= len)
            break;
        unsigned char c = s[p];
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = pl_utf8_decode(s + p, len - p, &cp);
            if (!k) {
                pl_error_format(err, PL_ERROR_ENCODE, "string is not valid UTF-8 (at byte %zu)", p);
                return false;
            }
            p += k;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            p++;
            continue;
        }
        if (!append(out, text + run, p - run, err))
            return false;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t esc_len = 2;
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            esc_len = 6;
            break;
        }
        if (!append(out, esc, esc_len, err))
            return false;
        p++;
        run = p;
    }
    return append(out, text + run, len - run, err) && append(out, "\"", 1, err);
}

bool pl_json_write_raw(pl_buf *out, const char *text, size_t len, pl_error *err)
{
    return append(out, text, len, err);
}

bool pl_json_write_raw_compact(pl_buf *out, const char *json, size_t len, pl_error *err)
{
    if (!pl_json_validate(json, len, err)) {
        if (err && err->kind != PL_ERROR_MEMORY)
            err->kind = PL_ERROR_ENCODE;
        return false;
    }
    if (!pl_buf_reserve(out, len))
        return memory_error(err);
    /* The text is valid JSON, so whitespace outside strings is insignificant and strings end
     * at the first '"' not preceded by an escaping backslash. */
    size_t p = 0;
    while (p < len) {
        char c = json[p];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            p++;
            continue;
        }
        if (c != '"') {
            size_t start = p;
            while (p < len && json[p] != ' ' && json[p] != '\n' && json[p] != '\r' &&
                   json[p] != '\t' && json[p] != '"')
                p++;
            if (!append(out, json + start, p - start, err))
                return false;
            continue;
        }
        size_t start = p++;
        while (json[p] != '"')
            p += json[p] == '\\' ? 2 : 1;
        p++;
        if (!append(out, json + start, p - start, err))
            return false;
    }
    return true;
}

bool pl_json_write_key(pl_buf *out, const char *key_text, size_t len, bool more, pl_error *err)
{
    if (!more && len && key_text[0] == ',') {
        key_text++;
        len--;
    }
    return append(out, key_text, len, err);
}
