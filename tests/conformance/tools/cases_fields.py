from common import Case

# ---------------------------------------------------------------- the five kinds of field
c = Case("optional_nullable_default", "conf.optional", "Record", "the five kinds of field — required, optional `x?: T`, nullable `x: T?`, three-state `x?: T?`, defaulted `x: T = v` (also `T? = v` and `T? = null`): absent, null and value for each", r'''
// Conformance: required, optional, nullable, three-state and defaulted fields.
package conf.optional;

struct Record {
  req: string;
  opt?: string;
  nul: string?;
  tri?: string?;
  def: string = "fallback";
  def_nullable: int32? = 7;
  def_null: string? = null;
}
''')
D = '"def":"fallback","def_nullable":7,"def_null":null'
c.ok("minimal: optional and three-state absent are omitted, defaults written", r'{"req":"a","nul":null}', '{"req":"a","nul":null,' + D + '}')
c.ok("nullable with a value", r'{"req":"a","nul":"n"}', '{"req":"a","nul":"n",' + D + '}')
c.ok("optional present", r'{"req":"a","opt":"o","nul":null}', '{"req":"a","opt":"o","nul":null,' + D + '}')
c.ok("optional empty string is present", r'{"req":"a","opt":"","nul":null}', '{"req":"a","opt":"","nul":null,' + D + '}')
c.ok("three-state null is written null", r'{"req":"a","nul":null,"tri":null}', '{"req":"a","nul":null,"tri":null,' + D + '}')
c.ok("three-state value", r'{"req":"a","nul":null,"tri":"t"}', '{"req":"a","nul":null,"tri":"t",' + D + '}')
c.ok("default given explicitly", r'{"req":"a","nul":null,"def":"mine"}', '{"req":"a","nul":null,"def":"mine","def_nullable":7,"def_null":null}')
c.ok("default given its own value", r'{"req":"a","nul":null,"def":"fallback"}', '{"req":"a","nul":null,' + D + '}')
c.ok("nullable default given null", r'{"req":"a","nul":null,"def_nullable":null}', '{"req":"a","nul":null,"def":"fallback","def_nullable":null,"def_null":null}')
c.ok("nullable default given a value", r'{"req":"a","nul":null,"def_nullable":0}', '{"req":"a","nul":null,"def":"fallback","def_nullable":0,"def_null":null}')
c.ok("null default given a value", r'{"req":"a","nul":null,"def_null":"x"}', '{"req":"a","nul":null,"def":"fallback","def_nullable":7,"def_null":"x"}')
c.ok("everything given, reversed order", r'{"def_null":"z","def_nullable":-1,"def":"d","tri":"t","nul":"n","opt":"o","req":"r"}', r'{"req":"r","opt":"o","nul":"n","tri":"t","def":"d","def_nullable":-1,"def_null":"z"}')
c.decode("required absent", r'{"nul":null}', "/req")
c.decode("required null", r'{"req":null,"nul":null}', "/req")
c.decode("optional (not nullable) null", r'{"req":"a","opt":null,"nul":null}', "/opt")
c.decode("nullable absent", r'{"req":"a"}', "/nul")
c.decode("defaulted (not nullable) null", r'{"req":"a","nul":null,"def":null}', "/def")
c.decode("three-state wrong kind", r'{"req":"a","nul":null,"tri":1}', "/tri")
c.decode("nullable wrong kind", r'{"req":"a","nul":false}', "/nul")
c.decode("nullable default wrong kind", r'{"req":"a","nul":null,"def_nullable":"7"}', "/def_nullable")
c.decode("nothing at all: first required key in declaration order", r'{}', "/req")
c.decode("root null", r'null', "")

