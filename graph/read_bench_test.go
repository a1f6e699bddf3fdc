package graph

import (
	"context"
	"math/rand"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// The read benchmarks run on the synthetic store of the analysis
// benchmarks ($DIPGRAPH_BENCH_DB), with the caches as a running server has
// them after the first call of each kind (b.N calls over a few inputs):
//
//	DIPGRAPH_BENCH_DB=/tmp/dipgraph-bench go test -run '^$' -bench 'Read' ./graph

// benchHubs are the countries most reported on, as entity IDs.
func benchHubs(b *testing.B) []string {
	benchStore(b)
	out := make([]string, 0, 5)
	for _, c := range bench.hubs[:5] {
		out = append(out, schema.CountryID(c))
	}
	return out
}

func benchRead(b *testing.B, op func(ctx context.Context, i int) (int, error)) {
	ctx := context.Background()
	lat := make(latencies, 0, b.N)
	items := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		n, err := op(ctx, i)
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		items += n
	}
	b.StopTimer()
	lat.report(b)
	b.ReportMetric(float64(items)/float64(b.N), "items/op")
}

func BenchmarkReadEntityHub(b *testing.B) {
	s, hubs := benchStore(b), benchHubs(b)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		_, err := s.Entity(ctx, hubs[i%len(hubs)])
		return 1, err
	})
}

func BenchmarkReadEntity(b *testing.B) {
	s := benchStore(b)
	ids := centers(512)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		_, err := s.Entity(ctx, ids[i%len(ids)])
		return 1, err
	})
}

func BenchmarkReadEntitiesSearch(b *testing.B) {
	s := benchStore(b)
	qs := []string{"leader", "surname1", "united", "x", "zz-no-such-name"}
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		es, _, err := s.Entities(ctx, EntityFilter{Query: qs[i%len(qs)], Page: Page{Limit: 20}})
		return len(es), err
	})
}

func BenchmarkReadEntitiesAll(b *testing.B) {
	s := benchStore(b)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		es, _, err := s.Entities(ctx, EntityFilter{Page: Page{Limit: 50}})
		return len(es), err
	})
}

func BenchmarkReadRelationsHub(b *testing.B) {
	s, hubs := benchStore(b), benchHubs(b)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		ts, _, err := s.Relations(ctx, hubs[i%len(hubs)], Page{Limit: 50})
		return len(ts), err
	})
}

func BenchmarkReadRelations(b *testing.B) {
	s := benchStore(b)
	ids := centers(512)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		ts, _, err := s.Relations(ctx, ids[i%len(ids)], Page{Limit: 50})
		return len(ts), err
	})
}

func BenchmarkReadTriplesSubject(b *testing.B) {
	s := benchStore(b)
	ids := append(benchHubs(b), centers(64)...)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		ts, _, err := s.Triples(ctx, TripleFilter{Subject: ids[i%len(ids)], Page: Page{Limit: 50}})
		return len(ts), err
	})
}

func BenchmarkReadEventsActorHub(b *testing.B) {
	s, hubs := benchStore(b), benchHubs(b)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		es, _, err := s.Events(ctx, EventFilter{Actor: hubs[i%len(hubs)], Page: Page{Limit: 50}})
		return len(es), err
	})
}

func BenchmarkReadEventsActor(b *testing.B) {
	s := benchStore(b)
	ids := centers(512)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		es, _, err := s.Events(ctx, EventFilter{Actor: ids[i%len(ids)], Page: Page{Limit: 50}})
		return len(es), err
	})
}

// benchDates returns n dates spread over the synthetic store's two years.
func benchDates(n int) []string {
	rng := rand.New(rand.NewSource(3))
	out := make([]string, n)
	for i := range out {
		out[i] = synthEpoch.AddDate(0, 0, rng.Intn(synthDays)).Format("2006-01-02")
	}
	return out
}

