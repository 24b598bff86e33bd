#!/usr/bin/env python3
"""The TypeScript emitter's tests (registered in CMakeLists.txt beside this file).

    run_test.py PAYLOADC golden           generated code of tests/emit_ts/schemas/*.payload vs
                                          golden/ (and the emitted runtime.ts vs its source,
                                          compiler/src/emit/ts/runtime.ts)
    run_test.py PAYLOADC tsc_schemas      tsc --strict ... of the code generated for schemas/ and
                                          tests/emit_ts/schemas/, with only the ES2020 library
    run_test.py PAYLOADC tsc_conformance  the same for every conformance case, in one tsc run
    run_test.py PAYLOADC conformance      tests/conformance/run --lang ts
    run_test.py PAYLOADC client           the generated client against a stub HTTP server in Node
                                          (client/server.mjs runs client/client_test.ts)
    run_test.py PAYLOADC runtime          runtime/runtime_test.ts: the runtime and generated
                                          functions from TypeScript, beyond the vectors
    run_test.py PAYLOADC docs             the example of docs/typescript.md, compiled and run

PAYLOADC_UPDATE_GOLDEN=1 rewrites golden/ (review the diff). Without tsc or node the toolchain
tests print "skipped: no tsc" (or node) and pass, unless PAYLOADC_REQUIRE_TOOLCHAINS=1 (CI).
"""
import filecmp
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def load_driver():
    """The conformance driver holds the tsc flags; every test compiles with the same."""
    path = ROOT / "tests" / "conformance" / "drivers" / "ts.py"
    spec = importlib.util.spec_from_file_location("conformance_driver_ts", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DRIVER = load_driver()


def toolchain(*tools):
    for tool in tools:
        if shutil.which(tool) is None:
            print(f"skipped: no {tool}")
            if os.environ.get("PAYLOADC_REQUIRE_TOOLCHAINS") == "1":
                print(f"FAIL: PAYLOADC_REQUIRE_TOOLCHAINS=1 and {tool} is missing")
                sys.exit(1)
            sys.exit(0)


def gen(payloadc, out, files, *options):
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    command = [payloadc, "gen", "--lang", "ts", "--out", str(out)]
    for option in options:
        command += ["--option", option]
    result = subprocess.run(command + [str(f) for f in files], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout + result.stderr)
        print(f"FAIL: payloadc gen --lang ts {' '.join(str(f) for f in files)}")
        sys.exit(1)


def tsc(root, out, **overrides):
    """One tsc run over every .ts file under root, with the project's strict flags."""
    options = dict(DRIVER.TSC_FLAGS, outDir=str(out), rootDir=str(root))
    options.update(overrides)
    config = {"compilerOptions": options,
              "include": [str(root / "**" / "*.ts")]}
    config_path = root.parent / f"tsconfig.{root.name}.json"
    config_path.write_text(json.dumps(config, indent=2))
    result = subprocess.run(["tsc", "-p", str(config_path)], capture_output=True, text=True)
    if result.returncode != 0 or result.stdout.strip():
        print(result.stdout + result.stderr)
        print("FAIL: tsc " + " ".join(f"--{k}" for k, v in DRIVER.TSC_FLAGS.items() if v is True))
        sys.exit(1)
    out.mkdir(parents=True, exist_ok=True)
    (out / "package.json").write_text('{"type": "module"}\n')


def golden(payloadc):
    expected = HERE / "golden"
    with tempfile.TemporaryDirectory() as tmp:
        actual = Path(tmp) / "out"
        gen(payloadc, actual, sorted((HERE / "schemas").glob("*.payload")))
        # The runtime is emitted verbatim from its source: compare it there, not in golden/.
        source = ROOT / "compiler" / "src" / "emit" / "ts" / "runtime.ts"
        emitted = actual / "runtime.ts"
        if emitted.read_bytes() != source.read_bytes():
            print("FAIL: the emitted runtime.ts differs from compiler/src/emit/ts/runtime.ts: "
                  "run compiler/src/emit/ts/embed_runtime.py")
            sys.exit(1)
        emitted.unlink()
        if os.environ.get("PAYLOADC_UPDATE_GOLDEN") == "1":
            shutil.rmtree(expected, ignore_errors=True)
            shutil.copytree(actual, expected)
            print("golden files updated: review the diff")
            return
        problems = []
        mine = {p.relative_to(actual) for p in actual.rglob("*") if p.is_file()}
        theirs = {p.relative_to(expected) for p in expected.rglob("*") if p.is_file()}
        for path in sorted(mine | theirs):
            if path not in theirs:
                problems.append(f"new file {path}")
            elif path not in mine:
                problems.append(f"missing file {path}")
            elif not filecmp.cmp(actual / path, expected / path, shallow=False):
                problems.append(f"differs: {path}")
                diff = subprocess.run(["diff", "-u", str(expected / path), str(actual / path)],
                                      capture_output=True, text=True).stdout
                problems.append("\n".join(diff.splitlines()[:40]))
        if problems:
            print("\n".join(problems))
            print("FAIL: generated code differs from tests/emit_ts/golden "
                  "(PAYLOADC_UPDATE_GOLDEN=1 to accept, then review the diff)")
            sys.exit(1)
    print(f"golden: {len(mine)} files match")
    # Names that clash only in TypeScript are payloadc's error, not the app build's.
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run([payloadc, "gen", "--lang", "ts", "--out", tmp,
                                 str(HERE / "errors" / "tag_clash.payload")],
                                capture_output=True, text=True)
        if result.returncode == 0 or "both become the TypeScript property" not in result.stderr:
            print(result.stderr)
            print("FAIL: errors/tag_clash.payload should be refused")
            sys.exit(1)
    print("errors: a discriminator clashing with a property is refused")


def tsc_schemas(payloadc):
    toolchain("tsc")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        gen(payloadc, src / "schemas", sorted((ROOT / "schemas").glob("*.payload")))
        gen(payloadc, src / "fixtures", sorted((HERE / "schemas").glob("*.payload")))
        gen(payloadc, src / "client", [HERE / "client" / "shop.payload"])
        # Imports without an extension (bundlers, moduleResolution node) compile too.
        gen(payloadc, src / "bare", sorted((HERE / "schemas").glob("*.payload")),
            "ts.import_extension=")
        tsc(src, Path(tmp) / "out")
    print("tsc: schemas/, tests/emit_ts/schemas/ (also with ts.import_extension=) and the client "
          "schema compile cleanly")


def tsc_conformance(payloadc):
    toolchain("tsc")
    cases = sorted(p.parent for p in (ROOT / "tests" / "conformance").glob("*/vectors.json"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        for case in cases:
            gen(payloadc, src / case.name, [case / "schema.payload"])
        tsc(src, Path(tmp) / "out")
    print(f"tsc: the code of {len(cases)} conformance cases compiles cleanly (one tsc run)")


def conformance(payloadc):
    toolchain("tsc", "node")
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "conformance" / "run"),
                             "--lang", "ts", "--payloadc", payloadc])
    sys.exit(result.returncode)


