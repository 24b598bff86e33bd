#!/usr/bin/env python3
"""Speed comparison of payloadc against protoc, thrift and flatc.

Run through bench/check_speed.sh (which only execs this file); see
bench/README.md.  Prints a table; it is not a test and exits 0 whatever the
numbers are (2 only for bad usage or a generator failure).
"""

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(BENCH, "out")
TIME = "/usr/bin/time"


# ---------------------------------------------------------------------------
# Commands.  A "job" is one thing to time: a tool run on one scale's model.
# cmd is an argv list, run without a shell in cwd (the format's folder, with
# file names relative to it, as a user would type them: flatc is markedly
# slower when given absolute paths); out is a folder recreated, untimed,
# before every run (None: the command writes nothing to keep).
# ---------------------------------------------------------------------------

class Job:
    def __init__(self, tool, what, scale, cmd, cwd, out=None, is_payloadc=False):
        self.tool, self.what, self.scale = tool, what, scale
        self.cmd, self.cwd, self.out = cmd, cwd, out
        self.is_payloadc = is_payloadc
        self.status = "ok"       # ok | failed | missing
        self.note = ""
        self.median = self.min = self.rss_kb = self.cpu = None
        self.times = []


def files(model, fmt):
    """The model's files of one format, relative to model/fmt."""
    with open(os.path.join(model, "manifest.json")) as fh:
        return json.load(fh)["files"][fmt]


def per_file(tool_argv, paths):
    """One invocation per file, in one process tree (Thrift compiles one file
    per run, so this is how a build drives it); stops at the first failure."""
    script = 'for f in "$@"; do %s "$f" || exit 1; done' % " ".join(
        shlex.quote(a) for a in tool_argv)
    return ["bash", "-c", script, "bash"] + paths


def gen_dir(name, scale):
    return os.path.join(OUT, "gen", "%s-scale%d" % (name, scale))


# Anchors: name -> (description, builder(model, scale) -> (argv, out dir)),
# run in model/FORMAT where FORMAT is the anchor name's first word's format.
def a_protoc_check(model, scale):
    return (["protoc", "-I", ".", "--descriptor_set_out=/dev/null"] + files(model, "proto"),
            None)


def a_protoc_out(flag, name):
    def build(model, scale):
        out = gen_dir(name, scale)
        return (["protoc", "-I", ".", "%s=%s" % (flag, out)] + files(model, "proto"), out)
    return build


def a_thrift(gen, name):
    def build(model, scale):
        out = gen_dir(name, scale)
        return per_file(["thrift", "--gen", gen, "-o", out], files(model, "thrift")), out
    return build


def a_flatc(flags, name, fmt="fbs"):
    def build(model, scale):
        out = gen_dir(name, scale)
        return ["flatc"] + flags + ["-o", out, "-I", "."] + files(model, fmt), out
    return build


ANCHORS = {
    "protoc-desc": ("protoc --descriptor_set_out=/dev/null: parse, link, validate "
                    "all files, no code generation", a_protoc_check),
    "protoc-cpp": ("protoc --cpp_out", a_protoc_out("--cpp_out", "protoc-cpp")),
    "protoc-java": ("protoc --java_out", a_protoc_out("--java_out", "protoc-java")),
    "protoc-php": ("protoc --php_out", a_protoc_out("--php_out", "protoc-php")),
    "thrift-ts": ("thrift --gen js:ts, once per file", a_thrift("js:ts", "thrift-ts")),
    "thrift-json": ("thrift --gen json, once per file (cheapest generator)",
                    a_thrift("json", "thrift-json")),
    "thrift-c": ("thrift --gen c_glib, once per file", a_thrift("c_glib", "thrift-c")),
    "thrift-swift": ("thrift --gen swift, once per file", a_thrift("swift", "thrift-swift")),
    "thrift-php": ("thrift --gen php, once per file", a_thrift("php", "thrift-php")),
    "thrift-java": ("thrift --gen java, once per file", a_thrift("java", "thrift-java")),
    "flatc-ts": ("flatc --ts", a_flatc(["--ts"], "flatc-ts")),
    "flatc-bfbs": ("flatc -b --schema: parse, check, write binary schema (.bfbs), "
                   "no code generation", a_flatc(["-b", "--schema"], "flatc-bfbs")),
    "flatc-cpp": ("flatc --cpp", a_flatc(["--cpp"], "flatc-cpp")),
    "flatc-swift": ("flatc --swift", a_flatc(["--swift"], "flatc-swift")),
    "flatc-php": ("flatc --php (on fbs-php/: optional scalars as plain ones, which flatc's "
                  "PHP generator requires)", a_flatc(["--php"], "flatc-php", "fbs-php")),
    "flatc-java": ("flatc --java", a_flatc(["--java"], "flatc-java")),
}

