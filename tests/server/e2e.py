#!/usr/bin/env python3
"""Starts the example server (examples/server/) on a free loopback port with an in-memory
database, drives it with curl and stops it with SIGTERM."""
import argparse
import json
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
print(f"{checks} checks, {failures} failures")
sys.exit(1 if failures else 0)
