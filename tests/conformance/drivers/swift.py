"""Conformance driver for Swift (tests/conformance/README.md, "Writing a driver").

Generates every case with `payloadc gen --lang swift`, each with its own type-name prefix
(`--option swift.prefix=BoolValues_`) so that all cases live in one module beside one copy of
the runtime, and compiles them with a generated dispatcher in ONE swiftc run (whole-module, no
optimisation: the fastest way through 40-odd small schemas on two cores). One process then runs
every vector: PayloadJSONDecoder, validate(), PayloadJSONEncoder.

The harness reads `<case index> <base64 of the input bytes>` lines, so that any text survives;
it writes one outcome per line. If it dies on an input, that vector is a crash and the rest are
run again in a new process.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys

EXACT_BYTES = False

MARK = re.compile(r"^// MARK: - (\S+)$")
DECL = re.compile(r"^public (?:indirect )?(struct|enum|typealias) (\w+)")

HARNESS_HEAD = r'''
import Foundation

func failure(_ stage: String, _ error: PayloadError) -> String {
    PayloadJSON.object([
        .init(key: "ok", value: .bool(false)),
        .init(key: "stage", value: .string(stage)),
        .init(key: "path", value: .string(error.path)),
        .init(key: "kind", value: .string(error.kind.rawValue)),
        .init(key: "message", value: .string(error.message)),
    ]).text
}

func crash(_ what: String) -> String {
    PayloadJSON.object([.init(key: "crash", value: .string(what))]).text
}

func validateAny<T>(_ value: T) -> [PayloadError] {
    (value as? any PayloadValidatable)?.validate() ?? []
}

func run<T: Codable>(_ type: T.Type, _ data: Data, _ validate: (T) -> [PayloadError]) -> String {
    let value: T
    do {
        value = try PayloadJSONDecoder().decode(T.self, from: data)
    } catch {
        return failure("decode", error)
    }
    if let first = validate(value).first { return failure("validate", first) }
    do {
        let output = try PayloadJSONEncoder().encodeToString(value)
        return PayloadJSON.object([.init(key: "ok", value: .bool(true)), .init(key: "output", value: .string(output))]).text
    } catch {
        return crash("encode failed: \(error)")
    }
}
'''

HARNESS_TAIL = r'''
while let line = readLine(strippingNewline: true) {
    guard let space = line.firstIndex(of: " "), let index = Int(line[..<space]),
          let data = Data(base64Encoded: String(line[line.index(after: space)...])) else {
        FileHandle.standardOutput.write(Data((crash("bad harness input") + "\n").utf8))
        continue
    }
    // Unbuffered, so that a crash loses no outcome of the inputs before it.
    FileHandle.standardOutput.write(Data((dispatch(index, data) + "\n").utf8))
}
'''


def find_swiftc():
    found = shutil.which("swiftc")
    if found:
        return found
    fallback = "/opt/swift/usr/bin/swiftc"
    return fallback if os.access(fallback, os.X_OK) else None


def toolchain():
    return None if find_swiftc() else "swiftc"


def prefix_for(name, taken):
    base = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)
    if not base or base[0].isdigit():
        base = "C" + base
    prefix, n = base + "_", 2
    while prefix in taken:
        prefix, n = f"{base}{n}_", n + 1
    taken.add(prefix)
    return prefix


def declarations(sources):
    """{qualified name: (swift kind, swift name)} from the MARK line before each declaration."""
    found = {}
    for path in sources:
        pending = None
        for line in path.read_text(encoding="utf-8").splitlines():
            mark = MARK.match(line)
            if mark:
                pending = mark.group(1)
                continue
            decl = DECL.match(line)
            if decl and pending:
                found[pending] = (decl.group(1), decl.group(2))
                pending = None
    return found


def build(swiftc, work, runtime, sources, entries, binary):
    """Compiles the harness; returns None, or swiftc's complaint."""
    lines = [HARNESS_HEAD, "func dispatch(_ index: Int, _ data: Data) -> String {", "    switch index {"]
    for index, _, name, validator, _ in entries:
        lines.append(f"    case {index}: return run({name}.self, data, {validator})")
    lines += ["    default: return crash(\"no such case\")", "    }", "}", HARNESS_TAIL]
    main = work / "main.swift"
    main.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([swiftc, "-swift-version", "6", "-Onone", "-wmo", "-o", str(binary),
                             str(runtime), *map(str, sources), str(main)],
                            capture_output=True, text=True)
    return None if result.returncode == 0 else (result.stderr or result.stdout).strip()


