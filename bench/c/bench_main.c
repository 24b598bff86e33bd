/* The C benchmark (docs/c.md, "Speed"): decoding a JSON array of events into the generated structs
 * and encoding it back, payloadc against cJSON, jansson, RapidJSON and simdjson, in one run.
 *
 *   bench_c FILE...            one table row group per file (e.g. the 1 MB and 50 MB payloads)
 *
 * Every contestant runs in a child process of its own: first a warm-up run on the input's first
 * event alone (so that code pages, pattern compilation and other one-time set-up are not counted
 * as memory of the data), then one run to measure its peak memory (the growth of the resident
 * set, VmHWM, reset after the warm-up, minus VmRSS before, with the result still alive), then
 * timed runs until a second of CPU time has passed (at least 3), reusing one arena (reset between
 * runs) as a server's worker would; the best time counts. Times
 * are CPU time of the process (user + system: page faults count), not wall-clock time, so that
 * a busy machine disturbs them less. Throughput is the input's size over the time (for encoders,
 * the output's size). A measurement, never a test. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "mappers.h"
#include "tables.h"

typedef struct input {
    const char *path;
    char *text; /* NUL-terminated and padded for simdjson */
    size_t len;
    bench_Events decoded; /* for the encoders */
    pl_arena *arena;
    struct input *first; /* the first event alone, as a one-element array: the warm-up */
} input;

typedef enum contestant_kind { DECODE, PARSE, ENCODE } contestant_kind;

typedef struct contestant {
    const char *name;
    contestant_kind kind;
    /* DECODE: fills out from the arena; PARSE: checks only; ENCODE: writes value, returns the
     * output's length through out_len. */
    bool (*run)(const input *in, pl_arena *arena, bench_Events *out, size_t *out_len);
} contestant;

typedef struct result {
    double seconds;     /* best run */
    double extra_bytes; /* peak resident growth */
    size_t out_len;
    bool ok;
    bool peak_reset; /* VmHWM started again after the warm-up */
} result;

/* ---- contestants ---- */

static bool payloadc_decode_validate(const input *in, pl_arena *arena, bench_Events *out,
                                     size_t *out_len)
{
    pl_error err;
    (void)out_len;
    if (!bench_Events_decode(in->text, in->len, arena, out, &err) ||
        !bench_Events_validate(out, &err)) {
        fprintf(stderr, "payloadc: %s at %s\n", err.message, err.path);
        return false;
    }
    return true;
}

static bool payloadc_decode(const input *in, pl_arena *arena, bench_Events *out, size_t *out_len)
{
    pl_error err;
    (void)out_len;
    return bench_Events_decode(in->text, in->len, arena, out, &err);
}

static bool tables_decode_validate(const input *in, pl_arena *arena, bench_Events *out,
                                   size_t *out_len)
{
    pl_error err;
    (void)out_len;
    if (!bt_decode(&bt_root, in->text, in->len, arena, out, &err) ||
        !bench_Events_validate(out, &err)) {
        fprintf(stderr, "tables: %s at %s\n", err.message, err.path);
        return false;
    }
    return true;
}

static bool validate_text(const input *in, pl_arena *arena, bench_Events *out, size_t *out_len)
{
    pl_error err;
    (void)arena, (void)out, (void)out_len;
    return pl_json_validate(in->text, in->len, &err);
}

#define MAPPER(fn, call)                                                                           \
    static bool fn(const input *in, pl_arena *arena, bench_Events *out, size_t *out_len)           \
    {                                                                                              \
        (void)out_len;                                                                             \
        return call;                                                                               \
    }

MAPPER(rapid_sax, bench_rapidjson_sax_map(in->text, in->len, arena, out))
MAPPER(rapid_dom_map, bench_rapidjson_dom_map(in->text, in->len, arena, out))
MAPPER(simd_map, bench_simdjson_map(in->text, in->len, arena, out))
MAPPER(jansson_map, bench_jansson_map(in->text, in->len, arena, out))
MAPPER(cjson_map, bench_cjson_map(in->text, in->len, arena, out))
MAPPER(cjson_idiomatic_map, bench_cjson_idiomatic_map(in->text, in->len, arena, out))

#define PARSER(fn, call)                                                                           \
    static bool fn(const input *in, pl_arena *arena, bench_Events *out, size_t *out_len)           \
    {                                                                                              \
        (void)arena, (void)out, (void)out_len;                                                     \
        return call;                                                                               \
    }

PARSER(rapid_parse, bench_rapidjson_parse(in->text, in->len))
PARSER(simd_parse, bench_simdjson_parse(in->text, in->len))
PARSER(jansson_parse, bench_jansson_parse(in->text, in->len))
PARSER(cjson_parse, bench_cjson_parse(in->text, in->len))

/* Encoders write into a buffer kept between runs, as RapidJSON's StringBuffer is. */
static pl_buf encode_buffer;

static bool payloadc_encode(const input *in, pl_arena *arena, bench_Events *out, size_t *out_len)
{
    pl_error err;
    (void)arena, (void)out;
    encode_buffer.len = 0;
    if (!bench_Events_encode(&in->decoded, &encode_buffer, &err))
        return false;
    *out_len = encode_buffer.len;
    return true;
}

