package graph

import (
	"context"
	"encoding/json"
	"math/rand"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// triplesOfPredicate lists the triples of a predicate by reading and
// grouping every statement of it (the list before the kept one).
func triplesOfPredicate(t *testing.T, s *Store, pred string) []TripleInfo {
	t.Helper()
	v, done, err := s.view()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	ctx := context.Background()
	refs, err := v.subjects(ctx, PredPredicate, quad.IRI(pred))
	if err != nil {
		t.Fatal(err)
	}
	stmts, err := v.statements(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	return group(stmts, func(st statement) bool { return st.p == pred })
}

// checkPredicatePages checks that the pages of each predicate's triples,
// evidence and all, are what reading every statement of it gives.
func checkPredicatePages(t *testing.T, s *Store, when string, preds []string) {
	t.Helper()
	for _, p := range preds {
		want := triplesOfPredicate(t, s, p)
		for _, limit := range []int{3, 40, MaxPageLimit} {
			got := []TripleInfo{}
			f := TripleFilter{Predicate: p, Page: Page{Limit: limit}}
			for {
				ts, next, err := s.Triples(context.Background(), f)
				if err != nil {
					t.Fatalf("%s: Triples(%+v): %v", when, f, err)
				}
				if len(ts) > limit || next != "" && len(ts) != limit {
					t.Fatalf("%s: %s: page of %d with next %q", when, p, len(ts), next)
				}
				got = append(got, ts...)
				if next == "" {
					break
				}
				f.Cursor = next
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) {
				t.Fatalf("%s: %s, pages of %d: %d triples, want %d\n got %.300s\nwant %.300s", when, p, limit, len(got), len(want), g, w)
			}
		}
	}
}

// TestPredicateTriplesKeptUpToDate pages the triples of predicates through
// the kept lists, then again after writes and deletes since they were
// read, and after a re-ingest of a deleted article.
func TestPredicateTriplesKeptUpToDate(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rng := rand.New(rand.NewSource(11))
	w := newSynthWorld(rng, 60)
	type art struct {
		a schema.Article
		r schema.Result
	}
	var arts []art
	for n := 0; n < 70; n++ {
		a, r := w.article(rng, n)
		arts = append(arts, art{a, r})
	}
	for _, x := range arts[:50] {
		if _, err := s.Ingest(ctx, x.a, x.r); err != nil {
			t.Fatal(err)
		}
	}
	preds := []string{schema.PredLeads, schema.PredTension, schema.Reject, schema.Agree, "no-such-predicate"}
	checkPredicatePages(t, s, "after the first ingest", preds)
	if n := len(triplesOfPredicate(t, s, schema.Reject)); n < 5 {
		t.Fatalf("only %d REJECT triples: the test needs more", n)
	}

	for _, x := range arts[50:] {
		if _, err := s.Ingest(ctx, x.a, x.r); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{1, 2, 55} {
		if err := s.DeleteArticle(ctx, schema.ArticleID(arts[i].a.Text)); err != nil {
			t.Fatal(err)
		}
	}
	checkPredicatePages(t, s, "after writes and deletes", preds)

	if _, err := s.Ingest(ctx, arts[2].a, arts[2].r); err != nil {
		t.Fatal(err)
	}
	checkPredicatePages(t, s, "after a re-ingest", preds)
	if got := len(triplesOfPredicate(t, s, "no-such-predicate")); got != 0 {
		t.Fatalf("%d triples of no predicate", got)
	}
}
