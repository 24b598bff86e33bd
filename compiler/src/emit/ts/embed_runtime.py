#!/usr/bin/env python3
"""Regenerates runtime_ts.c from runtime.ts: the TypeScript runtime that `payloadc gen --lang ts`
writes beside the generated modules. Run it after editing runtime.ts (the emit_ts golden test
fails while the two disagree):

    compiler/src/emit/ts/embed_runtime.py [--check]
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from embed_lines import c_literal, update  # noqa: E402


def main():
    lines = (HERE / "runtime.ts").read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = ",\n".join("    " + c_literal(line) for line in lines)
    text = (
        "/* Generated from runtime.ts by embed_runtime.py; do not edit. One string per line, so\n"
        " * that no literal exceeds what C compilers must accept. */\n"
        "#include \"ts.h\"\n\n"
        "const char *const pc_ts_runtime_lines[] = {\n"
        f"{body},\n"
        "};\n\n"
        "const size_t pc_ts_runtime_line_count =\n"
        "    sizeof pc_ts_runtime_lines / sizeof pc_ts_runtime_lines[0];\n"
    )
    return update(HERE / "runtime_ts.c", text, __file__)


if __name__ == "__main__":
    sys.exit(main())
