#!/usr/bin/env python3
"""Tests of the Swift emitter (registered in tests/emit_swift/CMakeLists.txt).

    swift_check.py golden    --payloadc P   generated code equals golden/ (PAYLOADC_UPDATE_GOLDEN=1
                                            rewrites it); the runtime is embedded unchanged;
                                            output is deterministic; option errors
    swift_check.py typecheck --payloadc P   swiftc -typecheck -swift-version 6 -warnings-as-errors
                                            of schemas/ and of the golden schema in both layouts
    swift_check.py build     --payloadc P   `swift build` of the package generated for schemas/
    swift_check.py client    --payloadc P   client/main.swift against the generated ShopClient

A missing swiftc prints "skipped: no swiftc" and passes, unless PAYLOADC_REQUIRE_TOOLCHAINS=1
(CI), where it fails.
"""
import argparse
import filecmp
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GOLDEN = HERE / "golden"
FEATURES = HERE / "schemas" / "features.payload"
EMITTER = ROOT / "compiler" / "src" / "emit" / "swift"
SWIFT_FLAGS = ["-swift-version", "6", "-warnings-as-errors"]


def fail(message):
    print(f"FAIL: {message}")
    return 1


def find_tool(name):
    found = shutil.which(name)
    if found:
        return found
    fallback = Path("/opt/swift/usr/bin") / name
    return str(fallback) if os.access(fallback, os.X_OK) else None


def toolchain_or_skip(name):
    """The tool's path; None after printing the skip (or the failure, in CI)."""
    tool = find_tool(name)
    if tool:
        return tool
    if os.environ.get("PAYLOADC_REQUIRE_TOOLCHAINS") == "1":
        print(f"FAIL: no {name} and PAYLOADC_REQUIRE_TOOLCHAINS=1")
        sys.exit(1)
    print(f"skipped: no {name}")
    sys.exit(0)


def gen(payloadc, out, *schemas, options=()):
    args = [payloadc, "gen", "--lang", "swift", "--out", str(out)]
    for option in options:
        args += ["--option", option]
    result = subprocess.run(args + [str(s) for s in schemas], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"payloadc gen failed ({result.returncode}): {result.stderr}")
    return out


def sources(package):
    return sorted(str(p) for p in (package / "Sources").glob("*/**/*.swift"))


def run(args, cwd=None):
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    return result.returncode, output


def tree(folder):
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


# What the golden files show: the golden schema in the default layout (a file per type), and
# the client test's schema in the other one (a file per .payload file).
GOLDEN_SETS = [
    ("type", FEATURES, []),
    ("file", HERE / "client" / "api.payload", ["swift.layout=file"]),
]


def compare(expected_dir, out):
    problems = 0
    expected, actual = tree(expected_dir) if expected_dir.exists() else set(), tree(out)
    for name in sorted(expected - actual):
        problems += fail(f"{name} is no longer generated")
    for name in sorted(actual - expected):
        problems += fail(f"{name} is new (PAYLOADC_UPDATE_GOLDEN=1 to accept)")
    for name in sorted(expected & actual):
        if (expected_dir / name).read_bytes() != (out / name).read_bytes():
            diff = subprocess.run(["diff", "-u", str(expected_dir / name), str(out / name)],
                                  capture_output=True, text=True).stdout
            problems += fail(f"{name} differs from the golden file:\n{diff[:4000]}")
    return problems


def golden(payloadc, work):
    problems = 0
    code, output = run([sys.executable, str(EMITTER / "embed_runtime.py"), "--check"])
    if code != 0:
        problems += fail(output)
    update = os.environ.get("PAYLOADC_UPDATE_GOLDEN") == "1"
    count = 0
    for name, schema, options in GOLDEN_SETS:
        out = gen(payloadc, work / name, schema, options=options)
        runtime = next((out / "Sources").glob("*/PayloadRuntime.swift"))
        if runtime.read_bytes() != (EMITTER / "runtime" / "PayloadRuntime.swift").read_bytes():
            problems += fail("the generated PayloadRuntime.swift differs from runtime/PayloadRuntime.swift")
        runtime.unlink()  # the runtime is checked above, not kept twice as golden files
        again = gen(payloadc, work / (name + "-again"), schema, options=options)
        next((again / "Sources").glob("*/PayloadRuntime.swift")).unlink()
        if tree(out) != tree(again) or any(
                not filecmp.cmp(out / f, again / f, shallow=False) for f in tree(out)):
            problems += fail(f"{name}: two runs generated different bytes")
        # A Swift module cannot have two files of one name, even in different folders, and
        # macOS and Windows do not tell names apart by case.
        names = [os.path.basename(path).lower() for path in tree(out) if path.endswith(".swift")]
        if len(set(names)) != len(names):
            problems += fail(f"{name}: file names that differ only in case: {sorted(names)}")
        count += len(tree(out))
        if update:
            shutil.rmtree(GOLDEN / name, ignore_errors=True)
            shutil.copytree(out, GOLDEN / name)
        else:
            problems += compare(GOLDEN / name, out)
    if update:
        print(f"updated {GOLDEN.relative_to(ROOT)} ({count} files); review the diff")
        return problems

    # File names do not depend on the order of the files on the command line (the golden
    # schema has types whose names differ in case alone, in two packages).
    other = FEATURES.parent / "other.payload"
    forward = gen(payloadc, work / "order-forward", FEATURES, other)
    backward = gen(payloadc, work / "order-backward", other, FEATURES)
    if tree(forward) != tree(backward) or any(
            not filecmp.cmp(forward / f, backward / f, shallow=False) for f in tree(forward)):
        problems += fail("the order of the files on the command line changed the output")

    # Options are checked before anything is written.
    for option, needle in [("swift.layout=flat", "swift.layout"), ("swift.module=1x", "swift.module"),
                           ("swift.prefix=a-b", "swift.prefix")]:
        result = subprocess.run([payloadc, "gen", "--lang", "swift", "--out", str(work / "bad"),
                                 "--option", option, str(FEATURES)], capture_output=True, text=True)
        if result.returncode != 2 or needle not in result.stderr or (work / "bad" / "Package.swift").exists():
            problems += fail(f"--option {option}: exit {result.returncode}, {result.stderr.strip()}")
    if not problems:
        print(f"swift golden: {count} files match")
    return problems


