package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

func ptr(f float64) *float64 { return &f }

var longName = strings.Repeat("Organización Internacional de la Très Longue Dénomination ", 200)

// testNodes and testEdges are a small graph with awkward names. Every
// string here survives every format unchanged.
var testNodes = []Node{
	{ID: "country:MEX", Kind: "Country", Name: "México", Country: "MEX"},
	{ID: "country:USA", Kind: "Country", Name: "United States", Country: "USA"},
	{ID: "person:claudia-sheinbaum", Kind: "Person", Name: "Claudia Sheinbaum", Country: "MEX"},
	{ID: "org:nanez-co", Kind: "Organization", Name: `Ñañez & "Co" <x>`, Country: "NGO"},
	{ID: "org:un", Kind: "Organization", Name: "United Nations", Country: "IGO"},
	{ID: "concept:peace", Kind: "Concept", Name: "🕊️ peace 🇲🇽🤝🇺🇸 ‘quoted’ it's"},
	{ID: "org:long", Kind: "Organization", Name: longName},
	{ID: "person:odd", Kind: "Person", Name: "back\\slash\ttab\r\nline ]]> -- \u2028 end-"},
	{ID: "event:0123456789abcdef-1", Kind: "Event"},
}

var testEdges = []Edge{
	{Source: "person:claudia-sheinbaum", Target: "country:MEX", Predicate: "leads", Weight: 12, First: "2024-10-01", Last: "2025-06-30",
		Articles: []Article{{ID: "article:00000000000000a1", Date: "2024-10-01"}, {ID: "article:00000000000000a2", Date: "2025-06-30"}}},
	{Source: "country:USA", Target: "country:MEX", Predicate: "REJECT", Weight: 3, First: "2025-01-02", Last: "2025-03-04", Score: ptr(-2),
		Articles: []Article{{ID: "article:00000000000000a2", Date: "2025-06-30"}, {ID: "article:00000000000000a3"}}},
	{Source: "country:MEX", Target: "country:USA", Predicate: "AGREE", Weight: 5, First: "2025-02-01", Last: "2025-02-01", Score: ptr(2.5)},
	{Source: "country:MEX", Target: "country:USA", Predicate: "tension", Weight: 7, Symmetric: true,
		Articles: []Article{{ID: "article:00000000000000a3"}}},
	{Source: "org:nanez-co", Target: "concept:peace", Predicate: "offered", Weight: 1, First: "2025-05-05"},
	{Source: "org:un", Target: "org:long", Predicate: "ASSAULT", Weight: 0, Score: ptr(-9)},
	{Source: "person:odd", Target: "event:0123456789abcdef-1", Predicate: "COOPERATE", Weight: 2, Score: ptr(9.5)},
	{Source: "person:odd", Target: "person:odd", Predicate: "SUPPORT", Weight: 1, Score: ptr(0)},
}

var testTrailer = Trailer{Truncated: true, Limit: 8, Reason: "edge limit -- reached & <stopped>", Next: "Y291bnRyeTpNRVg"}

