#!/bin/sh
# Builds and starts the example server: examples/server/run.sh [--db PATH] [--port N]
# (from anywhere; the build goes to build-example/ at the top of the repository).
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
cmake -S "$top" -B "$top/build-example" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$top/build-example" --target club_server -j4 >/dev/null
exec "$top/build-example/tests/server/club_server" "$@"
