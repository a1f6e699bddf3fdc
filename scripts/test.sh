#!/usr/bin/env bash
# The project's test command: the explorer's bundle (scripts/build-web.sh),
# formatting, vet, every package's tests (the explorer's in headless
# chromium, installed by scripts/chromium.sh), the graph and httpapi
# suites again on PostgreSQL (a throwaway server started by
# scripts/postgres.sh), several servers on one PostgreSQL with one reading
# from a streaming standby (scripts/postgres.sh standby), every export
# format read back by independent parsers (scripts/check-exports.sh, which
# installs them with scripts/deps.sh), and, when the evaluation sets are
# present beside the project (../shared/eval), the extraction-quality
# guard. CI runs exactly this (.ci/run).
#
# SKIP_PG=1 leaves PostgreSQL out. Without CI set, a PostgreSQL or a
# chromium that cannot be had is reported and skipped; with CI set it fails
# the run. The browser tests' screenshots go to $DIPGRAPH_ARTEFACTS
# (default bin/artefacts).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== explorer bundle (web/)"
# Before vet and the tests: the binary the tests build embeds web/dist.
scripts/build-web.sh

echo "== chromium for the explorer's browser tests"
if chromium_path=$(scripts/chromium.sh); then
  echo "$chromium_path"
  export CHROMIUM=$chromium_path
elif [ -n "${CI:-}" ]; then
  echo "chromium could not be installed and CI is set: failing" >&2
  exit 1
else
  echo "== chromium could not be installed: the browser tests will skip (CI would fail here)" >&2
fi
export DIPGRAPH_ARTEFACTS=${DIPGRAPH_ARTEFACTS:-$PWD/bin/artefacts}

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'))
if [ -n "$unformatted" ]; then
  printf 'gofmt would change:\n%s\n' "$unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== tools the tests use (scripts/deps.sh)"
scripts/deps.sh

echo "== go test"
# cmd/dipgraph runs real servers under latency and CPU bounds (reads during
# a delete, hostile queries): it runs after the other packages rather than
# beside them, so that on a 2-core machine their suites do not eat its
# budget.
go test -count=1 $(go list ./... | grep -v '/cmd/dipgraph$')
go test -count=1 ./cmd/dipgraph
echo "== the explorer's screenshots: $DIPGRAPH_ARTEFACTS"

if [ "${SKIP_PG:-}" = 1 ]; then
  echo "== go test on PostgreSQL: skipped (SKIP_PG=1)"
else
  echo "== go test on PostgreSQL (graph, httpapi)"
  DIPGRAPH_PG_STATE=$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-pgstate.XXXXXX")
  export DIPGRAPH_PG_STATE
  trap 'scripts/postgres.sh stop || true; rm -rf "$DIPGRAPH_PG_STATE"' EXIT
  if pg_url=$(DIPGRAPH_PG_FAST=1 scripts/postgres.sh start); then
    DIPGRAPH_TEST_DB=$pg_url go test -count=1 ./graph/... ./httpapi/...
    echo "== several servers on one PostgreSQL, one reading from a streaming standby (cmd/dipgraph)"
    if standby_url=$(DIPGRAPH_PG_FAST=1 scripts/postgres.sh standby); then
      export DIPGRAPH_TEST_STANDBY=$standby_url
    elif [ -n "${CI:-}" ]; then
      echo "the PostgreSQL standby could not be started and CI is set: failing" >&2
      exit 1
    else
      echo "== the PostgreSQL standby could not be started: the standby cases skip (CI would fail here)" >&2
    fi
    DIPGRAPH_TEST_DB=$pg_url go test -count=1 -run 'Replica|OnPostgres' ./cmd/dipgraph
  elif [ -n "${CI:-}" ]; then
    echo "PostgreSQL could not be started and CI is set: failing" >&2
    exit 1
  else
    echo "== PostgreSQL could not be started: the PostgreSQL run is skipped (CI would fail here)" >&2
  fi
fi

echo "== exports read back by independent parsers (rapper, rdflib, networkx, xmllint)"
scripts/check-exports.sh

if [ -d ../shared/eval ]; then
  echo "== extraction quality (../shared/eval)"
  scripts/eval.sh
else
  echo "== extraction quality: ../shared/eval not present, skipped"
fi
