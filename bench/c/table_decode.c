/* "Thin tables over one generic decoder": the alternative to generated decoders, written as well
 * as we could so that the comparison in docs/c.md is fair. Same reader (libpayload), same
 * structs, same arena and list builders, same union strategy (tag first: one pass; otherwise
 * look ahead), same key lookup the generated code would do (length, then bytes) plus a hint
 * for keys in declaration order. */
#include <string.h>

#include "tables.h"

const bt_field *bt_find_field(const bt_type *t, const char *key, size_t len, uint32_t *hint)
{
    uint32_t n = t->field_count;
    /* Keys usually come in declaration order: try the next field first. */
    if (*hint < n) {
        const bt_field *f = &t->fields[*hint];
        if (f->key_len == len && memcmp(f->key, key, len) == 0) {
            (*hint)++;
            return f;
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        const bt_field *f = &t->fields[i];
        if (f->key_len == len && memcmp(f->key, key, len) == 0) {
            *hint = i + 1;
            return f;
        }
    }
    return NULL;
}

int bt_find_name(const bt_type *t, const char *text, size_t len)
{
    for (uint32_t i = 0; i < t->name_count; i++) {
        if (t->name_lens[i] == len && memcmp(t->names[i], text, len) == 0)
            return (int)i;
    }
    return -1;
}

const bt_variant *bt_find_variant(const bt_type *t, const char *tag, size_t len)
{
    for (uint32_t i = 0; i < t->variant_count; i++) {
        if (t->variants[i].wire_len == len && memcmp(t->variants[i].wire, tag, len) == 0)
            return &t->variants[i];
    }
    return NULL;
}

static void set_int(const bt_type *t, void *at, int64_t v)
{
    switch (t->kind) {
    case BT_BOOL:
        *(bool *)at = v != 0;
        break;
    case BT_INT32:
    case BT_ENUM:
        *(int32_t *)at = (int32_t)v;
        break;
    case BT_INT64:
        *(int64_t *)at = v;
        break;
    case BT_OPEN_ENUM:
        *(int32_t *)at = (int32_t)v;
        break;
    default:
        break;
    }
}

void bt_apply_defaults(const bt_type *t, void *out)
{
    unsigned char *base = out;
    memset(out, 0, t->size);
    for (uint32_t i = 0; i < t->field_count; i++) {
        const bt_field *f = &t->fields[i];
        switch (f->default_kind) {
        case BT_DEFAULT_INT:
            set_int(f->type, base + f->offset, f->default_int);
            break;
        case BT_DEFAULT_FLOAT:
            *(double *)(void *)(base + f->offset) = f->default_float;
            break;
        case BT_DEFAULT_STRING: {
            pl_string *s = (pl_string *)(void *)(base + f->offset);
            s->data = f->default_string;
            s->len = f->default_len;
            break;
        }
        case BT_DEFAULT_NULL:
            if (f->null_offset >= 0)
                *(bool *)(base + f->null_offset) = true;
            break;
        default:
            break;
        }
    }
}

static bool read_value(pl_json_reader *r, pl_arena *a, const bt_type *t, void *out);

static bool read_members(pl_json_reader *r, pl_arena *a, const bt_type *t, void *out,
                         const char *tag_key, size_t tag_key_len)
{
    unsigned char *base = out;
    uint64_t seen = 0, all = 0;
    uint32_t hint = 0;
    bt_apply_defaults(t, out);
    for (uint32_t i = 0; i < t->field_count; i++) {
        if (t->fields[i].required)
            all |= UINT64_C(1) << i;
    }
    const char *key;
    size_t key_len;
    int more;
    while ((more = pl_json_object_next(r, &key, &key_len)) > 0) {
        const bt_field *f = bt_find_field(t, key, key_len, &hint);
        if (!f) {
            if (tag_key && key_len == tag_key_len && memcmp(key, tag_key, key_len) == 0) {
                const char *again;
                size_t again_len;
                if (!pl_json_read_string_view(r, &again, &again_len))
                    return false;
                continue;
            }
            if (!pl_json_skip(r))
                return false;
            continue;
        }
        seen |= UINT64_C(1) << (f - t->fields);
        if (f->has_offset >= 0)
            *(bool *)(base + f->has_offset) = true;
        if (f->null_offset >= 0) {
            if (pl_json_read_if_null(r)) {
                *(bool *)(base + f->null_offset) = true;
                continue;
            }
            if (pl_json_reader_failed(r))
                return false;
            *(bool *)(base + f->null_offset) = false;
        }
        if (!read_value(r, a, f->type, base + f->offset))
            return false;
    }
    if (more < 0)
        return false;
    if ((seen & all) != all) {
        for (uint32_t i = 0; i < t->field_count; i++) {
            if (t->fields[i].required && !(seen & (UINT64_C(1) << i)))
                return pl_json_fail_key(r, t->fields[i].key, t->fields[i].key_len,
                                        PL_ERROR_MISSING, "missing required key");
        }
    }
    return true;
}

static bool read_union(pl_json_reader *r, pl_arena *a, const bt_type *t, void *out)
{
    unsigned char *base = out;
    memset(out, 0, t->size);
    pl_json_mark mark = pl_json_mark_here(r);
    const char *tag;
    size_t tag_len;
    int found = pl_json_object_begin_tag(r, t->disc, t->disc_len, &tag, &tag_len);
    if (found < 0)
        return false;
    if (found > 0) {
        const bt_variant *v = bt_find_variant(t, tag, tag_len);
        if (v) {
            *(int32_t *)(void *)(base + t->tag_offset) = (int32_t)(v - t->variants);
            return read_members(r, a, v->type, base + v->offset, t->disc, t->disc_len);
        }
    }
    pl_json_rewind(r, mark);
    found = pl_json_peek_tag(r, t->disc, t->disc_len, &tag, &tag_len);
    if (found <= 0)
        return found == 0 ? pl_json_object_begin(r) &&
                                pl_json_fail_key(r, t->disc, t->disc_len, PL_ERROR_TAG, "no tag")
                          : false;
    const bt_variant *v = bt_find_variant(t, tag, tag_len);
    if (!v) {
        if (!t->open)
            return pl_json_object_begin(r) &&
                   pl_json_fail_key(r, t->disc, t->disc_len, PL_ERROR_TAG, "unknown tag");
        pl_string *raw = (pl_string *)(void *)(base + t->raw_offset);
        *(int32_t *)(void *)(base + t->tag_offset) = (int32_t)t->variant_count;
        return pl_json_read_raw(r, &raw->data, &raw->len);
    }
    *(int32_t *)(void *)(base + t->tag_offset) = (int32_t)(v - t->variants);
    return pl_json_object_begin(r) &&
           read_members(r, a, v->type, base + v->offset, NULL, 0);
}

static bool read_value(pl_json_reader *r, pl_arena *a, const bt_type *t, void *out)
{
    switch (t->kind) {
    case BT_BOOL:
        return pl_json_read_bool(r, out);
    case BT_INT32:
        return pl_json_read_int32(r, out);
    case BT_INT64:
        return pl_json_read_int64(r, out);
    case BT_FLOAT64:
        return pl_json_read_float64(r, out);
    case BT_STRING: {
        pl_string *s = out;
        return pl_json_read_string(r, &s->data, &s->len);
    }
    case BT_DECIMAL: {
        pl_string *s = out;
        return pl_json_read_decimal(r, &s->data, &s->len);
    }
    case BT_DATETIME:
        return pl_json_read_datetime(r, out);
    case BT_DATE:
        return pl_json_read_date(r, out);
    case BT_UUID:
        return pl_json_read_uuid(r, out);
    case BT_ENUM:
    case BT_OPEN_ENUM: {
        const char *text;
        size_t len;
        if (!pl_json_read_string_view(r, &text, &len))
            return false;
        int index = bt_find_name(t, text, len);
        if (index >= 0) {
            *(int32_t *)out = index;
            return true;
        }
        if (t->kind == BT_ENUM)
            return pl_json_fail(r, PL_ERROR_ENUM, "unknown member");
        pl_string *raw = (pl_string *)(void *)((unsigned char *)out + t->raw_offset);
        *(int32_t *)out = (int32_t)t->name_count;
        raw->data = pl_arena_strdup(a, text, len);
        raw->len = len;
        return raw->data != NULL;
    }
    case BT_STRUCT:
        return pl_json_object_begin(r) && read_members(r, a, t, out, NULL, 0);
    case BT_UNION:
        return read_union(r, a, t, out);
    case BT_LIST: {
        pl_list_builder items = PL_LIST_BUILDER_INIT;
        size_t size = t->elem->size;
        int more;
        if (!pl_json_array_begin(r))
            return false;
        while ((more = pl_json_array_next(r)) > 0) {
            void *item = pl_list_push(a, &items, size);
            if (!item)
                return pl_json_fail(r, PL_ERROR_MEMORY, "out of memory");
            if (!read_value(r, a, t->elem, item))
                return false;
        }
        if (more < 0)
            return false;
        /* Every list struct is { T *items; size_t count; }. */
        struct {
            void *items;
            size_t count;
        } *list = out;
        list->count = items.count;
        list->items = pl_list_finish(a, &items, size);
        return true;
    }
    }
    return false;
}

bool bt_decode(const bt_type *t, const char *json, size_t len, pl_arena *arena, void *out,
               pl_error *err)
{
    pl_json_reader r;
    pl_json_reader_init(&r, json, len, arena, err);
    return read_value(&r, arena, t, out) && pl_json_reader_finish(&r);
}

/* ---- encoding ---- */

static bool write_value(const bt_type *t, const void *value, pl_buf *out, pl_error *err);

static bool write_members(const bt_type *t, const void *value, pl_buf *out, pl_error *err,
                          bool more)
{
    const unsigned char *base = value;
    for (uint32_t i = 0; i < t->field_count; i++) {
        const bt_field *f = &t->fields[i];
        if (f->has_offset >= 0 && !*(const bool *)(base + f->has_offset))
            continue;
        /* The keys of these schemas need no escaping: write them as they are. */
        if (!pl_json_write_raw(out, ",\"" + !more, more ? 2 : 1, err) ||
            !pl_json_write_raw(out, f->key, f->key_len, err) ||
            !pl_json_write_raw(out, "\":", 2, err))
            return false;
        more = true;
        if (f->null_offset >= 0 && *(const bool *)(base + f->null_offset)) {
            if (!pl_json_write_null(out, err))
                return false;
            continue;
        }
        if (!write_value(f->type, base + f->offset, out, err))
            return false;
    }
    return true;
}

static bool write_value(const bt_type *t, const void *value, pl_buf *out, pl_error *err)
{
    switch (t->kind) {
    case BT_BOOL:
        return pl_json_write_bool(out, *(const bool *)value, err);
    case BT_INT32:
        return pl_json_write_int32(out, *(const int32_t *)value, err);
    case BT_INT64:
        return pl_json_write_int64(out, *(const int64_t *)value, err);
    case BT_FLOAT64:
        return pl_json_write_float64(out, *(const double *)value, err);
    case BT_STRING: {
        const pl_string *s = value;
        return pl_json_write_string(out, s->data, s->len, err);
    }
    case BT_DECIMAL: {
        const pl_string *s = value;
        return pl_json_write_decimal(out, s->data, s->len, err);
    }
    case BT_DATETIME:
        return pl_json_write_datetime(out, value, err);
    case BT_DATE:
        return pl_json_write_date(out, value, err);
    case BT_UUID:
        return pl_json_write_uuid(out, value, err);
    case BT_ENUM:
    case BT_OPEN_ENUM: {
        int32_t index = *(const int32_t *)value;
        if (index >= 0 && (uint32_t)index < t->name_count)
            return pl_json_write_string(out, t->names[index], t->name_lens[index], err);
        const pl_string *raw = (const pl_string *)(const void *)((const unsigned char *)value +
                                                                  t->raw_offset);
        return t->kind == BT_OPEN_ENUM && pl_json_write_string(out, raw->data, raw->len, err);
    }
    case BT_STRUCT:
        return pl_json_write_raw(out, "{", 1, err) && write_members(t, value, out, err, false) &&
               pl_json_write_raw(out, "}", 1, err);
    case BT_UNION: {
        const unsigned char *base = value;
        int32_t tag = *(const int32_t *)(const void *)(base + t->tag_offset);
        if (tag >= 0 && (uint32_t)tag < t->variant_count) {
            const bt_variant *v = &t->variants[tag];
            return pl_json_write_raw(out, "{", 1, err) &&
                   pl_json_write_string(out, t->disc, t->disc_len, err) &&
                   pl_json_write_raw(out, ":", 1, err) &&
                   pl_json_write_string(out, v->wire, v->wire_len, err) &&
                   write_members(v->type, base + v->offset, out, err, true) &&
                   pl_json_write_raw(out, "}", 1, err);
        }
        const pl_string *raw = (const pl_string *)(const void *)(base + t->raw_offset);
        return t->open && pl_json_write_raw_compact(out, raw->data, raw->len, err);
    }
    case BT_LIST: {
        const struct {
            const unsigned char *items;
            size_t count;
        } *list = value;
        if (!pl_json_write_raw(out, "[", 1, err))
            return false;
        for (size_t i = 0; i < list->count; i++) {
            if ((i && !pl_json_write_raw(out, ",", 1, err)) ||
                !write_value(t->elem, list->items + i * t->elem->size, out, err))
                return false;
        }
        return pl_json_write_raw(out, "]", 1, err);
    }
    }
    return false;
}

bool bt_encode(const bt_type *t, const void *value, pl_buf *out, pl_error *err)
{
    return write_value(t, value, out, err);
}
