#!/usr/bin/env bash
# HTTP benchmarks of the analysis endpoints on the synthetic store of
# 2,400 articles, about 0.3 million quads (graph.OpenSynthetic with BenchArticles and BenchSeed).
# Not run in CI.
#
#   scripts/bench-http.sh
#
# Environment:
#   BENCH_DB   the synthetic store (default /tmp/graphq-bench-db); built
#              first when it holds no complete one (a minute or so)
#   PORT       port of the server (default 18080)
#   DURATION   length of each wrk run (default 20s)
#   CONNS      connections of the load run (default 16)
#
# It builds dipgraph, serves the store with no rate limits, fetches the
# entity and country IDs, then measures with wrk from a second process,
# each request on a random entity (or pair):
#   - latency (one connection, one request at a time; median and p99) of
#     the 1-hop neighbourhood, the depth-2 subgraph, shortest paths, the
#     monthly dyad report, and the same 1-hop question as raw Gizmo;
#   - requests/s of the 1-hop neighbourhood with CONNS connections.
set -euo pipefail
cd "$(dirname "$0")/.."

db=${BENCH_DB:-/tmp/graphq-bench-db}
addr=127.0.0.1:${PORT:-18080}
duration=${DURATION:-20s}
conns=${CONNS:-16}
base=http://$addr

if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi
for tool in jq curl; do
  command -v $tool >/dev/null || { echo "bench-http: $tool is needed" >&2; exit 1; }
done

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f "$db/synthetic.json" ]; then
  # The graph package's benchmarks open (and first build) the shared store
  # through graph.OpenSynthetic; one iteration of the cheapest is enough.
  echo "== building the synthetic store in $db"
  DIPGRAPH_BENCH_DB=$db go test ./graph -run '^$' -bench '^BenchmarkDyads$' -benchtime 1x >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; exit 1; }
fi
echo "== store $db: $(jq -c . "$db/synthetic.json")"

go build -o "$work/dipgraph" ./cmd/dipgraph
"$work/dipgraph" serve --db "$db" --addr "$addr" --query-rate 0 --write-rate 0 --allow-anonymous-writes --open-raw-queries \
  2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "$base/readyz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }

# The IDs the requests draw from: every entity, and every country.
fetch_ids() { # $1: extra query, $2: output file
  local url="$base/v1/entities?limit=1000$1" page
  : >"$2"
  while :; do
    page=$(curl -fsS "$url")
    jq -r '.items[].id' <<<"$page" >>"$2"
    local next
    next=$(jq -r '.next_cursor // empty' <<<"$page")
    [ -z "$next" ] && break
    url="$base/v1/entities?limit=1000$1&cursor=$next"
  done
}
fetch_ids "" "$work/entities.txt"
fetch_ids "&type=country" "$work/countries.txt"
echo "== $(wc -l <"$work/entities.txt") entities, $(wc -l <"$work/countries.txt") countries"

