#!/usr/bin/env bash
# The explorer's first load on the synthetic store of 2,400 articles
# (graph.OpenSynthetic, as scripts/bench-http.sh uses): time from
# navigation to a drawn neighbourhood of 500 edges, in a new headless
# chromium each time, and the bytes of the bundle. Not run in CI.
#
#   scripts/bench-explorer.sh
#
# Environment: BENCH_DB, the synthetic store (default /tmp/graphq-bench-db),
# built first when it holds no complete one (a minute or so); RUNS, the
# first loads measured (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."

db=${BENCH_DB:-/tmp/graphq-bench-db}
scripts/build-web.sh
CHROMIUM=$(scripts/chromium.sh)
export CHROMIUM
if [ ! -f "$db/synthetic.json" ]; then
  echo "== building the synthetic store in $db"
  DIPGRAPH_BENCH_DB=$db go test ./graph -run '^$' -bench '^BenchmarkDyads$' -benchtime 1x >/dev/null
fi
echo "== store $db: $(cat "$db/synthetic.json")"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
DIPGRAPH_EXPLORER_BENCH_RUNS=${RUNS:-5} DIPGRAPH_EXPLORER_BENCH_DB=$db go test -count=1 -v -run '^TestExplorerFirstLoad$' ./cmd/dipgraph |
  grep -E 'explorer_test.go|^(ok|FAIL|---)'
