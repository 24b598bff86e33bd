// The competitors of the C benchmark, mapping JSON into the same generated structs as payloadc's
// decoders (so that the work is the same: every field, every check of kind, integer range, date
// format and enum member, strings copied into the same arena, lists built the same way), and
// RapidJSON's Writer writing them back. One generic mapper over the type tables (tables.h) per
// library style: a DOM walker for cJSON, jansson, RapidJSON and simdjson, and a SAX handler for
// RapidJSON. Errors are just `false` here: the benchmark only runs valid input.
#include <cjson/cJSON.h>
#include <jansson.h>
#include <rapidjson/document.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "mappers.h"
#include "tables.h"

namespace {

// ---- shared conversions ----

bool copy_string(pl_arena *arena, const char *s, size_t n, pl_string *out)
{
    char *copy = pl_arena_strdup(arena, s, n);
    if (!copy)
        return false;
    out->data = copy;
    out->len = n;
    return true;
}

// A string value into a field of type t (strings, formats, enums).
bool store_string(const bt_type *t, const char *s, size_t n, void *out, pl_arena *arena)
{
    switch (t->kind) {
    case BT_STRING:
        return copy_string(arena, s, n, static_cast<pl_string *>(out));
    case BT_DECIMAL:
        return pl_decimal_valid(s, n) && copy_string(arena, s, n, static_cast<pl_string *>(out));
    case BT_DATETIME:
        return pl_datetime_parse(s, n, static_cast<pl_datetime *>(out));
    case BT_DATE:
        return pl_date_parse(s, n, static_cast<pl_date *>(out));
    case BT_UUID:
        return pl_uuid_parse(s, n, static_cast<pl_uuid *>(out));
    case BT_ENUM:
    case BT_OPEN_ENUM: {
        int index = bt_find_name(t, s, n);
        if (index >= 0) {
            *static_cast<int32_t *>(out) = index;
            return true;
        }
        if (t->kind == BT_ENUM)
            return false;
        *static_cast<int32_t *>(out) = static_cast<int32_t>(t->name_count);
        return copy_string(arena, s, n,
                           reinterpret_cast<pl_string *>(static_cast<char *>(out) + t->raw_offset));
    }
    default:
        return false;
    }
}

bool store_int(const bt_type *t, int64_t v, void *out)
{
    if (t->kind == BT_INT64) {
        *static_cast<int64_t *>(out) = v;
        return true;
    }
    if (t->kind == BT_INT32) {
        if (v < INT32_MIN || v > INT32_MAX)
            return false;
        *static_cast<int32_t *>(out) = static_cast<int32_t>(v);
        return true;
    }
    if (t->kind == BT_FLOAT64) {
        *static_cast<double *>(out) = static_cast<double>(v);
        return true;
    }
    return false;
}

bool store_double(const bt_type *t, double v, void *out)
{
    if (t->kind == BT_FLOAT64) {
        *static_cast<double *>(out) = v;
        return true;
    }
    // An integer field given 1.0 or 1e2: only when exact.
    if ((t->kind == BT_INT32 || t->kind == BT_INT64) && std::trunc(v) == v &&
        std::fabs(v) < 9007199254740992.0)
        return store_int(t, static_cast<int64_t>(v), out);
    return false;
}

struct ListOut {
    void *items;
    size_t count;
};

// ---- DOM adapters: what the generic walker needs of each library ----

struct CJsonDom {
    using V = const cJSON *;
    static bool is_null(V v) { return cJSON_IsNull(v); }
    static bool is_object(V v) { return cJSON_IsObject(v); }
    static bool is_array(V v) { return cJSON_IsArray(v); }
    static bool get_bool(V v, bool *out)
    {
        if (!cJSON_IsBool(v))
            return false;
        *out = cJSON_IsTrue(v);
        return true;
    }
    static bool get_number(const bt_type *t, V v, void *out)
    {
        if (!cJSON_IsNumber(v))
            return false;
        return store_double(t, v->valuedouble, out); // cJSON keeps numbers as doubles
    }
    static bool get_string(V v, const char **s, size_t *n)
    {
        if (!cJSON_IsString(v))
            return false;
        *s = v->valuestring;
        *n = std::strlen(v->valuestring);
        return true;
    }
    template <class F> static bool members(V obj, F f)
    {
        for (const cJSON *c = obj->child; c; c = c->next) {
            if (!f(c->string, std::strlen(c->string), c))
                return false;
        }
        return true;
    }
    template <class F> static bool elements(V arr, F f)
    {
        for (const cJSON *c = arr->child; c; c = c->next) {
            if (!f(c))
                return false;
        }
        return true;
    }
};

struct JanssonDom {
    using V = json_t *;
    static bool is_null(V v) { return json_is_null(v); }
    static bool is_object(V v) { return json_is_object(v); }
    static bool is_array(V v) { return json_is_array(v); }
    static bool get_bool(V v, bool *out)
    {
        if (!json_is_boolean(v))
            return false;
        *out = json_is_true(v);
        return true;
    }
    static bool get_number(const bt_type *t, V v, void *out)
    {
        if (json_is_integer(v))
            return store_int(t, json_integer_value(v), out);
        if (json_is_real(v))
            return store_double(t, json_real_value(v), out);
        return false;
    }
    static bool get_string(V v, const char **s, size_t *n)
    {
        if (!json_is_string(v))
            return false;
        *s = json_string_value(v);
        *n = json_string_length(v);
        return true;
    }
    template <class F> static bool members(V obj, F f)
    {
        for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
            if (!f(json_object_iter_key(it), json_object_iter_key_len(it),
                   json_object_iter_value(it)))
                return false;
        }
        return true;
    }
    template <class F> static bool elements(V arr, F f)
    {
        size_t n = json_array_size(arr);
        for (size_t i = 0; i < n; i++) {
            if (!f(json_array_get(arr, i)))
                return false;
        }
        return true;
    }
};