# One Lua script for every run; BENCH_MODE says what to ask.
cat >"$work/bench.lua" <<'LUA'
local mode = os.getenv("BENCH_MODE")
local function load(file)
  local t = {}
  for line in io.lines(file) do if line ~= "" then t[#t + 1] = line end end
  return t
end
local ents, countries
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  ents = load(os.getenv("BENCH_ENTITIES"))
  countries = load(os.getenv("BENCH_COUNTRIES"))
  math.randomseed(os.time() + (tid or 0) * 7919)
end

local function pick(t) return t[math.random(#t)] end
local function pair(t)
  local a, b = pick(t), pick(t)
  while b == a do b = pick(t) end
  return a, b
end
local function gizmoBody(id)
  -- The analyst edges of one entity, both ways, with their predicate and
  -- other end, read from the statements as /v1/graph reads them.
  local q = 'g.V("<' .. id .. '>").In("<subject>").Tag("stmt").Out("<predicate>").Tag("p").Back("stmt").Out("<object>").Tag("other").All(); ' ..
            'g.V("<' .. id .. '>").In("<object>").Tag("stmt").Out("<predicate>").Tag("p").Back("stmt").Out("<subject>").Tag("other").All()'
  return '{"language":"gizmo","query":"' .. q:gsub('"', '\\"') .. '"}'
end
local function gizmoNaive(id)
  -- Every quad in or out of the entity, predicate tagged: less than the
  -- question asks (node facts too, no support, no dates), but the cheapest.
  local q = 'g.V("<' .. id .. '>").Both(null, "p").All()'
  return '{"language":"gizmo","query":"' .. q:gsub('"', '\\"') .. '"}'
end

request = function()
  if mode == "graph1" then
    return wrk.format("GET", "/v1/graph?center=" .. pick(ents))
  elseif mode == "graph2" then
    return wrk.format("GET", "/v1/graph?depth=2&center=" .. pick(ents))
  elseif mode == "paths" then
    local a, b = pair(ents)
    return wrk.format("GET", "/v1/paths?from=" .. a .. "&to=" .. b)
  elseif mode == "dyad" then
    local a, b = pair(countries)
    return wrk.format("GET", "/v1/dyads/" .. a .. "/" .. b)
  elseif mode == "gizmo" then
    return wrk.format("POST", "/v1/query", {["Content-Type"] = "application/json"}, gizmoBody(pick(ents)))
  elseif mode == "gizmo-naive" then
    return wrk.format("POST", "/v1/query", {["Content-Type"] = "application/json"}, gizmoNaive(pick(ents)))
  end
  error("unknown BENCH_MODE " .. tostring(mode))
end
LUA

export BENCH_ENTITIES=$work/entities.txt BENCH_COUNTRIES=$work/countries.txt
results=$work/results.txt
: >"$results"

# run NAME MODE CONNECTIONS [DURATION]: one wrk run, its summary appended to results.
run() {
  local name=$1 mode=$2 c=$3 d=${4:-$duration} out="$work/wrk-$2-$3.txt"
  echo
  echo "== $name: $mode, $c connection(s), $d"
  BENCH_MODE=$mode wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "$d" --timeout 10s --latency -s "$work/bench.lua" "$base" | tee "$out"
  awk -v name="$name" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /Requests\/sec/ { rps = $2 } /requests in/ { n = $1 } /Non-2xx/ { bad = $NF }
    END { printf "%-22s p50 %9.2f ms   p99 %9.2f ms   %9.1f req/s   %7d requests   %s non-2xx\n", name, p50, p99, rps, n, bad + 0 }
  ' "$out" >>"$results"
}

# Warm the statement cache as a running server has it.
BENCH_MODE=graph1 wrk -t 1 -c 1 -d 5s -s "$work/bench.lua" "$base" >/dev/null

run "1-hop /v1/graph" graph1 1
run "depth-2 /v1/graph" graph2 1
run "paths /v1/paths" paths 1
run "dyad /v1/dyads/a/b" dyad 1
run "1-hop raw Gizmo" gizmo 1 "${GIZMO_DURATION:-60s}"
run "1-hop Gizmo Both()" gizmo-naive 1
run "1-hop /v1/graph load" graph1 "$conns"

echo
echo "== summary ($(nproc) CPUs, server and wrk on the same host)"
cat "$results"
awk '
  /^1-hop \/v1\/graph  / { g50 = $(NF-10); g99 = $(NF-7) }
  /^1-hop raw Gizmo/ { r50 = $(NF-10); r99 = $(NF-7) }
  /^1-hop Gizmo Both/ { b50 = $(NF-10); b99 = $(NF-7) }
  END {
    if (g50 > 0) {
      printf "raw Gizmo / /v1/graph 1-hop latency: p50 %.0fx, p99 %.0fx\n", r50 / g50, r99 / g99
      printf "Gizmo Both() / /v1/graph 1-hop latency: p50 %.1fx, p99 %.1fx\n", b50 / g50, b99 / g99
    }
  }' "$results"
