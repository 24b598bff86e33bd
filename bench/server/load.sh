#!/bin/sh
# Load benchmark of the example server (examples/server/, docs/server.md "Load benchmark").
#
#   bench/server/load.sh [CLUB_SERVER]   (env: DURATION=5s THREADS=2 CONNECTIONS=16 SEED=1000)
#
# Starts the server three times on free loopback ports, both with an in-memory database seeded with
# $SEED players: once as it is (payloadc: the generated dispatcher, SQLite, the encoders) and once
# with --floor (the HTTP floor: the same answers, recorded on the first request and sent back
# without the dispatcher or the database); in between, once with --trust-responses (answers
# not checked with their _validate). Drives each with wrk for (a) GET /players/{id} and
# (b) POST /players/batch with 20 ids, and prints requests/s, latency percentiles and the
# ratio payloadc/floor. Without CLUB_SERVER it builds one in build-bench-server/ (RelWithDebInfo).
# Not a test: the figures depend on the machine.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
SEED=${SEED:-1000}
command -v wrk >/dev/null || { echo "wrk is needed" >&2; exit 2; }
if [ $# -ge 1 ]; then
    server=$1
else
    # A build folder of its own: bench/c/run.sh configures build-bench/ without the tests,
    # where club_server is defined.
    cmake -S "$top" -B "$top/build-bench-server" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPAYLOADC_TESTS=ON >/dev/null
    cmake --build "$top/build-bench-server" --target club_server -j4 >/dev/null
    server=$top/build-bench-server/tests/server/club_server
fi
work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

ids=$(awk -v n="$SEED" 'BEGIN { for (i = 0; i < 20; i++) printf "%s%d", i ? "," : "", 1 + (i * 37) % n }')
cat >"$work/batch.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"ids":[$ids]}'
wrk.headers["Content-Type"] = "application/json"
LUA

# start MODE: the server in the background, its base URL in $base.
start() {
    "$server" --port 0 --db :memory: --seed "$SEED" $1 >"$work/out" 2>"$work/err" &
    pid=$!
    i=0
    while ! grep -q listening "$work/out" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then echo "the server did not start: $(cat "$work/err")" >&2; exit 1; fi
        sleep 0.1
    done
    base=$(sed -n 's/.*\(http:[^ ]*\).*/\1/p' "$work/out")
}
stop() {
    kill "$pid"
    wait "$pid" || true
    pid=
}
# run NAME URL [wrk options]: one wrk run, its summary on one line in $work/results.
run() {
    name=$1 url=$2
    shift 2
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$@" "$url" >"$work/wrk"
    awk -v name="$name" '
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +75%/ { p75 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
        /Non-2xx/ { bad = $NF }
        /Socket errors/ { errs = $0 }
        END { printf "%s %s %s %s %s %s %s\n", name, rps, p50, p75, p90, p99, (bad ? bad : 0) }
    ' "$work/wrk" >>"$work/results"
    if grep -q "Socket errors" "$work/wrk"; then grep "Socket errors" "$work/wrk" >&2; fi
}

: >"$work/results"
for mode in payloadc trusted floor; do
    case $mode in
    floor) start --floor ;;
    trusted) start --trust-responses ;;
    *) start "" ;;
    esac
    # A first request of each, so that the floor has recorded its answers.
    curl -s -o /dev/null "$base/players/1" 2>/dev/null || true
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
         --data-binary "{\"ids\":[$ids]}" "$base/players/batch" 2>/dev/null || true
    run "$mode:get" "$base/players/1"
    run "$mode:batch" "$base/players/batch" -s "$work/batch.lua"
    stop
done

echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per run; $SEED players; batch of 20 ids"
awk '
    { split($1, k, ":"); rps[$1] = $2; line[NR] = $0 }
    END {
        printf "%-16s %12s %9s %9s %9s %9s %8s\n", "run", "requests/s", "p50", "p75", "p90", "p99", "non-2xx"
        for (i = 1; i <= NR; i++) {
            split(line[i], f, " ")
            printf "%-16s %12s %9s %9s %9s %9s %8s\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7]
        }
        for (r in rps) if (r ~ /^(payloadc|trusted):/) {
            split(r, k, ":")
            if (rps["floor:" k[2]] > 0)
                printf "ratio %s/floor (%s): %.2f\n", k[1], k[2], rps[r] / rps["floor:" k[2]]
        }
    }
' "$work/results"
