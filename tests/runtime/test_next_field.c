/* pl_json_object_next_field and pl_json_object_key: struct members found by field table, as
 * generated decoders read them, with their inline fast paths: pl_json_object_first_is for the
 * first field's key, and after a known field's value pl_json_object_next_is for the next field's
 * key or pl_json_object_end_is after the last field's. Every case is read twice, once with the field table and once
 * key by key (pl_json_object_next and a look-up of each key), and both readings must agree on
 * every member found, where the reader stands after each key, the outcome and the error (kind,
 * message, path, offset, line, column). Texts sit at the very end of an exact-size heap block,
 * each field's quoted key in an exact 16-byte block and each member text in a block of its own
 * exact size, so that ASan catches any over-read. */
#include "test_util.h"

#include <stdio.h>

/* ---- schemas and their field tables ---- */

/* A struct member as a decoder sees it: 'i' an int64, 's' a string, 'o' a nested struct (its
 * own table), anything else skipped. */
typedef struct spec {
    const char *key;
    size_t key_len;
    char kind;
    const struct spec *nested; /* for 'o': its members, ended by a NULL key */
} spec;

#define S(k, kind)                                                                                 \
    {                                                                                              \
        k, sizeof(k) - 1, kind, NULL                                                               \
    }
#define O(k, nested)                                                                               \
    {                                                                                              \
        k, sizeof(k) - 1, 'o', nested                                                              \
    }
#define END_SPEC                                                                                   \
    {                                                                                              \
        NULL, 0, 0, NULL                                                                           \
    }

/* The field table generated code would have for specs (the emitter's rule: quoted for keys of
 * up to 13 bytes of printable ASCII other than '"' and '\\'), each quoted key in a block of
 * exactly 16 bytes and the table in a block of exactly count + 1 entries. */
static pl_json_field *make_fields(const spec *specs)
{
    size_t count = 0;
    while (specs[count].key)
        count++;
    pl_json_field *fields = calloc(count + 1, sizeof *fields);
    assert_non_null(fields);
    for (size_t i = 0; i < count; i++) {
        const char *key = specs[i].key;
        size_t len = specs[i].key_len;
        fields[i].key = key;
        fields[i].key_len = (uint32_t)len;
        bool plain = len <= 13;
        for (size_t j = 0; plain && j < len; j++) {
            unsigned char c = (unsigned char)key[j];
            plain = c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
        }
        if (!plain)
            continue;
        char *quoted = calloc(16, 1);
        assert_non_null(quoted);
        quoted[0] = '"';
        memcpy(quoted + 1, key, len);
        quoted[len + 1] = '"';
        quoted[len + 2] = ':';
        fields[i].quoted = quoted;
        fields[i].quoted_len = (uint32_t)len + 3;
    }
    return fields;
}

/* The member texts generated code passes to pl_json_object_next_is (",\"key\":", exact-size
 * blocks without a NUL), NULL for keys whose JSON text needs escapes (the emitter's rule). */
static char **make_member_texts(const spec *specs)
{
    size_t count = 0;
    while (specs[count].key)
        count++;
    char **texts = calloc(count + 1, sizeof *texts);
    assert_non_null(texts);
    for (size_t i = 0; i < count; i++) {
        const char *key = specs[i].key;
        size_t len = specs[i].key_len;
        bool plain = true;
        for (size_t j = 0; plain && j < len; j++) {
            unsigned char c = (unsigned char)key[j];
            plain = c >= 0x20 && c != '"' && c != '\\';
        }
        if (!plain)
            continue;
        texts[i] = malloc(len + 4);
        assert_non_null(texts[i]);
        memcpy(texts[i], ",\"", 2);
        memcpy(texts[i] + 2, key, len);
        memcpy(texts[i] + 2 + len, "\":", 2);
    }
    return texts;
}

static void free_member_texts(char **texts, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(texts[i]);
    free(texts);
}

static void free_fields(pl_json_field *fields)
{
    for (size_t i = 0; fields[i].key; i++)
        free((void *)(uintptr_t)fields[i].quoted);
    free(fields);
}

/* ---- two readers of the same text ---- */

typedef struct trace {
    char text[8192];
    size_t len;
} trace;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void
note(trace *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->text + t->len, sizeof t->text - t->len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof t->text - t->len);
    t->len += (size_t)n;
}

