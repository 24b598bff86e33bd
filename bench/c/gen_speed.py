#!/usr/bin/env python3
"""Times `payloadc gen --lang c` against protoc's C generator (protobuf-c, `protoc --c_out`) and
`thrift --gen c_glib` on the same model (bench/gen_schema.py --scale 1, in bench/out/scale1;
generated when missing). Target: payloadc under 1/5 of each (docs/c.md, "Speed").

    bench/c/gen_speed.py [--payloadc PATH] [--runs N] [--scale-dir DIR]

Every command runs in its format's folder with relative file names and writes into an emptied
folder (emptied before each run, untimed). Times are wall-clock medians of N runs (default 5) of
the whole command (Thrift: one run per file, as it compiles one file per run), with the user +
system CPU time beside them, since the machines we share are often busy.

protoc-gen-c (protobuf-c 1.4) refuses proto3 `optional` fields, which the model uses; it is
timed on a copy of the .proto files without the `optional` labels (the same messages otherwise).
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_timed(commands, cwd, out_dir):
    """Runs the commands one after another; returns (wall seconds, cpu seconds)."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command in commands:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()[:500]}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payloadc", default=os.environ.get(
        "PAYLOADC", str(ROOT / "build" / "compiler" / "payloadc")))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale-dir", default=str(ROOT / "bench" / "out" / "scale1"))
    args = parser.parse_args()

    scale = Path(args.scale_dir)
    if not (scale / "payload").exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_schema.py"), "--scale", "1",
                        "--out", str(scale)], check=True)
    work = ROOT / "bench" / "out" / "gen-c"
    work.mkdir(parents=True, exist_ok=True)

    # protoc-gen-c cannot read proto3 optional: a copy without the labels.
    proto_c = work / "proto-no-optional"
    if proto_c.exists():
        shutil.rmtree(proto_c)
    proto_c.mkdir()
    for source in sorted((scale / "proto").glob("*.proto")):
        text = re.sub(r"(^|\s)optional ", r"\1", source.read_text())
        (proto_c / source.name).write_text(text)

    payloads = sorted(p.name for p in (scale / "payload").glob("*.payload"))
    protos = sorted(p.name for p in proto_c.glob("*.proto"))
    thrifts = sorted(p.name for p in (scale / "thrift").glob("*.thrift"))
    rows = [
        ("payloadc gen --lang c", scale / "payload", work / "payloadc",
         [[os.path.abspath(args.payloadc), "gen", "--lang", "c", "--out", str(work / "payloadc"),
           *payloads]]),
        ("protoc --c_out (protobuf-c)", proto_c, work / "protoc-c",
         [["protoc", "-I", ".", f"--c_out={work / 'protoc-c'}", *protos]]),
        ("thrift --gen c_glib (per file)", scale / "thrift", work / "thrift-c_glib",
         [["thrift", "--gen", "c_glib", "-o", str(work / "thrift-c_glib"), f] for f in thrifts]),
    ]
    results = {}
    for name, cwd, out_dir, commands in rows:
        missing = shutil.which(commands[0][0]) is None and not os.path.exists(commands[0][0])
        if missing:
            print(f"gen_speed: {commands[0][0]} not found; skipping {name}", file=sys.stderr)
            continue
        run_timed(commands, cwd, out_dir)  # warm-up, and a check that it works
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = run_timed(commands, cwd, out_dir)
            walls.append(wall)
            cpus.append(cpu)
        size = sum(f.stat().st_size for f in out_dir.rglob("*") if f.is_file())
        results[name] = (statistics.median(walls), min(walls), statistics.median(cpus), size)

    print(f"Model: {scale} ({len(payloads)} files; see bench/README.md). Median of {args.runs} runs.\n")
    print("| generator | wall s (median) | wall s (min) | CPU s (median) | output |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (median, low, cpu, size) in results.items():
        print(f"| {name} | {median:.3f} | {low:.3f} | {cpu:.3f} | {size / 1e6:.1f} MB |")
    ours = results.get("payloadc gen --lang c")
    if ours:
        print("\n| payloadc / anchor | wall (median) | CPU (median) | target |")
        print("| --- | ---: | ---: | --- |")
        for name, (median, _, cpu, _) in results.items():
            if name.startswith("payloadc"):
                continue
            print(f"| vs {name} | {ours[0] / median:.2f} | {ours[2] / cpu:.2f} | < 0.2 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
