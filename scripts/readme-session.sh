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

. scripts/serve-lib.sh
work_dir session

bin=${DIPGRAPH_BIN:-}
if [ -z "$bin" ]; then
  bin="$work/dipgraph"
  go build -o "$bin" ./cmd/dipgraph
fi
"$bin" ingest --db "$work/g.db" --progress never samples/articles.jsonl >/dev/null
serve_throwaway "$bin" "$work/g.db"
python3 scripts/readme-session.py README.md "127.0.0.1:$port" "$@"
