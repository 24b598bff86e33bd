/* The .c file of a package: for every type a reader (straight from libpayload's pull reader
 * into the struct), a writer (canonical JSON) and a validator, plus static helpers for the list
 * and map types it uses. Decoders are generated code rather than tables over a generic decoder:
 * docs/c.md, "Generated decoders or tables", has the measurements behind that choice. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "c_internal.h"
#include "c_source.h"

/* ---- helpers requested while generating ---- */

static const char *const helper_prefix[] = {"read", "write", "validate"};

const char *c_helper(source_state *s, helper_kind kind, const c_composite *c)
{
    uint32_t slot = c->id * 3 + (uint32_t)kind;
    if (slot < s->requested_cap && !s->requested[slot]) {
        s->requested[slot] = true;
        s->queue[s->queue_len++] = slot;
    }
    return c_fmt(s->g, "%s_%s", helper_prefix[kind], c->name);
}

uint32_t c_pattern_index(source_state *s, const pc_value *pattern)
{
    for (uint32_t i = 0; i < s->pattern_count; i++) {
        if (pc_str_eq(s->patterns[i]->as.string, pattern->as.string))
            return i;
    }
    if (s->pattern_count == s->pattern_cap) {
        uint32_t cap = s->pattern_cap ? s->pattern_cap * 2 : 8;
        const pc_value **grown = realloc(s->patterns, cap * sizeof *grown);
        if (!grown) {
            s->g->failed = true;
            return 0;
        }
        s->patterns = grown;
        s->pattern_cap = cap;
    }
    s->patterns[s->pattern_count] = pattern;
    return s->pattern_count++;
}

/* ---- reading ---- */

bool c_read_uses_arena(const pc_type *t)
{
    switch (t->kind) {
    case PC_TYPE_PRIMITIVE:
        return false;
    case PC_TYPE_NULLABLE:
        return c_read_uses_arena(t->as.element);
    default:
        return true;
    }
}

/* A boolean C expression that reads one value of t (no flagged `?`) into the lvalue lv. */
void c_read_line(source_state *s, pc_writer *w, const char *before, const pc_type *t,
                 const char *lv, const char *after)
{
    c_gen *g = s->g;
    while (t->kind == PC_TYPE_NULLABLE)
        t = t->as.element;
    c_lvalue v = c_lvalue_of(lv);
    const char *reader = NULL; /* pl_json_read_X(r, &x) */
    const char *span = NULL;   /* pl_json_read_X(r, &x.data, &x.len) */
    switch (t->kind) {
    case PC_TYPE_PRIMITIVE:
        switch (t->as.primitive) {
        case PC_PRIM_BOOL:
            reader = "pl_json_read_bool";
            break;
        case PC_PRIM_INT32:
            reader = "pl_json_read_int32";
            break;
        case PC_PRIM_INT64:
            reader = "pl_json_read_int64";
            break;
        case PC_PRIM_FLOAT64:
            reader = "pl_json_read_float64";
            break;
        case PC_PRIM_STRING:
            span = "pl_json_read_string";
            break;
        case PC_PRIM_BYTES:
            s->need_bytes = true;
            reader = "read_pl_bytes";
            break;
        case PC_PRIM_DATE:
            reader = "pl_json_read_date";
            break;
        case PC_PRIM_DATETIME:
            reader = "pl_json_read_datetime";
            break;
        case PC_PRIM_UUID:
            reader = "pl_json_read_uuid";
            break;
        case PC_PRIM_DECIMAL:
            span = "pl_json_read_decimal";
            break;
        case PC_PRIM_JSON:
            span = "pl_json_read_json";
            break;
        case PC_PRIM_COUNT:
            break;
        }
        break;
    case PC_TYPE_NAMED:
        pc_line(w, "%s%s_read(r, arena, %s%.*s)%s", before, c_info(g, t->as.decl)->name, v.amp,
                v.len, v.text, after);
        return;
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        pc_line(w, "%s%s(r, arena, %s%.*s)%s", before,
                c_helper(s, HELPER_READ, c_composite_of(g, t)), v.amp, v.len, v.text, after);
        return;
    case PC_TYPE_NULLABLE:
    case PC_TYPE_UNRESOLVED:
        break;
    }
    if (reader)
        pc_line(w, "%s%s(r, %s%.*s)%s", before, reader, v.amp, v.len, v.text, after);
    else if (span)
        pc_line(w, "%s%s(r, &%.*s%sdata, &%.*s%slen)%s", before, span, v.len, v.text, v.arrow,
                v.len, v.text, v.arrow, after);
    else
        pc_line(w, "%sfalse%s", before, after);
}

/* ---- default values ---- */

static const char *int_literal(c_gen *g, int64_t v, bool is64)
{
    if (is64) {
        if (v == INT64_MIN)
            return "INT64_MIN";
        return c_fmt(g, "INT64_C(%" PRId64 ")", v);
    }
    if (v == INT32_MIN)
        return "INT32_MIN";
    return c_fmt(g, "%" PRId64, v);
}

static const char *float_literal(c_gen *g, double v)
{
    char digits[PL_JSON_FLOAT64_MAX];
    size_t n = pl_json_format_float64(v, digits);
    if (!n)
        return "0.0";
    bool plain = !strpbrk(digits, ".e");
    return c_fmt(g, "%s%s", digits, plain ? ".0" : "");
}

/* The JSON text of a literal used as a `json` default. */
static const char *json_literal_text(c_gen *g, const pc_value *v)
{
    switch (v->kind) {
    case PC_VALUE_STRING:
        return c_json_string(g, v->as.string.ptr, v->as.string.len);
    case PC_VALUE_INT:
    case PC_VALUE_FLOAT:
        return c_strn(g, v->raw);
    case PC_VALUE_TRUE:
        return "true";
    case PC_VALUE_FALSE:
        return "false";
    case PC_VALUE_NULL:
        return "null";
    case PC_VALUE_EMPTY_LIST:
        return "[]";
    case PC_VALUE_EMPTY_MAP:
        return "{}";
    case PC_VALUE_NAME:
        break;
    }
    return "null";
}

