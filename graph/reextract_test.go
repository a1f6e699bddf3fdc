package graph

import (
	"context"
	"testing"
)

// TestReingestAfterDeleteShowsTheNewExtraction: an article retracted and
// ingested again with another extraction (a better extractor) must show
// the new statements, on every backend: SQL stores reuse a node's ref for
// the same IRI, so nothing cached under the old statement nodes may
// survive the delete.
func TestReingestAfterDeleteShowsTheNewExtraction(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	sentences := []string{"Mexico rejected the offer from Washington", "Talks are planned for June."}
	first := newDoc("a", "t", "2025-05-04", sentences...).
		entity("country:MEX", "Mexico", "", "").entity("country:USA", "United States", "", "").
		triple(0, "country:MEX", "rejected", "country:USA", "")
	first.ingest(t, s)
	if got, _, err := s.Triples(ctx, TripleFilter{Subject: "country:MEX"}); err != nil || len(got) != 1 || got[0].Predicate != "rejected" {
		t.Fatalf("first extraction: %+v, %v", got, err)
	}
	if err := s.DeleteArticle(ctx, first.id()); err != nil {
		t.Fatal(err)
	}
	second := newDoc("a", "t", "2025-05-04", sentences...).
		entity("country:MEX", "Mexico", "", "").entity("country:USA", "United States", "", "").
		triple(0, "country:MEX", "rebuffed", "country:USA", "")
	if second.id() != first.id() {
		t.Fatal("the same text must keep its article ID")
	}
	second.ingest(t, s)
	got, _, err := s.Triples(ctx, TripleFilter{Subject: "country:MEX"})
	if err != nil || len(got) != 1 || got[0].Predicate != "rebuffed" || len(got[0].Evidence) != 1 {
		t.Fatalf("after re-ingest: %+v, %v; want only the rebuffed triple with its evidence", got, err)
	}
	g, err := s.Subgraph(ctx, SubgraphOptions{Center: "country:MEX"})
	if err != nil || len(g.Edges) != 1 || g.Edges[0].Predicate != "rebuffed" {
		t.Fatalf("subgraph of MEX after re-ingest: %+v, %v", g, err)
	}
	rel, _, err := s.Relations(ctx, "country:USA", Page{})
	if err != nil || len(rel) != 1 || rel[0].Predicate != "rebuffed" {
		t.Fatalf("relations of USA after re-ingest: %+v, %v", rel, err)
	}
}
