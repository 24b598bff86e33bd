/* Names and literals of generated TypeScript: camel case, escaping of names that globals
 * already have, string and regular expression literals, TSDoc, module specifiers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts.h"

const char *ts_strdup(ts_ctx *ctx, const char *text, size_t length)
{
    char *copy = pl_arena_strdup(ctx->arena, text, length);
    if (!copy) {
        ctx->failed = true;
        return "";
    }
    return copy;
}

const char *ts_format(ts_ctx *ctx, const char *format, ...)
{
    char small[256];
    va_list args;
    va_start(args, format);
    int needed = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (needed < 0) {
        ctx->failed = true;
        return "";
    }
    if ((size_t)needed < sizeof small)
        return ts_strdup(ctx, small, (size_t)needed);
    char *big = pl_arena_alloc(ctx->arena, (size_t)needed + 1);
    if (!big) {
        ctx->failed = true;
        return "";
    }
    va_start(args, format);
    vsnprintf(big, (size_t)needed + 1, format, args);
    va_end(args);
    return big;
}

/* ---- fast writing ----
 * Generated code is mostly literal text with names spliced in; printf's machinery costs more
 * than the rest of the emitter on large schemas. These copy literal text and %s arguments, and
 * hand the rest of a format to the writer's printf path at its first other conversion. */

/* Appends within a line straight into the writer's buffer when it has room (the emitter
 * reserves room for a package's module up front); at a line start, and when the buffer must
 * grow, pc_write_str does it, so indentation, blank lines and failure stay the writer's. */
static void put(pc_writer *w, const char *text, size_t length)
{
    static const char spaces[] = "                                                            ";
    pl_buf *buf = &w->buf;
    if (w->at_line_start) {
        /* A line start without a pending blank line: the indentation, as pc_writer writes it
         * with the emitter's two-space unit. Anything else is left to pc_write_str. */
        size_t indent = (size_t)w->depth * 2;
        if (!length || w->blank_pending || w->failed || indent >= sizeof spaces ||
            strcmp(w->indent_unit, "  ") != 0 || buf->cap - buf->len <= indent + length) {
            if (length)
                pc_write_str(w, (pc_str){text, (uint32_t)length});
            return;
        }
        memcpy(buf->data + buf->len, spaces, indent);
        buf->len += indent;
        w->at_line_start = false;
        w->after_open = false;
    } else if (w->failed || buf->cap - buf->len <= length) {
        pc_write_str(w, (pc_str){text, (uint32_t)length});
        return;
    }
    memcpy(buf->data + buf->len, text, length);
    buf->len += length;
    buf->data[buf->len] = '\0';
}

void ts_put(pc_writer *w, const char *text, size_t length)
{
    put(w, text, length);
}

static void write_v(pc_writer *w, const char *format, va_list args)
{
    /* strlen and memchr are vectorised; a byte loop costs several times more here. */
    const char *run = format, *end = format + strlen(format);
    for (;;) {
        const char *p = memchr(run, '%', (size_t)(end - run));
        if (!p) {
            put(w, run, (size_t)(end - run));
            return;
        }
        put(w, run, (size_t)(p - run));
        if (p[1] == 's') {
            const char *text = va_arg(args, const char *);
            put(w, text, strlen(text));
        } else if (p[1] == '%') {
            put(w, "%", 1);
        } else {
            /* The arguments consumed so far were the %s ones before p: printf takes the rest. */
            pc_write_v(w, p, args);
            return;
        }
        run = p + 2;
    }
}

void ts_block(pc_writer *w, const char *format, ...)
{
    /* Whole lines at the top level, their inner indentation written out: one call for what
     * would be many. The writer is left at a line start when the block ends with one. */
    va_list args;
    va_start(args, format);
    write_v(w, format, args);
    va_end(args);
    if (w->buf.len && w->buf.data[w->buf.len - 1] == '\n' && !w->failed) {
        w->at_line_start = true;
        w->after_open = false;
    }
}

void ts_write(pc_writer *w, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    write_v(w, format, args);
    va_end(args);
}

