from common import Case

# ---------------------------------------------------------------- bool
c = Case("bool_values", "conf.bools", "Flags", "`bool`: true/false only; strings, numbers and null are not booleans", r'''
// Conformance: bool.
package conf.bools;

struct Flags {
  on: bool;
  off: bool;
  maybe?: bool;
}
''')
c.ok("true and false", r'{"on":true,"off":false}')
c.ok("optional present", r'{"on":false,"off":true,"maybe":true}')
c.ok("optional false is kept", r'{"on":true,"off":true,"maybe":false}')
c.ok("whitespace around literals", '{ "on" : true ,\n "off" : false }', r'{"on":true,"off":false}')
c.ok("keys in another order", r'{"maybe":false,"off":false,"on":true}', r'{"on":true,"off":false,"maybe":false}')
c.decode("string \"true\" is not a bool", r'{"on":"true","off":false}', "/on")
c.decode("number 1 is not a bool", r'{"on":1,"off":false}', "/on")
c.decode("number 0 is not a bool", r'{"on":true,"off":0}', "/off")
c.decode("null for required bool", r'{"on":null,"off":false}', "/on")
c.decode("null for optional bool", r'{"on":true,"off":false,"maybe":null}', "/maybe")
c.decode("array is not a bool", r'{"on":[true],"off":false}', "/on")
c.decode("capitalised True is not JSON", r'{"on":True,"off":false}', "")
c.decode("missing required bool", r'{"on":true}', "/off")

# ---------------------------------------------------------------- int32
c = Case("int32_numbers", "conf.int32", "Count", "`int32`: number forms that are integers (1.0, 1e2, -0), bounds ±1, fractions, wrong kinds, JSON number syntax", r'''
// Conformance: int32 number forms and range.
package conf.int32;

struct Count {
  v: int32;
  more?: list<int32>;
}
''')
c.ok("zero", r'{"v":0}')
c.ok("positive", r'{"v":42}')
c.ok("negative", r'{"v":-42}')
c.ok("minus zero is 0", r'{"v":-0}', r'{"v":0}')
c.ok("1.0 is the integer 1", r'{"v":1.0}', r'{"v":1}')
c.ok("1e2 is the integer 100", r'{"v":1e2}', r'{"v":100}')
c.ok("1E2 upper-case exponent", r'{"v":1E2}', r'{"v":100}')
c.ok("1e+2 signed exponent", r'{"v":1e+2}', r'{"v":100}')
c.ok("100e-2 is the integer 1", r'{"v":100e-2}', r'{"v":1}')
c.ok("2.50e1 is the integer 25", r'{"v":2.50e1}', r'{"v":25}')
c.ok("-0.0 is 0", r'{"v":-0.0}', r'{"v":0}')
c.ok("0e5 is 0", r'{"v":0e5}', r'{"v":0}')
c.ok("maximum 2147483647", r'{"v":2147483647}')
c.ok("minimum -2147483648", r'{"v":-2147483648}')
c.ok("maximum written 2147483647.0", r'{"v":2147483647.0}', r'{"v":2147483647}')
c.ok("maximum written 2.147483647e9", r'{"v":2.147483647e9}', r'{"v":2147483647}')
c.ok("minimum written -2.147483648e9", r'{"v":-2.147483648e9}', r'{"v":-2147483648}')
c.ok("list of integers in several forms", r'{"v":1,"more":[0,-1,1.0,3e1,-2147483648]}', r'{"v":1,"more":[0,-1,1,30,-2147483648]}')
c.decode("2147483648 is out of range", r'{"v":2147483648}', "/v")
c.decode("-2147483649 is out of range", r'{"v":-2147483649}', "/v")
c.decode("2.147483648e9 is out of range", r'{"v":2.147483648e9}', "/v")
c.decode("1e10 is out of range", r'{"v":1e10}', "/v")
c.decode("1e400 is out of range", r'{"v":1e400}', "/v")
c.decode("1.5 is not an integer", r'{"v":1.5}', "/v")
c.decode("-1.5 is not an integer", r'{"v":-1.5}', "/v")
c.decode("1e-1 is not an integer", r'{"v":1e-1}', "/v")
c.decode("0.5 is not an integer", r'{"v":0.5}', "/v")
c.decode("string \"1\" is not a number", r'{"v":"1"}', "/v")
c.decode("true is not a number", r'{"v":true}', "/v")
c.decode("null for required int32", r'{"v":null}', "/v")
c.decode("object is not a number", r'{"v":{}}', "/v")
c.decode("fraction in a list element", r'{"v":1,"more":[1,2,2.5]}', "/more/2")
c.decode("out of range in a list element", r'{"v":1,"more":[2147483648]}', "/more/0")
c.decode("leading zero is not JSON", r'{"v":01}', "")
c.decode("plus sign is not JSON", r'{"v":+1}', "")
c.decode("trailing dot is not JSON", r'{"v":1.}', "")
c.decode("leading dot is not JSON", r'{"v":.5}', "")
c.decode("hexadecimal is not JSON", r'{"v":0x10}', "")
c.decode("NaN is not JSON", r'{"v":NaN}', "")
c.decode("Infinity is not JSON", r'{"v":Infinity}', "")
c.decode("lone minus is not JSON", r'{"v":-}', "")
c.decode("exponent without digits is not JSON", r'{"v":1e}', "")