struct RapidDom {
    using V = const rapidjson::Value *;
    static bool is_null(V v) { return v->IsNull(); }
    static bool is_object(V v) { return v->IsObject(); }
    static bool is_array(V v) { return v->IsArray(); }
    static bool get_bool(V v, bool *out)
    {
        if (!v->IsBool())
            return false;
        *out = v->GetBool();
        return true;
    }
    static bool get_number(const bt_type *t, V v, void *out)
    {
        if (v->IsInt64())
            return store_int(t, v->GetInt64(), out);
        if (v->IsDouble())
            return store_double(t, v->GetDouble(), out);
        return false;
    }
    static bool get_string(V v, const char **s, size_t *n)
    {
        if (!v->IsString())
            return false;
        *s = v->GetString();
        *n = v->GetStringLength();
        return true;
    }
    template <class F> static bool members(V obj, F f)
    {
        for (auto m = obj->MemberBegin(); m != obj->MemberEnd(); ++m) {
            if (!f(m->name.GetString(), m->name.GetStringLength(), &m->value))
                return false;
        }
        return true;
    }
    template <class F> static bool elements(V arr, F f)
    {
        for (auto e = arr->Begin(); e != arr->End(); ++e) {
            if (!f(&*e))
                return false;
        }
        return true;
    }
};

struct SimdDom {
    using V = simdjson::dom::element;
    static bool is_null(V v) { return v.is_null(); }
    static bool is_object(V v) { return v.is_object(); }
    static bool is_array(V v) { return v.is_array(); }
    static bool get_bool(V v, bool *out) { return v.get_bool().get(*out) == simdjson::SUCCESS; }
    static bool get_number(const bt_type *t, V v, void *out)
    {
        int64_t i;
        if (v.get_int64().get(i) == simdjson::SUCCESS)
            return store_int(t, i, out);
        double d;
        if (v.get_double().get(d) == simdjson::SUCCESS)
            return store_double(t, d, out);
        return false;
    }
    static bool get_string(V v, const char **s, size_t *n)
    {
        std::string_view view;
        if (v.get_string().get(view) != simdjson::SUCCESS)
            return false;
        *s = view.data();
        *n = view.size();
        return true;
    }
    template <class F> static bool members(V obj, F f)
    {
        for (auto field : simdjson::dom::object(obj)) {
            if (!f(field.key.data(), field.key.size(), field.value))
                return false;
        }
        return true;
    }
    template <class F> static bool elements(V arr, F f)
    {
        for (auto e : simdjson::dom::array(arr)) {
            if (!f(e))
                return false;
        }
        return true;
    }
};

