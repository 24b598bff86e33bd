#!/usr/bin/env bash
# The emitters' outputs are compiled by each language's own toolchain. A missing toolchain is
# a skip on a user's machine and a failure where PAYLOADC_REQUIRE_TOOLCHAINS=1 (CI).
set -u
if ! command -v swiftc >/dev/null && [ -x /opt/swift/usr/bin/swiftc ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
missing=0
check() {
  local tool=$1
  shift
  if command -v "$tool" >/dev/null && "$tool" "$@" >/dev/null 2>&1; then
    echo "found: $tool ($("$tool" "$@" 2>&1 | head -1))"
  else
    echo "skipped: no $tool"
    missing=$((missing + 1))
  fi
}
check swiftc --version
check scalac -version
check php --version
check tsc --version
check node --version
check clang --version
if [ "$missing" -gt 0 ] && [ "${PAYLOADC_REQUIRE_TOOLCHAINS:-0}" = 1 ]; then
  echo "toolchains: $missing missing and PAYLOADC_REQUIRE_TOOLCHAINS=1" >&2
  exit 1
fi
exit 0