# ---------------------------------------------------------------- three-state (PATCH) for many types
c = Case("three_state_patch", "conf.patch", "PlayerPatch", "`x?: T?` for string, int32, struct, list, enum and date: absent stays absent, null stays null, constraints skip null", r'''
// Conformance: three-state fields (PATCH bodies).
package conf.patch;

enum Level { low; high; }

struct Address {
  city: string;
}

struct PlayerPatch {
  @max_length(5) nickname?: string?;
  @min(1) shirt?: int32?;
  address?: Address?;
  tags?: list<string>?;
  level?: Level?;
  born?: date?;
}
''')
c.ok("empty patch", r'{}')
c.ok("every field null", r'{"nickname":null,"shirt":null,"address":null,"tags":null,"level":null,"born":null}')
c.ok("every field set", r'{"nickname":"Kiki","shirt":9,"address":{"city":"Lyon"},"tags":["a"],"level":"high","born":"2001-02-03"}')
c.ok("some null, some absent, some set", r'{"born":null,"shirt":10}', r'{"shirt":10,"born":null}')
c.ok("empty list is not null", r'{"tags":[]}')
c.ok("null skips @max_length", r'{"nickname":null}')
c.ok("null skips @min", r'{"shirt":null}')
c.decode("wrong kind for nullable struct", r'{"address":"Lyon"}', "/address")
c.decode("null inside the struct value", r'{"address":{"city":null}}', "/address/city")
c.decode("missing key inside the struct value", r'{"address":{}}', "/address/city")
c.decode("null element in the list", r'{"tags":["a",null]}', "/tags/1")
c.decode("unknown enum member", r'{"level":"medium"}', "/level")
c.decode("bad date", r'{"born":"2001-02-30"}', "/born")
c.validate("value is still validated (@max_length)", r'{"nickname":"Kikiriki"}', "/nickname")
c.validate("value is still validated (@min)", r'{"shirt":0}', "/shirt")

# ---------------------------------------------------------------- required keys and their paths
c = Case("required_fields", "conf.required", "Booking", "missing or null required keys, reported at the key's own path (`/slot/starts_at`, `/guests/1/name`)", r'''
// Conformance: required keys; a missing key is reported at its own path.
package conf.required;

struct Slot {
  starts_at: datetime;
  ends_at: datetime;
  room: string;
}

struct Guest {
  name: string;
  email?: string;
}

struct Booking {
  id: int64;
  slot: Slot;
  guests: list<Guest>;
}
''')
S = r'"slot":{"starts_at":"2025-03-01T15:00:00Z","ends_at":"2025-03-01T16:00:00Z","room":"A"}'
c.ok("complete", '{"id":1,' + S + ',"guests":[{"name":"Ann"},{"name":"Bo","email":"bo@example.com"}]}')
c.ok("empty list is present", '{"id":1,' + S + ',"guests":[]}')
c.decode("missing id", '{' + S + ',"guests":[]}', "/id")
c.decode("missing slot", r'{"id":1,"guests":[]}', "/slot")
c.decode("missing slot/starts_at", r'{"id":1,"slot":{"ends_at":"2025-03-01T16:00:00Z","room":"A"},"guests":[]}', "/slot/starts_at")
c.decode("missing slot/room", r'{"id":1,"slot":{"starts_at":"2025-03-01T15:00:00Z","ends_at":"2025-03-01T16:00:00Z"},"guests":[]}', "/slot/room")
c.decode("missing guests", '{"id":1,' + S + '}', "/guests")
c.decode("missing name of the second guest", '{"id":1,' + S + r',"guests":[{"name":"Ann"},{"email":"x@example.com"}]}', "/guests/1/name")
c.decode("null id", '{"id":null,' + S + ',"guests":[]}', "/id")
c.decode("null slot", r'{"id":1,"slot":null,"guests":[]}', "/slot")
c.decode("null slot/starts_at", r'{"id":1,"slot":{"starts_at":null,"ends_at":"2025-03-01T16:00:00Z","room":"A"},"guests":[]}', "/slot/starts_at")
c.decode("null guest", '{"id":1,' + S + ',"guests":[null]}', "/guests/0")
c.decode("null email (optional, not nullable)", '{"id":1,' + S + ',"guests":[{"name":"Ann","email":null}]}', "/guests/0/email")
c.decode("empty slot: first missing key in declaration order", r'{"id":1,"slot":{},"guests":[]}', "/slot/starts_at")
c.decode("key differs in case", '{"ID":1,' + S + ',"guests":[]}', "/id")

