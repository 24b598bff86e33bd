// The generated client against the stub server (server.mjs): path templating and encoding,
// query strings, bodies, response decoding, declared and undeclared errors, validation before
// sending, headers, and an injected fetch. Compiled with the generated code under the strict
// flags; uses only what ES2020 declares (the server passes what Node provides).
import { DateTime, HttpError, PayloadError, shop } from "./gen/index.js";
import type { Fetch, FetchResponse } from "./gen/runtime.js";

export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: { readonly [name: string]: string | undefined };
  readonly body: string;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error("check failed: " + what);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}

async function rejects(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

export async function run(baseUrl: string, requests: Recorded[]): Promise<void> {
  const client = new shop.ShopClient({ baseUrl, headers: { authorization: "Bearer t" } });
  const last = (): Recorded => {
    const request = requests[requests.length - 1];
    if (request === undefined) throw new Error("no request recorded");
    return request;
  };

  // A 200 response, decoded: defaults filled, the datetime kept with its offset.
  const ball = await client.getItem({ id: 1 }, { headers: { "x-trace": "1" } });
  same([ball.id, ball.name, ball.price, ball.tags], [1, "Ball", "9.90", []], "getItem");
  same(ball.addedAt.toString(), "2025-03-01T10:00:00+01:00", "datetime kept");
  same(ball.addedAt.offsetMinutes, 60, "offset");
  same([last().method, last().url], ["GET", "/items/1"], "getItem request");
  same(last().headers["accept"], "application/json", "accept header");
  same(last().headers["authorization"], "Bearer t", "client header");
  same(last().headers["x-trace"], "1", "call header");
  same(last().headers["content-type"], undefined, "no content-type without a body");

  // A declared error: thrown as the error struct's class, body decoded.
  const missing = await rejects(client.getItem({ id: 2 }));
  check(missing instanceof shop.NotFoundError, "404 is NotFoundError");
  if (missing instanceof shop.NotFoundError) {
    same([missing.status, missing.body.message], [404, "no item 2"], "NotFoundError");
  }

  // An undeclared status: HttpError with the raw body.
  const broken = await rejects(client.getItem({ id: 3 }));
  check(broken instanceof HttpError, "500 is HttpError");
  if (broken instanceof HttpError) same([broken.status, broken.body], [500, "oops"], "HttpError");

  // A response that does not decode: PayloadError with the path.
  const bad = await rejects(client.getItem({ id: 4 }));
  check(bad instanceof PayloadError, "bad body is PayloadError");
  if (bad instanceof PayloadError) same([bad.kind, bad.path], ["type", "/id"], "bad body");

  // A declared status whose body does not decode: HttpError.
  const odd = await rejects(client.getItem({ id: 5 }));
  check(odd instanceof HttpError, "undecodable error body is HttpError");

  // Validation before sending: nothing reaches the server.
  const count = requests.length;
  const invalid = await rejects(client.getItem({ id: 0 }));
  check(invalid instanceof PayloadError, "id 0 is rejected");
  if (invalid instanceof PayloadError)
    same([invalid.kind, invalid.path], ["constraint", "/id"], "id 0 violation");
  same(requests.length, count, "nothing sent");

  // Path segments percent-encoded, query keys repeated for lists, scalars as JSON text.
  const page = await client.search({
    shop: "a b/c?d&é",
    tag: ["x", "y z", "&="],
    sort: shop.Sort.topRated,
    limit: 5,
    after: DateTime.parse("2025-03-01T10:00:00.500+00:00"),
    cheap: true,
  });
  same(page.items.map((i) => i.name), ["Ball", "Net"], "page items");
  same(page.next, "c2", "page next");
  same(
    last().url,
    "/shops/a%20b%2Fc%3Fd%26%C3%A9/items?tag=x&tag=y%20z&tag=%26%3D&sort=top-rated&limit=5" +
      "&after=2025-03-01T10%3A00%3A00.5Z&cheap=true",
    "search url",
  );
  await client.search({ shop: "a.b" });
  same(last().url, "/shops/a.b/items", "absent query parameters are left out");
  for (const shopName of ["", ".", ".."]) {
    const dots = await rejects(client.search({ shop: shopName }));
    if (dots instanceof PayloadError) same([dots.kind, dots.path], ["encode", "/shop"], "dot segment");
    else throw new Error(`path segment ${JSON.stringify(shopName)} sent`);
  }
  const tooMany = await rejects(client.search({ shop: "s", limit: 60 }));
  if (tooMany instanceof PayloadError) same(tooMany.path, "/limit", "limit violation");
  else throw new Error("limit 60 accepted");

  // Bodies: canonical JSON, defaults written, content-type set.
  const created = await client.createItem({ body: shop.createNewItem({ name: "Ball", price: "9.90" }) });
  same(created.id, 42, "created");
  same(last().body, '{"name":"Ball","price":"9.90","tags":[]}', "request body");
  same(last().headers["content-type"], "application/json", "content-type");
  const conflict = await rejects(client.createItem({ body: shop.createNewItem({ name: "dup", price: "1" }) }));
  check(conflict instanceof shop.ConflictError, "409 is ConflictError");
  if (conflict instanceof shop.ConflictError) same(conflict.body.existing, 7, "conflict body");
  const badInput = await rejects(client.createItem({ body: shop.createNewItem({ name: "bad", price: "1" }) }));
  check(badInput instanceof shop.BadInputError, "400 is BadInputError");
  const empty = await rejects(client.createItem({ body: shop.createNewItem({ name: "", price: "1" }) }));
  if (empty instanceof PayloadError) same(empty.path, "/body/name", "body violation path");
  else throw new Error("empty name accepted");
  const nan = await rejects(client.createItem({ body: shop.createNewItem({ name: "x", price: "1.5e3" }) }));
  if (nan instanceof PayloadError) same([nan.kind, nan.path], ["encode", "/body/price"], "bad decimal");
  else throw new Error("bad decimal accepted");

  // 204 routes resolve to undefined; their declared errors are thrown.
  same(await client.deleteItem({ id: 1 }), undefined, "delete");
  same(last().method, "DELETE", "delete method");
  check((await rejects(client.deleteItem({ id: 2 }))) instanceof shop.NotFoundError, "delete 404");

  // An optional nullable body: absent, null and a value.
  await client.setNote({ id: 1 });
  same([last().method, last().body], ["PUT", ""], "absent body");
  await client.setNote({ id: 1, body: null });
  same(last().body, "null", "null body");
  await client.setNote({ id: 1, body: 'say "hi"' });
  same(last().body, '"say \\"hi\\""', "string body");

  // Formats in paths: a date as is, a datetime canonical and encoded.
  await client.byDay({ day: "2025-03-01", when: DateTime.parse("2025-03-01T10:00:00.50+01:00") });
  same(last().url, "/days/2025-03-01/2025-03-01T10%3A00%3A00.5%2B01%3A00", "format path");

  // An injected fetch: no network at all.
  const calls: { url: string; method: string; headers: { [name: string]: string }; body?: string }[] = [];
  const fake: Fetch = async (url, init): Promise<FetchResponse> => {
    calls.push({ url, method: init.method, headers: init.headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    return { status: 200, text: async () => '{"items":[]}' };
  };
  const offline = new shop.ShopClient({ baseUrl: "https://api.example.com/v1/", fetch: fake });
  const none = await offline.search({ shop: "main", tag: [] });
  same(none.items, [], "injected fetch response");
  same(calls.map((c) => [c.url, c.method]), [["https://api.example.com/v1/shops/main/items", "GET"]], "injected fetch call");

  // With validation off, the server gets to say no.
  const lax = new shop.ShopClient({ baseUrl, validate: false });
  const sent = requests.length;
  await rejects(lax.getItem({ id: 0 }));
  same(requests.length, sent + 1, "validate: false sends");
}