# ---------------------------------------------------------------- int64
c = Case("int64_numbers", "conf.int64", "Id", "`int64`: values within ±(2^53−1) (every language, TypeScript included), beyond the int64 range rejected everywhere", r'''
// Conformance: int64. Valid values stay within +-(2^53-1), which TypeScript can hold exactly;
// values beyond the int64 range are rejected by every language.
package conf.int64;

struct Id {
  v: int64;
  more?: list<int64>;
}
''')
c.ok("zero", r'{"v":0}')
c.ok("beyond int32", r'{"v":2147483648}')
c.ok("beyond uint32 negative", r'{"v":-4294967297}')
c.ok("largest safe integer 2^53-1", r'{"v":9007199254740991}')
c.ok("smallest safe integer -(2^53-1)", r'{"v":-9007199254740991}')
c.ok("2^53-1 in exponent form", r'{"v":9.007199254740991e15}', r'{"v":9007199254740991}')
c.ok("1e15", r'{"v":1e15}', r'{"v":1000000000000000}')
c.ok("1.0e0", r'{"v":1.0e0}', r'{"v":1}')
c.ok("minus zero is 0", r'{"v":-0}', r'{"v":0}')
c.ok("list of int64", r'{"v":1,"more":[4294967296,-9007199254740991,12345678901234]}')
c.decode("2^63 is out of range", r'{"v":9223372036854775808}', "/v")
c.decode("-2^63-1 is out of range", r'{"v":-9223372036854775809}', "/v")
c.decode("1e19 is out of range", r'{"v":1e19}', "/v")
c.decode("2^64 is out of range", r'{"v":18446744073709551616}', "/v")
c.decode("30 digits is out of range", r'{"v":123456789012345678901234567890}', "/v")
c.decode("1e300 is out of range", r'{"v":1e300}', "/v")
c.decode("1.5 is not an integer", r'{"v":1.5}', "/v")
c.decode("0.1 is not an integer", r'{"v":0.1}', "/v")
c.decode("string holding digits", r'{"v":"9007199254740991"}', "/v")
c.decode("null for required int64", r'{"v":null}', "/v")
c.decode("fraction in a list element", r'{"v":1,"more":[1,0.5]}', "/more/1")
c.decode("out of range in a list element", r'{"v":1,"more":[0,1,-9223372036854775809]}', "/more/2")

