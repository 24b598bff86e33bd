#!/usr/bin/env python3
"""How fast is `payloadc gen --lang scala`? Times it on the benchmark model
(bench/gen_schema.py --scale 1: 2,000 structs, 500 routes) against the code generators of
every language that thrift, flatc and protoc offer, in the same run, and prints the ratios to
the fastest of them (the target is under 1/5 of it; bench/README.md). A measurement, not a
test: exits 0 whatever the numbers.

    bench/scala/gen_speed.py [--payloadc PATH] [--runs N] [--scale N] [--quick]

Thrift runs once per .thrift file, as bench/speed.py does for its thrift anchors (that is
how a build drives it); flatc and protoc run once over all files. Thrift's generators are
read from `thrift --help`, so every one installed is measured but `st` (see THRIFT_SKIP). --quick times only the
anchors that were fastest before (thrift's json, xml, markdown, html, gv, swift, java).

Reuses bench/speed.py (timing with hyperfine when present, same Job/report code) by adding
anchors to its table.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
import speed  # noqa: E402  (bench/speed.py, next to this folder)

# flatc's code generators (flatc 2.x flags); -b --schema (a binary schema) is not code.
FLATC = ["cpp", "java", "kotlin", "csharp", "go", "python", "rust", "swift", "ts", "php",
         "dart", "lua", "lobster", "jsonschema"]
# protoc's built-in generators.
PROTOC = ["cpp", "java", "kotlin", "csharp", "objc", "php", "python", "pyi", "ruby"]
QUICK = ["thrift-json", "thrift-xml", "thrift-markdown", "thrift-html", "thrift-gv",
         "thrift-swift", "thrift-java"]


def thrift_generators():
    """Generator names from `thrift --help` ("  swift (Swift 3.0):"), [] without thrift."""
    if not shutil.which("thrift"):
        return []
    p = subprocess.run(["thrift", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = p.stdout.decode("utf-8", "replace")
    if "Available generators" not in text:
        return []
    text = text.split("Available generators", 1)[1]
    return re.findall(r"^  ([a-z_]+) \(", text, re.M)


# Thrift 0.17's Smalltalk generator ("st") grows past all of the machine's 24 GiB on the
# benchmark model until the kernel kills it (taking other processes' memory with it): left out.
THRIFT_SKIP = {"st"}
# speed.py's own names for two thrift generators.
THRIFT_NAMES = {"js:ts": "thrift-ts", "c_glib": "thrift-c"}


def register():
    """Adds every generator anchor to speed.ANCHORS; returns their names."""
    names = []
    for gen in [g for g in thrift_generators() if g not in THRIFT_SKIP]:
        # js:ts is what TypeScript users run; plain js is a generator of its own.
        for variant in ([gen, "js:ts"] if gen == "js" else [gen]):
            name = THRIFT_NAMES.get(variant, "thrift-" + variant)
            speed.ANCHORS.setdefault(name, ("thrift --gen %s, once per file" % variant,
                                            speed.a_thrift(variant, name)))
            names.append(name)
    for gen in FLATC:
        name = "flatc-" + gen
        speed.ANCHORS.setdefault(name, ("flatc --%s" % gen, speed.a_flatc(["--" + gen], name)))
        names.append(name)
    for gen in PROTOC:
        name = "protoc-" + gen
        speed.ANCHORS.setdefault(name, ("protoc --%s_out" % gen,
                                        speed.a_protoc_out("--%s_out" % gen, name)))
        names.append(name)
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--payloadc", default=os.environ.get("PAYLOADC") or
                    os.path.join(ROOT, "build", "compiler", "payloadc"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="only the usual fastest anchors")
    ap.add_argument("--no-generate", action="store_true",
                    help="reuse bench/out/scaleN instead of regenerating")
    args = ap.parse_args()
    anchors = register()
    if args.quick:
        anchors = [a for a in QUICK if a in anchors]
    argv = ["--mode", "gen-scala", "--scales", str(args.scale), "--runs", str(args.runs),
            "--anchors", ",".join(anchors), "--payloadc", args.payloadc,
            "--json", os.path.join(BENCH, "out", "results-gen-scala.json")]
    if args.no_generate:
        argv.append("--no-generate")
    return speed.main(argv)


if __name__ == "__main__":
    main()
    sys.exit(0)
