#!/usr/bin/env bash
# The C benchmark (docs/c.md, "Speed"): builds payloadc in Release (build-bench/), generates the
# C code of bench/c/bench.payload and the payloads (bench/out/c/), builds bench_c against cJSON,
# jansson, RapidJSON and simdjson (Debian: libcjson-dev libjansson-dev rapidjson-dev
# libsimdjson-dev), runs it on the 1 MB and 50 MB payloads, then times `payloadc gen --lang c`
# against protoc --c_out and thrift --gen c_glib (bench/c/gen_speed.py).
#   bench/c/run.sh                  everything
#   bench/c/run.sh --no-gen-speed   only the codec benchmark
# A measurement, not a test: it exits 0 whatever the numbers are.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
build=${BENCH_BUILD:-build-bench}
out=bench/out/c
mkdir -p "$out"

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPAYLOADC_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target payloadc payload >/dev/null
payloadc=$root/$build/compiler/payloadc

gen=$build/bench-c
rm -rf "$gen"
"$payloadc" gen --lang c --out "$gen" bench/c/bench.payload
"$payloadc" check --dump json bench/c/bench.payload >"$gen/dump.json"
bench/c/gen_tables.py "$gen/dump.json" bench.Events bench.h >"$gen/tables_gen.c"
bench/c/gen_cjson_idiomatic.py "$gen/dump.json" bench.Events bench.h >"$gen/cjson_idiomatic.c"

[ -f "$out/events-1mb.json" ] || bench/c/gen_events.py --size 1MB --out "$out/events-1mb.json"
[ -f "$out/events-50mb.json" ] || bench/c/gen_events.py --size 50MB --out "$out/events-50mb.json"

cc=${CC:-cc}
cxx=${CXX:-c++}
flags=(-O2 -DNDEBUG -I"$gen" -Ibench/c -Iruntime/include)
objects=()
for source in "$gen"/*.c bench/c/table_decode.c bench/c/bench_main.c; do
  object="$gen/$(basename "${source%.c}").o"
  "$cc" -std=c11 "${flags[@]}" -I/usr/include/cjson -c "$source" -o "$object"
  objects+=("$object")
done
"$cxx" -std=c++17 "${flags[@]}" -I/usr/include/cjson -c bench/c/mappers.cpp -o "$gen/mappers.o"
"$cxx" -o "$gen/bench_c" "${objects[@]}" "$gen/mappers.o" "$build/runtime/libpayload.a" \
  -lcjson -ljansson -lsimdjson

echo "== codec: $("$cc" --version | head -1), $(uname -m), $(nproc) CPUs"
"$gen/bench_c" "$out/events-1mb.json" "$out/events-50mb.json"

if [ "${1:-}" != --no-gen-speed ]; then
  echo
  echo "== gen speed"
  bench/c/gen_speed.py --payloadc "$payloadc"
fi
