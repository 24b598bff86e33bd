#!/usr/bin/env bash
# Time `payloadc check` (or `payloadc gen --lang X` with --mode gen-X) against
# protoc, thrift and flatc on the same generated model, at scales 1 and 10.
# Prints a table; not a test (exit 0 whatever the numbers). See bench/README.md.
#
#   bench/check_speed.sh                      # check mode, scales 1 and 10
#   bench/check_speed.sh --runs 5 --scales 1  # quicker
#   PAYLOADC=/path/to/payloadc bench/check_speed.sh
#   bench/check_speed.sh --help
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/speed.py" "$@"