static const char *text_value(c_gen *g, const char *bytes, size_t len)
{
    return c_fmt(g, "(pl_string){%s, %zu}", c_literal(g, bytes, len), len);
}

/* Statements that store the default v into lv, of type t. */
static void emit_default(source_state *s, pc_writer *w, const pc_type *t, const char *lv,
                         const pc_value *v)
{
    c_gen *g = s->g;
    bool flag;
    const pc_type *value = c_strip_nullable(t, &flag);
    if (value != t) {
        /* T?: null is the flag (set by the caller) or the wrapper; anything else is T's. */
        if (v->kind == PC_VALUE_NULL && flag)
            return;
        emit_default(s, w, value, lv, v);
        return;
    }
    switch (t->kind) {
    case PC_TYPE_NAMED: {
        const pc_decl *d = t->as.decl;
        c_decl *info = c_info(g, d);
        if (d->kind == PC_DECL_ENUM) {
            const pc_member *m = v->member;
            for (uint32_t i = 0; i < d->as.enum_.member_count; i++) {
                if (d->as.enum_.members[i] == m) {
                    pc_line(w, "%s%s = %s;", lv, d->as.enum_.open ? ".value" : "",
                            info->member_consts[i]);
                    return;
                }
            }
            return;
        }
        if (d->kind != PC_DECL_ALIAS)
            return;
        if (!info->wrapper) {
            emit_default(s, w, d->as.alias.target, lv, v);
            return;
        }
        if (v->kind == PC_VALUE_NULL) {
            pc_line(w, "%s.is_null = true;", lv);
            return;
        }
        const pc_type *inner = d->as.alias.target->as.element;
        if (info->wrapper_pointer) {
            pc_line(w, "if (!(%s.value = pl_arena_alloc(arena, sizeof *%s.value)))", lv, lv);
            c_text(w, "    return pl_json_fail(r, PL_ERROR_MEMORY, \"out of memory\");");
            emit_default(s, w, inner, c_fmt(g, "(*%s.value)", lv), v);
        } else {
            emit_default(s, w, inner, c_fmt(g, "%s.value", lv), v);
        }
        return;
    }
    case PC_TYPE_PRIMITIVE:
        break;
    default:
        return; /* [] and {}: the zeroed list or map */
    }
    switch (t->as.primitive) {
    case PC_PRIM_BOOL:
        pc_line(w, "%s = %s;", lv, v->kind == PC_VALUE_TRUE ? "true" : "false");
        break;
    case PC_PRIM_INT32:
    case PC_PRIM_INT64:
        pc_line(w, "%s = %s;", lv,
                int_literal(g, v->as.integer.value, t->as.primitive == PC_PRIM_INT64));
        break;
    case PC_PRIM_FLOAT64:
        pc_line(w, "%s = %s;", lv, float_literal(g, pc_value_number(v)));
        break;
    case PC_PRIM_STRING:
    case PC_PRIM_DECIMAL:
        pc_line(w, "%s = %s;", lv, text_value(g, v->as.string.ptr, v->as.string.len));
        break;
    case PC_PRIM_JSON: {
        const char *json = json_literal_text(g, v);
        pc_line(w, "%s = %s;", lv, text_value(g, json, strlen(json)));
        break;
    }
    case PC_PRIM_BYTES: {
        uint8_t *bytes = NULL;
        size_t len = 0;
        if (!pl_base64_decode(v->as.string.ptr, v->as.string.len, g->arena, &bytes, &len)) {
            g->failed = true;
            break;
        }
        if (len)
            pc_line(w, "%s = (pl_bytes){(const uint8_t *)%s, %zu};", lv,
                    c_literal(g, (const char *)bytes, len), len);
        break;
    }
    case PC_PRIM_DATE: {
        pl_date d;
        if (pl_date_parse(v->as.string.ptr, v->as.string.len, &d))
            pc_line(w, "%s = (pl_date){%d, %u, %u};", lv, (int)d.year, (unsigned)d.month,
                    (unsigned)d.day);
        break;
    }
    case PC_PRIM_DATETIME: {
        pl_datetime d;
        if (pl_datetime_parse(v->as.string.ptr, v->as.string.len, &d))
            pc_line(w,
                    "%s = (pl_datetime){%d, %u, %u, %u, %u, %u, %u, %" PRIu32 ", %d}; /* %.*s */",
                    lv, (int)d.year, (unsigned)d.month, (unsigned)d.day, (unsigned)d.hour,
                    (unsigned)d.minute, (unsigned)d.second, (unsigned)d.fraction_digits,
                    d.nanosecond, (int)d.offset_minutes, (int)v->as.string.len, v->as.string.ptr);
        break;
    }
    case PC_PRIM_UUID: {
        pl_uuid u;
        if (pl_uuid_parse(v->as.string.ptr, v->as.string.len, &u)) {
            pc_write(w, "%s = (pl_uuid){{", lv);
            for (int i = 0; i < 16; i++)
                pc_write(w, "%s0x%02x", i ? ", " : "", u.bytes[i]);
            pc_write(w, "}};");
            pc_newline(w);
        }
        break;
    }
    case PC_PRIM_COUNT:
        break;
    }
}

/* ---- structs ---- */

static const char *seen_word(const c_decl *info, uint32_t bit)
{
    static const char *const names[] = {"seen0", "seen1", "seen2", "seen3",
                                        "seen4", "seen5", "seen6", "seen7"};
    if (info->required_count <= 64)
        return "seen";
    return names[(bit / 64) % 8];
}

