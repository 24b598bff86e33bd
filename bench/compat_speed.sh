#!/usr/bin/env bash
# How long does `payloadc compat` take on the 2,000-struct benchmark model, next to checking the
# two versions it compares? Generates the model (gen_schema.py --scale 1), derives a release
# with the changes a release makes (fields added, made optional or removed, types widened,
# members added, a route added and one removed), then times with hyperfine:
#
#   check OLD          payloadc check old/*.payload
#   check NEW          payloadc check new/*.payload
#   compat dir         payloadc compat new/*.payload --against old
#   compat git         payloadc compat schemas/*.payload --against git:HEAD~1   (in a repository)
#
# and prints a markdown table with compat / (check OLD + check NEW). With --instructions it also
# counts instructions with valgrind (callgrind, one count per thread): a measure that a busy
# machine does not disturb. Not a test: it exits 0 whatever the numbers are (2 on bad usage or
# a failed step). See bench/README.md.
#
#   bench/compat_speed.sh [--runs N] [--payloadc PATH] [--instructions]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs=20
instructions=0
payloadc="${PAYLOADC:-$root/build/compiler/payloadc}"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --payloadc) payloadc="$2"; shift 2 ;;
    --instructions) instructions=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compat_speed: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$payloadc" in /*) ;; *) payloadc="$PWD/$payloadc" ;; esac
