#!/usr/bin/env bash
# Reads every export format back with a parser that is not dipgraph's,
# on a store of the sample articles and the evaluation dev sets
# (../shared/eval/*/input*.jsonl, when present):
#
#   nquads             rapper (raptor2) and rdflib: RDF 1.1 N-Quads, every
#                      IRI absolute under the base, edges in article graphs,
#                      dates typed xsd:date
#   graphml            networkx read_graphml; xmllint well-formedness
#   gexf (1.2, 1.3)    networkx read_gexf (Debian's 2.8 reads 1.2draft;
#                      1.3 is read by the networkx on PATH when it is 3.x);
#                      xmllint well-formedness
#   jsonld             rdflib's JSON-LD parser: the same dataset as the N-Quads
#   json, cytoscape, d3  Python's json, with the edges resolving to nodes
#
# and checks that every format holds the same nodes and edges, and that
# the pages of GET /v1/export (graphml and nquads, a few entities a page)
# parse one by one and together make the whole graph. The GraphML and GEXF
# XSDs are not checked against: Debian ships neither and the check must
# not download them at run time, so structure is checked by networkx and
# by check-exports.py itself.
#
# Installs the parsers with scripts/deps.sh when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
. scripts/serve-lib.sh
work_dir exports

go build -o "$work/dipgraph" ./cmd/dipgraph
db="$work/g.db"
inputs=(samples/articles.jsonl)
for f in ../shared/eval/*/input*.jsonl; do
  [ -f "$f" ] && inputs+=("$f")
done
"$work/dipgraph" ingest --db "$db" --progress never "${inputs[@]}" >"$work/ingest.txt" 2>"$work/ingest.log" || {
  # Skipped articles (over a limit, invalid) fail the ingest but still load the rest.
  grep -q '^ingested' "$work/ingest.txt" || { cat "$work/ingest.log" >&2; exit 1; }
}
echo "check-exports: $(cat "$work/ingest.txt")"

out="$work/out"
mkdir "$out"
"$work/dipgraph" export --db "$db" --format json,cytoscape,d3,graphml,gexf,nquads,jsonld -o "$out" 2>/dev/null
"$work/dipgraph" export --db "$db" --format gexf --gexf-version 1.3 -o "$out/dipgraph-1.3.gexf" 2>/dev/null

for f in "$out/dipgraph.graphml" "$out/dipgraph.gexf" "$out/dipgraph-1.3.gexf"; do
  xmllint --noout "$f"
done
rapper -i nquads -c "$out/dipgraph.nq" 2>"$work/rapper.txt" || { cat "$work/rapper.txt" >&2; exit 1; }
echo "check-exports: rapper $(rapper --version): $(grep -o 'returned.*' "$work/rapper.txt")"

# Pages of the HTTP export.
serve_throwaway "$work/dipgraph" "$db"
pages="$work/pages"
mkdir "$pages"
for format in graphml nquads; do
  cursor="" n=0
  while :; do
    n=$((n + 1))
    url="http://127.0.0.1:$port/v1/export?format=$format&limit=40"
    [ -n "$cursor" ] && url="$url&cursor=$cursor"
    curl -fsS -D "$pages/h" -o "$pages/$format.$n" "$url"
    cursor=$(tr -d '\r' <"$pages/h" | sed -n 's/^X-Dipgraph-Next-Cursor: //Ip')
    [ -z "$cursor" ] && break
    [ "$n" -lt 1000 ] || { echo "check-exports: more than 1000 pages" >&2; exit 1; }
  done
  if [ "$format" = nquads ]; then
    for f in "$pages"/nquads.*; do rapper -q -i nquads -c "$f" 2>/dev/null; done
  else
    for f in "$pages"/graphml.*; do xmllint --noout "$f"; done
  fi
done

/usr/bin/python3 scripts/check-exports.py "$out" "$pages"
if command -v python3 >/dev/null && [ "$(command -v python3)" != /usr/bin/python3 ] &&
  python3 -c 'import networkx, sys; sys.exit(int(networkx.__version__.split(".")[0]) < 3)' 2>/dev/null; then
  python3 scripts/check-exports.py --gexf13 "$out" "$pages"
fi
echo "check-exports: every format read back by independent parsers"
