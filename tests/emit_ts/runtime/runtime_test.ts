// The runtime and the generated functions beyond what the conformance vectors reach: values
// built in TypeScript (createX, DateTime, JsonNumber), JSON.parse input, encode errors, paths
// of violations, open unions and enums as seen from TypeScript. Compiled with the code of
// tests/emit_ts/schemas/features.payload under the strict flags, run by Node.
import { DateTime, JsonNumber, PayloadError, UNKNOWN, parseJson, stringify, features, shared } from "./gen/index.js";
import type { JsonValue } from "./gen/index.js";

declare const console: { log(...values: unknown[]): void };

let failures = 0;
function same(actual: unknown, expected: unknown, what: string): void {
  const a = typeof actual === "string" ? actual : JSON.stringify(actual);
  const e = typeof expected === "string" ? expected : JSON.stringify(expected);
  if (a !== e) {
    failures++;
    console.log(`FAIL ${what}: got ${a}, expected ${e}`);
  }
}
function throws(run: () => unknown, kind: string, path: string, what: string): void {
  try {
    run();
  } catch (e) {
    if (e instanceof PayloadError) {
      same([e.kind, e.path], [kind, path], what);
      return;
    }
    failures++;
    console.log(`FAIL ${what}: threw ${String(e)}`);
    return;
  }
  failures++;
  console.log(`FAIL ${what}: no error`);
}

