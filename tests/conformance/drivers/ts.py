"""Conformance driver for TypeScript (tests/conformance/README.md, "Writing a driver").

Generates every case with `payloadc gen --lang ts`, compiles all of them in ONE tsc run with the
strict flags the project promises (the same as tests/emit_ts), then runs every vector of every
case through one Node process: parseX (strict JSON text -> decode), validateX, stringifyX.
Node and tsc only; no npm packages.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

EXACT_BYTES = False

# The flags generated code must compile under (docs/typescript.md); tests/emit_ts uses the same.
TSC_FLAGS = {
    "strict": True,
    "exactOptionalPropertyTypes": True,
    "noUncheckedIndexedAccess": True,
    "noPropertyAccessFromIndexSignature": True,
    "isolatedModules": True,
    "noImplicitReturns": True,
    "noImplicitOverride": True,
    "noFallthroughCasesInSwitch": True,
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "forceConsistentCasingInFileNames": True,
    "target": "es2020",
    "module": "es2020",
    "moduleResolution": "node",
    "lib": ["es2020"],
    "types": [],
}

# One line in: {"module": URL of the case's package module, "name": UpperCamel type, "input": text}.
# One line out: the outcome (README.md's three shapes).
HARNESS = r"""
import { createInterface } from "node:readline";

const modules = new Map();
async function load(url) {
  if (!modules.has(url)) modules.set(url, await import(url));
  return modules.get(url);
}

function failure(stage, e) {
  return { ok: false, stage, path: e.path, kind: e.kind, message: e.message };
}

async function run(request) {
  const m = await load(request.module);
  const parse = m["parse" + request.name];
  const validate = m["validate" + request.name];
  const stringify = m["stringify" + request.name];
  if (!parse || !validate || !stringify) return { crash: "no parse/validate/stringify" + request.name };
  let value;
  try {
    value = parse(request.input);
  } catch (e) {
    if (e && e.name === "PayloadError") return failure("decode", e);
    return { crash: "decode threw " + String(e && e.stack || e) };
  }
  const violations = validate(value);
  if (violations.length) return failure("validate", violations[0]);
  try {
    return { ok: true, output: stringify(value) };
  } catch (e) {
    if (e && e.name === "PayloadError") return failure("encode", e);
    return { crash: "encode threw " + String(e && e.stack || e) };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line) continue;
  let outcome;
  try {
    outcome = await run(JSON.parse(line));
  } catch (e) {
    outcome = { crash: String(e && e.stack || e) };
  }
  process.stdout.write(JSON.stringify(outcome) + "\n");
}
"""


def toolchain():
    for tool in ("tsc", "node"):
        if shutil.which(tool) is None:
            return tool
    return None


def upper_camel(name):
    """payloadc's pc_upper_camel, as the TypeScript emitter names functions (parseX)."""
    out = []
    upper_next = True
    at_start = True
    for c in name:
        if c == "_":
            upper_next = True
            continue
        if at_start:
            c = c.upper() if c.islower() else c
            at_start = False
        elif upper_next and c.islower():
            c = c.upper()
        upper_next = False
        out.append(c)
    text = "".join(out)
    return "_" + text if not text or text[0].isdigit() else text


def run(cases, payloadc, work):
    work = Path(work)
    gen_root = work / "gen"
    out_root = work / "out"
    problems = {}
    built = []
    gen_root.mkdir(parents=True, exist_ok=True)
    for case in cases:
        target = gen_root / case.name
        shutil.rmtree(target, ignore_errors=True)  # --keep reuses work/: no stale modules
        result = subprocess.run(
            [payloadc, "gen", "--lang", "ts", "--out", str(target), str(case.schema)],
            capture_output=True, text=True)
        if result.returncode != 0:
            problems[case.name] = "payloadc gen failed: " + (result.stderr or result.stdout).strip()
        else:
            built.append(case)
    config = {"compilerOptions": dict(TSC_FLAGS, outDir=str(out_root), rootDir=str(gen_root)),
              "include": [str(gen_root / "**" / "*.ts")]}
    (work / "tsconfig.json").write_text(json.dumps(config, indent=2))
    if built:
        result = subprocess.run(["tsc", "-p", str(work / "tsconfig.json")],
                                capture_output=True, text=True)
        if result.returncode != 0:
            # tsc names files relative to the cwd: tell the broken cases apart.
            report = (result.stdout + result.stderr).strip()
            for case in built:
                if f"gen/{case.name}/" in report:
                    lines = [l for l in report.splitlines() if f"gen/{case.name}/" in l]
                    problems[case.name] = "tsc: " + " | ".join(lines[:5])
            if not any(c.name in problems for c in built):
                raise RuntimeError("tsc failed: " + report[:2000])
    out_root.mkdir(parents=True, exist_ok=True)
    (out_root / "package.json").write_text('{"type": "module"}\n')
    (out_root / "harness.mjs").write_text(HARNESS)

    requests = []
    for case in built:
        if case.name in problems:
            continue
        package, _, simple = case.type.rpartition(".")
        parts = package.split(".")
        if len(parts) == 1 and parts[0] in ("runtime", "index"):
            parts[0] += "_"  # the emitter keeps the root's own module names
        module = (out_root / case.name / Path(*parts[:-1]) / (parts[-1] + ".js")).resolve()
        for vector in case.vectors:
            requests.append((case.name, json.dumps(
                {"module": module.as_uri(), "name": upper_camel(simple),
                 "input": vector.input})))
    outcomes = {case.name: [] for case in cases}
    if requests:
        try:
            result = subprocess.run(["node", str(out_root / "harness.mjs")],
                                    input="\n".join(r for _, r in requests) + "\n",
                                    capture_output=True, text=True, encoding="utf-8",
                                    errors="surrogateescape", timeout=600)
            stdout, stderr = result.stdout, result.stderr
        except subprocess.TimeoutExpired as timeout:
            stdout = (timeout.stdout or b"").decode("utf-8", "replace") \
                if isinstance(timeout.stdout, bytes) else (timeout.stdout or "")
            stderr = "timed out after 600 s (the next vector hangs)"
        lines = stdout.split("\n")  # not splitlines(): outputs may hold U+2028
        for index, (name, _) in enumerate(requests):
            if index < len(lines):
                outcomes[name].append(json.loads(lines[index]))
            else:
                outcomes[name].append({"crash": "node: " + stderr.strip()[-500:]})
    for name, why in problems.items():
        case = next(c for c in cases if c.name == name)
        outcomes[name] = [{"crash": why} for _ in case.vectors]
    return outcomes