/* A key in the trace: printable bytes as they are, others as \xHH. */
static void note_key(trace *t, const char *key, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c >= 0x20 && c < 0x7F && c != '\\')
            note(t, "%c", c);
        else
            note(t, "\\x%02X", c);
    }
}

static bool read_value(pl_json_reader *r, const spec *member, bool by_field, trace *t);

/* Records "index:key@pos " for each member (index = count for an unknown key), then "}" or
 * "!" for an error. */
static bool read_struct(pl_json_reader *r, const spec *specs, bool by_field, trace *t)
{
    size_t count = 0;
    while (specs[count].key)
        count++;
    pl_json_field *fields = by_field ? make_fields(specs) : NULL;
    char **member_texts = by_field ? make_member_texts(specs) : NULL;
    bool ok = pl_json_object_begin(r);
    if (ok)
        note(t, "{");
    int inline_next = -1; /* by field: the field pl_json_object_next_is just took */
    if (ok && by_field && count && member_texts[0]) {
        size_t at = r->pos;
        if (pl_json_object_first_is(r, member_texts[0], specs[0].key_len + 4, 0)) {
            assert_int_equal(r->pos, at + specs[0].key_len + 3);
            inline_next = 0;
        } else {
            assert_int_equal(r->pos, at);
        }
        assert_false(pl_json_reader_failed(r));
    }
    while (ok) {
        int field;
        const char *key = NULL, *seen_key;
        size_t key_len = 0, seen_len;
        if (inline_next >= 0) {
            field = inline_next;
            assert_int_equal(r->frames[r->depth - 1].index, (size_t)field);
            pl_json_object_key(r, &key, &key_len);
            assert_int_equal(key_len, specs[field].key_len);
            assert_memory_equal(key, specs[field].key, key_len);
        } else if (by_field) {
            /* The frame keeps the index of the last field found (payload.h): the next one is
             * expected after it. */
            size_t last = r->frames[r->depth - 1].index;
            field = pl_json_object_next_field(r, fields);
            if (field == PL_JSON_FIELD_END)
                break;
            if (field == PL_JSON_FIELD_ERROR) {
                ok = false;
                break;
            }
            assert_true(field >= 0 && (size_t)field <= count);
            assert_int_equal(r->frames[r->depth - 1].index,
                             (size_t)field < count ? (size_t)field : last);
            pl_json_object_key(r, &key, &key_len);
            assert_non_null(key);
        } else {
            int more = pl_json_object_next(r, &key, &key_len);
            if (more <= 0) {
                ok = more == 0;
                break;
            }
            /* pl_json_object_key gives the key pl_json_object_next returned. */
            pl_json_object_key(r, &seen_key, &seen_len);
            assert_ptr_equal(seen_key, key);
            assert_int_equal(seen_len, key_len);
            field = (int)count;
            for (size_t i = 0; i < count; i++) {
                if (specs[i].key_len == key_len && memcmp(specs[i].key, key, key_len) == 0) {
                    field = (int)i;
                    break;
                }
            }
        }
        note(t, "%d:", field);
        note_key(t, key, key_len);
        note(t, "@%zu ", r->pos);
        ok = read_value(r, (size_t)field < count ? &specs[field] : NULL, by_field, t);
        inline_next = -1;
        if (ok && by_field && (size_t)field < count) {
            /* What generated code does after a known field's value. */
            size_t next = (size_t)field + 1, at = r->pos;
            if (next == count) {
                if (pl_json_object_end_is(r)) {
                    assert_int_equal(r->pos, at + 1);
                    break;
                }
            } else if (member_texts[next] &&
                       pl_json_object_next_is(r, member_texts[next], specs[next].key_len + 4,
                                              next)) {
                assert_int_equal(r->pos, at + specs[next].key_len + 4);
                inline_next = (int)next;
            }
            assert_false(pl_json_reader_failed(r));
            if (inline_next < 0)
                assert_int_equal(r->pos, at);
        }
    }
    note(t, ok ? "}" : "!");
    if (fields) {
        free_fields(fields);
        free_member_texts(member_texts, count);
    }
    return ok;
}