def run(cases, payloadc, work):
    # The runner compares outputs recursively, two frames per level: the 512-level vectors of
    # depth_limit need more than Python's default limit of 1000 once they decode correctly.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    swiftc = find_swiftc()
    outcomes = {}
    taken = set()
    sources, runtime, entries = [], None, []  # entries: (index, case, type expression, validator)
    for case in cases:
        prefix = prefix_for(case.name, taken)
        out = work / "gen" / case.name
        out.parent.mkdir(parents=True, exist_ok=True)
        gen = subprocess.run([payloadc, "gen", "--lang", "swift", "--out", str(out),
                              "--option", "swift.module=Conformance", "--option",
                              f"swift.prefix={prefix}", str(case.schema)],
                             capture_output=True, text=True)
        if gen.returncode != 0:
            outcomes[case.name] = [{"crash": "payloadc gen failed: " + gen.stderr.strip()}] * len(case.vectors)
            continue
        files = sorted((out / "Sources" / "Conformance").rglob("*.swift"))
        runtime = runtime or next((f for f in files if f.name == "PayloadRuntime.swift"), None)
        # Every case has a Schema.swift, and a Swift module cannot have two files of one name.
        mine = []
        for f in files:
            if f.name != "PayloadRuntime.swift":
                mine.append(work / "src" / f"{prefix}{f.name}")
                mine[-1].parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, mine[-1])
        found = declarations(mine).get(case.type)
        if not found:
            outcomes[case.name] = [{"crash": f"no Swift declaration for {case.type}"}] * len(case.vectors)
            continue
        kind, name = found
        validator = (f"{{ var v: [PayloadError] = []; PayloadAliases.validate{name}($0, at: \"\", into: &v); return v }}"
                     if kind == "typealias" else "validateAny")
        sources += mine
        entries.append((len(entries), case, name, validator, prefix))
    if not entries:
        return outcomes

    binary = work / "harness"
    for _attempt in range(2):
        error = build(swiftc, work, runtime, sources, entries, binary)
        if error is None:
            break
        # Keep one case's compile error from failing every case: drop the cases whose files
        # the errors name, and build the rest once more.
        broken = {prefix for prefix in (e[4] for e in entries) if f"/{prefix}" in error}
        for entry in entries:
            if entry[4] in broken or not broken:
                outcomes[entry[1].name] = [{"crash": "swiftc failed: " + error[-4000:]}] * len(entry[1].vectors)
        entries = [e for e in entries if broken and e[4] not in broken]
        sources = [f for f in sources if not any(f.name.startswith(p) for p in broken)]
        if not entries:
            return outcomes
    else:
        for entry in entries:
            outcomes[entry[1].name] = [{"crash": "swiftc failed: " + error[-4000:]}] * len(entry[1].vectors)
        return outcomes

    requests = []
    for index, case, _, _, _ in entries:
        for vector in case.vectors:
            data = vector.input.encode("utf-8", "surrogatepass")
            requests.append((case.name, f"{index} {base64.b64encode(data).decode('ascii')}"))
    results = []
    while len(results) < len(requests):
        pending = requests[len(results):]
        proc = subprocess.run([str(binary)], input="\n".join(r for _, r in pending) + "\n",
                              capture_output=True, text=True)
        got = [line for line in proc.stdout.split("\n") if line]
        for line in got[:len(pending)]:
            try:
                results.append(json.loads(line))
            except ValueError:
                results.append({"crash": "unreadable outcome: " + line[:200]})
        if len(got) < len(pending):
            # The process died on the next input: that vector crashed, go on after it.
            results.append({"crash": f"harness exited with {proc.returncode}: {proc.stderr.strip()[-500:]}"})
    for (case_name, _), outcome in zip(requests, results):
        outcomes.setdefault(case_name, []).append(outcome)
    return outcomes
