from common import Case

# ---------------------------------------------------------------- nested structs, wrong kinds
c = Case("struct_nesting", "conf.nested", "Cart", "nested structs and lists: every wrong JSON kind reported at the nested path of the value (`/owner/address/zip`, `/items/3/qty`); non-objects at the root", r'''
// Conformance: wrong JSON kinds at nested paths.
package conf.nested;

struct Address {
  street: string;
  zip: string;
}

struct Owner {
  name: string;
  address: Address;
}

struct Item {
  sku: string;
  qty: int32;
}

struct Cart {
  owner: Owner;
  items: list<Item>;
  note?: string;
}
''')
O = r'"owner":{"name":"Ann","address":{"street":"Main 1","zip":"1000"}}'
I = r'{"sku":"a","qty":1}'
c.ok("nested objects", '{' + O + ',"items":[' + I + ']}')
c.ok("nested objects in another order", r'{"items":[{"qty":2,"sku":"b"}],"owner":{"address":{"zip":"1000","street":"Main 1"},"name":"Ann"}}', '{' + O + r',"items":[{"sku":"b","qty":2}]}')
c.ok("optional note", '{' + O + r',"items":[],"note":"leave at door"}')
c.decode("string where an int is expected at /items/3/qty", '{' + O + ',"items":[' + ",".join([I] * 3) + r',{"sku":"d","qty":"4"}]}', "/items/3/qty")
c.decode("bool where an int is expected", '{' + O + r',"items":[{"sku":"a","qty":true}]}', "/items/0/qty")
c.decode("object where a string is expected", '{' + O + r',"items":[{"sku":{},"qty":1}]}', "/items/0/sku")
c.decode("number where a string is expected, two levels down", r'{"owner":{"name":"Ann","address":{"street":"Main 1","zip":1000}},"items":[]}', "/owner/address/zip")
c.decode("null where a string is expected, two levels down", r'{"owner":{"name":"Ann","address":{"street":null,"zip":"1000"}},"items":[]}', "/owner/address/street")
c.decode("array where a struct is expected", r'{"owner":{"name":"Ann","address":["Main 1","1000"]},"items":[]}', "/owner/address")
c.decode("string where a struct is expected", r'{"owner":"Ann","items":[]}', "/owner")
c.decode("object where a list is expected", '{' + O + r',"items":{"sku":"a","qty":1}}', "/items")
c.decode("array where a struct element is expected", '{' + O + ',"items":[' + I + r',["b",2]]}', "/items/1")
c.decode("object where an optional string is expected", '{' + O + r',"items":[],"note":{"text":"x"}}', "/note")
c.decode("array at the root", r'[]', "")
c.decode("number at the root", r'1', "")
c.decode("string at the root", r'"cart"', "")
c.decode("true at the root", r'true', "")
c.decode("null at the root", r'null', "")

# ---------------------------------------------------------------- syntax errors
c = Case("syntax_errors", "conf.syntax", "Point", "text that is not (strict RFC 8259) JSON: a decode error at the root path, whatever the schema would have said about the parts before it", r'''
// Conformance: text that is not JSON fails at decode with the root path "".
package conf.syntax;

struct Point {
  a: int32;
  b?: string;
}
''')
c.ok("compact", r'{"a":1}')
c.ok("JSON whitespace around and inside", ' \t\r\n{ "a" : 1 , "b" : "x" }\r\n\t ', r'{"a":1,"b":"x"}')
c.decode("empty text", "", "")
c.decode("whitespace only", " \n\t ", "")
c.decode("not JSON at all", "hello", "")
c.decode("opening brace only", "{", "")
c.decode("closing brace only", "}", "")
c.decode("unclosed object", r'{"a":1', "")
c.decode("unclosed array inside", r'{"a":1,"b":[}', "")
c.decode("extra closing brace", r'{"a":1}}', "")
c.decode("trailing garbage", r'{"a":1} x', "")
c.decode("two values", r'{"a":1}{"a":2}', "")
c.decode("trailing comma in an object", r'{"a":1,}', "")
c.decode("leading comma in an object", r'{,"a":1}', "")
c.decode("missing comma", r'{"a":1 "b":"x"}', "")
c.decode("missing colon", r'{"a" 1}', "")
c.decode("missing value", r'{"a":}', "")
c.decode("unquoted key", r'{a:1}', "")
c.decode("single-quoted key", r"{'a':1}", "")
c.decode("line comment", '{"a":1 // one\n}', "")
c.decode("block comment", r'/* c */{"a":1}', "")
c.decode("byte order mark", '\ufeff{"a":1}', "")
c.decode("NUL after the value", '{"a":1}\u0000', "")
c.decode("form feed is not JSON whitespace", '\f{"a":1}', "")
c.decode("vertical tab is not JSON whitespace", '{"a":1}\u000b', "")
c.decode("no-break space is not JSON whitespace", '{"a":1}\u00a0', "")
c.decode("leading zero", r'{"a":01}', "")
c.decode("plus sign", r'{"a":+1}', "")
c.decode("bare minus", r'{"a":-}', "")
c.decode("truncated literal", r'{"a":1,"b":nul}', "")
c.decode("capitalised literal", r'{"a":1,"b":Null}', "")
c.decode("unterminated string", r'{"a":1,"b":"x}', "")
c.decode("wrong kind followed by a syntax error", r'{"a":"x",}', "")
c.decode("wrong kind followed by an unclosed object", r'{"a":"x"', "")
c.decode("missing key followed by trailing garbage", r'{"b":"x"}]', "")

