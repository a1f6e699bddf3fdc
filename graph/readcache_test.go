package graph

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

// warmReads runs every cached read once, so the tests below check that
// writes invalidate what is cached.
func warmReads(t *testing.T, s *Store, ids ...string) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := s.Entities(ctx, EntityFilter{Query: "a"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		s.Entity(ctx, id)
		s.Relations(ctx, id, Page{})
		if _, _, err := s.Triples(ctx, TripleFilter{Subject: id}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Events(ctx, EventFilter{Actor: id}); err != nil {
			t.Fatal(err)
		}
	}
}

func searchIDs(t *testing.T, s *Store, f EntityFilter) []string {
	t.Helper()
	es, _, err := s.Entities(context.Background(), f)
	if err != nil {
		t.Fatalf("Entities(%+v): %v", f, err)
	}
	return ids(es)
}

func TestNameIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a, b := docTroops(), docTariffs()
	a.ingest(t, s)
	warmReads(t, s, "person:donald-trump", "country:USA", "country:CAN")
	if got := searchIDs(t, s, EntityFilter{Query: "carney"}); len(got) != 0 {
		t.Fatalf("carney before ingest: %v", got)
	}

	b.ingest(t, s)
	if got := searchIDs(t, s, EntityFilter{Query: "carney"}); !slices.Equal(got, []string{"person:mark-carney"}) {
		t.Fatalf("carney after ingest: %v", got)
	}
	if got := searchIDs(t, s, EntityFilter{Query: "donald j"}); !slices.Equal(got, []string{"person:donald-trump"}) {
		t.Fatalf("new name after ingest: %v", got)
	}
	if got := searchIDs(t, s, EntityFilter{Kind: schema.KindCountry}); !slices.Equal(got, []string{"country:CAN", "country:MEX", "country:USA"}) {
		t.Fatalf("countries after ingest: %v", got)
	}
	trump, err := s.Entity(ctx, "person:donald-trump")
	if err != nil || trump.Name != "Donald J. Trump" || trump.Articles != 2 || trump.Degree != 3 {
		t.Fatalf("Trump after ingest = %+v, %v", trump, err)
	}
	usa, _, err := s.Events(ctx, EventFilter{Actor: "country:USA"})
	if err != nil || len(usa) != 4 {
		t.Fatalf("USA events after ingest = %v, %v", eventIDs(usa), err)
	}
	can, _, err := s.Events(ctx, EventFilter{Actor: "country:CAN"})
	if err != nil || len(can) != 2 {
		t.Fatalf("CAN events after ingest = %v, %v", eventIDs(can), err)
	}
	rel, _, err := s.Relations(ctx, "person:donald-trump", Page{})
	if err != nil || len(rel) != 3 {
		t.Fatalf("Trump relations after ingest = %+v, %v", rel, err)
	}

	warmReads(t, s, "person:donald-trump", "country:USA", "country:CAN", "person:mark-carney")
	if err := s.DeleteArticle(ctx, b.id()); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, s, EntityFilter{Query: "carney"}); len(got) != 0 {
		t.Fatalf("carney after delete: %v", got)
	}
	if got := searchIDs(t, s, EntityFilter{Query: "donald j"}); len(got) != 0 {
		t.Fatalf("deleted name after delete: %v", got)
	}
	if got := searchIDs(t, s, EntityFilter{Query: "trump"}); !slices.Equal(got, []string{"person:donald-trump"}) {
		t.Fatalf("trump after delete: %v", got)
	}
	if got := searchIDs(t, s, EntityFilter{Kind: schema.KindCountry}); !slices.Equal(got, []string{"country:MEX", "country:USA"}) {
		t.Fatalf("countries after delete: %v", got)
	}
	trump, err = s.Entity(ctx, "person:donald-trump")
	if err != nil || trump.Name != "Donald Trump" || trump.Articles != 1 || trump.Degree != 2 {
		t.Fatalf("Trump after delete = %+v, %v", trump, err)
	}
	if _, _, err := s.Relations(ctx, "person:mark-carney", Page{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Carney relations after delete: %v", err)
	}
	if ts, _, err := s.Triples(ctx, TripleFilter{Subject: "person:mark-carney"}); err != nil || len(ts) != 0 {
		t.Fatalf("Carney triples after delete = %+v, %v", ts, err)
	}
	usa, _, err = s.Events(ctx, EventFilter{Actor: "country:USA"})
	if err != nil || len(usa) != 2 {
		t.Fatalf("USA events after delete = %v, %v", eventIDs(usa), err)
	}
	rel, _, err = s.Relations(ctx, "person:donald-trump", Page{})
	if err != nil || len(rel) != 2 {
		t.Fatalf("Trump relations after delete = %+v, %v", rel, err)
	}
}