# ---------------------------------------------------------------- float64
c = Case("float64_numbers", "conf.float64", "Measure", "`float64`: ECMAScript shortest round-trip output (1e+21, 1e-7, 5e-324, -0 → 0), number forms, overflow, non-JSON numbers", r'''
// Conformance: float64 reading and the canonical number form (RFC 8785 3.2.2.3).
package conf.float64;

struct Measure {
  v: float64;
  more?: list<float64>;
}
''')
c.ok("zero", r'{"v":0}')
c.ok("minus zero is written 0", r'{"v":-0}', r'{"v":0}')
c.ok("minus zero point zero is written 0", r'{"v":-0.0}', r'{"v":0}')
c.ok("1.0 is written 1", r'{"v":1.0}', r'{"v":1}')
c.ok("1.5", r'{"v":1.5}')
c.ok("-1.5", r'{"v":-1.5}')
c.ok("0.1", r'{"v":0.1}')
c.ok("0.1 + 0.2", r'{"v":0.30000000000000004}')
c.ok("pi", r'{"v":3.141592653589793}')
c.ok("1E3 is written 1000", r'{"v":1E3}', r'{"v":1000}')
c.ok("12.34e-1 is written 1.234", r'{"v":12.34e-1}', r'{"v":1.234}')
c.ok("0.1e1 is written 1", r'{"v":0.1e1}', r'{"v":1}')
c.ok("1e20 in plain notation", r'{"v":1e20}', r'{"v":100000000000000000000}')
c.ok("1e21 switches to exponent form", r'{"v":1e21}', r'{"v":1e+21}')
c.ok("21 nines round to 1e+21", r'{"v":999999999999999999999}', r'{"v":1e+21}')
c.ok("123456789012345678901 shortest digits then zeros", r'{"v":123456789012345678901}', r'{"v":123456789012345680000}')
c.ok("2^53+1 reads as 2^53", r'{"v":9007199254740993}', r'{"v":9007199254740992}')
c.ok("0.000001 stays plain", r'{"v":0.000001}')
c.ok("1e-6 is written 0.000001", r'{"v":1e-6}', r'{"v":0.000001}')
c.ok("1e-7 is written 1e-7", r'{"v":1e-7}')
c.ok("0.0000001 is written 1e-7", r'{"v":0.0000001}', r'{"v":1e-7}')
c.ok("1.5e-7", r'{"v":0.00000015}', r'{"v":1.5e-7}')
c.ok("-1.5e-10", r'{"v":-1.5e-10}')
c.ok("123e-20 is written 1.23e-18", r'{"v":123e-20}', r'{"v":1.23e-18}')
c.ok("smallest subnormal 5e-324", r'{"v":5e-324}')
c.ok("4.9e-324 reads as 5e-324", r'{"v":4.9e-324}', r'{"v":5e-324}')
c.ok("smallest normal", r'{"v":2.2250738585072014e-308}')
c.ok("largest double", r'{"v":1.7976931348623157e308}', r'{"v":1.7976931348623157e+308}')
c.ok("1e300", r'{"v":1e300}', r'{"v":1e+300}')
c.ok("underflow 1e-400 reads as 0", r'{"v":1e-400}', r'{"v":0}')
c.ok("integer beyond int64 is a fine double", r'{"v":18446744073709551616}', r'{"v":18446744073709552000}')
c.ok("list of floats", r'{"v":2,"more":[0.5,-0,1e21,1e-7,100]}', r'{"v":2,"more":[0.5,0,1e+21,1e-7,100]}')
c.decode("1e400 is too large for a double", r'{"v":1e400}', "/v")
c.decode("-1e400 is too large for a double", r'{"v":-1e400}', "/v")
c.decode("too large in a list element", r'{"v":1,"more":[1,1e999]}', "/more/1")
c.decode("string holding a number", r'{"v":"1.5"}', "/v")
c.decode("string NaN", r'{"v":"NaN"}', "/v")
c.decode("null for required float64", r'{"v":null}', "/v")
c.decode("bool is not a number", r'{"v":false}', "/v")
c.decode("NaN is not JSON", r'{"v":NaN}', "")
c.decode("Infinity is not JSON", r'{"v":Infinity}', "")
c.decode("-Infinity is not JSON", r'{"v":-Infinity}', "")
c.decode("1.e5 is not JSON", r'{"v":1.e5}', "")
c.decode(".1 is not JSON", r'{"v":.1}', "")
c.decode("01.5 is not JSON", r'{"v":01.5}', "")
c.decode("1e+ is not JSON", r'{"v":1e+}', "")

# ---------------------------------------------------------------- strings: escapes
c = Case("string_escapes", "conf.strings", "Text", "`string`: every JSON escape on input, the canonical escaping on output (only `\"`, `\\` and controls; `\\n`-style else `\\u00xx` lowercase), invalid escapes", r'''
// Conformance: string escapes in and out.
package conf.strings;

struct Text {
  s: string;
}
''')
c.ok("plain ASCII", r'{"s":"hello"}')
c.ok("empty string", r'{"s":""}')
c.ok("escaped quote", r'{"s":"say \"hi\""}')
c.ok("escaped backslash", r'{"s":"a\\b"}')
c.ok("escaped solidus is written raw", r'{"s":"a\/b"}', r'{"s":"a/b"}')
c.ok("raw solidus", r'{"s":"</script>"}')
c.ok("short escapes \\b \\f \\n \\r \\t", r'{"s":"\b\f\n\r\t"}')
c.ok("\\u0000 stays \\u0000", r'{"s":"a\u0000b"}')
c.ok("\\u001f stays \\u001f", r'{"s":"\u001f"}')
c.ok("\\u001F upper-case hex is written lower-case", r'{"s":"\u001F"}', r'{"s":"\u001f"}')
c.ok("\\u0001 and \\u000b", r'{"s":"\u0001\u000b"}')
c.ok("\\u0008 is written \\b", r'{"s":"\u0008"}', r'{"s":"\b"}')
c.ok("\\u0009 \\u000a \\u000c \\u000d are written short", r'{"s":"\u0009\u000a\u000C\u000D"}', r'{"s":"\t\n\f\r"}')
c.ok("\\u0022 and \\u005c are written \\\" and \\\\", r'{"s":"\u0022\u005c"}', r'{"s":"\"\\"}')
c.ok("\\u002f and \\u0041 are written raw", r'{"s":"\u002f\u0041"}', r'{"s":"/A"}')
c.ok("DEL is not escaped", r'{"s":"\u007f"}', '{"s":"\u007f"}')
c.ok("raw DEL stays raw", '{"s":"a\u007fb"}')
c.ok("every kind together", r'{"s":"\"\\\/\b\f\n\r\t\u0000\u001f\u0020~"}', r'{"s":"\"\\/\b\f\n\r\t\u0000\u001f ~"}')
c.decode("invalid escape \\x", r'{"s":"\x41"}', "")
c.decode("invalid escape \\'", r'{"s":"\'"}', "")
c.decode("invalid escape \\a", r'{"s":"\a"}', "")
c.decode("upper-case \\U is not an escape", r'{"s":"\U0041"}', "")
c.decode("\\u with three hex digits", r'{"s":"\u041"}', "")
c.decode("\\u with a non-hex digit", r'{"s":"\u00G1"}', "")
c.decode("\\u{...} is not JSON", r'{"s":"\u{41}"}', "")
c.decode("raw tab inside a string", '{"s":"a\tb"}', "")
c.decode("raw line feed inside a string", '{"s":"a\nb"}', "")
c.decode("raw U+001F inside a string", '{"s":"a\u001fb"}', "")
c.decode("raw NUL inside a string", '{"s":"a\u0000b"}', "")
c.decode("backslash at the end of the text", '{"s":"abc\\', "")
c.decode("unterminated string", r'{"s":"abc}', "")
c.decode("single quotes", r"{'s':'abc'}", "")
c.decode("number where a string is expected", r'{"s":12}', "/s")
c.decode("null for required string", r'{"s":null}', "/s")
c.decode("array where a string is expected", r'{"s":["a"]}', "/s")