# ---------------------------------------------------------------- recursive structs
c = Case("recursive_types", "conf.recursive", "Category", "a struct that refers to itself through `?`, `list` and `map`; paths through several levels", r'''
// Conformance: recursive structs.
package conf.recursive;

struct Category {
  name: string;
  parent: Category?;
  children: list<Category> = [];
  by_name?: map<string, Category>;
}
''')
c.ok("leaf", r'{"name":"root","parent":null}', r'{"name":"root","parent":null,"children":[]}')
c.ok("parents", r'{"name":"c","parent":{"name":"b","parent":{"name":"a","parent":null}}}', r'{"name":"c","parent":{"name":"b","parent":{"name":"a","parent":null,"children":[]},"children":[]},"children":[]}')
c.ok("children", r'{"name":"a","parent":null,"children":[{"name":"b","parent":null,"children":[{"name":"c","parent":null}]}]}', r'{"name":"a","parent":null,"children":[{"name":"b","parent":null,"children":[{"name":"c","parent":null,"children":[]}]}]}')
c.ok("recursion through a map", r'{"name":"a","parent":null,"by_name":{"x":{"name":"x","parent":null,"by_name":{}}}}', r'{"name":"a","parent":null,"children":[],"by_name":{"x":{"name":"x","parent":null,"children":[],"by_name":{}}}}')
c.decode("missing name two levels down", r'{"name":"a","parent":null,"children":[{"name":"b","parent":null,"children":[{"name":"c","parent":null},{"parent":null}]}]}', "/children/0/children/1/name")
c.decode("wrong kind in a grandparent", r'{"name":"c","parent":{"name":"b","parent":{"name":1,"parent":null}}}', "/parent/parent/name")
c.decode("missing nullable parent inside a map", r'{"name":"a","parent":null,"by_name":{"x":{"name":"x"}}}', "/by_name/x/parent")

# ---------------------------------------------------------------- deep nesting
DEPTH = 60


def chain(n, leaf):
    """{"depth":1,"next":{"depth":2, ... {"depth":n<leaf>} ... }}"""
    return "".join(f'{{"depth":{i},"next":' for i in range(1, n)) + f'{{"depth":{n}{leaf}}}' + "}" * (n - 1)


c = Case("deep_nesting", "conf.deep", "Node", "a recursive struct 60 and 300 levels deep round-trips; errors 60 levels down carry the full path; nesting 1,000 and 10,000 levels deep is a decode error at the root path, inside a known field or an unknown key", r'''
// Conformance: deep recursion, and nesting beyond every runtime's limit.
package conf.deep;

struct Node {
  depth: int32;
  next?: Node;
  extra?: json;
}
''')
c.ok("60 levels", chain(DEPTH, ""))
c.ok("300 levels", chain(300, ""))
c.ok("json value 100 levels deep", r'{"depth":1,"extra":' + "[" * 100 + "]" * 100 + "}")
c.decode("wrong kind 60 levels down", chain(DEPTH, "").replace(f'"depth":{DEPTH}', f'"depth":"{DEPTH}"'), "/next" * (DEPTH - 1) + "/depth")
c.decode("missing key 60 levels down", chain(DEPTH, "").replace(f'{{"depth":{DEPTH}}}', '{}'), "/next" * (DEPTH - 1) + "/depth")
c.decode("1000 levels of the recursive struct", chain(1000, ""), "")
c.decode("10000 nested arrays in an unknown key", r'{"depth":1,"junk":' + "[" * 10000 + "]" * 10000 + "}", "")
c.decode("10000 nested arrays in a json field", r'{"depth":1,"extra":' + "[" * 10000 + "]" * 10000 + "}", "")
c.decode("10000 unclosed arrays", r'{"depth":1,"junk":' + "[" * 10000, "")

