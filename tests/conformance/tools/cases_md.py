"""Writes tests/conformance/CASES.md (the index) from the case modules."""
import common
import gen  # noqa: F401  (imports every case module)

HEAD = """# Conformance cases

The index of `tests/conformance/`: one folder per case, each with `schema.payload` (its own
package `conf.<…>`) and `vectors.json` (format and judging: [README.md](README.md)). Run them with
`tests/conformance/run [--lang LANGS] [CASE_DIR...]`.

Every schema passes `payloadc check --werror`. Every valid vector's `canonical` is what the C
runtime writes byte for byte (checked against `libpayload`'s writers and format functions, and
the numbers and string escapes against Node's `JSON.stringify`). Every invalid vector has
exactly **one** error — apart from a few objects with several missing keys, where decision 5
says which is reported — so a runtime may visit keys in document order or in declaration order
and still report the same path.

**{cases} cases, {total} vectors: {valid} valid, {invalid} invalid.**

## Cases

| case | what it covers | valid | invalid |
| --- | --- | ---: | ---: |
"""

DECISIONS = """
## Decisions where the design is silent

codegen.md, language.md and docs/language.md leave these open; the corpus fixes them, in line
with what the C runtime (`runtime/include/payload.h`, `docs/c-runtime-notes.md`) already does.
Every language must give the same answer.

### Errors and paths

1. **Text that is not JSON is a `decode` error at the root path `""`** — whatever part of it was
   wrong and however deep: empty text, trailing garbage, two values, trailing commas, comments,
   single quotes, `NaN`/`Infinity`, leading zeros, `+1`, `1.`, `.5`, invalid escapes (`\\x`,
   `\\'`, `\\U`, short `\\u`), raw control characters inside strings, a byte order mark, and
   whitespace other than space, tab, LF and CR (form feed, vertical tab, U+00A0). JSON is
   strict RFC 8259 (`syntax_errors`).
2. **A syntax error wins over a schema error before it**: `{"a":"x",}` is a syntax error at
   `""`, not a type error at `/a` (every language but C parses the whole text first; the C
   runtime validates the text before reporting a schema error).
3. **A lone or misordered surrogate escape (`\\ud800`, `\\udc00`, `\\ud83d\\u0041`,
   `\\ude00\\ud83d`) is a syntax error at the root path `""`**, not at the string's path: such
   text is not Unicode, in the same class as invalid UTF-8. The C reader rejects it while
   tokenising and PHP's `json_decode` rejects the whole text, so neither can name the string.
   This holds in values, keys, unknown keys, `json` values and unknown union objects
   (`string_unicode`, `unknown_keys`, `json_values`, `union_open`).
4. **Nesting limit: 512, the same in every runtime.** At most 512 arrays and objects may be
   open at once, the root included; 513 is a `decode` error at the root path `""` (C's
   `PL_JSON_DEFAULT_MAX_DEPTH` and PHP's `json_decode` default). `depth_limit` checks the exact
   boundary; `deep_nesting` checks 1,000 and 10,000 levels (a recursive struct, a `json` field,
   an unknown key, unclosed brackets) and valid recursion 60 and 300 levels deep.
5. **Missing keys.** A missing required key is reported at the key's own path
   (`/slot/starts_at`), also for a nullable field (`x: T?` requires the key) and for an alias of
   a nullable type. When several are missing, the **first in declaration order** is reported
   (`{}` → `/req`; `"slot":{}` → `/slot/starts_at`).
6. **`null` is not absence.** `null` for a field that is not nullable — required, optional
   (`x?: T`) or defaulted (`x: T = v`) — is a `decode` error at the key's path; it never means
   "use the default".
7. **Wrong JSON kinds** (including `null` at the root for a non-nullable type) are `decode`
   errors at the path of the value; at the top level the path is `""`.
8. **Paths are RFC 6901 JSON Pointers** built from the keys as decoded (escapes undone): `~`
   becomes `~0` and `/` becomes `~1` (`"~1"` → `/~01`, `"a~/b"` → `/a~0~1b`); the empty key
   gives a path ending in `/` (`/values/`); spaces and non-ASCII characters appear as they are
   (`/first name`, `/é`), never percent-encoded. `@wire` names may contain `/`, `~`, spaces and
   non-ASCII characters (`wire_names_and_pointer_escapes`).
9. **Decode errors win over constraint violations**: validation runs only on a decoded value
   (`{"level":0,"ratio":"x"}` → decode `/ratio`). A number that is not an integer (`10.5` for
   `int32`) is a decode error, never a bound violation.

### Numbers

10. **Integers**: any JSON number whose exact decimal value is an integer in range — `1.0`,
    `1e2`, `100e-2`, `2.50e1`, `-0`, `-0.0`, `0e5`; canonical is plain decimal (`-0` → `0`).
    `1.5`, `1e-1` and anything out of range (`2147483648`, `1e400`) are decode errors at the
    value's path.
11. **int64 and TypeScript**: the runner has no per-language expectations, and TypeScript
    rejects int64 values beyond ±(2^53−1) (language.md §4), so every valid int64 vector stays
    within ±9007199254740991. Values beyond the int64 range (`9223372036854775808`,
    `-9223372036854775809`, `1e19`, `2^64`) are invalid in every language and are covered. The
    int64 values between 2^53 and 2^63 have **no** vector: there the languages differ by design.
12. **float64**: a number too large for a double (`1e400`, `-1e400`) is a decode error at its
    path — never Infinity; a number too small underflows to `0` (`1e-400` → `0`), and values
    round to the nearest double (`9007199254740993` → `9007199254740992`, `4.9e-324` →
    `5e-324`). Output is ECMAScript's Number::toString (`1e+21`, `1e-7`, `0.000001`,
    `123456789012345680000`, `1.7976931348623157e+308`, `-0` → `0`).
13. **`@min`/`@max` on `float64` compare doubles**: the bound literal is read as a double, so
    `99.5000000000000001` (which reads as 99.5) meets `@max(99.5)` and the next double above,
    `99.50000000000001`, does not.

### Strings and formats

14. **Canonical string escaping** is exactly the C writer's: `\\"`, `\\\\`, `\\b \\t \\n \\f \\r`, other
    U+0000–U+001F as `\\u00xx` with lower-case hex; everything else raw UTF-8 — `/` (so `\\/` on
    input is written `/`), DEL, U+0080–U+009F, U+00A0, U+2028, U+2029, U+FEFF, U+FFFF, astral
    characters. `\\u0000` is a valid character.
15. **Lengths** (`@min_length`/`@max_length`) count Unicode code points: not UTF-16 units (`😀`
    is 1), not bytes (`é` is 1), not grapheme clusters (`e` + U+0301 is 2, a ZWJ family emoji is
    5, a flag is 2).
16. **`@pattern`** matches the whole string: `ab|cd` rejects `abcd`, `abd` and `xcd`; `[a-z]+`
    rejects `abc\\n` (no `$`-before-final-newline leniency). `.` matches any one code point
    except LF and CR — so an astral character and U+2028 match it.
17. **datetime** (as `pl_datetime_parse`): `T` or `t`; seconds required; 1–9 fraction digits
    (`.` alone and 10 digits are invalid; `,` is not a decimal sign); offset `Z`, `z` or
    `±hh:mm` with hh ≤ 23 and mm ≤ 59 (`+0200`, `+02`, `+24:00`, `UTC` invalid). Second 60 only
    where the UTC time is 23:59:60, on any date (`1990-12-31T15:59:60-08:00` is valid,
    `2016-12-31T23:59:60+01:00` is not). Canonical: `T`, `Z` for offset zero (`+00:00` and
    `-00:00` → `Z`), other offsets kept as `±hh:mm`, fraction without trailing zeros and dropped
    when zero.
18. **date**: years 0000–9999 of the proleptic Gregorian calendar, so year 0000 is a leap year;
    exactly `YYYY-MM-DD` (no signs, no five-digit years, no surrounding spaces).
19. **uuid**: exactly 36 characters with hyphens at positions 8, 13, 18, 23 — so a string of
    the right length with the hyphens elsewhere is invalid; no braces, no `urn:uuid:`.
20. **bytes**: only canonical padded base64 is accepted, so decoding then encoding gives back
    the same text: unpadded, URL-safe (`-_`), whitespace, padding in the middle, three `=`, and
    non-zero unused bits in the last character (`AB==`, `AAF=`) are decode errors.
21. **decimal** is kept as text, digit for digit (`-0`, `-0.50`, `1.50`, `0.000`); a JSON number
    where a decimal string is expected is a decode error.
22. **Formats read the string value**, so escapes inside them are fine: `"2024\\u002d02\\u002d29"`
    is a date, `"\\/\\/\\/\\/"` is base64 `////`.

### Fields, defaults, enums, unions, json

23. **Defaults are written in the type's canonical form**: `datetime = "2025-03-01T15:00:00.500+00:00"`
    is written `"2025-03-01T15:00:00.5Z"`, a `uuid` default in capitals is written in lower case,
    a `decimal` default digit for digit, `json = {}` as `{}`.
24. **Unknown keys** are ignored whatever their value — a huge number (`1e400`), 100 levels of
    nesting, `__proto__`, the empty key, the schema name of a field renamed with `@wire` — but
    the text must still be valid JSON (decision 1 applies inside them).
25. **Enum values match exactly**: case-sensitive, no trimming, against the wire names only; the
    schema name of a renamed member (`ice_hockey` for `@wire("ice-hockey")`) is an unknown value
    — an error for a closed enum, kept as it is for an open one. An open enum keeps any string,
    the empty string included, and writes it back (canonically escaped); it still rejects
    non-strings and `null`.
26. **Union tags.** The discriminator may appear anywhere in the object and is written first.
    The tag is checked before the variant's fields. A missing tag, a `null` tag, a tag that is
    not a string, and (for a closed union) an unknown tag are decode errors at
    `/<discriminator>` — the tag key's path, even when the key is absent. Unknown keys beside a
    known variant are dropped. With `discriminator "kind"`, a variant may have an ordinary
    field called `type`.
27. **Open union, unknown tag**: the whole object is kept, also when it carries keys of known
    variants with values they would reject, and also for the empty tag `""`. A missing or
    non-string tag is still an error (decision 26). Its canonical form is **the object as read
    without insignificant whitespace**: keys in the order read (the discriminator is *not*
    moved first), strings and numbers byte for byte as written (`"caf\\u00e9"`, `1.0`, `1e2`,
    `-0` stay) — what `pl_json_write_raw_compact` produces. Only the C driver is held to the
    bytes; the others are judged by value (README), so a runtime that re-serialises the kept
    value passes as long as it keeps every key and value.
28. **`json`** values are kept the same way (decision 27's canonical form). `null` is a `json`
    value: a required `value: json` accepts `null`, and an optional `extra?: json` given `null`
    is present and written back as `null` (consistent with docs/language.md: "a `json` field may
    default to `null` without `?`"). Still strict JSON: a syntax error inside is decision 1.
29. **Maps** keep their entries in the order read (also numeric-looking keys, which JavaScript
    objects would reorder, and `"0"`, `"1"`, which PHP arrays would turn into a list); an empty
    map is `{}`. Keys may be any string: `""`, `__proto__`, `constructor`, `toString`, `123`,
    `-1`, `01`, keys with escapes (written canonically).

## Not covered (open questions)

- **Duplicate keys** in an object (`{"a":1,"a":2}`): no vector has one. Pull decoders and
  tree parsers differ (first wins, last wins, both kept in a map); the design should say
  whether this is an error.
- **Numbers a double cannot hold inside `json` values and unknown union objects**
  (`123456789012345678901234567890`): "kept as it came" says they survive digit for digit, which
  TypeScript's `JSON.parse` cannot do; no vector has one until that is decided.
- **int64 between 2^53 and 2^63** (decision 11).
- The **order among several validation violations**: every validate vector has one violation.
"""


def main():
    cases = common.CASES
    valid = sum(len(c.valid) for c in cases)
    invalid = sum(len(c.invalid) for c in cases)
    out = HEAD.format(cases=len(cases), total=valid + invalid, valid=valid, invalid=invalid)
    for c in cases:
        out += f"| [`{c.name}`]({c.name}/) | {c.covers} | {len(c.valid)} | {len(c.invalid)} |\n"
    out += f"| **total** | | **{valid}** | **{invalid}** |\n"
    out += DECISIONS
    (gen.ROOT / "CASES.md").write_text(out, encoding="utf-8")
    print("CASES.md written")


if __name__ == "__main__":
    main()
