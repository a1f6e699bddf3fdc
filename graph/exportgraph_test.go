package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"reflect"
	"strconv"
	"testing"

	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// graphML is the part of a GraphML document the test reads.
type graphML struct {
	Graph struct {
		Nodes []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Data   []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func TestExportGraphML(t *testing.T) {
	s := relationsStore(t)
	var buf bytes.Buffer
	w, err := export.NewWriter(export.GraphML, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ExportGraph(bg, w, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc graphML
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	nodes := map[string]map[string]string{}
	for _, n := range doc.Graph.Nodes {
		if nodes[n.ID] != nil {
			t.Fatalf("node %s twice", n.ID)
		}
		nodes[n.ID] = map[string]string{}
		for _, d := range n.Data {
			nodes[n.ID][d.Key] = d.Value
		}
	}
	// Every entity, John Doe (no edge) included; no event, article,
	// statement or actor node.
	if len(nodes) != 11 {
		t.Fatalf("%d nodes: %v", len(nodes), nodes)
	}
	for _, id := range []string{idSheinbaum, idTrump, idRubio, idFuente, idCarney, idDoe, idSedena, idMEX, idUSA, idCAN, idTroops} {
		if nodes[id] == nil {
			t.Fatalf("node %s missing", id)
		}
	}
	if n := nodes[idSedena]; n["label"] != "Sedena" || n["kind"] != "Organization" || n["country"] != "MEX" {
		t.Fatalf("Sedena = %v", n)
	}

	all, _, err := s.Triples(bg, TripleFilter{Page: Page{Limit: MaxPageLimit}})
	if err != nil {
		t.Fatal(err)
	}
	// Tension is stated both ways between MEX and USA: one edge, the
	// smaller ID first.
	if len(doc.Graph.Edges) != len(all)-1 || len(all) != 17 {
		t.Fatalf("%d edges exported, %d triples", len(doc.Graph.Edges), len(all))
	}
	support := map[string]int{}
	tension := [2]int{}
	for _, tr := range all {
		if tr.Predicate == schema.PredTension {
			tension[0] = max(tension[0], tr.Support)
			tension[1] += tr.Support
			continue
		}
		support[export.EdgeID(tr.Subject, tr.Predicate, tr.Object)] = tr.Support
	}
	for _, e := range doc.Graph.Edges {
		if nodes[e.Source] == nil || nodes[e.Target] == nil {
			t.Fatalf("edge %s → %s: an end is not a node", e.Source, e.Target)
		}
		data := map[string]string{}
		for _, d := range e.Data {
			data[d.Key] = d.Value
		}
		id := export.EdgeID(e.Source, data["predicate"], e.Target)
		if data["predicate"] == schema.PredTension {
			w, _ := strconv.Atoi(data["weight"])
			if id != export.EdgeID(idMEX, schema.PredTension, idUSA) || data["symmetric"] != "true" || w < tension[0] || w > tension[1] {
				t.Fatalf("tension edge %s %v, want MEX–USA, symmetric, weight in %v", id, data, tension)
			}
			continue
		}
		if w, _ := strconv.Atoi(data["weight"]); w != support[id] {
			t.Fatalf("edge %s weight %s, support %d", id, data["weight"], support[id])
		}
		_, isEvent := schema.LookupEventType(data["predicate"])
		if _, scored := data["score"]; scored != isEvent {
			t.Fatalf("edge %s: score %q", id, data["score"])
		}
		if id == export.EdgeID(idTrump, schema.PredLeads, idUSA) && (data["first"] != "2025-01-10" || data["last"] != "2025-03-05" || data["weight"] != "2") {
			t.Fatalf("Trump leads USA = %v", data)
		}
	}
}

// failWriter fails at the n-th element.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (f *failWriter) step() error {
	if f.n--; f.n < 0 {
		return errFull
	}
	return nil
}
func (f *failWriter) Node(export.Node) error     { return f.step() }
func (f *failWriter) Edge(export.Edge) error     { return f.step() }
func (f *failWriter) Close(export.Trailer) error { return nil }

func TestExportGraphStops(t *testing.T) {
	s := relationsStore(t)
	for _, n := range []int{0, 5, 15} {
		if err := s.ExportGraph(bg, &failWriter{n: n}, ExportOptions{}); !errors.Is(err, errFull) {
			t.Fatalf("failing at %d: %v", n, err)
		}
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	var buf bytes.Buffer
	w, _ := export.NewWriter(export.JSON, &buf)
	if err := s.ExportGraph(ctx, w, ExportOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

// exportJSON exports with opts as JSON and decodes it.
func exportJSON(t *testing.T, s *Store, opts ExportOptions) (doc struct {
	Nodes []export.Node `json:"nodes"`
	Edges []struct {
		ID, Source, Target, Predicate, Class string
		Weight                               int
		Symmetric                            bool
	} `json:"edges"`
	Next string `json:"next_cursor"`
}) {
	t.Helper()
	var buf bytes.Buffer
	w, _ := export.NewWriter(export.JSON, &buf)
	if err := s.ExportGraph(bg, w, opts); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	return doc
}

// TestExportPages pages through the export three entities at a time: each
// page's edges resolve to its own nodes, and the pages together hold the
// whole graph's edges once each and every node.
func TestExportPages(t *testing.T) {
	s := relationsStore(t)
	whole := exportJSON(t, s, ExportOptions{})
	if whole.Next != "" {
		t.Fatalf("whole export has a next cursor %q", whole.Next)
	}
	wantEdges := map[string]bool{}
	for _, e := range whole.Edges {
		wantEdges[e.ID] = true
	}
	gotEdges, gotNodes := map[string]bool{}, map[string]bool{}
	cursor, pages := "", 0
	var started []string
	for {
		doc := exportJSON(t, s, ExportOptions{Limit: 3, Cursor: cursor, Start: func(next string) { started = append(started, next) }})
		pages++
		nodes := map[string]bool{}
		for _, n := range doc.Nodes {
			nodes[n.ID] = true
			gotNodes[n.ID] = true
		}
		for _, e := range doc.Edges {
			if !nodes[e.Source] || !nodes[e.Target] {
				t.Fatalf("page %d: edge %s has an end off the page", pages, e.ID)
			}
			if gotEdges[e.ID] {
				t.Fatalf("edge %s on two pages", e.ID)
			}
			gotEdges[e.ID] = true
		}
		if started[len(started)-1] != doc.Next {
			t.Fatalf("Start got %q, the trailer says %q", started[len(started)-1], doc.Next)
		}
		if doc.Next == "" {
			break
		}
		cursor = doc.Next
	}
	if pages != 4 { // 11 entities, 3 a page
		t.Errorf("%d pages, want 4", pages)
	}
	if !reflect.DeepEqual(gotEdges, wantEdges) || len(gotNodes) != len(whole.Nodes) {
		t.Errorf("pages hold %d edges and %d nodes, the whole export %d and %d", len(gotEdges), len(gotNodes), len(wantEdges), len(whole.Nodes))
	}
	var buf bytes.Buffer
	w, _ := export.NewWriter(export.JSON, &buf)
	for _, c := range []string{"garbage", "Y291bnRyeTpNRVg"} {
		if err := s.ExportGraph(bg, w, ExportOptions{Cursor: c, Limit: 2}); !errors.Is(err, ErrInvalid) {
			t.Errorf("cursor %q: err = %v, want ErrInvalid", c, err)
		}
	}
	if err := s.ExportGraph(bg, w, ExportOptions{Limit: MaxExportLimit + 1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("limit over the maximum: err = %v, want ErrInvalid", err)
	}
}

// TestExportPredicates chooses edges by predicate group.
func TestExportPredicates(t *testing.T) {
	s := relationsStore(t)
	whole := exportJSON(t, s, ExportOptions{})
	count := map[string]int{}
	for _, e := range whole.Edges {
		if e.Class != export.EdgeClass(e.Predicate) {
			t.Errorf("edge %s class %q", e.ID, e.Class)
		}
		count[e.Class]++
	}
	if count[export.ClassEvent] == 0 || count[export.ClassVerb] == 0 || count[export.ClassRelation] == 0 {
		t.Fatalf("classes %v: the store should have every class", count)
	}
	for _, tc := range []struct {
		preds []string
		want  int
	}{
		{[]string{PredicatesEvents}, count[export.ClassEvent]},
		{[]string{PredicatesVerbs}, count[export.ClassVerb]},
		{[]string{PredicatesEvents, schema.PredLeads, schema.PredTension}, count[export.ClassEvent] + count[export.ClassRelation]},
		{[]string{PredicatesAll}, len(whole.Edges)},
		{[]string{schema.PredTension}, 1},
	} {
		doc := exportJSON(t, s, ExportOptions{Predicates: tc.preds})
		if len(doc.Edges) != tc.want {
			t.Errorf("predicates %v: %d edges, want %d", tc.preds, len(doc.Edges), tc.want)
		}
		if len(doc.Nodes) != len(whole.Nodes) {
			t.Errorf("predicates %v: %d nodes, want all %d", tc.preds, len(doc.Nodes), len(whole.Nodes))
		}
	}
}

// TestExportArticles checks the articles an N-Quads export writes as graph
// names: each edge once per supporting article.
func TestExportArticles(t *testing.T) {
	s := relationsStore(t)
	var got []export.Edge
	w := &collectWriter{edges: &got}
	if err := s.ExportGraph(bg, w, ExportOptions{Articles: true}); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 {
		t.Fatal("no edges")
	}
	for _, e := range got {
		if len(e.Articles) != e.Weight {
			t.Errorf("edge %s: %d articles, weight %d", export.EdgeID(e.Source, e.Predicate, e.Target), len(e.Articles), e.Weight)
		}
		for _, a := range e.Articles {
			if k, _ := schema.KindOf(a.ID); k != schema.KindArticle || a.Date == "" {
				t.Errorf("edge %s: article %+v", export.EdgeID(e.Source, e.Predicate, e.Target), a)
			}
		}
	}
}

type collectWriter struct{ edges *[]export.Edge }

func (c *collectWriter) Node(export.Node) error     { return nil }
func (c *collectWriter) Edge(e export.Edge) error   { *c.edges = append(*c.edges, e); return nil }
func (c *collectWriter) Close(export.Trailer) error { return nil }
