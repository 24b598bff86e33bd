// The Swift client test: the generated ShopClient (api.payload) against a stub transport, and
// the generated Codable conformances under Foundation's own coders. Compiled with the generated
// sources by tests/emit_swift/swift_check.py; prints FAIL lines and exits 1 on a failure.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

final class Failures: @unchecked Sendable {
    var count = 0
}

let failures = Failures()

func expect(_ condition: Bool, _ what: String, line: Int = #line) {
    if !condition {
        failures.count += 1
        print("FAIL line \(line): \(what)")
    }
}

struct Down: Error {}

actor Log {
    var requests: [PayloadHTTPRequest] = []
    func add(_ request: PayloadHTTPRequest) { requests.append(request) }
    func last() -> PayloadHTTPRequest? { requests.last }
    func count() -> Int { requests.count }
}

struct Stub: PayloadTransport {
    let log = Log()
    let reply: @Sendable (PayloadHTTPRequest) throws -> PayloadHTTPResponse

    func send(_ request: PayloadHTTPRequest) async throws -> PayloadHTTPResponse {
        await log.add(request)
        return try reply(request)
    }
}

func respond(_ status: Int, _ body: String = "") -> PayloadHTTPResponse {
    PayloadHTTPResponse(status: status, body: Data(body.utf8))
}

func text(_ data: Data?) -> String { data.map { String(decoding: $0, as: UTF8.self) } ?? "<none>" }

let uuid = UUID(uuidString: "0E8B6A37-2D2A-4E55-9A4B-6C1B1E0D1A2B")!
let since = PayloadDateTime("2025-03-01T15:00:00+00:00")!

// ---- a GET with a path parameter, decoded response, declared error ----

