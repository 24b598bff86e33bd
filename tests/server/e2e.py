#!/usr/bin/env python3
"""Starts the example server (examples/server/) on a free loopback port with an in-memory
database, drives it with curl and http.client (large bodies, concurrent clients, bad input) and
stops it with SIGTERM while a client connection is still open."""
import argparse
import base64
import http.client
import json
import os
import sqlite3
import tempfile
import threading
import re
import signal
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--server", required=True)
parser.add_argument("--curl", default="curl")
parser.add_argument("--payloadc", required=True)
parser.add_argument("schemas", nargs="+")
args = parser.parse_args()

# Every route of the schemas, from `payloadc check --dump json`: each must answer a success at
# least once below, and none may answer 501.
dump = json.loads(subprocess.run([args.payloadc, "check", "--dump", "json", *args.schemas],
                                 capture_output=True, check=True, text=True).stdout)
routes = [(d["name"].rsplit(".", 1)[-1] + "." + r["name"], r["method"], r["path"].split("/")[1:],
           r["throws"])
          for d in dump["declarations"] if d["kind"] == "service" for r in d["routes"]]
seen = {}  # route name -> set of statuses


def route_of(method, path):
    """The route a request goes to, like the dispatcher: the best shape (literal segments win
    over parameters, left to right), then the method's route of that shape; or None."""
    segments = path.split("?")[0].split("/")[1:]
    best = None
    for name, m, shape, _ in routes:
        if len(shape) == len(segments) and all(
                s.startswith("{") or s == g for s, g in zip(shape, segments)):
            key = [not s.startswith("{") for s in shape]
            if best is None or key > best:
                best = key
    for name, m, shape, _ in routes:
        if m == method and len(shape) == len(segments) and all(
                s.startswith("{") or s == g for s, g in zip(shape, segments)) and \
                [not s.startswith("{") for s in shape] == best:
            return name
    return None


