#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the explorer's browser
# tests (cmd/dipgraph/explorer_test.go), installing it with apt-get (as
# root or with sudo) when it is missing, and prints its path.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_chromium() {
  if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then echo "$CHROMIUM"; return 0; fi
  command -v chromium || command -v chromium-browser
}

if ! find_chromium >/dev/null 2>&1; then
  echo "== installing chromium from Debian" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
find_chromium
