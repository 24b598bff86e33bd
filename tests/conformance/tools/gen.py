"""Writes tests/conformance/<case>/ folders from the case modules."""
import os
import sys
from pathlib import Path

import common
import cases_scalars, cases_fields, cases_collections, cases_variants, cases_constraints, cases_structure  # noqa

ROOT = Path(__file__).resolve().parent.parent


def main():
    names = [c.name for c in common.CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    for case in common.CASES:
        d = ROOT / case.name
        d.mkdir(exist_ok=True)
        (d / "schema.payload").write_text(case.schema, encoding="utf-8")
        (d / "vectors.json").write_text(common.render(case), encoding="utf-8")
    print(len(common.CASES), "cases,",
          sum(len(c.valid) for c in common.CASES), "valid,",
          sum(len(c.invalid) for c in common.CASES), "invalid")


if __name__ == "__main__":
    main()
