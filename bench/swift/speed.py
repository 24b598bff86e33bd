#!/usr/bin/env python3
"""How fast is `payloadc gen --lang swift` next to `thrift --gen swift` and `flatc --swift`?

    bench/swift/speed.py [--payloadc PATH] [--scale 1] [--runs 7] [--out DIR]

Generates the benchmark model with bench/gen_schema.py (unless DIR already has it), then times,
in the same run and interleaved round by round (so that a busy machine slows every tool alike):

    payloadc gen --lang swift --out OUT *.payload          (default layout: a file per .payload)
    payloadc gen --lang swift --option swift.layout=type --out OUT *.payload  (a file per type)
    thrift --gen swift -o OUT FILE, once per .thrift file                (as bench/speed.py does)
    flatc --swift -o OUT -I . *.fbs

Each command runs in its format's folder and writes into an output folder emptied (untimed)
before every run. Prints the median and minimum wall time and the median CPU time of each, and
the ratios payloadc / thrift and payloadc / flatc (target: under 0.2). Exit 0 whatever the numbers; 2 when
something cannot run. Python 3 standard library only.
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
ROOT = os.path.dirname(BENCH)


def model_files(model, fmt):
    with open(os.path.join(model, "manifest.json")) as fh:
        return json.load(fh)["files"][fmt]


def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(job):
    """One run of a job: empty its output folder, then time the command(s). Returns the wall
    time and the CPU time (user + system) of the processes it ran."""
    shutil.rmtree(job["out"], ignore_errors=True)
    os.makedirs(job["out"])
    cpu_start, start = cpu(), time.perf_counter()
    for argv in job["argvs"]:
        result = subprocess.run(argv, cwd=job["cwd"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        if result.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(argv[:3]), result.returncode,
                                                       result.stderr.decode()[:500]))
    return time.perf_counter() - start, cpu() - cpu_start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--payloadc", default=os.environ.get("PAYLOADC",
                    os.path.join(ROOT, "build", "compiler", "payloadc")))
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", default=os.path.join(BENCH, "out", "swift"))
    args = ap.parse_args()
    payloadc = os.path.abspath(args.payloadc)
    if not os.access(payloadc, os.X_OK):
        print("speed.py: no payloadc at %s (build it, or --payloadc)" % payloadc, file=sys.stderr)
        return 2

    model = os.path.join(args.out, "model-scale%d" % args.scale)
    if not os.path.exists(os.path.join(model, "manifest.json")):
        print("generating the scale-%d model..." % args.scale, file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_schema.py"), "--scale",
                        str(args.scale), "--out", model], check=True, stdout=subprocess.DEVNULL)

    gen = os.path.join(args.out, "gen")
    payload = model_files(model, "payload")
    jobs = [
        {"name": "payloadc", "what": "payloadc gen --lang swift (default layout: a file per .payload)",
         "cwd": os.path.join(model, "payload"), "out": os.path.join(gen, "payloadc"),
         "argvs": [[payloadc, "gen", "--lang", "swift", "--out", os.path.join(gen, "payloadc")] + payload]},
        {"name": "payloadc-per-type", "what": "payloadc gen --lang swift --option swift.layout=type",
         "cwd": os.path.join(model, "payload"), "out": os.path.join(gen, "payloadc-type"),
         "argvs": [[payloadc, "gen", "--lang", "swift", "--option", "swift.layout=type", "--out",
                    os.path.join(gen, "payloadc-type")] + payload]},
    ]
    if shutil.which("thrift"):
        out = os.path.join(gen, "thrift")
        jobs.append({"name": "thrift", "what": "thrift --gen swift, once per file",
                     "cwd": os.path.join(model, "thrift"), "out": out,
                     "argvs": [["thrift", "--gen", "swift", "-o", out, f]
                               for f in model_files(model, "thrift")]})
    if shutil.which("flatc"):
        out = os.path.join(gen, "flatc")
        jobs.append({"name": "flatc", "what": "flatc --swift",
                     "cwd": os.path.join(model, "fbs"), "out": out,
                     "argvs": [["flatc", "--swift", "-o", out, "-I", "."] + model_files(model, "fbs")]})

    try:
        for job in jobs:  # warm-up, and a check that each one works
            timed(job)
        times = {job["name"]: [] for job in jobs}  # (wall, cpu) per run
        for _ in range(args.runs):
            for job in jobs:
                times[job["name"]].append(timed(job))
    except RuntimeError as error:
        print("speed.py: %s" % error, file=sys.stderr)
        return 2

    with open(os.path.join(model, "manifest.json")) as fh:
        counts = json.load(fh)["counts"]
    files = sum(1 for _, _, names in os.walk(jobs[0]["out"]) for _ in names)
    per_type = sum(1 for _, _, names in os.walk(jobs[1]["out"]) for _ in names)
    print("Swift generation, scale %d: %d structs, %d enums, %d unions, %d routes; %d runs each, "
          "interleaved; %d CPUs; load average %.1f" % (
              args.scale, counts["structs"], counts["enums"], counts["unions"], counts["routes"],
              args.runs, os.cpu_count() or 0, os.getloadavg()[0]))
    print("payloadc writes %d files (default layout) or %d (a file per type)" % (files, per_type))
    print()
    print("| tool | command | median s | min s | median CPU s (user+sys) |")
    print("| --- | --- | ---: | ---: | ---: |")
    stats = {}
    for job in jobs:
        wall = [w for w, _ in times[job["name"]]]
        used = [c for _, c in times[job["name"]]]
        stats[job["name"]] = (statistics.median(wall), min(wall), statistics.median(used))
        print("| %s | %s | %.3f | %.3f | %.3f |" % ((job["name"], job["what"]) + stats[job["name"]]))
    print()
    print("Ratios (target: under 0.2). Wall time is what the target is about; on a shared,")
    print("busy machine the CPU time is the steadier measure of the same work.")
    for mine in ("payloadc", "payloadc-per-type"):
        for anchor in ("thrift", "flatc"):
            if anchor in stats:
                m, a = stats[mine], stats[anchor]
                ratio = m[0] / a[0]
                print("%-17s / %-6s  wall median %.3f, wall min %.3f, CPU %.3f  %s" % (
                    mine, anchor, ratio, m[1] / a[1], m[2] / a[2],
                    "under 0.2" if ratio < 0.2 else "NOT under 0.2"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