// ---- the generic DOM walker ----

template <class A> bool map_value(typename A::V v, const bt_type *t, void *out, pl_arena *arena);

template <class A>
bool map_members(typename A::V obj, const bt_type *t, void *out, pl_arena *arena,
                 const bt_type *union_type)
{
    auto *base = static_cast<unsigned char *>(out);
    uint64_t seen = 0, all = 0;
    uint32_t hint = 0;
    bt_apply_defaults(t, out);
    for (uint32_t i = 0; i < t->field_count; i++) {
        if (t->fields[i].required)
            all |= uint64_t(1) << i;
    }
    bool ok = A::members(obj, [&](const char *key, size_t len, typename A::V value) {
        const bt_field *f = bt_find_field(t, key, len, &hint);
        if (!f)
            return true; // unknown keys (and the union's tag) are ignored
        (void)union_type;
        seen |= uint64_t(1) << (f - t->fields);
        if (f->has_offset >= 0)
            *reinterpret_cast<bool *>(base + f->has_offset) = true;
        if (f->null_offset >= 0) {
            bool is_null = A::is_null(value);
            *reinterpret_cast<bool *>(base + f->null_offset) = is_null;
            if (is_null)
                return true;
        }
        return map_value<A>(value, f->type, base + f->offset, arena);
    });
    return ok && (seen & all) == all;
}

template <class A> bool map_value(typename A::V v, const bt_type *t, void *out, pl_arena *arena)
{
    switch (t->kind) {
    case BT_BOOL:
        return A::get_bool(v, static_cast<bool *>(out));
    case BT_INT32:
    case BT_INT64:
    case BT_FLOAT64:
        return A::get_number(t, v, out);
    case BT_STRING:
    case BT_DECIMAL:
    case BT_DATETIME:
    case BT_DATE:
    case BT_UUID:
    case BT_ENUM:
    case BT_OPEN_ENUM: {
        const char *s;
        size_t n;
        return A::get_string(v, &s, &n) && store_string(t, s, n, out, arena);
    }
    case BT_STRUCT:
        return A::is_object(v) && map_members<A>(v, t, out, arena, nullptr);
    case BT_UNION: {
        if (!A::is_object(v))
            return false;
        std::memset(out, 0, t->size);
        const bt_variant *variant = nullptr;
        bool ok = A::members(v, [&](const char *key, size_t len, typename A::V value) {
            if (len == t->disc_len && std::memcmp(key, t->disc, len) == 0) {
                const char *s;
                size_t n;
                if (!A::get_string(value, &s, &n))
                    return false;
                variant = bt_find_variant(t, s, n);
                return variant != nullptr;
            }
            return true;
        });
        if (!ok || !variant)
            return false;
        auto *base = static_cast<unsigned char *>(out);
        *reinterpret_cast<int32_t *>(base + t->tag_offset) =
            static_cast<int32_t>(variant - t->variants);
        return map_members<A>(v, variant->type, base + variant->offset, arena, t);
    }
    case BT_LIST: {
        if (!A::is_array(v))
            return false;
        pl_list_builder items = PL_LIST_BUILDER_INIT;
        size_t size = t->elem->size;
        bool ok = A::elements(v, [&](typename A::V e) {
            void *item = pl_list_push(arena, &items, size);
            return item && map_value<A>(e, t->elem, item, arena);
        });
        if (!ok)
            return false;
        auto *list = static_cast<ListOut *>(out);
        list->count = items.count;
        list->items = pl_list_finish(arena, &items, size);
        return true;
    }
    }
    return false;
}

// ---- RapidJSON SAX: the same mapping as events ----

class SaxMapper : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, SaxMapper> {
  public:
    SaxMapper(pl_arena *arena, const bt_type *root, void *out) : arena_(arena)
    {
        root_type_ = root;
        root_out_ = out;
    }