static bool tables_encode(const input *in, pl_arena *arena, bench_Events *out, size_t *out_len)
{
    pl_error err;
    (void)arena, (void)out;
    encode_buffer.len = 0;
    if (!bt_encode(&bt_root, &in->decoded, &encode_buffer, &err))
        return false;
    *out_len = encode_buffer.len;
    return true;
}

static bool rapid_write(const input *in, pl_arena *arena, bench_Events *out, size_t *out_len)
{
    char *text;
    (void)arena, (void)out;
    return bench_rapidjson_write(&in->decoded, &text, out_len);
}

static const contestant contestants[] = {
    {"payloadc decode+validate -> structs", DECODE, payloadc_decode_validate},
    {"payloadc decode -> structs", DECODE, payloadc_decode},
    {"RapidJSON SAX -> structs", DECODE, rapid_sax},
    {"RapidJSON DOM -> structs", DECODE, rapid_dom_map},
    {"simdjson DOM -> structs", DECODE, simd_map},
    {"jansson parse+map -> structs", DECODE, jansson_map},
    {"cJSON parse+map -> structs", DECODE, cjson_map},
    {"cJSON parse + idiomatic map -> structs", DECODE, cjson_idiomatic_map},
    {"tables (generic) decode+validate -> structs", DECODE, tables_decode_validate},
    {"libpayload pl_json_validate (syntax only)", PARSE, validate_text},
    {"RapidJSON DOM parse", PARSE, rapid_parse},
    {"simdjson DOM parse", PARSE, simd_parse},
    {"jansson DOM parse", PARSE, jansson_parse},
    {"cJSON DOM parse", PARSE, cjson_parse},
    {"payloadc encode <- structs", ENCODE, payloadc_encode},
    {"RapidJSON Writer <- structs", ENCODE, rapid_write},
    {"tables (generic) encode <- structs", ENCODE, tables_encode},
};

enum { CONTESTANTS = sizeof contestants / sizeof contestants[0] };

/* ---- measuring ---- */

/* CPU time of this process (user and system, so page faults count): the machines we share are
 * often busy, and wall-clock time would measure the neighbours. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long value = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, key, n) == 0)
            value = atol(line + n);
    }
    if (f)
        fclose(f);
    return value;
}

/* Makes VmHWM start again from VmRSS (Linux 4.0 and later); false where it cannot. */
static bool reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f)
        return false;
    bool ok = fputs("5", f) >= 0;
    return fclose(f) == 0 && ok;
}

/* Runs in the child: a warm-up, memory (a fresh process but for the warm-up), then time. */
static result measure(const contestant *c, const input *in)
{
    result r = {0};
    bench_Events out;
    if (in->first) {
        pl_arena *warm = pl_arena_new();
        size_t warm_len;
        if (!c->run(in->first, warm, &out, &warm_len))
            return r;
        pl_arena_free(warm);
    }
    r.peak_reset = reset_peak();
    long before = status_kb("VmRSS:");
    pl_arena *arena = pl_arena_new();
    r.ok = c->run(in, arena, &out, &r.out_len);
    long peak = status_kb("VmHWM:");
    pl_arena_free(arena);
    r.extra_bytes = (double)(peak - before) * 1024.0;
    if (!r.ok)
        return r;
    /* Steady state: one arena, reset between runs (as a server reuses a worker's arena), the
     * way malloc recycles the DOM libraries' nodes and simdjson reuses its parser. */
    double best = 1e30, start = now();
    arena = pl_arena_new();
    for (int runs = 0; runs < 3 || now() - start < 1.0; runs++) {
        pl_arena_reset(arena);
        double t0 = now();
        bool ok = c->run(in, arena, &out, &r.out_len);
        double t = now() - t0;
        if (!ok) {
            r.ok = false;
            return r;
        }
        if (t < best)
            best = t;
        if (runs > 10000)
            break;
    }
    pl_arena_free(arena);
    r.seconds = best;
    return r;
}

static result measure_in_child(const contestant *c, const input *in)
{
    result r = {0};
    int fds[2];
    if (pipe(fds) != 0)
        return r;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        result mine = measure(c, in);
        ssize_t wrote = write(fds[1], &mine, sizeof mine);
        _exit(wrote == (ssize_t)sizeof mine ? 0 : 1);
    }
    close(fds[1]);
    ssize_t got = pid > 0 ? read(fds[0], &r, sizeof r) : -1;
    close(fds[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    if (got != (ssize_t)sizeof r)
        memset(&r, 0, sizeof r);
    return r;
}

/* The end of the first element of the JSON array text (one past it), or 0. */
static size_t first_element_end(const char *text, size_t len)
{
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth == 1)
                return i + 1;
        }
    }
    return 0;
}

/* in->text as a decoded input; the caller has set path, len and a padded text. */
static bool decode_input(input *in)
{
    pl_error err;
    in->arena = pl_arena_new();
    if (!bench_Events_decode(in->text, in->len, in->arena, &in->decoded, &err)) {
        fprintf(stderr, "bench: %s does not decode: %s at %s\n", in->path, err.message, err.path);
        return false;
    }
    return true;
}

