#!/usr/bin/env python3
"""How fast is `payloadc gen --lang swift` next to `thrift --gen swift` and `flatc --swift`?

    bench/swift/speed.py [--payloadc PATH] [--scale 1] [--runs 7] [--out DIR] [--reuse-out]

Generates the benchmark model with bench/gen_schema.py (unless DIR already has it), then times,
in the same run and interleaved round by round (so that a busy machine slows every tool alike):

    payloadc gen --lang swift --out OUT *.payload          (default layout: a file per type)
    payloadc gen --lang swift --option swift.layout=file --out OUT *.payload  (a file per .payload)
    thrift --gen swift -o OUT FILE, once per .thrift file                (as bench/speed.py does)
    flatc --swift -o OUT -I . *.fbs

Each command runs in its format's folder and writes into an empty output folder: by default a
new folder per run, all deleted at the end; with --reuse-out one folder per tool, emptied
(untimed, rm -rf and mkdir) before every run, as bench/speed.py does. The difference matters
on ext4 without a journal (this machine): inodes freed in the last minutes are skipped one by
one when a file is created (ext4's recently_deleted()), so creating 2,300 files right after
deleting 2,300 costs up to a second of system time, where the same files cost ~0.05 s when
nothing was deleted just before. Prints the median and minimum wall time and the median CPU time of each, and
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
OUT = object()  # stands for the run's output folder in a command line
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)


def model_files(model, fmt):
    with open(os.path.join(model, "manifest.json")) as fh:
        return json.load(fh)["files"][fmt]


def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(job, reuse_out):
    """One run of a job: a fresh (or emptied) output folder, then time the command(s). Returns
    the wall time and the CPU time (user + system) of the processes it ran."""
    if reuse_out:
        out = job["out"]
        shutil.rmtree(out, ignore_errors=True)
    else:
        job["run"] = job.get("run", 0) + 1
        out = "%s-run%d" % (job["out"], job["run"])
        job["last"] = out
    os.makedirs(out)
    cpu_start, start = cpu(), time.perf_counter()
    for template in job["argvs"]:
        argv = [out if arg == OUT else arg for arg in template]
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
    ap.add_argument("--reuse-out", action="store_true",
                    help="empty one output folder per tool before each run (rm -rf) instead of "
                         "writing each run into a new folder")
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
    shutil.rmtree(gen, ignore_errors=True)
    payload = model_files(model, "payload")
    jobs = [
        {"name": "payloadc", "what": "payloadc gen --lang swift (default layout: a file per type)",
         "cwd": os.path.join(model, "payload"), "out": os.path.join(gen, "payloadc"),
         "argvs": [[payloadc, "gen", "--lang", "swift", "--out", OUT] + payload]},
        {"name": "payloadc-per-file", "what": "payloadc gen --lang swift --option swift.layout=file",
         "cwd": os.path.join(model, "payload"), "out": os.path.join(gen, "payloadc-file"),
         "argvs": [[payloadc, "gen", "--lang", "swift", "--option", "swift.layout=file", "--out",
                    OUT] + payload]},
    ]
    if shutil.which("thrift"):
        jobs.append({"name": "thrift", "what": "thrift --gen swift, once per file",
                     "cwd": os.path.join(model, "thrift"), "out": os.path.join(gen, "thrift"),
                     "argvs": [["thrift", "--gen", "swift", "-o", OUT, f]
                               for f in model_files(model, "thrift")]})
    if shutil.which("flatc"):
        jobs.append({"name": "flatc", "what": "flatc --swift",
                     "cwd": os.path.join(model, "fbs"), "out": os.path.join(gen, "flatc"),
                     "argvs": [["flatc", "--swift", "-o", OUT, "-I", "."] + model_files(model, "fbs")]})

    try:
        for job in jobs:  # warm-up, and a check that each one works
            timed(job, args.reuse_out)
        times = {job["name"]: [] for job in jobs}  # (wall, cpu) per run
        for _ in range(args.runs):
            for job in jobs:
                times[job["name"]].append(timed(job, args.reuse_out))
    except RuntimeError as error:
        print("speed.py: %s" % error, file=sys.stderr)
        return 2

    with open(os.path.join(model, "manifest.json")) as fh:
        counts = json.load(fh)["counts"]
    last = [job["out"] if args.reuse_out else job["last"] for job in jobs[:2]]
    per_type = sum(1 for _, _, names in os.walk(last[0]) for _ in names)
    per_file = sum(1 for _, _, names in os.walk(last[1]) for _ in names)
    print("Swift generation, scale %d: %d structs, %d enums, %d unions, %d routes; %d runs each, "
          "interleaved, %s; %d CPUs; load average %.1f" % (
              args.scale, counts["structs"], counts["enums"], counts["unions"], counts["routes"],
              args.runs, "output folders emptied by rm -rf" if args.reuse_out
              else "a new output folder per run", os.cpu_count() or 0, os.getloadavg()[0]))
    print("payloadc writes %d files (default layout: a file per type) or %d (a file per .payload)"
          % (per_type, per_file))
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
    for mine in ("payloadc", "payloadc-per-file"):
        for anchor in ("thrift", "flatc"):
            if anchor in stats:
                m, a = stats[mine], stats[anchor]
                ratio = m[0] / a[0]
                print("%-17s / %-6s  wall median %.3f, wall min %.3f, CPU %.3f  %s" % (
                    mine, anchor, ratio, m[1] / a[1], m[2] / a[2],
                    "under 0.2" if ratio < 0.2 else "NOT under 0.2"))
    if not args.reuse_out:
        shutil.rmtree(gen, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
