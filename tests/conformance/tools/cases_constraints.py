from common import Case

# ---------------------------------------------------------------- @min / @max
c = Case("constraints_numeric", "conf.numbers", "Reading", "`@min`/`@max`, inclusive, on int32, int64 and float64 (fractional bounds, neighbours of the bound), on optional and nullable fields; a decode error wins over a constraint", r'''
// Conformance: @min and @max are inclusive bounds.
package conf.numbers;

struct Reading {
  @min(1) @max(10) level: int32;
  @min(-5) @max(5) delta?: int32;
  @min(1000000000000) @max(9007199254740991) big?: int64;
  @min(0.5) @max(99.5) ratio: float64;
  @min(-1.5) temp?: float64;
  @max(100) score: int32?;
}
''')
B = r'"ratio":50,"score":null'
c.ok("lower bounds are inclusive", r'{"level":1,"delta":-5,"big":1000000000000,"ratio":0.5,"temp":-1.5,"score":null}')
c.ok("upper bounds are inclusive", r'{"level":10,"delta":5,"big":9007199254740991,"ratio":99.5,"score":100}')
c.ok("inside the bounds", r'{"level":5,"delta":0,"ratio":1,"temp":2.5,"score":-2147483648}')
c.ok("bound reached through another number form", r'{"level":1e1,"ratio":995e-1,"score":1.0e2}', r'{"level":10,"ratio":99.5,"score":100}')
c.ok("99.5000000000000001 reads as 99.5", r'{"level":1,"ratio":99.5000000000000001,"score":null}', r'{"level":1,"ratio":99.5,"score":null}')
c.ok("null skips @max", r'{"level":1,"ratio":0.5,"score":null}')
c.ok("absent optionals skip their bounds", r'{"level":2,' + B + '}', r'{"level":2,' + B + '}')
c.validate("int32 below @min", r'{"level":0,' + B + '}', "/level")
c.validate("int32 above @max", r'{"level":11,' + B + '}', "/level")
c.validate("negative bound: below", r'{"level":1,"delta":-6,' + B + '}', "/delta")
c.validate("negative bound: above", r'{"level":1,"delta":6,' + B + '}', "/delta")
c.validate("int64 below @min", r'{"level":1,"big":999999999999,' + B + '}', "/big")
c.validate("float64 just below a fractional @min", r'{"level":1,"ratio":0.49999999999999994,"score":null}', "/ratio")
c.validate("float64 just above a fractional @max", r'{"level":1,"ratio":99.50000000000001,"score":null}', "/ratio")
c.validate("float64 far below", r'{"level":1,"ratio":-0.5,"score":null}', "/ratio")
c.validate("float64 zero below @min 0.5", r'{"level":1,"ratio":0,"score":null}', "/ratio")
c.validate("negative fractional @min", r'{"level":1,"temp":-1.5000000000000002,' + B + '}', "/temp")
c.validate("nullable value above @max", r'{"level":1,"ratio":50,"score":101}', "/score")
c.decode("decode error wins over a constraint", r'{"level":0,"ratio":"x","score":null}', "/ratio")
c.decode("not an integer is a decode error, not a bound error", r'{"level":10.5,' + B + '}', "/level")

# ---------------------------------------------------------------- lengths in code points
c = Case("constraints_length", "conf.lengths", "Profile", "`@min_length`/`@max_length` count Unicode code points: astral characters count 1 (not 2 UTF-16 units, not 4 bytes), combining marks and ZWJ sequences count each code point (not graphemes)", r'''
// Conformance: string lengths are counted in Unicode code points.
package conf.lengths;

struct Profile {
  @min_length(2) @max_length(5) nick: string;
  @max_length(3) code?: string;
  @min_length(1) name?: string;
  @max_length(0) blank?: string;
}
''')
c.ok("2 ASCII characters (lower bound)", r'{"nick":"ab"}')
c.ok("5 ASCII characters (upper bound)", r'{"nick":"abcde"}')
c.ok("5 two-byte characters", '{"nick":"ééééé"}')
c.ok("5 astral characters (10 UTF-16 units, 20 bytes)", '{"nick":"😀😀😀😀😀"}')
c.ok("astral characters written as escapes", r'{"nick":"\ud83d\ude00\ud83d\ude00"}', '{"nick":"😀😀"}')
c.ok("3 CJK characters", '{"nick":"日本語"}')
c.ok("family emoji: 5 code points, 1 grapheme", '{"nick":"👨\u200d👩\u200d👧"}')
c.ok("e + combining accent: 2 code points, 1 grapheme", '{"nick":"e\u0301"}')
c.ok("NUL counts as a character", r'{"nick":"a\u0000b"}')
c.ok("3 astral characters within @max_length(3)", '{"nick":"ab","code":"𝄞𝄞𝄞"}')
c.ok("empty string within @max_length(0)", r'{"nick":"ab","blank":""}')
c.ok("one character meets @min_length(1)", r'{"nick":"ab","name":"x"}')
c.validate("1 character is below @min_length(2)", r'{"nick":"a"}', "/nick")
c.validate("empty string is below @min_length(2)", r'{"nick":""}', "/nick")
c.validate("6 ASCII characters", r'{"nick":"abcdef"}', "/nick")
c.validate("6 astral characters", '{"nick":"😀😀😀😀😀😀"}', "/nick")
c.validate("3 decomposed é: 6 code points, 3 graphemes", '{"nick":"e\u0301e\u0301e\u0301"}', "/nick")
c.validate("3 flags: 6 code points, 3 graphemes", '{"nick":"🇫🇷🇫🇷🇫🇷"}', "/nick")
c.validate("1 astral character is below @min_length(2)", '{"nick":"😀"}', "/nick")
c.validate("4 astral characters above @max_length(3)", '{"nick":"ab","code":"𝄞𝄞𝄞𝄞"}', "/code")
c.validate("empty string below @min_length(1)", r'{"nick":"ab","name":""}', "/name")
c.validate("one character above @max_length(0)", r'{"nick":"ab","blank":" "}', "/blank")

