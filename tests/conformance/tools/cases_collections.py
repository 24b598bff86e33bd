from common import Case

# ---------------------------------------------------------------- lists
c = Case("list_values", "conf.lists", "Order", "`list<T>`: empty, nested, nullable elements, wrong kinds at element paths (`/items/3/qty`)", r'''
// Conformance: lists.
package conf.lists;

struct Line {
  sku: string;
  qty: int32;
}

struct Order {
  items: list<Line>;
  tags: list<string> = [];
  matrix?: list<list<int32>>;
  notes?: list<string?>;
}
''')
L = r'{"sku":"a","qty":1}'
c.ok("empty list", r'{"items":[]}', r'{"items":[],"tags":[]}')
c.ok("several elements in order", r'{"items":[{"sku":"a","qty":1},{"sku":"b","qty":2},{"sku":"c","qty":3}]}', r'{"items":[{"sku":"a","qty":1},{"sku":"b","qty":2},{"sku":"c","qty":3}],"tags":[]}')
c.ok("list of strings keeps duplicates", r'{"items":[],"tags":["x","x","y"]}')
c.ok("nested lists", r'{"items":[],"matrix":[[1,2],[],[3]]}', r'{"items":[],"tags":[],"matrix":[[1,2],[],[3]]}')
c.ok("empty nested list", r'{"items":[],"matrix":[]}', r'{"items":[],"tags":[],"matrix":[]}')
c.ok("nullable elements", r'{"items":[],"notes":[null,"a",null]}', r'{"items":[],"tags":[],"notes":[null,"a",null]}')
c.ok("whitespace inside lists", '{"items":[ ],"tags":[ "a" , "b" ]}', r'{"items":[],"tags":["a","b"]}')
c.decode("wrong kind at /items/3/qty", '{"items":[' + ",".join([L] * 3) + r',{"sku":"d","qty":"4"}]}', "/items/3/qty")
c.decode("fraction at /items/0/qty", r'{"items":[{"sku":"a","qty":1.5}]}', "/items/0/qty")
c.decode("missing key in an element", r'{"items":[{"sku":"a","qty":1},{"qty":2}]}', "/items/1/sku")
c.decode("null element of a non-nullable list", '{"items":[' + L + ',' + L + r',null]}', "/items/2")
c.decode("scalar element where a struct is expected", r'{"items":[1]}', "/items/0")
c.decode("object where a list is expected", r'{"items":{"0":{"sku":"a","qty":1}}}', "/items")
c.decode("string where a list is expected", r'{"items":"[]"}', "/items")
c.decode("null list", r'{"items":null}', "/items")
c.decode("wrong kind in a string list", r'{"items":[],"tags":["a",2]}', "/tags/1")
c.decode("wrong kind in a nested list", r'{"items":[],"matrix":[[1],[2,"3"]]}', "/matrix/1/1")
c.decode("scalar where a nested list is expected", r'{"items":[],"matrix":[[1],2]}', "/matrix/1")
c.decode("null inside a nested non-nullable list", r'{"items":[],"matrix":[[null]]}', "/matrix/0/0")
c.decode("wrong kind among nullable elements", r'{"items":[],"notes":[null,1]}', "/notes/1")
c.decode("missing items", r'{"tags":[]}', "/items")