void ts_line(pc_writer *w, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    write_v(w, format, args);
    va_end(args);
    pc_newline(w);
}

void ts_open(pc_writer *w, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    write_v(w, format, args);
    va_end(args);
    /* As pc_open: the line, one level deeper, no blank line right after it. */
    pc_newline(w);
    pc_indent(w);
    w->after_open = true;
}

void ts_close(pc_writer *w, const char *format, ...)
{
    /* As pc_close: a pending blank line is dropped before the closing line. */
    if (!w->at_line_start)
        pc_newline(w);
    w->blank_pending = false;
    pc_dedent(w);
    va_list args;
    va_start(args, format);
    write_v(w, format, args);
    va_end(args);
    pc_newline(w);
}

const char *ts_concat(ts_ctx *ctx, const char *a, const char *b)
{
    return ts_join(ctx, a, b, "");
}

const char *ts_join(ts_ctx *ctx, const char *a, const char *b, const char *c)
{
    char *out = pc_arena_join(ctx->arena, a, b, c);
    if (!out)
        ctx->failed = true;
    return out ? out : "";
}

static const char *camel(ts_ctx *ctx, pc_str name, bool upper)
{
    /* A name is at most as long converted as written, plus the '_' we may put in front. */
    char *out = pl_arena_alloc(ctx->arena, (size_t)name.len + 2);
    if (!out) {
        ctx->failed = true;
        return "";
    }
    size_t length = upper ? pc_upper_camel(name, out + 1, (size_t)name.len + 1)
                          : pc_lower_camel(name, out + 1, (size_t)name.len + 1);
    /* "_" converts to "" and "_1st" to "1st": neither is an identifier, so keep a '_'. */
    if (length == 0 || (out[1] >= '0' && out[1] <= '9')) {
        out[0] = '_';
        return out;
    }
    return out + 1;
}

const char *ts_upper(ts_ctx *ctx, pc_str name)
{
    return camel(ctx, name, true);
}

const char *ts_lower(ts_ctx *ctx, pc_str name)
{
    return camel(ctx, name, false);
}

const char *ts_property(ts_ctx *ctx, pc_str name)
{
    /* Own properties named like Object.prototype's methods would shadow them on the value
     * (a string `toString` breaks `${value}`), and a method named `constructor` would be the
     * class constructor: those get a trailing '_'. */
    static const char *const members[] = {
        "constructor",    "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
        "toLocaleString", "toString",       "valueOf"};
    const char *camel_name = ts_lower(ctx, name);
    if (!strchr("chiptv", camel_name[0]))
        return camel_name;
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        if (strcmp(camel_name, members[i]) == 0)
            return ts_format(ctx, "%s_", camel_name);
    }
    return camel_name;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_sorted(const char *const *names, size_t count, const char *name)
{
    return bsearch(&name, names, count, sizeof *names, compare_names) != NULL;
}

/* The value and type globals of ECMAScript 2020 and TypeScript's own utility types: a type
 * named like one would shadow it in the modules that import the type (a struct `Promise`
 * would break every async client method). Sorted for bsearch. DOM names (Event, Location) are
 * left alone: generated code never uses them, and renaming such common names would hurt. */
