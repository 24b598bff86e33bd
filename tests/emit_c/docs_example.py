#!/usr/bin/env python3
"""Compiles and runs the example of docs/c.md ("A complete example") against the C generated for
schemas/*.payload, and checks that it prints the output the page shows.

    tests/emit_c/docs_example.py --payloadc build/compiler/payloadc --library build/runtime/libpayload.a
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def blocks(section, fence):
    return re.findall(r"```" + fence + r"\n(.*?)```", section, re.S)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--payloadc", required=True)
    parser.add_argument("--library", required=True)
    args = parser.parse_args()
    page = (ROOT / "docs" / "c.md").read_text(encoding="utf-8")
    start = page.index("## A complete example")
    end = page.index("\n## ", start + 1)
    section = page[start:end]
    code, expected = blocks(section, "c")[0], blocks(section, "text")[0]
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([args.payloadc, "gen", "--lang", "c", "--out", str(tmp / "gen"),
                        *map(str, sorted((ROOT / "schemas").glob("*.payload")))], check=True)
        (tmp / "example.c").write_text(code)
        sanitize = (["-fsanitize=address,undefined"]
                    if b"__asan_" in open(args.library, "rb").read() else [])
        build = subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Werror", *sanitize,
                                "-I", str(tmp / "gen"), "-I", str(ROOT / "runtime" / "include"),
                                str(tmp / "example.c"), *map(str, sorted((tmp / "gen").glob("*.c"))),
                                args.library, "-o", str(tmp / "example")],
                               capture_output=True, text=True)
        if build.returncode != 0:
            print("FAIL: the example does not compile:\n" + build.stderr)
            return 1
        run = subprocess.run([str(tmp / "example")], capture_output=True, text=True)
        if run.returncode != 0 or run.stdout != expected:
            print(f"FAIL: exit {run.returncode}\n--- printed\n{run.stdout}{run.stderr}"
                  f"--- docs/c.md shows\n{expected}")
            return 1
    print("ok: the example of docs/c.md compiles and prints what the page shows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
