"""A reference decoder/validator/encoder for conformance vectors (a cross-check, not a product).

Reads the resolved schema from `payloadc check --dump json`, and uses libpayload (ctypes) for
strict JSON validation, float formatting, the string formats and I-Regexp matching, so that
canonical outputs are what the C runtime would write.
"""
import base64
import ctypes
import decimal
import json
import os
from pathlib import Path
import subprocess
import sys

sys.setrecursionlimit(20000)
BUILD = Path(os.environ.get("PAYLOADC_BUILD", Path(__file__).resolve().parents[3] / "build"))
LIB = ctypes.CDLL(str(BUILD / "runtime" / "libpayload.so"))
PAYLOADC = str(BUILD / "compiler" / "payloadc")

LIB.pl_json_validate.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]
LIB.pl_json_validate.restype = ctypes.c_bool
LIB.pl_json_format_float64.argtypes = [ctypes.c_double, ctypes.c_char_p]
LIB.pl_json_format_float64.restype = ctypes.c_size_t
for name in ("pl_date", "pl_datetime", "pl_uuid"):
    getattr(LIB, name + "_parse").argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]
    getattr(LIB, name + "_parse").restype = ctypes.c_bool
    getattr(LIB, name + "_format").argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    getattr(LIB, name + "_format").restype = ctypes.c_size_t
LIB.pl_decimal_valid.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
LIB.pl_decimal_valid.restype = ctypes.c_bool
LIB.pl_arena_new.restype = ctypes.c_void_p
LIB.pl_arena_free.argtypes = [ctypes.c_void_p]
LIB.pl_base64_decode.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p,
                                 ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
LIB.pl_base64_decode.restype = ctypes.c_bool
LIB.pl_regex_compile.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p]
LIB.pl_regex_compile.restype = ctypes.c_void_p
LIB.pl_regex_match.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
LIB.pl_regex_match.restype = ctypes.c_bool
LIB.pl_utf8_length.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
LIB.pl_utf8_length.restype = ctypes.c_size_t


class PlBuf(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("len", ctypes.c_size_t), ("cap", ctypes.c_size_t)]


LIB.pl_buf_init.argtypes = [ctypes.POINTER(PlBuf)]
LIB.pl_buf_free.argtypes = [ctypes.POINTER(PlBuf)]
for name in ("pl_json_write_string", "pl_json_write_raw_compact"):
    getattr(LIB, name).argtypes = [ctypes.POINTER(PlBuf), ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]
    getattr(LIB, name).restype = ctypes.c_bool

ARENA = LIB.pl_arena_new()


def c_write(fn, data):
    buf = PlBuf()
    LIB.pl_buf_init(ctypes.byref(buf))
    err = ctypes.create_string_buffer(1024)
    ok = fn(ctypes.byref(buf), data, len(data), err)
    assert ok, (fn, data)
    out = ctypes.string_at(buf.data, buf.len).decode("utf-8")
    LIB.pl_buf_free(ctypes.byref(buf))
    return out


def json_validate(raw):
    """None when valid, else the error kind (1 syntax, 10 depth)."""
    err = ctypes.create_string_buffer(1024)
    if LIB.pl_json_validate(raw, len(raw), err):
        return None
    return int.from_bytes(err.raw[:4], "little")


def fmt_float(value):
    out = ctypes.create_string_buffer(64)
    n = LIB.pl_json_format_float64(value, out)
    assert n
    return out.raw[:n].decode()


def fmt_format(kind, text):
    b = text.encode("utf-8")
    st = ctypes.create_string_buffer(64)
    if not getattr(LIB, kind + "_parse")(b, len(b), st):
        return None
    out = ctypes.create_string_buffer(64)
    n = getattr(LIB, kind + "_format")(st, out)
    return out.raw[:n].decode()


