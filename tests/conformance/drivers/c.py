"""Conformance driver for C (tests/conformance/README.md, "Writing a driver").

For every case: `payloadc gen --lang c`, a small harness program that reads the vectors (one
JSON-encoded string per line on stdin) and prints one outcome per line, compiled with the flags
generated code promises (-std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror) and
with AddressSanitizer and UndefinedBehaviorSanitizer where the compiler has them, linked with
the libpayload.a of the build that holds payloadc (<build>/runtime/libpayload.a). The C encoder
is held to the canonical bytes (EXACT_BYTES).

Environment: CC (default cc), PAYLOADC_C_SANITIZE=0 to build without sanitizers.
"""
import concurrent.futures
import json
import os
import shutil
import subprocess
from pathlib import Path

EXACT_BYTES = True

ROOT = Path(__file__).resolve().parents[3]
INCLUDE = ROOT / "runtime" / "include"
FLAGS = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wconversion", "-Werror"]
SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]

HARNESS = r"""/* Conformance harness: one JSON-encoded input per line in, one outcome per line out. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "@HEADER@"

/* Error messages quote the input, possibly cut inside a UTF-8 sequence: keep them writable. */
static void put_text(pl_buf *out, const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (!copy)
        abort();
    memcpy(copy, text, len + 1);
    while (len && !pl_utf8_valid(copy, len))
        copy[--len] = '\0';
    pl_error err;
    if (!pl_json_write_string(out, copy, len, &err))
        abort();
    free(copy);
}

static void failure(pl_buf *out, const char *stage, const pl_error *err)
{
    pl_buf_append(out, "{\"ok\":false,\"stage\":", 20);
    put_text(out, stage);
    pl_buf_append(out, ",\"path\":", 8);
    put_text(out, err->path);
    pl_buf_append(out, ",\"kind\":", 8);
    put_text(out, pl_error_kind_name(err->kind));
    pl_buf_append(out, ",\"message\":", 11);
    put_text(out, err->message);
    pl_buf_append(out, "}", 1);
}

static void run(const char *input, size_t len, pl_buf *line)
{
    /* An exact-size copy, not NUL-terminated, so that ASan sees any read past the end. */
    char *text = malloc(len ? len : 1);
    if (!text)
        abort();
    memcpy(text, input, len);
    pl_arena *arena = pl_arena_new();
    pl_error err;
    @TYPE@ value;
    pl_buf encoded;
    pl_buf_init(&encoded);
    if (!@TYPE@_decode(text, len, arena, &value, &err)) {
        failure(line, "decode", &err);
    } else if (!@TYPE@_validate(&value, &err)) {
        failure(line, "validate", &err);
    } else if (!@TYPE@_encode(&value, &encoded, &err)) {
        failure(line, "encode", &err);
    } else {
        /* Decoding what was encoded must give the same bytes again. */
        @TYPE@ again;
        pl_buf twice;
        pl_buf_init(&twice);
        if (!@TYPE@_decode(encoded.data, encoded.len, arena, &again, &err) ||
            !@TYPE@_encode(&again, &twice, &err) || twice.len != encoded.len ||
            memcmp(twice.data, encoded.data, encoded.len) != 0) {
            const char *crash = "{\"crash\":\"the encoded output does not decode to itself\"}";
            pl_buf_append(line, crash, strlen(crash));
        } else {
            pl_buf_append(line, "{\"ok\":true,\"output\":", 20);
            if (!pl_json_write_string(line, encoded.data, encoded.len, &err))
                abort();
            pl_buf_append(line, "}", 1);
        }
        pl_buf_free(&twice);
    }
    pl_buf_free(&encoded);
    pl_arena_free(arena);
    free(text);
}

int main(void)
{
    char *raw = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&raw, &cap, stdin)) > 0) {
        size_t n = (size_t)got;
        while (n && (raw[n - 1] == '\n' || raw[n - 1] == '\r'))
            n--;
        if (!n)
            continue;
        pl_arena *arena = pl_arena_new();
        pl_error err;
        pl_json_reader r;
        const char *input;
        size_t input_len;
        pl_json_reader_init(&r, raw, n, arena, &err);
        if (!pl_json_read_string(&r, &input, &input_len) || !pl_json_reader_finish(&r)) {
            fprintf(stderr, "harness: bad input line: %s\n", err.message);
            return 2;
        }
        pl_buf line;
        pl_buf_init(&line);
        run(input, input_len, &line);
        pl_buf_append(&line, "\n", 1);
        fwrite(line.data, 1, line.len, stdout);
        fflush(stdout);
        pl_buf_free(&line);
        pl_arena_free(arena);
    }
    free(raw);
    return 0;
}
"""


