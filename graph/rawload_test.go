package graph

import (
	"context"
	"os"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// TestRawCayleyLoad measures how fast a backend takes quads straight
// through Cayley, without dipgraph's extraction or bookkeeping: every quad
// of the store DIPGRAPH_RAW_SRC (e.g. a bolt store filled by `dipgraph
// ingest`) is written into the empty store DIPGRAPH_RAW_DST in
// transactions of 10,000 quads. Only the writes are timed. It is the
// yardstick of scripts/bench-ingest.sh; without both variables it is
// skipped.
//
//	DIPGRAPH_RAW_SRC=/tmp/a.db DIPGRAPH_RAW_DST=postgres://… go test -run RawCayleyLoad -v ./graph
func TestRawCayleyLoad(t *testing.T) {
	src, dst := os.Getenv("DIPGRAPH_RAW_SRC"), os.Getenv("DIPGRAPH_RAW_DST")
	if src == "" || dst == "" {
		t.Skip("set DIPGRAPH_RAW_SRC (a store to copy) and DIPGRAPH_RAW_DST (an empty store) to measure raw load rates")
	}
	const batch = 10000
	ctx := context.Background()
	in, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if st, err := out.Stats(ctx); err != nil || st.Quads > 0 {
		t.Fatalf("destination is not empty: %+v, %v", st, err)
	}
	r, done, err := in.read()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	it := r.qs.QuadsAllIterator()
	defer it.Close()
	var (
		raw     []rawQuad
		written int
		busy    time.Duration
	)
	flush := func() {
		if len(raw) == 0 {
			return
		}
		quads, err := r.resolve(ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		deltas := make([]cgraph.Delta, 0, len(quads))
		for _, q := range quads {
			if q.IsValid() {
				deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
			}
		}
		start := time.Now()
		if err := out.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
			t.Fatal(err)
		}
		busy += time.Since(start)
		written += len(deltas)
		raw = raw[:0]
	}
	for it.Next(ctx) {
		q := it.Result()
		raw = append(raw, rawQuad{
			s: r.qs.QuadDirection(q, quad.Subject),
			p: r.qs.QuadDirection(q, quad.Predicate),
			o: r.qs.QuadDirection(q, quad.Object),
			l: r.qs.QuadDirection(q, quad.Label),
		})
		if len(raw) == batch {
			flush()
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	flush()
	t.Logf("raw load: %d quads in %.2fs: %.0f quads/s", written, busy.Seconds(), float64(written)/busy.Seconds())
}
