#!/usr/bin/env python3
"""Writes the bench's type descriptors (tables.h) for the structs payloadc generates, from the
resolved schema that `payloadc check --dump json` prints.

    payloadc check --dump json bench/c/bench.payload > dump.json
    bench/c/gen_tables.py dump.json bench.Events > tables_gen.c

Member names follow docs/c.md ("Names"): the schema's snake_case, keywords with a trailing '_',
presence flags has_<name>, null flags <name>_is_null, enum and tag constants in member order.
Only what the event types use is supported (no pointers, no nullable aliases, no maps): the
script stops with an error otherwise.
"""
import json
import re
import sys

KEYWORDS = set("""_Alignas _Alignof _Atomic _BitInt _Bool _Complex _Decimal128 _Decimal32 _Decimal64
_Generic _Imaginary _Noreturn _Static_assert _Thread_local EOF I NULL alignas alignof and and_eq
asm assert auto bitand bitor bool break case catch char char16_t char32_t char8_t class co_await
co_return co_yield compl complex concept const const_cast consteval constexpr constinit continue
decltype default delete do double dynamic_cast else enum errno explicit export extern false float
for friend goto i386 if imaginary inline int linux long mutable namespace new noexcept noreturn not
not_eq nullptr offsetof operator or or_eq private protected public register reinterpret_cast
requires restrict return short signed sizeof static static_assert static_cast stderr stdin stdout
struct switch template this thread_local throw true try typedef typeid typename typeof
typeof_unqual union unix unsigned using virtual void volatile wchar_t while xor xor_eq""".split())

PRIMITIVES = {"bool": "BT_BOOL", "int32": "BT_INT32", "int64": "BT_INT64",
              "float64": "BT_FLOAT64", "string": "BT_STRING", "decimal": "BT_DECIMAL",
              "datetime": "BT_DATETIME", "date": "BT_DATE", "uuid": "BT_UUID"}
CTYPES = {"bool": "bool", "int32": "int32_t", "int64": "int64_t", "float64": "double",
          "string": "pl_string", "decimal": "pl_string", "datetime": "pl_datetime",
          "date": "pl_date", "uuid": "pl_uuid"}


def member(name):
    if name.startswith("_"):
        rest = name.lstrip("_")
        return ("v" if not rest or rest[0].isdigit() else "") + rest + "_"
    return name + "_" if name in KEYWORDS else name


def cname(qualified):
    package, _, name = qualified.rpartition(".")
    return ("p" if package.startswith("_") else "") + package.replace(".", "_") + "_" + name


def ident(text):
    return "bt_" + re.sub(r"[^A-Za-z0-9]", "_", text)


def c_literal(text):
    out = []
    for b in text.encode("utf-8"):
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif 0x20 <= b < 0x7F and c != "?":
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