# ---------------------------------------------------------------- strings: unicode
c = Case("string_unicode", "conf.unicode", "Text", "`string` beyond ASCII: \\u escapes written as UTF-8, surrogate pairs, astral characters, U+2028/U+FEFF raw; lone and misordered surrogates rejected", r'''
// Conformance: Unicode text in strings.
package conf.unicode;

struct Text {
  s: string;
  parts: list<string> = [];
}
''')
c.ok("\\u00e9 is written as UTF-8", r'{"s":"caf\u00e9"}', '{"s":"café","parts":[]}')
c.ok("\\u00E9 upper-case hex", r'{"s":"caf\u00E9"}', '{"s":"café","parts":[]}')
c.ok("raw é", '{"s":"café"}', '{"s":"café","parts":[]}')
c.ok("surrogate pair escape is one astral character", r'{"s":"\ud83d\ude00"}', '{"s":"😀","parts":[]}')
c.ok("upper-case surrogate pair escape", r'{"s":"\uD83D\uDE00"}', '{"s":"😀","parts":[]}')
c.ok("raw astral character", '{"s":"goal 🥅"}', '{"s":"goal 🥅","parts":[]}')
c.ok("highest code point U+10FFFF", r'{"s":"\udbff\udfff"}', '{"s":"\U0010ffff","parts":[]}')
c.ok("CJK and Greek", '{"s":"日本語 Σίσυφος"}', '{"s":"日本語 Σίσυφος","parts":[]}')
c.ok("combining accent kept as two code points", r'{"s":"e\u0301"}', '{"s":"e\u0301","parts":[]}')
c.ok("U+2028 and U+2029 are written raw", r'{"s":"\u2028\u2029"}', '{"s":"\u2028\u2029","parts":[]}')
c.ok("U+FEFF inside a string is kept", r'{"s":"\ufeffx"}', '{"s":"\ufeffx","parts":[]}')
c.ok("noncharacter U+FFFF is kept", r'{"s":"\uffff"}', '{"s":"\uffff","parts":[]}')
c.ok("U+0080 and U+00A0 are written raw", r'{"s":"\u0080\u00a0"}', '{"s":"\u0080\u00a0","parts":[]}')
c.ok("escaped and raw forms in a list", r'{"s":"","parts":["\u00fc","ü","\ud834\udd1e","𝄞"]}', '{"s":"","parts":["ü","ü","𝄞","𝄞"]}')
c.decode("lone high surrogate", r'{"s":"\ud800"}', "")
c.decode("lone low surrogate", r'{"s":"\udc00"}', "")
c.decode("high surrogate followed by a letter", r'{"s":"\ud83dA"}', "")
c.decode("high surrogate followed by a non-surrogate escape", r'{"s":"\ud83d\u0041"}', "")
c.decode("two high surrogates", r'{"s":"\ud83d\ud83d"}', "")
c.decode("surrogates in the wrong order", r'{"s":"\ude00\ud83d"}', "")
c.decode("lone surrogate in a list element", r'{"s":"","parts":["ok","\udfff"]}', "")
c.decode("lone surrogate in a key", r'{"s":"","\ud800":1}', "")

