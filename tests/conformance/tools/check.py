"""Checks every case: schema passes payloadc check, vectors load in the runner, the reference
implementation agrees with every expectation, canonical texts are canonical JSON."""
import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path

import ref

ROOT = Path(__file__).resolve().parent.parent
loader = importlib.machinery.SourceFileLoader("runner", str(ROOT / "run"))
spec = importlib.util.spec_from_loader("runner", loader)
runner = importlib.util.module_from_spec(spec)
loader.exec_module(runner)


def no_whitespace(text):
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in " \t\r\n":
            return False
    return True


problems = 0
total = valid = invalid = 0
cases = runner.find_cases([])
for case in cases:
    schema = ref.Schema(str(case.schema))
    assert case.type in schema.decls, (case.name, case.type)
    for v in case.vectors:
        total += 1
        where = f"{case.name}/{v.name}"
        try:
            out = schema.run(case.type, v.input)
            got = ("ok", out)
        except ref.Err as e:
            got = (e.stage, e.path, e.why)
        if v.valid:
            valid += 1
            if got[0] != "ok":
                print(f"FAIL {where}: expected ok, ref says {got}"); problems += 1; continue
            if got[1] != v.canonical:
                print(f"FAIL {where}: canonical\n   expected {v.canonical!r}\n   ref      {got[1]!r}"); problems += 1
            if ref.json_validate(v.canonical.encode("utf-8")) is not None or not no_whitespace(v.canonical):
                print(f"FAIL {where}: canonical is not compact JSON"); problems += 1
        else:
            invalid += 1
            if v.stage == "validate" and got[0] == "validate":
                found = schema.count_violations(case.type, v.input)
                if len(found) != 1:
                    print(f"WARN {where}: {len(found)} violations {found}"); problems += 1
            if v.stage == "decode":
                schema.decl_order = True
                try:
                    schema.run(case.type, v.input)
                    alt = ("ok",)
                except ref.Err as e:
                    alt = (e.stage, e.path)
                schema.decl_order = False
                if alt != (v.stage, v.path):
                    print(f"WARN {where}: declaration-order decoding says {alt}"); problems += 1
            if got[0] == "ok" or (got[0], got[1]) != (v.stage, v.path):
                print(f"FAIL {where}: expected {v.stage} {v.path!r}, ref says {got}"); problems += 1
print(f"{len(cases)} cases, {total} vectors ({valid} valid, {invalid} invalid), {problems} problems")
sys.exit(1 if problems else 0)