    bool Null()
    {
        Slot s;
        if (!next(&s))
            return false;
        if (s.skip)
            return true;
        return s.null_flag && (*s.null_flag = true);
    }
    bool Bool(bool b)
    {
        Slot s;
        if (!next(&s))
            return false;
        if (s.skip)
            return true;
        if (s.type->kind != BT_BOOL)
            return false;
        *static_cast<bool *>(s.at) = b;
        return true;
    }
    bool Int(int i) { return Int64(i); }
    bool Uint(unsigned u) { return Int64(u); }
    bool Uint64(uint64_t u) { return u <= INT64_MAX && Int64(static_cast<int64_t>(u)); }
    bool Int64(int64_t i)
    {
        Slot s;
        if (!next(&s))
            return false;
        return s.skip || store_int(s.type, i, s.at);
    }
    bool Double(double d)
    {
        Slot s;
        if (!next(&s))
            return false;
        return s.skip || store_double(s.type, d, s.at);
    }
    bool String(const char *str, rapidjson::SizeType len, bool)
    {
        Frame *top = frames_.empty() ? nullptr : &frames_.back();
        if (top && top->kind == Frame::UNION_TAG) {
            // The discriminator, first in the object (as canonical JSON writes it; this
            // handler does not buffer objects whose tag comes later).
            const bt_variant *v = bt_find_variant(top->type, str, len);
            if (!v)
                return false;
            *reinterpret_cast<int32_t *>(top->base + top->type->tag_offset) =
                static_cast<int32_t>(v - top->type->variants);
            top->kind = Frame::STRUCT;
            top->base += v->offset;
            top->type = v->type;
            bt_apply_defaults(top->type, top->base);
            top->field = nullptr;
            return true;
        }
        Slot s;
        if (!next(&s))
            return false;
        return s.skip || store_string(s.type, str, len, s.at, arena_);
    }
    bool StartObject()
    {
        Slot s;
        if (!next(&s))
            return false;
        if (s.skip) {
            skip_++;
            return true;
        }
        Frame f{};
        f.type = s.type;
        f.base = static_cast<unsigned char *>(s.at);
        if (s.type->kind == BT_STRUCT) {
            f.kind = Frame::STRUCT;
            bt_apply_defaults(s.type, s.at);
        } else if (s.type->kind == BT_UNION) {
            f.kind = Frame::UNION_TAG;
            std::memset(s.at, 0, s.type->size);
        } else {
            return false;
        }
        frames_.push_back(f);
        return true;
    }
    bool Key(const char *str, rapidjson::SizeType len, bool)
    {
        if (skip_)
            return true;
        Frame &top = frames_.back();
        if (top.kind == Frame::UNION_TAG) {
            // The tag must come first.
            return len == top.type->disc_len && std::memcmp(str, top.type->disc, len) == 0;
        }
        top.field = bt_find_field(top.type, str, len, &top.hint);
        top.skip_value = top.field == nullptr;
        if (top.field)
            top.seen |= uint64_t(1) << (top.field - top.type->fields);
        return true;
    }
    bool EndObject(rapidjson::SizeType)
    {
        if (skip_) {
            skip_--;
            return true;
        }
        Frame &top = frames_.back();
        if (top.kind != Frame::STRUCT)
            return false;
        for (uint32_t i = 0; i < top.type->field_count; i++) {
            if (top.type->fields[i].required && !(top.seen & (uint64_t(1) << i)))
                return false;
        }
        frames_.pop_back();
        return true;
    }
    bool StartArray()
    {
        Slot s;
        if (!next(&s))
            return false;
        if (s.skip) {
            skip_++;
            return true;
        }
        if (s.type->kind != BT_LIST)
            return false;
        Frame f{};
        f.kind = Frame::LIST;
        f.type = s.type;
        f.base = static_cast<unsigned char *>(s.at);
        f.list = PL_LIST_BUILDER_INIT;
        frames_.push_back(f);
        return true;
    }
    bool EndArray(rapidjson::SizeType)
    {
        if (skip_) {
            skip_--;
            return true;
        }
        Frame &top = frames_.back();
        auto *list = reinterpret_cast<ListOut *>(top.base);
        list->count = top.list.count;
        list->items = pl_list_finish(arena_, &top.list, top.type->elem->size);
        frames_.pop_back();
        return true;
    }

  private:
    struct Frame {
        enum Kind { STRUCT, UNION_TAG, LIST } kind;
        const bt_type *type;
        unsigned char *base;
        const bt_field *field;
        bool skip_value;
        uint32_t hint;
        uint64_t seen;
        pl_list_builder list;
    };
    struct Slot {
        const bt_type *type;
        void *at;
        bool *null_flag;
        bool skip;
    };

