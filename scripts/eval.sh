#!/usr/bin/env bash
# Scores the extractor on the development gold sets in ../shared/eval and
# fails when a score drops below its floor. Floors only ever go up. The
# realnews-dev floors guard real multi-paragraph news as well.
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${EVAL_DIR:-../shared/eval}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/dipgraph" ./cmd/dipgraph

# set  input  gold  floors (metric:field>=value …)
check() {
  local name=$1 input=$2 gold=$3; shift 3
  "$tmp/dipgraph" extract "$input" >"$tmp/$name.jsonl" 2>"$tmp/$name.log"
  python3 "$eval_dir/score.py" --gold "$gold" --pred "$tmp/$name.jsonl" --json >"$tmp/$name.json"
  python3 - "$name" "$tmp/$name.json" "$@" <<'PY'
import json, sys
name, path, floors = sys.argv[1], sys.argv[2], sys.argv[3:]
m = json.load(open(path))
failed = False
parts = []
for f in floors:
    key, want = f.split(">=")
    level, field = key.split(":")
    got = m.get(level, {}).get(field, 0.0)
    ok = got >= float(want)
    failed |= not ok
    parts.append(f"{level} {field} {got:.3f} (floor {want}){'' if ok else ' BELOW'}")
print(f"{name}: " + "; ".join(parts))
sys.exit(1 if failed else 0)
PY
}

status=0
check seed "$eval_dir/seed/input.jsonl" "$eval_dir/seed/gold.json" \
  triple:recall">="${SEED_TRIPLE_RECALL:-1.0} persons:f1">="1.0 person_country:f1">="1.0 || status=1
check plover "$eval_dir/plover/input-dev.jsonl" "$eval_dir/plover/gold-dev.json" \
  type:f1">="0.88 triple:f1">="0.74 triple:precision">="0.76 || status=1
# Real multi-paragraph news: the closest to what analysts ingest.
check realnews "$eval_dir/realnews-dev/input.jsonl" "$eval_dir/realnews-dev/gold.json" \
  type:f1">="0.70 triple:f1">="0.46 triple:precision">="0.50 persons:f1">="0.94 person_country:f1">="0.90 || status=1
# Entities an analyst can trust: no calendar or function words as people,
# no countryless organisation joining unrelated articles.
"$tmp/dipgraph" extract samples/articles.jsonl "$eval_dir/seed/input.jsonl" "$eval_dir/plover/input-dev.jsonl" \
  "$eval_dir/realnews-dev/input.jsonl" 2>/dev/null | python3 scripts/check-entities.py || status=1
exit $status
