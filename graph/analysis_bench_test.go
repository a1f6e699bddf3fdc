package graph

import (
	"context"
	"io"
	"math/rand"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// The analysis benchmarks run on a synthetic store of 2,400 articles
// (about 0.3 million quads; 1.1 million in format 1; DIPGRAPH_BENCH_ARTICLES=8000 makes about a
// million), built once into $DIPGRAPH_BENCH_DB and reused by
// later runs (and by other packages' benchmarks, through OpenSynthetic):
//
//	DIPGRAPH_BENCH_DB=/tmp/dipgraph-bench go test -run '^$' -bench 'Subgraph|Paths|Dyad|Export' ./graph
//
// Without the variable they are skipped.

var bench struct {
	once   sync.Once
	logged sync.Once
	s      *Store
	info   SyntheticInfo
	err    error
	ents   []string // every entity, sorted
	hubs   []string // the ten countries most reported on
}

func benchStore(b *testing.B) *Store {
	b.Helper()
	dir := os.Getenv("DIPGRAPH_BENCH_DB")
	if dir == "" {
		b.Skip("DIPGRAPH_BENCH_DB is not set: it names the directory of the synthetic benchmark store")
	}
	bench.once.Do(func() {
		articles := BenchArticles
		if n, err := strconv.Atoi(os.Getenv("DIPGRAPH_BENCH_ARTICLES")); err == nil && n > 0 {
			articles = n // a bigger store: about 8,000 articles make a million quads
		}
		bench.s, bench.info, bench.err = OpenSynthetic(context.Background(), dir, articles, BenchSeed)
		if bench.err != nil {
			return
		}
		ents, err := bench.s.exportEntities(context.Background())
		if err != nil {
			bench.err = err
			return
		}
		for _, e := range ents {
			bench.ents = append(bench.ents, e.id)
		}
		bench.hubs = synthISO3[:10]
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	bench.logged.Do(func() {
		b.Logf("store %s: %d quads, %d articles, generated in %v (0: reused)", dir, bench.info.Quads, bench.info.Articles, bench.info.Generated)
	})
	return bench.s
}

// latencies records each operation's time and reports the median and the
// 99th percentile besides ns/op.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	b.ReportMetric(float64(l[len(l)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(l[min(len(l)-1, len(l)*99/100)].Nanoseconds()), "p99-ns")
}

// centers draws n entities uniformly (most are people).
func centers(n int) []string {
	rng := rand.New(rand.NewSource(7))
	out := make([]string, n)
	for i := range out {
		out[i] = bench.ents[rng.Intn(len(bench.ents))]
	}
	return out
}

func benchSubgraph(b *testing.B, depth int, ids []string, cold bool) {
	s := benchStore(b)
	if ids == nil {
		ids = centers(512)
	}
	lat := make(latencies, 0, b.N)
	edges := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if cold {
			b.StopTimer()
			s.cache.reset()
			b.StartTimer()
		}
		t0 := time.Now()
		g, err := s.Subgraph(context.Background(), SubgraphOptions{Center: ids[i%len(ids)], Depth: depth})
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		edges += len(g.Edges)
	}
	b.StopTimer()
	lat.report(b)
	b.ReportMetric(float64(edges)/float64(b.N), "edges/op")
}

// BenchmarkSubgraph1Hop: depth 1 around entities drawn uniformly, with
// the statement cache warm (as a running server has it).
func BenchmarkSubgraph1Hop(b *testing.B) { benchSubgraph(b, 1, nil, false) }

// BenchmarkSubgraph1HopCold: the same with the cache emptied before each
// call.
func BenchmarkSubgraph1HopCold(b *testing.B) { benchSubgraph(b, 1, nil, true) }

// BenchmarkSubgraph1HopHub: depth 1 around the ten biggest countries.
func BenchmarkSubgraph1HopHub(b *testing.B) {
	benchStore(b)
	var ids []string
	for _, c := range bench.hubs {
		ids = append(ids, schema.CountryID(c))
	}
	benchSubgraph(b, 1, ids, false)
}

// BenchmarkSubgraph2Hop: depth 2 (at most DefaultSubgraphLimit edges).
func BenchmarkSubgraph2Hop(b *testing.B) { benchSubgraph(b, 2, nil, false) }

// BenchmarkPaths: shortest paths (at most 4 hops, 10 paths) between
// entities drawn uniformly.
func BenchmarkPaths(b *testing.B) {
	s := benchStore(b)
	ids := centers(1024)
	lat := make(latencies, 0, b.N)
	found, hops := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		from, to := ids[(2*i)%len(ids)], ids[(2*i+1)%len(ids)]
		t0 := time.Now()
		ps, err := s.Paths(context.Background(), from, to, 4, 10)
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		if len(ps) > 0 {
			found++
			hops += len(ps[0].Hops)
		}
	}
	b.StopTimer()
	lat.report(b)
	b.ReportMetric(float64(found)/float64(b.N), "found/op")
	if found > 0 {
		b.ReportMetric(float64(hops)/float64(found), "hops/path")
	}
}

