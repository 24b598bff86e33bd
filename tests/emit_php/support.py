"""Shared by the PHP emitter's tests: finding php, the naming rules, running payloadc."""
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def php_or_skip():
    """The php binary; without one, "skipped: no php" and exit 0 -- or a failure in CI
    (PAYLOADC_REQUIRE_TOOLCHAINS=1)."""
    php = shutil.which("php")
    if php:
        version = subprocess.run([php, "-r", "echo PHP_VERSION_ID;"], capture_output=True,
                                 text=True).stdout.strip()
        if version.isdigit() and int(version) >= 80200:
            return php
    if os.environ.get("PAYLOADC_REQUIRE_TOOLCHAINS") == "1":
        print("FAIL: no php 8.2 and PAYLOADC_REQUIRE_TOOLCHAINS=1")
        sys.exit(1)
    print("skipped: no php")
    sys.exit(0)


def driver():
    """The conformance driver, whose locate() applies docs/php.md's naming rules."""
    path = ROOT / "tests" / "conformance" / "drivers" / "php.py"
    spec = importlib.util.spec_from_file_location("conformance_driver_php", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(args, **kwargs):
    """Runs a command; on failure prints its output and exits 1."""
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        print(f"FAIL: {' '.join(str(a) for a in args)} exited {proc.returncode}")
        print(proc.stdout[-4000:])
        print(proc.stderr[-4000:])
        sys.exit(1)
    return proc


def lint(php, folder, jobs=2):
    """php -l on every .php file under folder, `jobs` at a time (php -l takes one file).
    Returns (number of files, list of failures)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(path):
        proc = subprocess.run([php, "-l", path], capture_output=True, text=True)
        ok = proc.returncode == 0 and "No syntax errors" in proc.stdout
        return None if ok else f"{path}: {(proc.stdout + proc.stderr).strip()}"

    files = sorted(str(p) for p in Path(folder).rglob("*.php"))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        bad = [r for r in pool.map(one, files) if r]
    return len(files), bad