# ---------------------------------------------------------------- bytes
c = Case("bytes_base64", "conf.bytes", "Blob", "`bytes`: padded standard base64; unpadded, URL-safe, whitespace, misplaced padding and non-zero trailing bits rejected", r'''
// Conformance: bytes as padded standard base64 (RFC 4648 section 4).
package conf.bytes;

struct Blob {
  data: bytes;
  more?: list<bytes>;
}
''')
c.ok("empty", r'{"data":""}')
c.ok("one byte", r'{"data":"AA=="}')
c.ok("two bytes", r'{"data":"AAE="}')
c.ok("three bytes", r'{"data":"AAEC"}')
c.ok("hello", r'{"data":"aGVsbG8="}')
c.ok("Hello, World!", r'{"data":"SGVsbG8sIFdvcmxkIQ=="}')
c.ok("plus and slash", r'{"data":"+/+/"}')
c.ok("all ones", r'{"data":"////"}')
c.ok("escaped solidus in the JSON string", r'{"data":"\/\/\/\/"}', r'{"data":"////"}')
c.ok("bytes 0xff 0xfe", r'{"data":"//4="}')
c.ok("list of bytes", r'{"data":"AQID","more":["","AA==","AAE="]}')
c.decode("unpadded one byte", r'{"data":"AA"}', "/data")
c.decode("unpadded two bytes", r'{"data":"AAE"}', "/data")
c.decode("unpadded hello", r'{"data":"aGVsbG8"}', "/data")
c.decode("URL-safe alphabet", r'{"data":"-_8="}', "/data")
c.decode("non-base64 character", r'{"data":"*AAA"}', "/data")
c.decode("space inside", r'{"data":"AA =="}', "/data")
c.decode("line feed at the end", r'{"data":"AA==\n"}', "/data")
c.decode("padding in the middle", r'{"data":"AA==AA=="}', "/data")
c.decode("three padding characters", r'{"data":"A==="}', "/data")
c.decode("padding only", r'{"data":"===="}', "/data")
c.decode("single character", r'{"data":"A"}', "/data")
c.decode("non-zero trailing bits with two pads", r'{"data":"AB=="}', "/data")
c.decode("non-zero trailing bits with one pad", r'{"data":"AAF="}', "/data")
c.decode("non-ASCII character", r'{"data":"é==="}', "/data")
c.decode("number where bytes are expected", r'{"data":123}', "/data")
c.decode("array of numbers where bytes are expected", r'{"data":[1,2,3]}', "/data")
c.decode("null for required bytes", r'{"data":null}', "/data")
c.decode("bad element of a list", r'{"data":"","more":["AA==","AA"]}', "/more/1")

# ---------------------------------------------------------------- date
c = Case("date_format", "conf.dates", "Day", "`date`: RFC 3339 full-date of a real calendar day (leap years), every malformed shape", r'''
// Conformance: date (RFC 3339 full-date, proleptic Gregorian calendar).
package conf.dates;

struct Day {
  day: date;
}
''')
c.ok("ordinary date", r'{"day":"2025-03-01"}')
c.ok("leap day 2024-02-29", r'{"day":"2024-02-29"}')
c.ok("leap day 2000-02-29 (divisible by 400)", r'{"day":"2000-02-29"}')
c.ok("leap day 2400-02-29", r'{"day":"2400-02-29"}')
c.ok("end of a 30-day month", r'{"day":"2023-04-30"}')
c.ok("end of the year", r'{"day":"2024-12-31"}')
c.ok("year 0001", r'{"day":"0001-01-01"}')
c.ok("year 0000 (proleptic, leap)", r'{"day":"0000-02-29"}')
c.ok("year 9999", r'{"day":"9999-12-31"}')
c.ok("escaped hyphens", r'{"day":"2024\u002d02\u002d29"}', r'{"day":"2024-02-29"}')
c.decode("2023-02-29 is not a day", r'{"day":"2023-02-29"}', "/day")
c.decode("1900-02-29 is not a day (divisible by 100)", r'{"day":"1900-02-29"}', "/day")
c.decode("2100-02-29 is not a day", r'{"day":"2100-02-29"}', "/day")
c.decode("February 30", r'{"day":"2024-02-30"}', "/day")
c.decode("April 31", r'{"day":"2024-04-31"}', "/day")
c.decode("month 13", r'{"day":"2024-13-01"}', "/day")
c.decode("month 00", r'{"day":"2024-00-10"}', "/day")
c.decode("day 00", r'{"day":"2024-01-00"}', "/day")
c.decode("day 32", r'{"day":"2024-01-32"}', "/day")
c.decode("one-digit month", r'{"day":"2024-1-01"}', "/day")
c.decode("two-digit year", r'{"day":"24-01-01"}', "/day")
c.decode("five-digit year", r'{"day":"12024-01-01"}', "/day")
c.decode("signed year", r'{"day":"+2024-01-01"}', "/day")
c.decode("slashes", r'{"day":"2024/01/01"}', "/day")
c.decode("no separators", r'{"day":"20240101"}', "/day")
c.decode("a datetime is not a date", r'{"day":"2024-01-01T00:00:00Z"}', "/day")
c.decode("leading space", r'{"day":" 2024-01-01"}', "/day")
c.decode("trailing space", r'{"day":"2024-01-01 "}', "/day")
c.decode("full-width digits", r'{"day":"２０２４-01-01"}', "/day")
c.decode("empty string", r'{"day":""}', "/day")
c.decode("number where a date is expected", r'{"day":20240101}', "/day")
c.decode("null for required date", r'{"day":null}', "/day")