# mode -> (payloadc arguments before the files, or None: a gen mode whose
#          --out is added; the --lang value), default anchors
MODES = {
    "check": (None, ["protoc-desc", "thrift-ts", "thrift-json", "flatc-ts", "flatc-bfbs"]),
    "gen-ts": ("ts", ["thrift-ts", "flatc-ts"]),
    "gen-c": ("c", ["protoc-cpp", "thrift-c", "flatc-cpp"]),
    "gen-swift": ("swift", ["thrift-swift", "flatc-swift"]),
    "gen-php": ("php", ["protoc-php", "thrift-php", "flatc-php"]),
    "gen-scala": ("scala", ["protoc-java", "thrift-java", "flatc-java"]),
    "gen-all": ("all", []),
}


def payloadc_job(payloadc, mode, model, scale):
    lang = MODES[mode][0]
    paths = files(model, "payload")
    cwd = os.path.join(model, "payload")
    if lang is None:
        return Job("payloadc", "payloadc check", scale, [payloadc, "check"] + paths,
                   cwd, is_payloadc=True)
    out = gen_dir("payloadc-" + lang, scale)
    return Job("payloadc", "payloadc gen --lang %s (into an empty --out)" % lang, scale,
               [payloadc, "gen", "--lang", lang, "--out", out] + paths, cwd, out, True)


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

# Between runs an output folder is moved aside, not deleted: on this machine's ext4 (no
# journal) creating a file right after thousands were deleted walks the list of recently
# deleted inodes, which made runs writing many files several times slower than the tool's
# own work. Everything moved aside is deleted once the timings are done.
TRASH = os.path.join(OUT, "gen-trash")
MOVE_ASIDE = ('if [ -e "$1" ]; then mkdir -p "$2" && '
              'mv "$1" "$(mktemp -d "$2/run.XXXXXX")/out"; fi && mkdir -p "$1"')


def reset(out):
    if out:
        subprocess.run(["bash", "-c", MOVE_ASIDE, "bash", out, TRASH], check=True)


def empty_trash():
    shutil.rmtree(TRASH, ignore_errors=True)