def base64_canonical(text):
    b = text.encode("utf-8")
    p = ctypes.c_void_p()
    n = ctypes.c_size_t()
    if not LIB.pl_base64_decode(b, len(b), ARENA, ctypes.byref(p), ctypes.byref(n)):
        return None
    data = ctypes.string_at(p, n.value) if n.value else b""
    return base64.b64encode(data).decode()


_regex_cache = {}


def regex_match(pattern, text):
    if pattern not in _regex_cache:
        pb = pattern.encode("utf-8")
        err = ctypes.create_string_buffer(1024)
        re = LIB.pl_regex_compile(pb, len(pb), ARENA, err)
        assert re, pattern
        _regex_cache[pattern] = re
    tb = text.encode("utf-8")
    return LIB.pl_regex_match(_regex_cache[pattern], tb, len(tb))


def write_string(s):
    return c_write(LIB.pl_json_write_string, s.encode("utf-8", "surrogatepass"))


def compact(raw_text):
    return c_write(LIB.pl_json_write_raw_compact, raw_text.encode("utf-8"))


# ---- a JSON parser for already-validated text, keeping order, spans and number text ----

class Node:
    __slots__ = ("kind", "value", "start", "end")

    def __init__(self, kind, value, start, end):
        self.kind, self.value, self.start, self.end = kind, value, start, end


class Parser:
    def __init__(self, text):
        self.t = text
        self.i = 0

    def ws(self):
        while self.i < len(self.t) and self.t[self.i] in " \t\r\n":
            self.i += 1

    def value(self):
        self.ws()
        t, i = self.t, self.i
        c = t[i]
        if c == "{":
            self.i += 1
            pairs = []
            self.ws()
            if t[self.i] == "}":
                self.i += 1
                return Node("object", pairs, i, self.i)
            while True:
                self.ws()
                k = self.string()
                self.ws()
                assert t[self.i] == ":"
                self.i += 1
                v = self.value()
                pairs.append((k.value, v))
                self.ws()
                if t[self.i] == ",":
                    self.i += 1
                    continue
                assert t[self.i] == "}"
                self.i += 1
                return Node("object", pairs, i, self.i)
        if c == "[":
            self.i += 1
            items = []
            self.ws()
            if t[self.i] == "]":
                self.i += 1
                return Node("array", items, i, self.i)
            while True:
                items.append(self.value())
                self.ws()
                if t[self.i] == ",":
                    self.i += 1
                    continue
                assert t[self.i] == "]"
                self.i += 1
                return Node("array", items, i, self.i)
        if c == '"':
            return self.string()
        for word, kind, val in (("true", "bool", True), ("false", "bool", False), ("null", "null", None)):
            if t.startswith(word, i):
                self.i += len(word)
                return Node(kind, val, i, self.i)
        j = i
        while j < len(t) and t[j] in "+-0123456789.eE":
            j += 1
        self.i = j
        return Node("number", t[i:j], i, j)

    def string(self):
        t, i = self.t, self.i
        assert t[i] == '"'
        j = i + 1
        while t[j] != '"':
            j += 2 if t[j] == "\\" else 1
        self.i = j + 1
        return Node("string", json.loads(t[i:j + 1]), i, j + 1)


# ---- schema ----

def parse_type(s):
    s = s.strip()
    if s.endswith("?"):
        return ("nullable", parse_type(s[:-1]))
    if s.startswith("list<"):
        return ("list", parse_type(s[5:-1]))
    if s.startswith("map<string,"):
        return ("map", parse_type(s[len("map<string,"):-1]))
    return ("named", s)


PRIMS = {"bool", "int32", "int64", "float64", "string", "bytes", "date", "datetime", "uuid", "decimal", "json"}


class Err(Exception):
    def __init__(self, stage, path, why):
        super().__init__(f"{stage} {path!r}: {why}")
        self.stage, self.path, self.why = stage, path, why


def ptr(path, key):
    return path + "/" + str(key).replace("~", "~0").replace("/", "~1")