# ---------------------------------------------------------------- items
c = Case("constraints_items", "conf.items", "Roster", "`@min_items`/`@max_items` on lists and maps, inclusive, on defaulted and optional fields", r'''
// Conformance: @min_items and @max_items count list elements and map entries.
package conf.items;

struct Roster {
  @min_items(1) @max_items(3) players: list<string>;
  @max_items(2) subs: list<string> = [];
  @min_items(1) @max_items(2) ratings?: map<string, int32>;
  @min_items(2) pairs?: list<list<int32>>;
}
''')
c.ok("one element (lower bound)", r'{"players":["a"]}', r'{"players":["a"],"subs":[]}')
c.ok("three elements (upper bound)", r'{"players":["a","b","c"],"subs":["d","e"]}')
c.ok("duplicates count", r'{"players":["a","a","a"],"subs":[]}')
c.ok("map with one entry", r'{"players":["a"],"subs":[],"ratings":{"a":1}}')
c.ok("map with two entries", r'{"players":["a"],"subs":[],"ratings":{"a":1,"b":2}}')
c.ok("inner lists are not constrained", r'{"players":["a"],"subs":[],"pairs":[[],[1,2,3,4]]}')
c.validate("empty list below @min_items(1)", r'{"players":[]}', "/players")
c.validate("four elements above @max_items(3)", r'{"players":["a","b","c","d"]}', "/players")
c.validate("defaulted list above @max_items(2)", r'{"players":["a"],"subs":["x","y","z"]}', "/subs")
c.validate("empty map below @min_items(1)", r'{"players":["a"],"ratings":{}}', "/ratings")
c.validate("map with three entries above @max_items(2)", r'{"players":["a"],"ratings":{"a":1,"b":2,"c":3}}', "/ratings")
c.validate("one inner list below @min_items(2)", r'{"players":["a"],"pairs":[[1,2]]}', "/pairs")

# ---------------------------------------------------------------- @pattern
c = Case("constraints_pattern", "conf.patterns", "Codes", "`@pattern` (I-Regexp, RFC 9485) matches the whole string: no partial matches, alternation inside the whole match, `.` is one code point but not LF/CR, `\\p{..}` categories, counted repetition", r'''
// Conformance: @pattern must match the whole string (I-Regexp, RFC 9485).
package conf.patterns;

struct Codes {
  @pattern("[a-z]+") slug?: string;
  @pattern("ab|cd") pair?: string;
  @pattern("[A-Z]{2}[0-9]{2,3}") code?: string;
  @pattern("a.c") dot?: string;
  @pattern("\\p{Lu}\\p{Ll}*") word?: string;
  @pattern("[0-9]+(\\.[0-9]+)?") num?: string;
  @pattern("(x|y)*z?") xs?: string;
}
''')
c.ok("slug", r'{"slug":"abc"}')
c.ok("alternation: first branch", r'{"pair":"ab"}')
c.ok("alternation: second branch", r'{"pair":"cd"}')
c.ok("counted repetition: 2 digits", r'{"code":"AB12"}')
c.ok("counted repetition: 3 digits", r'{"code":"AB123"}')
c.ok("dot matches an ASCII letter", r'{"dot":"abc"}')
c.ok("dot matches one astral code point", '{"dot":"a😀c"}')
c.ok("dot matches U+2028", r'{"dot":"a\u2028c"}', '{"dot":"a\u2028c"}')
c.ok("upper-case letter then lower-case letters", r'{"word":"Hello"}')
c.ok("non-ASCII letter categories", '{"word":"Éclair"}')
c.ok("Greek", '{"word":"Σίσυφος"}')
c.ok("optional group absent", r'{"num":"42"}')
c.ok("optional group present", r'{"num":"3.14"}')
c.ok("star allows the empty string", r'{"xs":""}')
c.ok("star and optional", r'{"xs":"xyxz"}')
c.ok("absent fields are not matched", r'{}')
c.validate("trailing character outside the class", r'{"slug":"abc1"}', "/slug")
c.validate("leading character outside the class", r'{"slug":"1abc"}', "/slug")
c.validate("empty string does not match +", r'{"slug":""}', "/slug")
c.validate("trailing line feed does not match", r'{"slug":"abc\n"}', "/slug")
c.validate("upper case outside [a-z]", r'{"slug":"ABC"}', "/slug")
c.validate("both branches concatenated", r'{"pair":"abcd"}', "/pair")
c.validate("first branch as a prefix", r'{"pair":"abd"}', "/pair")
c.validate("second branch as a suffix", r'{"pair":"xcd"}', "/pair")
c.validate("too few digits", r'{"code":"AB1"}', "/code")
c.validate("too many digits", r'{"code":"AB1234"}', "/code")
c.validate("lower-case letters", r'{"code":"ab12"}', "/code")
c.validate("dot does not match a line feed", r'{"dot":"a\nc"}', "/dot")
c.validate("dot does not match a carriage return", r'{"dot":"a\rc"}', "/dot")
c.validate("dot needs one character", r'{"dot":"ac"}', "/dot")
c.validate("lower-case first letter", '{"word":"éclair"}', "/word")
c.validate("upper case inside", r'{"word":"HeLLo"}', "/word")
c.validate("dot without digits after it", r'{"num":"3."}', "/num")
c.validate("dot without digits before it", r'{"num":".5"}', "/num")
c.validate("z twice", r'{"xs":"xzz"}', "/xs")

