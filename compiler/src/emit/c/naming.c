/* Names in generated C: escaping of schema names that C (or C++, for headers included from C++)
 * reserves, UPPER_SNAKE constants, C string literals, and the global identifier registry that
 * turns collisions into payloadc errors instead of errors in the app's build. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c_internal.h"

static char *c_strdup_n(c_gen *g, const char *text, size_t len)
{
    char *copy = pl_arena_strdup(g->arena, text, len);
    if (!copy)
        g->failed = true;
    return copy ? copy : (char *)"";
}

static char *pl_arena_alloc_bytes_for(c_gen *g, size_t size)
{
    char *out = pl_arena_alloc(g->arena, size);
    if (!out)
        g->failed = true;
    return out;
}

char *c_strdup(c_gen *g, const char *text)
{
    char *copy = pl_arena_strdup(g->arena, text, strlen(text));
    if (!copy)
        g->failed = true;
    return copy ? copy : (char *)"";
}

char *c_strn(c_gen *g, pc_str text)
{
    char *copy = pl_arena_strdup(g->arena, text.ptr, text.len);
    if (!copy)
        g->failed = true;
    return copy ? copy : (char *)"";
}

char *c_fmt(c_gen *g, const char *format, ...)
{
    /* Most results are short: one formatting pass into a stack buffer, then one copy. */
    char small[256];
    va_list args;
    va_start(args, format);
    size_t needed = pc_vformat(small, sizeof small, format, args);
    va_end(args);
    if (needed < sizeof small)
        return c_strdup_n(g, small, needed);
    char *out = pl_arena_alloc_bytes_for(g, needed + 1);
    if (!out)
        return (char *)"";
    va_start(args, format);
    pc_vformat(out, needed + 1, format, args);
    va_end(args);
    return out;
}

/* C11 and C23 keywords, C++ keywords (headers are usable from C++), and object-like macros of
 * the standard headers a user may include before ours (errno, stdin, ...) or that compilers
 * predefine in GNU modes (linux, unix). A member named after any of these gets a trailing '_'. */
static const char *const reserved_words[] = {
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_BitInt",
    "_Bool",
    "_Complex",
    "_Decimal128",
    "_Decimal32",
    "_Decimal64",
    "_Generic",
    "_Imaginary",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
    "EOF",
    "I",
    "NULL",
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "assert",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char16_t",
    "char32_t",
    "char8_t",
    "class",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "complex",
    "concept",
    "const",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "errno",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "for",
    "friend",
    "goto",
    "i386",
    "if",
    "imaginary",
    "inline",
    "int",
    "linux",
    "long",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "noreturn",
    "not",
    "not_eq",
    "nullptr",
    "offsetof",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "public",
    "register",
    "reinterpret_cast",
    "requires",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "static_cast",
    "stderr",
    "stdin",
    "stdout",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "typeof",
    "typeof_unqual",
    "union",
    "unix",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
};

