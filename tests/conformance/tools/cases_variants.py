from common import Case

# ---------------------------------------------------------------- closed enum
c = Case("enum_closed", "conf.enums", "Pick", "closed `enum`: member names and `@wire` names; unknown strings, schema names of renamed members, other cases and non-strings rejected at their path", r'''
// Conformance: closed enums.
package conf.enums;

enum Sport {
  football;
  rugby;
  @wire("ice-hockey") ice_hockey;
  @wire("VOLLEY") volleyball;
}

struct Pick {
  sport: Sport;
  others: list<Sport> = [];
  backup?: Sport?;
}
''')
c.ok("plain member", r'{"sport":"football"}', r'{"sport":"football","others":[]}')
c.ok("member with a @wire name", r'{"sport":"ice-hockey"}', r'{"sport":"ice-hockey","others":[]}')
c.ok("upper-case @wire name", r'{"sport":"VOLLEY"}', r'{"sport":"VOLLEY","others":[]}')
c.ok("escaped member name", r'{"sport":"rug\u0062y"}', r'{"sport":"rugby","others":[]}')
c.ok("list of members with repeats", r'{"sport":"rugby","others":["football","ice-hockey","football"]}')
c.ok("three-state null", r'{"sport":"rugby","backup":null}', r'{"sport":"rugby","others":[],"backup":null}')
c.ok("three-state value", r'{"sport":"rugby","backup":"VOLLEY"}', r'{"sport":"rugby","others":[],"backup":"VOLLEY"}')
c.decode("unknown member", r'{"sport":"cricket"}', "/sport")
c.decode("schema name of a renamed member", r'{"sport":"ice_hockey"}', "/sport")
c.decode("schema name of a member renamed in capitals", r'{"sport":"volleyball"}', "/sport")
c.decode("different case", r'{"sport":"Football"}', "/sport")
c.decode("surrounding space", r'{"sport":" football"}', "/sport")
c.decode("empty string", r'{"sport":""}', "/sport")
c.decode("number", r'{"sport":1}', "/sport")
c.decode("null for a required enum", r'{"sport":null}', "/sport")
c.decode("object", r'{"sport":{"name":"football"}}', "/sport")
c.decode("unknown member in a list", r'{"sport":"rugby","others":["football","rugby","golf"]}', "/others/2")
c.decode("unknown member in a three-state field", r'{"sport":"rugby","backup":"polo"}', "/backup")

# ---------------------------------------------------------------- enum at the root
c = Case("enum_root", "conf.enumroot", "Sport", "a closed enum as the decoded type: a top-level JSON string; errors at the root path", r'''
// Conformance: an enum as the top-level value.
package conf.enumroot;

enum Sport {
  football;
  @wire("ice-hockey") ice_hockey;
}
''')
c.ok("member", r'"football"')
c.ok("@wire member", r'"ice-hockey"')
c.ok("surrounding whitespace", ' "football"\n', r'"football"')
c.decode("unknown member", r'"golf"', "")
c.decode("schema name of a renamed member", r'"ice_hockey"', "")
c.decode("number", r'1', "")
c.decode("null", r'null', "")
c.decode("bare word is not JSON", r'football', "")

# ---------------------------------------------------------------- open enum
c = Case("enum_open", "conf.openenum", "Event", "`open enum`: unknown strings (empty, other case, schema name of a renamed member, non-ASCII, escapes) kept and written back; non-strings still rejected", r'''
// Conformance: open enums keep unknown values and write them back.
package conf.openenum;

open enum Status {
  scheduled;
  cancelled;
  @wire("in-progress") in_progress;
  done;
}

struct Event {
  status: Status;
  history: list<Status> = [];
  previous?: Status;
}
''')
c.ok("known member", r'{"status":"done"}', r'{"status":"done","history":[]}')
c.ok("known @wire member", r'{"status":"in-progress"}', r'{"status":"in-progress","history":[]}')
c.ok("unknown value kept", r'{"status":"postponed"}', r'{"status":"postponed","history":[]}')
c.ok("unknown empty string kept", r'{"status":""}', r'{"status":"","history":[]}')
c.ok("other case is unknown and kept", r'{"status":"DONE"}', r'{"status":"DONE","history":[]}')
c.ok("schema name of a renamed member is unknown and kept", r'{"status":"in_progress"}', r'{"status":"in_progress","history":[]}')
c.ok("non-ASCII unknown kept", r'{"status":"reporté"}', '{"status":"reporté","history":[]}')
c.ok("escaped unknown written canonically", r'{"status":"a\u0022b\u00e9\/"}', '{"status":"a\\"bé/","history":[]}')
c.ok("unknown values in a list, in order", r'{"status":"done","history":["scheduled","paused","resumed","done"]}')
c.ok("unknown in an optional field", r'{"status":"done","previous":"paused"}', r'{"status":"done","history":[],"previous":"paused"}')
c.decode("number", r'{"status":3}', "/status")
c.decode("null for a required open enum", r'{"status":null}', "/status")
c.decode("object", r'{"status":{}}', "/status")
c.decode("bool in a list", r'{"status":"done","history":["done",true]}', "/history/1")
c.decode("null for an optional open enum", r'{"status":"done","previous":null}', "/previous")

