#!/usr/bin/env bash
# The project's test command: formatting, vet, every package's tests, and,
# when the evaluation sets are present beside the project (../shared/eval),
# the extraction-quality guard. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'))
if [ -n "$unformatted" ]; then
  printf 'gofmt would change:\n%s\n' "$unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

if [ -d ../shared/eval ]; then
  echo "== extraction quality (../shared/eval)"
  scripts/eval.sh
else
  echo "== extraction quality: ../shared/eval not present, skipped"
fi