    // Where the value that starts now goes.
    bool next(Slot *s)
    {
        s->skip = false;
        s->null_flag = nullptr;
        if (skip_) {
            s->skip = true;
            return true;
        }
        if (frames_.empty()) {
            if (!root_type_)
                return false;
            s->type = root_type_;
            s->at = root_out_;
            root_type_ = nullptr;
            return true;
        }
        Frame &top = frames_.back();
        if (top.kind == Frame::LIST) {
            s->type = top.type->elem;
            s->at = pl_list_push(arena_, &top.list, top.type->elem->size);
            return s->at != nullptr;
        }
        if (top.kind != Frame::STRUCT)
            return false;
        if (top.skip_value) {
            top.skip_value = false;
            s->skip = true;
            return true;
        }
        const bt_field *f = top.field;
        if (f->has_offset >= 0)
            *reinterpret_cast<bool *>(top.base + f->has_offset) = true;
        if (f->null_offset >= 0) {
            s->null_flag = reinterpret_cast<bool *>(top.base + f->null_offset);
            *s->null_flag = false;
        }
        s->type = f->type;
        s->at = top.base + f->offset;
        return true;
    }

    pl_arena *arena_;
    const bt_type *root_type_;
    void *root_out_;
    std::vector<Frame> frames_;
    uint32_t skip_ = 0;
};

// ---- RapidJSON Writer from the structs ----

template <class W> bool write_value(W &w, const bt_type *t, const void *value);

template <class W> bool write_members(W &w, const bt_type *t, const unsigned char *base)
{
    for (uint32_t i = 0; i < t->field_count; i++) {
        const bt_field *f = &t->fields[i];
        if (f->has_offset >= 0 && !*reinterpret_cast<const bool *>(base + f->has_offset))
            continue;
        w.Key(f->key, f->key_len);
        if (f->null_offset >= 0 && *reinterpret_cast<const bool *>(base + f->null_offset))
            w.Null();
        else if (!write_value(w, f->type, base + f->offset))
            return false;
    }
    return true;
}

template <class W> bool write_value(W &w, const bt_type *t, const void *value)
{
    char buf[64];
    switch (t->kind) {
    case BT_BOOL:
        return w.Bool(*static_cast<const bool *>(value));
    case BT_INT32:
        return w.Int(*static_cast<const int32_t *>(value));
    case BT_INT64:
        return w.Int64(*static_cast<const int64_t *>(value));
    case BT_FLOAT64:
        return w.Double(*static_cast<const double *>(value));
    case BT_STRING:
    case BT_DECIMAL: {
        auto *s = static_cast<const pl_string *>(value);
        return w.String(s->data ? s->data : "", static_cast<rapidjson::SizeType>(s->len));
    }
    case BT_DATETIME:
        return w.String(buf, static_cast<rapidjson::SizeType>(
                                 pl_datetime_format(static_cast<const pl_datetime *>(value), buf)));
    case BT_DATE:
        return w.String(buf, static_cast<rapidjson::SizeType>(
                                 pl_date_format(static_cast<const pl_date *>(value), buf)));
    case BT_UUID:
        return w.String(buf, static_cast<rapidjson::SizeType>(
                                 pl_uuid_format(static_cast<const pl_uuid *>(value), buf)));
    case BT_ENUM:
    case BT_OPEN_ENUM: {
        int32_t index = *static_cast<const int32_t *>(value);
        if (index >= 0 && static_cast<uint32_t>(index) < t->name_count)
            return w.String(t->names[index], t->name_lens[index]);
        auto *raw = reinterpret_cast<const pl_string *>(static_cast<const char *>(value) +
                                                        t->raw_offset);
        return w.String(raw->data, static_cast<rapidjson::SizeType>(raw->len));
    }
    case BT_STRUCT:
        w.StartObject();
        return write_members(w, t, static_cast<const unsigned char *>(value)) && w.EndObject();
    case BT_UNION: {
        auto *base = static_cast<const unsigned char *>(value);
        int32_t tag = *reinterpret_cast<const int32_t *>(base + t->tag_offset);
        if (tag < 0 || static_cast<uint32_t>(tag) >= t->variant_count) {
            auto *raw = reinterpret_cast<const pl_string *>(base + t->raw_offset);
            return w.RawValue(raw->data, raw->len, rapidjson::kObjectType);
        }
        const bt_variant *v = &t->variants[tag];
        w.StartObject();
        w.Key(t->disc, t->disc_len);
        w.String(v->wire, v->wire_len);
        return write_members(w, v->type, base + v->offset) && w.EndObject();
    }
    case BT_LIST: {
        auto *list = static_cast<const ListOut *>(value);
        w.StartArray();
        auto *items = static_cast<const unsigned char *>(list->items);
        for (size_t i = 0; i < list->count; i++) {
            if (!write_value(w, t->elem, items + i * t->elem->size))
                return false;
        }
        return w.EndArray();
    }
    }
    return false;
}

} // namespace

