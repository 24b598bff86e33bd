"""Helpers for writing conformance cases."""
import json
import re

SAME = object()  # canonical equals the input
CASES = []


class Case:
    def __init__(self, name, package, type_name, covers, schema):
        self.name = name
        self.package = package
        self.type = f"{package}.{type_name}"
        self.covers = covers
        self.schema = schema.strip("\n") + "\n"
        self.valid = []
        self.invalid = []
        CASES.append(self)

    def ok(self, name, input, canonical=SAME):
        self.valid.append({"name": name, "input": input,
                           "canonical": input if canonical is SAME else canonical})
        return self

    def bad(self, name, input, stage, path):
        assert stage in ("decode", "validate")
        self.invalid.append({"name": name, "input": input, "stage": stage, "path": path})
        return self

    def decode(self, name, input, path):
        return self.bad(name, input, "decode", path)

    def validate(self, name, input, path):
        return self.bad(name, input, "validate", path)


# Characters written as \u escapes in vectors.json so that nobody reading the file is fooled by
# an invisible character (json.dumps already escapes U+0000..U+001F).
_INVISIBLE = re.compile("[\u007f-\u00a0\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\ufff0-\uffff]")


def dumps(value):
    text = json.dumps(value, ensure_ascii=False)
    return _INVISIBLE.sub(lambda m: "\\u%04x" % ord(m.group(0)), text)


def render(case):
    lines = ["{", f'  "type": {dumps(case.type)},', '  "valid": [']
    for i, v in enumerate(case.valid):
        sep = "," if i + 1 < len(case.valid) else ""
        lines.append("    {" + f'"name": {dumps(v["name"])}, "input": {dumps(v["input"])}, '
                     f'"canonical": {dumps(v["canonical"])}' + "}" + sep)
    lines.append("  ],")
    lines.append('  "invalid": [')
    for i, v in enumerate(case.invalid):
        sep = "," if i + 1 < len(case.invalid) else ""
        lines.append("    {" + f'"name": {dumps(v["name"])}, "input": {dumps(v["input"])}, '
                     f'"stage": {dumps(v["stage"])}, "path": {dumps(v["path"])}' + "}" + sep)
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"
