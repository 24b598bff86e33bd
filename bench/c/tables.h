/* Type descriptors of the generated structs (bench/c/gen_tables.py writes them from payloadc's
 * dump), and the generic engines that run over them:
 *   - bt_decode / bt_encode: "thin tables over one generic decoder", the design payloadc did not
 *     choose; measured against the generated code for docs/c.md;
 *   - mappers.cpp: cJSON, jansson, RapidJSON (DOM and SAX) and simdjson mapping into the same
 *     structs, and a RapidJSON Writer encoder.
 * Aliases are transparent (their constraints are checked by the generated validators, which
 * every contestant calls), and the event types have no recursive embedding, so no pointers. */
#ifndef BENCH_TABLES_H
#define BENCH_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bt_kind {
    BT_BOOL,
    BT_INT32,
    BT_INT64,
    BT_FLOAT64,
    BT_STRING,
    BT_DECIMAL,
    BT_DATETIME,
    BT_DATE,
    BT_UUID,
    BT_ENUM,      /* a C enum: the member's index */
    BT_OPEN_ENUM, /* { value; pl_string raw; } */
    BT_STRUCT,
    BT_UNION,
    BT_LIST
} bt_kind;

typedef enum bt_default { BT_NO_DEFAULT, BT_DEFAULT_INT, BT_DEFAULT_FLOAT, BT_DEFAULT_STRING,
                          BT_DEFAULT_NULL, BT_DEFAULT_EMPTY } bt_default;

typedef struct bt_type bt_type;

typedef struct bt_field {
    const char *key;
    uint32_t key_len;
    uint32_t offset;     /* of the value */
    int32_t has_offset;  /* presence flag, or -1 */
    int32_t null_offset; /* null flag, or -1 */
    bool required;
    const bt_type *type;
    bt_default default_kind;
    int64_t default_int; /* ints, bools, enum indexes */
    double default_float;
    const char *default_string;
    uint32_t default_len;
} bt_field;

typedef struct bt_variant {
    const char *wire;
    uint32_t wire_len;
    uint32_t offset;
    const bt_type *type; /* a struct */
} bt_variant;

struct bt_type {
    bt_kind kind;
    const char *name;
    uint32_t size;
    /* structs */
    const bt_field *fields;
    uint32_t field_count;
    /* enums */
    const char *const *names;
    const uint32_t *name_lens;
    uint32_t name_count;
    uint32_t raw_offset; /* open enums and open unions */
    /* unions */
    const char *disc;
    uint32_t disc_len;
    uint32_t tag_offset;
    const bt_variant *variants;
    uint32_t variant_count;
    bool open;
    /* lists */
    const bt_type *elem;
};

extern const bt_type bt_root; /* list<mycoach.events.Event> */

/* The table-driven decoder and encoder (over libpayload, like the generated code). */
bool bt_decode(const bt_type *t, const char *json, size_t len, pl_arena *arena, void *out,
               pl_error *err);
bool bt_encode(const bt_type *t, const void *value, pl_buf *out, pl_error *err);

/* Shared by the engines. */
const bt_field *bt_find_field(const bt_type *t, const char *key, size_t len, uint32_t *hint);
int bt_find_name(const bt_type *t, const char *text, size_t len); /* enum member, or -1 */
const bt_variant *bt_find_variant(const bt_type *t, const char *tag, size_t len);
void bt_apply_defaults(const bt_type *t, void *out);

#ifdef __cplusplus
}
#endif

#endif