def typecheck(payloadc, work):
    swiftc = toolchain_or_skip("swiftc")
    problems = 0
    packages = [
        ("schemas/", gen(payloadc, work / "schemas", *sorted((ROOT / "schemas").glob("*.payload")))),
        ("golden schema", gen(payloadc, work / "features", FEATURES)),
        ("golden schema, swift.layout=file",
         gen(payloadc, work / "features-file", FEATURES, options=["swift.layout=file"])),
        ("client schema, prefixed", gen(payloadc, work / "client", HERE / "client" / "api.payload",
                                        options=["swift.prefix=Shop", "swift.module=ShopAPI"])),
    ]
    for what, package in packages:
        # One frontend for the whole module: several times faster than per-file jobs here.
        code, output = run([swiftc, "-typecheck", *SWIFT_FLAGS, "-wmo", "-module-name",
                            package.name.replace("-", "_"), *sources(package)])
        if code != 0:
            problems += fail(f"{what} does not type-check:\n{output[-6000:]}")
        else:
            print(f"type-checks: {what} ({len(sources(package))} files)")
    return problems + doc_example(swiftc, payloadc, work)


def doc_block(text, marker):
    """The fenced block right after `<!-- example: marker -->` in docs/swift.md."""
    start = text.index(f"<!-- example: {marker} -->")
    fence = text.index("```", start)
    body = text.index("\n", fence) + 1
    return text[body:text.index("```", body)]


def doc_example(swiftc, payloadc, work):
    """docs/swift.md's usage example, compiled against its schema's generated module."""
    doc = (ROOT / "docs" / "swift.md").read_text(encoding="utf-8")
    folder = work / "doc"
    folder.mkdir()
    (folder / "roster.payload").write_text(doc_block(doc, "schema"), encoding="utf-8")
    (folder / "usage.swift").write_text(doc_block(doc, "usage"), encoding="utf-8")
    package = gen(payloadc, folder / "package", folder / "roster.payload")
    module = next((package / "Sources").iterdir()).name
    code, output = run([swiftc, "-emit-module", *SWIFT_FLAGS, "-wmo", "-module-name", module,
                        "-emit-module-path", str(folder / f"{module}.swiftmodule"), *sources(package)])
    if code == 0:
        code, output = run([swiftc, "-typecheck", *SWIFT_FLAGS, "-I", str(folder),
                            str(folder / "usage.swift")])
    if code != 0:
        return fail(f"the example of docs/swift.md does not type-check:\n{output[-6000:]}")
    print(f"type-checks: the example of docs/swift.md (module {module})")
    return 0


def build(payloadc, work):
    swift = toolchain_or_skip("swift")
    package = gen(payloadc, work / "package", *sorted((ROOT / "schemas").glob("*.payload")))
    code, output = run([swift, "build", "--scratch-path", str(work / "scratch")], cwd=package)
    if code != 0:
        return fail(f"swift build of the schemas/ package failed:\n{output[-6000:]}")
    print("swift build: schemas/ package builds")
    return 0


class ShopServer(http.server.BaseHTTPRequestHandler):
    """Answers the client test over real HTTP, for PayloadURLSessionTransport: GET /items/N is
    an item named after the request, anything else a 404 with the declared error body."""

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = self.path.split("/")
        if self.command == "GET" and len(parts) == 3 and parts[1] == "items" and parts[2].isdigit():
            status, reply = 200, {"id": int(parts[2]), "name": f"{self.command} {self.path}",
                                  "tags": [self.headers.get("Accept", ""), body.decode()]}
        else:
            status, reply = 404, {"message": f"no {self.command} {self.path}"}
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

    def log_message(self, *args):
        pass


def client(payloadc, work):
    swiftc = toolchain_or_skip("swiftc")
    package = gen(payloadc, work / "package", HERE / "client" / "api.payload")
    binary = work / "client-test"
    code, output = run([swiftc, *SWIFT_FLAGS, "-Onone", "-wmo", "-o", str(binary), *sources(package),
                        str(HERE / "client" / "main.swift")])
    if code != 0:
        return fail(f"the client test does not compile:\n{output[-6000:]}")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ShopServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env = dict(os.environ, PAYLOAD_TEST_PORT=str(server.server_address[1]))
        result = subprocess.run([str(binary)], capture_output=True, text=True, env=env, timeout=300)
    finally:
        server.shutdown()
    print((result.stdout + result.stderr).strip())
    return 0 if result.returncode == 0 else fail(f"the client test exited with {result.returncode}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("test", choices=["golden", "typecheck", "build", "client"])
    parser.add_argument("--payloadc", required=True)
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix=f"swift-{args.test}-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        problems = globals()[args.test](args.payloadc, work)
    except RuntimeError as error:
        problems = fail(str(error))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