# ---------------------------------------------------------------- defaults of every type
c = Case("defaults_all_types", "conf.defaults", "Settings", "a default of every type, written in canonical form when absent (datetime `+00:00` → `Z`, uuid lower-case, decimal kept); null for a non-nullable defaulted field is an error", r'''
// Conformance: defaults of every type. Absent means the default, written in canonical form.
package conf.defaults;

enum Color { red; @wire("dark-blue") dark_blue; }

struct Settings {
  enabled: bool = true;
  retries: int32 = 3;
  big: int64 = -9007199254740991;
  ratio: float64 = 0.25;
  whole: float64 = 2;
  label: string = "say \"hi\"\n";
  blob: bytes = "AQID";
  day: date = "2024-02-29";
  at: datetime = "2025-03-01T15:00:00.500+00:00";
  id: uuid = "6BA7B810-9DAD-11D1-80B4-00C04FD430C8";
  price: decimal = "-0.50";
  extra: json = null;
  meta: json = {};
  items: list<int32> = [];
  names: map<string, string> = {};
  color: Color = dark_blue;
  maybe: int32? = null;
}
''')
ALL = ('"enabled":true,"retries":3,"big":-9007199254740991,"ratio":0.25,"whole":2,'
       r'"label":"say \"hi\"\n","blob":"AQID","day":"2024-02-29","at":"2025-03-01T15:00:00.5Z",'
       '"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","price":"-0.50","extra":null,"meta":{},'
       '"items":[],"names":{},"color":"dark-blue","maybe":null')


def with_(field, value):
    parts = []
    for part in split_top(ALL):
        key = part.split(":", 1)[0]
        parts.append(f'{key}:{value}' if key == f'"{field}"' else part)
    return "{" + ",".join(parts) + "}"


def split_top(text):
    out, depth, cur, in_str, esc = [], 0, "", False, False
    for ch in text:
        if in_str:
            cur += ch
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        cur += ch
    out.append(cur)
    return out


c.ok("everything absent: every default written", r'{}', "{" + ALL + "}")
c.ok("bool given", r'{"enabled":false}', with_("enabled", "false"))
c.ok("int32 given", r'{"retries":0}', with_("retries", "0"))
c.ok("int64 given as 1e3", r'{"big":1e3}', with_("big", "1000"))
c.ok("float64 given", r'{"ratio":-1.5}', with_("ratio", "-1.5"))
c.ok("string given", r'{"label":""}', with_("label", '""'))
c.ok("bytes given", r'{"blob":""}', with_("blob", '""'))
c.ok("date given", r'{"day":"2000-01-01"}', with_("day", '"2000-01-01"'))
c.ok("datetime given", r'{"at":"2025-03-01T15:00:00+01:00"}', with_("at", '"2025-03-01T15:00:00+01:00"'))
c.ok("uuid given upper-case", r'{"id":"00000000-0000-0000-0000-00000000000A"}', with_("id", '"00000000-0000-0000-0000-00000000000a"'))
c.ok("decimal given", r'{"price":"10"}', with_("price", '"10"'))
c.ok("json given an object", r'{"extra":{"k":[1]}}', with_("extra", '{"k":[1]}'))
c.ok("json given null explicitly", r'{"extra":null}', "{" + ALL + "}")
c.ok("list given", r'{"items":[1,2]}', with_("items", "[1,2]"))
c.ok("map given", r'{"names":{"a":"b"}}', with_("names", '{"a":"b"}'))
c.ok("enum given", r'{"color":"red"}', with_("color", '"red"'))
c.ok("nullable given a value", r'{"maybe":5}', with_("maybe", "5"))
c.ok("nullable given null", r'{"maybe":null}', "{" + ALL + "}")
c.decode("null for a defaulted bool", r'{"enabled":null}', "/enabled")
c.decode("null for a defaulted list", r'{"items":null}', "/items")
c.decode("null for a defaulted map", r'{"names":null}', "/names")
c.decode("null for a defaulted enum", r'{"color":null}', "/color")
c.decode("enum default's schema name is not its wire name", r'{"color":"dark_blue"}', "/color")
c.decode("wrong kind for a defaulted int32", r'{"retries":"3"}', "/retries")
c.decode("bad format for a defaulted uuid", r'{"id":"6ba7b810"}', "/id")