# ---------------------------------------------------------------- the shared depth limit
c = Case("depth_limit", "conf.depth", "Box", "the nesting limit shared by every runtime: 512 open arrays/objects (the root counts) are accepted, 513 are a decode error at the root path", r'''
// Conformance: every runtime accepts 512 levels of nesting and rejects 513.
package conf.depth;

struct Box {
  value: json;
  next?: Box;
}
''')


def boxes(n):
    return '{"value":0,"next":' * (n - 1) + '{"value":0}' + "}" * (n - 1)


c.ok("json value: 512 levels in all", '{"value":' + "[" * 511 + "]" * 511 + "}")
c.ok("recursive struct: 512 levels", boxes(512))
c.decode("json value: 513 levels in all", '{"value":' + "[" * 512 + "]" * 512 + "}", "")
c.decode("recursive struct: 513 levels", boxes(513), "")
c.decode("unknown key: 513 levels in all", '{"value":0,"x":' + "[" * 512 + "]" * 512 + "}", "")

# ---------------------------------------------------------------- one record with every type
c = Case("every_type_record", "conf.everything", "All", "one struct with a field of every type (bool, int32, int64, float64, string, bytes, date, datetime, uuid, decimal, json, list, map, nullable, struct, enum, open enum, union, alias), each canonicalised at once", r'''
// Conformance: one record with every type.
package conf.everything;

enum Kind { a; @wire("b-b") b; }

open enum Tag { x; }

struct Inner {
  n: int32;
}

union Choice discriminator "k" {
  inner: Inner;
}

@max_length(10)
type Name = string;

struct All {
  b: bool;
  i32: int32;
  i64: int64;
  f64: float64;
  s: string;
  by: bytes;
  d: date;
  dt: datetime;
  u: uuid;
  dec: decimal;
  j: json;
  l: list<int32>;
  m: map<string, string>;
  n: string?;
  st: Inner;
  e: Kind;
  oe: Tag;
  un: Choice;
  al: Name;
}
''')
c.ok("already canonical", r'{"b":true,"i32":-7,"i64":9007199254740991,"f64":0.5,"s":"s","by":"AQID","d":"2024-02-29","dt":"2024-02-29T12:00:00.25+01:00","u":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","dec":"1.50","j":{"k":[1,"two"]},"l":[1,2],"m":{"k":"v"},"n":null,"st":{"n":1},"e":"b-b","oe":"y","un":{"k":"inner","n":2},"al":"Ann"}')
c.ok("everything canonicalised at once",
     '{ "al" : "An\\u006e", "un" : {"n":2.0,"k":"inner"}, "oe" : "x", "e" : "a", "st" : {"n":1e0,"zz":0}, "n" : "\\u00e9", '
     '"m" : {"b":"1","a":"2"}, "l" : [ 1.0 , -0 ], "j" : { "k" : [ 1.0 , "\\u0041" ] }, "dec" : "-0.50", '
     '"u" : "6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "dt" : "2024-02-29t12:00:00.250000-00:00", "d" : "2024\\u002d02-29", '
     '"by" : "\\/\\/8=", "s" : "tab\\u0009", "f64" : 1e21, "i64" : -9.007199254740991e15, "i32" : 1e2, "b" : false, "unknown" : [1] }',
     r'{"b":false,"i32":100,"i64":-9007199254740991,"f64":1e+21,"s":"tab\t","by":"//8=","d":"2024-02-29","dt":"2024-02-29T12:00:00.25Z","u":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","dec":"-0.50","j":{"k":[1.0,"\u0041"]},"l":[1,0],"m":{"b":"1","a":"2"},"n":"é","st":{"n":1},"e":"a","oe":"x","un":{"k":"inner","n":2},"al":"Ann"}')
c.decode("bad union tag", r'{"b":true,"i32":-7,"i64":1,"f64":0.5,"s":"s","by":"","d":"2024-02-29","dt":"2024-02-29T12:00:00Z","u":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","dec":"1","j":null,"l":[],"m":{},"n":null,"st":{"n":1},"e":"a","oe":"x","un":{"k":"outer"},"al":"Ann"}', "/un/k")
c.decode("missing the last field", r'{"b":true,"i32":-7,"i64":1,"f64":0.5,"s":"s","by":"","d":"2024-02-29","dt":"2024-02-29T12:00:00Z","u":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","dec":"1","j":null,"l":[],"m":{},"n":null,"st":{"n":1},"e":"a","oe":"x","un":{"k":"inner","n":1}}', "/al")
c.validate("alias constraint", r'{"b":true,"i32":-7,"i64":1,"f64":0.5,"s":"s","by":"","d":"2024-02-29","dt":"2024-02-29T12:00:00Z","u":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","dec":"1","j":null,"l":[],"m":{},"n":null,"st":{"n":1},"e":"a","oe":"x","un":{"k":"inner","n":1},"al":"Annabelle Smith"}', "/al")
