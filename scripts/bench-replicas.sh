#!/usr/bin/env bash
# Read throughput of 1, 2 and 3 `dipgraph serve` on one PostgreSQL store
# of about 1.1 million quads, and how soon a write through one replica is
# seen by the others under that load. Run by hand (not in CI).
#
#   scripts/bench-replicas.sh
#   BENCH_PG_DB=postgres://…/bench REPLICAS="1 3" DURATION=20 scripts/bench-replicas.sh
#
# Settings (environment): BENCH_PG_DB, the store (default: a throwaway
# PostgreSQL started with scripts/postgres.sh in its own state directory,
# the synthetic store generated into it first: ~5 min at ~4k quads/s,
# 10 min on a busy 2-core machine);
# REPLICAS ("1 2 3"); CONNS, the wrk connections in all (16), split evenly
# over the replicas; DURATION of each run in seconds (20); WARMUP seconds
# (5), after every new replica has read each path once (its caches fill
# from PostgreSQL); ENTITIES, how many entities the paths ask about (40:
# about 200 paths); WRITES, the writes whose visibility is timed during
# the last run (10; they stay in the store); PORT of the first replica
# (18180).
#
# Each run starts the replicas it adds (those of the run before stay),
# warms their caches with the same reads, then runs one wrk per replica at
# once on the read mix of scripts/loadtest.sh (entity, relations, triples,
# events, search over ENTITIES entities) and adds their requests/s. It
# reports the CPU of the replicas, of PostgreSQL's processes and of wrk,
# and each route's mean server time. During the last run it
# posts WRITES articles to the first replica and times, for every other
# replica, the delay from the write's answer to the first read of a cached
# route (an entity the article names) that shows it.
set -euo pipefail
cd "$(dirname "$0")/.."

REPLICAS=${REPLICAS:-1 2 3}
CONNS=${CONNS:-16}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
ENTITIES=${ENTITIES:-40}
WRITES=${WRITES:-10}
PORT=${PORT:-18180}

die() { echo "bench-replicas: $*" >&2; exit 2; }
for tool in curl jq go; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done
if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } ||
    die "wrk is missing and could not be installed (apt-get install wrk)"
fi

work=$(mktemp -d)
servers=()
own_pg=
stop_servers() {
  local p
  for p in "${servers[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${servers[@]}"; do wait "$p" 2>/dev/null || true; done
  servers=()
}
cleanup() {
  stop_servers
  if [ -n "$own_pg" ]; then scripts/postgres.sh stop || true; rm -rf "$DIPGRAPH_PG_STATE"; fi
  rm -rf "$work"
}
trap cleanup EXIT

db=${BENCH_PG_DB:-}
if [ -z "$db" ]; then
  DIPGRAPH_PG_STATE=$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-benchpg.XXXXXX")
  export DIPGRAPH_PG_STATE
  own_pg=1
  db=$(scripts/postgres.sh start)
fi
echo "== store $db"
# The graph package's benchmarks make the synthetic store through
# graph.OpenSynthetic, or find it made; one iteration of the cheapest.
DIPGRAPH_BENCH_DB=$db go test ./graph -run '^$' -bench '^BenchmarkDyads$' -benchtime 1x -timeout 60m >"$work/store.log" 2>&1 ||
  { cat "$work/store.log" >&2; die "could not make the synthetic store"; }

go build -o "$work/dipgraph" ./cmd/dipgraph

