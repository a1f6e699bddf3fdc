#!/usr/bin/env bash
# Load test of the HTTP API, run by hand (not in CI): builds dipgraph,
# serves a copy of the synthetic store of 2,400 articles (about 0.3 million quads) on
# loopback, and for DURATION seconds runs many concurrent readers on the
# main read endpoints (wrk, scripts/loadtest/read.lua) beside a steady
# writer POSTing distinct articles with an API key (wrk,
# scripts/loadtest/write.lua). It prints requests/s, p50/p90/p99/max
# latency and errors (non-2xx, socket errors) for readers and writer
# separately, the server's mean time per route, and the machine load.
# Exits 0 when the goal is met: no errors and p99 under P99_GOAL_MS for
# both, 1 otherwise.
#
#   scripts/loadtest.sh                          # 60 s, 32 readers, 5 writes/s
#   DURATION=20 READ_CONNS=8 scripts/loadtest.sh
#   READS=entity,triples scripts/loadtest.sh     # only some read kinds
#
# Settings (environment): DURATION (60), READ_CONNS (32), READ_THREADS (2),
# WRITE_RPS (5; 0 for no writer), WARMUP seconds before measuring (5),
# TIMEOUT wrk socket timeout in seconds (5), PORT (18080), P99_GOAL_MS (50),
# READS (entity,relations,triples,events,search), SEED of the written
# articles (1), KEEP=1 keeps the work directory (store, logs, outputs).
#
# The store: the shared benchmark store $DIPGRAPH_BENCH_DB (default
# /tmp/graphq-bench-db) when its synthetic.json says it holds at least a
# million quads, else one generated once into $LOADTEST_STORE (default
# $TMPDIR/dipgraph-loadtest-store, under a minute and 360 MB) through the
# TestLoadTestStore hook of cmd/dipgraph. The server gets a copy: the
# writer adds to it.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
READ_CONNS=${READ_CONNS:-32}
READ_THREADS=${READ_THREADS:-2}
WRITE_RPS=${WRITE_RPS:-5}
WARMUP=${WARMUP:-5}
TIMEOUT=${TIMEOUT:-5}
PORT=${PORT:-18080}
P99_GOAL_MS=${P99_GOAL_MS:-50}
READS=${READS:-entity,relations,triples,events,search}
SEED=${SEED:-1}
BENCH_DB=${DIPGRAPH_BENCH_DB:-/tmp/graphq-bench-db}
STORE_CACHE=${LOADTEST_STORE:-${TMPDIR:-/tmp}/dipgraph-loadtest-store}

die() { echo "loadtest: $*" >&2; exit 2; }

if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } ||
    die "wrk is missing and could not be installed (apt-get install wrk)"
fi
for tool in curl jq go; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ -n "${KEEP:-}" ]; then
    echo "work directory kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

echo "== build"
go build -o "$work/dipgraph" ./cmd/dipgraph

echo "== store"
big_enough() { [ -f "$1/indexes.bolt" ] && jq -e '.quads >= 1000000' "$1/synthetic.json" >/dev/null 2>&1; }
if big_enough "$BENCH_DB"; then
  src=$BENCH_DB
else
  if ! big_enough "$STORE_CACHE"; then
    echo "generating the synthetic store into $STORE_CACHE"
    DIPGRAPH_LOADTEST_STORE=$STORE_CACHE go test -count=1 -run '^TestLoadTestStore$' -timeout 30m ./cmd/dipgraph >/dev/null ||
      die "could not generate the store in $STORE_CACHE"
    big_enough "$STORE_CACHE" || die "$STORE_CACHE holds fewer than a million quads"
  fi
  src=$STORE_CACHE
fi
mkdir "$work/db"
cp "$src/indexes.bolt" "$src/synthetic.json" "$work/db/"
quads=$(jq .quads "$work/db/synthetic.json")
echo "copy of $src: $quads quads, $(jq .articles "$work/db/synthetic.json") articles"

echo "== serve on 127.0.0.1:$PORT"
key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
base=http://127.0.0.1:$PORT
DIPGRAPH_API_KEY=$key "$work/dipgraph" serve --db "$work/db" --addr "127.0.0.1:$PORT" \
  --write-rate 0 --query-rate 0 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; die "serve exited"; }
  sleep 0.1
done
curl -fs "$base/readyz" >/dev/null || die "serve is not ready; log in $work/serve.log"

echo "== request paths and articles"
for kind in person country concept organization; do
  curl -fsS "$base/v1/entities?type=$kind&limit=1000" >"$work/$kind.json"
done
fixed() { openssl enc -aes-256-ctr -pass pass:"$SEED" -nosalt </dev/zero 2>/dev/null; }
pick() { jq -r '.items[].id' "$work/$1.json" | shuf -n "$2" --random-source=<(fixed); }
{ pick person 150; pick country 40; pick concept 20; pick organization 12; } |
  shuf --random-source=<(fixed) >"$work/ids"
# Search terms: the first four letters of people's family names.
jq -r '.items[].name' "$work/person.json" | awk '{ print tolower(substr($2, 1, 4)) }' |
  sort -u | shuf -n 40 --random-source=<(fixed) >"$work/terms"
awk -v kinds="$READS" '
  BEGIN { n = split(kinds, kind, ",") }
  FNR == NR { ids[++ni] = $0; next }
  { terms[++nt] = $0 }
  END {
    for (i = 0; i < ni * n; i++) {
      k = kind[i % n + 1]; id = ids[int(i / n) % ni + 1]
      if (k == "entity") print "/v1/entities/" id
      else if (k == "relations") print "/v1/entities/" id "/relations"
      else if (k == "triples") print "/v1/triples?subject=" id
      else if (k == "events") print "/v1/events?actor=" id
      else if (k == "search") print "/v1/entities?q=" terms[i % nt + 1]
      else { print "unknown read kind " k > "/dev/stderr"; exit 1 }
    }
  }' "$work/ids" "$work/terms" >"$work/paths"
