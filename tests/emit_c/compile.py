#!/usr/bin/env python3
"""Compiles what `payloadc gen --lang c` writes for schemas/*.payload and for
tests/emit_c/schemas/everything.payload with the flags docs/c.md promises, -Werror included, with
every C compiler found (gcc, clang), then checks that the headers are usable from C++ and that
everything links with libpayload.

    tests/emit_c/compile.py --payloadc build/compiler/payloadc --library build/runtime/libpayload.a
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
INCLUDE = ROOT / "runtime" / "include"
FLAGS = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wconversion",
         "-Wstrict-prototypes", "-Wmissing-prototypes", "-Wcast-qual", "-Wundef", "-Werror"]
SETS = {
    "mycoach": sorted((ROOT / "schemas").glob("*.payload")),
    "everything": [HERE / "schemas" / "everything.payload"],
}


def run(command, what):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"FAIL {what}:\n{(result.stdout + result.stderr).strip()[:4000]}")
        return False
    print(f"ok {what}")
    return True


def link_flags(library):
    """A libpayload built with PAYLOADC_SANITIZE needs the sanitizer runtimes at link time."""
    text = open(library, "rb").read()
    return ["-fsanitize=address,undefined"] if b"__asan_" in text or b"__ubsan_" in text else []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--payloadc", required=True)
    parser.add_argument("--library", required=True)
    args = parser.parse_args()
    compilers = [c for c in ("gcc", "clang") if shutil.which(c)]
    cxx = shutil.which("g++") or shutil.which("clang++")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, schemas in SETS.items():
            out = Path(tmp) / name
            if not run([args.payloadc, "gen", "--lang", "c", "--out", str(out), *map(str, schemas)],
                       f"payloadc gen {name}"):
                ok = False
                continue
            sources = sorted(out.glob("*.c"))
            headers = sorted(out.glob("*.h"))
            for cc in compilers:
                for optimize in ("-O0", "-O2"):
                    objects = []
                    for source in sources:
                        obj = out / f"{source.stem}.{cc}{optimize}.o"
                        objects.append(str(obj))
                        ok &= run([cc, *FLAGS, optimize, "-I", str(out), "-I", str(INCLUDE), "-c",
                                   str(source), "-o", str(obj)],
                                  f"{cc} {optimize} {name}/{source.name}")
            # Every header on its own (self-contained), and all of them together from C++.
            for header in headers:
                probe = out / f"probe_{header.stem}.c"
                probe.write_text(f'#include "{header.name}"\n#include "{header.name}"\n'
                                 "int probe(void);\nint probe(void) { return 0; }\n")
                ok &= run([compilers[0], *FLAGS, "-I", str(out), "-I", str(INCLUDE), "-c",
                           str(probe), "-o", str(probe.with_suffix(".o"))],
                          f"{header.name} alone, twice")
            if cxx:
                probe = out / "probe.cpp"
                probe.write_text("".join(f'#include "{h.name}"\n' for h in headers) +
                                 "int main() { return 0; }\n")
                ok &= run([cxx, "-std=c++17", "-Wall", "-Wextra", "-Werror", "-I", str(out),
                           "-I", str(INCLUDE), "-fsyntax-only", str(probe)],
                          f"{name} headers from C++")
            # Link everything (one compiler's objects) into a program.
            main_c = out / "main_probe.c"
            main_c.write_text("int main(void) { return 0; }\n")
            ok &= run([compilers[0], "-std=c11", *link_flags(args.library), "-I", str(out), "-I",
                       str(INCLUDE), *map(str, sources), str(main_c), args.library, "-o",
                       str(out / "linked")],
                      f"{name} links with libpayload")
    print("all compiled" if ok else "compile failures")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
