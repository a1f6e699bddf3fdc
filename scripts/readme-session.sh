#!/usr/bin/env bash
# Checks the README's analyst session: ingests samples/articles.jsonl into a
# fresh store, serves it on a free loopback port, runs the session's
# commands (scripts/readme-session.py) and fails when the README does not
# show what they print. --write updates the README instead. The Go tests
# run it (cmd/dipgraph TestREADMEAnalystSession), so the session cannot
# drift from the code. DIPGRAPH_BIN names a built dipgraph to use.
# Needs curl, jq and python3 (scripts/deps.sh installs jq).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-session.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

bin=${DIPGRAPH_BIN:-}
if [ -z "$bin" ]; then
  bin="$work/dipgraph"
  go build -o "$bin" ./cmd/dipgraph
fi
"$bin" ingest --db "$work/g.db" --progress never samples/articles.jsonl >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "$work/g.db" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }
python3 scripts/readme-session.py README.md "127.0.0.1:$port" "$@"
