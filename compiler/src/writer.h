/* The one code writer every emitter writes through: indentation, blank lines between blocks,
 * doc comments, and printf-checked formats. Output is built in memory; pc_emit decides
 * whether a file's bytes changed before touching the disk. */
#ifndef PAYLOADC_WRITER_H
#define PAYLOADC_WRITER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ast.h"
#include "diag.h"

typedef struct pc_writer {
    pl_buf buf;
    const char *indent_unit; /* "    ", "  " or "\t" */
    size_t indent_length;
    bool indent_is_spaces;
    int depth;
    bool at_line_start;
    bool blank_pending; /* a blank line was asked for before the next line */
    bool after_open;    /* the last line opened a block: no blank line right after it */
    bool failed;        /* out of memory */
} pc_writer;

void pc_writer_init(pc_writer *w, const char *indent_unit);
void pc_writer_free(pc_writer *w);
/* Makes room for size bytes in all (an estimate: writing past it still works), so that a large
 * file is allocated once instead of grown by copies. */
void pc_writer_reserve(pc_writer *w, size_t size);

/* Writes text, indenting first when at the start of a line. */
void pc_write(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
void pc_write_v(pc_writer *w, const char *format, va_list args) PC_PRINTF(2, 0);
/* vsnprintf into out (room cap, always NUL-terminated when cap > 0), returning the length the
 * whole text needs; the conversions emitters use are formatted without the C library. */
size_t pc_vformat(char *out, size_t cap, const char *format, va_list args) PC_PRINTF(3, 0);
void pc_write_str(pc_writer *w, pc_str text);
/* Ends the current line (an empty line when nothing was written on it). */
void pc_newline(pc_writer *w);
/* What the writer does before the first text of a line: a pending blank line, the
 * indentation. For emitters that copy a line's pieces into the buffer themselves. */
void pc_begin_line(pc_writer *w);

/* For the few helpers every generated line goes through, where a call costs more than the
 * work. */
#if defined(__GNUC__)
#define PC_ALWAYS_INLINE __attribute__((always_inline))
#else
#define PC_ALWAYS_INLINE
#endif

/* Copies n bytes without a call for the short pieces emitters are made of (a call to memcpy
 * costs more than the copy): overlapping word moves, never reading outside [from, from + n). */
static inline PC_ALWAYS_INLINE void pc_copy_bytes(char *to, const char *from, size_t n)
{
    if (n <= 16) {
        if (n >= 8) {
            uint64_t a, b;
            memcpy(&a, from, 8);
            memcpy(&b, from + n - 8, 8);
            memcpy(to, &a, 8);
            memcpy(to + n - 8, &b, 8);
        } else if (n >= 4) {
            uint32_t a, b;
            memcpy(&a, from, 4);
            memcpy(&b, from + n - 4, 4);
            memcpy(to, &a, 4);
            memcpy(to + n - 4, &b, 4);
        } else if (n) {
            /* 1 to 3 bytes: first, middle and last, without a loop. */
            char first = from[0], middle = from[n >> 1], last = from[n - 1];
            to[0] = first;
            to[n >> 1] = middle;
            to[n - 1] = last;
        }
    } else if (n <= 32) {
        /* Two 16-byte moves that may overlap (one vector load and store each). */
        struct pc_bytes16 {
            uint64_t low, high;
        } a, b;
        memcpy(&a, from, 16);
        memcpy(&b, from + n - 16, 16);
        memcpy(to, &a, 16);
        memcpy(to + n - 16, &b, 16);
    } else {
        memcpy(to, from, n);
    }
}

/* a, b and c one after another at out, then a NUL (out has room for all of them): names built
 * from pieces of known length, in whatever memory the emitter gives. Returns out. */
static inline char *pc_join3(char *out, const char *a, size_t a_len, const char *b, size_t b_len,
                             const char *c, size_t c_len)
{
    pc_copy_bytes(out, a, a_len);
    pc_copy_bytes(out + a_len, b, b_len);
    pc_copy_bytes(out + a_len + b_len, c, c_len);
    out[a_len + b_len + c_len] = '\0';
    return out;
}

/* The indentation of a line as one fixed-size copy (two vector stores) of which only its width
 * counts, when it is spaces no wider than 32 and the buffer has room; false otherwise. Ends the
 * line's start (pc_begin_line handles a pending blank line first). */
static inline PC_ALWAYS_INLINE bool pc_indent_fast(pc_writer *w)
{
    pl_buf *buf = &w->buf;
    size_t width = (size_t)w->depth * w->indent_length;
    if (!w->indent_is_spaces || width > 32 || buf->cap - buf->len <= 32)
        return false;
    memcpy(buf->data + buf->len, "                                ", 32);
    buf->len += width;
    buf->data[buf->len] = '\0';
    w->after_open = false;
    w->at_line_start = false;
    return true;
}

/* pc_begin_line, inline for the usual case (no pending blank line, pc_indent_fast): the start
 * of each of the hundreds of thousands of lines of a large schema's code. */
static inline PC_ALWAYS_INLINE void pc_start_line(pc_writer *w)
{
    if (w->at_line_start && (w->blank_pending || !pc_indent_fast(w)))
        pc_begin_line(w);
}

/* pc_write_str for the pieces of a few bytes that emitters write millions of: inline when the
 * line has begun and the buffer has room (the same bytes either way). */
static inline void pc_write_piece(pc_writer *w, const char *text, size_t length)
{
    pl_buf *buf = &w->buf;
    if (!w->at_line_start && buf->cap - buf->len > length) {
        memcpy(buf->data + buf->len, text, length);
        buf->len += length;
        buf->data[buf->len] = '\0'; /* pl_buf keeps its text terminated */
        return;
    }
    pc_write_str(w, (pc_str){text, (uint32_t)length});
}

/* pc_newline, inline when the line has text and the buffer has room. */
static inline void pc_end_line(pc_writer *w)
{
    pl_buf *buf = &w->buf;
    if (!w->at_line_start && buf->cap - buf->len > 1) {
        buf->data[buf->len++] = '\n';
        buf->data[buf->len] = '\0';
        w->at_line_start = true;
        return;
    }
    pc_newline(w);
}
/* A whole line: pc_write then pc_newline. */
void pc_line(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
/* Asks for one blank line before the next line; repeated requests collapse into one, and none
 * is written at the start of a block or of the file. */
void pc_blank(pc_writer *w);
/* A line that opens a block ("struct X {"), then indents. */
void pc_open(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
/* Dedents, then a line that closes the block ("}"); a pending blank line is dropped. */
void pc_close(pc_writer *w, const char *format, ...) PC_PRINTF(2, 3);
void pc_indent(pc_writer *w);
void pc_dedent(pc_writer *w);

/* Writes a doc comment, one line per line of doc: `first` opens it (may be NULL), each line
 * gets `prefix`, `last` closes it (may be NULL). escape (may be NULL) writes one line of text
 * with the language's comment terminators neutralised. Nothing when doc is NULL. */
typedef void (*pc_doc_escape_fn)(pc_writer *w, const char *line, size_t length);
void pc_write_doc(pc_writer *w, const char *doc, const char *first, const char *prefix,
                  const char *last, pc_doc_escape_fn escape);

#endif
