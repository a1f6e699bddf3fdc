package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph/storetest"
	"github.com/dipgraph/dipgraph/internal/extract"
	"github.com/dipgraph/dipgraph/schema"
)

var bg = context.Background()

// counts returns the exact number of nodes and quads in the store.
func counts(t testing.TB, s *Store) (nodes, quads int64) {
	t.Helper()
	r, done, err := s.read()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	count := func(it interface {
		Next(context.Context) bool
		Err() error
		Close() error
	}) int64 {
		defer it.Close()
		var n int64
		for it.Next(bg) {
			n++
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
		return n
	}
	return count(r.qs.NodesAllIterator()), count(r.qs.QuadsAllIterator())
}

func TestIngestReadBack(t *testing.T) {
	s, _ := openTest(t)
	d := docTroops()
	st := d.ingest(t, s)
	if !st.Created || st.Article != d.id() || st.Entities != 6 || st.Events != 2 || st.Triples != 3 {
		t.Fatalf("stats = %+v", st)
	}
	// Every quad is the article's.
	if _, q := counts(t, s); q != int64(st.Quads) {
		t.Fatalf("store has %d quads, Ingest wrote %d", q, st.Quads)
	}

	art, err := s.Article(bg, d.id())
	if err != nil {
		t.Fatal(err)
	}
	want := ArticleInfo{ID: d.id(), SourceID: "wsj-1", Title: d.a.Title, Date: "2025-05-03", Text: d.a.Text, Quads: st.Quads, Events: 2}
	if art != want {
		t.Fatalf("Article = %+v\nwant %+v", art, want)
	}
	if _, err := s.Article(bg, strings.TrimPrefix(d.id(), "article:")); err != nil {
		t.Fatalf("Article without prefix: %v", err)
	}

	e, err := s.Entity(bg, "person:donald-trump")
	if err != nil {
		t.Fatal(err)
	}
	wantE := EntityInfo{ID: "person:donald-trump", Kind: schema.KindPerson, Name: "Donald Trump", Country: "USA",
		Role: "President", Aliases: []string{"Trump"}, Degree: 2, Articles: 1}
	if !reflect.DeepEqual(e, wantE) {
		t.Fatalf("Entity = %+v\nwant %+v", e, wantE)
	}
	if c, err := s.Entity(bg, "concept:troops"); err != nil || c.Kind != schema.KindConcept || c.Degree != 1 {
		t.Fatalf("concept = %+v, %v", c, err)
	}
	org, err := s.Entity(bg, "org:sedena")
	wantOrg := EntityInfo{ID: "org:sedena", Kind: schema.KindOrganization, Name: "Sedena", Country: "MEX",
		OrgKind: "military", Sector: "military", Aliases: []string{"Defence Ministry"}, Articles: 1}
	if err != nil || !reflect.DeepEqual(org, wantOrg) {
		t.Fatalf("org = %+v, %v", org, err)
	}
	if al, _, _ := s.Entities(bg, EntityFilter{Query: "defence"}); len(al) != 1 || al[0].ID != "org:sedena" {
		t.Fatalf("alias search = %v", al)
	}
	if mx, err := s.Entity(bg, "country:MEX"); err != nil || mx.Country != "MEX" || mx.Name != "Mexico" || mx.Degree != 1 {
		t.Fatalf("country = %+v, %v", mx, err)
	}
	if _, _, err := s.Entities(bg, EntityFilter{Kind: schema.KindEvent}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Entities(Event): %v", err)
	}
	if _, err := s.Entity(bg, "person:nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown entity: %v", err)
	}

	ents, next, err := s.Entities(bg, EntityFilter{})
	if err != nil || next != "" {
		t.Fatalf("Entities: %v next=%q", err, next)
	}
	if got := ids(ents); !reflect.DeepEqual(got, []string{"concept:troops", "country:MEX", "country:USA", "org:sedena", "person:claudia-sheinbaum", "person:donald-trump"}) {
		t.Fatalf("Entities = %v", got)
	}
	people, _, err := s.Entities(bg, EntityFilter{Kind: "person", Query: "SHEIN"})
	if err != nil || len(people) != 1 || people[0].ID != "person:claudia-sheinbaum" {
		t.Fatalf("Entities(Person, SHEIN) = %v, %v", people, err)
	}
	if al, _, _ := s.Entities(bg, EntityFilter{Query: "trump"}); len(al) != 1 || al[0].ID != "person:donald-trump" {
		t.Fatalf("Entities(trump) = %v", al)
	}

	ts, _, err := s.Triples(bg, TripleFilter{Subject: "person:donald-trump"})
	if err != nil {
		t.Fatal(err)
	}
	wantT := []TripleInfo{{Subject: "person:donald-trump", Predicate: "offered", Object: "concept:troops", Support: 1,
		Evidence: []schema.Evidence{d.evidence(1)}, EvidenceTotal: 1}}
	if !reflect.DeepEqual(ts, wantT) {
		t.Fatalf("Triples = %+v\nwant %+v", ts, wantT)
	}
	if ev := ts[0].Evidence[0]; d.a.Text[ev.Start:ev.End] != ev.Sentence {
		t.Fatalf("evidence offsets %d:%d do not give the sentence", ev.Start, ev.End)
	}
	all, _, err := s.Triples(bg, TripleFilter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("all triples = %v, %v", all, err)
	}
	if rej, _, _ := s.Triples(bg, TripleFilter{Predicate: schema.Reject}); len(rej) != 1 || rej[0].Object != "person:donald-trump" {
		t.Fatalf("REJECT triples = %+v", rej)
	}

	rel, _, err := s.Relations(bg, "person:donald-trump", Page{})
	if err != nil || len(rel) != 2 {
		t.Fatalf("Relations = %+v, %v", rel, err)
	}
	if _, _, err := s.Relations(bg, "person:nobody", Page{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Relations unknown: %v", err)
	}

	evs, _, err := s.Events(bg, EventFilter{})
	if err != nil || len(evs) != 2 {
		t.Fatalf("Events = %v, %v", evs, err)
	}
	byID := map[string]schema.Event{}
	for _, e := range d.r.Events {
		e.Evidence.Date = "2025-05-03"
		e.Date = "2025-05-03"
		byID[e.ID] = e
	}
	for _, got := range evs {
		if !reflect.DeepEqual(got, byID[got.ID]) {
			t.Fatalf("event %s =\n%+v\nwant\n%+v", got.ID, got, byID[got.ID])
		}
	}
}

func ids(es []EntityInfo) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func TestReingestWritesNothing(t *testing.T) {
	s, _ := openTest(t)
	d := docTroops()
	first := d.ingest(t, s)
	n1, q1 := counts(t, s)
	again := d.ingest(t, s)
	if again.Created || again.Quads != 0 || again.Article != first.Article {
		t.Fatalf("re-ingest stats = %+v", again)
	}
	// The same text with other white space is the same article.
	d.a.Text = "  " + strings.ReplaceAll(d.a.Text, " ", "\n ") + "\n"
	if st := d.ingest(t, s); st.Created {
		t.Fatalf("re-ingest with other white space created %+v", st)
	}
	if n2, q2 := counts(t, s); n2 != n1 || q2 != q1 {
		t.Fatalf("after re-ingest: %d nodes %d quads, want %d %d", n2, q2, n1, q1)
	}
}

func TestConcurrentIngestOnce(t *testing.T) {
	s, _ := openTest(t)
	d := docTroops()
	var wg sync.WaitGroup
	created := make(chan bool, 8)
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			st, err := s.Ingest(bg, d.a, d.r)
			if err != nil {
				t.Error(err)
			}
			created <- st.Created
		}()
		go func() {
			defer wg.Done()
			if _, _, err := s.Events(bg, EventFilter{Actor: "country:MEX"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	close(created)
	n := 0
	for c := range created {
		if c {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d ingests created the article, want 1", n)
	}
	art, err := s.Article(bg, d.id())
	if err != nil {
		t.Fatal(err)
	}
	if _, q := counts(t, s); q != int64(art.Quads) {
		t.Fatalf("%d quads in the store, the article has %d", q, art.Quads)
	}
}

func TestDeleteSharedEntity(t *testing.T) {
	s, _ := openTest(t)
	a, b := docTroops(), docTariffs()
	a.ingest(t, s)
	nA, qA := counts(t, s)
	b.ingest(t, s)

	tension := TripleFilter{Subject: "country:USA", Predicate: schema.PredTension, Object: "country:MEX"}
	ts, _, err := s.Triples(bg, tension)
	if err != nil || len(ts) != 1 || ts[0].Support != 2 || len(ts[0].Evidence) != 2 {
		t.Fatalf("shared triple before delete = %+v, %v", ts, err)
	}
	trump, err := s.Entity(bg, "person:donald-trump")
	if err != nil || trump.Articles != 2 || trump.Degree != 3 {
		t.Fatalf("Trump before delete = %+v, %v", trump, err)
	}
	// One article each: the longer name wins, the other becomes an alias.
	if trump.Name != "Donald J. Trump" || !reflect.DeepEqual(trump.Aliases, []string{"Donald Trump", "Trump"}) {
		t.Fatalf("merged names = %q %q", trump.Name, trump.Aliases)
	}

	if err := s.DeleteArticle(bg, b.id()); err != nil {
		t.Fatal(err)
	}
	if n, q := counts(t, s); n != nA || q != qA {
		t.Fatalf("after delete: %d nodes %d quads, want %d %d (orphans left)", n, q, nA, qA)
	}
	ts, _, err = s.Triples(bg, tension)
	if err != nil || len(ts) != 1 || ts[0].Support != 1 || ts[0].Evidence[0].Article != a.id() {
		t.Fatalf("shared triple after delete = %+v, %v", ts, err)
	}
	trump, err = s.Entity(bg, "person:donald-trump")
	if err != nil || trump.Articles != 1 || trump.Degree != 2 || trump.Name != "Donald Trump" || len(trump.Aliases) != 1 {
		t.Fatalf("Trump after delete = %+v, %v", trump, err)
	}
	for _, id := range []string{"person:mark-carney", "country:CAN"} {
		if _, err := s.Entity(bg, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s after delete: %v", id, err)
		}
	}
	if _, err := s.Article(bg, b.id()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted article: %v", err)
	}
	evs, _, err := s.Events(bg, EventFilter{})
	if err != nil || len(evs) != 2 {
		t.Fatalf("events after delete = %d, %v", len(evs), err)
	}
	for _, e := range evs {
		if !strings.HasPrefix(e.ID, "event:"+strings.TrimPrefix(a.id(), "article:")) {
			t.Fatalf("event %s of the deleted article left", e.ID)
		}
	}
	if thr, _, _ := s.Triples(bg, TripleFilter{Predicate: schema.Threaten}); len(thr) != 0 {
		t.Fatalf("THREATEN triples after delete: %+v", thr)
	}

	// The deleted article can come back, and everything can go.
	if st := b.ingest(t, s); !st.Created {
		t.Fatal("re-ingest after delete did not create")
	}
	for _, d := range []*doc{a, b} {
		if err := s.DeleteArticle(bg, d.id()); err != nil {
			t.Fatal(err)
		}
	}
	if n, q := counts(t, s); n != 0 || q != 0 {
		t.Fatalf("empty store has %d nodes %d quads", n, q)
	}
}

func TestDeleteUnknown(t *testing.T) {
	s, _ := openTest(t)
	docTroops().ingest(t, s)
	for _, id := range []string{schema.ArticleID("never ingested"), "article:", "not an id", "person:donald-trump"} {
		if err := s.DeleteArticle(bg, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("DeleteArticle(%q) = %v, want ErrNotFound", id, err)
		}
	}
}

func eventIDs(es []schema.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func TestEventsActorFilter(t *testing.T) {
	s, _ := openTest(t)
	a, b := docTroops(), docTariffs()
	a.ingest(t, s)
	b.ingest(t, s)
	evA1, evA2 := schema.EventID(a.id(), 1), schema.EventID(a.id(), 2)
	evB1, evB2 := schema.EventID(b.id(), 1), schema.EventID(b.id(), 2)

	for _, c := range []struct {
		actor string
		want  []string
	}{
		// Sheinbaum's country is Mexico: her REJECT counts for Mexico.
		{"country:MEX", []string{evA1, evA2}},
		{"person:claudia-sheinbaum", []string{evA1}},
		{"country:USA", []string{evA1, evA2, evB1, evB2}},
		{"country:CAN", []string{evB1, evB2}},
		{"person:mark-carney", []string{evB2}},
		{"person:nobody", nil},
	} {
		evs, _, err := s.Events(bg, EventFilter{Actor: c.actor})
		if err != nil {
			t.Fatal(err)
		}
		got := eventIDs(evs)
		sort.Strings(got)
		sort.Strings(c.want)
		if len(got) != len(c.want) || len(got) > 0 && !reflect.DeepEqual(got, c.want) {
			t.Errorf("Events(actor %s) = %v, want %v", c.actor, got, c.want)
		}
	}
	rej, _, err := s.Events(bg, EventFilter{Actor: "country:MEX", Type: "reject"})
	if err != nil || len(rej) != 1 || rej[0].ID != evA1 || rej[0].Source[0].Code != "MEX" {
		t.Fatalf("Events(MEX, REJECT) = %+v, %v", rej, err)
	}
	if _, _, err := s.Events(bg, EventFilter{Type: "HUG"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("unknown type: %v", err)
	}
}

// docDated has one CONSULT event a day from 2025-01-01.
func docDated(n int) *doc {
	var sentences []string
	for i := 0; i < n; i++ {
		sentences = append(sentences, fmt.Sprintf("On day %d the United States consulted Mexico.", i+1))
	}
	d := newDoc("", "", "2025-01-01", sentences...)
	d.entity("country:USA", "United States", "USA", "").entity("country:MEX", "Mexico", "MEX", "")
	for i := 0; i < n; i++ {
		d.event(i, schema.Consult, fmt.Sprintf("2025-01-%02d", i+1), "consulted",
			[]schema.Actor{d.actor("country:USA", "United States", "USA")},
			[]schema.Actor{d.actor("country:MEX", "Mexico", "MEX")})
	}
	return d
}

func TestEventsDateRange(t *testing.T) {
	s, _ := openTest(t)
	docDated(10).ingest(t, s)
	evs, _, err := s.Events(bg, EventFilter{From: "2025-01-03", To: "2025-01-06"})
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, e := range evs {
		dates = append(dates, e.Date)
	}
	if want := []string{"2025-01-06", "2025-01-05", "2025-01-04", "2025-01-03"}; !reflect.DeepEqual(dates, want) {
		t.Fatalf("dates = %v, want %v (inclusive, newest first)", dates, want)
	}
	if evs, _, _ := s.Events(bg, EventFilter{From: "2025-01-10"}); len(evs) != 1 {
		t.Fatalf("From only: %d events", len(evs))
	}
	if evs, _, _ := s.Events(bg, EventFilter{To: "2024-12-31"}); len(evs) != 0 {
		t.Fatalf("To before all: %d events", len(evs))
	}
	if _, _, err := s.Events(bg, EventFilter{From: "January"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad date: %v", err)
	}
}

// walk pages through a list with the given limit and returns every key seen.
func walk[T any](t *testing.T, limit int, list func(Page) ([]T, string, error), key func(T) string) []string {
	t.Helper()
	var out []string
	p := Page{Limit: limit}
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("pagination does not end")
		}
		items, next, err := list(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) > limit {
			t.Fatalf("page of %d items, limit %d", len(items), limit)
		}
		for _, it := range items {
			out = append(out, key(it))
		}
		if next == "" {
			return out
		}
		p.Cursor = next
	}
}

func TestPagination(t *testing.T) {
	s, _ := openTest(t)
	docTroops().ingest(t, s)
	docTariffs().ingest(t, s)
	docDated(7).ingest(t, s)

	check := func(name string, all, paged []string) {
		t.Helper()
		seen := map[string]bool{}
		for _, k := range paged {
			if seen[k] {
				t.Fatalf("%s: %q seen twice", name, k)
			}
			seen[k] = true
		}
		if !reflect.DeepEqual(all, paged) {
			t.Fatalf("%s: paged %v\nwant %v", name, paged, all)
		}
	}
	for _, limit := range []int{1, 2, 3, 7} {
		ents, _, err := s.Entities(bg, EntityFilter{Page: Page{Limit: MaxPageLimit}})
		if err != nil || len(ents) != 8 {
			t.Fatalf("entities: %d, %v", len(ents), err)
		}
		check("entities", ids(ents), walk(t, limit, func(p Page) ([]EntityInfo, string, error) {
			return s.Entities(bg, EntityFilter{Page: p})
		}, func(e EntityInfo) string { return e.ID }))

		ts, _, err := s.Triples(bg, TripleFilter{Page: Page{Limit: MaxPageLimit}})
		if err != nil || len(ts) != 4 {
			t.Fatalf("triples: %d, %v", len(ts), err)
		}
		var tk []string
		for _, x := range ts {
			tk = append(tk, tripleKey(x))
		}
		check("triples", tk, walk(t, limit, func(p Page) ([]TripleInfo, string, error) {
			return s.Triples(bg, TripleFilter{Page: p})
		}, tripleKey))

		evs, _, err := s.Events(bg, EventFilter{Page: Page{Limit: MaxPageLimit}})
		if err != nil || len(evs) != 11 {
			t.Fatalf("events: %d, %v", len(evs), err)
		}
		check("events", eventIDs(evs), walk(t, limit, func(p Page) ([]schema.Event, string, error) {
			return s.Events(bg, EventFilter{Page: p})
		}, func(e schema.Event) string { return e.ID }))
	}
	if _, _, err := s.Entities(bg, EntityFilter{Page: Page{Cursor: "%%%"}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestQuery(t *testing.T) {
	s, _ := openTest(t)
	docTroops().ingest(t, s)
	_, q0 := counts(t, s)

	res, err := s.Query(bg, `g.V("<person:donald-trump>").Out("<offered>").All()`, QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || !strings.Contains(string(res[0]), "concept:troops") {
		t.Fatalf("gizmo result = %#v", res)
	}
	many, err := s.Query(bg, `g.V().All()`, QueryOptions{Limit: 5})
	if err != nil || len(many) != 5 {
		t.Fatalf("limited query: %d results, %v", len(many), err)
	}
	gql, err := s.Query(bg, `{ n(id: <person:claudia-sheinbaum>) { id REJECT { id } } }`, QueryOptions{Language: "graphql"})
	if err != nil || len(gql) != 1 || !strings.Contains(string(gql[0]), "person:donald-trump") {
		t.Fatalf("graphql result = %#v, %v", gql, err)
	}

	for _, bad := range []struct{ lang, q string }{
		{"gizmo", `g.V(.All(`},
		{"gizmo", `g.V().NoSuchStep()`},
		{"graphql", `{ n( `},
		{"sparql", `SELECT * WHERE { ?s ?p ?o }`},
	} {
		if _, err := s.Query(bg, bad.q, QueryOptions{Language: bad.lang}); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Query(%s %q) = %v, want ErrBadQuery", bad.lang, bad.q, err)
		}
	}

	ctx, cancel := context.WithTimeout(bg, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = s.Query(ctx, `while(true){}`, QueryOptions{})
	if took := time.Since(start); took > time.Second {
		t.Fatalf("endless query returned after %v", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("endless query: %v, want DeadlineExceeded", err)
	}
	// Timeout in the options works without a context deadline.
	start = time.Now()
	if _, err := s.Query(bg, `while(true){}`, QueryOptions{Timeout: 100 * time.Millisecond}); err == nil || time.Since(start) > time.Second {
		t.Fatalf("endless query with Timeout: %v after %v", err, time.Since(start))
	}
	if _, q := counts(t, s); q != q0 {
		t.Fatalf("queries changed the store: %d quads, had %d", q, q0)
	}
	// The store still answers after interrupted queries.
	if res, err := s.Query(bg, `g.V("<country:MEX>").In("<country>").All()`, QueryOptions{}); err != nil || len(res) != 2 {
		t.Fatalf("query after timeouts = %v, %v", res, err)
	}
}

func TestReopen(t *testing.T) {
	s, dbURL := openTest(t)
	d := docTroops()
	d.ingest(t, s)
	n, q := counts(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entity(bg, "person:donald-trump"); !errors.Is(err, ErrClosed) {
		t.Fatalf("read after Close: %v", err)
	}
	if _, err := s.Ingest(bg, d.a, d.r); !errors.Is(err, ErrClosed) {
		t.Fatalf("write after Close: %v", err)
	}

	if storetest.Backend() == "bolt" {
		dbURL = "bolt:" + dbURL // the explicit scheme means the same store
	}
	s2, err := Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n2, q2 := counts(t, s2); n2 != n || q2 != q {
		t.Fatalf("reopened: %d nodes %d quads, want %d %d", n2, q2, n, q)
	}
	if st := d.ingest(t, s2); st.Created {
		t.Fatal("article ingested again after reopen")
	}
	if e, err := s2.Entity(bg, "person:claudia-sheinbaum"); err != nil || e.Role != "President" {
		t.Fatalf("entity after reopen = %+v, %v", e, err)
	}
	// The label index was kept: deleting still works and leaves nothing.
	if err := s2.DeleteArticle(bg, d.id()); err != nil {
		t.Fatal(err)
	}
	if n, q := counts(t, s2); n != 0 || q != 0 {
		t.Fatalf("after delete: %d nodes %d quads", n, q)
	}
}

func TestParseStoreURL(t *testing.T) {
	for _, c := range []struct {
		url, name, addr, driver string
	}{
		{"dipgraph.db", "bolt", "dipgraph.db", ""},
		{"bolt:/tmp/x/", "bolt", "/tmp/x", ""},
		{"bolt:///tmp/x", "bolt", "/tmp/x", ""},
		{"C:/data/db", "bolt", "C:/data/db", ""},
		{"postgres://u:pw@h:5432/db?sslmode=disable", pgType, "postgres://u:pw@h:5432/db?sslmode=disable", "postgres"},
		{"postgresql://u@h/db", pgType, "postgresql://u@h/db", "postgres"},
		{"cockroach://root@h:26257/dip?sslmode=verify-full", "cockroach", "postgresql://root@h:26257/dip?sslmode=verify-full", "pgx"},
	} {
		b, err := parseStoreURL(c.url)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if b.name != c.name || b.addr != c.addr || b.driver != c.driver {
			t.Errorf("%s = %s %s %s, want %s %s %s", c.url, b.name, b.addr, b.driver, c.name, c.addr, c.driver)
		}
	}
	for _, bad := range []string{"", "  ", "bolt:", "mysql://u@h/db", "postgres://u@h", "postgres:///db"} {
		if b, err := parseStoreURL(bad); err == nil {
			t.Errorf("%q parsed as %+v", bad, b)
		}
	}
	if b, _ := parseStoreURL("postgres://u:secret@h/db"); strings.Contains(b.redacted(), "secret") {
		t.Errorf("redacted URL %s shows the password", b.redacted())
	}
	if _, err := Open("mysql://u@localhost/db"); err == nil || !strings.Contains(err.Error(), "mysql") {
		t.Fatalf("mysql URL: %v", err)
	}
}

// TestOpenLocked is bolt only: a bolt file is locked by the process that
// opens it; a SQL store takes any number of clients.
func TestOpenLocked(t *testing.T) {
	storetest.BoltOnly(t)
	_, dir := openTest(t)
	start := time.Now()
	if s2, err := Open(dir); err == nil {
		s2.Close()
		t.Fatal("a store open elsewhere opened twice")
	} else if time.Since(start) > 5*time.Second {
		t.Fatalf("second open took %v", time.Since(start))
	}
}

// TestPostgresStore is PostgreSQL only: the store is initialised on first
// use with the label index, a second client shares it, and opening it
// again initialises nothing twice.
func TestPostgresStore(t *testing.T) {
	storetest.Postgres(t)
	s, dbURL := openTest(t)
	d := docTroops()
	d.ingest(t, s)
	s2, err := Open(dbURL)
	if err != nil {
		t.Fatalf("second client: %v", err)
	}
	defer s2.Close()
	if art, err := s2.Article(bg, d.id()); err != nil || art.Quads == 0 {
		t.Fatalf("second client reads %+v, %v", art, err)
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE tablename = 'quads' AND indexdef LIKE '%(label_hash)'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("label index: %d, %v", n, err)
	}
	if err := s.backend.maintain(bg); err != nil {
		t.Fatalf("vacuum analyze: %v", err)
	}
}

func TestIngestRejectsBadResults(t *testing.T) {
	s, _ := openTest(t)
	for name, mutate := range map[string]func(d *doc){
		"unknown event type": func(d *doc) { d.r.Events[0].Event = "HUG" },
		"reserved predicate": func(d *doc) { d.r.Triples[1].Predicate = "name" },
		"bad entity ID":      func(d *doc) { d.r.Entities[0].ID = "Claudia Sheinbaum" },
		"kind mismatch":      func(d *doc) { d.r.Entities[0].Type = schema.KindCountry },
		"foreign event ID":   func(d *doc) { d.r.Events[0].ID = "event:0000000000000000-1" },
		"other article":      func(d *doc) { d.r.Article = schema.ArticleID("another text") },
		"bad date":           func(d *doc) { d.a.Date = "3 May 2025" },
		"unknown event ref":  func(d *doc) { d.r.Triples[0].Event = "event:nope-9" },
		"empty text":         func(d *doc) { d.a.Text = " " },
	} {
		d := docTroops()
		mutate(d)
		if _, err := s.Ingest(bg, d.a, d.r); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if n, q := counts(t, s); n != 0 || q != 0 {
		t.Fatalf("rejected articles wrote %d nodes %d quads", n, q)
	}
}

func TestStats(t *testing.T) {
	s, _ := openTest(t)
	if st, err := s.Stats(bg); err != nil || st != (Stats{}) {
		t.Fatalf("empty store Stats = %+v, %v", st, err)
	}
	a := docTroops().ingest(t, s)
	b := docTariffs().ingest(t, s)
	st, err := s.Stats(bg)
	if err != nil || st.Articles != 2 || st.Quads != int64(a.Quads+b.Quads) {
		t.Fatalf("Stats = %+v, %v; wrote %d+%d quads", st, err, a.Quads, b.Quads)
	}
}

func TestIngestBatch(t *testing.T) {
	s, _ := openTest(t)
	troops, tariffs := docTroops(), docTariffs()
	first := troops.ingest(t, s)
	bad := docTroops()
	bad.r.Events[0].Event = "HUG"
	bad.a.Text += " Changed."
	bad.r.Article = schema.ArticleID(bad.a.Text)
	res, err := s.IngestBatch(bg, []BatchItem{
		{troops.a, troops.r},   // already present
		{tariffs.a, tariffs.r}, // new
		{bad.a, bad.r},         // refused
		{tariffs.a, tariffs.r}, // twice in one batch
	})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Created || res[0].Err != nil || res[0].Article != troops.id() {
		t.Errorf("present article: %+v", res[0])
	}
	if !res[1].Created || res[1].Quads == 0 || res[1].Err != nil {
		t.Errorf("new article: %+v", res[1])
	}
	if res[2].Created || !errors.Is(res[2].Err, ErrInvalid) {
		t.Errorf("refused article: %+v", res[2])
	}
	if res[3].Created || res[3].Err != nil {
		t.Errorf("repeated article: %+v", res[3])
	}
	if _, q := counts(t, s); q != int64(first.Quads+res[1].Quads) {
		t.Fatalf("store has %d quads, want %d", q, first.Quads+res[1].Quads)
	}
	// The batch's article reads back like one ingested alone.
	if art, err := s.Article(bg, tariffs.id()); err != nil || art.Quads != res[1].Quads {
		t.Fatalf("Article = %+v, %v", art, err)
	}
	if res, err := s.IngestBatch(bg, nil); err != nil || len(res) != 0 {
		t.Fatalf("empty batch: %v, %v", res, err)
	}
	if err := s.Maintain(bg); err != nil {
		t.Fatal(err)
	}
}

// A raw query holds the read lock one request at a time, never for the
// whole query: a delete (exclusive) does not wait for a query that runs
// on, and neither do the reads queued behind the delete.
func TestDeleteDoesNotWaitForRawQuery(t *testing.T) {
	s, _ := openTest(t)
	d := docTroops()
	d.ingest(t, s)
	started := make(chan struct{})
	go func() {
		close(started)
		// Reads the store, then spins until its time is up.
		_, _ = s.Query(bg, `g.V("<country:MEX>").All(); while (true) {}`, QueryOptions{Timeout: 3 * time.Second})
	}()
	<-started
	time.Sleep(300 * time.Millisecond) // the worker is up and spinning
	start := time.Now()
	if err := s.DeleteArticle(bg, d.id()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("delete waited %v for a running raw query", took)
	}
}

// TestInferredActorReadBack: an actor supplied from context keeps its
// inferred mark and its mention's offsets through the store.
func TestInferredActorReadBack(t *testing.T) {
	s, _ := openTest(t)
	text := "Kenya and Somalia traded accusations over the border. On Monday Kenya condemned the raid."
	a := schema.Article{ID: "inferred-1", Date: "2024-03-15", Text: text}
	r := extract.New().Extract(a)
	if _, err := s.Ingest(bg, a, r); err != nil {
		t.Fatal(err)
	}
	evs, _, err := s.Events(bg, EventFilter{Actor: "country:KEN"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		for _, x := range e.Target {
			if x.Inferred && x.Entity == "country:SOM" && text[x.Start:x.End] == x.ActorText {
				return
			}
		}
	}
	t.Errorf("no inferred Somalia with its mention among %+v", evs)
}

// TestPersonNamedAsWritten: articles name a person as they write it
// ("Sheinbaum" alone), with the dictionary's full name as an alias; the
// node takes the full name its ID was made from, and keeps the rest as
// aliases.
func TestPersonNamedAsWritten(t *testing.T) {
	s, _ := openTest(t)
	for i, text := range []string{"Sheinbaum rejected the offer.", "Sheinbaum criticised the tariffs."} {
		d := newDoc(fmt.Sprintf("w-%d", i), "", "2025-05-03", text)
		d.entity("person:claudia-sheinbaum", "Sheinbaum", "MEX", "President", "Claudia Sheinbaum")
		d.ingest(t, s)
	}
	e, err := s.Entity(bg, "person:claudia-sheinbaum")
	if err != nil || e.Name != "Claudia Sheinbaum" || !reflect.DeepEqual(e.Aliases, []string{"Sheinbaum"}) {
		t.Fatalf("person = %+v, %v; want Claudia Sheinbaum, alias Sheinbaum", e, err)
	}
}