static const char *const global_names[] = {
    "AggregateError",
    "Array",
    "ArrayBuffer",
    "ArrayBufferLike",
    "ArrayBufferView",
    "ArrayLike",
    "AsyncGenerator",
    "AsyncGeneratorFunction",
    "AsyncIterable",
    "AsyncIterableIterator",
    "AsyncIterator",
    "Atomics",
    "Awaited",
    "BigInt",
    "BigInt64Array",
    "BigUint64Array",
    "Boolean",
    "Capitalize",
    "ConcatArray",
    "ConstructorParameters",
    "DataView",
    "Date",
    "Error",
    "EvalError",
    "Exclude",
    "Extract",
    "FinalizationRegistry",
    "Float32Array",
    "Float64Array",
    "Function",
    "Generator",
    "GeneratorFunction",
    "Infinity",
    "InstanceType",
    "Int16Array",
    "Int32Array",
    "Int8Array",
    "Intl",
    "Iterable",
    "IterableIterator",
    "Iterator",
    "IteratorResult",
    "JSON",
    "Lowercase",
    "Map",
    "Math",
    "NaN",
    "NonNullable",
    "Number",
    "Object",
    "Omit",
    "OmitThisParameter",
    "Parameters",
    "Partial",
    "Pick",
    "Promise",
    "PromiseLike",
    "PropertyKey",
    "Proxy",
    "RangeError",
    "Readonly",
    "ReadonlyArray",
    "ReadonlyMap",
    "ReadonlySet",
    "Record",
    "ReferenceError",
    "Reflect",
    "RegExp",
    "Required",
    "ReturnType",
    "Set",
    "SharedArrayBuffer",
    "String",
    "Symbol",
    "SyntaxError",
    "TemplateStringsArray",
    "ThisParameterType",
    "ThisType",
    "TypeError",
    "URIError",
    "Uint16Array",
    "Uint32Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Uncapitalize",
    "Uppercase",
    "WeakMap",
    "WeakRef",
    "WeakSet",
};

bool ts_is_global_name(const char *name)
{
    return in_sorted(global_names, sizeof global_names / sizeof global_names[0], name);
}

/* Sorted for bsearch. */
static const char *const reserved_words[] = {
    "arguments", "await",      "break",   "case",    "catch",      "class",     "const",
    "continue",  "debugger",   "default", "delete",  "do",         "else",      "enum",
    "eval",      "export",     "extends", "false",   "finally",    "for",       "function",
    "if",        "implements", "import",  "in",      "instanceof", "interface", "let",
    "new",       "null",       "package", "private", "protected",  "public",    "return",
    "static",    "super",      "switch",  "this",    "throw",      "true",      "try",
    "typeof",    "undefined",  "var",     "void",    "while",      "with",      "yield",
};

bool ts_is_reserved_word(const char *name)
{
    return in_sorted(reserved_words, sizeof reserved_words / sizeof reserved_words[0], name);
}

bool ts_is_identifier(const char *text, size_t length)
{
    if (length == 0 || (text[0] >= '0' && text[0] <= '9'))
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '$'))
            return false;
    }
    return true;
}

