#!/usr/bin/env python3
"""The Scala emitter's tests (registered in CMakeLists.txt beside this file).

    run_test.py PAYLOADC golden        generated code of schemas/*.payload vs golden/ (and the
                                       embedded runtime vs compiler/src/emit/scala/runtime/)
    run_test.py PAYLOADC compile       scalac -Xfatal-warnings of the code generated for
                                       tests/emit_scala/schemas/*.payload and schemas/*.payload
    run_test.py PAYLOADC client        a client over an injected transport, served by the
                                       generated dispatch (client/ClientTest.scala), run
    run_test.py PAYLOADC conformance   tests/conformance/run --lang scala
    run_test.py PAYLOADC portable      static check (portable.py) that the runtime and the code
                                       generated for the test, repository and conformance
                                       schemas avoid what Scala 2.13 or 3 reject (no 2.13 or 3
                                       compiler can be installed here); needs no scalac

PAYLOADC_UPDATE_GOLDEN=1 rewrites golden/ (review the diff). Without scalac the toolchain
tests print "skipped: no scalac" and pass, unless PAYLOADC_REQUIRE_TOOLCHAINS=1 (CI).
"""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FLAGS = ["-deprecation", "-feature", "-unchecked", "-Xlint", "-Xfatal-warnings", "-encoding", "UTF-8"]


def toolchain_ok():
    if shutil.which("scalac") and shutil.which("scala"):
        return True
    print("skipped: no scalac")
    if os.environ.get("PAYLOADC_REQUIRE_TOOLCHAINS") == "1":
        print("FAIL: PAYLOADC_REQUIRE_TOOLCHAINS=1 and scalac is missing")
        sys.exit(1)
    sys.exit(0)


def gen(payloadc, out, files, *options):
    command = [payloadc, "gen", "--lang", "scala", "--out", str(out)]
    for option in options:
        command += ["--option", option]
    subprocess.run(command + [str(f) for f in files], check=True)


def scalac(out, sources):
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["scalac"] + FLAGS + ["-d", str(out)] + [str(s) for s in sources],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0 or result.stdout.strip():
        print(result.stdout)
        print("FAIL: scalac " + " ".join(FLAGS))
        sys.exit(1)


def golden(payloadc):
    if subprocess.run([sys.executable, str(ROOT / "compiler/src/emit/scala/runtime/embed.py"),
                       "--check"]).returncode != 0:
        sys.exit(1)
    expected = HERE / "golden"
    with tempfile.TemporaryDirectory() as tmp:
        actual = Path(tmp) / "out"
        gen(payloadc, actual, sorted((HERE / "schemas").glob("*.payload")), "scala.runtime=omit")
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
        if problems:
            print("\n".join(problems))
            print("FAIL: generated code differs from tests/emit_scala/golden "
                  "(PAYLOADC_UPDATE_GOLDEN=1 to update, then review the diff)")
            sys.exit(1)
        print(f"{len(mine)} passed, 0 failed")


def compile_schemas(payloadc):
    toolchain_ok()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        gen(payloadc, tmp / "features", sorted((HERE / "schemas").glob("*.payload")))
        gen(payloadc, tmp / "club", sorted((ROOT / "schemas").glob("*.payload")),
            "scala.runtime=omit")
        sources = sorted((tmp / "features").rglob("*.scala")) + sorted((tmp / "club").rglob("*.scala"))
        scalac(tmp / "classes", sources)
        print(f"{len(sources)} passed, 0 failed")


def client(payloadc):
    toolchain_ok()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        gen(payloadc, tmp / "gen", sorted((HERE / "schemas").glob("*.payload")))
        sources = sorted((tmp / "gen").rglob("*.scala")) + [HERE / "client" / "ClientTest.scala"]
        scalac(tmp / "classes", sources)
        result = subprocess.run(["scala", "-cp", str(tmp / "classes"), "clienttest.Main"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(result.stdout, end="")
        if result.returncode != 0:
            sys.exit(1)


def conformance(payloadc):
    toolchain_ok()
    # The runner's JSON comparison recurses once per nesting level; the depth_limit case
    # nests 512 levels, past Python's default limit of 1000 frames.
    sys.setrecursionlimit(20000)
    sys.argv = [str(ROOT / "tests/conformance/run"), "--lang", "scala", "--payloadc", payloadc]
    import runpy
    runpy.run_path(str(ROOT / "tests/conformance/run"), run_name="__main__")


def portable(payloadc):
    sys.path.insert(0, str(HERE))
    import portable as checker
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        errors = checker.self_test(tmp)
        gen(payloadc, tmp / "features", sorted((HERE / "schemas").glob("*.payload")))
        gen(payloadc, tmp / "club", sorted((ROOT / "schemas").glob("*.payload")),
            "scala.runtime=omit")
        cases = sorted((ROOT / "tests/conformance").glob("*/schema.payload"))
        for case in cases:
            gen(payloadc, tmp / "conformance" / case.parent.name, [case], "scala.runtime=omit")
        sources = sorted(tmp.rglob("*.scala"))
        sources = [s for s in sources if s.name not in ("Bad.scala", "Good.scala")]
        findings = checker.check(sources)
        for path, line, rule, why in findings:
            errors.append("%s:%d: %s (%s)" % (os.path.relpath(path, tmp), line, rule, why))
        for error in errors:
            print(error)
        rules = len(checker.BAD_EXAMPLES)
        print(f"{len(sources)} files, {len(cases)} conformance schemas, {rules} rules self-tested")
        print(f"{len(sources) - len({e.split(':')[0] for e in errors})} passed, "
              f"{len({e.split(':')[0] for e in errors})} failed")
        if errors:
            sys.exit(1)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    payloadc, mode = os.path.abspath(sys.argv[1]), sys.argv[2]
    {"golden": golden, "compile": compile_schemas, "client": client,
     "conformance": conformance, "portable": portable}[mode](payloadc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
