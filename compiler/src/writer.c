#include "writer.h"

#include <stdio.h>
#include <string.h>

void pc_writer_init(pc_writer *w, const char *indent_unit)
{
    memset(w, 0, sizeof *w);
    pl_buf_init(&w->buf);
    w->indent_unit = indent_unit;
    w->at_line_start = true;
    w->after_open = true; /* the start of a file is like the start of a block */
}

void pc_writer_free(pc_writer *w)
{
    pl_buf_free(&w->buf);
}

static void append(pc_writer *w, const char *text, size_t length)
{
    if (!w->failed && !pl_buf_append(&w->buf, text, length))
        w->failed = true;
}

static void start_line(pc_writer *w)
{
    if (!w->at_line_start)
        return;
    if (w->blank_pending && !w->after_open)
        append(w, "\n", 1);
    w->blank_pending = false;
    w->after_open = false;
    size_t unit = strlen(w->indent_unit);
    for (int i = 0; i < w->depth; i++)
        append(w, w->indent_unit, unit);
    w->at_line_start = false;
}

void pc_write_v(pc_writer *w, const char *format, va_list args)
{
    start_line(w);
    /* Emitters write megabytes of code: skip the formatter for the common plain cases. */
    if (!strchr(format, '%')) {
        append(w, format, strlen(format));
        return;
    }
    if (format[0] == '%' && format[1] == 's' && format[2] == '\0') {
        const char *text = va_arg(args, const char *);
        append(w, text, strlen(text));
        return;
    }
    char small[256];
    va_list copy;
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
