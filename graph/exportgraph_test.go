package graph

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
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
	if err := s.ExportGraph(bg, w); err != nil {
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
	if len(doc.Graph.Edges) != len(all) || len(all) != 17 {
		t.Fatalf("%d edges exported, %d triples", len(doc.Graph.Edges), len(all))
	}
	support := map[string]int{}
	for _, tr := range all {
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
		if err := s.ExportGraph(bg, &failWriter{n: n}); !errors.Is(err, errFull) {
			t.Fatalf("failing at %d: %v", n, err)
		}
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	var buf bytes.Buffer
	w, _ := export.NewWriter(export.JSON, &buf)
	if err := s.ExportGraph(ctx, w); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}
