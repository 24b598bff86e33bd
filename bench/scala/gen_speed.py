#!/usr/bin/env python3
"""How fast is `payloadc gen --lang scala`? Times it on the benchmark model
(bench/gen_schema.py --scale 1: 2,000 structs, 500 routes) against every anchor code
generator of any language, in the same run, and prints the ratios. The target is under 1/5 of
the fastest anchor (bench/README.md). A measurement, not a test: exits 0 whatever the numbers.

    bench/scala/gen_speed.py [--payloadc PATH] [--runs N] [--scale N]

Reuses bench/speed.py (timing with hyperfine when present) and bench/gen_schema.py.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
# Every generator anchor speed.py knows: Java (the nearest to Scala), and the others, since
# the target is the fastest generator of any language.
ANCHORS = ["thrift-json", "thrift-java", "protoc-java", "flatc-java", "thrift-ts", "flatc-ts"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--payloadc", default=os.environ.get("PAYLOADC") or
                    os.path.join(ROOT, "build", "compiler", "payloadc"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale", type=int, default=1)
    args = ap.parse_args()
    command = [sys.executable, os.path.join(BENCH, "speed.py"), "--mode", "gen-scala",
               "--scales", str(args.scale), "--runs", str(args.runs),
               "--anchors", ",".join(ANCHORS), "--payloadc", args.payloadc,
               "--json", os.path.join(BENCH, "out", "results-gen-scala.json")]
    return subprocess.call(command)


if __name__ == "__main__":
    main()
    sys.exit(0)