/* Escapes into out (room for 6 bytes per input byte and the quotes); returns the length. */
static size_t escape_string(char *out, const char *text, size_t length)
{
    static const char hex[] = "0123456789abcdef";
    size_t used = 0;
    out[used++] = '"';
    /* Most keys are plain ASCII: copy the run that needs nothing. */
    size_t plain = 0;
    while (plain < length) {
        unsigned char c = (unsigned char)text[plain];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            break;
        plain++;
    }
    memcpy(out + used, text, plain);
    used += plain;
    for (size_t i = plain; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') {
            out[used++] = '\\';
            out[used++] = (char)c;
        } else if (c == '\n') {
            out[used++] = '\\';
            out[used++] = 'n';
        } else if (c == '\r') {
            out[used++] = '\\';
            out[used++] = 'r';
        } else if (c == '\t') {
            out[used++] = '\\';
            out[used++] = 't';
        } else if (c < 0x20 || c == 0x7f) {
            memcpy(out + used, "\\u00", 4);
            used += 4;
            out[used++] = hex[c >> 4];
            out[used++] = hex[c & 15];
        } else if (c == 0xE2 && i + 2 < length && (unsigned char)text[i + 1] == 0x80 &&
                   ((unsigned char)text[i + 2] == 0xA8 || (unsigned char)text[i + 2] == 0xA9)) {
            /* U+2028 and U+2029 end lines in older parsers; keep them escaped. */
            memcpy(out + used, (unsigned char)text[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            used += 6;
            i += 2;
        } else {
            out[used++] = (char)c;
        }
    }
    out[used++] = '"';
    return used;
}

void ts_write_string(pc_writer *w, const char *text, size_t length)
{
    char small[256];
    char *out = length * 6 + 2 <= sizeof small ? small : malloc(length * 6 + 2);
    if (!out) {
        w->failed = true;
        return;
    }
    size_t used = escape_string(out, text, length);
    put(w, out, used);
    if (out != small)
        free(out);
}

const char *ts_string_literal(ts_ctx *ctx, const char *text, size_t length)
{
    char *out = pl_arena_alloc(ctx->arena, length * 6 + 3);
    if (!out) {
        ctx->failed = true;
        return "\"\"";
    }
    out[escape_string(out, text, length)] = '\0';
    return out;
}

void ts_write_cstring(pc_writer *w, const char *text)
{
    ts_write_string(w, text, strlen(text));
}

const char *ts_pointer_literal(ts_ctx *ctx, pc_str key)
{
    /* "/" and the key with '~' as "~0" and '/' as "~1" (RFC 6901), then quoted. */
    char *pointer = pl_arena_alloc(ctx->arena, (size_t)key.len * 2 + 2);
    if (!pointer) {
        ctx->failed = true;
        return "\"\"";
    }
    size_t used = 0;
    pointer[used++] = '/';
    for (uint32_t i = 0; i < key.len; i++) {
        char c = key.ptr[i];
        if (c == '~' || c == '/') {
            pointer[used++] = '~';
            pointer[used++] = c == '~' ? '0' : '1';
        } else {
            pointer[used++] = c;
        }
    }
    return ts_string_literal(ctx, pointer, used);
}

/* Decodes one UTF-8 sequence (the text was checked by the front end). */
static uint32_t next_code_point(const unsigned char *s, size_t length, size_t *at)
{
    uint32_t c = s[*at];
    size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    c = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
    (*at)++;
    for (size_t i = 0; i < extra && *at < length; i++, (*at)++)
        c = (c << 6) | (s[*at] & 0x3F);
    return c;
}

void ts_write_regex(pc_writer *w, pc_str pattern)
{
    /* The pattern passed the front end's I-Regexp check (E0507), so it is well formed. The
     * translation follows RFC 9485 section 5.3 for ECMAScript: anchored, flag u, '.' excludes
     * only LF and CR; groups do not capture; '\-' outside a class (not allowed in u mode) is
     * a plain '-'; everything outside printable ASCII is a \u{...} escape. */
    const unsigned char *s = (const unsigned char *)pattern.ptr;
    size_t length = pattern.len;
    bool in_class = false;
    ts_write(w, "/^(?:");
    for (size_t i = 0; i < length;) {
        uint32_t c = s[i];
        if (c == '\\' && i + 1 < length) {
            unsigned char n = s[i + 1];
            if (n == 'p' || n == 'P') {
                size_t end = i + 2;
                while (end < length && s[end] != '}')
                    end++;
                put(w, (const char *)s + i, end + 1 - i);
                i = end + 1;
            } else if (n == '-' && !in_class) {
                ts_write(w, "-");
                i += 2;
            } else {
                ts_write(w, "\\%c", n);
                i += 2;
            }
            continue;
        }
        c = next_code_point(s, length, &i);
        if (c >= 0x80 || c < 0x20 || c == 0x7f) {
            ts_write(w, "\\u{%x}", (unsigned)c);
        } else if (c == '/') {
            ts_write(w, "\\/");
        } else if (in_class) {
            if (c == ']')
                in_class = false;
            ts_write(w, "%c", (char)c);
        } else if (c == '[') {
            in_class = true;
            ts_write(w, "[");
            if (i < length && s[i] == '^') {
                ts_write(w, "^");
                i++;
            }
        } else if (c == '.') {
            ts_write(w, "[^\\n\\r]");
        } else if (c == '(') {
            ts_write(w, "(?:");
        } else {
            ts_write(w, "%c", (char)c);
        }
    }
    ts_write(w, ")$/u");
}

static void doc_escape(pc_writer *w, const char *line, size_t length)
{
    /* A "*" + "/" in a doc line would end the comment. */
    size_t start = 0;
    for (size_t i = 0; i + 1 < length; i++) {
        if (line[i] == '*' && line[i + 1] == '/') {
            put(w, line + start, i - start);
            put(w, "*\\/", 3);
            start = i + 2;
            i++;
        }
    }
    put(w, line + start, length - start);
}

static bool one_short_line(const char *text)
{
    return !strchr(text, '\n') && strlen(text) < 90;
}

static void write_reason(pc_writer *w, pc_str reason)
{
    /* A reason is one line in practice; a newline would start a new TSDoc block. */
    size_t length = 0;
    while (length < reason.len && reason.ptr[length] != '\n' && reason.ptr[length] != '\r')
        length++;
    doc_escape(w, reason.ptr, length);
}

void ts_write_doc(pc_writer *w, const char *doc, const pc_meta *meta, const char *extra)
{
    bool deprecated = meta && meta->deprecated;
    if (!doc && !deprecated && !extra)
        return;
    if (doc && extra && !*extra)
        extra = NULL;
    /* Short docs fit on one line, as people write them. */
    const char *only = doc && !extra ? doc : !doc && extra ? extra : NULL;
    if (!deprecated && only && one_short_line(only)) {
        ts_write(w, "/** ");
        doc_escape(w, only, strlen(only));
        ts_line(w, " */");
        return;
    }
    if (deprecated && !doc && !extra && meta->deprecated_reason.len < 70) {
        ts_write(w, "/** @deprecated");
        if (meta->deprecated_reason.len) {
            ts_write(w, " ");
            write_reason(w, meta->deprecated_reason);
        }
        ts_line(w, " */");
        return;
    }
    ts_line(w, "/**");
    if (doc)
        pc_write_doc(w, doc, NULL, " * ", NULL, doc_escape);
    if (extra) {
        if (doc)
            ts_line(w, " *");
        pc_write_doc(w, extra, NULL, " * ", NULL, doc_escape);
    }
    if (deprecated) {
        if (doc || extra)
            ts_line(w, " *");
        ts_write(w, " * @deprecated");
        if (meta->deprecated_reason.len) {
            ts_write(w, " ");
            write_reason(w, meta->deprecated_reason);
        }
        pc_newline(w);
    }
    ts_line(w, " */");
}

/* The folders of a '/'-separated path, one at a time: returns the length of the next one. */
static size_t segment_length(const char *path)
{
    const char *slash = strchr(path, '/');
    return slash ? (size_t)(slash - path) : strlen(path);
}

const char *ts_relative(ts_ctx *ctx, const char *from_dir, const char *to_file)
{
    /* Skip the folders both share, climb out of the rest of from_dir, go down to to_file. */
    const char *from = from_dir, *to = to_file;
    for (;;) {
        size_t a = segment_length(from), b = segment_length(to);
        if (a == 0 || to[b] != '/' || a != b || memcmp(from, to, a) != 0)
            break;
        from += a + (from[a] == '/');
        to += b + 1;
    }
    size_t ups = 0;
    for (const char *p = from; *p; p += segment_length(p) + (p[segment_length(p)] == '/'))
        ups++;
    size_t rest_length = strlen(to);
    /* "events.ts" -> "events.js": ES module specifiers name the emitted file (or, with
     * ts.import_extension, the source file or no extension, for other resolvers). */
    if (rest_length > 3 && strcmp(to + rest_length - 3, ".ts") == 0)
        rest_length -= 3;
    pl_buf buf;
    pl_buf_init(&buf);
    bool ok = ups ? true : pl_buf_append(&buf, "./", 2);
    for (size_t k = 0; ok && k < ups; k++)
        ok = pl_buf_append(&buf, "../", 3);
    ok = ok && pl_buf_append(&buf, to, rest_length) &&
         pl_buf_append(&buf, ctx->import_extension, strlen(ctx->import_extension));
    const char *result = ok ? ts_strdup(ctx, buf.data, buf.len) : "";
    if (!ok)
        ctx->failed = true;
    pl_buf_free(&buf);
    return result;
}
