#!/usr/bin/env python3
"""payloadc gen --lang php against thrift --gen php and flatc --php, interleaved.

Run through bench/php/speed.sh (see bench/php/README.md). The model is bench/gen_schema.py's
(scale 1 by default: 2,000 structs); flatc --php reads its fbs-php/ variant, the only change
being optional scalars as plain ones (flatc's PHP generator has no optional scalars). Every
round times each tool once, in turn, each writing into a folder of its own that no earlier run
used; the folders are deleted after the last round. (Deleting a tool's output just before the
next run would make the file system pay for it in that run: on an ext4 without a journal, as
here, creating a file skips the inodes deleted in the last minutes one by one.) So a burst of
load from other work on the machine hits the tools alike, and the ratio of each round is a fair
one. Reported: each tool's median and minimum wall time and CPU time (user + sys of the process
tree), and payloadc's ratio to each anchor -- the median of the per-round ratios, the ratio of
the medians, and the ratio of the CPU medians.
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
    """name -> (argv builder taking the output folder, cwd)"""
    def payloadc_argv(out):
        return [payloadc, "gen", "--lang", "php", "--out", out] + files(model, "payload")

    def thrift_argv(out):
        loop = 'for f in "$@"; do thrift --gen php -o "%s" "$f" || exit 1; done' % out
        return ["bash", "-c", loop, "bash"] + files(model, "thrift")

    def flatc_argv(out):
        return ["flatc", "--php", "-o", out, "-I", "."] + files(model, "fbs-php")

    return {
        "payloadc": (payloadc_argv, os.path.join(model, "payload")),
        "thrift-php": (thrift_argv, os.path.join(model, "thrift")),
        "flatc-php": (flatc_argv, os.path.join(model, "fbs-php")),
    }


def run_once(argv, cwd, out):
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


def count_files(folder):
    return sum(len(fs) for _, _, fs in os.walk(folder))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--payloadc", required=True)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--json", default=os.path.join(OUT, "results-gen-php-interleaved.json"))
    ap.add_argument("--out-root", default=os.path.join(OUT, "gen"),
                    help="where the runs' output folders go (default bench/out/gen; "
                         "/dev/shm puts them on tmpfs)")
    args = ap.parse_args()

    model = os.path.join(OUT, "scale%d" % args.scale)
    manifest = os.path.join(model, "manifest.json")
    if not os.path.exists(manifest) or "fbs-php" not in json.load(open(manifest))["files"]:
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_schema.py"), "--scale",
                        str(args.scale), "--out", model], stdout=sys.stderr, check=True)
    table = tools(os.path.abspath(args.payloadc), model)
    with open(os.path.join(model, "manifest.json")) as fh:
        counts = json.load(fh)["counts"]

    root = os.path.join(args.out_root, "php-speed-%d" % os.getpid())
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    results = {name: [] for name in table}
    files_written = {}
    notes = {}
    try:
        for name, (argv, cwd) in table.items():  # one untimed warm-up each; drop what fails
            out = os.path.join(root, "%s-warm" % name)
            if shutil.which(argv(out)[0]) is None and not os.access(argv(out)[0], os.X_OK):
                notes[name] = "not installed"
                continue
            times, error = run_once(argv(out), cwd, out)
            if times is None:
                notes[name] = "fails on this model: " + " ".join(error)
            files_written[name] = count_files(out)
        live = [n for n in table if n not in notes]
        for r in range(args.rounds):
            sys.stderr.write("round %d/%d\n" % (r + 1, args.rounds))
            for name in live:
                argv, cwd = table[name]
                out = os.path.join(root, "%s-%d" % (name, r))
                times, error = run_once(argv(out), cwd, out)
                results[name].append(times)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print("## payloadc gen --lang php vs the PHP generators of thrift and flatc")
    print()
    print("Scale %d: %d structs, %d enums, %d unions, %d routes. %d interleaved rounds; "
          "CPU = user + sys of the process tree. Output under %s. CPU count: %d; load average "
          "now: %.1f."
          % (args.scale, counts["structs"], counts["enums"], counts["unions"], counts["routes"],
             args.rounds, args.out_root, os.cpu_count() or 0, os.getloadavg()[0]))
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
        written = files_written[name]
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
        cpu_per_round = statistics.median(x / y for x, y in zip(p["cpus"], a["cpus"]))
        print("- %s: wall %.3f (median of per-round ratios), %.3f (medians); CPU %.3f "
              "(median of per-round ratios), %.3f (medians)"
              % (name, per_round, p["median"] / a["median"], cpu_per_round,
                 p["cpu_median"] / a["cpu_median"]))
        summary[name]["ratio_per_round"] = per_round
        summary[name]["cpu_ratio_per_round"] = cpu_per_round
    with open(args.json, "w") as fh:
        json.dump({"scale": args.scale, "rounds": args.rounds, "out_root": args.out_root,
                   "notes": notes, "results": summary}, fh, indent=1)
    print()
    print("(results also in %s)" % os.path.relpath(args.json, os.path.dirname(BENCH)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
