#!/usr/bin/env python3
"""Runs the example of docs/php.md as written and compares its output.

    tests/emit_php/docs_test.py PAYLOADC

The document marks three fenced blocks with HTML comments: `<!-- example:schema -->` (saved as
club.payload and generated into gen/), `<!-- example:php -->` (saved beside gen/ and run) and
`<!-- example:output -->` (what it must print).
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from support import ROOT, php_or_skip, run


def block(text, name):
    match = re.search(r"<!-- example:%s -->\s*```[a-z]*\n(.*?)```" % name, text, re.S)
    if not match:
        print(f"FAIL: docs/php.md has no example:{name} block")
        sys.exit(1)
    return match.group(1)


def main():
    payloadc = Path(sys.argv[1]).resolve()
    doc = (ROOT / "docs" / "php.md").read_text(encoding="utf-8")
    schema, script, output = block(doc, "schema"), block(doc, "php"), block(doc, "output")
    php = php_or_skip()
    with tempfile.TemporaryDirectory(prefix="emit_php_docs-") as tmp:
        tmp = Path(tmp)
        (tmp / "club.payload").write_text(schema, encoding="utf-8")
        (tmp / "gen").mkdir()
        run([payloadc, "gen", "--lang", "php", "--out", tmp / "gen", tmp / "club.payload"])
        (tmp / "example.php").write_text(script, encoding="utf-8")
        proc = subprocess.run([php, "-d", "zend.assertions=1", "-d", "assert.exception=1",
                               tmp / "example.php"], capture_output=True, text=True)
        if proc.returncode != 0 or proc.stdout != output:
            print("FAIL: the example of docs/php.md printed:")
            print(proc.stdout + proc.stderr)
            print("instead of:")
            print(output)
            return 1
    print("docs/php.md: the example prints what the document says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