// TestEventsOfNewArticle: a new article's events appear under a country
// actor whose membership the cached lists knew nothing of.
func TestEventsOfNewArticle(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	docTroops().ingest(t, s)
	warmReads(t, s, "country:MEX", "person:claudia-sheinbaum")
	before, _, err := s.Events(ctx, EventFilter{Actor: "country:MEX"})
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("x-1", "Ebrard meets Sheinbaum", "2025-06-01",
		"Marcelo Ebrard consulted Claudia Sheinbaum on trade.")
	d.entity("person:marcelo-ebrard", "Marcelo Ebrard", "MEX", "Minister").
		entity("person:claudia-sheinbaum", "Claudia Sheinbaum", "MEX", "President")
	ev := d.event(0, schema.Consult, "", "consulted",
		[]schema.Actor{d.actor("person:marcelo-ebrard", "Marcelo Ebrard", "MEX")},
		[]schema.Actor{d.actor("person:claudia-sheinbaum", "Claudia Sheinbaum", "MEX")})
	d.triple(0, "person:marcelo-ebrard", schema.Consult, "person:claudia-sheinbaum", ev)
	d.ingest(t, s)

	after, _, err := s.Events(ctx, EventFilter{Actor: "country:MEX"})
	if err != nil || len(after) != len(before)+1 || after[0].ID != ev {
		t.Fatalf("MEX events after ingest = %v (before %v), %v", eventIDs(after), eventIDs(before), err)
	}
	if len(after[0].Source) != 1 || after[0].Source[0].Entity != "person:marcelo-ebrard" {
		t.Fatalf("new event's source = %+v", after[0].Source)
	}
	rel, _, err := s.Relations(ctx, "person:claudia-sheinbaum", Page{})
	if err != nil || !slices.ContainsFunc(rel, func(t TripleInfo) bool { return t.Subject == "person:marcelo-ebrard" }) {
		t.Fatalf("Sheinbaum relations after ingest = %+v, %v", rel, err)
	}
	if got := searchIDs(t, s, EntityFilter{Query: "ebrard"}); !slices.Equal(got, []string{"person:marcelo-ebrard"}) {
		t.Fatalf("ebrard after ingest: %v", got)
	}
}

// TestEntitiesPagesAcrossWrites walks entity pages of a query while
// entities are added between pages: each is listed exactly once.
func TestEntitiesPagesAcrossWrites(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	var want []string
	add := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			d := newDoc(fmt.Sprintf("p-%d", i), "Page test", "2025-01-01", fmt.Sprintf("Person %d met someone.", i))
			id := fmt.Sprintf("person:pager-%02d", i)
			d.entity(id, fmt.Sprintf("Pager %02d", i), "", "")
			d.ingest(t, s)
			want = append(want, id)
		}
	}
	add(0, 6)
	var got []string
	cursor := ""
	for page := 0; ; page++ {
		es, next, err := s.Entities(ctx, EntityFilter{Query: "pager", Page: Page{Limit: 4, Cursor: cursor}})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(es)...)
		if page == 0 {
			add(6, 12)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if !slices.Equal(got, want) {
		t.Fatalf("pages = %v, want %v", got, want)
	}
}

// TestEntityInfoMatchesScan checks the degree and articles Entity counts
// from an entity's own quads and its statements against the count over
// every quad that points at it.
func TestEntityInfoMatchesScan(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	check := func(when string) {
		t.Helper()
		v, done, err := s.view()
		if err != nil {
			t.Fatal(err)
		}
		defer done()
		es, _, err := s.Entities(ctx, EntityFilter{Page: Page{Limit: MaxPageLimit}})
		if err != nil || len(es) == 0 {
			t.Fatalf("%s: entities %d, %v", when, len(es), err)
		}
		for _, e := range es {
			f, err := v.entityFacts(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			want, err := v.reader.info(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.info(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if got.Degree != want.Degree || got.Articles != want.Articles {
				t.Errorf("%s: %s: degree %d articles %d, the scan says %d %d", when, e.ID, got.Degree, got.Articles, want.Degree, want.Articles)
			}
			if e.Degree != want.Degree || e.Articles != want.Articles {
				t.Errorf("%s: %s listed with degree %d articles %d, the scan says %d %d", when, e.ID, e.Degree, e.Articles, want.Degree, want.Articles)
			}
		}
	}
	a, b := docTroops(), docTariffs()
	a.ingest(t, s)
	b.ingest(t, s)
	rng := rand.New(rand.NewSource(3))
	var docs []*doc
	for i := 0; i < 12; i++ {
		d := benchDoc(rng, i)
		d.ingest(t, s)
		docs = append(docs, d)
	}
	check("after ingest")
	for _, d := range append(docs[:4:4], b) {
		if err := s.DeleteArticle(ctx, d.id()); err != nil {
			t.Fatal(err)
		}
	}
	check("after delete")
}
