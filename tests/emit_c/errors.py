#!/usr/bin/env python3
"""Schemas the C emitter cannot express must fail with a clear payloadc error and write nothing
(docs/c.md, "Names" and "Limits"): C names that collide, packages that use each other.

    tests/emit_c/errors.py --payloadc build/compiler/payloadc
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

CASES = [
    ("a type named like another's function",
     {"a.payload": "package p;\nstruct Event { a: int32; }\nstruct Event_read { b: int32; }\n"},
     "a.payload",
     "struct 'p.Event' and struct 'p.Event_read' would both be named 'p_Event_read'"),
    ("two packages whose prefixes meet",
     {"x.payload": "package a.b;\nstruct c_D { x: int32; }\n",
      "y.payload": "package a.b_c;\nimport \"x.payload\";\nstruct D { x: int32; }\n"},
     "y.payload",
     "would both be named 'a_b_c_D'"),
    ("a type named like a list type",
     {"l.payload": "package p;\nstruct Tag { a: int32; }\nstruct Tag_list { b: list<Tag>; }\n"},
     "l.payload",
     "would both be named 'p_Tag_list'"),
    ("packages that use each other's types",
     {"a.payload": "package a;\nimport \"b.payload\";\nstruct A { b?: b.B; }\n",
      "b.payload": "package b;\nimport \"a.payload\";\nstruct B { a?: a.A; }\n"},
     "a.payload",
     "use each other's types"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--payloadc", required=True)
    args = parser.parse_args()
    failures = 0
    for name, files, root, message in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            for file, text in files.items():
                (tmp / file).write_text(text)
            out = tmp / "out"
            result = subprocess.run([args.payloadc, "gen", "--lang", "c", "--out", str(out),
                                     str(tmp / root)], capture_output=True, text=True)
            written = list(out.iterdir()) if out.exists() else []
            if result.returncode != 2 or message not in result.stderr or written:
                failures += 1
                print(f"FAIL {name}: exit {result.returncode}, wrote {len(written)} files, "
                      f"said: {result.stderr.strip()}")
            else:
                print(f"ok {name}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