# ---------------------------------------------------------------- constraints through aliases
c = Case("constraints_alias", "conf.constrained", "Form", "constraints on aliases apply wherever the alias is used — fields, list elements, map values, alias of alias, nullable alias — and add to the field's own", r'''
// Conformance: constraints on an alias apply wherever it is used.
package conf.constrained;

@pattern("[A-Z]{2}")
type Country = string;

@min(0) @max(100)
type Percent = int32;

@max_length(4)
type Short = string;

@min_items(1)
type NonEmpty = list<Short>;

type Origin = Country;

struct Form {
  country: Country;
  @max(50) half?: Percent;
  shares: list<Percent> = [];
  labels: map<string, Short> = {};
  words?: NonEmpty;
  origin?: Origin;
  maybe?: Country?;
}
''')
c.ok("every constraint met", r'{"country":"NL","half":50,"shares":[0,100],"labels":{"a":"abcd"},"words":["ab"],"origin":"DE","maybe":"FR"}')
c.ok("nullable alias given null", r'{"country":"NL","maybe":null}', r'{"country":"NL","shares":[],"labels":{},"maybe":null}')
c.ok("alias bound 0 through the field", r'{"country":"NL","half":0}', r'{"country":"NL","half":0,"shares":[],"labels":{}}')
c.validate("pattern of the alias on a field", r'{"country":"nl"}', "/country")
c.validate("pattern of the alias: too long", r'{"country":"NLD"}', "/country")
c.validate("field's own @max on top of the alias", r'{"country":"NL","half":51}', "/half")
c.validate("alias @min through a field", r'{"country":"NL","half":-1}', "/half")
c.validate("alias @max on a list element", r'{"country":"NL","shares":[5,101]}', "/shares/1")
c.validate("alias @min on a list element", r'{"country":"NL","shares":[-1]}', "/shares/0")
c.validate("alias @max_length on a map value", r'{"country":"NL","labels":{"ok":"abc","long":"abcde"}}', "/labels/long")
c.validate("@min_items of a list alias", r'{"country":"NL","words":[]}', "/words")
c.validate("element alias inside a list alias", r'{"country":"NL","words":["abcde"]}', "/words/0")
c.validate("alias of an alias keeps the pattern", r'{"country":"NL","origin":"de"}', "/origin")
c.validate("nullable alias given a bad value", r'{"country":"NL","maybe":"xx"}', "/maybe")

# ---------------------------------------------------------------- a constrained alias at the root
c = Case("constrained_alias_root", "conf.rootalias", "Code", "a constrained alias of `string` as the decoded type: a validate error at the root path `\"\"`", r'''
// Conformance: a constrained alias as the top-level value.
package conf.rootalias;

@min_length(2) @pattern("[A-Z]+")
type Code = string;
''')
c.ok("valid code", r'"AB"')
c.ok("escaped letters", r'"\u0041\u0042C"', r'"ABC"')
c.validate("pattern fails at the root", r'"ab"', "")
c.validate("too short at the root", r'"A"', "")
c.decode("wrong kind at the root", r'12', "")
c.decode("null at the root", r'null', "")
