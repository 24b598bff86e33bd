#!/usr/bin/env python3
"""payloadc gen --lang php against thrift --gen php and flatc --php, interleaved.

Run through bench/php/speed.sh (see bench/php/README.md). The model is bench/gen_schema.py's
(scale 1 by default: 2,000 structs). Every round times each tool once, in turn, each writing
into a folder emptied (untimed) just before; so a burst of load from other work on the machine
hits the tools alike, and the ratio of each round is a fair one. Reported: each tool's median
and minimum wall time and CPU time (user + sys of the process tree), and payloadc's ratio to each
anchor -- the median of the per-round ratios, and the ratio of the medians.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
OUT = os.path.join(BENCH, "out")


def files(model, fmt):
    with open(os.path.join(model, "manifest.json")) as fh:
        return json.load(fh)["files"][fmt]


def tools(payloadc, model):
    """name -> (argv, cwd, output folder)"""
    gen = os.path.join(OUT, "gen")
    thrift_out = os.path.join(gen, "php-thrift")
    loop = 'for f in "$@"; do thrift --gen php -o %s "$f" || exit 1; done' % thrift_out
    return {
        "payloadc": ([payloadc, "gen", "--lang", "php", "--out", os.path.join(gen, "php-payloadc")]
                     + files(model, "payload"), os.path.join(model, "payload"),
                     os.path.join(gen, "php-payloadc")),
        "thrift-php": (["bash", "-c", loop, "bash"] + files(model, "thrift"),
                       os.path.join(model, "thrift"), thrift_out),
        "flatc-php": (["flatc", "--php", "-o", os.path.join(gen, "php-flatc"), "-I", "."]
                      + files(model, "fbs"), os.path.join(model, "fbs"),
                      os.path.join(gen, "php-flatc")),
    }


def run_once(argv, cwd, out):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        return None, proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
    return (wall, cpu), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--payloadc", required=True)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--json", default=os.path.join(OUT, "results-gen-php-interleaved.json"))
    args = ap.parse_args()

    model = os.path.join(OUT, "scale%d" % args.scale)
    if not os.path.exists(os.path.join(model, "manifest.json")):
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_schema.py"), "--scale",
                        str(args.scale), "--out", model], stdout=sys.stderr, check=True)
    table = tools(os.path.abspath(args.payloadc), model)
    with open(os.path.join(model, "manifest.json")) as fh:
        counts = json.load(fh)["counts"]

    results = {name: [] for name in table}
    notes = {}
    for name, (argv, cwd, out) in table.items():  # one untimed warm-up each; drop what fails
        if shutil.which(argv[0]) is None and not os.access(argv[0], os.X_OK):
            notes[name] = "not installed"
            continue
        times, error = run_once(argv, cwd, out)
        if times is None:
            notes[name] = "fails on this model: " + " ".join(error)
    live = [n for n in table if n not in notes]
    for r in range(args.rounds):
        sys.stderr.write("round %d/%d\n" % (r + 1, args.rounds))
        for name in live:
            times, error = run_once(*table[name])
            results[name].append(times)

    print("## payloadc gen --lang php vs the PHP generators of thrift and flatc")
    print()
    print("Scale %d: %d structs, %d enums, %d unions, %d routes. %d interleaved rounds; "
          "CPU = user + sys of the process tree. CPU count: %d; load average now: %.1f."
          % (args.scale, counts["structs"], counts["enums"], counts["unions"], counts["routes"],
             args.rounds, os.cpu_count() or 0, os.getloadavg()[0]))
    print()
    print("| tool | median s | min s | median CPU s | min CPU s | files written |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    summary = {}
    for name in table:
        if name in notes:
            print("| %s | %s | | | | |" % (name, notes[name]))
            continue
        walls = [t[0] for t in results[name] if t]
        cpus = [t[1] for t in results[name] if t]
        written = sum(len(fs) for _, _, fs in os.walk(table[name][2]))
        summary[name] = {"median": statistics.median(walls), "min": min(walls),
                         "cpu_median": statistics.median(cpus), "cpu_min": min(cpus),
                         "walls": walls, "cpus": cpus, "files": written}
        s = summary[name]
        print("| %s | %.3f | %.3f | %.3f | %.3f | %d |" % (name, s["median"], s["min"],
                                                          s["cpu_median"], s["cpu_min"], written))
    print()
    print("Ratios, payloadc / anchor (target < 0.2):")
    p = summary.get("payloadc")
    for name in table:
        if name == "payloadc":
            continue
        if name in notes or not p:
            print("- %s: no ratio (%s)" % (name, notes.get(name, "payloadc failed")))
            continue
        a = summary[name]
        per_round = statistics.median(x / y for x, y in zip(p["walls"], a["walls"]))
        print("- %s: %.3f (median of per-round ratios), %.3f (medians), %.3f (CPU medians)"
              % (name, per_round, p["median"] / a["median"], p["cpu_median"] / a["cpu_median"]))
        summary[name]["ratio_per_round"] = per_round
    with open(args.json, "w") as fh:
        json.dump({"scale": args.scale, "rounds": args.rounds, "notes": notes,
                   "results": summary}, fh, indent=1)
    print()
    print("(results also in %s)" % os.path.relpath(args.json, os.path.dirname(BENCH)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