// ---- the entry points (mappers.h) ----

struct bench_dom {
    cJSON *cjson = nullptr;
    json_t *jansson = nullptr;
    rapidjson::Document *rapid = nullptr;
    simdjson::dom::parser *simd = nullptr;
};

extern "C" {

bool bench_cjson_parse(const char *text, size_t len)
{
    cJSON *doc = cJSON_ParseWithLength(text, len);
    bool ok = doc != nullptr;
    cJSON_Delete(doc);
    return ok;
}

bool bench_cjson_map(const char *text, size_t len, pl_arena *arena, void *out)
{
    cJSON *doc = cJSON_ParseWithLength(text, len);
    bool ok = doc && map_value<CJsonDom>(doc, &bt_root, out, arena);
    cJSON_Delete(doc);
    return ok;
}

bool bench_jansson_parse(const char *text, size_t len)
{
    json_error_t error;
    json_t *doc = json_loadb(text, len, 0, &error);
    bool ok = doc != nullptr;
    json_decref(doc);
    return ok;
}

bool bench_jansson_map(const char *text, size_t len, pl_arena *arena, void *out)
{
    json_error_t error;
    json_t *doc = json_loadb(text, len, 0, &error);
    bool ok = doc && map_value<JanssonDom>(doc, &bt_root, out, arena);
    json_decref(doc);
    return ok;
}

bool bench_rapidjson_parse(const char *text, size_t len)
{
    rapidjson::Document doc;
    doc.Parse(text, len);
    return !doc.HasParseError();
}

bool bench_rapidjson_dom_map(const char *text, size_t len, pl_arena *arena, void *out)
{
    rapidjson::Document doc;
    doc.Parse(text, len);
    return !doc.HasParseError() && map_value<RapidDom>(&doc, &bt_root, out, arena);
}

bool bench_rapidjson_sax_map(const char *text, size_t len, pl_arena *arena, void *out)
{
    rapidjson::Reader reader;
    rapidjson::MemoryStream stream(text, len);
    SaxMapper handler(arena, &bt_root, out);
    return !reader.Parse(stream, handler).IsError();
}

bool bench_rapidjson_write(const void *value, char **out, size_t *out_len)
{
    static thread_local rapidjson::StringBuffer *buffer;
    if (!buffer)
        buffer = new rapidjson::StringBuffer;
    buffer->Clear();
    rapidjson::Writer<rapidjson::StringBuffer> writer(*buffer);
    if (!write_value(writer, &bt_root, value))
        return false;
    *out = const_cast<char *>(buffer->GetString());
    *out_len = buffer->GetSize();
    return true;
}

bool bench_simdjson_parse(const char *padded, size_t len)
{
    static thread_local simdjson::dom::parser *parser;
    if (!parser)
        parser = new simdjson::dom::parser;
    simdjson::dom::element doc;
    return parser->parse(padded, len, false).get(doc) == simdjson::SUCCESS;
}

bool bench_simdjson_map(const char *padded, size_t len, pl_arena *arena, void *out)
{
    static thread_local simdjson::dom::parser *parser;
    if (!parser)
        parser = new simdjson::dom::parser;
    simdjson::dom::element doc;
    return parser->parse(padded, len, false).get(doc) == simdjson::SUCCESS &&
           map_value<SimdDom>(doc, &bt_root, out, arena);
}

size_t bench_simdjson_padding(void)
{
    return simdjson::SIMDJSON_PADDING;
}

} // extern "C"
