// A stub HTTP server for the client test: answers the routes of shop.payload with scripted
// responses, records every request, and runs client_test.js against itself.
//
//   node server.mjs            (from the folder holding the compiled client_test.js)
import { createServer } from "node:http";

const requests = [];

const item = (id, name) =>
  JSON.stringify({ id, name, price: "9.90", added_at: "2025-03-01T10:00:00+01:00", extra: 1 });

function respond(request, body) {
  const url = new URL(request.url, "http://stub");
  const path = url.pathname;
  const method = request.method;
  if (method === "GET" && path === "/items/1") return [200, item(1, "Ball")];
  if (method === "GET" && path === "/items/2") return [404, '{"message":"no item 2"}'];
  if (method === "GET" && path === "/items/3") return [500, "oops"];
  if (method === "GET" && path === "/items/4") return [200, '{"id":"x"}'];
  if (method === "GET" && path === "/items/5") return [404, '{"msg":"wrong shape"}'];
  if (method === "GET" && path.startsWith("/shops/"))
    return [200, '{"items":[' + item(1, "Ball") + "," + item(2, "Net") + '],"next":"c2"}'];
  if (method === "POST" && path === "/items") {
    const sent = JSON.parse(body);
    if (sent.name === "dup") return [409, '{"message":"exists","existing":7}'];
    if (sent.name === "bad") return [400, '{"field":"price"}'];
    return [200, item(42, sent.name)];
  }
  if (method === "DELETE" && path === "/items/1") return [204, ""];
  if (method === "DELETE" && path === "/items/2") return [404, '{"message":"gone"}'];
  if (method === "PUT" && path === "/items/1/note") return [204, ""];
  if (method === "GET" && path.startsWith("/days/")) return [200, "[]"];
  return [418, "unexpected " + method + " " + request.url];
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    requests.push({ method: request.method, url: request.url, headers: request.headers, body });
    const [status, text] = respond(request, body);
    response.writeHead(status, { "content-type": "application/json" });
    response.end(text);
  });
});

server.listen(0, "127.0.0.1", async () => {
  const { port } = server.address();
  try {
    const test = await import("./client_test.js");
    await test.run(`http://127.0.0.1:${port}/`, requests);
    console.log("client test: ok");
  } catch (error) {
    console.log("client test: FAIL");
    console.log(error && error.stack ? error.stack : String(error));
    process.exitCode = 1;
  } finally {
    server.close();
  }
});