# ---------------------------------------------------------------- closed union, default discriminator
c = Case("union_closed", "conf.unions", "Shape", "closed `union` with the default discriminator `type`: tag anywhere in the object, written first; `@wire` tags; an empty variant; unknown, missing, null and non-string tags rejected at `/type`", r'''
// Conformance: a closed union with the default discriminator "type".
package conf.unions;

struct Circle {
  @min(0) radius: float64;
}

struct Rect {
  width: float64;
  height: float64;
  label?: string;
}

struct Empty {}

union Shape {
  circle: Circle;
  @wire("rectangle") rect: Rect;
  empty: Empty;
}
''')
c.ok("tag first", r'{"type":"circle","radius":1.5}')
c.ok("tag last is written first", r'{"radius":2,"type":"circle"}', r'{"type":"circle","radius":2}')
c.ok("tag in the middle", r'{"width":1,"type":"rectangle","height":2}', r'{"type":"rectangle","width":1,"height":2}')
c.ok("@wire tag with an optional field", r'{"type":"rectangle","label":"box","height":2.5,"width":1e1}', r'{"type":"rectangle","width":10,"height":2.5,"label":"box"}')
c.ok("variant without fields", r'{"type":"empty"}')
c.ok("unknown keys are dropped", r'{"type":"empty","radius":1,"extra":{"a":1}}', r'{"type":"empty"}')
c.ok("escaped tag", r'{"type":"c\u0069rcle","radius":0}', r'{"type":"circle","radius":0}')
c.ok("whitespace", '{ "radius" : 3 , "type" : "circle" }', r'{"type":"circle","radius":3}')
c.decode("unknown tag", r'{"type":"triangle","radius":1}', "/type")
c.decode("schema name of a renamed variant", r'{"type":"rect","width":1,"height":2}', "/type")
c.decode("tag in another case", r'{"type":"Circle","radius":1}', "/type")
c.decode("missing tag", r'{"radius":1}', "/type")
c.decode("missing tag in an empty object", r'{}', "/type")
c.decode("null tag", r'{"type":null,"radius":1}', "/type")
c.decode("numeric tag", r'{"type":0,"radius":1}', "/type")
c.decode("missing variant field", r'{"type":"circle"}', "/radius")
c.decode("wrong kind of variant field", r'{"type":"rectangle","width":"1","height":2}', "/width")
c.decode("array at the root", r'[{"type":"circle","radius":1}]', "")
c.decode("string at the root", r'"circle"', "")
c.decode("null at the root", r'null', "")
c.validate("variant field constraint", r'{"type":"circle","radius":-1}', "/radius")

# ---------------------------------------------------------------- union with a custom discriminator, nested
c = Case("union_discriminator", "conf.events", "Calendar", "union with `discriminator \"kind\"` inside lists and nullable fields: `kind` written first, `@wire` tag, a variant with a field named `type`, defaults inside variants, errors at `/events/1/kind`", r'''
// Conformance: a union with its own discriminator key, used inside other types.
package conf.events;

struct Match {
  id: int64;
  home: string;
  away: string;
}

struct Training {
  id: int64;
  drills: list<string> = [];
}

struct Note {
  type: string;
  text: string;
}

union Event discriminator "kind" {
  match: Match;
  training: Training;
  @wire("free-text") note: Note;
}

struct Calendar {
  events: list<Event>;
  pinned?: Event?;
}
''')
M = r'{"kind":"match","id":1,"home":"Reds","away":"Blues"}'
c.ok("one event of each kind", r'{"events":[{"kind":"match","id":1,"home":"Reds","away":"Blues"},{"kind":"training","id":2,"drills":["run"]},{"kind":"free-text","type":"memo","text":"hi"}]}')
c.ok("kind last is written first", r'{"events":[{"id":1,"home":"Reds","away":"Blues","kind":"match"}]}', '{"events":[' + M + ']}')
c.ok("default inside a variant is written", r'{"events":[{"kind":"training","id":2}]}', r'{"events":[{"kind":"training","id":2,"drills":[]}]}')
c.ok("field named type is an ordinary field here", r'{"events":[{"type":"match","kind":"free-text","text":"x"}]}', r'{"events":[{"kind":"free-text","type":"match","text":"x"}]}')
c.ok("pinned null", r'{"events":[],"pinned":null}')
c.ok("pinned event", '{"events":[],"pinned":' + M + '}')
c.decode("unknown kind in a list", '{"events":[' + M + r',{"kind":"friendly","id":2}]}', "/events/1/kind")
c.decode("missing kind", r'{"events":[{"id":1,"home":"Reds","away":"Blues"}]}', "/events/0/kind")
c.decode("type given instead of kind", r'{"events":[{"type":"match","id":1,"home":"Reds","away":"Blues"}]}', "/events/0/kind")
c.decode("schema name of a renamed variant", r'{"events":[{"kind":"note","type":"t","text":"x"}]}', "/events/0/kind")
c.decode("bad field in the third event", '{"events":[' + M + ',' + M + r',{"kind":"training","id":"3"}]}', "/events/2/id")
c.decode("missing field of a variant", r'{"events":[{"kind":"free-text","text":"x"}]}', "/events/0/type")
c.decode("unknown kind in the pinned event", r'{"events":[],"pinned":{"kind":"cup"}}', "/pinned/kind")
c.decode("event that is not an object", r'{"events":["match"]}', "/events/0")