def compiler():
    return os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")


def toolchain():
    return None if compiler() else "cc"


def c_type_name(qualified):
    """The C typedef of a qualified name, as the emitter writes it (docs/c.md, "Names")."""
    package, _, name = qualified.rpartition(".")
    prefix = ("p" if package.startswith("_") else "") + package.replace(".", "_") + "_"
    return prefix + name, prefix[:-1]


def find_library(payloadc):
    """<build>/runtime/libpayload.a beside <build>/compiler/payloadc."""
    build = Path(payloadc).resolve().parent.parent
    library = build / "runtime" / "libpayload.a"
    if not library.exists():
        raise RuntimeError(f"no {library} (build the runtime next to {payloadc})")
    return library


def sanitizers_work(cc, work):
    if os.environ.get("PAYLOADC_C_SANITIZE", "1") == "0":
        return False
    probe = work / "probe.c"
    probe.write_text("int main(void) { return 0; }\n")
    result = subprocess.run([cc, *SANITIZE, str(probe), "-o", str(work / "probe")],
                            capture_output=True)
    return result.returncode == 0


def build(case, payloadc, cc, library, sanitize, work):
    """Generates and compiles one case; returns (harness path, None) or (None, problem)."""
    folder = work / case.name
    gen = folder / "gen"
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([payloadc, "gen", "--lang", "c", "--out", str(gen), str(case.schema)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        return None, "payloadc gen failed: " + (result.stderr or result.stdout).strip()
    type_name, stem = c_type_name(case.type)
    harness = folder / "harness.c"
    harness.write_text(HARNESS.replace("@HEADER@", stem + ".h").replace("@TYPE@", type_name))
    sources = sorted(str(p) for p in gen.glob("*.c"))
    program = folder / "harness"
    command = [cc, *FLAGS, "-g", "-O1", *(SANITIZE if sanitize else []), "-I", str(gen),
               "-I", str(INCLUDE), str(harness), *sources, str(library), "-o", str(program)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        return None, "cc failed: " + (result.stderr or result.stdout).strip()[:3000]
    return program, None


def execute(program, inputs):
    """Runs the harness over the inputs; a crash costs the vector it happened on, and the rest
    run in a fresh process."""
    outcomes = []
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    while len(outcomes) < len(inputs):
        rest = inputs[len(outcomes):]
        text = "".join(json.dumps(i) + "\n" for i in rest)
        result = subprocess.run([str(program)], input=text.encode(), capture_output=True,
                                env=env, timeout=600)
        lines = [l for l in result.stdout.decode("utf-8", "replace").split("\n") if l]
        for line in lines[:len(rest)]:
            try:
                outcomes.append(json.loads(line))
            except ValueError:
                outcomes.append({"crash": "unreadable outcome: " + line[:200]})
        if len(lines) < len(rest):
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            summary = next((l for l in detail if "ERROR" in l or "runtime error" in l), None)
            outcomes.append({"crash": f"exit {result.returncode}: " +
                             (summary or " | ".join(detail[-3:]))[:500]})
        elif result.returncode != 0:
            # Every outcome came, but the exit (leak report, sanitizer) says something broke.
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            outcomes[-1] = {"crash": f"exit {result.returncode} after the last input: " +
                            " | ".join(detail[:3])[:500]}
    return outcomes


def run(cases, payloadc, work):
    work = Path(work)
    cc = compiler()
    library = find_library(payloadc)
    sanitize = sanitizers_work(cc, work)
    results = {}
    jobs = max(1, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        built = {case.name: pool.submit(build, case, payloadc, cc, library, sanitize, work)
                 for case in cases}
        runs = {}
        for case in cases:
            program, problem = built[case.name].result()
            if problem:
                results[case.name] = [{"crash": problem}] * len(case.vectors)
                continue
            runs[case.name] = pool.submit(execute, program, [v.input for v in case.vectors])
        for name, future in runs.items():
            try:
                results[name] = future.result()
            except Exception as error:  # a timeout, a vanished program
                results[name] = [{"crash": str(error)}]
    return results
