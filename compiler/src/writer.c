/* strchrnul is outside _POSIX_C_SOURCE: ask for the C library's extensions. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif

#include "writer.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Room for extra more bytes and the NUL. A file past half a huge page asks for a whole one:
 * pl_buf_reserve puts buffers of 2 MiB and more on transparent huge pages, one page fault
 * instead of 512 (generated files are written once and kept until all are committed). */
static bool grow(pl_buf *buf, size_t extra)
{
    enum { QUARTER_HUGE_PAGE = 1 << 19, HUGE_PAGE = 2 << 20 };
    if (buf->cap - buf->len > extra)
        return true;
    if (buf->len + extra >= QUARTER_HUGE_PAGE && buf->len + extra < HUGE_PAGE - 1)
        extra = HUGE_PAGE - 1 - buf->len; /* capacity 2 MiB: the text and its NUL */
    return pl_buf_reserve(buf, extra);
}

void pc_writer_reserve(pc_writer *w, size_t size)
{
    if (size > w->buf.len && !grow(&w->buf, size - w->buf.len))
        w->failed = true;
}

/* Appends without a call into libpayload for the common case: emitters write megabytes in
 * pieces of a few bytes. Keeps pl_buf's invariant that data is NUL-terminated. */
static inline void append(pc_writer *w, const char *text, size_t length)
{
    pl_buf *buf = &w->buf;
    if (buf->cap - buf->len <= length) {
        if (w->failed || !grow(buf, length)) {
            w->failed = true;
            return;
        }
    }
    pc_copy_bytes(buf->data + buf->len, text, length);
    buf->len += length;
    buf->data[buf->len] = '\0';
}

void pc_begin_line(pc_writer *w)
{
    if (!w->at_line_start)
        return;
    if (w->blank_pending && !w->after_open)
        append(w, "\n", 1);
    w->blank_pending = false;
    if (pc_indent_fast(w))
        return;
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

/* Emitters write megabytes of code through formats: the conversions they use (%s %.*s %c %%, and
 * d i u x X with an optional zero-padded width and an l, ll or z length) are formatted here in
 * one pass; anything else goes to vsnprintf, which costs several times more. */
/* Appends n bytes to out (room cap) at *at, counting what does not fit. */
static inline void put(char *out, size_t cap, size_t *at, const char *text, size_t n)
{
    if (*at < cap) {
        size_t room = cap - *at;
        pc_copy_bytes(out + *at, text, n < room ? n : room);
    }
    *at += n;
}

/* The next '%' or the terminating NUL, in one vectorized pass of the C library where it has
 * strchrnul: formats are mostly literal text. */
static inline const char *find_percent(const char *text)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
    return strchrnul(text, '%');
#else
    const char *p = strchr(text, '%');
    return p ? p : text + strlen(text);
#endif
}

size_t pc_vformat(char *out, size_t cap, const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    size_t at = 0;
    const char *p = format;
    while (*p) {
        const char *run = p;
        p = find_percent(run);
        if (p > run)
            put(out, cap, &at, run, (size_t)(p - run));
        if (!*p)
            break;
        p++;
        if (*p == '%') {
            put(out, cap, &at, "%", 1);
            p++;
        } else if (*p == 's') {
            const char *text = va_arg(copy, const char *);
            put(out, cap, &at, text, strlen(text));
            p++;
        } else if (*p == 'c') {
            char c = (char)va_arg(copy, int);
            put(out, cap, &at, &c, 1);
            p++;
        } else if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
            int length = va_arg(copy, int);
            const char *text = va_arg(copy, const char *);
            size_t n = length > 0 ? (size_t)length : 0;
            const char *nul = memchr(text, '\0', n);
            put(out, cap, &at, text, nul ? (size_t)(nul - text) : n);
            p += 3;
        } else {
            int width = 0;
            if (*p == '0') {
                while (*p >= '0' && *p <= '9')
                    width = width * 10 + (*p++ - '0');
            }
            int size = 0; /* int, long, long long, size_t */
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
            char conversion = *p;
            if (!conversion || !strchr("diuxX", conversion) || (*p >= '1' && *p <= '9')) {
                va_end(copy);
                int needed = vsnprintf(out, cap, format, args);
                return needed < 0 ? 0 : (size_t)needed;
            }
            p++;
            unsigned long long magnitude;
            bool negative = false;
            if (conversion == 'd' || conversion == 'i') {
                long long value = size == 0   ? va_arg(copy, int)
                                  : size == 1 ? va_arg(copy, long)
                                  : size == 2 ? va_arg(copy, long long)
                                              : (long long)va_arg(copy, size_t);
                negative = value < 0;
                magnitude = negative ? 0ULL - (unsigned long long)value : (unsigned long long)value;
            } else {
                magnitude = size == 0   ? va_arg(copy, unsigned)
                            : size == 1 ? va_arg(copy, unsigned long)
                            : size == 2 ? va_arg(copy, unsigned long long)
                                        : va_arg(copy, size_t);
            }
            const char *digits = conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            unsigned base = conversion == 'x' || conversion == 'X' ? 16 : 10;
            char
                buf[48]; /* wider than any number: pc_copy_bytes has a path for 33 bytes and more */
            size_t first = sizeof buf;
            do {
                buf[--first] = digits[magnitude % base];
                magnitude /= base;
            } while (magnitude);
            int min_digits = (negative ? width - 1 : width);
            if (min_digits > 30)
                min_digits = 30;
            while ((int)(sizeof buf - first) < min_digits)
                buf[--first] = '0';
            if (negative)
                buf[--first] = '-';
            put(out, cap, &at, buf + first, sizeof buf - first);
        }
    }
    if (cap)
        out[at < cap ? at : cap - 1] = '\0';
    va_end(copy);
    return at;
}

void pc_write_v(pc_writer *w, const char *format, va_list args)
{
    pc_begin_line(w);
    /* Straight into the buffer; a second pass only for a line longer than the room left. */
    if (w->buf.cap - w->buf.len <= 256 && !grow(&w->buf, 256)) {
        w->failed = true;
        return;
    }
    size_t room = w->buf.cap - w->buf.len;
    va_list copy;
    va_copy(copy, args);
    size_t needed = pc_vformat(w->buf.data + w->buf.len, room, format, copy);
    va_end(copy);
    if (needed >= room) {
        if (!grow(&w->buf, needed + 1)) {
            w->buf.data[w->buf.len] = '\0';
            w->failed = true;
            return;
        }
        pc_vformat(w->buf.data + w->buf.len, needed + 1, format, args);
    }
    w->buf.len += needed;
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
    pc_begin_line(w);
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