// ---- createX fills defaults; the result encodes canonically.
const match = features.createMatch({
  id: 1,
  title: "Final",
  sport: features.Sport.iceHockey,
  startsAt: DateTime.parse("2025-03-01T15:00:00.123456789-05:30"),
  location: null,
  nick: null,
});
same(match.status, "scheduled", "default enum");
same(match.kickoff.toString(), "2025-03-01T15:00:00.5Z", "default datetime canonical");
same(match.ref, "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "default uuid lowercase");
same(Object.getPrototypeOf(match.tags), null, "default map has no prototype");
same(
  features.stringifyMatch(match),
  '{"id":1,"title":"Final","sport":"ice-hockey","starts_at":"2025-03-01T15:00:00.123456789-05:30",' +
    '"location":null,"invited":[],"status":"scheduled","ratio":0.5,"on_tv":false,"day":"2025-03-01",' +
    '"kickoff":"2025-03-01T15:00:00.5Z","ref":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","fee":"12.50",' +
    '"extra":null,"tags":{},"nick":null}',
  "stringify of a created value",
);

// ---- Absent optional keys stay absent after decoding (no key holding undefined).
const decoded = features.parseMatch(features.stringifyMatch(match));
same(Object.keys(decoded).includes("durationMinutes"), false, "absent optional has no key");
same(features.stringifyMatch(decoded), features.stringifyMatch(match), "round trip");

// ---- Three states.
const withNote = features.parseMatch(features.stringifyMatch({ ...match, note: null }));
same(withNote.note, null, "null note kept");
same(features.stringifyMatch({ ...match, note: undefined }).includes("note"), false, "undefined note omitted");

// ---- Encode errors, with paths.
throws(() => features.stringifyMatch({ ...match, ratio: NaN }), "encode", "/ratio", "NaN");
throws(() => features.stringifyMatch({ ...match, id: 2 ** 53 }), "encode", "/id", "unsafe int64");
throws(() => features.stringifyMatch({ ...match, durationMinutes: 1.5 }), "encode", "/duration_minutes", "fraction int32");
throws(() => features.stringifyMatch({ ...match, fee: "1e3" }), "encode", "/fee", "bad decimal");
throws(() => features.stringifyMatch({ ...match, extra: { a: [1, Infinity] } }), "encode", "/extra/a/1", "Infinity in json");
throws(() => features.stringifyMatch({ ...match, matrix: [[1], [2, 2 ** 31]] }), "encode", "/matrix/1/1", "int32 range in a list");

// ---- Validation: every violation with its path.
const invalid = features.validateMatch({
  ...match,
  id: 0,
  title: "",
  durationMinutes: 301,
  tags: { a: ["ok", null, "Bad"], b: [], c: [], d: [] },
  invited: [5, 0],
});
same(
  invalid.map((v) => v.path),
  ["/id", "/title", "/duration_minutes", "/invited/1", "/tags/a/2", "/tags"],
  "violation paths",
);
same(features.validateMatch(match).length, 0, "valid match");

// ---- JSON.parse input works too, within what doubles hold.
const fromJsonParse = features.decodeMatch(JSON.parse(features.stringifyMatch(match)) as unknown);
same(features.stringifyMatch(fromJsonParse), features.stringifyMatch(match), "decode from JSON.parse");
throws(() => features.decodeId(JSON.parse("9007199254740993") as unknown), "range", "", "unsafe from JSON.parse");
throws(() => shared.decodePlayerId(1.5), "range", "", "fraction from a number");
throws(() => features.decodeTitle("\ud800"), "format", "", "lone surrogate in a JS string");

// ---- Exact numbers with parseJson.
same(features.parseId("1e2"), 100, "1e2 is an integer");
same(features.parseId("100e-2"), 1, "100e-2 is an integer");
throws(() => features.parseId("9007199254740992"), "range", "", "2^53 rejected");
throws(() => features.parseId("12345678901234567890.0"), "range", "", "huge rejected");
same(features.parseId("-9007199254740991"), -9007199254740991, "-(2^53-1) accepted");
const big = parseJson('{"n":123456789012345678901234567890,"f":0.1,"z":-0,"e":1E+2}');
same(stringify(big), '{"n":123456789012345678901234567890,"f":0.1,"z":0,"e":100}', "json numbers");
const kept = (big as { readonly [key: string]: JsonValue })["n"];
same(kept instanceof JsonNumber && kept.text, "123456789012345678901234567890", "JsonNumber keeps text");
throws(() => parseJson('{"a":1,}'), "syntax", "", "trailing comma");
try {
  parseJson('{"a": "é",\n  "b": tru}');
} catch (e) {
  if (e instanceof PayloadError) same([e.offset, e.line, e.column], [19, 2, 8], "syntax position (UTF-8 bytes from 0)");
}
throws(() => parseJson("[".repeat(513) + "]".repeat(513)), "depth", "", "depth 513");
same(stringify(parseJson("[".repeat(512) + "]".repeat(512))).length, 1024, "depth 512");

// ---- Open unions and open enums from TypeScript.
const block = features.parseBlock('{"@type":"video","src":"a.mp4","n":1.0}');
if (block["@type"] === UNKNOWN) {
  same(block.tag, "video", "unknown tag");
  same(features.stringifyBlock(block), '{"@type":"video","src":"a.mp4","n":1}', "unknown kept");
} else {
  failures++;
  console.log("FAIL open union: not unknown");
}
const text = features.parseBlock('{"body":"hi","@type":"text"}');
same(text["@type"] === "text" ? text.body : "", "hi", "known variant narrowed");
const status: features.Status = features.parseStatus('"abandoned"');
same(status, "abandoned", "open enum keeps unknown");
throws(() => features.parseSport('"ice_hockey"'), "enum", "", "schema name is not a wire name");

// ---- DateTime.
const dt = DateTime.parse("0099-12-31T23:59:60.5-00:00");
same([dt.toString(), dt.offsetMinutes], ["0099-12-31T23:59:60.5Z", 0], "leap second, -00:00");
same(dt.toDate().toISOString(), "0100-01-01T00:00:00.500Z", "leap second to Date, year < 100");
same(DateTime.fromDate(new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 7)), 90).toString(), "2024-02-29T13:30:00.007+01:30", "fromDate");
throws(() => DateTime.parse("2024-02-30T00:00:00Z"), "format", "", "not a day");
throws(() => DateTime.of({ year: 2024, month: 1, day: 1, hour: 24, minute: 0, second: 0 }), "format", "", "hour 24");
same(dt.equals(DateTime.parse("0099-12-31t23:59:60.500z")), true, "equals");

// ---- Bytes.
const logo = features.parseMatch(
  features.stringifyMatch({ ...match, logo: new Uint8Array([0, 1, 2, 253, 254, 255]) }),
).logo;
same(logo ? Array.from(logo) : [], [0, 1, 2, 253, 254, 255], "bytes round trip");

if (failures) {
  console.log(`${failures} failed`);
  throw new Error("runtime test failed");
}
console.log("runtime test: ok");
