#!/usr/bin/env bash
# Bulk-ingest benchmark on bolt and PostgreSQL:
#
#   1. generate an archive of N articles (go run ./cmd/gencorpus);
#   2. `dipgraph ingest` it into a fresh bolt store and a fresh PostgreSQL
#      database: articles/s, quads/s, peak RSS (/usr/bin/time -v);
#   3. the raw Cayley load rate of each backend in the same run: the quads
#      of the bolt store written straight through Cayley in transactions of
#      10,000 (TestRawCayleyLoad in graph), and ingest's ratio to it;
#   4. RSS of `dipgraph serve` over the synthetic bolt store (BenchArticles) after
#      a few queries;
#   5. 1-hop, depth-2, path and dyad latency on both backends (the graph
#      package's benchmarks over the synthetic store, generated once per
#      backend).
#
#   scripts/bench-ingest.sh                 # N=20000 on both backends
#   N=20000 PG_N=2000 scripts/bench-ingest.sh
#
# PG_N (default N) bounds the PostgreSQL ingest: about 140 quads an article
# at ~4k quads/s makes 20,000 articles a 15-minute load. SKIP_PG=1 runs bolt
# only; SKIP_LATENCY=1 skips step 5. Work files go to $BENCH_DIR (default a
# temporary directory, removed at the end unless KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-20000}
PG_N=${PG_N:-$N}
work=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-bench.XXXXXX")}
mkdir -p "$work"
export DIPGRAPH_PG_STATE=$work/pg
pg_started=""
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; fi
  if [ -n "$pg_started" ]; then scripts/postgres.sh stop || true; fi
  if [ "${KEEP:-}" != 1 ] && [ -z "${BENCH_DIR:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*" | tee -a "$work/report.txt"; }
rss_of() { awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$1"; }
field() { sed -n "s/.*(\([0-9]*\) articles\/s, \([0-9]*\) quads\/s).*/\\$2/p" "$1" | tail -1; }

go build -o "$work/dipgraph" ./cmd/dipgraph
bin=$work/dipgraph

echo "== archive: $N articles" >&2
go run ./cmd/gencorpus -n "$N" >"$work/archive.jsonl"
if [ "$PG_N" -lt "$N" ]; then head -n "$PG_N" "$work/archive.jsonl" >"$work/archive-pg.jsonl"; else cp "$work/archive.jsonl" "$work/archive-pg.jsonl"; fi

ingest() { # name db archive
  echo "== ingest into $1" >&2
  /usr/bin/time -v "$bin" ingest --progress never --db "$2" "$3" >"$work/$1.out" 2>"$work/$1.time"
  cat "$work/$1.out" >&2
}
raw() { # name dst
  echo "== raw Cayley load into $1" >&2
  DIPGRAPH_RAW_SRC=$work/$1-src.db DIPGRAPH_RAW_DST=$2 \
    go test -count=1 -timeout 60m -run '^TestRawCayleyLoad$' -v ./graph >"$work/$1-raw.out" 2>&1 || { cat "$work/$1-raw.out" >&2; exit 1; }
  sed -n 's/.*raw load: .*: \([0-9]*\) quads\/s.*/\1/p' "$work/$1-raw.out"
}

say "dipgraph bulk ingest, $(nproc) cores, $(date -u +%Y-%m-%d)"

# bolt
ingest bolt "$work/bolt.db" "$work/archive.jsonl"
cp -r "$work/bolt.db" "$work/bolt-src.db"
bolt_raw=$(raw bolt "$work/bolt-raw.db")
say "bolt:     $N articles: $(field "$work/bolt.out" 1) articles/s, $(field "$work/bolt.out" 2) quads/s, peak RSS $(rss_of "$work/bolt.time"); raw Cayley $bolt_raw quads/s; ratio $(awk -v a="$(field "$work/bolt.out" 2)" -v b="$bolt_raw" 'BEGIN{printf "%.2f", a/b}')"

# PostgreSQL
if [ "${SKIP_PG:-}" != 1 ]; then
  admin=$(scripts/postgres.sh start)
  pg_started=1
  psql=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)")/psql
  command -v "$psql" >/dev/null 2>&1 || psql=psql
  for d in ingest raw synth; do "$psql" -q "$admin" -c "CREATE DATABASE bench_$d"; done
  pg_url() { echo "$admin" | sed "s#/dipgraph?#/bench_$1?#"; }
  ingest postgres "$(pg_url ingest)" "$work/archive-pg.jsonl"
  # The raw load copies the same articles: a bolt store of the PG_N articles.
  if [ "$PG_N" -lt "$N" ]; then
    "$bin" ingest --progress never --db "$work/postgres-src.db" "$work/archive-pg.jsonl" >/dev/null
  else
    cp -r "$work/bolt.db" "$work/postgres-src.db"
  fi
  pg_raw=$(raw postgres "$(pg_url raw)")
  say "postgres: $PG_N articles: $(field "$work/postgres.out" 1) articles/s, $(field "$work/postgres.out" 2) quads/s, peak RSS $(rss_of "$work/postgres.time"); raw Cayley $pg_raw quads/s; ratio $(awk -v a="$(field "$work/postgres.out" 2)" -v b="$pg_raw" 'BEGIN{printf "%.2f", a/b}')"
