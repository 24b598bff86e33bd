#!/usr/bin/env bash
# Times `payloadc gen --lang php` against `thrift --gen php` and `flatc --php` on the
# 2,000-struct benchmark model (bench/gen_schema.py --scale 1), interleaved in the same run, and
# prints payloadc's time over each anchor's (target: under 0.2). A measurement, not a test.
#
#   bench/php/speed.sh                 # build a release payloadc, 7 rounds
#   bench/php/speed.sh --rounds 15     # options go to bench/php/speed.py
#   PAYLOADC=/path/to/payloadc bench/php/speed.sh
#
# It builds an optimised payloadc in bench/out/build-php-release unless $PAYLOADC names one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ -z "${PAYLOADC:-}" ]; then
  build="$root/bench/out/build-php-release"
  echo "building an optimised payloadc in ${build#$root/} ..." >&2
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPAYLOADC_TESTS=OFF >/dev/null
  cmake --build "$build" --target payloadc -j2 >/dev/null
  PAYLOADC="$build/compiler/payloadc"
fi
exec python3 "$here/speed.py" --payloadc "$PAYLOADC" "$@"
