#include "writer.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void pc_writer_init(pc_writer *w, const char *indent_unit)
{
    memset(w, 0, sizeof *w);
    pl_buf_init(&w->buf);
    w->indent_unit = indent_unit;
    w->indent_length = strlen(indent_unit);
    w->indent_is_spaces = strspn(indent_unit, " ") == w->indent_length;
    w->at_line_start = true;
    w->after_open = true; /* the start of a file is like the start of a block */
}

void pc_writer_free(pc_writer *w)
{
    pl_buf_free(&w->buf);
}

/* Appends without a call into libpayload for the common case: emitters write megabytes in
 * pieces of a few bytes. Keeps pl_buf's invariant that data is NUL-terminated. */
static inline void append(pc_writer *w, const char *text, size_t length)
{
    pl_buf *buf = &w->buf;
    if (buf->cap - buf->len <= length) {
        if (w->failed || !pl_buf_reserve(buf, length)) {
            w->failed = true;
            return;
        }
    }
    memcpy(buf->data + buf->len, text, length);
    buf->len += length;
    buf->data[buf->len] = '\0';
}

static void start_line(pc_writer *w)
{
    if (!w->at_line_start)
        return;
    if (w->blank_pending && !w->after_open)
        append(w, "\n", 1);
    w->blank_pending = false;
    w->after_open = false;
    /* Indentation in one piece when the unit is spaces, as in every emitter but Go-style tabs. */
    static const char spaces[] = "                                                                "
                                 "                                                                ";
    size_t width = (size_t)w->depth * w->indent_length;
    if (w->indent_is_spaces && width < sizeof spaces)
        append(w, spaces, width);
    else
        for (int i = 0; i < w->depth; i++)
            append(w, w->indent_unit, w->indent_length);
    w->at_line_start = false;
}

/* Digits of value in base 10 or 16, right-aligned in out[0..32), zero-padded to width. */
static size_t format_unsigned(char out[32], unsigned long long value, unsigned base, bool upper,
                              int width, bool negative)
{
    static const char lower_digits[] = "0123456789abcdef";
    static const char upper_digits[] = "0123456789ABCDEF";
    const char *digits = upper ? upper_digits : lower_digits;
    size_t at = 32;
    do {
        out[--at] = digits[value % base];
        value /= base;
    } while (value);
    int min_digits = negative ? width - 1 : width;
    if (min_digits > 30)
        min_digits = 30;
    while ((int)(32 - at) < min_digits)
        out[--at] = '0';
    if (negative)
        out[--at] = '-';
    return at;
}

/* Formats the printf subset emitters use (%%, %s, %.*s, %c and d i u x X with an optional
 * zero-padded width and an l, ll or z length) straight into the buffer, in one pass. Returns
 * false at the first other conversion (%e, %*s, %o, flags); the caller then undoes what was
 * appended and lets vsnprintf do it all. */
static bool format_fast(pc_writer *w, const char *format, va_list args)
{
    const char *p = format;
    for (;;) {
        const char *percent = strchr(p, '%');
        if (!percent) {
            append(w, p, strlen(p));
            return true;
        }
        if (percent > p)
            append(w, p, (size_t)(percent - p));
        p = percent + 1;
        if (*p == '%') {
            append(w, "%", 1);
            p++;
            continue;
        }
        if (*p == 's') {
            const char *text = va_arg(args, const char *);
            append(w, text, strlen(text));
            p++;
            continue;
        }
        if (*p == 'c') {
            char c = (char)va_arg(args, int);
            append(w, &c, 1);
            p++;
            continue;
        }
        if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
            int length = va_arg(args, int);
            const char *text = va_arg(args, const char *);
            /* %.*s stops at a NUL inside the precision, as printf does. */
            size_t n = length > 0 ? (size_t)length : 0;
            const char *nul = memchr(text, '\0', n);
            append(w, text, nul ? (size_t)(nul - text) : n);
            p += 3;
            continue;
        }
        int width = 0;
        if (*p == '0')
            while (*p >= '0' && *p <= '9')
                width = width * 10 + (*p++ - '0');
        int size = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
        if (p[0] == 'l' && p[1] == 'l') {
            size = 2;
            p += 2;
        } else if (*p == 'l') {
            size = 1;
            p++;
        } else if (*p == 'z') {
            size = 3;
            p++;
        }
        char conversion = *p++;
        if (conversion == '\0' || !strchr("diuxX", conversion))
            return false;
        unsigned long long magnitude;
        bool negative = false;
        if (conversion == 'd' || conversion == 'i') {
            long long value = size == 0   ? va_arg(args, int)
                              : size == 1 ? va_arg(args, long)
                              : size == 2 ? va_arg(args, long long)
                                          : (long long)va_arg(args, size_t);
            negative = value < 0;
            magnitude = negative ? 0ULL - (unsigned long long)value : (unsigned long long)value;
        } else {
            magnitude = size == 0   ? va_arg(args, unsigned)
                        : size == 1 ? va_arg(args, unsigned long)
                        : size == 2 ? va_arg(args, unsigned long long)
                                    : va_arg(args, size_t);
        }
        char digits[32];
        unsigned base = conversion == 'x' || conversion == 'X' ? 16 : 10;
        size_t first = format_unsigned(digits, magnitude, base, conversion == 'X', width, negative);
        append(w, digits + first, 32 - first);
    }
}

