#!/usr/bin/env bash
# The main job, end to end: build the explorer and dipgraph, ingest the
# sample articles into a fresh embedded store, serve it, and ask the HTTP
# API a few questions; the explorer is then at / on the same address.
#
#   PORT=9090 scripts/demo.sh   serve on another port (default 8080; when
#                               8080 is taken and PORT is not set, a free
#                               port is picked)
#   KEEP=1 scripts/demo.sh      keep the store afterwards, and say where
#   SERVE=1 scripts/demo.sh     keep serving (the API and the explorer) until Ctrl-C
#   DIPGRAPH_BIN=path           use a built dipgraph instead of building bin/dipgraph
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '== %s\n' "$*"; }

# port_in_use reports whether something listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -n "${PORT:-}" ]; then
  if port_in_use "$PORT"; then
    echo "demo: port $PORT is in use on 127.0.0.1 (another server?): stop it or choose another, e.g. PORT=9090 scripts/demo.sh" >&2
    exit 1
  fi
  port=$PORT
else
  port=8080
  if port_in_use "$port"; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
      echo $((20000 + RANDOM % 30000)))
    say "port 8080 is in use: serving on $port instead (PORT=… picks one)"
  fi
fi
addr=127.0.0.1:$port

bin=${DIPGRAPH_BIN:-}
if [ -z "$bin" ]; then
  say "building the explorer (scripts/build-web.sh: npm packages on a fresh machine)"
  scripts/build-web.sh
  say "building bin/dipgraph (the first build fetches the Go modules and compiles Cayley: a minute or two on a fresh machine)"
  go build -o bin/dipgraph ./cmd/dipgraph
  bin=bin/dipgraph
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-demo.XXXXXX")
db="$work/dipgraph.db"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ "${KEEP:-}" = 1 ]; then
    rm -f "$work/serve.log"
    echo "demo: the store is kept in $db: bin/dipgraph serve --db $db"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

say "ingest samples/articles.jsonl into a fresh store"
"$bin" ingest --db "$db" --progress never samples/articles.jsonl

say "serve on $addr"
# Raw queries (arbitrary JavaScript) need an API key unless opened; this
# demo listens on loopback only and opens them for the last example.
"$bin" serve --db "$db" --addr "$addr" --open-raw-queries 2>"$work/serve.log" &
server=$!
up=""
for _ in $(seq 100); do
  if curl -fs "http://$addr/healthz" >/dev/null 2>&1; then
    up=1
    break
  fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$up" ]; then
  echo "demo: the server did not come up on $addr; its log:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi

# quote prints a command line that can be pasted into a shell.
quote() {
  local out="" a
  for a in "$@"; do
    case $a in
      *[!A-Za-z0-9_./:=@%+,-]*) a="'${a//\'/\'\\\'\'}'" ;;
    esac
    out="$out $a"
  done
  printf '%s\n' "${out# }"
}
# Pretty-print with jq when it is there; raw JSON otherwise.
pretty() { if command -v jq >/dev/null; then jq .; else cat; echo; fi; }
show() {
  echo
  echo "\$ $(quote curl -s "$@")"
  curl -fsS "$@" | pretty
}
show "http://$addr/v1/entities/person:claudia-sheinbaum"
show "http://$addr/v1/triples?subject=person:claudia-sheinbaum&predicate=rejected"
show "http://$addr/v1/events?actor=country:MEX&type=REJECT&limit=1"
show "http://$addr/v1/articles?limit=2"
show -X POST -H 'Content-Type: application/json' \
  -d '{"language":"gizmo","query":"g.V(\"<country:USA>\").Out(\"<tension>\").All()"}' "http://$addr/v1/query"

echo
say "the explorer: http://$addr/?entity=person:claudia-sheinbaum (also ?view=dyad&a=USA&b=MEX)"
if [ "${SERVE:-}" = 1 ]; then
  say "serving until Ctrl-C (SERVE=1)"
  wait "$server"
fi
cat <<NEXT

== next
The server stops with this demo. To go on exploring, keep a store and serve it:
  bin/dipgraph ingest --db session.db samples/articles.jsonl
  bin/dipgraph serve --db session.db
then follow "An analyst's session" in the README (dyads, paths, subgraphs,
exports for Gephi and RDF tools), open the explorer at http://127.0.0.1:8080/,
or read http://127.0.0.1:8080/openapi.json.
NEXT
