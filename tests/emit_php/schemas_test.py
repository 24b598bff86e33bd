#!/usr/bin/env python3
"""The PHP generated for schemas/ (the sports-club API) lints, loads and round-trips.

    tests/emit_php/schemas_test.py PAYLOADC

1. `payloadc gen --lang php` for every schemas/*.payload;
2. `php -l` on every file;
3. every class loads through the generated autoload.php with E_ALL (no deprecation either);
4. for every struct, union, enum and alias a sample value in canonical form (every field set,
   declaration order) decodes, validates, and encodes back to the same bytes -- from JSON text
   (strict), from json_decode() objects and from json_decode(..., true) arrays (lenient); an
   unknown variant of each open union comes back unchanged.
"""
import json
import sys
import tempfile
from pathlib import Path

from support import HERE, ROOT, driver, lint, php_or_skip, run

PRIMITIVES = {
    "bool": True, "int32": 7, "int64": 42, "float64": 1.5, "string": "text",
    "bytes": "AAEC", "date": "2024-02-29", "datetime": "2024-05-01T10:00:00.5+02:00",
    "uuid": "123e4567-e89b-12d3-a456-426614174000", "decimal": "12.50",
    "json": {"k": [1, "x", None, {}]},
}
DEEP = 3  # below this, optional fields are left out, lists and maps empty, nullables null


class TooDeep(Exception):
    pass


class Samples:
    def __init__(self, dump):
        self.decls = {d["name"]: d for d in dump["declarations"]}

    def value(self, t, depth):
        if depth > 12:
            raise TooDeep()
        if t.endswith("?"):
            return None if depth > DEEP else self.value(t[:-1], depth)
        if t.startswith("list<"):
            return [] if depth > DEEP else [self.value(t[5:-1], depth + 1)]
        if t.startswith("map<string,"):
            return {} if depth > DEEP else {"k": self.value(t[11:-1], depth + 1)}
        if t in PRIMITIVES:
            return PRIMITIVES[t]
        decl = self.decls[t]
        kind = decl["kind"]
        if kind == "enum":
            return decl["members"][0]["wire"]
        if kind == "alias":
            return self.value(decl["target"], depth)
        if kind == "struct":
            return self.fields(decl, depth)
        if kind == "union":
            for variant in decl["variants"]:
                try:
                    body = self.fields(self.decls[variant["type"]], depth)
                except TooDeep:
                    continue
                return {decl["discriminator"]: variant["wire"], **body}
            raise TooDeep()
        raise ValueError(t)

    def fields(self, struct, depth):
        out = {}
        for f in struct["fields"]:
            if f["optional"] and depth > DEEP:
                continue
            out[f["wire"]] = self.value(f["type"], depth + 1)
        return out


def text(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def main():
    payloadc = Path(sys.argv[1]).resolve()
    php = php_or_skip()
    schemas = sorted((ROOT / "schemas").glob("*.payload"))
    with tempfile.TemporaryDirectory(prefix="emit_php_schemas-") as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        run([payloadc, "gen", "--lang", "php", "--out", out] + schemas)
        count, bad = lint(php, out)
        if bad:
            print("FAIL: php -l\n" + "\n".join(bad))
            return 1
        print(f"php -l: {count} files clean")
        print(run([php, HERE / "load_all.php", out]).stdout.strip())

        dump = json.loads(run([payloadc, "check", "--dump", "json"] + schemas).stdout)
        samples = Samples(dump)
        php_driver = driver()
        cases = []
        for decl in dump["declarations"]:
            if decl["kind"] == "service":
                continue
            ns, cls, kind, _ = php_driver.locate(dump, decl["name"])
            fq = ns + "\\" + cls
            codec = fq + "Codec" if kind == "union" else fq
            value = samples.value(decl["name"], 0)
            cases.append({"name": decl["name"], "kind": kind, "class": fq, "codec": codec,
                          "input": text(value)})
            if kind == "union" and decl["open"]:
                unknown = {"x": [1, {"y": None}], decl["discriminator"]: "zz_not_a_variant"}
                cases.append({"name": decl["name"] + " (unknown variant)", "kind": kind,
                              "class": fq, "codec": codec, "input": text(unknown)})
        (Path(tmp) / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
        proc = run([php, HERE / "roundtrip.php", out, Path(tmp) / "cases.json"])
        print(proc.stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