void pc_write_v(pc_writer *w, const char *format, va_list args)
{
    start_line(w);
    /* Emitters write megabytes of code; vsnprintf was most of their time. */
    size_t start = w->buf.len;
    va_list copy;
    va_copy(copy, args);
    bool done = format_fast(w, format, copy);
    va_end(copy);
    if (done)
        return;
    if (w->buf.data) {
        w->buf.len = start;
        w->buf.data[start] = '\0';
    }
    char small[256];
    va_copy(copy, args);
    int needed = vsnprintf(small, sizeof small, format, copy);
    va_end(copy);
    if (needed < 0) {
        w->failed = true;
        return;
    }
    if ((size_t)needed < sizeof small) {
        append(w, small, (size_t)needed);
        return;
    }
    if (!pl_buf_reserve(&w->buf, (size_t)needed + 1)) {
        w->failed = true;
        return;
    }
    vsnprintf(w->buf.data + w->buf.len, (size_t)needed + 1, format, args);
    w->buf.len += (size_t)needed;
}

void pc_write(pc_writer *w, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    pc_write_v(w, format, args);
    va_end(args);
}

void pc_write_str(pc_writer *w, pc_str text)
{
    start_line(w);
    append(w, text.ptr, text.len);
}

void pc_newline(pc_writer *w)
{
    if (w->at_line_start) {
        /* An explicit empty line. */
        w->blank_pending = false;
        w->after_open = false;
    }
    append(w, "\n", 1);
    w->at_line_start = true;
}

void pc_line(pc_writer *w, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    pc_write_v(w, format, args);
    va_end(args);
    pc_newline(w);
}

void pc_blank(pc_writer *w)
{
    if (!w->at_line_start)
        pc_newline(w);
    w->blank_pending = true;
}

void pc_open(pc_writer *w, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    pc_write_v(w, format, args);
    va_end(args);
    pc_newline(w);
    w->depth++;
    w->after_open = true;
}

void pc_close(pc_writer *w, const char *format, ...)
{
    if (!w->at_line_start)
        pc_newline(w);
    w->blank_pending = false;
    if (w->depth > 0)
        w->depth--;
    va_list args;
    va_start(args, format);
    pc_write_v(w, format, args);
    va_end(args);
    pc_newline(w);
}

void pc_indent(pc_writer *w)
{
    w->depth++;
}

void pc_dedent(pc_writer *w)
{
    if (w->depth > 0)
        w->depth--;
}

void pc_write_doc(pc_writer *w, const char *doc, const char *first, const char *prefix,
                  const char *last, pc_doc_escape_fn escape)
{
    if (!doc)
        return;
    if (first)
        pc_line(w, "%s", first);
    const char *line = doc;
    for (;;) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        if (length == 0) {
            /* No trailing space on an empty doc line. */
            size_t prefix_length = strlen(prefix);
            while (prefix_length && prefix[prefix_length - 1] == ' ')
                prefix_length--;
            pc_write(w, "%.*s", (int)prefix_length, prefix);
        } else {
            pc_write(w, "%s", prefix);
            if (escape)
                escape(w, line, length);
            else
                pc_write(w, "%.*s", (int)length, line);
        }
        pc_newline(w);
        if (!end)
            break;
        line = end + 1;
    }
    if (last)
        pc_line(w, "%s", last);
}