# start_replicas starts replicas up to n (those running stay, caches and
# all).
start_replicas() {
  local n=$1 i from=$((${#servers[@]} + 1))
  for i in $(seq "$from" "$n"); do
    "$work/dipgraph" serve --db "$db" --addr "127.0.0.1:$((PORT + i - 1))" --write-rate 0 --query-rate 0 \
      --request-timeout 300s --allow-anonymous-writes 2>"$work/serve$i.log" &
    servers+=($!)
  done
  for i in $(seq "$from" "$n"); do
    local ok=
    for _ in $(seq 300); do
      curl -fs "http://127.0.0.1:$((PORT + i - 1))/readyz" >/dev/null 2>&1 && { ok=1; break; }
      sleep 0.1
    done
    [ -n "$ok" ] || { cat "$work/serve$i.log" >&2; die "replica $i did not start"; }
  done
}

start_replicas 1
base=http://127.0.0.1:$PORT
quads=$(grep -o '[0-9]* quads, [0-9]* articles' "$work/store.log" | head -1 | cut -d' ' -f1)
for kind in person country concept organization; do
  curl -fsS "$base/v1/entities?type=$kind&limit=300" >"$work/$kind.json"
done
stop_servers
fixed() { openssl enc -aes-256-ctr -pass pass:1 -nosalt </dev/zero 2>/dev/null; }
pick() { jq -r '.items[].id' "$work/$1.json" | shuf -n "$2" --random-source=<(fixed); }
{ pick person $((ENTITIES * 150 / 222)); pick country $((ENTITIES * 40 / 222)); pick concept $((ENTITIES * 20 / 222))
  pick organization $((ENTITIES * 12 / 222)); } | shuf --random-source=<(fixed) >"$work/ids"
jq -r '.items[].name' "$work/person.json" | awk '{ print tolower(substr($2, 1, 4)) }' |
  sort -u | shuf -n 40 --random-source=<(fixed) >"$work/terms"
awk 'FNR == NR { ids[++ni] = $0; next } { terms[++nt] = $0 }
  END {
    split("entity relations triples events search", kind, " ")
    for (i = 0; i < ni * 5; i++) {
      k = kind[i % 5 + 1]; id = ids[int(i / 5) % ni + 1]
      if (k == "entity") print "/v1/entities/" id
      else if (k == "relations") print "/v1/entities/" id "/relations"
      else if (k == "triples") print "/v1/triples?subject=" id
      else if (k == "events") print "/v1/events?actor=" id
      else print "/v1/entities?q=" terms[i % nt + 1]
    }
  }' "$work/ids" "$work/terms" >"$work/paths"
export LOADTEST_PATHS=$work/paths
echo "== $(wc -l <"$work/paths") read paths; $CONNS connections in all, ${DURATION}s a run"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
# pg_ticks lists "pid CPU-seconds" of PostgreSQL's processes.
pg_ticks() { ps -u postgres -o pid=,times= 2>/dev/null || true; }
hz=$(getconf CLK_TCK)

# timed_writes posts WRITES articles to the first replica while the load
# runs and prints, per write and other replica, the delay until that
# replica's (cached) entity answer shows the new article.
timed_writes() {
  local n=$1 w i j id want before got t0 t1 ent=country:ISL
  for w in $(seq 1 "$WRITES"); do
    sleep 1
    before=$(curl -fsS "$base/v1/entities/$ent" | jq .articles 2>/dev/null || echo 0)
    jq -cn --arg t "Iceland criticised Norway over fishing quotas in round $w of bench run $$. Norway rejected the claim from Iceland." \
      '{id: "bench", title: "Iceland and Norway", date: "2025-07-01", text: $t}' >"$work/write.json"
    t0=$(date +%s%N)
    curl -fsS -X POST -H 'Content-Type: application/json' --data @"$work/write.json" "$base/v1/articles" >/dev/null
    t1=$(date +%s%N)
    want=$(curl -fsS "$base/v1/entities/$ent" | jq .articles)
    [ "$want" != "$before" ] || { echo "write $w: the writer's answer did not change" >&2; continue; }
    for j in $(seq 2 "$n"); do
      for _ in $(seq 3000); do
        got=$(curl -fsS "http://127.0.0.1:$((PORT + j - 1))/v1/entities/$ent" | jq .articles)
        [ "$got" = "$want" ] && break
        sleep 0.005
      done
      echo "$(( ($(date +%s%N) - t1) / 1000000 )) $(( (t1 - t0) / 1000000 ))"
    done
  done
}

last=${REPLICAS##* }
for n in $REPLICAS; do
  from=$((${#servers[@]} + 1))
  start_replicas "$n"
  per=$(( (CONNS + n - 1) / n ))
  # Every new replica reads every path once (its caches fill from
  # PostgreSQL), then all of them get a short warm-up under load.
  warm_start=$(date +%s)
  for i in $(seq "$from" "$n"); do
    xargs -P 4 -I{} curl -s -o /dev/null "http://127.0.0.1:$((PORT + i - 1)){}" <"$work/paths" &
  done
  wait $(jobs -p | grep -v -F -x -f <(printf '%s\n' "${servers[@]}")) 2>/dev/null || true
  echo "$n replica(s): replicas $from..$n read the $(wc -l <"$work/paths") paths once in $(( $(date +%s) - warm_start )) s" >>"$work/routes"
  for i in $(seq 1 "$n"); do
    LOADTEST_NAME=warmup wrk -t1 -c"$per" -d"${WARMUP}s" -s scripts/loadtest/read.lua "http://127.0.0.1:$((PORT + i - 1))" >/dev/null &
  done
  sleep "$WARMUP"
  sleep 1
  declare -A srv_before=()
  for p in "${servers[@]}"; do srv_before[$p]=$(cpu_ticks "$p"); done
  pg_ticks >"$work/pg.before"
  busy_before=$(busy_ticks)
  wrks=()
  for i in $(seq 1 "$n"); do
    /usr/bin/time -f '%U %S' -o "$work/wrk$i.cpu" \
      wrk -t1 -c"$per" -d"${DURATION}s" --timeout 10s -s scripts/loadtest/read.lua "http://127.0.0.1:$((PORT + i - 1))" >"$work/wrk$i.out" &
    wrks+=($!)
  done
  writes_pid=
  if [ "$n" = "$last" ] && [ "$n" -gt 1 ] && [ "$WRITES" -gt 0 ]; then
    timed_writes "$n" >"$work/delays" &
    writes_pid=$!
  fi
  for p in "${wrks[@]}"; do wait "$p" || die "wrk failed: $(cat "$work"/wrk*.out)"; done
  srv=0
  for p in "${servers[@]}"; do srv=$(( srv + $(cpu_ticks "$p") - ${srv_before[$p]} )); done
  busy=$(( $(busy_ticks) - busy_before ))
  pg_ticks >"$work/pg.after"
  pg=$(awk 'FNR == NR { b[$1] = $2; next } { s += $2 - b[$1] } END { print s + 0 }' "$work/pg.before" "$work/pg.after")
  for i in $(seq 1 "$n"); do curl -fsS "http://127.0.0.1:$((PORT + i - 1))/metrics" || true; done >"$work/metrics"
  echo "$n replica(s): server time per route, all replicas (from /metrics, warm-up included)" >>"$work/routes"
  awk '
    /^dipgraph_http_request_duration_seconds_(sum|count)\{/ {
      match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8)
      if ($0 ~ /_sum\{/) sum[r] += $2; else cnt[r] += $2
    }
    END { for (r in cnt) if (cnt[r] > 0) printf "  %-36s %8d requests %9.2f ms mean\n", r, cnt[r], 1000 * sum[r] / cnt[r] }' \
    "$work/metrics" | sort -k4 -n -r >>"$work/routes"
  wrk_cpu=$(cat "$work"/wrk*.cpu | awk '{ s += $1 + $2 } END { print s }')
  rm -f "$work"/wrk*.cpu
  grep -h '^RESULT ' "$work"/wrk*.out | sed 's/^RESULT //' | jq -s --argjson n "$n" --argjson srv "$srv" --argjson hz "$hz" \
    --argjson busy "$busy" --argjson pg "$pg" --argjson wrk "$wrk_cpu" --argjson d "$DURATION" '{
      replicas: $n, rps: (map(.rps) | add | floor), requests: (map(.requests) | add),
      p50_ms: (map(.p50_ms) | max), p99_ms: (map(.p99_ms) | max), errors: (map(.non2xx + .connect + .read + .write + .timeout) | add),
      cpu_s: {replicas: ($srv / $hz), postgres: $pg, wrk: $wrk, all: ($busy / $hz), of: ($d * 2)}}' | tee -a "$work/results.jsonl"
  if [ -n "$writes_pid" ]; then
    wait "$writes_pid" || true
  fi
done
stop_servers

echo
echo "== read throughput, $quads quads"
jq -s -r '(.[0].rps) as $one | .[] | "\(.replicas) replica(s): \(.rps) requests/s (\(.rps / $one * 100 | floor / 100)x), p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, errors \(.errors); CPU s: replicas \(.cpu_s.replicas), PostgreSQL \(.cpu_s.postgres), wrk \(.cpu_s.wrk), busy \(.cpu_s.all) of \(.cpu_s.of)"' "$work/results.jsonl"
cat "$work/routes"
if [ -s "$work/delays" ]; then
  echo "== a write through replica 1 seen by the others under load ($(wc -l <"$work/delays") observations, ms after the write's answer)"
  sort -n "$work/delays" | awk '{ d[NR] = $1; w += $2 } END { printf "  min %d, median %d, max %d; the writes themselves took %d ms on average\n", d[1], d[int((NR + 1) / 2)], d[NR], w / NR }'
fi