/* Whether the key written after field f's value can be taken by pl_json_object_next_is: its JSON
 * text has no escapes, so matching it byte for byte is matching the key. */
static bool inline_next_key(const c_field *f)
{
    return f->key_length == f->field->wire.len + 4;
}

/* After field i's value: take the next declared field's key (or the closing '}' after the last
 * field) inline when it comes next, as encoders write it; else back to the loop. */
static void emit_field_next(pc_writer *w, const c_decl *info, uint32_t i, uint32_t n)
{
    if (i + 1 == n) {
        c_text(w, "if (pl_json_object_end_is(r))");
        c_text(w, "    goto members_end;");
    } else {
        const c_field *next = &info->fields[i + 1];
        if (inline_next_key(next)) {
            pc_line(w, "if (pl_json_object_next_is(r, %s, %zu, %u))", next->key_literal,
                    next->key_length, i + 1);
            pc_line(w, "    goto field_%u;", i + 1);
        }
    }
    c_text(w, "continue;");
}

/* The statements that read one field whose key has just been read. */
static void emit_field_read(source_state *s, pc_writer *w, const c_decl *info, uint32_t i,
                            uint32_t n)
{
    const c_field *f = &info->fields[i];
    c_gen *g = s->g;
    if (f->has)
        pc_line(w, "out->%s = true;", f->has);
    if (f->is_null) {
        pc_open(w, "if (pl_json_read_if_null(r)) {");
        pc_line(w, "out->%s = true;", f->is_null);
        if (f->required)
            pc_line(w, "%s |= UINT64_C(1) << %u;", seen_word(info, f->seen_bit), f->seen_bit % 64);
        emit_field_next(w, info, i, n);
        pc_close(w, "}");
        c_text(w, "if (pl_json_reader_failed(r))");
        c_text(w, "    return false;");
        pc_line(w, "out->%s = false;", f->is_null);
    }
    const char *lv = c_fmt(g, "out->%s", f->member);
    if (f->pointer) {
        pc_line(w, "if (!(%s = pl_arena_alloc(arena, sizeof *%s)))", lv, lv);
        c_text(w, "    return pl_json_fail(r, PL_ERROR_MEMORY, \"out of memory\");");
        lv = c_fmt(g, "(*out->%s)", f->member);
    }
    c_read_line(s, w, "if (!", f->value, lv, ")");
    c_text(w, "    return false;");
    if (f->required)
        pc_line(w, "%s |= UINT64_C(1) << %u;", seen_word(info, f->seen_bit), f->seen_bit % 64);
    emit_field_next(w, info, i, n);
}

/* The C literal of a key as JSON text, "\"id\":", NUL-padded to 16 bytes with the literal's own
 * NUL (pl_json_field); NULL for a key that the reader would not match as text: longer than 13
 * bytes, or not printable ASCII without '"' and '\\' (it is then looked up). */
static const char *quoted_key_literal(c_gen *g, const char *key, size_t len)
{
    if (len > 13)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
            return NULL;
    }
    /* 15 bytes and the literal's NUL, or all 16 for a key of 13 bytes. */
    char text[16] = {0};
    text[0] = '"';
    memcpy(text + 1, key, len);
    text[len + 1] = '"';
    text[len + 2] = ':';
    return c_literal(g, text, len + 3 > 15 ? 16 : 15);
}