# ---------------------------------------------------------------- datetime
c = Case("datetime_format", "conf.datetimes", "Moment", "`datetime`: offsets (Z, z, ±hh:mm, -00:00 → Z), `t`, 0–9 fraction digits without trailing zeros, leap seconds only at 23:59:60 UTC, malformed shapes", r'''
// Conformance: datetime (RFC 3339 date-time with a required offset).
package conf.datetimes;

struct Moment {
  at: datetime;
}
''')
c.ok("UTC with Z", r'{"at":"2024-05-01T10:00:00Z"}')
c.ok("positive offset", r'{"at":"2024-05-01T10:00:00+02:00"}')
c.ok("half-hour offset +05:30", r'{"at":"2024-05-01T10:00:00+05:30"}')
c.ok("negative offset", r'{"at":"2024-05-01T10:00:00-08:00"}')
c.ok("largest offsets +23:59", r'{"at":"2024-05-01T10:00:00+23:59"}')
c.ok("largest offsets -23:59", r'{"at":"2024-05-01T10:00:00-23:59"}')
c.ok("+00:00 is written Z", r'{"at":"2024-05-01T10:00:00+00:00"}', r'{"at":"2024-05-01T10:00:00Z"}')
c.ok("-00:00 is written Z", r'{"at":"2024-05-01T10:00:00-00:00"}', r'{"at":"2024-05-01T10:00:00Z"}')
c.ok("lower-case t is written T", r'{"at":"2024-05-01t10:00:00Z"}', r'{"at":"2024-05-01T10:00:00Z"}')
c.ok("lower-case z is written Z", r'{"at":"2024-05-01T10:00:00z"}', r'{"at":"2024-05-01T10:00:00Z"}')
c.ok("one fraction digit", r'{"at":"2024-05-01T10:00:00.5Z"}')
c.ok("trailing zeros of the fraction are dropped", r'{"at":"2024-05-01T10:00:00.50Z"}', r'{"at":"2024-05-01T10:00:00.5Z"}')
c.ok("nine digits with trailing zeros", r'{"at":"2024-05-01T10:00:00.500000000Z"}', r'{"at":"2024-05-01T10:00:00.5Z"}')
c.ok("zero fraction is dropped", r'{"at":"2024-05-01T10:00:00.000Z"}', r'{"at":"2024-05-01T10:00:00Z"}')
c.ok("single zero fraction is dropped", r'{"at":"2024-05-01T10:00:00.0+01:00"}', r'{"at":"2024-05-01T10:00:00+01:00"}')
c.ok("three fraction digits", r'{"at":"2024-05-01T10:00:00.123Z"}')
c.ok("six fraction digits", r'{"at":"2024-05-01T10:00:00.123456-03:00"}')
c.ok("nine fraction digits", r'{"at":"2024-05-01T10:00:00.123456789Z"}')
c.ok("one nanosecond", r'{"at":"2024-05-01T10:00:00.000000001Z"}')
c.ok("fraction 120 with an offset", r'{"at":"2024-05-01T10:00:00.120+02:00"}', r'{"at":"2024-05-01T10:00:00.12+02:00"}')
c.ok("leap day", r'{"at":"2024-02-29T23:59:59Z"}')
c.ok("leap second at 23:59:60Z", r'{"at":"2016-12-31T23:59:60Z"}')
c.ok("leap second with a fraction", r'{"at":"2016-12-31T23:59:60.5Z"}')
c.ok("leap second in local time (23:59:60 UTC)", r'{"at":"1990-12-31T15:59:60-08:00"}')
c.ok("earliest", r'{"at":"0001-01-01T00:00:00Z"}')
c.ok("latest", r'{"at":"9999-12-31T23:59:59.999999999Z"}')
c.ok("escaped T in the JSON string", r'{"at":"2024-05-01\u005410:00:00Z"}', r'{"at":"2024-05-01T10:00:00Z"}')
c.decode("no offset", r'{"at":"2024-05-01T10:00:00"}', "/at")
c.decode("no seconds", r'{"at":"2024-05-01T10:00Z"}', "/at")
c.decode("space instead of T", r'{"at":"2024-05-01 10:00:00Z"}', "/at")
c.decode("date only", r'{"at":"2024-05-01"}', "/at")
c.decode("empty fraction", r'{"at":"2024-05-01T10:00:00.Z"}', "/at")
c.decode("ten fraction digits", r'{"at":"2024-05-01T10:00:00.1234567890Z"}', "/at")
c.decode("comma as decimal sign", r'{"at":"2024-05-01T10:00:00,5Z"}', "/at")
c.decode("offset without colon", r'{"at":"2024-05-01T10:00:00+0200"}', "/at")
c.decode("offset hours only", r'{"at":"2024-05-01T10:00:00+02"}', "/at")
c.decode("offset +24:00", r'{"at":"2024-05-01T10:00:00+24:00"}', "/at")
c.decode("offset minutes 60", r'{"at":"2024-05-01T10:00:00+02:60"}', "/at")
c.decode("UTC spelled out", r'{"at":"2024-05-01T10:00:00UTC"}', "/at")
c.decode("space before Z", r'{"at":"2024-05-01T10:00:00 Z"}', "/at")
c.decode("text after Z", r'{"at":"2024-05-01T10:00:00Zjunk"}', "/at")
c.decode("hour 24", r'{"at":"2024-05-01T24:00:00Z"}', "/at")
c.decode("minute 60", r'{"at":"2024-05-01T10:60:00Z"}', "/at")
c.decode("second 61", r'{"at":"2024-05-01T10:00:61Z"}', "/at")
c.decode("one-digit hour", r'{"at":"2024-05-01T1:00:00Z"}', "/at")
c.decode("second 60 at noon", r'{"at":"2024-05-01T12:00:60Z"}', "/at")
c.decode("second 60 that is 22:59:60 UTC", r'{"at":"2016-12-31T23:59:60+01:00"}', "/at")
c.decode("invalid date part", r'{"at":"2023-02-29T10:00:00Z"}', "/at")
c.decode("number where a datetime is expected", r'{"at":1714557600}', "/at")
c.decode("null for required datetime", r'{"at":null}', "/at")

