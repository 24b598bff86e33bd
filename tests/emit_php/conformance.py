#!/usr/bin/env python3
"""Runs tests/conformance/run --lang php (all cases, or the ones given) with PAYLOADC set.

    tests/emit_php/conformance.py PAYLOADC [CASE_DIR...]

The runner compares outputs with a recursive function that uses about two Python frames per
level of nesting, and depth_limit's valid vector nests 512 levels, past Python's default limit
of 1000 frames; the runner itself is another engineer's, so this wrapper raises the limit
before running it. A missing php is the runner's "skipped: no php" (a failure with
PAYLOADC_REQUIRE_TOOLCHAINS=1).
"""
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def main():
    payloadc, cases = sys.argv[1], sys.argv[2:]
    sys.setrecursionlimit(20000)
    sys.argv = [str(ROOT / "tests" / "conformance" / "run"), "--lang", "php",
                "--payloadc", payloadc] + cases
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
    except SystemExit as done:
        return done.code or 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