static void emit_struct_read(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    pc_writer *w = s->body;
    uint32_t n = d->as.struct_.field_count;
    const char *t = info->name;

    pc_blank(w);
    c_wrap_linef(w,
                 "bool %s_read_members(pl_json_reader *r, pl_arena *arena, %s *out, "
                 "const char *tag_key, size_t tag_key_len, const char *tag, "
                 "size_t tag_len, bool *retag)",
                 t, t);
    pc_open(w, "{");
    c_text(w, "const char *key;");
    c_text(w, "size_t key_len;");
    uint32_t words = (info->required_count + 63) / 64;
    if (words == 1)
        c_text(w, "uint64_t seen = 0;");
    for (uint32_t i = 0; words > 1 && i < words; i++)
        pc_line(w, "uint64_t seen%u = 0;", i);
    bool uses_arena = false;
    for (uint32_t i = 0; i < n; i++) {
        const c_field *f = &info->fields[i];
        if (f->pointer || c_read_uses_arena(f->value))
            uses_arena = true;
    }
    if (!uses_arena)
        c_text(w, "(void)arena;");
    c_text(w, "memset(out, 0, sizeof *out);");
    for (uint32_t i = 0; i < n; i++) {
        const c_field *f = &info->fields[i];
        const pc_value *v = f->field->default_value;
        if (!v)
            continue;
        if (f->is_null && v->kind == PC_VALUE_NULL) {
            pc_line(w, "out->%s = true;", f->is_null);
            continue;
        }
        const char *lv = c_fmt(g, "out->%s", f->member);
        if (f->pointer) {
            pc_line(w, "if (!(%s = pl_arena_alloc(arena, sizeof *%s)))", lv, lv);
            c_text(w, "    return pl_json_fail(r, PL_ERROR_MEMORY, \"out of memory\");");
            lv = c_fmt(g, "(*out->%s)", f->member);
        }
        emit_default(s, w, f->value, lv, v);
    }
    if (n) {
        /* The keys for pl_json_object_next_field, in field order, and a switch on the index. */
        pc_open(w, "static const pl_json_field fields[] = {");
        for (uint32_t i = 0; i < n; i++) {
            const c_field *f = &info->fields[i];
            const pc_str wire = f->field->wire;
            const char *quoted = quoted_key_literal(g, wire.ptr, wire.len);
            c_wrap_linef(w, "{%s, %s, %u, %u},", f->wire_literal, quoted ? quoted : "NULL",
                         (unsigned)wire.len, quoted ? (unsigned)wire.len + 3 : 0u);
        }
        c_text(w, "{NULL, NULL, 0, 0},");
        pc_close(w, "};");
        c_text(w, "int field;");
        const c_field *first = &info->fields[0];
        if (inline_next_key(first)) {
            pc_line(w, "if (pl_json_object_first_is(r, %s, %zu, 0))", first->key_literal,
                    first->key_length);
            c_text(w, "    goto field_0;");
        }
        pc_open(w, "while ((field = pl_json_object_next_field(r, fields)) >= 0) {");
        c_text(w, "switch (field) {");
        for (uint32_t i = 0; i < n; i++) {
            const c_field *f = &info->fields[i];
            if (strstr(f->wire_literal, "*/"))
                pc_line(w, "case %u:", i);
            else
                pc_line(w, "case %u: /* %s */", i, f->wire_literal);
            /* The target of the inline key before (the previous field's, or the first one's). */
            if (inline_next_key(f))
                pc_line(w, "field_%u:", i);
            pc_indent(w);
            emit_field_read(s, w, info, i, n);
            pc_dedent(w);
        }
        c_text(w, "default:");
        c_text(w, "    break;");
        c_text(w, "}");
    } else {
        c_text(w, "int more;");
        pc_open(w, "while ((more = pl_json_object_next(r, &key, &key_len)) > 0) {");
    }
    c_text(w, "/* Unknown keys are skipped; the discriminator of a union this struct is read as a");
    c_text(w, " * variant of must name the same variant again if repeated. */");
    if (n)
        c_text(w, "pl_json_object_key(r, &key, &key_len);");
    c_text(w,
           "if (!pl_json_skip_member(r, key, key_len, tag_key, tag_key_len, tag, tag_len, retag))");
    c_text(w, "    return false;");
    pc_close(w, "}");
    if (n) {
        c_text(w, "if (field != PL_JSON_FIELD_END)");
    } else {
        c_text(w, "if (more < 0)");
    }
    c_text(w, "    return false;");
    if (n)
        c_text(w, "members_end:");
    if (words) {
        pc_write(w, "if (");
        for (uint32_t word = 0; word < words; word++) {
            uint32_t first = word * 64;
            uint32_t count = info->required_count - first < 64 ? info->required_count - first : 64;
            uint64_t all = count == 64 ? UINT64_MAX : ((UINT64_C(1) << count) - 1);
            pc_write(w, "%s%s != UINT64_C(0x%" PRIx64 ")", word ? " || " : "",
                     seen_word(info, first), all);
        }
        pc_write(w, ") {");
        pc_newline(w);
        pc_indent(w);
        pc_open(w, "static const pl_string required[] = {");
        for (uint32_t i = 0; i < n; i++) {
            const c_field *f = &info->fields[i];
            if (f->required)
                pc_line(w, "{%s, %u},", f->wire_literal, f->field->wire.len);
        }
        pc_close(w, "};");
        if (words == 1) {
            pc_line(w, "return pl_json_fail_missing(r, required, %u, &seen);",
                    info->required_count);
        } else {
            pc_write(w, "const uint64_t all_seen[] = {");
            for (uint32_t word = 0; word < words; word++)
                pc_write(w, "%sseen%u", word ? ", " : "", word);
            pc_write(w, "};");
            pc_newline(w);
            pc_line(w, "return pl_json_fail_missing(r, required, %u, all_seen);",
                    info->required_count);
        }
        pc_close(w, "}");
    }
    c_text(w, "return true;");
    pc_close(w, "}");

    pc_blank(w);
    c_wrap_linef(w, "bool %s_read(pl_json_reader *r, pl_arena *arena, %s *out)", t, t);
    pc_open(w, "{");
    c_text(w, "return pl_json_object_begin(r) &&");
    pc_line(w, "       %s_read_members(r, arena, out, NULL, 0, NULL, 0, NULL);", t);
    pc_close(w, "}");
}

/* ---- enums ---- */