def client(payloadc):
    toolchain("tsc", "node")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        gen(payloadc, src / "gen", [HERE / "client" / "shop.payload"])
        shutil.copy(HERE / "client" / "client_test.ts", src / "client_test.ts")
        out = Path(tmp) / "out"
        tsc(src, out)
        shutil.copy(HERE / "client" / "server.mjs", out / "server.mjs")
        result = subprocess.run(["node", "server.mjs"], cwd=out, capture_output=True, text=True,
                                timeout=120)
        print(result.stdout + result.stderr, end="")
        sys.exit(0 if result.returncode == 0 and "client test: ok" in result.stdout else 1)


def runtime(payloadc):
    toolchain("tsc", "node")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        gen(payloadc, src / "gen", sorted((HERE / "schemas").glob("*.payload")))
        shutil.copy(HERE / "runtime" / "runtime_test.ts", src / "runtime_test.ts")
        out = Path(tmp) / "out"
        tsc(src, out)
        result = subprocess.run(["node", "runtime_test.js"], cwd=out, capture_output=True,
                                text=True, timeout=120)
        print(result.stdout + result.stderr, end="")
        sys.exit(0 if result.returncode == 0 and "runtime test: ok" in result.stdout else 1)


def docs(payloadc):
    """docs/typescript.md's example: its ```payload block is the schema, its ```ts blocks
    (in order) the program; both must compile and the program must run."""
    toolchain("tsc", "node")
    text = (ROOT / "docs" / "typescript.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(\w+)\n(.*?)```", text, re.S)
    schema = [body for lang, body in blocks if lang == "payload"]
    program = [body for lang, body in blocks if lang == "ts"]
    if not schema or not program:
        print("FAIL: docs/typescript.md has no ```payload or ```ts example")
        sys.exit(1)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        (Path(tmp) / "club.payload").write_text(schema[0])
        gen(payloadc, src / "gen", [Path(tmp) / "club.payload"])
        # The ES2020 library has no console: declare the little the example uses.
        prelude = "declare const console: { log(...values: unknown[]): void };\n"
        (src / "example.ts").write_text(prelude + "\n".join(program))
        out = Path(tmp) / "out"
        tsc(src, out, module="es2022")  # top-level await
        result = subprocess.run(["node", "example.js"], cwd=out, capture_output=True, text=True,
                                timeout=60)
        print(result.stdout + result.stderr, end="")
        if result.returncode != 0:
            print("FAIL: the docs/typescript.md example does not run")
            sys.exit(1)
        # "// → text" promises an output line, in order.
        expected = [m.strip() for m in re.findall(r"// \u2192 (.*)", "\n".join(program))]
        actual = result.stdout.splitlines()
        if actual != expected:
            print("expected:\n  " + "\n  ".join(expected))
            print("FAIL: the docs/typescript.md example prints something else")
            sys.exit(1)
    print("docs: the docs/typescript.md example compiles and runs")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    payloadc, mode = sys.argv[1], sys.argv[2]
    modes = {"golden": golden, "tsc_schemas": tsc_schemas, "tsc_conformance": tsc_conformance,
             "conformance": conformance, "client": client, "runtime": runtime, "docs": docs}
    if mode not in modes:
        print(__doc__)
        return 2
    modes[mode](payloadc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
