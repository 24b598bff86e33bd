"""Conformance driver for PHP (tests/conformance/README.md describes the interface).

For each case: `payloadc gen --lang php`, then one `php` process runs a small harness over
every input. Inputs go to the harness base64-encoded, one per line, so that any bytes survive
(an input may be invalid UTF-8 on purpose); the harness answers one JSON outcome per line.
The harness finds the class under test by the naming rules of docs/php.md (namespace from the
packages' common prefix, UpperCamel names, reserved words with a trailing underscore).
"""
import base64
import json
import shutil
import subprocess
from pathlib import Path

EXACT_BYTES = False

# PHP reserves these (ignoring case) as class names; payloadc appends "_" (naming.c).
RESERVED = set("""__halt_compiler abstract and array as bool break callable case catch class
clone const continue declare default die do echo else elseif empty enddeclare endfor endforeach
endif endswitch endwhile enum eval exit extends false final finally float fn for foreach function
global goto if implements include include_once instanceof insteadof int interface isset iterable
list match mixed namespace never new null numeric object or parent print private protected public
readonly require require_once resource return self static string switch throw trait true try
unset use var void while xor yield""".split())


def toolchain():
    php = shutil.which("php")
    if not php:
        return "php"
    try:
        version = subprocess.run([php, "-r", "echo PHP_VERSION_ID;"], capture_output=True,
                                 text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "php"
    if not version.isdigit() or int(version) < 80200:
        return "php 8.2"
    return None


def upper_camel(name):
    out, upper = [], True
    started = False
    for ch in name:
        if ch == "_":
            upper = True
            continue
        if not started:
            out.append(ch.upper() if "a" <= ch <= "z" else ch)
            started = True
        else:
            out.append(ch.upper() if upper and "a" <= ch <= "z" else ch)
        upper = False
    return "".join(out)


def class_word(name):
    word = upper_camel(name)
    if word == "" or word[0].isdigit():
        return "_" + word  # `_1` and `_` lose their leading underscores, then get one back
    return word + "_" if word.lower() in RESERVED else word


def locate(dump, qualified):
    """(namespace, class name, kind) of a declaration, as the PHP emitter names it."""
    packages = []
    for f in dump["files"]:
        if f["package"] not in packages:
            packages.append(f["package"])
    split = [p.split(".") for p in packages]
    common = 0
    while all(len(s) > common and s[common] == split[0][common] for s in split):
        common += 1
    package, _, name = qualified.rpartition(".")
    segments = [class_word(s) for s in package.split(".")]
    decl = next(d for d in dump["declarations"] if d["name"] == qualified)
    # The folder under --out drops the common prefix, which is the autoloader's PSR-4 prefix.
    return "\\".join(segments), class_word(name), decl["kind"], Path(*segments[common:])


HARNESS = r"""<?php
declare(strict_types=1);
// Any warning, notice or deprecation from the generated code fails the vector it happens in.
\error_reporting(\E_ALL);
\set_error_handler(static function (int $level, string $message, string $file, int $line): never {
    throw new \ErrorException($message, 0, $level, $file, $line);
});
require __DIR__ . '/out/autoload.php';

function emit(array $outcome): void
{
    echo \json_encode($outcome, \JSON_UNESCAPED_SLASHES | \JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}

function named(\Throwable $e, string $short): bool
{
    return \str_ends_with('\\' . \get_class($e), '\\' . $short);
}

%(functions)s

while (($line = \fgets(\STDIN)) !== false) {
    $input = \base64_decode(\rtrim($line, "\n"), true);
    try {
        $value = decode_input($input);
    } catch (\Throwable $e) {
        if (named($e, 'DecodeException')) {
            emit(['ok' => false, 'stage' => 'decode', 'path' => $e->path, 'kind' => $e->kind,
                  'message' => $e->getMessage()]);
        } else {
            emit(['crash' => \get_class($e) . ': ' . $e->getMessage()]);
        }
        continue;
    }
    try {
        $violations = validate_value($value);
        if ($violations !== []) {
            emit(['ok' => false, 'stage' => 'validate', 'path' => $violations[0]->path,
                  'kind' => 'constraint', 'message' => (string) $violations[0]]);
            continue;
        }
        emit(['ok' => true, 'output' => encode_value($value)]);
    } catch (\Throwable $e) {
        emit(['crash' => \get_class($e) . ': ' . $e->getMessage()]);
    }
}
"""

FUNCTIONS = {
    "struct": """
function decode_input(string $in): mixed { return \\%(cls)s::fromJson($in); }
function validate_value(mixed $v): array { return $v->validate(); }
function encode_value(mixed $v): string { return $v->toJson(); }
""",
    "union": """
function decode_input(string $in): mixed { return \\%(codec)s::fromJson($in); }
function validate_value(mixed $v): array { return $v->validate(); }
function encode_value(mixed $v): string { return $v->toJson(); }
""",
    "alias": """
function decode_input(string $in): mixed { return \\%(cls)s::fromJson($in); }
function validate_value(mixed $v): array { return \\%(cls)s::validate($v); }
function encode_value(mixed $v): string { return \\%(cls)s::toJson($v); }
""",
    "enum": """
function decode_input(string $in): mixed { return \\%(cls)s::fromJson($in); }
function validate_value(mixed $v): array { return []; }
function encode_value(mixed $v): string
{
    return \\json_encode(\\is_string($v) ? $v : $v->value, \\JSON_UNESCAPED_SLASHES | \\JSON_UNESCAPED_UNICODE);
}
""",
}


def existing(out, ns_path, name):
    """The generated class file for name, allowing the '_' suffixes naming.c adds on clashes."""
    candidate = name
    for _ in range(4):
        if (out / ns_path / (candidate + ".php")).exists():
            return candidate
        candidate += "_"
    return name


def run_case(case, payloadc, work):
    crash = lambda why: [{"crash": why}] * len(case.vectors)
    out = work / case.name / "out"
    out.mkdir(parents=True, exist_ok=True)
    gen = subprocess.run([payloadc, "gen", "--lang", "php", "--out", str(out), str(case.schema)],
                         capture_output=True, text=True)
    if gen.returncode != 0:
        return crash("payloadc gen failed: " + gen.stderr.strip()[:500])
    check = subprocess.run([payloadc, "check", "--dump", "json", str(case.schema)],
                           capture_output=True, text=True)
    if check.returncode != 0:
        return crash("payloadc check --dump failed: " + check.stderr.strip()[:500])
    dump = json.loads(check.stdout)
    try:
        ns, cls, kind, ns_path = locate(dump, case.type)
    except StopIteration:
        return crash(f"type {case.type} is not declared")
    if not (out / ns_path / (cls + ".php")).exists():
        return crash(f"no generated file {ns_path / (cls + '.php')}")
    fq = ns + "\\" + cls
    codec = ns + "\\" + existing(out, ns_path, cls + "Codec")
    if kind not in FUNCTIONS:
        return crash(f"cannot test a {kind}")
    harness = work / case.name / "harness.php"
    harness.write_text(HARNESS % {"functions": FUNCTIONS[kind] % {"cls": fq, "codec": codec}},
                       encoding="utf-8")
    stdin = "".join(base64.b64encode(v.input.encode("utf-8", "surrogatepass")).decode("ascii")
                    + "\n" for v in case.vectors)
    try:
        proc = subprocess.run(["php", "-d", "display_errors=stderr", str(harness)], input=stdin,
                              capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return crash("php timed out")
    lines = proc.stdout.splitlines()
    outcomes = []
    for index in range(len(case.vectors)):
        if index < len(lines):
            try:
                outcomes.append(json.loads(lines[index]))
            except ValueError:
                outcomes.append({"crash": "harness printed " + lines[index][:200]})
        else:
            outcomes.append({"crash": "php exited %d: %s" % (proc.returncode,
                                                             proc.stderr.strip()[-500:])})
    return outcomes


def run(cases, payloadc, work):
    return {case.name: run_case(case, payloadc, Path(work)) for case in cases}