class Tables:
    def __init__(self, dump):
        self.decls = {d["name"]: d for d in dump["declarations"]}
        self.emitted = {}
        self.order = []
        self.lists = {}

    def resolve(self, t):
        """Follows aliases; returns (type text, nullable)."""
        nullable = False
        if t.endswith("?"):
            nullable, t = True, t[:-1]
        while t in self.decls and self.decls[t]["kind"] == "alias":
            target = self.decls[t]["target"]
            if target.endswith("?"):
                raise SystemExit(f"gen_tables: nullable alias {t} is not supported")
            t = target
        return t, nullable

    def ctype(self, t):
        t, _ = self.resolve(t)
        if t in CTYPES:
            return CTYPES[t]
        if t.startswith("list<"):
            return self.list_ctype(t)
        return cname(t)

    def list_ctype(self, t):
        inner = t[5:-1]
        resolved, nullable = self.resolve(inner)
        if nullable:
            raise SystemExit("gen_tables: lists of nullable elements are not supported")
        # The emitter names lists after the element as written (an alias keeps its name).
        base = inner
        if base in CTYPES:
            stem = "pl_" + ("float64" if base == "float64" else base)
        elif base.startswith("list<"):
            stem = self.list_ctype(base)
        else:
            stem = cname(base)
        return stem + "_list"

    def type_ref(self, t):
        """The descriptor name for a (resolved) type, emitting it if needed."""
        t, _ = self.resolve(t)
        if t in PRIMITIVES:
            return "bt_" + t
        if t.startswith("map<"):
            raise SystemExit("gen_tables: maps are not supported")
        if t.startswith("list<"):
            name = ident(t)
            if t not in self.emitted:
                self.emitted[t] = name
                elem = self.type_ref(t[5:-1])
                self.order.append(f"static const bt_type {name} = {{BT_LIST, {c_literal(t)}, "
                                  f"sizeof({self.list_ctype(t)}), .elem = &{elem}}};")
            return name
        return self.decl(t)

    def decl(self, q):
        if q in self.emitted:
            return self.emitted[q]
        d = self.decls[q]
        name = ident(q)
        self.emitted[q] = name
        c = cname(q)
        kind = d["kind"]
        if kind == "enum":
            wires = [m["wire"] for m in d["members"]]
            self.order.append(f"static const char *const {name}_names[] = {{"
                              + ", ".join(c_literal(w) for w in wires) + "};")
            self.order.append(f"static const uint32_t {name}_lens[] = {{"
                              + ", ".join(str(len(w.encode())) for w in wires) + "};")
            if d["open"]:
                self.order.append(f"static const bt_type {name} = {{BT_OPEN_ENUM, {c_literal(q)}, "
                                  f"sizeof({c}), .names = {name}_names, .name_lens = {name}_lens, "
                                  f".name_count = {len(wires)}, .raw_offset = offsetof({c}, raw)}};")
            else:
                self.order.append(f"static const bt_type {name} = {{BT_ENUM, {c_literal(q)}, "
                                  f"sizeof({c}), .names = {name}_names, .name_lens = {name}_lens, "
                                  f".name_count = {len(wires)}}};")
        elif kind == "union":
            rows = []
            for v in d["variants"]:
                m = member(v["name"])
                if m in ("tag", "raw"):
                    m += "_"
                rows.append(f"{{{c_literal(v['wire'])}, {len(v['wire'].encode())}, "
                            f"offsetof({c}, {m}), &{self.type_ref(v['type'])}}}")
            self.order.append(f"static const bt_variant {name}_variants[] = {{" + ", ".join(rows) + "};")
            disc = d.get("discriminator", "type")
            raw = f", .raw_offset = offsetof({c}, raw)" if d["open"] else ""
            self.order.append(f"static const bt_type {name} = {{BT_UNION, {c_literal(q)}, sizeof({c}), "
                              f".disc = {c_literal(disc)}, .disc_len = {len(disc.encode())}, "
                              f".tag_offset = offsetof({c}, tag), .variants = {name}_variants, "
                              f".variant_count = {len(rows)}, .open = {'true' if d['open'] else 'false'}"
                              f"{raw}}};")
        elif kind == "struct":
            rows = []
            for f in d["fields"]:
                m = member(f["name"])
                t, nullable = self.resolve(f["type"])
                ref = self.type_ref(f["type"])
                has = f"(int32_t)offsetof({c}, has_{m})" if f["optional"] else "-1"
                null = f"(int32_t)offsetof({c}, {m}_is_null)" if nullable else "-1"
                required = not f["optional"] and "default" not in f
                default = self.default(f, t)
                rows.append(f"{{{c_literal(f['wire'])}, {len(f['wire'].encode())}, offsetof({c}, {m}), "
                            f"{has}, {null}, {'true' if required else 'false'}, &{ref}, {default}}}")
            if rows:
                self.order.append(f"static const bt_field {name}_fields[] = {{\n    "
                                  + ",\n    ".join(rows) + "};")
            fields = f".fields = {name}_fields, .field_count = {len(rows)}" if rows else ".field_count = 0"
            self.order.append(f"static const bt_type {name} = {{BT_STRUCT, {c_literal(q)}, sizeof({c}), "
                              f"{fields}}};")
        else:
            raise SystemExit(f"gen_tables: {q} is a {kind}")
        return name

    def default(self, f, t):
        if "default" not in f:
            return "BT_NO_DEFAULT, 0, 0, NULL, 0"
        v = f["default"]
        if v == "null":
            return "BT_DEFAULT_NULL, 0, 0, NULL, 0"
        if v in ("[]", "{}"):
            return "BT_DEFAULT_EMPTY, 0, 0, NULL, 0"
        if v in ("true", "false"):
            return f"BT_DEFAULT_INT, {1 if v == 'true' else 0}, 0, NULL, 0"
        if v.startswith('"'):
            text = json.loads(v)
            return f"BT_DEFAULT_STRING, 0, 0, {c_literal(text)}, {len(text.encode())}"
        if t in ("int32", "int64"):
            return f"BT_DEFAULT_INT, INT64_C({v}), 0, NULL, 0"
        if t == "float64":
            return f"BT_DEFAULT_FLOAT, 0, {v}, NULL, 0"
        d = self.decls[t]
        index = [m["name"] for m in d["members"]].index(v)
        return f"BT_DEFAULT_INT, {index}, 0, NULL, 0"


def main():
    dump = json.load(open(sys.argv[1], encoding="utf-8"))
    root = sys.argv[2]
    tables = Tables(dump)
    header = [l for l in sys.argv[3:]]
    resolved, _ = tables.resolve(root)
    if not resolved.startswith("list<"):
        raise SystemExit("gen_tables: the root must be a list")
    elem = tables.type_ref(resolved[5:-1])
    print("/* Generated by bench/c/gen_tables.py; do not edit. */")
    print("#include <stddef.h>\n")
    print("#if defined(__GNUC__)")
    print('#pragma GCC diagnostic ignored "-Wdeprecated-declarations"')
    print('#pragma GCC diagnostic ignored "-Wmissing-field-initializers"')
    print('#pragma GCC diagnostic ignored "-Wunused-const-variable"')
    print('#pragma GCC diagnostic ignored "-Wunused-variable"')
    print("#endif")
    for h in header:
        print(f'#include "{h}"')
    print('#include "tables.h"\n')
    for p, kind in (("bool", "BT_BOOL"), ("int32", "BT_INT32"), ("int64", "BT_INT64"),
                    ("float64", "BT_FLOAT64"), ("string", "BT_STRING"), ("decimal", "BT_DECIMAL"),
                    ("datetime", "BT_DATETIME"), ("date", "BT_DATE"), ("uuid", "BT_UUID")):
        print(f"static const bt_type bt_{p} = {{{kind}, \"{p}\", sizeof({CTYPES[p]})}};")
    print()
    for line in tables.order:
        print(line)
    print(f"\nconst bt_type bt_root = {{BT_LIST, \"root\", sizeof({cname(root)}), .elem = &{elem}}};")


if __name__ == "__main__":
    main()
