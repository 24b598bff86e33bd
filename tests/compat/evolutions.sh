#!/usr/bin/env bash
# The sports-club schema (schemas/) evolves release by release, as a team would change it: each
# step edits the schema, commits, and runs the CI check
#
#   payloadc compat schemas/*.payload --against git:HEAD~1
#
# in a temporary repository. Safe steps stay; breaking ones are rejected (the commit is undone,
# as a failing pull request would be) and usually followed by the safe way to make the change.
#
#   tests/compat/evolutions.sh [path/to/payloadc]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
payloadc="${1:-$root/build/compiler/payloadc}"
case "$payloadc" in /*) ;; *) payloadc="$PWD/$payloadc" ;; esac
[ -x "$payloadc" ] || { echo "evolutions: no payloadc at $payloadc" >&2; exit 2; }
command -v git >/dev/null || { echo "evolutions: git is required" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/payloadc_evolutions_XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q .
mkdir schemas
cp "$root"/schemas/*.payload schemas/
git add -A
git -c user.name=ci -c user.email=ci@example.com commit -q -m "release 1.0"

failures=0
steps=0
output=""

# edit FILE PERL-SUBSTITUTION: one regex edit that must apply.
edit() {
  local file="schemas/$1" expression="$2"
  perl -0pi -e "($expression) or die" "$file" 2>/dev/null ||
    { echo "evolutions: edit of $file did not apply: $expression" >&2; exit 2; }
}

# step "what" EXIT [compat options...]: commits the edits and checks them against HEAD~1.
step() {
  local title="$1" expected_exit="$2"
  shift 2
  steps=$((steps + 1))
  git add -A
  git -c user.name=ci -c user.email=ci@example.com commit -q -m "$title"
  local status=0
  output="$("$payloadc" compat schemas/*.payload --against git:HEAD~1 --verbose "$@" 2>&1)" ||
    status=$?
  if [ "$status" != "$expected_exit" ]; then
    fail "$title: exit $status, expected $expected_exit"
  else
    echo "ok: $title (exit $status)"
  fi
  CURRENT="$title"
}

fail() {
  echo "FAIL: $1" >&2
  printf '%s\n' "$output" | sed 's/^/    /' >&2
  failures=$((failures + 1))
}

# expect SEVERITY RULE [ELEMENT-SUBSTRING]: the last step reported it.
expect() {
  local pattern="$1 \\[$2\\]"
  if ! grep -q -- "$pattern${3:+.*$3}" <<<"$output"; then
    fail "$CURRENT: expected $1 [$2]${3:+ about $3}"
  fi
}

# only_breaking RULE...: every BREAKING finding of the last step has one of these rules.
only_breaking() {
  local rules=" $* " rule
  while read -r rule; do
    case "$rules" in *" $rule "*) ;; *) fail "$CURRENT: unexpected BREAKING [$rule]" ;; esac
  done < <(sed -n 's/.* BREAKING \[\([A-Z_]*\)\].*/\1/p' <<<"$output")
}

# reject: the pull request is refused; the tree goes back to the last release.
reject() {
  git reset -q --hard HEAD~1
}

# --- 1.1: small additions -----------------------------------------------------------------
edit events.payload 's|(  competition\?: mycoach.common.Title;\n)|$1  /// Weather at kick-off, when known.\n  weather?: mycoach.common.Note;\n|'
step "Match gets an optional weather note" 0
expect INFO FIELD_ADDED_OPTIONAL Match.weather
only_breaking

edit events_api.payload 's|(  get_event GET )|  /// The weather forecast at an event'"'"'s location.\n  get_event_weather GET "/events/{id}/weather" (id: mycoach.common.EventId)\n    -> mycoach.common.Note\n    throws mycoach.errors.NotFound;\n\n$1|'
step "a new route for the weather forecast" 0
expect INFO ROUTE_ADDED "GET /events/{}/weather"

# --- 1.2: a new sport ---------------------------------------------------------------------
edit sports.payload 's|(  \@wire\("ice-hockey"\)\n  ice_hockey;\n)|$1  /// Padel.\n  padel;\n|'
step "add padel to the closed enum Sport" 1
expect BREAKING ENUM_VALUE_ADDED Sport.padel
only_breaking ENUM_VALUE_ADDED
grep -q "via GET /events/{} -> 200 -> Event -> Match.sport -> Sport.padel" <<<"$output" ||
  fail "$CURRENT: the chain through get_event is missing"
reject