static bool is_reserved(const char *name, size_t len)
{
    size_t lo = 0, hi = sizeof reserved_words / sizeof reserved_words[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *word = reserved_words[mid];
        size_t word_len = strlen(word);
        int cmp = memcmp(name, word, len < word_len ? len : word_len);
        if (cmp == 0)
            cmp = len < word_len ? -1 : len > word_len ? 1 : 0;
        if (cmp == 0)
            return true;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

char *c_member_name(c_gen *g, pc_str name)
{
    if (name.len && name.ptr[0] == '_') {
        /* Leading underscores make names the implementation may reserve: `_id` becomes `id_`
         * (the compiler already rejects `_id` beside `id` or `id_`, E0310). */
        uint32_t skip = 0;
        while (skip < name.len && name.ptr[skip] == '_')
            skip++;
        const char *rest = name.ptr + skip;
        uint32_t rest_len = name.len - skip;
        if (rest_len == 0 || (rest[0] >= '0' && rest[0] <= '9'))
            return c_fmt(g, "v%.*s_", (int)rest_len, rest);
        return c_fmt(g, "%.*s_", (int)rest_len, rest);
    }
    if (is_reserved(name.ptr, name.len))
        return c_fmt(g, "%.*s_", (int)name.len, name.ptr);
    return c_strn(g, name);
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_lower_or_digit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

char *c_upper_snake(c_gen *g, const char *text, size_t len)
{
    char *out = pl_arena_alloc(g->arena, len * 2 + 1);
    if (!out) {
        g->failed = true;
        return (char *)"";
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (i > 0 && is_upper(c) && text[i - 1] != '_' &&
            (is_lower_or_digit(text[i - 1]) ||
             (is_upper(text[i - 1]) && i + 1 < len && text[i + 1] >= 'a' && text[i + 1] <= 'z')))
            out[o++] = '_';
        out[o++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
    }
    out[o] = '\0';
    return out;
}

char *c_literal(c_gen *g, const char *bytes, size_t len)
{
    /* At most four output bytes per input byte, plus the quotes. */
    char *out = len < SIZE_MAX / 4 - 3 ? pl_arena_alloc_bytes_for(g, len * 4 + 3) : NULL;
    if (!out)
        return (char *)"\"\"";
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c == '?' && i > 0 && bytes[i - 1] == '?') {
            /* "??x" would be a trigraph in ISO C modes. */
            out[o++] = '\\';
            out[o++] = '?';
        } else if (c >= 0x20 && c < 0x7F) {
            out[o++] = (char)c;
        } else {
            /* Octal escapes are always three digits, so a following digit cannot join them
             * (as it would a \x escape). */
            out[o++] = '\\';
            out[o++] = (char)('0' + (c >> 6));
            out[o++] = (char)('0' + ((c >> 3) & 7));
            out[o++] = (char)('0' + (c & 7));
        }
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

char *c_json_string(c_gen *g, const char *bytes, size_t len)
{
    pl_buf buf;
    pl_buf_init(&buf);
    pl_error err;
    char *out;
    if (pl_json_write_string(&buf, bytes, len, &err)) {
        out = pl_arena_strdup(g->arena, buf.data, buf.len);
        if (!out)
            g->failed = true;
    } else {
        g->failed = true;
        out = NULL;
    }
    pl_buf_free(&buf);
    return out ? out : (char *)"\"\"";
}

char *c_comment_text(c_gen *g, pc_str wire)
{
    const char *json = c_json_string(g, wire.ptr, wire.len);
    size_t len = strlen(json);
    char *out = pl_arena_alloc(g->arena, len * 2 + 1);
    if (!out) {
        g->failed = true;
        return (char *)"";
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        out[o++] = json[i];
        if (i + 1 < len &&
            ((json[i] == '*' && json[i + 1] == '/') || (json[i] == '/' && json[i + 1] == '*')))
            out[o++] = '\\';
    }
    out[o] = '\0';
    return out;
}

void c_doc_escape(pc_writer *w, const char *line, size_t length)
{
    /* No "*" "/" (would end the comment) and no "/" "*" (-Wcomment). */
    size_t run = 0;
    for (size_t i = 0; i + 1 < length; i++) {
        if ((line[i] == '*' && line[i + 1] == '/') || (line[i] == '/' && line[i + 1] == '*')) {
            pc_write(w, "%.*s\\", (int)(i + 1 - run), line + run);
            run = i + 1;
        }
    }
    pc_write(w, "%.*s", (int)(length - run), line + run);
}

void c_write_doc(pc_writer *w, const char *doc)
{
    if (!doc)
        return;
    if (!strchr(doc, '\n')) {
        pc_write(w, "/** ");
        c_doc_escape(w, doc, strlen(doc));
        pc_write(w, " */");
        pc_newline(w);
        return;
    }
    pc_write_doc(w, doc, "/**", " * ", " */", c_doc_escape);
}

void c_wrap_line(pc_writer *w, const char *text)
{
    /* Break long parameter lists after commas, aligned with the opening parenthesis. */
    size_t len = strlen(text);
    size_t start_column = (size_t)w->depth * strlen(w->indent_unit);
    if (start_column + len <= 100) {
        c_text(w, text);
        return;
    }
    const char *paren = strchr(text, '(');
    size_t indent = paren ? (size_t)(paren - text) + 1 : 4;
    size_t limit = 100 - (start_column < 60 ? start_column : 60);
    size_t column = 0, at = 0;
    while (at < len) {
        const char *comma = strchr(text + at, ',');
        size_t piece = comma ? (size_t)(comma - (text + at)) + 1 : len - at;
        if (column && column + piece > limit) {
            static const char spaces[] = "                                                  ";
            pc_newline(w);
            for (size_t left = indent; left;) {
                size_t n = left < sizeof spaces - 1 ? left : sizeof spaces - 1;
                pc_str pad = {spaces, (uint32_t)n};
                pc_write_str(w, pad);
                left -= n;
            }
            column = indent;
            while (text[at] == ' ') {
                at++;
                piece--;
            }
        }
        pc_str chunk = {text + at, (uint32_t)piece};
        pc_write_str(w, chunk);
        column += piece;
        at += piece;
    }
    pc_newline(w);
}

const char *c_addr(c_gen *g, const char *lv)
{
    size_t len = strlen(lv);
    if (len > 3 && lv[0] == '(' && lv[1] == '*' && lv[len - 1] == ')') {
        /* Only when the parentheses enclose the whole expression: "(*a)" but not "(*a).b". */
        int depth = 0;
        for (size_t i = 0; i < len; i++) {
            depth += lv[i] == '(' ? 1 : lv[i] == ')' ? -1 : 0;
            if (depth == 0 && i + 1 < len)
                return c_fmt(g, "&%s", lv);
        }
        return c_fmt(g, "%.*s", (int)(len - 3), lv + 2);
    }
    return c_fmt(g, "&%s", lv);
}

const char *c_dot(c_gen *g, const char *lv)
{
    const char *addr = c_addr(g, lv);
    if (addr[0] != '&')
        return c_fmt(g, "%s->", addr);
    return c_fmt(g, "%s.", lv);
}

/* ---- global identifiers ---- */

static uint64_t name_hash(const char *text)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *text; text++) {
        h ^= (unsigned char)*text;
        h *= 0x100000001b3ull;
    }
    return h;
}

static bool grow_names(c_gen *g)
{
    uint32_t cap = g->name_cap ? g->name_cap * 2 : 1024;
    c_name *fresh = pl_arena_alloc(g->arena, cap * sizeof *fresh);
    if (!fresh)
        return false;
    for (uint32_t i = 0; i < g->name_cap; i++) {
        if (!g->names[i].text)
            continue;
        uint32_t at = (uint32_t)(name_hash(g->names[i].text) & (cap - 1));
        while (fresh[at].text)
            at = (at + 1) & (cap - 1);
        fresh[at] = g->names[i];
    }
    g->names = fresh;
    g->name_cap = cap;
    return true;
}

bool c_register_name(c_gen *g, const char *text, const char *owner)
{
    if ((g->name_count + 1) * 2 > g->name_cap && !grow_names(g)) {
        g->failed = true;
        return false;
    }
    uint32_t at = (uint32_t)(name_hash(text) & (g->name_cap - 1));
    while (g->names[at].text) {
        if (strcmp(g->names[at].text, text) == 0) {
            pc_emit_error(g->ctx,
                          "C: %s and %s would both be named '%s' in the generated C code; "
                          "rename one of them",
                          g->names[at].owner, owner, text);
            return false;
        }
        at = (at + 1) & (g->name_cap - 1);
    }
    g->names[at].text = text;
    g->names[at].owner = owner;
    g->name_count++;
    return true;
}