static void emit_enum_functions(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    pc_writer *w = s->body;
    uint32_t n = d->as.enum_.member_count;
    bool open = d->as.enum_.open;
    const char *t = info->name;

    pc_blank(w);
    c_wrap_linef(w, "const char *%s_to_string(%s value)", t, info->enum_type);
    pc_open(w, "{");
    c_text(w, "switch (value) {");
    for (uint32_t i = 0; i < n; i++) {
        const pc_member *m = d->as.enum_.members[i];
        pc_line(w, "case %s:", info->member_consts[i]);
        pc_line(w, "    return %s;", c_literal(g, m->wire.ptr, m->wire.len));
    }
    if (open) {
        pc_line(w, "case %s:", info->unknown_const);
        c_text(w, "    break;");
    }
    c_text(w, "}");
    c_text(w, "return NULL;");
    pc_close(w, "}");

    /* Members sorted by wire length for the switch. */
    uint32_t *order = calloc(n ? n : 1, sizeof *order);
    if (!order) {
        g->failed = true;
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        order[i] = i;
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = order[i], j = i;
        while (j > 0 &&
               d->as.enum_.members[order[j - 1]]->wire.len > d->as.enum_.members[x]->wire.len) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
    pc_blank(w);
    c_wrap_linef(w, "bool %s_from_string(const char *text, size_t len, %s *out)", t,
                 info->enum_type);
    pc_open(w, "{");
    c_text(w, "switch (len) {");
    for (uint32_t i = 0; i < n;) {
        uint32_t len = d->as.enum_.members[order[i]]->wire.len;
        pc_line(w, "case %u:", len);
        pc_indent(w);
        for (; i < n && d->as.enum_.members[order[i]]->wire.len == len; i++) {
            const pc_member *m = d->as.enum_.members[order[i]];
            pc_open(w, "if (memcmp(text, %s, %u) == 0) {", c_literal(g, m->wire.ptr, m->wire.len),
                    len);
            pc_line(w, "*out = %s;", info->member_consts[order[i]]);
            c_text(w, "return true;");
            pc_close(w, "}");
        }
        c_text(w, "break;");
        pc_dedent(w);
    }
    c_text(w, "default:");
    c_text(w, "    break;");
    c_text(w, "}");
    c_text(w, "return false;");
    pc_close(w, "}");
    free(order);

    const char *label = c_literal(g, d->name.ptr, d->name.len);
    pc_blank(w);
    c_wrap_linef(w, "bool %s_read(pl_json_reader *r, pl_arena *arena, %s *out)", t, t);
    pc_open(w, "{");
    c_text(w, "const char *text;");
    c_text(w, "size_t len;");
    if (!open)
        c_text(w, "(void)arena;");
    c_text(w, "if (!pl_json_read_string_view(r, &text, &len))");
    c_text(w, "    return false;");
    if (open) {
        pc_open(w, "if (%s_from_string(text, len, &out->value)) {", t);
        c_text(w, "out->raw.data = NULL;");
        c_text(w, "out->raw.len = 0;");
        c_text(w, "return true;");
        pc_close(w, "}");
        c_text(w, "/* Open: keep the value this version does not know. */");
        pc_line(w, "out->value = %s;", info->unknown_const);
        c_text(w, "if (!(out->raw.data = pl_arena_strdup(arena, text, len)))");
        c_text(w, "    return pl_json_fail(r, PL_ERROR_MEMORY, \"out of memory\");");
        c_text(w, "out->raw.len = len;");
        c_text(w, "return true;");
    } else {
        pc_line(w, "if (%s_from_string(text, len, out))", t);
        c_text(w, "    return true;");
        c_text(w, "return pl_json_fail(r, PL_ERROR_ENUM, \"\\\"%.*s\\\" is not a member of %s\",");
        pc_line(w, "                    (int)(len < 64 ? len : 64), text, %s);", label);
    }
    pc_close(w, "}");
}

/* ---- unions ---- */

static void emit_union_read(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    pc_writer *w = s->body;
    uint32_t n = d->as.union_.variant_count;
    const char *t = info->name;
    pc_str disc = d->as.union_.discriminator;
    const char *disc_lit = c_literal(g, disc.ptr, disc.len);
    const char *disc_json = c_json_string(g, disc.ptr, disc.len);
    const char *label = c_literal(g, d->name.ptr, d->name.len);

    pc_blank(w);
    c_text(w,
           "/* Reads the variant named by tag: the object is already begun (its members after the");
    c_text(w, " * tag follow) or, when begun is false, still to be read whole. */");
    c_wrap_linef(w,
                 "static bool %s_read_variant(pl_json_reader *r, pl_arena *arena, "
                 "%s *out, const char *tag, size_t tag_len, bool begun, bool *retag)",
                 t, t);
    pc_open(w, "{");
    uint32_t *order = calloc(n ? n : 1, sizeof *order);
    if (!order) {
        g->failed = true;
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        order[i] = i;
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = order[i], j = i;
        while (j > 0 &&
               d->as.union_.variants[order[j - 1]]->wire.len > d->as.union_.variants[x]->wire.len) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
    c_text(w, "switch (tag_len) {");
    for (uint32_t i = 0; i < n;) {
        uint32_t len = d->as.union_.variants[order[i]]->wire.len;
        pc_line(w, "case %u:", len);
        pc_indent(w);
        for (; i < n && d->as.union_.variants[order[i]]->wire.len == len; i++) {
            uint32_t k = order[i];
            const pc_variant *v = d->as.union_.variants[k];
            const char *vt = c_info(g, v->target->as.decl)->name;
            const char *member = info->variant_members[k];
            pc_open(w, "if (memcmp(tag, %s, %u) == 0) {", c_literal(g, v->wire.ptr, v->wire.len),
                    len);
            pc_line(w, "out->tag = %s;", info->variant_consts[k]);
            const char *lv = c_fmt(g, "&out->%s", member);
            if (info->variant_pointer[k]) {
                pc_line(w, "if (!(out->%s = pl_arena_alloc(arena, sizeof *out->%s)))", member,
                        member);
                c_text(w, "    return pl_json_fail(r, PL_ERROR_MEMORY, \"out of memory\");");
                lv = c_fmt(g, "out->%s", member);
            }
            pc_line(w, "return begun ? %s_read_members(r, arena, %s, %s, %u, tag, tag_len, retag)",
                    vt, lv, disc_lit, disc.len);
            pc_line(w, "             : %s_read(r, arena, %s);", vt, lv);
            pc_close(w, "}");
        }
        c_text(w, "break;");
        pc_dedent(w);
    }
    c_text(w, "default:");
    c_text(w, "    break;");
    c_text(w, "}");
    free(order);
    if (d->as.union_.open) {
        c_text(w, "/* Open: keep the whole object of a tag this version does not know. */");
        pc_open(w, "if (begun) {");
        c_text(w, "*retag = true; /* read it again from its start */");
        c_text(w, "return false;");
        pc_close(w, "}");
        pc_line(w, "out->tag = %s;", info->unknown_const);
        c_text(w, "return pl_json_read_raw(r, &out->raw.data, &out->raw.len);");
    } else {
        c_text(w, "/* Begun: the reader stands on the tag, so the error is at its path. */");
        c_text(w, "if (begun)");
        c_text(w,
               "    return pl_json_fail(r, PL_ERROR_TAG, \"\\\"%.*s\\\" is not a variant of %s\",");
        pc_line(w, "                        (int)(tag_len < 64 ? tag_len : 64), tag, %s);", label);
        c_text(w, "return pl_json_object_begin(r) &&");
        pc_line(w,
                "       pl_json_fail_key(r, %s, %u, PL_ERROR_TAG, \"\\\"%%.*s\\\" is not a variant "
                "of %%s\",",
                disc_lit, disc.len);
        pc_line(w, "                        (int)(tag_len < 64 ? tag_len : 64), tag, %s);", label);
    }
    pc_close(w, "}");

    pc_blank(w);
    c_wrap_linef(w, "bool %s_read(pl_json_reader *r, pl_arena *arena, %s *out)", t, t);
    pc_open(w, "{");
    c_text(w, "pl_json_mark mark = pl_json_mark_here(r);");
    c_text(w, "const char *tag;");
    c_text(w, "size_t tag_len;");
    c_text(w, "bool retag = false;");
    c_text(w, "memset(out, 0, sizeof *out);");
    c_text(w, "/* One pass when the tag comes first (as canonical JSON writes it). */");
    pc_line(w, "int found = pl_json_object_begin_tag(r, %s, %u, &tag, &tag_len);", disc_lit,
            disc.len);
    c_text(w, "if (found < 0)");
    c_text(w, "    return false;");
    pc_open(w, "if (found > 0) {");
    pc_line(w, "if (%s_read_variant(r, arena, out, tag, tag_len, true, &retag))", t);
    c_text(w, "    return true;");
    c_text(w, "if (!retag)");
    c_text(w, "    return false;");
    c_text(w, "memset(out, 0, sizeof *out);");
    pc_close(w, "}");
    c_text(w, "/* Otherwise find the tag first, then read the object from its start. */");
    c_text(w, "pl_json_rewind(r, mark);");
    pc_line(w, "found = pl_json_peek_tag(r, %s, %u, &tag, &tag_len);", disc_lit, disc.len);
    c_text(w, "if (found < 0)");
    c_text(w, "    return false;");
    c_text(w, "if (found == 0)");
    c_text(w, "    return pl_json_object_begin(r) &&");
    pc_line(w,
            "           pl_json_fail_key(r, %s, %u, PL_ERROR_TAG, \"missing the discriminator "
            "%%s\", %s);",
            disc_lit, disc.len, c_literal(g, disc_json, strlen(disc_json)));
    pc_line(w, "return %s_read_variant(r, arena, out, tag, tag_len, false, &retag);", t);
    pc_close(w, "}");
}

/* ---- aliases ---- */

static void emit_alias_read(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    c_decl *info = c_info(g, d);
    pc_writer *w = s->body;
    const char *t = info->name;
    pc_blank(w);
    c_wrap_linef(w, "bool %s_read(pl_json_reader *r, pl_arena *arena, %s *out)", t, t);
    pc_open(w, "{");
    if (info->wrapper) {
        const pc_type *inner = d->as.alias.target->as.element;
        pc_open(w, "if (pl_json_read_if_null(r)) {");
        c_text(w, "out->is_null = true;");
        if (info->wrapper_pointer)
            c_text(w, "out->value = NULL;");
        c_text(w, "return true;");
        pc_close(w, "}");
        c_text(w, "if (pl_json_reader_failed(r))");
        c_text(w, "    return false;");
        c_text(w, "out->is_null = false;");
        const char *lv = "out->value";
        if (info->wrapper_pointer) {
            c_text(w, "if (!(out->value = pl_arena_alloc(arena, sizeof *out->value)))");
            c_text(w, "    return pl_json_fail(r, PL_ERROR_MEMORY, \"out of memory\");");
            lv = "(*out->value)";
        } else if (!c_read_uses_arena(inner)) {
            c_text(w, "(void)arena;");
        }
        c_read_line(s, w, "return ", inner, lv, ";");
    } else {
        if (!c_read_uses_arena(d->as.alias.target))
            c_text(w, "(void)arena;");
        c_read_line(s, w, "return ", d->as.alias.target, "(*out)", ";");
    }
    pc_close(w, "}");
}

/* ---- composite helpers ---- */

static void emit_list_read(source_state *s, const c_composite *c)
{
    c_gen *g = s->g;
    pc_writer *w = s->helpers;
    const char *elem = c_ctype(g, c->element);
    pc_blank(w);
    c_wrap_linef(w, "static bool read_%s(pl_json_reader *r, pl_arena *arena, %s *out)", c->name,
                 c->name);
    pc_open(w, "{");
    c_text(w, "pl_list_builder items = PL_LIST_BUILDER_INIT;");
    if (c->nullable)
        c_text(w, "pl_list_builder nulls = PL_LIST_BUILDER_INIT;");
    c_text(w, "int more;");
    c_text(w, "if (!pl_json_array_begin(r))");
    c_text(w, "    return false;");
    pc_open(w, "while ((more = pl_json_array_next(r)) > 0) {");
    pc_line(w, "%s *item = pl_list_push(arena, &items, sizeof *item);", elem);
    if (c->nullable) {
        c_text(w, "bool *is_null = pl_list_push(arena, &nulls, sizeof *is_null);");
        c_text(w, "if (!item || !is_null)");
    } else {
        c_text(w, "if (!item)");
    }
    c_text(w, "    return pl_json_fail(r, PL_ERROR_MEMORY, \"out of memory\");");
    if (c->nullable) {
        pc_open(w, "if (pl_json_read_if_null(r)) {");
        c_text(w, "*is_null = true;");
        c_text(w, "continue;");
        pc_close(w, "}");
        c_text(w, "if (pl_json_reader_failed(r))");
        c_text(w, "    return false;");
    }
    c_read_line(s, w, "if (!", c->element, "(*item)", ")");
    c_text(w, "    return false;");
    pc_close(w, "}");
    c_text(w, "if (more < 0)");
    c_text(w, "    return false;");
    c_text(w, "out->count = items.count;");
    c_text(w, "out->items = pl_list_finish(arena, &items, sizeof *out->items);");
    if (c->nullable)
        c_text(w, "out->is_null = pl_list_finish(arena, &nulls, sizeof *out->is_null);");
    c_text(w, "return true;");
    pc_close(w, "}");
}

static void emit_map_read(source_state *s, const c_composite *c)
{
    c_gen *g = s->g;
    pc_writer *w = s->helpers;
    const char *elem = c_ctype(g, c->element);
    pc_blank(w);
    c_wrap_linef(w, "static bool read_%s(pl_json_reader *r, pl_arena *arena, %s *out)", c->name,
                 c->name);
    pc_open(w, "{");
    c_text(w, "pl_map_builder keys = PL_MAP_BUILDER_INIT;");
    c_text(w, "pl_list_builder values = PL_LIST_BUILDER_INIT;");
    if (c->nullable)
        c_text(w, "pl_list_builder nulls = PL_LIST_BUILDER_INIT;");
    c_text(w, "const char *key;");
    c_text(w, "size_t key_len;");
    c_text(w, "int more;");
    c_text(w, "if (!pl_json_object_begin(r))");
    c_text(w, "    return false;");
    pc_open(w, "while ((more = pl_json_object_next(r, &key, &key_len)) > 0) {");
    c_text(w, "size_t index;");
    pc_line(w, "%s *value = NULL;", elem);
    if (c->nullable)
        c_text(w, "bool *is_null = NULL;");
    c_text(w, "/* A repeated key keeps its first place and takes the last value. */");
    c_text(w, "if (!pl_map_key(arena, &keys, key, key_len, &index) ||");
    if (c->nullable) {
        c_text(w, "    !(value = pl_list_slot(arena, &values, index, sizeof *value)) ||");
        c_text(w, "    !(is_null = pl_list_slot(arena, &nulls, index, sizeof *is_null)))");
    } else {
        c_text(w, "    !(value = pl_list_slot(arena, &values, index, sizeof *value)))");
    }
    c_text(w, "    return pl_json_fail(r, PL_ERROR_MEMORY, \"out of memory\");");
    if (c->nullable) {
        pc_open(w, "if (pl_json_read_if_null(r)) {");
        c_text(w, "*is_null = true;");
        c_text(w, "continue;");
        pc_close(w, "}");
        c_text(w, "if (pl_json_reader_failed(r))");
        c_text(w, "    return false;");
    }
    c_read_line(s, w, "if (!", c->element, "(*value)", ")");
    c_text(w, "    return false;");
    pc_close(w, "}");
    c_text(w, "if (more < 0)");
    c_text(w, "    return false;");
    c_text(w, "out->count = keys.keys.count;");
    c_text(w, "out->keys = pl_list_finish(arena, &keys.keys, sizeof *out->keys);");
    c_text(w, "out->values = pl_list_finish(arena, &values, sizeof *out->values);");
    if (c->nullable)
        c_text(w, "out->is_null = pl_list_finish(arena, &nulls, sizeof *out->is_null);");
    c_text(w, "return true;");
    pc_close(w, "}");
}

/* ---- the file ---- */

static void emit_decode(source_state *s, const pc_decl *d)
{
    c_gen *g = s->g;
    const char *t = c_info(g, d)->name;
    pc_writer *w = s->body;
    pc_blank(w);
    c_wrap_linef(w,
                 "bool %s_decode(const char *json, size_t len, pl_arena *arena, %s *out, "
                 "pl_error *err)",
                 t, t);
    pc_open(w, "{");
    c_text(w, "pl_json_reader r;");
    c_text(w, "pl_json_reader_init(&r, json, len, arena, err);");
    pc_line(w, "return %s_read(&r, arena, out) && pl_json_reader_finish(&r);", t);
    pc_close(w, "}");
}

static void emit_helpers(source_state *s)
{
    while (s->queue_at < s->queue_len) {
        uint32_t slot = s->queue[s->queue_at++];
        const c_composite *c = s->g->composites[slot / 3];
        c_scratch_reset(s->g);
        switch ((helper_kind)(slot % 3)) {
        case HELPER_READ:
            if (c->is_map)
                emit_map_read(s, c);
            else
                emit_list_read(s, c);
            break;
        case HELPER_WRITE:
            c_emit_composite_write(s, c);
            break;
        case HELPER_VALIDATE:
            c_emit_composite_validate(s, c);
            break;
        }
    }
}

/* ---- what a file needs, before writing it ---- */

/* The helpers, patterns and static functions the package's code will use, found by walking its
 * types the way the emitters below do, so that their declarations can come first and the file
 * is written in one pass. */
static void prepass_type(source_state *s, const pc_type *t)
{
    switch (t->kind) {
    case PC_TYPE_PRIMITIVE:
        if (t->as.primitive == PC_PRIM_BYTES)
            s->need_bytes = true;
        break;
    case PC_TYPE_LIST:
    case PC_TYPE_MAP: {
        const c_composite *c = c_composite_of(s->g, t);
        c_helper(s, HELPER_READ, c);
        c_helper(s, HELPER_WRITE, c);
        if (c_type_validates(s->g, c->element))
            c_helper(s, HELPER_VALIDATE, c);
        prepass_type(s, t->as.element);
        break;
    }
    case PC_TYPE_NULLABLE:
        prepass_type(s, t->as.element);
        break;
    default:
        break;
    }
}

static void prepass_constraints(source_state *s, const pc_constraints *c)
{
    if (c->pattern)
        c_pattern_index(s, c->pattern);
}

static void prepass(source_state *s)
{
    for (uint32_t i = 0; i < s->p->decl_count; i++) {
        const pc_decl *d = s->p->decls[i];
        c_decl *info = c_info(s->g, d);
        switch (d->kind) {
        case PC_DECL_STRUCT:
            for (uint32_t k = 0; k < d->as.struct_.field_count; k++) {
                const pc_field *f = d->as.struct_.fields[k];
                prepass_constraints(s, &f->constraints);
                prepass_type(s, f->type);
                if (info->fields[k].pointer)
                    s->need_null_pointer = true;
            }
            break;
        case PC_DECL_UNION:
            for (uint32_t k = 0; k < d->as.union_.variant_count; k++) {
                if (info->variant_pointer[k])
                    s->need_null_pointer = true;
            }
            break;
        case PC_DECL_ALIAS:
            prepass_constraints(s, &d->as.alias.constraints);
            prepass_type(s, d->as.alias.target);
            if (info->wrapper_pointer)
                s->need_null_pointer = true;
            break;
        default:
            break;
        }
    }
}

void c_emit_source(c_gen *g, c_package *p, pc_writer *out)
{
    source_state s;
    memset(&s, 0, sizeof s);
    s.g = g;
    s.p = p;
    s.body = out;
    s.helpers = out;
    s.requested_cap = (g->composite_count ? g->composite_count : 1) * 3;
    s.requested = calloc(s.requested_cap, sizeof *s.requested);
    s.queue = calloc(s.requested_cap, sizeof *s.queue);
    if (!s.requested || !s.queue) {
        g->failed = true;
        goto done;
    }
    prepass(&s);
    uint32_t declared_helpers = s.queue_len;

    c_write_banner(g, p, out);
    pc_blank(out);
    c_text(out, "/* The functions below use deprecated types and members themselves. */");
    c_text(out, "#if defined(__GNUC__)");
    c_text(out, "#pragma GCC diagnostic ignored \"-Wdeprecated-declarations\"");
    c_text(out, "#endif");
    pc_blank(out);
    pc_line(out, "#include \"%s.h\"", p->stem);
    pc_blank(out);
    c_text(out, "#include <inttypes.h>");
    c_text(out, "#include <string.h>");
    if (s.pattern_count) {
        pc_blank(out);
        c_text(out, "/* Patterns are compiled on first use and then shared by all threads");
        c_text(out, " * (pl_pattern_match in payload.h). */");
        for (uint32_t i = 0; i < s.pattern_count; i++) {
            pc_str text = s.patterns[i]->as.string;
            pc_line(out, "static pl_pattern pattern_%u = PL_PATTERN_INIT(%s);", i,
                    c_literal(g, text.ptr, text.len));
        }
    }
    if (s.need_bytes || s.need_null_pointer || s.queue_len) {
        pc_blank(out);
        c_text(out, "/* Helpers, defined at the end of the file. */");
    }
    if (s.need_bytes)
        c_text(out, "static bool read_pl_bytes(pl_json_reader *r, pl_bytes *out);");
    if (s.need_null_pointer)
        c_text(out, "static bool null_pointer(pl_error *err);");
    for (uint32_t i = 0; i < s.queue_len; i++) {
        uint32_t slot = s.queue[i];
        const c_composite *c = g->composites[slot / 3];
        switch ((helper_kind)(slot % 3)) {
        case HELPER_READ:
            c_wrap_linef(out,
                         "static bool read_%s(pl_json_reader *r, pl_arena *arena, "
                         "%s *out);",
                         c->name, c->name);
            break;
        case HELPER_WRITE:
            c_wrap_linef(out,
                         "static bool write_%s(const %s *value, pl_buf *out, "
                         "pl_error *err);",
                         c->name, c->name);
            break;
        case HELPER_VALIDATE:
            c_wrap_linef(out, "static bool validate_%s(const %s *value, pl_error *err);", c->name,
                         c->name);
            break;
        }
    }

    for (uint32_t i = 0; i < p->decl_count; i++) {
        const pc_decl *d = p->decls[i];
        c_scratch_reset(g);
        pc_blank(out);
        pc_line(out, "/* ---- %s ---- */", d->qualified_name);
        switch (d->kind) {
        case PC_DECL_STRUCT:
            emit_struct_read(&s, d);
            break;
        case PC_DECL_ENUM:
            emit_enum_functions(&s, d);
            break;
        case PC_DECL_UNION:
            emit_union_read(&s, d);
            break;
        case PC_DECL_ALIAS:
            emit_alias_read(&s, d);
            break;
        default:
            break;
        }
        emit_decode(&s, d);
        c_emit_encode(&s, d);
        c_emit_validate(&s, d);
    }
    if (s.need_bytes) {
        pc_blank(out);
        c_text(out, "static bool read_pl_bytes(pl_json_reader *r, pl_bytes *out)");
        pc_open(out, "{");
        c_text(out, "uint8_t *bytes;");
        c_text(out, "if (!pl_json_read_bytes(r, &bytes, &out->len))");
        c_text(out, "    return false;");
        c_text(out, "out->data = bytes;");
        c_text(out, "return true;");
        pc_close(out, "}");
    }
    if (s.need_null_pointer) {
        pc_blank(out);
        c_text(out, "static bool null_pointer(pl_error *err)");
        pc_open(out, "{");
        c_text(out,
               "pl_error_format(err, PL_ERROR_ENCODE, \"no value (a NULL pointer where the value "
               "is required)\");");
        c_text(out, "return false;");
        pc_close(out, "}");
    }
    emit_helpers(&s);
    if (s.queue_len != declared_helpers) {
        /* The prepass missed a helper: its prototype is not in the file. A bug, not input. */
        pc_emit_error(g->ctx, "C: internal error: helper %u of %s was not declared", s.queue_len,
                      p->stem);
    }
    c_emit_server_source(g, p, out);
done:
    free(s.requested);
    free(s.queue);
    free(s.patterns);
}
