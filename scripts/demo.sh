#!/usr/bin/env bash
# The main job, end to end: build the explorer and dipgraph, ingest the
# sample articles into a fresh embedded store, serve it, and ask the HTTP
# API a few questions. KEEP=1 keeps the server (and the explorer at /)
# running afterwards until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-web.sh
go build -o bin/dipgraph ./cmd/dipgraph
work=$(mktemp -d)
db="$work/dipgraph.db"
addr=127.0.0.1:${PORT:-8080}

echo "== ingest samples/articles.jsonl"
bin/dipgraph ingest --db "$db" samples/articles.jsonl

echo "== serve on $addr"
# Raw queries (arbitrary JavaScript) need an API key unless opened; this
# demo listens on loopback only and opens them for the last example.
bin/dipgraph serve --db "$db" --addr "$addr" --open-raw-queries 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -fs "http://$addr/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

# Pretty-print with jq when it is there; raw JSON otherwise.
pretty() { if command -v jq >/dev/null; then jq .; else cat; echo; fi; }
show() {
  echo
  echo "\$ curl $*"
  curl -fsS "$@" | pretty
}
show "http://$addr/v1/entities/person:claudia-sheinbaum"
show "http://$addr/v1/triples?subject=person:claudia-sheinbaum&predicate=rejected"
show "http://$addr/v1/events?actor=country:MEX&type=REJECT&limit=1"
show -X POST -H 'Content-Type: application/json' \
  -d '{"language":"gizmo","query":"g.V(\"<country:USA>\").Out(\"<tension>\").All()"}' "http://$addr/v1/query"

echo
echo "== the explorer: http://$addr/?entity=person:claudia-sheinbaum (also ?view=dyad&a=USA&b=MEX)"
if [ "${KEEP:-}" = 1 ]; then
  echo "serving until Ctrl-C (KEEP=1)"
  wait $server
fi