// BenchmarkDyad: monthly reports over two years between pairs of the ten
// biggest countries. BenchmarkDyadCold forgets the cached answers before
// each one: what an answer costs after a write touched it.
func BenchmarkDyad(b *testing.B)     { benchDyad(b, false) }
func BenchmarkDyadCold(b *testing.B) { benchDyad(b, true) }

func benchDyad(b *testing.B, cold bool) {
	s := benchStore(b)
	var pairs [][2]string
	for i, a := range bench.hubs {
		for _, c := range bench.hubs[i+1:] {
			pairs = append(pairs, [2]string{schema.CountryID(a), schema.CountryID(c)})
		}
	}
	lat := make(latencies, 0, b.N)
	events := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pairs[i%len(pairs)]
		if cold {
			s.cache.forgetDyads()
		}
		t0 := time.Now()
		rep, err := s.Dyad(context.Background(), p[0], p[1], DyadOptions{Interval: IntervalMonth})
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		events += rep.Totals.Events
	}
	b.StopTimer()
	lat.report(b)
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

// BenchmarkDyads: the counterpart ranking of the ten biggest countries;
// BenchmarkDyadsCold without the cached answers.
func BenchmarkDyads(b *testing.B)     { benchDyads(b, false) }
func BenchmarkDyadsCold(b *testing.B) { benchDyads(b, true) }

func benchDyads(b *testing.B, cold bool) {
	s := benchStore(b)
	lat := make(latencies, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if cold {
			s.cache.forgetDyads()
		}
		t0 := time.Now()
		if _, err := s.Dyads(context.Background(), schema.CountryID(bench.hubs[i%len(bench.hubs)]), DyadsByTension, 50); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	lat.report(b)
}

// BenchmarkExportGraph: the whole graph as GraphML, to nowhere, with the
// peak of the live heap above what it was before (sampled every
// millisecond).
func BenchmarkExportGraph(b *testing.B) {
	s := benchStore(b)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
			}
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cw := &countWriter{}
		w, err := export.NewWriter(export.GraphML, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.ExportGraph(context.Background(), &teeWriter{w, cw}, ExportOptions{}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cw.nodes), "nodes")
		b.ReportMetric(float64(cw.edges), "edges")
	}
	b.StopTimer()
	close(stop)
	if p := peak.Load(); p > base {
		b.ReportMetric(float64(p-base)/(1<<20), "peak-heap-MB")
	}
}

// teeWriter counts what it passes on.
type teeWriter struct {
	export.Writer
	c *countWriter
}

func (t *teeWriter) Node(n export.Node) error { t.c.nodes++; return t.Writer.Node(n) }
func (t *teeWriter) Edge(e export.Edge) error { t.c.edges++; return t.Writer.Edge(e) }

// countWriter counts what an export writes.
type countWriter struct{ nodes, edges int }

func (w *countWriter) Node(export.Node) error     { w.nodes++; return nil }
func (w *countWriter) Edge(export.Edge) error     { w.edges++; return nil }
func (w *countWriter) Close(export.Trailer) error { return nil }

// reset empties the cache, for cold-cache benchmarks.
func (c *readCache) reset() {
	c.mu.Lock()
	c.vals, c.stmts = nil, nil
	c.mu.Unlock()
}