func write(t testing.TB, format string, nodes []Node, edges []Edge, tr Trailer) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(format, &buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		if err := w.Node(n); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range edges {
		if err := w.Edge(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(tr); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// graph is what a decoder reads back from a document.
type graph struct {
	nodes   []Node
	edges   []Edge
	edgeIDs []string // as written, "" where the format has none
	trailer Trailer
}

// decoders read each format back with a real parser and check the
// format's own structure on the way.
var decoders = map[string]func(t *testing.T, doc []byte) graph{
	JSON:      decodeJSON,
	Cytoscape: decodeCytoscape,
	D3:        decodeD3,
	GraphML:   decodeGraphML,
	GEXF:      decodeGEXF,
	NQuads:    decodeNQuads,
	JSONLD:    decodeJSONLD,
}

func TestFormatsRoundTrip(t *testing.T) {
	for _, format := range Formats {
		for _, tr := range []Trailer{{}, testTrailer} {
			t.Run(fmt.Sprintf("%s/truncated=%v", format, tr.Truncated), func(t *testing.T) {
				doc := write(t, format, testNodes, testEdges, tr)
				g := decoders[format](t, doc)

				wantNodes, wantEdges, wantTrailer := testNodes, testEdges, tr
				wantEdges = nil
				for _, e := range testEdges {
					if format == NQuads || format == JSONLD {
						// RDF statements carry the articles (the graph
						// names), their dates and the types' scores; the
						// weight is the number of articles.
						wantEdges = append(wantEdges, Edge{Source: e.Source, Target: e.Target, Predicate: e.Predicate, Score: e.Score, Articles: e.Articles})
						continue
					}
					e.Articles = nil
					wantEdges = append(wantEdges, e)
				}
				if format == GEXF && !tr.Truncated {
					wantTrailer = Trailer{}
				}
				if !reflect.DeepEqual(g.nodes, wantNodes) {
					t.Errorf("nodes differ:\n got %s\nwant %s", dump(g.nodes), dump(wantNodes))
				}
				if !reflect.DeepEqual(g.edges, wantEdges) {
					t.Errorf("edges differ:\n got %s\nwant %s", dump(g.edges), dump(wantEdges))
				}
				if g.trailer != wantTrailer {
					t.Errorf("trailer = %+v, want %+v", g.trailer, wantTrailer)
				}
				checkResolves(t, g)
			})
		}
	}
}

func dump(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 2000 {
		b = append(b[:2000], "…"...)
	}
	return string(b)
}

// checkResolves checks that every edge's ends are declared nodes and that
// edge IDs, where the format has them, are unique and EdgeID's.
func checkResolves(t *testing.T, g graph) {
	t.Helper()
	ids := map[string]bool{}
	for _, n := range g.nodes {
		if ids[n.ID] {
			t.Errorf("node %q declared twice", n.ID)
		}
		ids[n.ID] = true
	}
	seen := map[string]bool{}
	for i, e := range g.edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Errorf("edge %d %s -> %s does not resolve to declared nodes", i, e.Source, e.Target)
		}
		if i >= len(g.edgeIDs) || g.edgeIDs[i] == "" {
			continue
		}
		id := g.edgeIDs[i]
		if want := EdgeID(e.Source, e.Predicate, e.Target); id != want {
			t.Errorf("edge %d id = %q, want %q", i, id, want)
		}
		if seen[id] {
			t.Errorf("edge id %q not unique", id)
		}
		seen[id] = true
	}
}

func TestNodeAfterEdge(t *testing.T) {
	for _, format := range Formats {
		w, err := NewWriter(format, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Node(testNodes[0]); err != nil {
			t.Fatal(err)
		}
		if err := w.Edge(Edge{Source: "country:MEX", Target: "country:MEX", Predicate: "tension"}); err != nil {
			t.Fatal(err)
		}
		if err := w.Node(testNodes[1]); !errors.Is(err, ErrNodeAfterEdge) {
			t.Errorf("%s: Node after Edge: err = %v, want ErrNodeAfterEdge", format, err)
		}
		if err := w.Close(Trailer{}); err != nil {
			t.Errorf("%s: Close after the refused node: %v", format, err)
		}
	}
}

func TestUseAfterClose(t *testing.T) {
	for _, format := range Formats {
		w, _ := NewWriter(format, io.Discard)
		if err := w.Close(Trailer{}); err != nil {
			t.Fatal(err)
		}
		if err := w.Node(testNodes[0]); !errors.Is(err, ErrClosed) {
			t.Errorf("%s: Node after Close: %v", format, err)
		}
		if err := w.Edge(testEdges[0]); !errors.Is(err, ErrClosed) {
			t.Errorf("%s: Edge after Close: %v", format, err)
		}
		if err := w.Close(Trailer{}); !errors.Is(err, ErrClosed) {
			t.Errorf("%s: second Close: %v", format, err)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	w, err := NewWriter("dot", io.Discard)
	if w != nil || !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("NewWriter(dot) = %v, %v", w, err)
	}
	for _, f := range Formats {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list %s", err, f)
		}
	}
	if _, ok := ContentType("dot"); ok {
		t.Error("ContentType(dot) ok")
	}
	if _, ok := Extension("dot"); ok {
		t.Error("Extension(dot) ok")
	}
}

func TestContentType(t *testing.T) {
	want := map[string]string{
		JSON: "application/json", Cytoscape: "application/json", D3: "application/json",
		GraphML: "application/graphml+xml", GEXF: "application/gexf+xml", NQuads: "application/n-quads", JSONLD: "application/ld+json",
	}
	if len(Formats) != len(want) {
		t.Errorf("Formats = %v", Formats)
	}
	for _, f := range Formats {
		ct, ok := ContentType(f)
		if !ok || ct != want[f] {
			t.Errorf("ContentType(%s) = %q, %v; want %q", f, ct, ok, want[f])
		}
		if ext, ok := Extension(f); !ok || !strings.HasPrefix(ext, ".") {
			t.Errorf("Extension(%s) = %q, %v", f, ext, ok)
		}
		if _, err := NewWriter(strings.ToUpper(f), io.Discard); err != nil {
			t.Errorf("NewWriter(%s): %v", strings.ToUpper(f), err)
		}
	}
	if ct, ok := ContentType(" GraphML "); !ok || ct != "application/graphml+xml" {
		t.Errorf("ContentType is not case-insensitive: %q %v", ct, ok)
	}
}

func TestEmptyGraph(t *testing.T) {
	for _, format := range Formats {
		g := decoderLenient(t, format, write(t, format, nil, nil, Trailer{}))
		if len(g.nodes) != 0 || len(g.edges) != 0 || g.trailer.Truncated {
			t.Errorf("%s: empty graph read back as %+v", format, g)
		}
	}
	// Nodes and no edges.
	for _, format := range []string{JSON, Cytoscape, D3, GraphML, GEXF} {
		g := decoders[format](t, write(t, format, testNodes[:2], nil, Trailer{}))
		if len(g.nodes) != 2 || len(g.edges) != 0 {
			t.Errorf("%s: %d nodes %d edges, want 2 and 0", format, len(g.nodes), len(g.edges))
		}
	}
}

func TestInvalidElements(t *testing.T) {
	bad := []struct {
		name    string
		formats []string // nil: all
		node    *Node
		edge    *Edge
	}{
		{name: "empty node id", node: &Node{Name: "x"}},
		{name: "empty source", edge: &Edge{Target: "country:MEX", Predicate: "leads"}},
		{name: "empty target", edge: &Edge{Source: "country:MEX", Predicate: "leads"}},
		{name: "empty predicate", edge: &Edge{Source: "country:MEX", Target: "country:MEX"}},
		{name: "NaN score", edge: &Edge{Source: "country:MEX", Target: "country:MEX", Predicate: "AGREE", Score: ptr(math.NaN())}},
		{name: "infinite score", edge: &Edge{Source: "country:MEX", Target: "country:MEX", Predicate: "AGREE", Score: ptr(math.Inf(-1))}},
		{name: "IRI with space", formats: []string{NQuads}, node: &Node{ID: "person:a b", Name: "A B"}},
		{name: "IRI with >", formats: []string{NQuads}, edge: &Edge{Source: "country:MEX", Target: "country:M>X", Predicate: "leads"}},
		{name: "bad country", formats: []string{NQuads}, node: &Node{ID: "person:ab", Country: "M X"}},
	}
	for _, tc := range bad {
		formats := tc.formats
		if formats == nil {
			formats = Formats
		}
		for _, format := range formats {
			var buf bytes.Buffer
			w, _ := NewWriter(format, &buf)
			if err := w.Node(testNodes[0]); err != nil {
				t.Fatal(err)
			}
			var err error
			if tc.node != nil {
				err = w.Node(*tc.node)
			} else {
				err = w.Edge(*tc.edge)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%s %s: err = %v, want ErrInvalid", format, tc.name, err)
				continue
			}
			// The writer goes on and the document stays valid.
			if err := w.Edge(Edge{Source: "country:MEX", Target: "country:MEX", Predicate: "tension", Weight: 1}); err != nil {
				t.Errorf("%s %s: edge after invalid element: %v", format, tc.name, err)
			}
			if err := w.Close(Trailer{}); err != nil {
				t.Errorf("%s %s: close: %v", format, tc.name, err)
			}
			g := decoderLenient(t, format, buf.Bytes())
			if len(g.nodes) != 1 || len(g.edges) != 1 {
				t.Errorf("%s %s: read back %d nodes %d edges, want 1 and 1", format, tc.name, len(g.nodes), len(g.edges))
			}
		}
	}
}

// decoderLenient reads a document whose content is not the test graph.
func decoderLenient(t *testing.T, format string, doc []byte) graph {
	if format == JSONLD {
		format, doc = NQuads, jsonldToNQuads(t, doc)
	}
	if format != NQuads {
		return decoders[format](t, doc)
	}
	var g graph
	r := nquads.NewReader(bytes.NewReader(doc), false)
	nodes := map[quad.Value]bool{}
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			return g
		}
		if err != nil {
			t.Fatal(err)
		}
		switch q.Predicate {
		case quad.IRI(DefaultBase + "pred:name"), quad.IRI(DefaultBase + "pred:kind"), quad.IRI(DefaultBase + "pred:country"):
			if !nodes[q.Subject] {
				nodes[q.Subject] = true
				g.nodes = append(g.nodes, Node{ID: q.Subject.String()})
			}
		default:
			g.edges = append(g.edges, Edge{})
		}
	}
}