static bool read_value(pl_json_reader *r, const spec *member, bool by_field, trace *t)
{
    char kind = member ? member->kind : '?';
    if (kind == 'i') {
        int64_t v;
        if (!pl_json_read_int64(r, &v))
            return false;
        note(t, "=%lld ", (long long)v);
        return true;
    }
    if (kind == 's') {
        const char *s;
        size_t n;
        if (!pl_json_read_string(r, &s, &n))
            return false;
        note(t, "=\"");
        note_key(t, s, n);
        note(t, "\" ");
        return true;
    }
    if (kind == 'o')
        return read_struct(r, member->nested, by_field, t);
    return pl_json_skip(r);
}

typedef struct outcome {
    bool ok;
    trace t;
    pl_error err;
} outcome;

/* Reads text (len bytes at the end of an exact-size block) as a struct of specs. */
static void read_text(const char *text, size_t len, const spec *specs, bool by_field, outcome *out)
{
    char *copy = exact_copy(text, len);
    pl_arena *arena = pl_arena_new();
    pl_json_reader r;
    memset(out, 0, sizeof *out);
    pl_error_clear(&out->err);
    pl_json_reader_init(&r, copy, len, arena, &out->err);
    out->ok = read_struct(&r, specs, by_field, &out->t) && pl_json_reader_finish(&r);
    assert_true(out->ok != pl_json_reader_failed(&r));
    pl_arena_free(arena);
    free(copy);
}

static void expect_same_error(const pl_error *a, const pl_error *b, const char *what)
{
    if (a->kind != b->kind || strcmp(a->message, b->message) != 0 ||
        strcmp(a->path, b->path) != 0 || a->offset != b->offset || a->line != b->line ||
        a->column != b->column)
        fail_msg("%s: by field %s '%s' at '%s' offset %zu %u:%u, key by key %s '%s' at '%s' "
                 "offset %zu %u:%u",
                 what, pl_error_kind_name(a->kind), a->message, a->path, a->offset, a->line,
                 a->column, pl_error_kind_name(b->kind), b->message, b->path, b->offset, b->line,
                 b->column);
}

/* Both readings of len bytes of text agree; returns the one by field. */
static void agree_len(const char *text, size_t len, const spec *specs, outcome *by_field)
{
    static outcome by_key;
    read_text(text, len, specs, true, by_field);
    read_text(text, len, specs, false, &by_key);
    if (strcmp(by_field->t.text, by_key.t.text) != 0)
        fail_msg("%.*s\n  by field:   %s\n  key by key: %s", (int)len, text, by_field->t.text,
                 by_key.t.text);
    assert_int_equal(by_field->ok, by_key.ok);
    expect_same_error(&by_field->err, &by_key.err, text);
}

/* Both readings agree and the one by field succeeds with the expected trace. */
static void expect_trace(const char *text, const spec *specs, const char *expected)
{
    static outcome out;
    agree_len(text, strlen(text), specs, &out);
    if (!out.ok)
        fail_msg("%s: %s at '%s' offset %zu", text, out.err.message, out.err.path, out.err.offset);
    if (strcmp(out.t.text, expected) != 0)
        fail_msg("%s\n  found:    %s\n  expected: %s", text, out.t.text, expected);
}

/* Both readings fail with this error. */
static void expect_failure(const char *text, const spec *specs, pl_error_kind kind,
                           const char *path, size_t offset)
{
    static outcome out;
    agree_len(text, strlen(text), specs, &out);
    if (out.ok)
        fail_msg("%s: read without error: %s", text, out.t.text);
    if (out.err.kind != kind || strcmp(out.err.path, path) != 0 || out.err.offset != offset)
        fail_msg("%s: %s '%s' at '%s' offset %zu; expected %s at '%s' offset %zu", text,
                 pl_error_kind_name(out.err.kind), out.err.message, out.err.path, out.err.offset,
                 pl_error_kind_name(kind), path, offset);
}

/* ---- schemas ---- */

static const spec point[] = {S("x", 'i'), S("y", 'i'), END_SPEC};
static const spec inner[] = {S("a", 'i'), O("p", point), S("b", 's'), END_SPEC};
/* Keys of 1 to 14 bytes, one longer, one needing escapes and one not ASCII. */
static const spec person[] = {
    S("id", 'i'),
    S("name", 's'),
    S("tags", '-'),
    S("flag", '-'),
    O("inner", inner),
    S("thirteen_char", 'i'),
    S("fourteen_chars", 'i'),
    S("a_much_longer_key_than_that", 's'),
    S("q\"uote", 'i'),
    S("caf\xC3\xA9", 'i'),
    S("", 'i'),
    END_SPEC,
};