[ -x "$payloadc" ] || { echo "compat_speed: no payloadc at $payloadc (build it, or --payloadc)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "compat_speed: hyperfine is required" >&2; exit 2; }

out="$root/bench/out/compat"
rm -rf "$out"
mkdir -p "$out"
echo "generating the scale-1 model..." >&2
python3 "$here/gen_schema.py" --scale 1 --out "$out/model" >/dev/null
cp -r "$out/model/payload" "$out/old"
cp -r "$out/model/payload" "$out/new"

# A release's worth of changes, deterministic: every 10th struct of each domain file gains an
# optional field, every 50th loses its last field, every 40th has an int32 field widened to
# int64, every 20th enum gains a member; one route is added and one removed.
python3 - "$out/new" <<'PYTHON'
import pathlib, re, sys
folder = pathlib.Path(sys.argv[1])
for path in sorted(folder.glob("*.payload")):
    if path.name == "common.payload":
        continue
    text = path.read_text()
    count = {"struct": 0, "enum": 0}
    def struct(match):
        count["struct"] += 1
        n, body = count["struct"], match.group(2)
        if n % 10 == 0:
            body += "  /// Added in 2.0.\n  release_note?: string;\n"
        if n % 50 == 0:
            fields = [m for m in re.finditer(r"(?m)^  [a-z_]+\??: [^;]+;\n", body)]
            if len(fields) > 2:
                last = fields[-1]
                body = body[:last.start()] + body[last.end():]
        if n % 40 == 0:
            body = re.sub(r": int32;", ": int64;", body, count=1)
        return match.group(1) + body + "}"
    text = re.sub(r"(?ms)^(struct \w+ \{\n)(.*?)^\}", struct, text)
    def enum(match):
        count["enum"] += 1
        body = match.group(2)
        if count["enum"] % 20 == 0:
            body += "  added_in_two;\n"
        return match.group(1) + body + "}"
    text = re.sub(r"(?ms)^((?:open )?enum \w+ \{\n)(.*?)^\}", enum, text)
    path.write_text(text)
orders = folder / "orders.payload"
text = orders.read_text()
service = re.search(r"(?ms)^service (\w+) \{\n(.*?)^\}", text)
routes = re.findall(r"(?ms)^  (?:///[^\n]*\n  )*\w+ (?:GET|POST|PUT|PATCH|DELETE) .*?;\n", service.group(2))
body = service.group(2).replace(routes[-1], "", 1)
body += '  /// Added in 2.0.\n  ping_v2 GET "/v2/ping" () -> string;\n'
text = text[:service.start(2)] + body + text[service.end(2):]
orders.write_text(text)
PYTHON

cd "$out"
files() { (cd "$1" && ls *.payload | sed "s|^|$1/|" | tr '\n' ' '); }
old_files="$(files old)"
new_files="$(files new)"
"$payloadc" check $old_files >/dev/null
"$payloadc" check $new_files >/dev/null
set +e
"$payloadc" compat $new_files --against old >"$out/findings.txt" 2>&1
status=$?
set -e
[ "$status" -le 1 ] || { cat "$out/findings.txt" >&2; exit 2; }
summary="$(tail -1 "$out/findings.txt")"

# The same comparison with a git baseline: a repository whose HEAD~1 is the old version.
mkdir -p repo/schemas
cp old/*.payload repo/schemas/
(cd repo && git init -q . && git add -A &&
  git -c user.name=bench -c user.email=bench@example.com commit -q -m old &&
  cp ../new/*.payload schemas/ && git add -A &&
  git -c user.name=bench -c user.email=bench@example.com commit -q -m new)
repo_files="$(cd repo && files schemas)"

echo "timing ($runs runs each)..." >&2
hyperfine -N --warmup 2 --runs "$runs" -i --export-json "$out/results.json" \
  -n "check OLD" "$payloadc check $old_files" \
  -n "check NEW" "$payloadc check $new_files" \
  -n "compat dir" "$payloadc compat $new_files --against old" \
  -n "compat git" "bash -c 'cd repo && exec $payloadc compat $repo_files --against git:HEAD~1'" \
  >/dev/null

python3 - "$out/results.json" "$summary" <<'PYTHON'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
def ms(value):
    return f"{value * 1000:.1f}"
print("| command | mean ms | min ms | user+sys ms |")
print("| --- | ---: | ---: | ---: |")
for name in ("check OLD", "check NEW", "compat dir", "compat git"):
    r = results[name]
    print(f"| {name} | {ms(r['mean'])} | {ms(r['min'])} | {ms(r['user'] + r['system'])} |")
checks = results["check OLD"]["mean"] + results["check NEW"]["mean"]
checks_min = results["check OLD"]["min"] + results["check NEW"]["min"]
cpu = sum(results[n]["user"] + results[n]["system"] for n in ("check OLD", "check NEW"))
for name in ("compat dir", "compat git"):
    r = results[name]
    print(f"\n{name} / (check OLD + check NEW): mean {r['mean'] / checks:.2f}, "
          f"min {r['min'] / checks_min:.2f}, cpu {(r['user'] + r['system']) / cpu:.2f} "
          "(target: mean <= 1.00)")
print(f"\nfindings: {sys.argv[2]}")
PYTHON

if [ "$instructions" = 1 ]; then
  command -v valgrind >/dev/null || { echo "compat_speed: --instructions needs valgrind" >&2; exit 2; }
  echo "counting instructions..." >&2
  count() { # name, command...: one callgrind count per thread
    local name="$1"
    shift
    rm -f "$out"/callgrind.*
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$out/callgrind.%p" \
      "$@" >/dev/null 2>&1 || true
    local counts
    counts="$(for f in "$out"/callgrind.*-*; do
      callgrind_annotate "$f" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
    done)"
    echo "$name $(echo $counts)"
  }
  {
    count "check_OLD" "$payloadc" check $old_files
    count "check_NEW" "$payloadc" check $new_files
    count "compat_dir" "$payloadc" compat $new_files --against old
  } >"$out/instructions.txt"
  python3 - "$out/instructions.txt" <<'PYTHON'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, *counts = line.split()
    rows[name] = [int(c) for c in counts]
print("\n| command | instructions, all threads | longest thread |")
print("| --- | ---: | ---: |")
for name, counts in rows.items():
    print(f"| {name.replace('_', ' ')} | {sum(counts) / 1e6:.1f} M | {max(counts) / 1e6:.1f} M |")
checks = sum(rows["check_OLD"]) + sum(rows["check_NEW"])
compat = rows["compat_dir"]
print(f"\ncompat dir / (check OLD + check NEW): all threads {sum(compat) / checks:.2f}, "
      f"longest thread {max(compat) / checks:.2f}")
PYTHON
fi
