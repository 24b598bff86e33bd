#!/usr/bin/env python3
"""How fast is `payloadc gen --lang ts`? Times it on the benchmark model (bench/gen_schema.py
--scale 1: 2,000 structs, 500 routes) against `thrift --gen js:ts` and `flatc --ts` on the same
model, in the same run, and prints payloadc's time over each. The target is under 1/5 of both.
A measurement, not a test: exits 0 whatever the numbers (2 when the timing itself fails).

    bench/ts/gen_speed.py [--payloadc PATH] [--runs N] [--scale N] [--no-generate]

Reuses bench/speed.py (hyperfine when present, each generator into an emptied folder) and
bench/gen_schema.py. Use an optimised build (-DCMAKE_BUILD_TYPE=Release or RelWithDebInfo).
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
ANCHORS = ["thrift-ts", "flatc-ts"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--payloadc", default=os.environ.get("PAYLOADC") or
                    os.path.join(ROOT, "build", "compiler", "payloadc"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--no-generate", action="store_true",
                    help="reuse bench/out/scaleN instead of regenerating the model")
    args = ap.parse_args()
    results = os.path.join(BENCH, "out", "results-gen-ts.json")
    command = [sys.executable, os.path.join(BENCH, "speed.py"), "--mode", "gen-ts",
               "--scales", str(args.scale), "--runs", str(args.runs),
               "--anchors", ",".join(ANCHORS), "--payloadc", args.payloadc, "--json", results]
    if args.no_generate:
        command.append("--no-generate")
    if subprocess.call(command) != 0:
        return 2
    with open(results) as fh:
        jobs = json.load(fh)["jobs"]
    times = {j["tool"]: j for j in jobs if j.get("scale") == args.scale and j.get("median_s")}
    mine = times.get("payloadc")
    if not mine:
        print("no payloadc timing (is --payloadc built?)")
        return 2
    print()
    print("## payloadc gen --lang ts, scale %d" % args.scale)
    print("- payloadc: median %.3f s, min %.3f s" % (mine["median_s"], mine["min_s"]))
    for anchor in ANCHORS:
        if anchor not in times:
            print("- %s: not timed (missing?)" % anchor)
            continue
        other = times[anchor]
        ratio = mine["median_s"] / other["median_s"]
        best = mine["min_s"] / other["min_s"]
        print("- payloadc / %s: %.3f by median, %.3f by minimum (target < 0.2: %s)"
              % (anchor, ratio, best, "met" if ratio < 0.2 else "NOT met"))
    return 0


if __name__ == "__main__":
    code = main()
    sys.exit(code if code == 2 else 0)
