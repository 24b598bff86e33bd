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

void c_scratch_reset(c_gen *g)
{
    if (g->arena == g->scratch)
        pl_arena_reset(g->scratch);
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

/* Bytes that JSON and C literals both keep as they are ('?' could start a trigraph). */
static bool plain_text(const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '?')
            return false;
    }
    return true;
}

char *c_literal(c_gen *g, const char *bytes, size_t len)
{
    if (plain_text(bytes, len)) {
        char *plain = pl_arena_alloc_bytes_for(g, len + 3);
        if (!plain)
            return (char *)"\"\"";
        plain[0] = '"';
        memcpy(plain + 1, bytes, len);
        plain[len + 1] = '"';
        plain[len + 2] = '\0';
        return plain;
    }
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

char *c_key_literal(c_gen *g, pc_str wire, size_t *len)
{
    if (plain_text(wire.ptr, wire.len)) {
        /* The common case, without the JSON writer: ",\"wire\":" */
        *len = wire.len + 4;
        char *out = pl_arena_alloc_bytes_for(g, wire.len + 9);
        if (!out)
            return (char *)"\"\"";
        memcpy(out, "\",\\\"", 4);
        memcpy(out + 4, wire.ptr, wire.len);
        memcpy(out + 4 + wire.len, "\\\":\"", 4);
        out[wire.len + 8] = '\0';
        return out;
    }
    const char *json = c_fmt(g, ",%s:", c_json_string(g, wire.ptr, wire.len));
    *len = strlen(json);
    return c_literal(g, json, *len);
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

static void wrap_line(pc_writer *w, const char *text, size_t len)
{
    /* Break long parameter lists after commas, aligned with the opening parenthesis. */
    size_t start_column = (size_t)w->depth * w->indent_length;
    if (start_column + len <= 100) {
        pc_str line = {text, (uint32_t)len};
        pc_write_str(w, line);
        pc_newline(w);
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

void c_wrap_line(pc_writer *w, const char *text)
{
    wrap_line(w, text, strlen(text));
}

void c_wrap_linef(pc_writer *w, const char *format, ...)
{
    char small[512];
    va_list args;
    va_start(args, format);
    size_t needed = pc_vformat(small, sizeof small, format, args);
    va_end(args);
    if (needed < sizeof small) {
        wrap_line(w, small, needed);
        return;
    }
    char *big = malloc(needed + 1);
    if (!big) {
        w->failed = true;
        return;
    }
    va_start(args, format);
    pc_vformat(big, needed + 1, format, args);
    va_end(args);
    wrap_line(w, big, needed);
    free(big);
}

/* The length of the pointer p when lv is "(*p)" with the parentheses around all of it, else 0. */
static size_t deref_inner(const char *lv, size_t len)
{
    if (!(len > 3 && lv[0] == '(' && lv[1] == '*' && lv[len - 1] == ')'))
        return 0;
    /* Only when the parentheses enclose the whole expression: "(*a)" but not "(*a).b". */
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        depth += lv[i] == '(' ? 1 : lv[i] == ')' ? -1 : 0;
        if (depth == 0 && i + 1 < len)
            return 0;
    }
    return len - 3;
}

/* before + text[0..len) + after, in the arena (names are formatted without printf here: these
 * are the most frequent). */
static const char *concat3(c_gen *g, const char *before, size_t before_len, const char *text,
                           size_t len, const char *after, size_t after_len)
{
    char *out = pl_arena_alloc_bytes_for(g, before_len + len + after_len + 1);
    if (!out)
        return "";
    return pc_join3(out, before, before_len, text, len, after, after_len);
}

const char *c_addr(c_gen *g, const char *lv)
{
    size_t len = strlen(lv);
    size_t inner = deref_inner(lv, len);
    if (inner)
        return concat3(g, "", 0, lv + 2, inner, "", 0);
    return concat3(g, "&", 1, lv, len, "", 0);
}

const char *c_dot(c_gen *g, const char *lv)
{
    size_t len = strlen(lv);
    size_t inner = deref_inner(lv, len);
    if (inner)
        return concat3(g, "", 0, lv + 2, inner, "->", 2);
    return concat3(g, "", 0, lv, len, ".", 1);
}

c_lvalue c_lvalue_of(const char *lv)
{
    size_t len = strlen(lv);
    size_t inner = deref_inner(lv, len);
    c_lvalue out;
    if (inner) {
        out.amp = "";
        out.arrow = "->";
        out.text = lv + 2;
        out.len = (int)inner;
    } else {
        out.amp = "&";
        out.arrow = ".";
        out.text = lv;
        out.len = (int)len;
    }
    return out;
}

const char *c_concat(c_gen *g, const char *a, const char *b)
{
    return concat3(g, a, strlen(a), b, strlen(b), "", 0);
}

/* ---- global identifiers ---- */

static uint64_t name_hash(const char *text, size_t len)
{
    /* Eight bytes at a time: names are long (mycoach_events_Training_read_members). */
    uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
    size_t at = 0;
    for (; at + 8 <= len; at += 8) {
        uint64_t word;
        memcpy(&word, text + at, sizeof word);
        h = (h ^ word) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t last = 0;
    memcpy(&last, text + at, len - at);
    h = (h ^ last) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

static bool grow_names(c_gen *g)
{
    uint32_t cap = g->name_cap ? g->name_cap * 2 : 1024;
    uint32_t *slots = calloc(cap, sizeof *slots);
    c_name *names = realloc(g->names, (size_t)cap / 2 * sizeof *names);
    if (names)
        g->names = names;
    if (!slots || !names) {
        free(slots);
        return false;
    }
    for (uint32_t i = 0; i < g->name_count; i++) {
        uint32_t at = (uint32_t)(g->names[i].hash & (cap - 1));
        while (slots[at])
            at = (at + 1) & (cap - 1);
        slots[at] = i + 1;
    }
    free(g->name_slots);
    g->name_slots = slots;
    g->name_cap = cap;
    return true;
}

static const char *owner_text(c_gen *g, const c_owner *o)
{
    if (o->owner)
        return o->owner;
    return c_fmt(g, "%s%.*s%s%s '%s'", o->before, (int)o->quoted.len, o->quoted.ptr, o->after,
                 pc_decl_kind_name(o->decl->kind), o->decl->qualified_name);
}

bool c_register_owned(c_gen *g, const char *text, const c_owner *owner)
{
    if ((g->name_count + 1) * 2 > g->name_cap && !grow_names(g)) {
        g->failed = true;
        return false;
    }
    size_t len = strlen(text);
    uint64_t hash = name_hash(text, len);
    uint32_t at = (uint32_t)(hash & (g->name_cap - 1));
    for (uint32_t entry; (entry = g->name_slots[at]) != 0; at = (at + 1) & (g->name_cap - 1)) {
        const c_name *n = &g->names[entry - 1];
        if (n->hash == hash && strcmp(n->text, text) == 0) {
            pc_emit_error(g->ctx,
                          "C: %s and %s would both be named '%s' in the generated C code; "
                          "rename one of them",
                          owner_text(g, &n->owner), owner_text(g, owner), text);
            return false;
        }
    }
    c_name *n = &g->names[g->name_count++];
    n->text = text;
    n->hash = hash;
    n->owner = *owner;
    g->name_slots[at] = g->name_count;
    return true;
}

bool c_register_name(c_gen *g, const char *text, const char *owner)
{
    c_owner o = {owner, "", {"", 0}, "", NULL};
    return c_register_owned(g, text, &o);
}
