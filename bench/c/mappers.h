/* The competitors (mappers.cpp): each parses the same text and, for the *_map ones, fills the
 * same generated structs (bench_Events) from the same arena. */
#ifndef BENCH_MAPPERS_H
#define BENCH_MAPPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "payload.h"

#ifdef __cplusplus
extern "C" {
#endif

bool bench_cjson_parse(const char *text, size_t len);
bool bench_cjson_map(const char *text, size_t len, pl_arena *arena, void *out);
/* cJSON as its users map by hand: a function per struct, cJSON_GetObjectItemCaseSensitive per
 * field (cjson_idiomatic.c, written by gen_cjson_idiomatic.py). */
bool bench_cjson_idiomatic_map(const char *text, size_t len, pl_arena *arena, void *out);
bool bench_jansson_parse(const char *text, size_t len);
bool bench_jansson_map(const char *text, size_t len, pl_arena *arena, void *out);
bool bench_rapidjson_parse(const char *text, size_t len);
bool bench_rapidjson_dom_map(const char *text, size_t len, pl_arena *arena, void *out);
bool bench_rapidjson_sax_map(const char *text, size_t len, pl_arena *arena, void *out);
/* Writes the value with rapidjson::Writer into a buffer kept between calls. */
bool bench_rapidjson_write(const void *value, char **out, size_t *out_len);
/* simdjson needs SIMDJSON_PADDING readable bytes after the text. */
bool bench_simdjson_parse(const char *padded, size_t len);
bool bench_simdjson_map(const char *padded, size_t len, pl_arena *arena, void *out);
size_t bench_simdjson_padding(void);

#ifdef __cplusplus
}
#endif

#endif