fi

# serve RSS over the synthetic bolt store
echo "== synthetic bolt store and serve RSS" >&2
DIPGRAPH_BENCH_DB=$work/synth-bolt go test -count=1 -run '^$' -bench 'Subgraph1Hop$' -benchtime 1x ./graph >/dev/null
port=$((20000 + RANDOM % 30000))
DIPGRAPH_ALLOW_ANONYMOUS_WRITES= "$bin" serve --db "$work/synth-bolt" --addr "127.0.0.1:$port" --open-raw-queries >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
for q in /v1/entities/country:USA /v1/entities/country:USA/relations "/v1/events?actor=country:CHN&limit=200" \
  "/v1/triples?subject=country:RUS&limit=200" /v1/entities?q=a; do
  curl -fsS "http://127.0.0.1:$port$q" >/dev/null || true
done
curl -fsS -X POST -H 'Content-Type: application/json' -d '{"language":"gizmo","query":"g.V(\"<country:USA>\").Out().Count()"}' \
  "http://127.0.0.1:$port/v1/query" >/dev/null || true
serve_rss=$(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$serve_pid/status")
serve_hwm=$(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$serve_pid/status")
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
say "serve:    synthetic bolt store after a few queries: RSS $serve_rss (peak $serve_hwm)"

# latencies side by side
if [ "${SKIP_LATENCY:-}" != 1 ]; then
  lat() { # name db iterations
    echo "== latency benchmarks on $1" >&2
    DIPGRAPH_BENCH_DB=$2 go test -count=1 -run '^$' -bench 'Subgraph1Hop$|Subgraph2Hop$|Paths$|Dyad$' -benchtime "$3" -timeout 60m ./graph \
      | tee "$work/lat-$1.out" | awk '/^Benchmark/ {for (i=1;i<=NF;i++) if ($i=="p50-ns") printf "%s %.2f ms\n", $1, $(i-1)/1e6}'
  }
  say "latency (p50)       bolt | postgres"
  lat bolt "$work/synth-bolt" 200x >"$work/lat-bolt.txt"
  if [ "${SKIP_PG:-}" != 1 ]; then lat postgres "$(pg_url synth)" 20x >"$work/lat-pg.txt"; else : >"$work/lat-pg.txt"; fi
  join -a1 <(sed 's/-[0-9]* / /' "$work/lat-bolt.txt" | sort) <(sed 's/-[0-9]* / /' "$work/lat-pg.txt" | sort) | tee -a "$work/report.txt"
fi

echo >&2
cat "$work/report.txt"