class Schema:
    def __init__(self, schema_path):
        out = subprocess.run([PAYLOADC, "check", "--dump", "json", schema_path],
                             capture_output=True, text=True)
        if out.returncode != 0 or out.stderr.strip():
            raise SystemExit(f"payloadc check {schema_path}:\n{out.stderr}")
        dump = json.loads(out.stdout)
        self.decls = {d["name"]: d for d in dump["declarations"]}

    # resolve through aliases; returns (base type tuple, nullable, constraints list)
    def decl(self, name):
        return self.decls.get(name)

    def count_violations(self, type_name, text):
        node = Parser(text).value()
        t = ("named", type_name)
        value = self.decode(t, node, "", text)
        self.collect = []
        try:
            self.validate(t, value, "")
            return list(self.collect)
        finally:
            self.collect = None

    def run(self, type_name, text):
        raw = text.encode("utf-8", "surrogatepass")
        kind = json_validate(raw)
        if kind is not None:
            raise Err("decode", "", "syntax" if kind == 1 else f"kind {kind}")
        node = Parser(text).value()
        t = ("named", type_name)
        value = self.decode(t, node, "", text)
        self.validate(t, value, "")
        return self.encode(t, value, text)

    # ---- decode: returns python values; structs as list of (field, value) ----
    def decode(self, t, node, path, text):
        if t[0] == "nullable":
            if node.kind == "null":
                return None
            return self.decode(t[1], node, path, text)
        if t[0] == "list":
            if node.kind != "array":
                raise Err("decode", path, "not an array")
            return [self.decode(t[1], n, ptr(path, i), text) for i, n in enumerate(node.value)]
        if t[0] == "map":
            if node.kind != "object":
                raise Err("decode", path, "not an object")
            return [(k, self.decode(t[1], n, ptr(path, k), text)) for k, n in node.value]
        name = t[1]
        if name in PRIMS:
            return self.decode_prim(name, node, path, text)
        d = self.decls[name]
        if d["kind"] == "alias":
            return self.decode(parse_type(d["target"]), node, path, text)
        if d["kind"] == "enum":
            if node.kind != "string":
                raise Err("decode", path, "enum not a string")
            for m in d["members"]:
                if m["wire"] == node.value:
                    return ("member", m["wire"])
            if d["open"]:
                return ("unknown", node.value)
            raise Err("decode", path, "unknown member")
        if d["kind"] == "struct":
            if node.kind != "object":
                raise Err("decode", path, "not an object")
            return self.decode_struct(d, node.value, path, text, skip=None)
        if d["kind"] == "union":
            if node.kind != "object":
                raise Err("decode", path, "union not an object")
            disc = d["discriminator"]
            tags = [v for k, v in node.value if k == disc]
            if not tags:
                raise Err("decode", ptr(path, disc), "missing tag")
            tag = tags[-1]
            if tag.kind != "string":
                raise Err("decode", ptr(path, disc), "tag not a string")
            for v in d["variants"]:
                if v["wire"] == tag.value:
                    sd = self.decls[v["type"]]
                    return ("variant", disc, v["wire"], self.decode_struct(sd, node.value, path, text, skip=disc))
            if d["open"]:
                return ("unknown_object", compact(text[node.start:node.end]))
            raise Err("decode", ptr(path, disc), "unknown tag")
        raise AssertionError(d["kind"])

    decl_order = False

    def decode_struct(self, d, pairs, path, text, skip):
        fields = d["fields"]
        if self.decl_order:
            out = []
            for f in fields:
                found = [n for k, n in pairs if k == f["wire"] and k != skip]
                ft = parse_type(f["type"])
                p = ptr(path, f["wire"])
                if found:
                    n = found[-1]
                    if n.kind == "null" and not self.admits_null(ft):
                        raise Err("decode", p, "null")
                    out.append((f, self.decode(ft, n, p, text)))
                elif "default" in f:
                    out.append((f, self.default_value(ft, f["default"])))
                elif f["optional"]:
                    out.append((f, ABSENT))
                else:
                    raise Err("decode", p, "missing")
            return out
        got = {}
        for k, n in pairs:
            if k == skip:
                continue
            f = next((f for f in fields if f["wire"] == k), None)
            if f is None:
                continue
            ft = parse_type(f["type"])
            p = ptr(path, k)
            if n.kind == "null" and not self.admits_null(ft):
                raise Err("decode", p, "null")
            got[f["name"]] = self.decode(ft, n, p, text)
        out = []
        for f in fields:
            if f["name"] in got:
                out.append((f, got[f["name"]]))
            elif "default" in f:
                out.append((f, self.default_value(parse_type(f["type"]), f["default"])))
            elif f["optional"]:
                out.append((f, ABSENT))
            else:
                raise Err("decode", ptr(path, f["wire"]), "missing")
        return out

    def admits_null(self, t):
        while True:
            if t[0] == "nullable":
                return True
            if t[0] == "named" and t[1] == "json":
                return True
            if t[0] == "named" and t[1] in self.decls and self.decls[t[1]]["kind"] == "alias":
                t = parse_type(self.decls[t[1]]["target"])
                continue
            return False

    def default_value(self, t, src):
        if src == "null":
            return None
        tt = t
        while tt[0] == "nullable" or (tt[0] == "named" and tt[1] in self.decls and self.decls[tt[1]]["kind"] == "alias"):
            tt = tt[1] if tt[0] == "nullable" else parse_type(self.decls[tt[1]]["target"])
        if tt[0] in ("list", "map"):
            return []
        name = tt[1]
        if name == "json":
            return ("json", compact(src))
        if name in self.decls and self.decls[name]["kind"] == "enum":
            m = next(m for m in self.decls[name]["members"] if m["name"] == src)
            return ("member", m["wire"])
        node = Parser(src).value()
        return self.decode_prim(name, node, "<default>", src)

    def decode_prim(self, name, node, path, text):
        k = node.kind
        if name == "json":
            return ("json", compact(text[node.start:node.end]))
        if name == "bool":
            if k != "bool":
                raise Err("decode", path, "not a bool")
            return node.value
        if name in ("int32", "int64"):
            if k != "number":
                raise Err("decode", path, "not a number")
            d = decimal.Decimal(node.value)
            if d.is_zero():
                return 0
            lim = 2 ** 31 if name == "int32" else 2 ** 63
            if d != d.to_integral_value() or d.adjusted() > 25 or not (-lim <= int(d) < lim):
                raise Err("decode", path, "range")
            return int(d)
        if name == "float64":
            if k != "number":
                raise Err("decode", path, "not a number")
            v = float(node.value)
            if v in (float("inf"), float("-inf")):
                raise Err("decode", path, "range")
            return v
        if k != "string":
            raise Err("decode", path, f"{name} not a string")
        s = node.value
        if name == "string":
            return s
        if name == "bytes":
            c = base64_canonical(s)
            if c is None:
                raise Err("decode", path, "format")
            return ("b64", c)
        if name in ("date", "datetime", "uuid"):
            c = fmt_format("pl_" + name, s)
            if c is None:
                raise Err("decode", path, "format")
            return ("fmt", c)
        if name == "decimal":
            b = s.encode("utf-8")
            if not LIB.pl_decimal_valid(b, len(b)):
                raise Err("decode", path, "format")
            return ("fmt", s)
        raise AssertionError(name)

    # ---- validate ----
    def constraints_of(self, t):
        """Constraints of the alias chain of t (not the field's own), and the base type."""
        cs = []
        while True:
            if t[0] == "nullable":
                t = t[1]
                continue
            if t[0] == "named" and t[1] in self.decls and self.decls[t[1]]["kind"] == "alias":
                d = self.decls[t[1]]
                if "constraints" in d:
                    cs.append(d["constraints"])
                t = parse_type(d["target"])
                continue
            return cs, t

    collect = None

    def fail_validate(self, path, why):
        if self.collect is not None:
            self.collect.append((path, why))
            return
        raise Err("validate", path, why)

    def check(self, cs, value, path):
        for c in cs:
            num = lambda x: x if isinstance(x, float) else decimal.Decimal(str(x))
            if "min" in c and value < num(c["min"]):
                self.fail_validate(path, "min")
            if "max" in c and value > num(c["max"]):
                self.fail_validate(path, "max")
            if isinstance(value, str):
                n = len(value)
                if "min_length" in c and n < c["min_length"]:
                    self.fail_validate(path, "min_length")
                if "max_length" in c and n > c["max_length"]:
                    self.fail_validate(path, "max_length")
                if "pattern" in c and not regex_match(c["pattern"], value):
                    self.fail_validate(path, "pattern")
            if isinstance(value, list):
                if "min_items" in c and len(value) < c["min_items"]:
                    self.fail_validate(path, "min_items")
                if "max_items" in c and len(value) > c["max_items"]:
                    self.fail_validate(path, "max_items")

    def validate(self, t, value, path, own=None):
        if value is None or value is ABSENT:
            return
        cs, base = self.constraints_of(t)
        if own:
            cs = [own] + cs
        if cs:
            v = value
            if isinstance(value, float):
                v = value
                cs = [{k: (float(x) if k in ("min", "max") else x) for k, x in c.items()} for c in cs]
            elif isinstance(value, int) and not isinstance(value, bool):
                v = decimal.Decimal(value)
            self.check(cs, v, path)
        if base[0] == "list":
            for i, e in enumerate(value):
                self.validate(base[1], e, ptr(path, i))
        elif base[0] == "map":
            for k, e in value:
                self.validate(base[1], e, ptr(path, k))
        elif base[1] in self.decls:
            d = self.decls[base[1]]
            if d["kind"] == "struct":
                self.validate_struct(value, path)
            elif d["kind"] == "union" and value[0] == "variant":
                self.validate_struct(value[3], path)

    def validate_struct(self, fields, path):
        for f, v in fields:
            self.validate(parse_type(f["type"]), v, ptr(path, f["wire"]), f.get("constraints"))

    # ---- encode ----
    def encode(self, t, value, text):
        if value is None:
            return "null"
        if t[0] == "nullable":
            return self.encode(t[1], value, text)
        if t[0] == "list":
            return "[" + ",".join(self.encode(t[1], e, text) for e in value) + "]"
        if t[0] == "map":
            return "{" + ",".join(write_string(k) + ":" + self.encode(t[1], e, text) for k, e in value) + "}"
        name = t[1]
        if name in self.decls:
            d = self.decls[name]
            if d["kind"] == "alias":
                return self.encode(parse_type(d["target"]), value, text)
            if d["kind"] == "enum":
                return write_string(value[1])
            if d["kind"] == "struct":
                return self.encode_struct(value, [], text)
            if d["kind"] == "union":
                if value[0] == "unknown_object":
                    return value[1]
                _, disc, wire, fields = value
                return self.encode_struct(fields, [write_string(disc) + ":" + write_string(wire)], text)
        if isinstance(value, bool):
            return "true" if value else "false"
        if name in ("int32", "int64"):
            return str(value)
        if name == "float64":
            return fmt_float(value)
        if name == "string":
            return write_string(value)
        if isinstance(value, tuple) and value[0] == "json":
            return value[1]
        if isinstance(value, tuple):
            return write_string(value[1])
        raise AssertionError((name, value))

    def encode_struct(self, fields, parts, text):
        parts = list(parts)
        for f, v in fields:
            if v is ABSENT:
                continue
            parts.append(write_string(f["wire"]) + ":" + self.encode(parse_type(f["type"]), v, text))
        return "{" + ",".join(parts) + "}"


class _Absent:
    pass


ABSENT = _Absent()
