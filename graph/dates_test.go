package graph

import (
	"context"
	"math/rand"
	"slices"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

// allEventsSorted lists every event as Events orders them, by reading and
// sorting all of them (the list before the date index): what the date
// index's pages must add up to.
func allEventsSorted(t *testing.T, s *Store) []eventHead {
	t.Helper()
	v, done, err := s.view()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	l, err := v.readEventList(context.Background(), EventFilter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	return l.heads
}

// pagedEvents reads every page of Events with filter f, limit at a time.
func pagedEvents(t *testing.T, s *Store, f EventFilter, limit int) []schema.Event {
	t.Helper()
	var out []schema.Event
	f.Limit = limit
	for pages := 0; ; pages++ {
		evs, next, err := s.Events(context.Background(), f)
		if err != nil {
			t.Fatalf("Events(%+v): %v", f, err)
		}
		if len(evs) > limit || next != "" && len(evs) != limit {
			t.Fatalf("Events(%+v): %d events and next %q", f, len(evs), next)
		}
		out = append(out, evs...)
		if next == "" {
			return out
		}
		if pages > 100000 {
			t.Fatal("no end of pages")
		}
		f.Cursor = next
	}
}

// checkEventPages checks that the pages of every event, whole and within
// date bounds, are the sorted list of all events.
func checkEventPages(t *testing.T, s *Store, when string) {
	t.Helper()
	all := allEventsSorted(t, s)
	if len(all) == 0 {
		t.Fatalf("%s: no events", when)
	}
	want := func(from, to string) []string {
		var ids []string
		for _, h := range all {
			d := h.ev.Date
			if from != "" && (d == "" || d < from) || to != "" && (d == "" || d > to) {
				continue
			}
			ids = append(ids, h.ev.ID+" "+d+" "+h.ev.Event)
		}
		return ids
	}
	got := func(evs []schema.Event) []string {
		var ids []string
		for _, e := range evs {
			ids = append(ids, e.ID+" "+e.Date+" "+e.Event)
		}
		return ids
	}
	mid := all[len(all)/2].ev.Date
	for _, c := range []struct {
		from, to string
		limit    int
	}{
		{"", "", 1}, {"", "", 7}, {"", "", 500}, {"", "", MaxPageLimit},
		{mid, "", 9}, {"", mid, 9}, {mid, mid, 3}, {"2024-03-01", "2024-06-30", 25}, {"2031-01-01", "", 5},
	} {
		if c.limit == 1 && len(all) > 400 {
			continue
		}
		w := want(c.from, c.to)
		g := got(pagedEvents(t, s, EventFilter{From: c.from, To: c.to}, c.limit))
		if !slices.Equal(g, w) {
			n := 0
			for n < len(g) && n < len(w) && g[n] == w[n] {
				n++
			}
			t.Fatalf("%s: from %q to %q limit %d: %d events, want %d; first difference at %d", when, c.from, c.to, c.limit, len(g), len(w), n)
		}
	}
}

// TestEventPagesFromDateIndex pages every event of a store of generated
// articles (a fifth of their events dated before their article, some
// articles undated) through the date index, and again after writes and
// deletes have changed what it had cached.
func TestEventPagesFromDateIndex(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rng := rand.New(rand.NewSource(7))
	w := newSynthWorld(rng, 60)
	var ids []string
	add := func(n int, undated bool) {
		a, r := w.article(rng, n)
		if undated {
			a.Date, r.Date = "", ""
			for i := range r.Events {
				if r.Events[i].Date == "" {
					r.Events[i].Evidence.Date = ""
				}
			}
			for i := range r.Triples {
				r.Triples[i].Evidence.Date = ""
			}
		}
		if _, err := s.Ingest(ctx, a, r); err != nil {
			t.Fatalf("article %d: %v", n, err)
		}
		ids = append(ids, schema.ArticleID(a.Text))
	}
	for n := 0; n < 60; n++ {
		add(n, n%20 == 3)
	}
	checkEventPages(t, s, "after the first ingest")

	// Writes after the index and days were read: new dates, a new undated
	// article, retractions.
	for n := 60; n < 70; n++ {
		add(n, n == 65)
	}
	for _, id := range []string{ids[0], ids[3], ids[30]} {
		if err := s.DeleteArticle(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	checkEventPages(t, s, "after writes and deletes")

	// A fresh store over the same data reads the index from the articles.
	s.cache = readCache{}
	checkEventPages(t, s, "read afresh")
}