// BenchmarkReadEventsAll pages every event newest first (no actor, no
// type) from the date index: the first page, or the page that starts at a
// date anywhere in the store's range.
func BenchmarkReadEventsAll(b *testing.B) {
	s := benchStore(b)
	dates := benchDates(256)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		f := EventFilter{Page: Page{Limit: 50}}
		if i%4 != 0 {
			f.To = dates[i%len(dates)]
		}
		es, _, err := s.Events(ctx, f)
		return len(es), err
	})
}

// BenchmarkReadEventsAllSorted is BenchmarkReadEventsAll as it was read
// before the date index: every event's digest read and sorted, then
// paged (what a type filter still does).
func BenchmarkReadEventsAllSorted(b *testing.B) {
	s := benchStore(b)
	dates := benchDates(256)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		v, done, err := s.view()
		if err != nil {
			return 0, err
		}
		defer done()
		l, err := v.readEventList(ctx, EventFilter{}, "")
		if err != nil {
			return 0, err
		}
		heads := l.heads
		if i%4 != 0 {
			to := dates[i%len(dates)]
			heads = heads[sort.Search(len(heads), func(j int) bool { return heads[j].ev.Date <= to }):]
		}
		page, err := v.fullEvents(ctx, heads[:min(50, len(heads))])
		return len(page), err
	})
}

// BenchmarkReadTriplesPredicate pages the triples of a predicate, from
// the start or from an entity anywhere in the list.
func BenchmarkReadTriplesPredicate(b *testing.B) {
	s := benchStore(b)
	preds := []string{schema.PredLeads, schema.PredTension, schema.Reject, schema.Agree, schema.Accuse, "offered"}
	from := centers(256)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		f := TripleFilter{Predicate: preds[i%len(preds)], Page: Page{Limit: 50}}
		if i%3 != 0 {
			f.Cursor = encodeCursor(from[i%len(from)])
		}
		ts, _, err := s.Triples(ctx, f)
		return len(ts), err
	})
}

// BenchmarkReadTriplesPredicateScan is BenchmarkReadTriplesPredicate as
// it was read before the kept lists: every statement of the predicate
// read and grouped, then paged.
func BenchmarkReadTriplesPredicateScan(b *testing.B) {
	s := benchStore(b)
	preds := []string{schema.PredLeads, schema.PredTension, schema.Reject, schema.Agree, schema.Accuse, "offered"}
	from := centers(256)
	benchRead(b, func(ctx context.Context, i int) (int, error) {
		v, done, err := s.view()
		if err != nil {
			return 0, err
		}
		defer done()
		p := preds[i%len(preds)]
		refs, err := v.subjects(ctx, PredPredicate, quad.IRI(p))
		if err != nil {
			return 0, err
		}
		stmts, err := v.statements(ctx, refs)
		if err != nil {
			return 0, err
		}
		pg := Page{Limit: 50}
		if i%3 != 0 {
			pg.Cursor = encodeCursor(from[i%len(from)])
		}
		ts, _, err := pageTriples(group(stmts, func(st statement) bool { return st.p == p }), pg)
		return len(ts), err
	})
}