# ---------------------------------------------------------------- uuid
c = Case("uuid_format", "conf.uuids", "Ref", "`uuid`: 8-4-4-4-12 hex in either case, written lowercase; wrong group lengths, braces, URN, non-hex rejected", r'''
// Conformance: uuid.
package conf.uuids;

struct Ref {
  id: uuid;
  others: list<uuid> = [];
}
''')
c.ok("lower-case", r'{"id":"123e4567-e89b-12d3-a456-426614174000"}', r'{"id":"123e4567-e89b-12d3-a456-426614174000","others":[]}')
c.ok("upper-case is written lower-case", r'{"id":"123E4567-E89B-12D3-A456-426614174000"}', r'{"id":"123e4567-e89b-12d3-a456-426614174000","others":[]}')
c.ok("mixed case", r'{"id":"6Ba7B810-9dAd-11D1-80b4-00C04fD430c8"}', r'{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","others":[]}')
c.ok("nil uuid", r'{"id":"00000000-0000-0000-0000-000000000000"}', r'{"id":"00000000-0000-0000-0000-000000000000","others":[]}')
c.ok("max uuid upper-case", r'{"id":"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"}', r'{"id":"ffffffff-ffff-ffff-ffff-ffffffffffff","others":[]}')
c.ok("list of uuids", r'{"id":"00000000-0000-0000-0000-000000000000","others":["A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11","a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]}', r'{"id":"00000000-0000-0000-0000-000000000000","others":["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11","a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]}')
c.decode("no hyphens", r'{"id":"123e4567e89b12d3a456426614174000"}', "/id")
c.decode("braces", r'{"id":"{123e4567-e89b-12d3-a456-426614174000}"}', "/id")
c.decode("URN prefix", r'{"id":"urn:uuid:123e4567-e89b-12d3-a456-426614174000"}', "/id")
c.decode("last group 11 digits", r'{"id":"123e4567-e89b-12d3-a456-42661417400"}', "/id")
c.decode("last group 13 digits", r'{"id":"123e4567-e89b-12d3-a456-4266141740000"}', "/id")
c.decode("groups 7-5-4-4-12 (right length, wrong shape)", r'{"id":"123e456-7e89b-12d3-a456-426614174000"}', "/id")
c.decode("groups 8-4-4-4-12 without the last hyphen", r'{"id":"123e4567-e89b-12d3-a4564-26614174000"}', "/id")
c.decode("non-hex letter g", r'{"id":"123e4567-e89b-12d3-a456-42661417400g"}', "/id")
c.decode("leading space", r'{"id":" 123e4567-e89b-12d3-a456-426614174000"}', "/id")
c.decode("empty string", r'{"id":""}', "/id")
c.decode("number where a uuid is expected", r'{"id":123}', "/id")
c.decode("null for required uuid", r'{"id":null}', "/id")
c.decode("bad element of a list", r'{"id":"00000000-0000-0000-0000-000000000000","others":["00000000-0000-0000-0000-00000000000"]}', "/others/0")