# ---------------------------------------------------------------- maps
c = Case("map_values", "conf.maps", "Bag", "`map<string, T>`: awkward keys (`__proto__`, `constructor`, `\"\"`, `\"123\"`, `\"0\"`, escapes), entries in the order read, null values, nested maps, error paths under keys", r'''
// Conformance: maps; keys are any strings, entries keep the order they were read in.
package conf.maps;

struct Bag {
  counts: map<string, int32>;
  labels: map<string, string?> = {};
  nested?: map<string, map<string, bool>>;
}
''')
c.ok("empty map", r'{"counts":{}}', r'{"counts":{},"labels":{}}')
c.ok("entries in the order read", r'{"counts":{"b":1,"a":2,"c":3}}', r'{"counts":{"b":1,"a":2,"c":3},"labels":{}}')
c.ok("numeric-looking keys keep their order", r'{"counts":{"b":1,"10":2,"2":3,"1":4}}', r'{"counts":{"b":1,"10":2,"2":3,"1":4},"labels":{}}')
c.ok("only the key \"0\" (an object, not a list)", r'{"counts":{"0":1}}', r'{"counts":{"0":1},"labels":{}}')
c.ok("keys \"0\" and \"1\" (still an object)", r'{"counts":{"0":5,"1":6}}', r'{"counts":{"0":5,"1":6},"labels":{}}')
c.ok("key __proto__", r'{"counts":{"__proto__":1}}', r'{"counts":{"__proto__":1},"labels":{}}')
c.ok("keys constructor, toString, hasOwnProperty", r'{"counts":{"constructor":1,"toString":2,"hasOwnProperty":3,"valueOf":4}}', r'{"counts":{"constructor":1,"toString":2,"hasOwnProperty":3,"valueOf":4},"labels":{}}')
c.ok("empty key", r'{"counts":{"":0}}', r'{"counts":{"":0},"labels":{}}')
c.ok("keys 123, -1, 1.5 and 01", r'{"counts":{"123":1,"-1":2,"1.5":3,"01":4}}', r'{"counts":{"123":1,"-1":2,"1.5":3,"01":4},"labels":{}}')
c.ok("keys with escapes are written canonically", r'{"counts":{"a\"b":1,"tab\tkey":2,"\u00e9":3,"a\/b":4,"\ud83d\ude00":5,"nul\u0000":6}}', '{"counts":{"a\\"b":1,"tab\\tkey":2,"é":3,"a/b":4,"😀":5,"nul\\u0000":6},"labels":{}}')
c.ok("keys that differ only in case", r'{"counts":{"a":1,"A":2}}', r'{"counts":{"a":1,"A":2},"labels":{}}')
c.ok("null values in a map of nullables", r'{"counts":{},"labels":{"x":null,"y":"why","z":null}}')
c.ok("nested maps", r'{"counts":{},"nested":{"__proto__":{"constructor":true},"":{}}}', r'{"counts":{},"labels":{},"nested":{"__proto__":{"constructor":true},"":{}}}')
c.decode("wrong kind of value", r'{"counts":{"a":1,"b":"2"}}', "/counts/b")
c.decode("null value in a map of non-nullables", r'{"counts":{"x":null}}', "/counts/x")
c.decode("fraction as value", r'{"counts":{"x":0.5}}', "/counts/x")
c.decode("array where a map is expected", r'{"counts":[1,2]}', "/counts")
c.decode("null where a map is expected", r'{"counts":null}', "/counts")
c.decode("bad value under __proto__", r'{"counts":{"__proto__":{}}}', "/counts/__proto__")
c.decode("bad value under the empty key", r'{"counts":{"":"x"}}', "/counts/")
c.decode("bad value under key 0", r'{"counts":{"0":true}}', "/counts/0")
c.decode("bad value under an escaped key", r'{"counts":{"\u00e9":"x"}}', "/counts/é")
c.decode("wrong kind in a nullable-valued map", r'{"counts":{},"labels":{"x":1}}', "/labels/x")
c.decode("wrong kind inside a nested map", r'{"counts":{},"nested":{"x":{"y":"true"}}}', "/nested/x/y")
c.decode("scalar where an inner map is expected", r'{"counts":{},"nested":{"x":true}}', "/nested/x")

# ---------------------------------------------------------------- nullable collections
c = Case("nullable_collections", "conf.nullables", "Box", "nullability inside and around collections: `list<int32?>`, `list<string>?`, `map<string, int32?>`, `list<list<int32>?>`", r'''
// Conformance: null inside and around lists and maps.
package conf.nullables;

struct Box {
  nums: list<int32?>;
  maybe_list: list<string>?;
  dict: map<string, int32?> = {};
  maybe_map?: map<string, bool>?;
  grid: list<list<int32>?> = [];
}
''')
c.ok("null elements and a null list", r'{"nums":[1,null,3],"maybe_list":null}', r'{"nums":[1,null,3],"maybe_list":null,"dict":{},"grid":[]}')
c.ok("only nulls", r'{"nums":[null,null],"maybe_list":null}', r'{"nums":[null,null],"maybe_list":null,"dict":{},"grid":[]}')
c.ok("nullable list with values", r'{"nums":[],"maybe_list":["a"]}', r'{"nums":[],"maybe_list":["a"],"dict":{},"grid":[]}')
c.ok("nullable list empty (not null)", r'{"nums":[],"maybe_list":[]}', r'{"nums":[],"maybe_list":[],"dict":{},"grid":[]}')
c.ok("null map values", r'{"nums":[],"maybe_list":null,"dict":{"a":null,"b":2}}', r'{"nums":[],"maybe_list":null,"dict":{"a":null,"b":2},"grid":[]}')
c.ok("three-state map null", r'{"nums":[],"maybe_list":null,"maybe_map":null}', r'{"nums":[],"maybe_list":null,"dict":{},"maybe_map":null,"grid":[]}')
c.ok("three-state map with entries", r'{"nums":[],"maybe_list":null,"maybe_map":{"t":true}}', r'{"nums":[],"maybe_list":null,"dict":{},"maybe_map":{"t":true},"grid":[]}')
c.ok("list of nullable lists", r'{"nums":[],"maybe_list":null,"grid":[[1],null,[]]}', r'{"nums":[],"maybe_list":null,"dict":{},"grid":[[1],null,[]]}')
c.decode("nullable list absent", r'{"nums":[]}', "/maybe_list")
c.decode("null inside the nullable list", r'{"nums":[],"maybe_list":["a",null]}', "/maybe_list/1")
c.decode("null inside an inner list", r'{"nums":[],"maybe_list":null,"grid":[[1,null]]}', "/grid/0/1")
c.decode("null value in the three-state map", r'{"nums":[],"maybe_list":null,"maybe_map":{"t":null}}', "/maybe_map/t")
c.decode("null for the defaulted map", r'{"nums":[],"maybe_list":null,"dict":null}', "/dict")
c.decode("null for the list of nullables", r'{"nums":null,"maybe_list":null}', "/nums")