// benchAfterWrite times op on hub countries right after a write that
// mentions them (the benchmark articles name people of the countries of
// benchCountries), as a server under a steady writer sees it. It writes
// to the store: run it on a copy.
func benchAfterWrite(b *testing.B, op func(ctx context.Context, id string) (int, error)) {
	s := benchStore(b)
	if os.Getenv("DIPGRAPH_BENCH_WRITES") == "" {
		b.Skip("DIPGRAPH_BENCH_WRITES is not set: these benchmarks write to the store")
	}
	ctx := context.Background()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	hubs := []string{"country:USA", "country:CHN", "country:RUS", "country:MEX"}
	for _, id := range hubs {
		if _, err := op(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
	lat := make(latencies, 0, b.N)
	items := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := benchDoc(rng, rng.Intn(1<<30))
		if _, err := s.Ingest(ctx, d.a, d.r); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		n, err := op(ctx, hubs[i%len(hubs)])
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		items += n
	}
	b.StopTimer()
	lat.report(b)
	b.ReportMetric(float64(items)/float64(b.N), "items/op")
}

func BenchmarkReadAfterWriteEntity(b *testing.B) {
	s := benchStore(b)
	benchAfterWrite(b, func(ctx context.Context, id string) (int, error) {
		_, err := s.Entity(ctx, id)
		return 1, err
	})
}

func BenchmarkReadAfterWriteRelations(b *testing.B) {
	s := benchStore(b)
	benchAfterWrite(b, func(ctx context.Context, id string) (int, error) {
		ts, _, err := s.Relations(ctx, id, Page{Limit: 50})
		return len(ts), err
	})
}

func BenchmarkReadAfterWriteEvents(b *testing.B) {
	s := benchStore(b)
	benchAfterWrite(b, func(ctx context.Context, id string) (int, error) {
		es, _, err := s.Events(ctx, EventFilter{Actor: id, Page: Page{Limit: 50}})
		return len(es), err
	})
}

func BenchmarkReadAfterWriteSearch(b *testing.B) {
	s := benchStore(b)
	benchAfterWrite(b, func(ctx context.Context, _ string) (int, error) {
		es, _, err := s.Entities(ctx, EntityFilter{Query: "surname1", Page: Page{Limit: 20}})
		return len(es), err
	})
}

// BenchmarkReadMixed runs the reads of scripts/loadtest.sh in parallel
// (entity, relations, triples by subject, events by actor, name search)
// over hubs and entities drawn uniformly, with a writer ingesting an
// article every 200 ms. It writes to the store: run it on a copy.
func BenchmarkReadMixed(b *testing.B) {
	s := benchStore(b)
	if os.Getenv("DIPGRAPH_BENCH_WRITES") == "" {
		b.Skip("DIPGRAPH_BENCH_WRITES is not set: this benchmark writes to the store")
	}
	ids := append(benchHubs(b), centers(200)...)
	terms := []string{"lead", "surn", "unit", "min", "ande", "berg"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Warm the caches as a server that has run a while has them.
	for _, id := range ids {
		s.Entity(ctx, id)
		s.Relations(ctx, id, Page{})
		s.Triples(ctx, TripleFilter{Subject: id})
		s.Events(ctx, EventFilter{Actor: id})
	}
	for _, q := range terms {
		s.Entities(ctx, EntityFilter{Query: q})
	}
	writerDone := make(chan error, 1)
	go func() {
		rng := rand.New(rand.NewSource(time.Now().UnixNano()))
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				writerDone <- nil
				return
			case <-t.C:
			}
			d := benchDoc(rng, rng.Intn(1<<30))
			if _, err := s.Ingest(ctx, d.a, d.r); err != nil && ctx.Err() == nil {
				writerDone <- err
				return
			}
		}
	}()
	var mu sync.Mutex
	var lat latencies
	var n atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine latencies
		for pb.Next() {
			i := int(n.Add(1))
			id := ids[(i/5)%len(ids)]
			t0 := time.Now()
			var err error
			switch i % 5 {
			case 0:
				_, err = s.Entity(ctx, id)
			case 1:
				_, _, err = s.Relations(ctx, id, Page{})
			case 2:
				_, _, err = s.Triples(ctx, TripleFilter{Subject: id})
			case 3:
				_, _, err = s.Events(ctx, EventFilter{Actor: id})
			case 4:
				_, _, err = s.Entities(ctx, EntityFilter{Query: terms[i%len(terms)]})
			}
			mine = append(mine, time.Since(t0))
			if err != nil && ctx.Err() == nil {
				b.Error(err)
				return
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	cancel()
	if err := <-writerDone; err != nil {
		b.Fatal(err)
	}
	lat.report(b)
}