/* ---- members found ---- */

static void members_in_order(void **state)
{
    (void)state;
    expect_trace("{\"id\":1,\"name\":\"Ann\",\"tags\":[1,2],\"flag\":true,\"inner\":{\"a\":5,"
                 "\"p\":{\"x\":1,\"y\":2},\"b\":\"z\"},\"thirteen_char\":13,\"fourteen_chars\":14,"
                 "\"a_much_longer_key_than_that\":\"l\",\"q\\\"uote\":9,\"caf\xC3\xA9\":8,\"\":0}",
                 person,
                 "{0:id@6 =1 1:name@15 =\"Ann\" 2:tags@28 3:flag@41 4:inner@54 {0:a@59 =5 "
                 "1:p@65 {0:x@70 =1 1:y@76 =2 }2:b@83 =\"z\" }5:thirteen_char@104 =13 "
                 "6:fourteen_chars@124 =14 7:a_much_longer_key_than_that@157 =\"l\" "
                 "8:q\"uote@171 =9 9:caf\\xC3\\xA9@181 =8 10:@186 =0 }");
}

static void members_out_of_order(void **state)
{
    (void)state;
    expect_trace("{\"flag\":false,\"name\":\"B\",\"id\":2,\"inner\":{\"b\":\"q\",\"a\":1},"
                 "\"fourteen_chars\":4,\"thirteen_char\":3,\"tags\":null}",
                 person,
                 "{3:flag@8 1:name@21 =\"B\" 0:id@30 =2 4:inner@40 {2:b@45 =\"q\" 0:a@53 =1 }"
                 "6:fourteen_chars@73 =4 5:thirteen_char@91 =3 2:tags@100 }");
    /* Backwards, every one: each look-up starts after the last field found and wraps. */
    expect_trace("{\"y\":1,\"x\":2,\"unknown\":3,\"y\":4,\"x\":5,\"x\":6}", point,
                 "{1:y@5 =1 0:x@11 =2 2:unknown@23 1:y@29 =4 0:x@35 =5 0:x@41 =6 }");
}

static void unknown_keys_give_the_count(void **state)
{
    (void)state;
    expect_trace("{\"id\":1,\"nick\":\"x\",\"name\":\"n\",\"Id\":2,\"id \":3,\"idd\":[],\"i\":{}}",
                 person,
                 "{0:id@6 =1 11:nick@15 1:name@26 =\"n\" 11:Id@35 11:id @43 11:idd@51 11:i@58 }");
    /* An unknown key written with escapes: pl_json_object_key gives an unescaped copy. */
    static const char text[] = "{\"id\":1,\"n\\u0069ck\\n\":\"some padding text\"}";
    char *copy = exact_copy(text, sizeof text - 1);
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_json_reader r;
    pl_json_field *fields = make_fields(person);
    pl_json_reader_init(&r, copy, sizeof text - 1, arena, &err);
    assert_true(pl_json_object_begin(&r));
    assert_int_equal(pl_json_object_next_field(&r, fields), 0);
    const char *key;
    size_t key_len;
    pl_json_object_key(&r, &key, &key_len);
    assert_int_equal(key_len, 2);
    assert_memory_equal(key, "id", 2);
    assert_ptr_equal(key, copy + 2); /* a view */
    assert_true(pl_json_skip(&r));
    assert_int_equal(pl_json_object_next_field(&r, fields), 11);
    pl_json_object_key(&r, &key, &key_len);
    assert_int_equal(key_len, 5);
    assert_memory_equal(key, "nick\n", 5);
    assert_true(key < copy || key >= copy + sizeof text - 1); /* a copy */
    assert_true(pl_json_skip(&r));
    assert_int_equal(pl_json_object_next_field(&r, fields), PL_JSON_FIELD_END);
    assert_true(pl_json_reader_finish(&r));
    free_fields(fields);
    pl_arena_free(arena);
    free(copy);
    /* A struct without fields: every key is unknown. */
    static const spec none[] = {END_SPEC};
    expect_trace("{\"a\":1,\"bcdefghijklmnopq\":2}", none, "{0:a@5 0:bcdefghijklmnopq@26 }");
}