static bool load(input *in, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    size_t padding = bench_simdjson_padding();
    in->path = path;
    in->len = (size_t)n;
    in->text = calloc(1, in->len + padding + 1);
    bool ok = in->text && fread(in->text, 1, in->len, f) == in->len;
    fclose(f);
    size_t end = ok ? first_element_end(in->text, in->len) : 0;
    if (end) {
        input *first = calloc(1, sizeof *first);
        if (!first || !(first->text = calloc(1, end + 1 + padding + 1)))
            return false;
        memcpy(first->text, in->text, end);
        first->text[end] = ']';
        first->len = end + 1;
        first->path = "(first event)";
        if (!decode_input(first))
            return false;
        in->first = first;
    }
    return ok && decode_input(in);
}

static double rate(const result *r, size_t bytes)
{
    return r->ok && r->seconds > 0 ? (double)bytes / r->seconds / 1e6 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_c FILE...\n");
        return 2;
    }
    int files = argc - 1;
    input *inputs = calloc((size_t)files, sizeof *inputs);
    result(*results)[CONTESTANTS] = calloc((size_t)files, sizeof *results);
    for (int i = 0; i < files; i++) {
        if (!load(&inputs[i], argv[i + 1])) {
            fprintf(stderr, "bench: cannot load %s: %s\n", argv[i + 1], strerror(errno));
            return 2;
        }
        for (int k = 0; k < CONTESTANTS; k++) {
            fprintf(stderr, "bench: %s on %s\n", contestants[k].name, argv[i + 1]);
            results[i][k] = measure_in_child(&contestants[k], &inputs[i]);
            if (!results[i][k].ok)
                fprintf(stderr, "bench: %s FAILED on %s\n", contestants[k].name, argv[i + 1]);
        }
    }

    printf("| contestant |");
    for (int i = 0; i < files; i++)
        printf(" MB/s, %.0f MB input | peak memory, %.0f MB input |", (double)inputs[i].len / 1e6,
               (double)inputs[i].len / 1e6);
    printf("\n| --- |");
    for (int i = 0; i < files; i++)
        printf(" ---: | ---: |");
    printf("\n");
    for (int k = 0; k < CONTESTANTS; k++) {
        printf("| %s |", contestants[k].name);
        for (int i = 0; i < files; i++) {
            const result *r = &results[i][k];
            size_t bytes = contestants[k].kind == ENCODE ? r->out_len : inputs[i].len;
            if (!r->ok) {
                printf(" failed | |");
                continue;
            }
            printf(" %.0f | %.1f MB (%.2f× input) |", rate(r, bytes), r->extra_bytes / 1e6,
                   r->extra_bytes / (double)inputs[i].len);
        }
        printf("\n");
    }
    printf("\nRatios (payloadc / other, throughput):\n\n");
    printf("| ratio | target |");
    for (int i = 0; i < files; i++)
        printf(" %.0f MB |", (double)inputs[i].len / 1e6);
    printf("\n| --- | --- |");
    for (int i = 0; i < files; i++)
        printf(" ---: |");
    printf("\n");
    struct {
        const char *label, *target;
        int ours, theirs;
    } ratios[] = {
        {"decode+validate vs RapidJSON SAX -> structs", "≥ 1.0", 0, 2},
        {"decode+validate vs RapidJSON DOM -> structs", "", 0, 3},
        {"decode+validate vs simdjson DOM -> structs", "", 0, 4},
        {"decode+validate vs jansson parse+map", "", 0, 5},
        {"decode+validate vs cJSON parse+map (one walk, table dispatch)", "≥ 5", 0, 6},
        {"decode+validate vs cJSON parse + idiomatic map", "≥ 5", 0, 7},
        {"encode vs RapidJSON Writer", "≥ 1.0", 14, 15},
        {"generated vs tables: decode+validate", "(design)", 0, 8},
        {"generated vs tables: encode", "(design)", 14, 16},
    };
    for (size_t q = 0; q < sizeof ratios / sizeof ratios[0]; q++) {
        printf("| %s | %s |", ratios[q].label, ratios[q].target);
        for (int i = 0; i < files; i++) {
            const result *a = &results[i][ratios[q].ours], *b = &results[i][ratios[q].theirs];
            size_t na = contestants[ratios[q].ours].kind == ENCODE ? a->out_len : inputs[i].len;
            size_t nb = contestants[ratios[q].theirs].kind == ENCODE ? b->out_len : inputs[i].len;
            double x = rate(a, na), y = rate(b, nb);
            printf(" %.2f× |", y > 0 ? x / y : 0);
        }
        printf("\n");
    }
    printf("\nPeak memory of payloadc decode+validate (result alive, input not counted): ");
    for (int i = 0; i < files; i++)
        printf("%s%.2f× input", i ? ", " : "", results[i][0].extra_bytes / (double)inputs[i].len);
    printf(" (target ≤ 2×)\n");
    if (!results[0][0].peak_reset)
        printf("(VmHWM could not be reset after the warm-up here: peak memory includes it.)\n");
    return 0;
}