# ---------------------------------------------------------------- aliases: a list at the root
c = Case("alias_list_root", "conf.listroot", "Lines", "an alias of `list<Line>` as the decoded type (a top-level JSON array), aliases of scalars and of nullable types; paths start at the array (`/3/qty`)", r'''
// Conformance: a top-level JSON array through an alias; aliases of scalars and nullables.
package conf.listroot;

type Sku = string;
type Code = Sku;
type Qty = int32;
type Note = string?;

struct Line {
  sku: Code;
  qty: Qty;
  note: Note;
}

type Lines = list<Line>;
''')
c.ok("empty array", r'[]')
c.ok("one line", r'[{"sku":"a","qty":1,"note":null}]')
c.ok("lines with notes", r'[{"sku":"a","qty":1,"note":"x"},{"note":null,"qty":2,"sku":"b"}]', r'[{"sku":"a","qty":1,"note":"x"},{"sku":"b","qty":2,"note":null}]')
c.ok("surrounding whitespace", ' [ ] \n', r'[]')
c.decode("wrong kind at /3/qty", r'[{"sku":"a","qty":1,"note":null},{"sku":"b","qty":2,"note":null},{"sku":"c","qty":3,"note":null},{"sku":"d","qty":false,"note":null}]', "/3/qty")
c.decode("alias of nullable still requires the key", r'[{"sku":"a","qty":1}]', "/0/note")
c.decode("alias of alias of string given a number", r'[{"sku":1,"qty":1,"note":null}]', "/0/sku")
c.decode("null element", r'[{"sku":"a","qty":1,"note":null},null]', "/1")
c.decode("object at the root", r'{"sku":"a","qty":1,"note":null}', "")
c.decode("null at the root", r'null', "")
c.decode("string at the root", r'"[]"', "")

# ---------------------------------------------------------------- aliases: a map at the root
c = Case("alias_map_root", "conf.maproot", "Scores", "an alias of `map<string, int32>` as the decoded type (a top-level JSON object of entries); paths start at the keys", r'''
// Conformance: a top-level JSON object of entries through an alias of a map.
package conf.maproot;

type Scores = map<string, int32>;
''')
c.ok("empty object", r'{}')
c.ok("entries in the order read", r'{"zed":1,"amy":2,"":3}')
c.ok("__proto__ at the root", r'{"__proto__":1,"constructor":2}')
c.ok("integer forms are canonicalised", r'{"a":1.0,"b":-0,"c":1e2}', r'{"a":1,"b":0,"c":100}')
c.decode("bad value", r'{"a":1,"b":"x"}', "/b")
c.decode("bad value under a key with a slash", r'{"a/b":null}', "/a~1b")
c.decode("array at the root", r'[]', "")
c.decode("number at the root", r'1', "")

# ---------------------------------------------------------------- recursive alias
c = Case("alias_recursive_list", "conf.tree", "Tree", "a recursive alias `type Tree = list<Tree>;`", r'''
// Conformance: an alias that refers to itself through list.
package conf.tree;

type Tree = list<Tree>;
''')
c.ok("empty", r'[]')
c.ok("nested", r'[[],[[]],[[[]]]]')
c.ok("whitespace", '[ [ ] , [ [ ] ] ]', r'[[],[[]]]')
c.decode("number inside", r'[[1]]', "/0/0")
c.decode("null inside", r'[[],[null]]', "/1/0")
c.decode("object inside", r'[[],[[],{}]]', "/1/1")