static void absent_fields_are_skipped(void **state)
{
    (void)state;
    /* One absent (name), then two absent (flag, inner), then all the rest. */
    expect_trace("{\"id\":1,\"tags\":[1,2,3],\"thirteen_char\":0,\"\":5}", person,
                 "{0:id@6 =1 2:tags@15 5:thirteen_char@39 =0 10:@44 =5 }");
    /* The first field absent. */
    expect_trace("{\"name\":\"padding-padding\",\"flag\":true}", person,
                 "{1:name@8 =\"padding-padding\" 3:flag@33 }");
    expect_trace("{\"y\":123456789012345678}", point, "{1:y@5 =123456789012345678 }");
}

static void whitespace_around_keys(void **state)
{
    (void)state;
    expect_trace(
        " {\n  \"id\" : 1 ,\n  \"name\":\"n\"\t,\"tags\" :[ ],\r\n\"flag\": true ,\"inner\""
        ":{ \"a\":1 , \"p\" : { } } } ",
        person,
        "{0:id@11 =1 1:name@25 =\"n\" 2:tags@38 3:flag@51 4:inner@66 {0:a@72 =1 "
        "1:p@81 {}}}");
    /* Whitespace only after the comma, only before the colon, only before '}'. */
    expect_trace("{\"x\":1, \"y\":2 }", point, "{0:x@5 =1 1:y@12 =2 }");
    expect_trace("{\"x\" :1,\"y\"\n:2,\"z\"  :3}", point, "{0:x@6 =1 1:y@13 =2 2:z@21 }");
    expect_trace("{ }", point, "{}");
}

static void escaped_keys(void **state)
{
    (void)state;
    /* \u0061 for 'a' and friends: looked up, with the unescaped key. */
    expect_trace(
        "{\"\\u0069d\":1,\"n\\u0061me\":\"n\",\"fl\\u0061g\":0,\"in\\u006eer\":{\"\\u0061\":3,"
        "\"\\u0070\":{\"\\u0078\":1,\"\\u0079\":2}},\"thirteen_cha\\u0072\":1}",
        person,
        "{0:id@11 =1 1:name@25 =\"n\" 3:flag@41 4:inner@56 {0:a@66 =3 1:p@77 {0:x@87 =1 "
        "1:y@98 =2 }}5:thirteen_char@123 =1 }");
    /* Keys only found through escapes: '"', non-ASCII, escaped solidus. */
    expect_trace(
        "{\"q\\\"uote\":1,\"caf\\u00e9\":2,\"caf\xC3\xA9\":3,\"\\/\":4,\"\\u0000\":5}", person,
        "{8:q\"uote@11 =1 9:caf\\xC3\\xA9@25 =2 9:caf\\xC3\\xA9@35 =3 11:/@42 11:\\x00@53 }");
}

static void long_keys(void **state)
{
    (void)state;
    /* 13 bytes is the longest key matched as text (quoted in 16 bytes); 14 and more are looked
     * up, in order and out of order. */
    static const spec longs[] = {S("abcdefghijklm", 'i'), S("abcdefghijklmn", 'i'),
                                 S("abcdefghijklmnopqrstuvwxyz0123456789", 'i'), S("b", 'i'),
                                 END_SPEC};
    pl_json_field *fields = make_fields(longs);
    assert_non_null(fields[0].quoted);
    assert_int_equal(fields[0].quoted_len, 16);
    assert_null(fields[1].quoted);
    assert_null(fields[2].quoted);
    free_fields(fields);
    expect_trace("{\"abcdefghijklm\":1,\"abcdefghijklmn\":2,"
                 "\"abcdefghijklmnopqrstuvwxyz0123456789\":3,\"b\":4}",
                 longs,
                 "{0:abcdefghijklm@17 =1 1:abcdefghijklmn@36 =2 "
                 "2:abcdefghijklmnopqrstuvwxyz0123456789@77 =3 3:b@83 =4 }");
    expect_trace("{\"abcdefghijklmnopqrstuvwxyz0123456789\":3,\"abcdefghijklmn\":2,"
                 "\"abcdefghijklm\":1,\"abcdefghijklmno\":0,\"abcdefghijkl\":0,\"b\":4}",
                 longs,
                 "{2:abcdefghijklmnopqrstuvwxyz0123456789@40 =3 1:abcdefghijklmn@59 =2 "
                 "0:abcdefghijklm@77 =1 4:abcdefghijklmno@97 4:abcdefghijkl@114 3:b@120 =4 }");
    /* A longer key in the text that begins with a known one. */
    expect_trace("{\"abcdefghijklmX\":0,\"bb\":1,\"b\":2}", longs,
                 "{4:abcdefghijklmX@18 4:bb@25 3:b@31 =2 }");
}