// TestUnusableCharacters writes names no XML document may hold (control
// characters, invalid UTF-8): every format must still parse, JSON and
// N-Quads keep what they can, XML gets U+FFFD.
func TestUnusableCharacters(t *testing.T) {
	name := "a\x01b\x00c\xffd\x1fe\uFFFEf"
	nodes := []Node{{ID: "person:x", Kind: "Person", Name: name}}
	edges := []Edge{{Source: "person:x", Target: "person:x", Predicate: "leads", First: "\x02"}}
	for _, format := range Formats {
		doc := write(t, format, nodes, edges, Trailer{Truncated: true, Reason: "bad\x03\xfe"})
		switch format {
		case GraphML, GEXF:
			xmlShape(t, doc)
			g := decoders[format](t, doc)
			if want := "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf"; len(g.nodes) != 1 || g.nodes[0].Name != want {
				t.Errorf("%s: name read back as %+q, want %+q", format, g.nodes[0].Name, want)
			}
		case NQuads, JSONLD:
			if format == JSONLD {
				if !json.Valid(doc) {
					t.Fatalf("jsonld: invalid JSON")
				}
				doc = jsonldToNQuads(t, doc)
			}
			r := nquads.NewReader(bytes.NewReader(doc), false)
			q, err := r.ReadQuad()
			if err != nil {
				t.Fatalf("nquads: %v", err)
			}
			if want := quad.String(strings.ToValidUTF8(name, "\uFFFD")); q.Object != want {
				t.Errorf("nquads: name read back as %+q, want %+q", q.Object, want)
			}
		default:
			if !json.Valid(doc) {
				t.Fatalf("%s: invalid JSON", format)
			}
			g := decoders[format](t, doc)
			if want := strings.ToValidUTF8(name, "\uFFFD"); g.nodes[0].Name != want {
				t.Errorf("%s: name read back as %+q, want %+q", format, g.nodes[0].Name, want)
			}
		}
	}
}

