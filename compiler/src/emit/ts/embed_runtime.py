#!/usr/bin/env python3
"""Regenerates runtime_ts.c from runtime.ts: the TypeScript runtime that `payloadc gen --lang ts`
writes beside the generated modules. Run it after editing runtime.ts (the emit_ts golden test
fails while the two disagree):

    compiler/src/emit/ts/embed_runtime.py
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent


def c_string(line):
    out = []
    for ch in line:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "?":
            out.append("\\?")  # never part of a trigraph (ISO C modes enable them)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        else:
            # Non-ASCII as UTF-8 octal escapes, so the C source stays ASCII.
            out.extend("\\%03o" % b for b in ch.encode("utf-8"))
    return '"' + "".join(out) + '"'


def main():
    lines = (HERE / "runtime.ts").read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = ",\n".join("    " + c_string(line) for line in lines)
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
    target = HERE / "runtime_ts.c"
    if not target.exists() or target.read_text() != text:
        target.write_text(text)


if __name__ == "__main__":
    main()