/* Each key at every distance from the end of the text: the padding value grows one byte at a
 * time, so the fast paths (which want 17 bytes of text) give way to the careful ones at every
 * offset. */
static void keys_near_the_end(void **state)
{
    (void)state;
    static const char *const shapes[] = {
        "{\"pad\":\"%s\",\"x\":1,\"y\":2}", "{\"pad\":\"%s\",\"y\":2}",
        "{\"pad\":\"%s\",\"y\":2,\"x\":1}", "{\"pad\":\"%s\",\"unknown\":2}",
        "{\"pad\":\"%s\",\"x\":{}}",        "{\"pad\":\"%s\"}",
        "{\"pad\":\"%s\", \"x\" : 1 }",     "{\"pad\":\"%s\",\"abcdefghijklm\":1}",
        "{\"pad\":\"%s\",\"x\":1,\"y\"",    "{\"pad\":\"%s\",\"x\":1,\"y\":",
        "{\"pad\":\"%s\",\"x\":1,",         "{\"pad\":\"%s\",\"x\":1",
        "{\"pad\":\"%s\",\"x\":1,}",        "{\"pad\":\"%s\",\"x\"}",
    };
    static const spec padded[] = {S("pad", 's'), S("x", '-'), S("y", 'i'), S("abcdefghijklm", 'i'),
                                  END_SPEC};
    char pad[48], text[128];
    for (size_t shape = 0; shape < sizeof shapes / sizeof *shapes; shape++) {
        for (size_t n = 0; n < sizeof pad; n++) {
            memset(pad, 'p', n);
            pad[n] = '\0';
            int len = snprintf(text, sizeof text, shapes[shape], pad);
            assert_true(len > 0 && (size_t)len < sizeof text);
            outcome out;
            agree_len(text, (size_t)len, padded, &out);
            /* The first eight shapes are well-formed, the rest are not. */
            if (out.ok != (shape < 8))
                fail_msg("%s: %s", text, out.ok ? "read" : out.err.message);
        }
    }
}

static void duplicate_keys(void **state)
{
    (void)state;
    expect_trace("{\"x\":1,\"x\":2,\"y\":3,\"x\":4,\"y\":5,\"y\":6}", point,
                 "{0:x@5 =1 0:x@11 =2 1:y@17 =3 0:x@23 =4 1:y@29 =5 1:y@35 =6 }");
    expect_trace("{\"id\":1,\"id\":2,\"name\":\"n\",\"id\":3}", person,
                 "{0:id@6 =1 0:id@13 =2 1:name@22 =\"n\" 0:id@31 =3 }");
}

static void empty_object_and_end(void **state)
{
    (void)state;
    expect_trace("{}", point, "{}");
    expect_trace("{}", person, "{}");
    expect_trace("{\"inner\":{},\"id\":1}", person, "{4:inner@9 {}0:id@17 =1 }");
    /* After '}' the reader is past the object; asking again is an error like
     * pl_json_object_next's. */
    static const char text[] = "{\"x\":1,\"y\":2,\"z\":3,\"w\":4}   ";
    pl_json_field *fields = make_fields(point);
    for (int by_field = 0; by_field < 2; by_field++) {
        char *copy = exact_copy(text, sizeof text - 1);
        pl_error err;
        pl_json_reader r;
        pl_json_reader_init(&r, copy, sizeof text - 1, NULL, &err);
        assert_true(pl_json_object_begin(&r));
        const char *key;
        size_t key_len;
        int found = 0, field;
        while ((field = pl_json_object_next_field(&r, fields)) >= 0) {
            found++;
            assert_true(pl_json_skip(&r));
        }
        assert_int_equal(field, PL_JSON_FIELD_END);
        assert_int_equal(found, 4);
        assert_int_equal(r.depth, 0);
        assert_int_equal(r.pos, sizeof text - 4);
        pl_json_object_key(&r, &key, &key_len);
        assert_null(key);
        assert_int_equal(key_len, 0);
        if (by_field)
            assert_int_equal(pl_json_object_next_field(&r, fields), PL_JSON_FIELD_ERROR);
        else
            assert_int_equal(pl_json_object_next(&r, &key, &key_len), -1);
        assert_int_equal(err.kind, PL_ERROR_SYNTAX);
        assert_string_equal(err.message, "pl_json_object_next called outside an object");
        assert_int_equal(err.offset, sizeof text - 4);
        free(copy);
    }
    free_fields(fields);
}