echo "$(wc -l <"$work/paths") read paths over $(wc -l <"$work/ids") entities and $(wc -l <"$work/terms") search terms ($READS)"
if [ "$WRITE_RPS" -gt 0 ]; then
  go run ./cmd/gencorpus -n $((WRITE_RPS * DURATION * 2 + 50)) -seed "$SEED" >"$work/articles.jsonl" 2>/dev/null
  echo "$(wc -l <"$work/articles.jsonl") distinct articles for the writer at $WRITE_RPS/s"
fi

export LOADTEST_PATHS=$work/paths LOADTEST_ARTICLES=$work/articles.jsonl LOADTEST_KEY=$key
if [ "$WARMUP" -gt 0 ]; then
  echo "== warm-up, ${WARMUP}s"
  LOADTEST_NAME=warmup wrk -t"$READ_THREADS" -c"$READ_CONNS" -d"${WARMUP}s" --timeout "${TIMEOUT}s" \
    -s scripts/loadtest/read.lua "$base" >/dev/null
fi

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
hz=$(getconf CLK_TCK)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
server_before=$(cpu_ticks "$server")
busy_before=$(busy_ticks)

echo "== load, ${DURATION}s: $READ_CONNS readers on $READ_THREADS threads, writer at $WRITE_RPS/s"
/usr/bin/time -f '%U %S' -o "$work/readers.cpu" \
  wrk -t"$READ_THREADS" -c"$READ_CONNS" -d"${DURATION}s" --timeout "${TIMEOUT}s" \
  -s scripts/loadtest/read.lua "$base" >"$work/readers.out" &
readers=$!
writer=
if [ "$WRITE_RPS" -gt 0 ]; then
  LOADTEST_DELAY_MS=$((1000 / WRITE_RPS)) /usr/bin/time -f '%U %S' -o "$work/writer.cpu" \
    wrk -t1 -c1 -d"${DURATION}s" --timeout "${TIMEOUT}s" \
    -s scripts/loadtest/write.lua "$base" >"$work/writer.out" &
  writer=$!
fi
wait "$readers" || die "readers failed: $(cat "$work/readers.out")"
if [ -n "$writer" ]; then
  wait "$writer" || die "writer failed: $(cat "$work/writer.out")"
fi

server_secs=$(( $(cpu_ticks "$server") - server_before ))
busy_secs=$(( $(busy_ticks) - busy_before ))
wrk_secs=$(cat "$work"/*.cpu | awk '{ s += $1 + $2 } END { print s }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
curl -fsS "$base/metrics" >"$work/metrics" || true

echo
echo "== results ($quads quads, ${DURATION}s)"
outs=("$work/readers.out")
[ -n "$writer" ] && outs+=("$work/writer.out")
grep -h '^RESULT ' "${outs[@]}" | sed 's/^RESULT //' >"$work/results.jsonl" || die "no results from wrk"
printf '%-8s %9s %8s %8s %8s %8s %9s %7s %8s %5s %5s %8s  %s\n' \
  class requests rps p50_ms p90_ms p99_ms max_ms non2xx connect read write timeout statuses
jq -r '[.name, .requests, .rps, .p50_ms, .p90_ms, .p99_ms, .max_ms, .non2xx, .connect, .read, .write, .timeout,
        (.status | to_entries | map("\(.key):\(.value)") | join(" "))] | @tsv' "$work/results.jsonl" |
  awk -F'\t' '{ printf "%-8s %9d %8.1f %8.2f %8.2f %8.2f %9.2f %7d %8d %5d %5d %8d  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }'

echo
echo "server: mean time per route (from /metrics)"
awk '
  /^dipgraph_http_request_duration_seconds_(sum|count)\{/ {
    match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8)
    match($0, /method="[^"]*"/); m = substr($0, RSTART + 8, RLENGTH - 9)
    k = m " " r
    if ($0 ~ /_sum\{/) sum[k] = $2; else cnt[k] = $2
  }
  END { for (k in cnt) if (cnt[k] > 0) printf "  %-40s %8d requests %9.2f ms mean\n", k, cnt[k], 1000 * sum[k] / cnt[k] }' \
  "$work/metrics" | sort -k3 -n -r

cores=$(nproc)
echo
echo "machine: $cores cores; load average before $load_before, after $load_after"
awk -v s="$server_secs" -v b="$busy_secs" -v w="$wrk_secs" -v hz="$hz" -v d="$DURATION" -v c="$cores" 'BEGIN {
  printf "  CPU over the run: %.0f%% of %d cores busy; server %.1f s, wrk %.1f s, everything else %.1f s of %d s\n",
    100 * b / hz / (d * c), c, s / hz, w, b / hz - s / hz - w, d * c }'

verdict=$(jq -s --argjson goal "$P99_GOAL_MS" '
  map(select(.non2xx + .connect + .read + .write + .timeout > 0 or .p99_ms >= $goal or .requests == 0) | .name) | join(", ")' \
  "$work/results.jsonl")
if [ "$verdict" = '""' ]; then
  echo "goal met: no errors, p99 under ${P99_GOAL_MS} ms"
else
  echo "goal missed (errors, or p99 of ${P99_GOAL_MS} ms or more) by: ${verdict//\"/}"
  exit 1
fi
