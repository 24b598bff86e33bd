#!/usr/bin/env python3
"""Golden files of the C emitter: generates C for each schema set and compares it with
tests/emit_c/golden/<set>/ byte for byte.

    tests/emit_c/golden.py --payloadc build/compiler/payloadc
    PAYLOADC_UPDATE_GOLDEN=1 tests/emit_c/golden.py --payloadc ...   # rewrite them; review the diff

Sets: `mycoach` (schemas/*.payload) and `everything` (tests/emit_c/schemas/everything.payload,
a small schema with every construct). Output is deterministic (no paths, no dates), so any
difference is a change of the emitter (or of a schema).
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SETS = {
    "mycoach": sorted((ROOT / "schemas").glob("*.payload")),
    "everything": [HERE / "schemas" / "everything.payload"],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--payloadc", required=True)
    args = parser.parse_args()
    update = os.environ.get("PAYLOADC_UPDATE_GOLDEN") == "1"
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, schemas in SETS.items():
            out = Path(tmp) / name
            result = subprocess.run([args.payloadc, "gen", "--lang", "c", "--out", str(out),
                                     *map(str, schemas)], capture_output=True, text=True)
            if result.returncode != 0:
                print(f"FAIL {name}: payloadc gen: {result.stderr.strip()}")
                failures += 1
                continue
            golden = HERE / "golden" / name
            if update:
                if golden.exists():
                    shutil.rmtree(golden)
                shutil.copytree(out, golden)
                print(f"updated {golden.relative_to(ROOT)}")
                continue
            made = {p.name for p in out.iterdir()}
            kept = {p.name for p in golden.iterdir()} if golden.exists() else set()
            for missing in sorted(kept - made):
                print(f"FAIL {name}/{missing}: no longer generated")
                failures += 1
            for extra in sorted(made - kept):
                print(f"FAIL {name}/{extra}: generated but has no golden file")
                failures += 1
            for file in sorted(made & kept):
                want = (golden / file).read_text(encoding="utf-8")
                got = (out / file).read_text(encoding="utf-8")
                if want != got:
                    failures += 1
                    diff = difflib.unified_diff(want.splitlines(), got.splitlines(),
                                                f"golden/{name}/{file}", "generated", lineterm="")
                    print(f"FAIL {name}/{file} differs:")
                    print("\n".join(list(diff)[:60]))
                else:
                    print(f"ok {name}/{file}")
    if failures and not update:
        print(f"{failures} golden file(s) differ; if the change is intended, run with "
              "PAYLOADC_UPDATE_GOLDEN=1 and review the diff")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