edit sports.payload 's|\nenum Sport \{|\nopen enum Sport {|'
step "declare Sport open first (one release ahead)" 0
expect WARNING ENUM_BECAME_OPEN Sport
only_breaking
"$payloadc" compat schemas/*.payload --against git:HEAD~1 --fail-on warning >/dev/null 2>&1 &&
  fail "$CURRENT: --fail-on warning should fail on ENUM_BECAME_OPEN"

edit sports.payload 's|(  \@wire\("ice-hockey"\)\n  ice_hockey;\n)|$1  /// Padel.\n  padel;\n|'
step "add padel once Sport is open" 0
expect INFO ENUM_VALUE_ADDED Sport.padel

# --- 1.3: clean-ups -----------------------------------------------------------------------
edit events.payload 's|  /// Free text venue, from before locations were structured.\n  \@deprecated\("use location"\)\n  venue_text\?: string;\n||'
step "drop the deprecated Match.venue_text" 0
expect WARNING FIELD_REMOVED Match.venue_text

edit people_api.payload 's|  /// Many players by repeating the query parameter.*?throws mycoach.errors.BadRequest;\n\n||s'
step "retire the deprecated GET /players route" 0
expect WARNING ROUTE_REMOVED "GET /players"

edit common.payload 's|  name: Title;|  \@wire("name")\n  label: Title;|'
step "rename Location.name to label, keeping the JSON key" 0
expect INFO FIELD_RENAMED Location.label
status=0
"$payloadc" compat schemas/*.payload --against git:HEAD~1 --level source >/dev/null 2>&1 || status=$?
[ "$status" = 1 ] || fail "$CURRENT: --level source should report the rename as breaking"

# --- rejected changes, each followed by the safe way ---------------------------------------
edit events.payload 's|  location: mycoach.common.Location\?;\n  /// Competition|  location?: mycoach.common.Location?;\n  /// Competition|'
step "make Match.location optional" 1
expect BREAKING FIELD_BECAME_OPTIONAL Match.location
only_breaking FIELD_BECAME_OPTIONAL
reject

edit common.payload 's|\@max_length\(80\)\ntype Title|\@max_length(60)\ntype Title|'
step "tighten Title to 60 characters" 1
expect BREAKING CONSTRAINT_TIGHTENED Title
only_breaking CONSTRAINT_TIGHTENED
reject

edit events_api.payload 's|    cursor\?: string\n  \) -> mycoach.events.EventPage|    cursor?: string,\n    include_cancelled: bool\n  ) -> mycoach.events.EventPage|'
step "list_team_events requires include_cancelled" 1
expect BREAKING QUERY_PARAM_ADDED_REQUIRED "include_cancelled"
only_breaking QUERY_PARAM_ADDED_REQUIRED
reject
edit events_api.payload 's|    cursor\?: string\n  \) -> mycoach.events.EventPage|    cursor?: string,\n    include_cancelled: bool = false\n  ) -> mycoach.events.EventPage|'
step "... with a default instead" 0
expect INFO QUERY_PARAM_ADDED_OPTIONAL "include_cancelled"

edit common.payload 's|\@min\(1\)\ntype EventId = int64;|type EventId = uuid;|'
step "event ids become UUIDs" 1
# The change is inside the alias EventId: one finding, at the alias, listing every use,
# path parameters included.
expect BREAKING TYPE_CHANGED EventId
grep -q "via GET /events/{} -> path id -> EventId" <<<"$output" ||
  fail "$CURRENT: the chain through the path parameter is missing"
only_breaking TYPE_CHANGED
reject

edit events.payload 's|(  \@wire\("staff-appointment"\)\n  staff_appointment: StaffAppointment;\n)|$1  /// A tournament.\n  tournament: Course;\n|'
step "a new kind of event in the closed union Event" 1
expect BREAKING UNION_VARIANT_ADDED Event.tournament
only_breaking UNION_VARIANT_ADDED
reject

edit events.payload 's|(struct MatchResult \{\n  /// Our final score \(goals, points, sets won...\).\n  \@min\(0\)\n  ours: )int32|${1}int64|'
step "widen MatchResult.ours to int64" 1
expect BREAKING TYPE_WIDENED MatchResult.ours
only_breaking TYPE_WIDENED
reject

edit events_api.payload 's|(  get_event GET "/events/\{id\}" \(id: mycoach.common.EventId\)\n    -> mycoach.events.Event\n    throws mycoach.errors.NotFound);|$1, mycoach.errors.Gone;|'
step "get_event can answer 410 Gone" 0
expect WARNING ERROR_ADDED "GET /events/{}"

edit events.payload 's|\bMatchResult\b|FinalScore|g'
edit events_api.payload 's|\bMatchResult\b|FinalScore|g'
step "rename MatchResult to FinalScore (same fields)" 0
expect INFO TYPE_REMOVED MatchResult
expect INFO TYPE_ADDED FinalScore
only_breaking

# --- an acknowledged break ------------------------------------------------------------------
edit events.payload 's|  location: mycoach.common.Location\?;\n  /// Competition|  location?: mycoach.common.Location?;\n  /// Competition|'
git add -A
git -c user.name=ci -c user.email=ci@example.com commit -q -m "make Match.location optional, acknowledged"
findings="$("$payloadc" compat schemas/*.payload --against git:HEAD~1)" || true
ack_line="$(sed -n 's/^  ack: //p' <<<"$findings")"
printf '%s  # no shipped app reads Match.location yet\n' "$ack_line" >compat-ack.txt
steps=$((steps + 1))
status=0
output="$("$payloadc" compat schemas/*.payload --against git:HEAD~1 --ack compat-ack.txt --verbose 2>&1)" ||
  status=$?
CURRENT="acknowledged break"
[ "$status" = 0 ] || fail "$CURRENT: exit $status, expected 0"
expect BREAKING FIELD_BECAME_OPTIONAL "acknowledged"

if [ "$failures" -gt 0 ]; then
  echo "evolutions: $failures failure(s) in $steps steps" >&2
  exit 1
fi
echo "evolutions: $steps steps, all as expected"
