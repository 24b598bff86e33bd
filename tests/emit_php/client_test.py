#!/usr/bin/env python3
"""The generated PHP client against a fake transport (tests/emit_php/client/test.php).

    tests/emit_php/client_test.py PAYLOADC
"""
import sys
import tempfile
from pathlib import Path

from support import HERE, lint, php_or_skip, run


def main():
    payloadc = Path(sys.argv[1]).resolve()
    php = php_or_skip()
    with tempfile.TemporaryDirectory(prefix="emit_php_client-") as tmp:
        run([payloadc, "gen", "--lang", "php", "--out", tmp, HERE / "client" / "schema.payload"])
        count, bad = lint(php, tmp)
        if bad:
            print("FAIL: php -l\n" + "\n".join(bad))
            return 1
        print(run([php, HERE / "client" / "test.php", tmp]).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
