package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportGraphML ingests the sample articles and exports the graph as
// GraphML to a file and, as GEXF, to stdout; both parse, and every edge
// joins two exported nodes.
func TestExportGraphML(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	sample := filepath.Join("..", "..", "samples", "articles.jsonl")
	if err := runIngest(context.Background(), []string{"-db", db, sample}, &bytes.Buffer{}, quiet); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "graph.graphml")
	if err := runExport(context.Background(), []string{"-db", db, "-format", "graphml", "-o", out}, &bytes.Buffer{}, quiet); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name
		Keys    []struct {
			ID string `xml:"id,attr"`
		} `xml:"key"`
		Graph struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Data   []struct {
					Key string `xml:"key,attr"`
				} `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	if doc.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || doc.XMLName.Local != "graphml" {
		t.Fatalf("root element %v", doc.XMLName)
	}
	keys := map[string]bool{}
	for _, k := range doc.Keys {
		keys[k.ID] = true
	}
	nodes := map[string]bool{}
	for _, n := range doc.Graph.Nodes {
		nodes[n.ID] = true
	}
	if !nodes["person:claudia-sheinbaum"] || !nodes["country:MEX"] || len(doc.Graph.Edges) == 0 {
		t.Fatalf("%d nodes, %d edges; want Sheinbaum, Mexico and some edges", len(nodes), len(doc.Graph.Edges))
	}
	for _, e := range doc.Graph.Edges {
		if !nodes[e.Source] || !nodes[e.Target] {
			t.Errorf("edge %s → %s does not join two nodes", e.Source, e.Target)
		}
		for _, d := range e.Data {
			if !keys[d.Key] {
				t.Errorf("edge data key %q is not declared", d.Key)
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".graph.graphml.*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	var stdout bytes.Buffer
	if err := runExport(context.Background(), []string{"-db", db, "-format", "GEXF"}, &stdout, quiet); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(stdout.Bytes(), new(struct{})); err != nil || !strings.Contains(stdout.String(), `<gexf xmlns="http://www.gexf.net/1.2draft"`) {
		t.Fatalf("GEXF on stdout: %v\n%.300s", err, stdout.String())
	}
	stdout.Reset()
	if err := runExport(context.Background(), []string{"-db", db, "-format", "gexf", "-gexf-version", "1.3"}, &stdout, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), `<gexf xmlns="http://gexf.net/1.3"`) {
		t.Fatalf("GEXF 1.3 on stdout: %.300s", stdout.String())
	}
}

func TestExportRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.db")
	if err := runExport(context.Background(), []string{"-db", missing}, &bytes.Buffer{}, quiet); err == nil {
		t.Error("export of a missing store should fail")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("export created the missing store")
	}
	if err := runExport(context.Background(), []string{"-db", dir, "-format", "svg"}, &bytes.Buffer{}, quiet); err == nil ||
		!strings.Contains(err.Error(), "graphml") {
		t.Errorf("unknown format: %v", err)
	}
	if err := runExport(context.Background(), []string{"-db", dir, "extra"}, &bytes.Buffer{}, quiet); err == nil {
		t.Error("a stray argument should fail")
	}
}