# ---------------------------------------------------------------- unknown keys
c = Case("unknown_keys", "conf.unknown", "Player", "unknown keys of any kind are ignored on input and never written back; they must still be valid JSON", r'''
// Conformance: unknown keys are ignored and not written back.
package conf.unknown;

struct Player {
  id: int64;
  @wire("display-name") display_name: string;
  nickname?: string;
}
''')
P = r'{"id":1,"display-name":"Ann"}'
c.ok("no unknown keys", P)
c.ok("unknown scalar", r'{"id":1,"display-name":"Ann","age":30}', P)
c.ok("unknown null", r'{"id":1,"display-name":"Ann","team":null}', P)
c.ok("unknown object", r'{"id":1,"team":{"id":7,"name":"Reds"},"display-name":"Ann"}', P)
c.ok("unknown array", r'{"tags":["a",{"b":[]}],"id":1,"display-name":"Ann"}', P)
c.ok("schema name of a renamed field is unknown", r'{"id":1,"display-name":"Ann","display_name":"Other"}', P)
c.ok("unknown key __proto__", r'{"id":1,"display-name":"Ann","__proto__":{"admin":true}}', P)
c.ok("unknown key constructor", r'{"id":1,"display-name":"Ann","constructor":"x"}', P)
c.ok("unknown empty key", r'{"":1,"id":1,"display-name":"Ann"}', P)
c.ok("unknown key differing in case", r'{"id":1,"display-name":"Ann","Nickname":"x"}', P)
c.ok("unknown number beyond every range", r'{"id":1,"display-name":"Ann","huge":1e400,"long":123456789012345678901234567890}', P)
c.ok("unknown deeply nested value", '{"id":1,"display-name":"Ann","deep":' + '[' * 100 + ']' * 100 + '}', P)
c.ok("unknown keys around an optional", r'{"x":1,"id":1,"y":2,"display-name":"Ann","nickname":"A","z":3}', r'{"id":1,"display-name":"Ann","nickname":"A"}')
c.decode("unknown key with a syntax error inside", r'{"id":1,"display-name":"Ann","x":[1,]}', "")
c.decode("unknown key with a lone surrogate", r'{"id":1,"display-name":"Ann","x":"\udc00"}', "")
c.decode("unknown key without a value", r'{"id":1,"display-name":"Ann","x"}', "")
c.decode("known field still checked", r'{"id":"1","display-name":"Ann","x":1}', "/id")