def record(method, path, status):
    name = route_of(method, path)
    if name:
        seen.setdefault(name, set()).add(status)

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
        record(method, path, status)
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
    check("405", s == 405 and h.get("allow") == "POST, OPTIONS")
    s, _, b = curl("GET", "/players/x")
    check("bad id", s == 400 and json.loads(b)["path"] == "/id")
    s, _, _ = curl("GET", "/nowhere")
    check("404", s == 404)
    s, _, b = curl("GET", "/teams/1/players")
    check("players of a team that does not exist", s == 404 and json.loads(b)["resource"] == "team")
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
            record(method, path, r.status)
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
    check("405 POST /players/{id}",
          s == 405 and h.get("allow") == "GET, HEAD, PUT, PATCH, DELETE, OPTIONS")
    s, h, _ = request("DELETE", "/players")
    check("405 DELETE /players", s == 405 and h.get("allow") == "GET, HEAD, POST, OPTIONS")
    s, h, _ = request("PUT", "/events/1/answers")  # another service of the same server
    check("405 in the Invitations service", s == 405 and h.get("allow") == "GET, HEAD, OPTIONS")

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

    # Every route of schemas/, with its declared errors where the example can produce them
    # (SQLite behind each; see examples/server/README.md for the rules).
    def ok_json(name, s, b, want=200):
        check(f"{name}: {s} {b[:200]}", s == want)
        try:
            return json.loads(b) if b else None
        except ValueError:
            check(f"{name}: JSON", False)
            return None

    def error(name, s, b, status, **fields):
        p = problem(b)
        check(f"{name}: {s} {b[:200]}", s == status and all(p.get(k) == v for k, v in fields.items()))

    def violation(name, s, b, path):
        p = problem(b)
        check(f"{name}: {s} {b[:200]}", s == 422 and p.get("violations", [{}])[0].get("path") == path)

    # Clubs, staff (fixtures: club 1, staff 1 <- 2 <- 4 and 1 <- 3) and sports.
    club = ok_json("get_club", *request("GET", "/clubs/1")[::2])
    check("club fixture", club and club["name"] == "FC Example")
    error("get_club 404", *request("GET", "/clubs/9")[::2], 404, resource="club")
    staff = ok_json("list_staff", *request("GET", "/clubs/1/staff")[::2])
    check("staff by id", [m["id"] for m in staff or []] == [1, 2, 3, 4])
    staff = ok_json("list_staff filtered", *request("GET", "/clubs/1/staff?bookable_only=true")[::2])
    check("bookable staff", [m["id"] for m in staff or []] == [3])
    staff = ok_json("list_staff roles", *request(
        "GET", "/clubs/1/staff?roles=head_coach&roles=s%26c-coach")[::2])
    check("staff roles", [m["id"] for m in staff or []] == [2])
    error("list_staff 404", *request("GET", "/clubs/9/staff")[::2], 404)
    m = ok_json("get_staff", *request("GET", "/staff/3")[::2])
    check("get_staff body", m and m["role"] == "physio" and m["hourly_rate"]["amount"] == "45.00")
    error("get_staff 404", *request("GET", "/staff/99")[::2], 404, resource="staff member")
    tree = ok_json("get_staff_hierarchy", *request("GET", "/clubs/1/staff-hierarchy")[::2])

    def ids(node):
        return [node["staff"]["id"], [ids(r) for r in node["reports"]]]
    check("hierarchy", tree and ids(tree) == [1, [[2, [[4, []]]], [3, []]]])
    error("get_staff_hierarchy 404", *request("GET", "/clubs/9/staff-hierarchy")[::2], 404)
    sports = ok_json("list_sports", *request("GET", "/sports?locale=fr")[::2])
    check("sports in French", sports and len(sports) == 7 and sports[0]["names"] == {"fr": "Football"}
          and sports[6]["sport"] == "ice-hockey")
    sports = ok_json("list_sports default", *request("GET", "/sports")[::2])
    check("sports in English", sports and sports[2]["names"] == {"en": "Volleyball"})
    rules = ok_json("get_sport_rules", *request("GET", "/sports/football/rules")[::2])
    check("football rules", rules and rules["type"] == "football" and rules["half_minutes"] == 45)
    rules = ok_json("get_sport_rules youth", *request("GET", "/sports/football/rules?level=youth")[::2])
    check("youth rules", rules and rules["half_minutes"] == 30 and rules["players_on_field"] == 8)
    error("get_sport_rules 404", *request("GET", "/sports/judo/rules?level=olympic")[::2], 404,
          resource="rules", id="olympic")
    s, _, _ = request("GET", "/sports/chess/rules")
    check("sport constraint", s == 400)
    s, h, b = request("GET", "/health")
    check("ping", s == 204 and b == "")

    # Teams and rosters.
    u13 = '{"club_id":1,"name":"U13 A","code":"U13A","sport":"football","season":"2026","age_group":"U13"}'
    team = ok_json("create_team", *request("POST", "/teams", u13)[::2])
    check("team", team and team["id"] == 1 and team["player_count"] == 0 and team["rules"] is None)
    team = ok_json("create_team 2", *request("POST", "/teams", u13.replace("U13A", "U13B")
                                              .replace('"football"', '"volleyball"'))[::2])
    check("team 2", team and team["id"] == 2)
    error("create_team 409", *request("POST", "/teams", u13)[::2], 409, reason="duplicate",
          existing_id=1)
    violation("create_team 422", *request("POST", "/teams", u13.replace('"club_id":1', '"club_id":5'))[::2],
              "/body/club_id")
    teams = ok_json("list_teams", *request("GET", "/clubs/1/teams?sport=volleyball")[::2])
    check("teams by sport", [t["id"] for t in teams or []] == [2])
    error("list_teams 404", *request("GET", "/clubs/2/teams")[::2], 404)
    team = ok_json("update_team", *request("PATCH", "/teams/2", '{"archived":true,"age_group":null}')[::2])
    check("team patched", team and team["archived"] is True and team["age_group"] is None)
    teams = ok_json("list_teams archived", *request("GET", "/clubs/1/teams")[::2])
    check("archived hidden", [t["id"] for t in teams or []] == [1])
    teams = ok_json("list_teams all", *request("GET", "/clubs/1/teams?include_archived=true")[::2])
    check("archived shown", [t["id"] for t in teams or []] == [1, 2])
    error("update_team 409", *request("PATCH", "/teams/2", '{"code":"U13A"}')[::2], 409,
          reason="duplicate")
    error("update_team 404", *request("PATCH", "/teams/9", '{"archived":true}')[::2], 404)
    entry = ok_json("put_roster_entry", *request("PUT", "/teams/1/players/3", '{"shirt_number":10,"captain":true}')[::2])
    check("roster entry", entry and entry["captain"] is True and entry["team_id"] == 1 and
          re.match(r"\d{4}-\d\d-\d\d$", entry["joined_on"]))
    entry = ok_json("put_roster_entry 2", *request("PUT", "/teams/1/players/4", '{"joined_on":"2025-08-01"}')[::2])
    check("roster joined_on", entry and entry["joined_on"] == "2025-08-01")
    error("put_roster_entry 409", *request("PUT", "/teams/1/players/5", '{"shirt_number":10}')[::2],
          409, reason="duplicate", existing_id=3)
    error("put_roster_entry 404", *request("PUT", "/teams/1/players/99", "{}")[::2], 404,
          resource="player")
    team = ok_json("get_team", *request("GET", "/teams/1")[::2])
    check("player_count", team and team["player_count"] == 2)
    error("get_team 404", *request("GET", "/teams/9")[::2], 404)
    p = ok_json("roster in team_ids", *request("GET", "/players/3")[::2])
    check("team_ids follow the roster", p and p["team_ids"] == [1])
    s, _, _ = request("DELETE", "/teams/1/players/4")
    check("remove_roster_entry", s == 204)
    error("remove_roster_entry 404", *request("DELETE", "/teams/1/players/4")[::2], 404,
          resource="roster entry")
    rules = ok_json("set_team_rules", *request("PUT", "/teams/1/rules", '{"type":"football","half_minutes":35}')[::2])
    check("team rules", rules and rules["half_minutes"] == 35 and rules["halves"] == 2)
    violation("set_team_rules 422", *request("PUT", "/teams/1/rules", '{"type":"judo"}')[::2], "/body/type")
    error("set_team_rules 404", *request("PUT", "/teams/9/rules", '{"type":"judo"}')[::2], 404)
    team = ok_json("rules stored", *request("GET", "/teams/1")[::2])
    check("rules stored", team and team["rules"]["half_minutes"] == 35)
    s, _, _ = request("DELETE", "/teams/1/rules")
    check("reset_team_rules", s == 204)
    team = ok_json("rules reset", *request("GET", "/teams/1")[::2])
    check("rules reset", team and team["rules"] is None)
    error("reset_team_rules 404", *request("DELETE", "/teams/9/rules")[::2], 404)

    # Players beyond create/get/batch/delete.
    page = ok_json("list_players", *request("GET", "/teams/1/players?limit=1")[::2])
    check("players page", page and [p["id"] for p in page["items"]] == [3] and
          page["page"]["next_cursor"] is None and page["page"]["total"] == 1)
    request("PUT", "/teams/1/players/5", "{}")
    request("PUT", "/teams/1/players/6", "{}")
    page = ok_json("list_players desc", *request("GET", "/teams/1/players?order=desc&limit=2")[::2])
    check("players desc", page and [p["id"] for p in page["items"]] == [6, 5] and
          page["page"]["next_cursor"] == "5")
    page = ok_json("list_players next", *request("GET", "/teams/1/players?order=desc&limit=2&cursor=5")[::2])
    check("players next page", page and [p["id"] for p in page["items"]] == [3] and
          page["page"]["next_cursor"] is None)
    error("list_players bad cursor", *request("GET", "/teams/1/players?cursor=x")[::2], 404,
          resource="page")
    s, _, b = request("GET", "/players?ids=6&ids=99&ids=3")
    check("get_players_by_ids", s == 200 and [p["id"] for p in json.loads(b)] == [6, 3])
    s, _, b = request("GET", "/players")
    check("get_players_by_ids needs ids", s == 400 and problem(b).get("path") == "/ids")
    p = ok_json("update_player", *request("PATCH", "/players/5", '{"first_name":"Zoe","email":"zoe@example.org","medical_clearance_until":"2027-01-31","shirt":7}')[::2])
    check("patched", p and p["first_name"] == "Zoe" and p["email"] == "zoe@example.org" and
          p["medical_clearance_until"] == "2027-01-31" and p["shirt"] == 7 and p["last_name"] == "Lee")
    p = ok_json("update_player clear", *request("PATCH", "/players/5", '{"email":null,"medical_clearance_until":null}')[::2])
    check("cleared", p and "email" not in p and p["medical_clearance_until"] is None)
    error("update_player 409", *request("PATCH", "/players/6", '{"shirt":10}')[::2], 409,
          reason="duplicate", existing_id=3)
    error("update_player 404", *request("PATCH", "/players/99", "{}")[::2], 404)
    newp = ('{"club_id":1,"first_name":"Eve","last_name":"Moss","birth_date":"2009-01-02",'
            '"licence":"fff:42","team_ids":[1]}')
    p = ok_json("replace_player", *request("PUT", "/players/4", newp)[::2])
    check("replaced", p and p["id"] == 4 and p["first_name"] == "Eve" and p["team_ids"] == [1])
    error("create_player 409", *request("POST", "/players", newp)[::2], 409, reason="duplicate",
          existing_id=4)
    violation("create_player 422", *request("POST", "/players", newp.replace('"team_ids":[1]', '"team_ids":[1,9]')
                                              .replace("fff:42", "fff:43"))[::2], "/body/team_ids/1")
    violation("replace_player 422", *request("PUT", "/players/3", newp)[::2], "/body/licence")
    error("replace_player 404", *request("PUT", "/players/99", newp)[::2], 404)
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()
    s, _, b = request("PUT", "/players/3/photo", json.dumps({"format": "png", "data": png}))
    check("upload_player_photo", s == 204 and b == "")
    p = ok_json("photo url", *request("GET", "/players/3")[::2])
    check("photo_url", p and p["photo_url"] == "/players/3/photo")
    violation("upload_player_photo 422", *request("PUT", "/players/3/photo", json.dumps(
        {"format": "jpeg", "data": png}))[::2], "/body/data")
    big = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 300000).decode()
    error("upload_player_photo 413", *request("PUT", "/players/3/photo", json.dumps(
        {"format": "png", "data": big}))[::2], 413, max_bytes=262144)
    error("upload_player_photo 404", *request("PUT", "/players/99/photo", json.dumps(
        {"format": "png", "data": png}))[::2], 404)

    # Events.
    training = ('{"kind":"training","team_id":1,"title":"Tuesday training",'
                '"starts_at":"2030-12-03T18:00:00+01:00","ends_at":"2030-12-03T19:30:00+01:00",'
                '"location":null,"slots":[{"starts_at":"2030-12-03T19:30:00+01:00",'
                '"ends_at":"2030-12-03T20:00:00+01:00","capacity":1,"booked":5}]}')
    match_ = ('{"kind":"match","team_id":1,"title":"U13 vs Lyon","sport":"football",'
              '"opponent":"FC Lyon","starts_at":"2030-11-30T15:00:00Z","location":null,'
              '"result":null}')
    appointment = ('{"kind":"staff-appointment","title":"Physio","staff_id":3,"purpose":"physio",'
                   '"starts_at":"2030-12-02T09:00:00Z","location":null,"slots":['
                   '{"starts_at":"2030-12-02T09:00:00Z","ends_at":"2030-12-02T09:30:00Z","capacity":2},'
                   '{"starts_at":"2030-12-02T09:30:00Z","ends_at":"2030-12-02T10:00:00Z"}]}')
    e = ok_json("create_event", *request("POST", "/events", training)[::2])
    check("event 1", e and e["id"] == 1 and e["intensity"] == 5 and e["slots"][0]["id"] == 1 and
          e["slots"][0]["booked"] == 0)
    e = ok_json("create_event match", *request("POST", "/events", match_)[::2])
    check("event 2", e and e["id"] == 2 and e["kind"] == "match")
    e = ok_json("create_event appointment", *request("POST", "/events", appointment)[::2])
    check("event 3", e and e["id"] == 3 and [x["id"] for x in e["slots"]] == [2, 3])
    violation("create_event 422 team", *request("POST", "/events", match_.replace('"team_id":1', '"team_id":9'))[::2],
              "/body/team_id")
    violation("create_event 422 ends", *request("POST", "/events", training.replace("19:30:00+01:00\",\"location", "17:00:00+01:00\",\"location"))[::2],
              "/body/ends_at")
    violation("create_event 422 slot", *request("POST", "/events", appointment.replace("10:00:00Z", "09:00:00Z"))[::2],
              "/body/slots/1/ends_at")
    s, _, b = request("POST", "/events", training.replace('"training"', '"party"', 1))
    check("event kind", s == 400 and problem(b).get("path", "").startswith("/body"))
    e = ok_json("get_event", *request("GET", "/events/1")[::2])
    check("get_event body", e and e["title"] == "Tuesday training")
    error("get_event 404", *request("GET", "/events/99")[::2], 404, resource="event")
    page = ok_json("list_team_events", *request("GET", "/teams/1/events?limit=1")[::2])
    check("events by start", page and [x["id"] for x in page["items"]] == [2] and
          page["page"]["next_cursor"] == "1")
    page = ok_json("list_team_events next", *request("GET", "/teams/1/events?limit=1&cursor=1")[::2])
    check("next page", page and [x["id"] for x in page["items"]] == [1] and
          page["page"]["next_cursor"] is None)
    page = ok_json("kinds filter", *request("GET", "/teams/1/events?kinds=training")[::2])
    check("kinds filter", page and [x["id"] for x in page["items"]] == [1])
    page = ok_json("from filter", *request("GET", "/teams/1/events?from=2030-12-01T00:00:00Z")[::2])
    check("from filter", page and [x["id"] for x in page["items"]] == [1])
    page = ok_json("statuses filter", *request("GET", "/teams/1/events?statuses=done")[::2])
    check("statuses filter", page and page["items"] == [])
    error("list_team_events 404", *request("GET", "/teams/8/events")[::2], 404, resource="team")
    s, _, b = request("GET", "/teams/1/events?cursor=x")
    check("list_team_events 400 (BadRequest)", s == 400 and "request_id" in problem(b))
    s, _, b = request("GET", "/teams/1/events?limit=500")
    check("limit constraint", s == 400 and problem(b).get("path") == "/limit")
    cal = ok_json("club_calendar", *request("GET", "/clubs/1/calendar?first_day=2030-12-01&last_day=2030-12-02")[::2])
    check("calendar days", [x["id"] for x in cal or []] == [3])
    cal = ok_json("club_calendar all", *request("GET", "/clubs/1/calendar?first_day=2030-11-01&last_day=2030-12-31&time_zone=UTC")[::2])
    check("calendar order", [x["id"] for x in cal or []] == [2, 3, 1])
    cal = ok_json("club_calendar sports", *request("GET", "/clubs/1/calendar?first_day=2030-11-01&last_day=2030-12-31&sports=football")[::2])
    check("calendar sports", [x["id"] for x in cal or []] == [2, 1])
    cal = ok_json("club_calendar staff", *request("GET", "/clubs/1/calendar?first_day=2030-11-01&last_day=2030-12-31&staff_id=3")[::2])
    check("calendar staff", [x["id"] for x in cal or []] == [3])
    error("club_calendar 404", *request("GET", "/clubs/9/calendar?first_day=2030-11-01&last_day=2030-12-31")[::2], 404)
    s, _, b = request("GET", "/clubs/1/calendar?first_day=2030-12-31&last_day=2030-11-01")
    check("club_calendar 400 (BadRequest)", s == 400 and "request_id" in problem(b))
    s, _, b = request("GET", "/clubs/1/calendar?first_day=2030-12-31")
    check("club_calendar missing day", s == 400 and problem(b).get("path") == "/last_day")
    e = ok_json("update_event", *request("PATCH", "/events/1", '{"title":"Wednesday training","ends_at":null,"fee":null,"duration_minutes":90}')[::2])
    check("event patched", e and e["title"] == "Wednesday training" and e["ends_at"] is None and
          "fee" not in e and "duration_minutes" not in e)
    e = ok_json("update_event match", *request("PATCH", "/events/2", '{"duration_minutes":70,"starts_at":"2030-11-30T16:00:00Z"}')[::2])
    check("match patched", e and e["duration_minutes"] == 70 and e["starts_at"] == "2030-11-30T16:00:00Z")
    violation("update_event 422", *request("PATCH", "/events/1", '{"ends_at":"2020-01-01T00:00:00Z"}')[::2],
              "/body/ends_at")
    e = ok_json("update_event rolled back", *request("GET", "/events/1")[::2])
    check("422 leaves the event", e and e["ends_at"] is None)
    error("update_event 404", *request("PATCH", "/events/99", "{}")[::2], 404)
    slots = ok_json("list_slots", *request("GET", "/events/3/slots")[::2])
    check("slots", [x["id"] for x in slots or []] == [2, 3])
    error("list_slots 404", *request("GET", "/events/99/slots")[::2], 404)
    key = "123e4567-e89b-42d3-a456-4266141740%02d"
    book = lambda who, k, extra="": ('{"person":' + who + ',"idempotency_key":"' + key % k + '"' + extra + "}")
    p3, p5, p6 = ('{"type":"player","player_id":%d}' % i for i in (3, 5, 6))
    bk = ok_json("book_slot", *request("POST", "/events/3/slots/3/bookings", book(p3, 1))[::2])
    check("booking", bk and bk["id"] == 1 and bk["status"] == "confirmed" and "waitlist_position" not in bk)
    again = ok_json("book_slot idempotent", *request("POST", "/events/3/slots/3/bookings", book(p3, 1))[::2])
    check("same key, same booking", again == bk)
    error("book_slot 409 already booked", *request("POST", "/events/3/slots/3/bookings", book(p3, 2))[::2],
          409, reason="already_booked", existing_id=1)
    error("book_slot 409 full", *request("POST", "/events/3/slots/3/bookings", book(p5, 3))[::2],
          409, reason="slot_full")
    bk = ok_json("book_slot waitlist", *request("POST", "/events/3/slots/3/bookings", book(p5, 4, ',"waitlist_if_full":true'))[::2])
    check("waitlisted", bk and bk["id"] == 2 and bk["status"] == "waitlisted" and bk["waitlist_position"] == 1)
    bk = ok_json("book_slot waitlist 2", *request("POST", "/events/3/slots/3/bookings", book(p6, 5, ',"waitlist_if_full":true'))[::2])
    check("waitlisted 2", bk and bk["waitlist_position"] == 2)
    error("book_slot 404 slot", *request("POST", "/events/3/slots/1/bookings", book(p3, 6))[::2], 404,
          resource="slot")
    error("book_slot 404 event", *request("POST", "/events/99/slots/1/bookings", book(p3, 6))[::2], 404,
          resource="event")
    violation("book_slot 422", *request("POST", "/events/3/slots/2/bookings", book('{"type":"player","player_id":99}', 7))[::2],
              "/body/person/player_id")
    slots = ok_json("available_only", *request("GET", "/events/3/slots?available_only=true")[::2])
    check("full slot hidden", [x["id"] for x in slots or []] == [2])
    s, _, _ = request("DELETE", "/bookings/1")
    check("cancel_booking", s == 204)
    error("cancel_booking 410", *request("DELETE", "/bookings/1")[::2], 410)
    error("cancel_booking 404", *request("DELETE", "/bookings/99")[::2], 404, resource="booking")
    again = ok_json("booking promoted", *request("POST", "/events/3/slots/3/bookings", book(p5, 4))[::2])
    check("first of the waiting list promoted", again and again["status"] == "confirmed")
    again = ok_json("waitlist moved up", *request("POST", "/events/3/slots/3/bookings", book(p6, 5))[::2])
    check("next moved up", again and again["waitlist_position"] == 1)
    slots = ok_json("booked count", *request("GET", "/events/3/slots")[::2])
    check("booked count", slots and slots[1]["booked"] == 1)
    result = '{"ours":3,"theirs":1,"periods":[{"number":1,"ours":1,"theirs":1},{"number":2,"ours":2,"theirs":0}],"recorded_at":"2030-11-30T17:00:00Z"}'
    r = ok_json("record_result", *request("PUT", "/events/2/result", result)[::2])
    check("result", r and r["ours"] == 3 and r["extended"] is False)
    e = ok_json("match done", *request("GET", "/events/2")[::2])
    check("match done", e and e["status"] == "done" and e["result"]["theirs"] == 1)
    error("record_result 409", *request("PUT", "/events/1/result", result)[::2], 409, reason="not_a_match")
    violation("record_result 422", *request("PUT", "/events/2/result", result.replace('"number":2', '"number":3'))[::2],
              "/body/periods/1/number")
    error("record_result 404", *request("PUT", "/events/99/result", result)[::2], 404)
    error("update_event 409", *request("PATCH", "/events/2", '{"title":"Replay"}')[::2], 409, reason="closed")

    # Invitations.
    invitees = ('{"invitees":[{"type":"player","player_id":3},{"type":"staff","staff_id":2},'
                '{"type":"player","player_id":3},{"type":"player","player_id":5}],"allow_maybe":false}')
    res = ok_json("invite", *request("POST", "/events/1/invitations", invitees)[::2])
    check("invite", res and [i["id"] for i in res["created"]] == [1, 2, 3] and
          res["already_invited"] == [{"type": "player", "player_id": 3}] and
          all(i["status"] == "pending" and i["answer"] is None for i in res["created"]))
    tokens = [i["token"] for i in res["created"]] if res else ["", "", ""]
    res = ok_json("invite again", *request("POST", "/events/1/invitations", '{"invitees":[{"type":"staff","staff_id":2}]}')[::2])
    check("invite again", res and res["created"] == [])
    error("invite 404", *request("POST", "/events/99/invitations", '{"invitees":[{"type":"staff","staff_id":2}]}')[::2],
          404, resource="event")
    violation("invite 422", *request("POST", "/events/1/invitations", '{"invitees":[{"type":"staff","staff_id":2},{"type":"staff","staff_id":77}]}')[::2],
              "/body/invitees/1/staff_id")
    s, _, b = request("POST", "/events/1/invitations", '{"invitees":[]}')
    check("invite constraint", s == 400 and problem(b).get("path") == "/body/invitees")
    inv = ok_json("answer_invitation", *request("PUT", "/invitations/2/answer", '{"answer":"decline","decline_reason":"injury"}')[::2])
    check("answered", inv and inv["status"] == "answered" and inv["answered_at"] is not None)
    violation("answer_invitation 422 maybe", *request("PUT", "/invitations/1/answer", '{"answer":"maybe"}')[::2], "/body/answer")
    violation("answer_invitation 422 reason", *request("PUT", "/invitations/1/answer", '{"answer":"accept","decline_reason":"family"}')[::2],
              "/body/decline_reason")
    error("answer_invitation 404", *request("PUT", "/invitations/99/answer", '{"answer":"accept"}')[::2], 404,
          resource="invitation")
    inv = ok_json("answer_by_token", *request("POST", "/invitations/answer?token=" + tokens[2], '{"answer":"accept","comment":"on my way"}')[::2])
    check("answered by token", inv and inv["id"] == 3 and inv["answer"] == "accept" and
          inv["answer_comment"] == "on my way")
    error("answer_by_token 401", *request("POST", "/invitations/answer?token=123e4567-e89b-42d3-a456-426614174000", '{"answer":"accept"}')[::2], 401)
    s, _, b = request("POST", "/invitations/answer?token=nope", '{"answer":"accept"}')
    check("token format", s == 400 and problem(b).get("path") == "/token")
    lst = ok_json("list_event_invitations", *request("GET", "/events/1/invitations")[::2])
    check("list invitations", [i["id"] for i in lst or []] == [1, 2, 3])
    lst = ok_json("unanswered only", *request("GET", "/events/1/invitations?unanswered_only=true")[::2])
    check("unanswered only", [i["id"] for i in lst or []] == [1])
    lst = ok_json("answers filter", *request("GET", "/events/1/invitations?answers=decline&answers=maybe")[::2])
    check("answers filter", [i["id"] for i in lst or []] == [2])
    s, _, b = request("GET", "/events/1/invitations?answers=perhaps")
    check("answers constraint", s == 400 and problem(b).get("path") == "/answers/0")
    error("list_event_invitations 404", *request("GET", "/events/99/invitations")[::2], 404)
    summary = ok_json("get_answer_summary", *request("GET", "/events/1/answers")[::2])
    check("summary", summary == {"invited": 3, "counts": {"accept": 1, "decline": 1}, "unanswered": 1})
    error("get_answer_summary 404", *request("GET", "/events/99/answers")[::2], 404)
    lst = ok_json("list_player_invitations", *request("GET", "/players/3/invitations")[::2])
    check("player's pending invitations", [i["id"] for i in lst or []] == [1])
    lst = ok_json("list_player_invitations answered", *request("GET", "/players/5/invitations?status=answered&since=2020-01-01")[::2])
    check("player's answered invitations", [i["id"] for i in lst or []] == [3])
    error("list_player_invitations 404", *request("GET", "/players/99/invitations")[::2], 404)
    c = ok_json("post_comment", *request("POST", "/invitations/1/comments", '{"body":"Can I come 15 minutes late?"}')[::2])
    check("comment", c and c["id"] == 1 and c["author"] == {"type": "player", "player_id": 3} and c["replies"] == [])
    c = ok_json("post_comment reply", *request("POST", "/invitations/1/comments", '{"body":"Sure","reply_to":1}')[::2])
    c = ok_json("post_comment reply 2", *request("POST", "/invitations/1/comments", '{"body":"Thanks","reply_to":2}')[::2])
    violation("post_comment 422", *request("POST", "/invitations/2/comments", '{"body":"x","reply_to":1}')[::2], "/body/reply_to")
    error("post_comment 404", *request("POST", "/invitations/99/comments", '{"body":"x"}')[::2], 404)
    s, _, b = request("POST", "/invitations/1/comments", '{"body":""}')
    check("comment constraint", s == 400 and problem(b).get("path") == "/body/body")
    thread = ok_json("list_comments", *request("GET", "/invitations/1/comments")[::2])

    def tree_of(cs):
        return [[x["id"], tree_of(x["replies"])] for x in cs]
    check("thread", thread is not None and tree_of(thread) == [[1, [[2, [[3, []]]]]]])
    error("list_comments 404", *request("GET", "/invitations/99/comments")[::2], 404)
    s, _, _ = request("DELETE", "/invitations/1/comments/2")
    check("delete_comment", s == 204)
    thread = ok_json("replies move up", *request("GET", "/invitations/1/comments")[::2])
    check("replies move up", thread is not None and tree_of(thread) == [[1, [[3, []]]]])
    error("delete_comment 404", *request("DELETE", "/invitations/1/comments/2")[::2], 404, resource="comment")
    s, _, _ = request("DELETE", "/invitations/1")
    check("revoke_invitation", s == 204)
    error("answer after revoke: 410", *request("PUT", "/invitations/1/answer", '{"answer":"accept"}')[::2], 410)
    error("revoke_invitation 404", *request("DELETE", "/invitations/99")[::2], 404)

    # Deleting: players with open invitations or bookings, events.
    error("delete_player 409", *request("DELETE", "/players/6")[::2], 409, reason="still_referenced")
    s, _, _ = request("DELETE", "/players/6?force=true")
    check("delete_player force", s == 204)
    error("delete_player 404", *request("DELETE", "/players/6")[::2], 404)
    past = match_.replace("2030-11-30", "2020-11-30")
    e = ok_json("create past event", *request("POST", "/events", past)[::2])
    error("cancel_event 410", *request("DELETE", "/events/%d" % (e["id"] if e else 0))[::2], 410)
    s, _, _ = request("DELETE", "/events/1?notify=false")
    check("cancel_event", s == 204)
    error("cancel_event 404", *request("DELETE", "/events/1")[::2], 404)
    inv = ok_json("invitations revoked with the event", *request("GET", "/players/3/invitations?status=revoked")[::2])
    check("revoked with the event", [i["id"] for i in inv or []] == [1])

    # HEAD and OPTIONS (every service, through the same dispatcher).
    s, h, b = request("HEAD", "/players/3")
    s2, h2, b2 = request("GET", "/players/3")
    check("HEAD: the GET's status and headers, no body",
          s == s2 == 200 and b == "" and h.get("content-length") == str(len(b2.encode())) and
          h.get("content-type") == "application/json")
    s, h, b = request("HEAD", "/players/99")
    check("HEAD 404", s == 404 and b == "" and int(h.get("content-length", "0")) > 0)
    s, h, b = request("HEAD", "/players/batch")
    check("HEAD without GET: 405", s == 405 and h.get("allow") == "POST, OPTIONS" and b == "")
    s, h, b = request("HEAD", "/sports")
    check("HEAD /sports", s == 200 and b == "" and int(h.get("content-length", "0")) > 100)
    s, h, b = request("OPTIONS", "/players/3")
    check("OPTIONS", s == 204 and h.get("allow") == "GET, HEAD, PUT, PATCH, DELETE, OPTIONS" and b == "")
    s, h, _ = request("OPTIONS", "/events/3/slots/2/bookings")
    check("OPTIONS Events", s == 204 and h.get("allow") == "POST, OPTIONS")
    s, h, _ = request("OPTIONS", "/invitations/1/comments")
    check("OPTIONS Invitations", s == 204 and h.get("allow") == "GET, HEAD, POST, OPTIONS")
    s, h, _ = request("OPTIONS", "/health")
    check("OPTIONS Health", s == 204 and h.get("allow") == "GET, HEAD, OPTIONS")
    s, h, _ = request("OPTIONS", "/nowhere")
    check("OPTIONS 404", s == 404 and "allow" not in h)
    out = subprocess.run([args.curl, "-s", "-I", base + "/teams/1"], capture_output=True,
                         timeout=20).stdout.decode()
    check("curl -I", out.startswith("HTTP/1.1 200") and "content-length:" in out.lower())

    # An idle kept-alive connection must not keep the server from stopping.
    idle = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    s, _, _ = request("GET", "/players/3", conn=idle)
    check("idle connection", s == 200)
    # Every route answered a success at least once, and none answered 501.
    for name, method, shape, throws in routes:
        statuses = seen.get(name, set())
        check(f"route {name} ({method} /{'/'.join(shape)}) answered a success: {sorted(statuses)}",
              any(200 <= x < 300 for x in statuses))
    check("no 501: " + str([n for n, st in seen.items() if 501 in st]),
          not any(501 in st for st in seen.values()))
    print(f"{len(routes)} routes driven; statuses: " +
          ", ".join(f"{n} {sorted(st)}" for n, st in sorted(seen.items())))
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
# A request that meets an SQL error is a 500, even where the handler reads the failed query as
# "no such row": the teams table disappears under a server on a database file.
with tempfile.TemporaryDirectory() as tmp:
    db_path = os.path.join(tmp, "club.db")
    broken = subprocess.Popen([args.server, "--port", "0", "--db", db_path],
                              stdout=subprocess.PIPE, text=True)
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)", broken.stdout.readline())
        checks += 1
        if not match:
            failures += 1
            print("FAIL: the --db FILE server did not start", file=sys.stderr)
        else:
            bport = int(match.group(1))
            def status_of(path):
                conn = http.client.HTTPConnection("127.0.0.1", bport, timeout=20)
                try:
                    conn.request("GET", path)
                    r = conn.getresponse()
                    r.read()
                    return r.status
                finally:
                    conn.close()
            before = status_of("/teams/5")
            with sqlite3.connect(db_path) as db:
                db.execute("DROP TABLE teams")
            after = status_of("/teams/5")
            still = status_of("/staff/1")
            checks += 1
            if (before, after, still) != (404, 500, 200):
                failures += 1
                print(f"FAIL: SQL error: /teams/5 {before} then {after}, /staff/1 {still}; "
                      "want 404, 500, 200", file=sys.stderr)
    finally:
        broken.send_signal(signal.SIGTERM)
        try:
            broken.wait(timeout=10)
        except subprocess.TimeoutExpired:
            broken.kill()

print(f"{checks} checks, {failures} failures")
sys.exit(1 if failures else 0)