# ---------------------------------------------------------------- decimal
c = Case("decimal_format", "conf.decimals", "Price", "`decimal`: exact text kept digit for digit (-0, -0.50, 1.50, 40 digits); leading zeros, bare dots, signs, exponents and JSON numbers rejected", r'''
// Conformance: decimal (exact text -?(0|[1-9][0-9]*)(\.[0-9]+)?, kept digit for digit).
package conf.decimals;

struct Price {
  amount: decimal;
}
''')
c.ok("zero", r'{"amount":"0"}')
c.ok("minus zero kept", r'{"amount":"-0"}')
c.ok("-0.50 kept digit for digit", r'{"amount":"-0.50"}')
c.ok("1.50 keeps its trailing zero", r'{"amount":"1.50"}')
c.ok("0.000 kept", r'{"amount":"0.000"}')
c.ok("integer", r'{"amount":"100"}')
c.ok("negative", r'{"amount":"-12.3"}')
c.ok("beyond any binary float", r'{"amount":"1234567890123456789012345678901234567890.123456789"}')
c.ok("tiny fraction", r'{"amount":"0.000000000000000000000000000001"}')
c.decode("leading zero 01", r'{"amount":"01"}', "/amount")
c.decode("leading zeros 00", r'{"amount":"00"}', "/amount")
c.decode("trailing dot 1.", r'{"amount":"1."}', "/amount")
c.decode("leading dot .5", r'{"amount":".5"}', "/amount")
c.decode("minus dot -.5", r'{"amount":"-.5"}', "/amount")
c.decode("plus sign +1", r'{"amount":"+1"}', "/amount")
c.decode("exponent 1e2", r'{"amount":"1e2"}', "/amount")
c.decode("exponent 1E2", r'{"amount":"1E2"}', "/amount")
c.decode("lone minus", r'{"amount":"-"}', "/amount")
c.decode("double minus", r'{"amount":"--1"}', "/amount")
c.decode("empty string", r'{"amount":""}', "/amount")
c.decode("surrounding space", r'{"amount":" 1"}', "/amount")
c.decode("comma as decimal sign", r'{"amount":"1,5"}', "/amount")
c.decode("NaN text", r'{"amount":"NaN"}', "/amount")
c.decode("non-ASCII digit", r'{"amount":"١"}', "/amount")
c.decode("JSON number 1.5 instead of a string", r'{"amount":1.5}', "/amount")
c.decode("JSON number 0 instead of a string", r'{"amount":0}', "/amount")
c.decode("null for required decimal", r'{"amount":null}', "/amount")

# ---------------------------------------------------------------- json
c = Case("json_values", "conf.jsonvals", "Envelope", "`json`: any value kept as it came (null included), whitespace dropped, strings and numbers byte for byte, key order kept; still strict JSON", r'''
// Conformance: json values, kept as they came.
package conf.jsonvals;

struct Envelope {
  value: json;
  extra?: json;
}
''')
c.ok("object", r'{"value":{"a":1,"b":[true,null]}}')
c.ok("array", r'{"value":[1,"two",{"three":3}]}')
c.ok("string", r'{"value":"text"}')
c.ok("number", r'{"value":42}')
c.ok("true", r'{"value":true}')
c.ok("false", r'{"value":false}')
c.ok("null is a json value", r'{"value":null}')
c.ok("empty object and array", r'{"value":{},"extra":[]}')
c.ok("whitespace is dropped", '{"value" : { "a" : [ 1 , 2 ] ,\n\t"b" : { } } }', r'{"value":{"a":[1,2],"b":{}}}')
c.ok("key order is kept", r'{"value":{"z":1,"a":2,"m":3}}')
c.ok("number 1.0 kept as written", r'{"value":1.0}')
c.ok("number 1e2 kept as written", r'{"value":[1e2,1E+2,-0,0.10]}')
c.ok("escapes in strings kept as written", r'{"value":"caf\u00e9 \/ \"q\""}')
c.ok("nested depth 20", '{"value":' + '[' * 20 + ']' * 20 + '}')
c.ok("optional json null is kept", r'{"value":1,"extra":null}')
c.ok("optional json absent is omitted", r'{"value":1}')
c.decode("missing required json", r'{"extra":1}', "/value")
c.decode("trailing comma inside the value", r'{"value":[1,2,]}', "")
c.decode("single-quoted string inside the value", r"{"+'"value"'+r":{'a':1}}", "")
c.decode("NaN inside the value", r'{"value":[NaN]}', "")
c.decode("lone surrogate inside the value", r'{"value":{"k":"\ud800"}}', "")
c.decode("unclosed object inside the value", r'{"value":{"a":1}', "")