def validate(job):
    """One untimed run: the tool must exit 0 (payloadc check: and say nothing)."""
    if shutil.which(job.cmd[0]) is None and not os.access(job.cmd[0], os.X_OK):
        job.status, job.note = "missing", "%s not found" % job.cmd[0]
        return False
    reset(job.out)
    p = subprocess.run(job.cmd, cwd=job.cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    text = p.stdout.decode("utf-8", "replace").strip()
    if p.returncode != 0:
        job.status = "failed"
        job.note = "exit %d: %s" % (p.returncode, first_lines(text))
        return False
    if text:
        if job.is_payloadc and job.out is None:
            job.status = "failed"
            job.note = "exit 0 but printed diagnostics: " + first_lines(text)
            return False
        job.note = "output: " + first_lines(text, 2)
    return True


def first_lines(text, n=6):
    lines = text.splitlines()
    more = " [... %d more lines]" % (len(lines) - n) if len(lines) > n else ""
    return " | ".join(lines[:n]) + more


def rss_run(job):
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as tf:
        reset(job.out)
        t0 = time.perf_counter()
        p = subprocess.run([TIME, "-f", "%M", "-o", tf.name] + job.cmd, cwd=job.cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError("%s exited %d" % (job.cmd[0], p.returncode))
        return dt, int(tf.read().strip().splitlines()[-1])


def time_job(job, args):
    if args.timer == "hyperfine":
        with tempfile.NamedTemporaryFile("r", suffix=".json") as tf:
            hf = ["hyperfine", "-N", "--style", "none", "--output", "null",
                  "--runs", str(args.runs), "--warmup", str(args.warmup),
                  "--export-json", tf.name]
            if job.out:
                hf += ["--prepare", shlex.join(["bash", "-c", MOVE_ASIDE, "bash", job.out,
                                                TRASH])]
            hf.append(shlex.join(job.cmd))
            p = subprocess.run(hf, cwd=job.cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
            if p.returncode != 0:
                job.status = "failed"
                job.note = "hyperfine: " + first_lines(p.stderr.decode("utf-8", "replace"))
                return
            res = json.load(tf)["results"][0]
        job.times = res["times"]
        job.median, job.min = res["median"], res["min"]
        job.cpu = res["user"] + res["system"]
        job.rss_kb = max(rss_run(job)[1] for _ in range(args.rss_runs))
    else:
        for _ in range(args.warmup):
            rss_run(job)
        runs = [rss_run(job) for _ in range(args.runs)]
        job.times = [t for t, _ in runs]
        job.median, job.min = statistics.median(job.times), min(job.times)
        job.rss_kb = max(r for _, r in runs)


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def report(jobs, args, models, payloadc):
    say = print
    say()
    say("## payloadc speed, mode `%s`" % args.mode)
    say()
    timer = "hyperfine -N, %d warmup" % args.warmup if args.timer == "hyperfine" else \
        "own loop around /usr/bin/time, %d warmup" % args.warmup
    say("Median of %d runs (%s); peak RSS = max of /usr/bin/time -f %%M over %s. "
        "CPU count: %d." % (args.runs, timer,
                            "%d extra runs" % args.rss_runs if args.timer == "hyperfine"
                            else "the timed runs", os.cpu_count() or 0))
    say()
    for scale, model in models:
        with open(os.path.join(model, "manifest.json")) as fh:
            c = json.load(fh)["counts"]
        say("- scale %d: %d structs, %d fields, %d enums, %d unions, %d routes in %d "
            "services; 9 files per format; payload %.2f MB, proto %.2f MB, thrift %.2f MB, "
            "fbs %.2f MB" % (scale, c["structs"], c["fields"], c["enums"], c["unions"],
                             c["routes"], c["services"], c["bytes"]["payload"] / 1e6,
                             c["bytes"]["proto"] / 1e6, c["bytes"]["thrift"] / 1e6,
                             c["bytes"]["fbs"] / 1e6))
    say()
    say("| tool | scale | median s | min s | user+sys s | peak RSS MB | vs own scale 1 |")
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    base = {}
    for j in jobs:
        if j.median is not None and j.scale == min(s for s, _ in models):
            base[j.tool] = j
    for j in jobs:
        if j.median is None:
            say("| %s | %d | %s | | | | |" % (j.tool, j.scale, j.status.upper()))
            continue
        b = base.get(j.tool)
        ratio = "%.1f×" % (j.median / b.median) if b and b is not j else ""
        cpu = "%.3f" % j.cpu if j.cpu is not None else "n/a"
        say("| %s | %d | %.3f | %.3f | %s | %.1f | %s |" % (
            j.tool, j.scale, j.median, j.min, cpu, j.rss_kb / 1024.0, ratio))
    say()
    say("What each row runs:")
    seen = set()
    for j in jobs:
        if j.tool not in seen:
            seen.add(j.tool)
            say("- %s: %s" % (j.tool, j.what))
    if any(j.out for j in jobs):
        say("- Every run writes into an empty folder; the previous run's output is moved aside "
            "(renamed), and deleted only after all timings.")
    notes = [j for j in jobs if j.note]
    if notes:
        say()
        say("Notes:")
        for j in notes:
            say("- %s scale %d (%s): %s" % (j.tool, j.scale, j.status, j.note))
    say()
    say("Targets:")
    scales = sorted(s for s, _ in models)
    s1 = scales[0]
    anchors1 = [j for j in jobs if not j.is_payloadc and j.scale == s1 and j.median]
    p = {j.scale: j for j in jobs if j.is_payloadc and j.median}
    fastest = min(anchors1, key=lambda j: j.median) if anchors1 else None
    if fastest:
        say("- fastest anchor at scale %d: %s, %.3f s" % (s1, fastest.tool, fastest.median))
    summary = {}
    if fastest and s1 in p:
        r = p[s1].median / fastest.median
        summary["payloadc_over_fastest_anchor"] = r
        say("- payloadc / fastest anchor at scale %d: %.3f (target < 0.2: %s)%s"
            % (s1, r, "met" if r < 0.2 else "NOT met", cpu_ratio(p[s1], fastest)))
        for j in sorted(anchors1, key=lambda j: j.median):
            say("    - payloadc / %s: %.3f" % (j.tool, p[s1].median / j.median))
    elif not payloadc:
        say("- payloadc: not measured (no binary at %s)" % args.payloadc)
    else:
        say("- payloadc / fastest anchor: not available (payloadc failed, see notes)")
    if len(scales) > 1 and s1 in p and scales[-1] in p:
        r = p[scales[-1]].median / p[s1].median
        summary["payloadc_scale_ratio"] = r
        target = 1.2 * scales[-1] / s1      # 12 for scale 10 vs scale 1
        say("- payloadc scale %d / scale %d time: %.2f (target <= %g: %s)%s"
            % (scales[-1], s1, r, target, "met" if r <= target else "NOT met",
               cpu_ratio(p[scales[-1]], p[s1])))
    return summary


def cpu_ratio(a, b):
    if a.cpu is None or b.cpu is None or not b.cpu:
        return ""
    return "; by user+sys CPU time: %.3f" % (a.cpu / b.cpu)


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="check_speed.sh",
        description="Time payloadc against protoc, thrift and flatc on the same "
                    "generated model (bench/gen_schema.py) and print a table.")
    ap.add_argument("--mode", choices=sorted(MODES), default="check",
                    help="what payloadc does: check (default) or gen-LANG "
                         "(payloadc gen --lang LANG); picks matching anchors")
    ap.add_argument("--scales", default="1,10", help="comma-separated (default 1,10)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per job (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--rss-runs", type=int, default=2,
                    help="extra /usr/bin/time runs for peak RSS with hyperfine (default 2)")
    ap.add_argument("--anchors", help="comma-separated anchor names (default: the mode's); "
                                      "'none' for payloadc only; known: " + ", ".join(ANCHORS))
    ap.add_argument("--timer", choices=["hyperfine", "loop"],
                    default="hyperfine" if shutil.which("hyperfine") else "loop")
    ap.add_argument("--no-generate", action="store_true",
                    help="reuse bench/out/scaleN instead of regenerating")
    ap.add_argument("--payloadc", default=os.environ.get("PAYLOADC") or
                    os.path.join(ROOT, "build", "compiler", "payloadc"),
                    help="binary (default $PAYLOADC or build/compiler/payloadc)")
    ap.add_argument("--json", default=None,
                    help="write the results here (default bench/out/results-MODE.json)")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.rss_runs < 1:
        ap.error("--runs and --rss-runs must be >= 1, --warmup >= 0")
    try:
        scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    except ValueError:
        ap.error("--scales takes integers, e.g. 1,10")
    anchors = MODES[args.mode][1] if not args.anchors else \
        ([] if args.anchors == "none" else args.anchors.split(","))
    for a in anchors:
        if a not in ANCHORS:
            ap.error("unknown anchor %r; known: %s" % (a, ", ".join(ANCHORS)))
    if not os.path.exists(TIME):
        ap.error("%s is needed for peak RSS" % TIME)
    args.payloadc = os.path.abspath(args.payloadc)

    models = []
    for s in scales:
        model = os.path.join(OUT, "scale%d" % s)
        if not (args.no_generate and os.path.exists(os.path.join(model, "manifest.json"))):
            r = subprocess.run([sys.executable, os.path.join(BENCH, "gen_schema.py"),
                                "--scale", str(s), "--out", model], stdout=sys.stderr)
            if r.returncode != 0:
                print("gen_schema.py failed", file=sys.stderr)
                return 2
        models.append((s, model))

    payloadc = os.access(args.payloadc, os.X_OK)
    if not payloadc:
        print("note: no payloadc binary at %s (set $PAYLOADC); timing the anchors only"
              % args.payloadc, file=sys.stderr)
    jobs = []      # tool-major: each tool at every scale, payloadc first
    for s, model in models:
        if payloadc:
            jobs.append(payloadc_job(args.payloadc, args.mode, model, s))
        for a in anchors:
            what, build = ANCHORS[a]
            cmd, out = build(model, s)
            fmt = {"protoc": "proto", "thrift": "thrift", "flatc": "fbs"}[a.split("-")[0]]
            if a == "flatc-php":
                fmt = "fbs-php"
            jobs.append(Job(a, what, s, cmd, os.path.join(model, fmt), out))

    order = ["payloadc"] + anchors
    jobs.sort(key=lambda j: (order.index(j.tool), j.scale))
    for j in jobs:
        sys.stderr.write("timing %-12s scale %-3d ... " % (j.tool, j.scale))
        sys.stderr.flush()
        if validate(j):
            try:
                time_job(j, args)
            except RuntimeError as e:
                j.status, j.note = "failed", str(e)
        sys.stderr.write("%s\n" % ("%.3f s" % j.median if j.median is not None
                                   else j.status))
    empty_trash()
    summary = report(jobs, args, models, payloadc)

    path = args.json or os.path.join(OUT, "results-%s.json" % args.mode)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        json.dump({"mode": args.mode, "runs": args.runs, "warmup": args.warmup,
                   "timer": args.timer, "payloadc": args.payloadc if payloadc else None,
                   "summary": summary,
                   "jobs": [{"tool": j.tool, "what": j.what, "scale": j.scale,
                             "status": j.status, "note": j.note, "median_s": j.median,
                             "min_s": j.min, "mean_user_plus_sys_s": j.cpu,
                             "peak_rss_kb": j.rss_kb, "times_s": j.times,
                             "cmd": j.cmd if len(shlex.join(j.cmd)) < 400 else
                             shlex.join(j.cmd)[:400] + " ..."}
                            for j in jobs]}, fh, indent=1)
    print("\n(results also in %s)" % os.path.relpath(path, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