# ---------------------------------------------------------------- open union
c = Case("union_open", "conf.openunion", "Page", "`open union`: an unknown tag keeps the whole object, written back without whitespace, keys in the order read, strings and numbers as written; known tags decode as usual; a missing or non-string tag is still an error", r'''
// Conformance: open unions keep the whole object of an unknown tag.
package conf.openunion;

struct Text {
  body: string;
}

struct Image {
  url: string;
  width?: int32;
}

open union Block discriminator "kind" {
  text: Text;
  image: Image;
}

struct Page {
  blocks: list<Block>;
}
''')
c.ok("known variants", r'{"blocks":[{"kind":"text","body":"hi"},{"kind":"image","url":"a.png","width":10}]}')
c.ok("known variant: kind moved first, unknown keys dropped", r'{"blocks":[{"url":"a.png","extra":1,"kind":"image"}]}', r'{"blocks":[{"kind":"image","url":"a.png"}]}')
c.ok("unknown tag: object kept", r'{"blocks":[{"kind":"video","src":"a.mp4","length":{"min":1,"sec":5}}]}')
c.ok("unknown tag with only the tag", r'{"blocks":[{"kind":"divider"}]}')
c.ok("unknown tag not first: key order kept", r'{"blocks":[{"src":"a.mp4","kind":"video"}]}')
c.ok("unknown object: whitespace dropped", '{"blocks":[ { "kind" : "video" , "tags" : [ 1 , 2 ] } ]}', r'{"blocks":[{"kind":"video","tags":[1,2]}]}')
c.ok("unknown object: numbers kept as written", r'{"blocks":[{"kind":"chart","points":[1.0,1e2,-0]}]}')
c.ok("unknown object: strings kept as written", r'{"blocks":[{"kind":"quote","body":"caf\u00e9 \/ \"x\""}]}')
c.ok("unknown object: nulls and nesting kept", r'{"blocks":[{"kind":"table","rows":[[null,true],{"a":{}}]}]}')
c.ok("unknown object: would-be-bad fields of known variants kept", r'{"blocks":[{"kind":"gallery","url":5,"body":null}]}')
c.ok("empty-string tag is unknown and kept", r'{"blocks":[{"kind":"","x":1}]}')
c.ok("known and unknown mixed, order kept", r'{"blocks":[{"kind":"text","body":"a"},{"kind":"poll","q":"?"},{"body":"b","kind":"text"}]}', r'{"blocks":[{"kind":"text","body":"a"},{"kind":"poll","q":"?"},{"kind":"text","body":"b"}]}')
c.decode("missing kind", r'{"blocks":[{"body":"hi"}]}', "/blocks/0/kind")
c.decode("null kind", r'{"blocks":[{"kind":null,"body":"hi"}]}', "/blocks/0/kind")
c.decode("numeric kind", r'{"blocks":[{"kind":1}]}', "/blocks/0/kind")
c.decode("known variant with a bad field", r'{"blocks":[{"kind":"text","body":"a"},{"kind":"text","body":1}]}', "/blocks/1/body")
c.decode("known variant with a missing field", r'{"blocks":[{"kind":"image"}]}', "/blocks/0/url")
c.decode("block that is not an object", r'{"blocks":[[]]}', "/blocks/0")
c.decode("unknown object with a syntax error", r'{"blocks":[{"kind":"video","x":[1,]}]}', "")
c.decode("unknown object with a lone surrogate", r'{"blocks":[{"kind":"video","x":"\ud800"}]}', "")
