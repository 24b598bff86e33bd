"""What the emitters' runtime-embedding scripts share (php/gen_runtime.py,
swift/embed_runtime.py, ts/embed_runtime.py, scala/runtime/embed.py): a source line as a C
string literal, and writing the generated C file or checking that it is current.

Each runtime is kept as real source in its language and compiled into payloadc as one literal
per line: C11 only promises 4095 characters per literal.
"""
import sys
from pathlib import Path


def c_literal(line):
    """line as a C string literal: ASCII as itself, other bytes of its UTF-8 as octal escapes
    (so the C source stays ASCII), '?' escaped (no trigraphs, whatever the compiler's mode)."""
    out = []
    for byte in line.encode("utf-8"):
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "?":
            out.append("\\?")
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append("\\%03o" % byte)
    return '"' + "".join(out) + '"'


def update(target, text, script, argv=None):
    """Writes text to target when it differs; with --check in argv, only says whether target is
    stale (exit status 1) and names the script to run."""
    target = Path(target)
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if "--check" in (sys.argv[1:] if argv is None else argv):
        if current != text:
            print(f"{target} is stale: run {Path(script).name}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        target.write_text(text, encoding="utf-8")
    return 0
