#!/usr/bin/env python3
"""Starts the example server (examples/server/) on a free loopback port with an in-memory
database, drives it with curl and http.client (large bodies, concurrent clients, bad input) and
stops it with SIGTERM while a client connection is still open."""
import argparse
import http.client
import json
import threading
import re
import signal
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--server", required=True)
parser.add_argument("--curl", default="curl")
args = parser.parse_args()

server = subprocess.Popen([args.server, "--port", "0", "--db", ":memory:"],
                          stdout=subprocess.PIPE, text=True)
failures = 0
checks = 0
try:
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not match:
        sys.exit(f"the server did not start: {line!r}")
    base = f"http://127.0.0.1:{match.group(1)}"

    def curl(method, path, body=None):
        cmd = [args.curl, "-s", "-i", "-X", method, base + path]
        if body is not None:
            cmd += ["-H", "Content-Type: application/json", "--data-binary", body]
        out = subprocess.run(cmd, capture_output=True, timeout=20).stdout.decode()
        head, _, payload = out.partition("\r\n\r\n")
        status = int(head.split()[1])
        headers = {k.strip().lower(): v.strip()
                   for k, _, v in (h.partition(":") for h in head.split("\r\n")[1:])}
        return status, headers, payload

    def check(name, cond):
        global failures, checks
        checks += 1
        if not cond:
            failures += 1
            print(f"FAIL: {name}", file=sys.stderr)

    ann = '{"club_id":1,"first_name":"Ann","last_name":"Lee","birth_date":"2010-03-04"}'
    bob = ('{"club_id":1,"first_name":"Bob","last_name":"Ray","birth_date":"2011-03-04",'
           '"status":"inactive"}')
    s, h, b = curl("POST", "/players", ann)
    check("create", s == 200 and json.loads(b)["id"] == 1)
    check("content type", h.get("content-type") == "application/json")
    s, _, b = curl("POST", "/players", bob)
    check("create 2", s == 200 and json.loads(b)["id"] == 2)
    s, _, b = curl("GET", "/players/1")
    check("get", s == 200 and json.loads(b)["first_name"] == "Ann")
    s, _, b = curl("POST", "/players/batch", '{"ids":[2,9,1]}')
    check("batch", s == 200 and [p["id"] for p in json.loads(b)] == [1])
    s, _, b = curl("POST", "/players/batch", '{"ids":[2,9,1],"include_inactive":true}')
    check("batch in order", s == 200 and [p["id"] for p in json.loads(b)] == [2, 1])
    s, _, b = curl("POST", "/players/batch", '{"ids":[]}')
    check("batch constraint", s == 400 and json.loads(b)["path"] == "/body/ids")
    s, _, b = curl("POST", "/players", '{"club_id":1,')
    check("bad json", s == 400 and json.loads(b)["path"] == "/body")
    s, h, _ = curl("PUT", "/players/batch")
    check("405", s == 405 and h.get("allow") == "POST")
    s, _, b = curl("GET", "/players/x")
    check("bad id", s == 400 and json.loads(b)["path"] == "/id")
    s, _, _ = curl("GET", "/nowhere")
    check("404", s == 404)
    s, _, _ = curl("GET", "/teams/1/players")
    check("501 without a handler", s == 501)
    s, _, _ = curl("DELETE", "/players/1")
    check("delete", s == 204)
    s, _, b = curl("GET", "/players/1")
    check("deleted", s == 404 and json.loads(b)["resource"] == "player")

    port = int(match.group(1))

    def request(method, path, body=None, conn=None):
        """One request with http.client (on conn, kept open, or on a new connection)."""
        own = conn is None
        if own:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
        finally:
            if own:
                conn.close()

    def problem(b):
        try:
            return json.loads(b)
        except ValueError:
            return {}

    # Players 2 (inactive) and 3..7 (active).
    for i in range(5):
        s, _, b = curl("POST", "/players", ann)
        check(f"create {i + 3}", s == 200 and json.loads(b)["id"] == i + 3)

    # Large bodies. The server accepts bodies up to 2 MiB (MAX_BODY in examples/server/main.c)
    # and answers 413 beyond, without dispatching: a 1 MB body is answered like a small one.
    mb = 1024 * 1024
    head = '{"include_inactive":true,"ids":[7,2,99,3]'
    big = head + " " * (mb - len(head) - 1) + "}"
    s, _, b = request("POST", "/players/batch", big)
    check("1 MB batch (whitespace)", len(big) == mb and s == 200 and
          [p["id"] for p in json.loads(b)] == [7, 2, 3])
    ids = ",".join(str(3 + i % 5) for i in range(500))
    padded = '{"ids":[' + ids + "]"
    padded += " " * (mb - len(padded) - 1) + "}"
    s, _, b = request("POST", "/players/batch", padded)
    check("1 MB batch of 500 ids", s == 200 and len(json.loads(b)) == 500)
    many = "[" + ",".join(["1"] * (mb // 2 - 1)) + "]"
    s, _, b = request("POST", "/players/batch", '{"ids":' + many + "}")
    check("1 MB batch over @max_items", s == 400 and problem(b).get("path") == "/body/ids")
    s, _, b = request("POST", "/players", '{"club_id":1,"first_name":"' + "A" * mb +
                      '","last_name":"Lee","birth_date":"2010-03-04"}')
    check("1 MB name over @max_length", s == 400 and problem(b).get("path") == "/body/first_name")
    s, _, b = request("POST", "/players/batch", '{"ids":[1]' + " " * (3 * mb) + "}")
    check("3 MB body: 413", s == 413 and problem(b).get("status") == 413)
    s, _, b = request("GET", "/players/3")
    check("answers after a 413", s == 200 and json.loads(b)["id"] == 3)

    # Bad JSON.
    for body in ['{"ids":[1,]}', "", "null", "[1]", '{"ids":[1]} x', '{"ids":[1]', "\xff"]:
        s, _, b = request("POST", "/players/batch", body)
        check(f"bad json {body!r}", s == 400 and problem(b).get("path", "").startswith("/body"))
    # Invalid constraints (body, path and query parameters).
    for path, body, where in [
            ("/players/batch", '{"ids":' + json.dumps(list(range(1, 502))) + "}", "/body/ids"),
            ("/players/batch", '{"ids":["1"]}', "/body/ids/0"),
            ("/players", ann.replace('"Ann"', '""'), "/body/first_name"),
            ("/players", ann.replace('"Ann"', '"4nn"'), "/body/first_name"),
            ("/players", ann.replace("2010-03-04", "2010-13-40"), "/body/birth_date"),
            ("/players", ann[:-1] + ',"status":"gone"}', "/body/status"),
            ("/players", '{"club_id":1}', "/body/first_name")]:
        s, _, b = request("POST", path, body)
        check(f"constraint {where} {body[:40]!r}", s == 400 and problem(b).get("path") == where)
    s, _, b = request("DELETE", "/players/3?force=maybe")
    check("query constraint", s == 400 and problem(b).get("path") == "/force")
    s, _, b = request("DELETE", "/players/3?force=1&force=0")
    check("query scalar twice", s == 400 and problem(b).get("path") == "/force")
    s, _, b = request("GET", "/players/99999999999999999999")
    check("id out of range", s == 400 and problem(b).get("path") == "/id")
    # Unknown routes and wrong methods.
    for path in ["/", "/players/1/x", "/playerz", "/players/batch/1", "/eventz/1"]:
        s, _, _ = request("GET", path)
        check(f"404 {path}", s == 404)
    s, h, _ = request("POST", "/players/3")
    check("405 POST /players/{id}", s == 405 and "GET" in h.get("allow", "") and
          "DELETE" in h.get("allow", ""))
    s, h, _ = request("DELETE", "/players")
    check("405 DELETE /players", s == 405 and "POST" in h.get("allow", ""))
    s, _, _ = request("PATCH", "/players/3", '{"first_name":"Zoe"}')
    check("501 PATCH", s == 501)

    # Concurrent clients: 8 threads x 50 requests, each thread on one kept-alive connection
    # (even threads) or one connection per request (odd threads).
    errors = []
    def client(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20) if n % 2 == 0 else None
        try:
            for i in range(50):
                k = (n + i) % 4
                if k == 0:
                    s, _, b = request("GET", f"/players/{3 + i % 5}", conn=conn)
                    ok = s == 200 and json.loads(b)["id"] == 3 + i % 5
                elif k == 1:
                    s, _, b = request("POST", "/players/batch", '{"ids":[6,4,2]}', conn=conn)
                    ok = s == 200 and [p["id"] for p in json.loads(b)] == [6, 4]
                elif k == 2:
                    s, _, b = request("POST", "/players/batch", '{"ids":[]}', conn=conn)
                    ok = s == 400 and problem(b).get("path") == "/body/ids"
                else:
                    s, _, _ = request("GET", "/nowhere", conn=conn)
                    ok = s == 404
                if not ok:
                    errors.append(f"client {n} request {i}: {s}")
        except Exception as e:  # noqa: BLE001 - any failure is a test failure
            errors.append(f"client {n}: {e!r}")
        finally:
            if conn:
                conn.close()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    check("concurrent clients: " + "; ".join(errors[:3]),
          not errors and not any(t.is_alive() for t in threads))
    s, _, b = request("GET", "/players/7")
    check("answers after the concurrent clients", s == 200 and json.loads(b)["id"] == 7)

    # Events and Invitations (SQLite too; routes without a handler answer 501).
    training = ('{"kind":"training","team_id":7,"title":"Tuesday training",'
                '"starts_at":"2026-12-01T18:00:00+01:00","ends_at":null,"location":null}')
    match_ = ('{"kind":"match","team_id":7,"title":"U13 vs Lyon","sport":"football",'
              '"opponent":"FC Lyon","starts_at":"2026-11-30T15:00:00Z","location":null,'
              '"result":null}')
    s, _, b = request("POST", "/events", training)
    check("create event", s == 200 and json.loads(b)["id"] == 1 and
          json.loads(b)["intensity"] == 5)
    s, _, b = request("POST", "/events", match_)
    check("create event 2", s == 200 and json.loads(b)["id"] == 2 and json.loads(b)["kind"] == "match")
    s, _, b = request("GET", "/events/1")
    check("get event", s == 200 and json.loads(b)["title"] == "Tuesday training")
    s, _, b = request("GET", "/events/9")
    check("event 404", s == 404 and problem(b).get("resource") == "event")
    s, _, b = request("POST", "/events", training.replace('"training"', '"party"', 1))
    check("event kind", s == 400 and problem(b).get("path", "").startswith("/body"))
    s, _, b = request("GET", "/teams/7/events?limit=1")
    page = json.loads(b) if s == 200 else {}
    check("list events by start", s == 200 and [e["id"] for e in page["items"]] == [2] and
          page["page"]["next_cursor"] is not None)
    if page:
        s, _, b = request("GET", "/teams/7/events?limit=1&cursor=" + page["page"]["next_cursor"])
        check("next page", s == 200 and [e["id"] for e in json.loads(b)["items"]] == [1] and
              json.loads(b)["page"]["next_cursor"] is None)
    s, _, b = request("GET", "/teams/7/events?kinds=training")
    check("kinds filter", s == 200 and [e["id"] for e in json.loads(b)["items"]] == [1])
    s, _, b = request("GET", "/teams/7/events?from=2026-12-01T00:00:00Z")
    check("from filter", s == 200 and [e["id"] for e in json.loads(b)["items"]] == [1])
    s, _, b = request("GET", "/teams/8/events")
    check("other team", s == 200 and json.loads(b)["items"] == [])
    s, _, b = request("GET", "/teams/7/events?cursor=x")
    check("bad cursor", s == 400 and "request_id" in problem(b))
    s, _, b = request("GET", "/teams/7/events?limit=500")
    check("limit constraint", s == 400 and problem(b).get("path") == "/limit")
    s, _, _ = request("DELETE", "/events/1")
    check("501 cancel_event", s == 501)
    s, h, _ = request("POST", "/events/1")
    check("405 /events/{id}", s == 405 and "GET" in h.get("allow", ""))
    invitees = ('{"invitees":[{"type":"player","player_id":3},{"type":"staff","staff_id":2},'
                '{"type":"player","player_id":3}]}')
    s, _, b = request("POST", "/events/1/invitations", invitees)
    res = json.loads(b) if s == 200 else {}
    check("invite", s == 200 and [i["id"] for i in res["created"]] == [1, 2] and
          res["already_invited"] == [{"type": "player", "player_id": 3}] and
          all(i["status"] == "pending" and i["answer"] is None for i in res["created"]))
    s, _, b = request("POST", "/events/1/invitations", '{"invitees":[{"type":"staff","staff_id":2}]}')
    check("invite again", s == 200 and json.loads(b)["created"] == [])
    s, _, b = request("POST", "/events/9/invitations", '{"invitees":[{"type":"staff","staff_id":2}]}')
    check("invite 404", s == 404 and problem(b).get("resource") == "event")
    s, _, b = request("POST", "/events/1/invitations", '{"invitees":[]}')
    check("invite constraint", s == 400 and problem(b).get("path") == "/body/invitees")
    s, _, b = request("PUT", "/invitations/2/answer", '{"answer":"decline","decline_reason":"injured"}')
    check("answer", s == 200 and json.loads(b)["status"] == "answered" and
          json.loads(b)["answered_at"] is not None)
    s, _, b = request("PUT", "/invitations/9/answer", '{"answer":"accept"}')
    check("answer 404", s == 404 and problem(b).get("resource") == "invitation")
    s, _, b = request("GET", "/events/1/invitations")
    check("list invitations", s == 200 and [i["id"] for i in json.loads(b)] == [1, 2])
    s, _, b = request("GET", "/events/1/invitations?unanswered_only=true")
    check("unanswered only", s == 200 and [i["id"] for i in json.loads(b)] == [1])
    s, _, b = request("GET", "/events/1/invitations?answers=decline&answers=maybe")
    check("answers filter", s == 200 and [i["id"] for i in json.loads(b)] == [2])
    s, _, b = request("GET", "/events/1/invitations?answers=perhaps")
    check("answers constraint", s == 400 and problem(b).get("path") == "/answers/0")
    s, _, _ = request("GET", "/events/1/answers")
    check("501 get_answer_summary", s == 501)

    # An idle kept-alive connection must not keep the server from stopping.
    idle = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    s, _, _ = request("GET", "/players/3", conn=idle)
    check("idle connection", s == 200)
finally:
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        code = -1
checks += 1
if code != 0:
    failures += 1
    print(f"FAIL: the server exited with {code}", file=sys.stderr)

# --seed N and --floor (bench/server/load.sh): a seeded server whose later answers for a method
# and path are the recorded first one.
floor = subprocess.Popen([args.server, "--port", "0", "--seed", "5", "--floor"],
                         stdout=subprocess.PIPE, text=True)
try:
    match = re.search(r"http://127\.0\.0\.1:(\d+)", floor.stdout.readline())
    checks += 1
    if not match:
        failures += 1
        print("FAIL: the --floor server did not start", file=sys.stderr)
    else:
        fport = int(match.group(1))
        def fetch(method, path, body=None):
            conn = http.client.HTTPConnection("127.0.0.1", fport, timeout=20)
            try:
                conn.request(method, path, body=body)
                r = conn.getresponse()
                return r.status, r.read()
            finally:
                conn.close()
        first = fetch("POST", "/players/batch", '{"ids":[5,1]}')
        again = fetch("POST", "/players/batch", '{"ids":[2]}')
        checks += 2
        if not (first[0] == 200 and [p["id"] for p in json.loads(first[1])] == [5, 1]):
            failures += 1
            print(f"FAIL: --seed: {first}", file=sys.stderr)
        if again != first:
            failures += 1
            print("FAIL: --floor: not the recorded answer", file=sys.stderr)
finally:
    floor.send_signal(signal.SIGTERM)
    try:
        code = floor.wait(timeout=10)
    except subprocess.TimeoutExpired:
        floor.kill()
        code = -1
checks += 1
if code != 0:
    failures += 1
    print(f"FAIL: the --floor server exited with {code}", file=sys.stderr)
print(f"{checks} checks, {failures} failures")
sys.exit(1 if failures else 0)