type failWriter struct{ after int }

var errDisk = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if f.after < len(p) {
		n := max(f.after, 0)
		f.after = 0
		return n, errDisk
	}
	f.after -= len(p)
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	for _, format := range Formats {
		w, _ := NewWriter(format, &failWriter{after: 1000})
		var err error
		for i := 0; i < 100000 && err == nil; i++ {
			if i < 10 {
				err = w.Node(testNodes[i%len(testNodes)])
			} else {
				err = w.Edge(testEdges[i%len(testEdges)])
			}
		}
		if err == nil {
			err = w.Close(Trailer{})
		}
		if !errors.Is(err, errDisk) {
			t.Errorf("%s: err = %v, want the write error", format, err)
			continue
		}
		if !strings.Contains(err.Error(), "export "+format) {
			t.Errorf("%s: error %q lacks context", format, err)
		}
		if err2 := w.Close(Trailer{}); !errors.Is(err2, errDisk) {
			t.Errorf("%s: Close after a write error: %v", format, err2)
		}
	}
}

func TestEdgeID(t *testing.T) {
	if got := EdgeID("person:claudia-sheinbaum", "leads", "country:MEX"); got != "person:claudia-sheinbaum|leads|country:MEX" {
		t.Errorf("EdgeID = %q", got)
	}
	a := EdgeID("a|b", "c", "d")
	b := EdgeID("a", "b|c", "d")
	c := EdgeID("a%7Cb", "c", "d")
	if a == b || a == c || b == c {
		t.Errorf("EdgeID collides: %q %q %q", a, b, c)
	}
	if EdgeID("x", "p", "y") == EdgeID("y", "p", "x") {
		t.Error("EdgeID ignores direction")
	}
}

