#!/usr/bin/env python3
"""The complete example of docs/server.md: extracts shop.payload (the ```payload block), main.c
(the ```c block with main) and the expected output (the ```text block after it), generates the
C code, builds, runs and compares the output line by line."""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

parser = argparse.ArgumentParser()
parser.add_argument("--doc", required=True)
parser.add_argument("--payloadc", required=True)
parser.add_argument("--cc", default="cc")
parser.add_argument("--include", required=True)
parser.add_argument("--library", required=True)
args = parser.parse_args()

doc = pathlib.Path(args.doc).read_text()
blocks = re.findall(r"```(\w*)\n(.*?)```", doc, re.S)
schema = next(text for lang, text in blocks if lang == "payload" and "package shop;" in text)
main_index = next(i for i, (lang, text) in enumerate(blocks) if lang == "c" and "int main" in text)
program = blocks[main_index][1]
expected = next(text for lang, text in blocks[main_index + 1:] if lang == "text")

with tempfile.TemporaryDirectory() as work:
    w = pathlib.Path(work)
    (w / "shop.payload").write_text(schema)
    (w / "main.c").write_text(program)
    subprocess.run([args.payloadc, "gen", "--lang", "c", "--out", str(w / "gen"),
                    str(w / "shop.payload")], check=True)
    # A sanitizer build's libpayload needs the program built with the same sanitizers.
    sanitize = (["-fsanitize=address,undefined"]
                if b"__asan_" in open(args.library, "rb").read() else [])
    subprocess.run([args.cc, "-std=c11", "-Wall", "-Wextra", "-Werror", *sanitize, "-I", str(w / "gen"),
                    "-I", args.include, str(w / "main.c"), str(w / "gen" / "shop.c"),
                    args.library, "-lm", "-o", str(w / "shop")], check=True)
    got = subprocess.run([str(w / "shop")], capture_output=True, text=True, check=True).stdout

if got.splitlines() != expected.splitlines():
    print("docs/server.md: the example's output differs\n--- documented\n" + expected +
          "--- actual\n" + got, file=sys.stderr)
    sys.exit(1)
print(f"{len(got.splitlines())} lines as documented")