/* ---- errors ---- */

static void malformed_objects(void **state)
{
    (void)state;
    expect_failure("{\"x\" 1,\"y\":2,\"padding\":0}", point, PL_ERROR_SYNTAX, "", 5);
    expect_failure("{\"x\"1,\"y\":2,\"padding\":0}", point, PL_ERROR_SYNTAX, "", 4);
    expect_failure("{\"x\":1,\"y\" 2,\"padding\":0}", point, PL_ERROR_SYNTAX, "", 11);
    expect_failure("{\"x\":1,\"y\":2,}", point, PL_ERROR_SYNTAX, "", 13);
    expect_failure("{\"x\":1,\"y\":2,            }", point, PL_ERROR_SYNTAX, "", 25);
    expect_failure("{\"x\":1,}", point, PL_ERROR_SYNTAX, "", 7);
    expect_failure("{x:1,\"y\":2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 1);
    expect_failure("{\"x\":1,y:2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 7);
    expect_failure("{\"x\":1,1:2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 7);
    expect_failure("{1:2}", point, PL_ERROR_SYNTAX, "", 1);
    expect_failure("{,\"x\":1,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 1);
    expect_failure("{\"x\":1 \"y\":2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 7);
    expect_failure("{\"x\":1\"y\":2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 6);
    expect_failure("{\"x\":1,,\"y\":2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 7);
    expect_failure("{\"x\":1,\"y\"::2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 11);
    expect_failure("{\"x\":1]                  ", point, PL_ERROR_SYNTAX, "", 6);
    /* Bad keys: an invalid escape, a raw control character, a lone surrogate, bad UTF-8. */
    expect_failure("{\"x\":1,\"\\q\":2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 8);
    expect_failure("{\"x\":1,\"a\nb\":2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 9);
    expect_failure("{\"x\":1,\"\\ud800\":2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 8);
    expect_failure("{\"x\":1,\"\xC3\":2,\"padding_padding\":0}", point, PL_ERROR_SYNTAX, "", 8);
    /* Value errors carry the path of keys found by field, at every level. */
    expect_failure("{\"x\":\"one\",\"y\":2,\"padding_padding\":0}", point, PL_ERROR_TYPE, "/x", 5);
    expect_failure("{\"x\":1,\"y\":null,\"padding_padding\":0}", point, PL_ERROR_NULL, "/y", 11);
    expect_failure("{\"id\":1,\"inner\":{\"a\":1,\"p\":{\"x\":1,\"y\":true},\"b\":\"b\"}}", person,
                   PL_ERROR_TYPE, "/inner/p/y", 38);
    expect_failure("{\"inner\":{\"p\":{\"y\":1,\"x\":1.5}}}", person, PL_ERROR_RANGE, "/inner/p/x",
                   25);
    expect_failure("{\"inner\":{\"p\":{\"\\u0079\":[]}}}", person, PL_ERROR_TYPE, "/inner/p/y", 24);
    expect_failure("{\"abcdefghijklmnopqrstuvwxyz\":1,\"a_much_longer_key_than_that\":2}", person,
                   PL_ERROR_TYPE, "/a_much_longer_key_than_that", 62);
    expect_failure("{\"q\\\"uote\":\"\"}", person, PL_ERROR_TYPE, "/q\"uote", 11);
}

/* Every prefix of well-formed objects, compact and not, is an error, the same either way. */
static void truncated_at_every_length(void **state)
{
    (void)state;
    static const char *const texts[] = {
        ("{\"id\":1,\"name\":\"n\",\"inner\":{\"a\":1,\"p\":{\"x\":1,\"y\":2},\"b\":\"b\"},"
         "\"thirteen_char\":13,\"fourteen_chars\":14,\"\":0}"),
        "{ \"id\" : 1 , \"inner\" : { \"p\" : { \"y\" : 2 } } , \"n\\u0061me\" : \"n\" }",
        "{\"flag\":true,\"id\":1,\"zz\":[{\"a\":1}],\"inner\":{\"b\":\"\\\"\",\"a\":-1}}",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        size_t len = strlen(texts[t]);
        outcome out;
        agree_len(texts[t], len, person, &out);
        assert_true(out.ok);
        for (size_t n = 0; n < len; n++) {
            agree_len(texts[t], n, person, &out);
            if (out.ok)
                fail_msg("%.*s: read without error", (int)n, texts[t]);
            assert_true(out.err.offset <= n);
        }
    }
}

/* After an error every call fails and the first error stays. */
static void errors_stick(void **state)
{
    (void)state;
    static const char text[] = "{\"x\":1,\"y\":\"two\",\"z\":3,\"w\":4}";
    pl_json_field *fields = make_fields(point);
    char *copy = exact_copy(text, sizeof text - 1);
    pl_error err;
    pl_json_reader r;
    pl_json_reader_init(&r, copy, sizeof text - 1, NULL, &err);
    assert_true(pl_json_object_begin(&r));
    assert_int_equal(pl_json_object_next_field(&r, fields), 0);
    assert_true(pl_json_skip(&r));
    assert_int_equal(pl_json_object_next_field(&r, fields), 1);
    int64_t v;
    assert_false(pl_json_read_int64(&r, &v));
    pl_error first = err;
    assert_int_equal(pl_json_object_next_field(&r, fields), PL_JSON_FIELD_ERROR);
    assert_int_equal(pl_json_object_next_field(&r, fields), PL_JSON_FIELD_ERROR);
    expect_same_error(&err, &first, text);
    assert_string_equal(err.path, "/y");
    free(copy);
    free_fields(fields);
}

/* ---- outside an object ---- */

static void outside_an_object(void **state)
{
    (void)state;
    static const char text[] = "[1,{\"x\":1},2,3,4,5,6,7,8,9,10,11,12]";
    char *copy = exact_copy(text, sizeof text - 1);
    pl_error err;
    pl_json_reader r;
    const char *key = "not cleared";
    size_t key_len = 99;
    pl_json_reader_init(&r, copy, sizeof text - 1, NULL, &err);
    pl_json_object_key(&r, &key, &key_len); /* nothing open */
    assert_null(key);
    assert_int_equal(key_len, 0);
    assert_true(pl_json_array_begin(&r));
    pl_json_object_key(&r, &key, &key_len); /* in an array */
    assert_null(key);
    assert_int_equal(key_len, 0);
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_skip(&r));
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_object_begin(&r));
    pl_json_object_key(&r, &key, &key_len); /* before the first member */
    assert_null(key);
    pl_json_field *fields = make_fields(point);
    assert_int_equal(pl_json_object_next_field(&r, fields), 0);
    pl_json_object_key(&r, &key, &key_len);
    assert_int_equal(key_len, 1);
    assert_memory_equal(key, "x", 1);
    assert_true(pl_json_skip(&r));
    assert_int_equal(pl_json_object_next_field(&r, fields), PL_JSON_FIELD_END);
    pl_json_object_key(&r, &key, &key_len); /* back in the array */
    assert_null(key);
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_skip(&r));
    assert_false(pl_json_reader_failed(&r));
    pl_json_reader_finish(&r);
    free(copy);
    free_fields(fields);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(members_in_order),
        cmocka_unit_test(members_out_of_order),
        cmocka_unit_test(unknown_keys_give_the_count),
        cmocka_unit_test(absent_fields_are_skipped),
        cmocka_unit_test(whitespace_around_keys),
        cmocka_unit_test(escaped_keys),
        cmocka_unit_test(long_keys),
        cmocka_unit_test(keys_near_the_end),
        cmocka_unit_test(duplicate_keys),
        cmocka_unit_test(empty_object_and_end),
        cmocka_unit_test(malformed_objects),
        cmocka_unit_test(truncated_at_every_length),
        cmocka_unit_test(errors_stick),
        cmocka_unit_test(outside_an_object),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