// countWriter counts the bytes that reach it.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// streamNodes and streamEdge make a large graph without holding it.
var streamNodes = func() []Node {
	ns := make([]Node, 1000)
	for i := range ns {
		ns[i] = Node{ID: fmt.Sprintf("person:p%04d", i), Kind: "Person", Name: fmt.Sprintf("Persona Ñ%d & \"Co\"", i), Country: "MEX"}
	}
	return ns
}()

var streamPredicates = []string{"REJECT", "AGREE", "leads", "tension", "offered"}

func streamEdge(i int, score *float64) Edge {
	return Edge{
		Source:    streamNodes[i%len(streamNodes)].ID,
		Target:    streamNodes[(i*7+3)%len(streamNodes)].ID,
		Predicate: streamPredicates[i%len(streamPredicates)],
		Weight:    i % 50,
		First:     "2025-01-02",
		Last:      "2025-06-30",
		Score:     score,
	}
}

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestStreaming writes 200,000 edges per format and checks that the heap
// does not grow with them, that output reaches the writer before Close,
// and that the hand-written encoders allocate nothing per edge.
func TestStreaming(t *testing.T) {
	const edges = 200_000
	score := ptr(-2.5)
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			cw := &countWriter{}
			w, _ := NewWriter(format, cw)
			for _, n := range streamNodes {
				if err := w.Node(n); err != nil {
					t.Fatal(err)
				}
			}
			var base uint64
			for i := 0; i < edges; i++ {
				if i == edges/10 {
					base = heapAfterGC()
				}
				if err := w.Edge(streamEdge(i, score)); err != nil {
					t.Fatal(err)
				}
			}
			grown := int64(heapAfterGC()) - int64(base)
			before := cw.n
			if err := w.Close(Trailer{Truncated: true, Limit: edges}); err != nil {
				t.Fatal(err)
			}
			t.Logf("%d bytes, heap grew %d bytes over %d edges", cw.n, grown, edges*9/10)
			if grown > 256<<10 {
				t.Errorf("heap grew %d bytes over %d edges: memory is not flat", grown, edges*9/10)
			}
			if cw.n-before > bufSize+1024 {
				t.Errorf("%d of %d bytes held back until Close: not streaming", cw.n-before, cw.n)
			}

			w, _ = NewWriter(format, io.Discard)
			for _, n := range streamNodes[:10] {
				_ = w.Node(n)
			}
			i := 0
			allocs := testing.AllocsPerRun(10000, func() {
				_ = w.Edge(streamEdge(i, score))
				i++
			})
			limit := 0.0
			switch format {
			case NQuads:
				limit = 12 // the quad library's writer builds strings, and the IRIs are base+ID
			case JSONLD:
				limit = 4 // base+ID strings
			}
			if allocs > limit {
				t.Errorf("%v allocations per edge, want at most %v", allocs, limit)
			}
		})
	}
}

func BenchmarkWrite(b *testing.B) {
	score := ptr(2.5)
	for _, format := range Formats {
		b.Run(format, func(b *testing.B) {
			cw := &countWriter{}
			w, _ := NewWriter(format, cw)
			for _, n := range streamNodes {
				if err := w.Node(n); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			start := cw.n
			for i := 0; i < b.N; i++ {
				if err := w.Edge(streamEdge(i, score)); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(Trailer{}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			b.SetBytes((cw.n - start) / int64(b.N))
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "edges/s")
		})
	}
}
