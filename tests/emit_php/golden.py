#!/usr/bin/env python3
"""Golden files of the PHP emitter.

    tests/emit_php/golden.py PAYLOADC
    PAYLOADC_UPDATE_GOLDEN=1 tests/emit_php/golden.py PAYLOADC   # rewrite, then review the diff

Each folder under golden/ is a case: its .payload files (all of them, in sorted order) are
generated with `payloadc gen --lang php`, with `--option` lines from an `options` file, and
every file written must equal expected/ byte for byte -- except Runtime/, which is the embedded
runtime (checked by runtime_test.py). Generating twice must give the same bytes. When php is
installed, every generated file must also pass `php -l` and load through autoload.php.
"""
import difflib
import os
import shutil
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "golden"


def generate(payloadc, case, out):
    sources = sorted(p for p in case.rglob("*.payload"))
    args = [str(payloadc), "gen", "--lang", "php", "--out", str(out)]
    options = case / "options"
    if options.exists():
        for line in options.read_text(encoding="utf-8").splitlines():
            if line.strip():
                args += ["--option", line.strip()]
    proc = subprocess.run(args + [str(s.relative_to(case)) for s in sources], cwd=case,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{case.name}: payloadc failed:\n{proc.stderr}")
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()
            and p.relative_to(out).parts[0] not in ("Runtime", "PayloadRuntime")}


def check_php(out, name):
    """php -l and autoloading of a case's output; 0 without php (the other tests say so)."""
    php = shutil.which("php")
    if not php:
        return 0
    sys.path.insert(0, str(HERE.parent))
    from support import lint  # noqa: E402 (only needed with php)
    count, bad = lint(php, out)
    load = subprocess.run([php, HERE.parent / "load_all.php", out], capture_output=True,
                          text=True)
    if bad or load.returncode != 0:
        print(f"FAIL {name}: the generated PHP does not lint or load")
        print("\n".join(bad) + load.stdout + load.stderr)
        return 1
    return 0


def main():
    payloadc = Path(sys.argv[1]).resolve()
    update = os.environ.get("PAYLOADC_UPDATE_GOLDEN") == "1"
    failures = 0
    for case in sorted(p for p in HERE.iterdir() if p.is_dir()):
        with tempfile.TemporaryDirectory(prefix="emit_php_golden-") as tmp:
            first = generate(payloadc, case, Path(tmp) / "a")
            second = generate(payloadc, case, Path(tmp) / "b")
            failures += check_php(Path(tmp) / "a", case.name)
        if first != second:
            print(f"FAIL {case.name}: two runs differ")
            failures += 1
        expected_dir = case / "expected"
        if update:
            shutil.rmtree(expected_dir, ignore_errors=True)
            for name, data in first.items():
                target = expected_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            print(f"updated {case.name}: {len(first)} files")
            continue
        expected = {p.relative_to(expected_dir).as_posix(): p.read_bytes()
                    for p in sorted(expected_dir.rglob("*")) if p.is_file()}
        for name in sorted(set(expected) | set(first)):
            if name not in first:
                print(f"FAIL {case.name}/{name}: expected but not generated")
            elif name not in expected:
                print(f"FAIL {case.name}/{name}: generated but not expected")
            elif first[name] != expected[name]:
                diff = difflib.unified_diff(
                    expected[name].decode("utf-8", "replace").splitlines(),
                    first[name].decode("utf-8", "replace").splitlines(),
                    f"expected/{name}", f"generated/{name}", lineterm="", n=2)
                print(f"FAIL {case.name}/{name}:")
                print("\n".join(list(diff)[:60]))
            else:
                continue
            failures += 1
        print(f"{case.name}: {len(first)} files" + ("" if failures else ", all match"))
    if failures and not update:
        print(f"{failures} golden files differ; if the change is intended, run with "
              "PAYLOADC_UPDATE_GOLDEN=1 and review the diff")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