do {
    let stub = Stub { _ in respond(200, #"{"name":"Hat","id":7,"ignored":[1,2]}"#) }
    let client = ShopClient(transport: stub)
    let item = try await client.getItem(id: 7)
    expect(item.id == 7 && item.name == "Hat" && item.color == .red && item.tags.isEmpty, "decoded item \(item)")
    let request = await stub.log.last()
    expect(request?.method == "GET" && request?.target == "/items/7", "GET /items/7, got \(String(describing: request))")
    expect(request?.headers["Accept"] == "application/json" && request?.body == nil, "headers \(String(describing: request?.headers))")
} catch {
    expect(false, "getItem threw \(error)")
}

do {
    let client = ShopClient(transport: Stub { _ in respond(404, #"{"message":"no such item"}"#) })
    _ = try await client.getItem(id: 3)
    expect(false, "a 404 must throw")
} catch {
    // Typed throws: `error` is ShopClient.GetItemError here.
    switch error {
    case .missing(let missing): expect(missing.message == "no such item", "404 body \(missing)")
    case .failure(let failure): expect(false, "404 became \(failure)")
    }
}

do {
    let stub = Stub { _ in respond(200, "{}") }
    _ = try await ShopClient(transport: stub).getItem(id: 0)
    expect(false, "id 0 breaks @min(1)")
} catch {
    if case .failure(.invalidRequest(let violations)) = error {
        expect(violations.map(\.path) == ["/id"] && violations[0].kind == .constraint, "violations \(violations)")
    } else {
        expect(false, "id 0 gave \(error)")
    }
}

do {
    let client = ShopClient(transport: Stub { _ in respond(200, #"{"id":"seven","name":"Hat"}"#) })
    _ = try await client.getItem(id: 7)
    expect(false, "a bad body must throw")
} catch {
    if case .failure(.decoding(let status, let problem)) = error {
        expect(status == 200 && problem.path == "/id" && problem.kind == .type, "decoding \(problem)")
    } else {
        expect(false, "bad body gave \(error)")
    }
}

// ---- path templating, query strings ----

do {
    let stub = Stub { _ in respond(200, #"[{"id":1,"name":"A","color":"dark-blue"}]"#) }
    let items = try await ShopClient(transport: stub).find(
        shop: "a b/c", color: .darkBlue, tag: ["x", "y&z"], since: since, near: 1.5, code: uuid)
    expect(items.count == 1 && items[0].color == .darkBlue, "find decoded \(items)")
    let target = await stub.log.last()?.target
    expect(target == "/shops/a%20b%2Fc/items/dark-blue?tag=x&tag=y%26z&since=2025-03-01T15%3A00%3A00Z&limit=10&near=1.5&code=0e8b6a37-2d2a-4e55-9a4b-6c1b1e0d1a2b",
           "find target \(target ?? "<none>")")
} catch {
    expect(false, "find threw \(error)")
}

do {
    let stub = Stub { _ in respond(200, "[]") }
    _ = try await ShopClient(transport: stub).find(shop: "s", color: .red, limit: 0)
    expect(false, "limit 0 breaks @min(1)")
} catch {
    // find declares no errors: it throws PayloadClientError itself.
    if case .invalidRequest(let violations) = error {
        expect(violations.map(\.path) == ["/limit"], "limit violations \(violations)")
    } else {
        expect(false, "limit 0 gave \(error)")
    }
}

do {
    let stub = Stub { _ in respond(200, "[]") }
    _ = try await ShopClient(transport: stub).find(shop: "s", color: .red, near: .nan)
    expect(false, "NaN cannot be sent")
} catch {
    if case .encoding(let problem) = error {
        expect(problem.kind == .encode && problem.path == "/near", "NaN \(problem)")
    } else {
        expect(false, "NaN gave \(error)")
    }
    expect(await Stub { _ in respond(200) }.log.count() == 0, "nothing sent")
}

// ---- bodies ----

do {
    let stub = Stub { request in
        request.method == "POST" ? respond(409, #"{"message":"taken","existing":4}"#) : respond(500)
    }
    let body = Item(id: 9, name: "Scarf", tags: ["wool"], code: uuid, photo: Data([0xFF, 0x00]), at: since,
                    extra: .object([.init(key: "b", value: .number("1.0")), .init(key: "a", value: .null)]))
    _ = try await ShopClient(transport: stub).create(body: body)
    expect(false, "a 409 must throw")
} catch {
    switch error {
    case .taken(let taken): expect(taken.existing == 4, "409 body \(taken)")
    case .failure(let failure): expect(false, "409 became \(failure)")
    }
}

do {
    let stub = Stub { request in respond(200, text(request.body)) }
    let body = Item(id: 9, name: "Scarf", tags: ["wool"], code: uuid, photo: Data([0xFF, 0x00]), at: since,
                    extra: .object([.init(key: "b", value: .number("1.0")), .init(key: "a", value: .null)]))
    let echoed = try await ShopClient(transport: stub).create(body: body)
    let sent = await stub.log.last()
    expect(text(sent?.body) == #"{"id":9,"name":"Scarf","color":"red","tags":["wool"],"code":"0e8b6a37-2d2a-4e55-9a4b-6c1b1e0d1a2b","photo":"/wA=","price":"0.00","at":"2025-03-01T15:00:00Z","extra":{"b":1.0,"a":null}}"#,
           "create body \(text(sent?.body))")
    expect(sent?.headers["Content-Type"] == "application/json", "content type")
    expect(echoed == body, "echoed body decodes to the same value")
} catch {
    expect(false, "create threw \(error)")
}

do {
    let stub = Stub { _ in respond(200, #"{"id":2,"name":"B"}"#) }
    _ = try await ShopClient(transport: stub).patch(id: 2, body: ItemPatch(name: .null, stock: .value(3)))
    expect(text(await stub.log.last()?.body) == #"{"name":null,"stock":3}"#, "three states: absent is left out")
    _ = try await ShopClient(transport: stub).patch(id: 2, body: ItemPatch(stock: .value(-1)))
    expect(false, "stock -1 breaks @min(0)")
} catch {
    if case .failure(.invalidRequest(let violations)) = error {
        expect(violations.map(\.path) == ["/stock"], "patch violations \(violations)")
    } else {
        expect(false, "patch gave \(error)")
    }
}

do {
    let stub = Stub { _ in respond(204) }
    try await ShopClient(transport: stub).remove(id: 5)
    expect(await stub.log.last()?.method == "DELETE", "DELETE sent")
    try await ShopClient(transport: Stub { _ in respond(500, "oops") }).remove(id: 5)
    expect(false, "a 500 must throw")
} catch {
    if case .failure(.unexpectedStatus(let status, let body)) = error {
        expect(status == 500 && text(body) == "oops", "500 \(status)")
    } else {
        expect(false, "500 gave \(error)")
    }
}

do {
    let stub = Stub { _ in respond(200, "null") }
    let nothing = try await ShopClient(transport: stub).maybe(ratio: 0.25)
    let sent = await stub.log.last()
    expect(nothing == nil && sent?.target == "/things/0.25" && sent?.body == nil, "optional body and nullable response")
} catch {
    expect(false, "maybe threw \(error)")
}

do {
    try await ShopClient(transport: Stub { _ in throw Down() }).ping()
    expect(false, "a transport error must throw")
} catch {
    // ping throws nothing of its own: its error type is PayloadClientError itself.
    if case .transport(let underlying) = error {
        expect(underlying is Down, "transport error \(underlying)")
    } else {
        expect(false, "transport failure gave \(error)")
    }
}

// ---- over real HTTP: PayloadURLSessionTransport against swift_check.py's local server ----

if let port = ProcessInfo.processInfo.environment["PAYLOAD_TEST_PORT"] {
    let client = ShopClient(baseURL: URL(string: "http://127.0.0.1:\(port)/")!)
    do {
        let item = try await client.getItem(id: 5)
        expect(item.name == "GET /items/5" && item.tags == ["application/json", ""], "over HTTP: \(item)")
        _ = try await client.getItem(id: 6000000000)
    } catch {
        expect(false, "getItem over HTTP threw \(error)")
    }
    do {
        try await client.remove(id: 5)
        expect(false, "DELETE answers 404 here")
    } catch {
        if case .missing(let missing) = error {
            expect(missing.message == "no DELETE /items/5", "404 over HTTP \(missing)")
        } else {
            expect(false, "DELETE over HTTP gave \(error)")
        }
    }
} else {
    print("(no PAYLOAD_TEST_PORT: the URLSession part is skipped)")
}

// ---- Codable with Foundation's coders, whatever their settings ----

do {
    let json = #"{"id":3,"name":"Cap","code":"0E8B6A37-2D2A-4E55-9A4B-6C1B1E0D1A2B","photo":"/wA=","price":"1.50","at":"2025-03-01T16:00:00.25+01:00"}"#
    let decoder = JSONDecoder()
    decoder.dataDecodingStrategy = .deferredToData
    decoder.dateDecodingStrategy = .secondsSince1970
    let item = try decoder.decode(Item.self, from: Data(json.utf8))
    expect(item.code == uuid && item.photo == Data([0xFF, 0x00]) && item.price.text == "1.50", "JSONDecoder \(item)")
    expect(item.at?.date == Date(timeIntervalSince1970: 1_740_841_200.25), "datetime as Date \(String(describing: item.at?.date))")
    let encoder = JSONEncoder()
    encoder.dataEncodingStrategy = .deferredToData
    encoder.outputFormatting = .sortedKeys
    let again = text(try encoder.encode(item))
    expect(again.contains(#""code":"0e8b6a37-2d2a-4e55-9a4b-6c1b1e0d1a2b""#) && again.contains(#""photo":"\/wA=""#),
           "JSONEncoder writes the wire forms: \(again)")
    expect(try PayloadJSONDecoder().decode(Item.self, from: Data(again.utf8)) == item, "round trip through Foundation")
} catch {
    expect(false, "Foundation coders threw \(error)")
}

do {
    _ = try JSONDecoder().decode(Item.self, from: Data(#"{"id":3}"#.utf8))
    expect(false, "a missing key must throw")
} catch let error as PayloadError {
    expect(error.kind == .missing && error.path == "/name", "missing key under JSONDecoder \(error)")
} catch {
    expect(false, "missing key gave \(error)")
}

do {
    _ = try PayloadJSONDecoder().decode([Item].self, from: #"[{"id":1,"name":"a"},{"id":2,"name":"b","color":"green"}]"#)
    expect(false, "an unknown member must throw")
} catch {
    expect(error.kind == .enumMember && error.path == "/1/color", "closed enum \(error)")
}

do {
    // Unions and open enums under Foundation's coders: the tag and the variant's fields share
    // one object; unknown variants and members are kept.
    let json = #"[{"text":"hi","kind":"note","mood":"bored"},{"kind":"item","id":1,"name":"A"},{"kind":"video","url":"x"}]"#
    let entries = try JSONDecoder().decode([Entry].self, from: Data(json.utf8))
    guard case .note(let note) = entries[0], case .item(let item) = entries[1], case .unknown(let raw) = entries[2] else {
        throw PayloadError(kind: .tag, path: "", message: "wrong variants \(entries)")
    }
    expect(note.mood == .unknown("bored") && item.id == 1 && raw["url"] == .string("x"), "entries \(entries)")
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let written = text(try encoder.encode(entries))
    expect(written.contains(#""kind":"note""#) && written.contains(#""mood":"bored""#) && written.contains(#""kind":"video""#),
           "JSONEncoder union output \(written)")
    // (Foundation's decoder does not keep the order of an unknown object's keys; ours does.)
    let ours = try PayloadJSONDecoder().decode([Entry].self, from: json)
    expect(text(try PayloadJSONEncoder().encode(ours)) ==
           #"[{"kind":"note","text":"hi","mood":"bored"},{"kind":"item","id":1,"name":"A","color":"red","tags":[],"price":"0.00"},{"kind":"video","url":"x"}]"#,
           "canonical union output")
    expect(Mood.allCases == [.happy, .sad] && Mood(rawValue: "sad") == .sad, "open enum")
} catch {
    expect(false, "unions under Foundation's coders threw \(error)")
}

// ---- validate() reports every violation ----

let bad = Item(id: 0, name: "")
expect(bad.validate().map(\.path) == ["/id", "/name"], "all violations \(bad.validate())")
expect(Item(id: 1, name: "ok").validate().isEmpty, "a valid item")

// ---- the value types ----

expect(PayloadDateTime("2025-03-01T15:00:00.120+02:00")?.description == "2025-03-01T15:00:00.12+02:00", "datetime canonical")
expect(PayloadDateTime(Date(timeIntervalSince1970: 0), offsetMinutes: 90).description == "1970-01-01T01:30:00+01:30", "datetime from Date")
expect(PayloadDate("2024-02-29") != nil && PayloadDate("2023-02-29") == nil, "dates")
expect(PayloadDecimal("12.50")?.decimal == Decimal(string: "12.5"), "decimal")
expect(Color.allCases == [.red, .darkBlue], "allCases")

if failures.count > 0 {
    print("\(failures.count) failed")
    exit(1)
}
print("swift client test: all passed")