# ---------------------------------------------------------------- field order and whitespace
c = Case("struct_field_order", "conf.order", "Match", "canonical output writes fields in declaration order whatever the input order, without insignificant whitespace", r'''
// Conformance: declaration order and no whitespace on output.
package conf.order;

struct Score {
  home: int32;
  away: int32;
}

struct Match {
  id: int64;
  home: string;
  away: string;
  score?: Score;
  played: bool = false;
}
''')
c.ok("declaration order", r'{"id":1,"home":"Reds","away":"Blues"}', r'{"id":1,"home":"Reds","away":"Blues","played":false}')
c.ok("reversed order", r'{"played":true,"score":{"away":2,"home":1},"away":"Blues","home":"Reds","id":1}', r'{"id":1,"home":"Reds","away":"Blues","score":{"home":1,"away":2},"played":true}')
c.ok("shuffled order", r'{"away":"Blues","id":1,"played":false,"home":"Reds"}', r'{"id":1,"home":"Reds","away":"Blues","played":false}')
c.ok("spaces, tabs, line feeds and carriage returns", '\r\n\t {\n\t"id" : 1 ,\r\n "home":"Reds",  "away" :\t"Blues" , "score" : { "home" : 0 , "away" : 0 } }\n\n', r'{"id":1,"home":"Reds","away":"Blues","score":{"home":0,"away":0},"played":false}')
c.ok("whitespace inside strings is kept", r'{"id":1,"home":" Reds ","away":"Blue s"}', r'{"id":1,"home":" Reds ","away":"Blue s","played":false}')
c.decode("wrong kind in a reversed nested object", r'{"score":{"away":"2","home":1},"away":"Blues","home":"Reds","id":1}', "/score/away")

# ---------------------------------------------------------------- wire names and JSON Pointer escaping
c = Case("wire_names_and_pointer_escapes", "conf.wire", "Odd", "`@wire` keys with `/`, `~`, spaces and non-ASCII; error paths escape `~` as `~0` and `/` as `~1` (RFC 6901), in field names and map keys", r'''
// Conformance: @wire names, and JSON Pointer escaping of error paths (RFC 6901).
package conf.wire;

struct Odd {
  @wire("a/b") slash: int32;
  @wire("m~n") tilde: int32;
  @wire("~1") tricky?: int32;
  @wire("first name") spaced?: string;
  @wire("é") accent?: string;
  values: map<string, int32> = {};
}
''')
c.ok("renamed keys", r'{"a/b":1,"m~n":2}', r'{"a/b":1,"m~n":2,"values":{}}')
c.ok("every renamed key", r'{"a/b":1,"m~n":2,"~1":3,"first name":"x","é":"y","values":{"a/b":4,"~":5}}')
c.ok("escaped key spellings", r'{"a\/b":1,"m\u007en":2,"\u00e9":"y"}', '{"a/b":1,"m~n":2,"é":"y","values":{}}')
c.ok("schema names are unknown keys", r'{"a/b":1,"m~n":2,"slash":9,"tilde":9}', r'{"a/b":1,"m~n":2,"values":{}}')
c.decode("slash in a field key: /a~1b", r'{"a/b":"1","m~n":2}', "/a~1b")
c.decode("tilde in a field key: /m~0n", r'{"a/b":1,"m~n":"2"}', "/m~0n")
c.decode("key ~1 is /~01", r'{"a/b":1,"m~n":2,"~1":"3"}', "/~01")
c.decode("missing key with a slash", r'{"m~n":2}', "/a~1b")
c.decode("space in a key", r'{"a/b":1,"m~n":2,"first name":3}', "/first name")
c.decode("non-ASCII key", r'{"a/b":1,"m~n":2,"é":false}', "/é")
c.decode("map key x/y", r'{"a/b":1,"m~n":2,"values":{"x/y":"1"}}', "/values/x~1y")
c.decode("map key ~", r'{"a/b":1,"m~n":2,"values":{"~":true}}', "/values/~0")
c.decode("map key /", r'{"a/b":1,"m~n":2,"values":{"/":null}}', "/values/~1")
c.decode("map key a~/b", r'{"a/b":1,"m~n":2,"values":{"a~/b":1.5}}', "/values/a~0~1b")
c.decode("map key ~01", r'{"a/b":1,"m~n":2,"values":{"~01":[]}}', "/values/~001")
c.decode("empty map key", r'{"a/b":1,"m~n":2,"values":{"":"x"}}', "/values/")
