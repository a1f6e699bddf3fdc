package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/graph/storetest"
)

// TestTouchSurvivesTheChangeRow: a touch read back from its change row's
// JSON is the touch that was written.
func TestTouchSurvivesTheChangeRow(t *testing.T) {
	d := docTroops()
	b, err := buildArticle(d.a, d.r)
	if err != nil {
		t.Fatal(err)
	}
	want := touchOf(b.quads)
	if len(want.IDs) == 0 || len(want.Named) == 0 || len(want.Links) == 0 {
		t.Fatalf("touch of an article: %d IDs, %d name facts, %d links; want some of each", len(want.IDs), len(want.Named), len(want.Links))
	}
	raw, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got touch
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back:\n%+v\nwant\n%+v", got, want)
	}
	many := make([]quad.Quad, 0, maxTouchIDs+1)
	for i := 0; i <= maxTouchIDs; i++ {
		many = append(many, quad.Make(quad.IRI(fmt.Sprintf("person:p%d", i)), quad.IRI("name"), quad.String("x"), quad.IRI("article:a")))
	}
	if all := touchOf(many); !all.All || len(all.IDs) != 0 {
		t.Errorf("a write of %d entities: All %v with %d IDs, want All and none listed", len(many), all.All, len(all.IDs))
	}
}

// TestTwoStoresOnOneDatabase: two stores open on one PostgreSQL database
// (as two processes would be) see each other's writes and deletes within
// the poll delay, with their caches warm, and one article ingested
// through both at once is written once.
func TestTwoStoresOnOneDatabase(t *testing.T) {
	storetest.Postgres(t)
	ctx := context.Background()
	a, u := openTest(t)
	b, err := Open(u)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	docTariffs().ingest(t, a)
	waitUntil := func(what string, cond func() bool) time.Duration {
		t.Helper()
		start := time.Now()
		for !cond() {
			if time.Since(start) > 30*time.Second {
				t.Fatalf("store b: %s not within 30 s", what)
			}
			time.Sleep(5 * time.Millisecond)
		}
		return time.Since(start)
	}
	waitUntil("Trump's entity", func() bool { _, err := b.Entity(ctx, "person:donald-trump"); return err == nil })
	// Warm b's caches.
	for i := 0; i < 2; i++ {
		if _, err := b.Entity(ctx, "person:donald-trump"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Events(ctx, EventFilter{Actor: "country:MEX"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Entities(ctx, EntityFilter{Query: "sheinbaum"}); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := b.Stats(ctx)
	troops := docTroops()
	st := troops.ingest(t, a)
	if !st.Created {
		t.Fatal("docTroops not created")
	}
	d := waitUntil("the new events of Mexico", func() bool {
		evs, _, err := b.Events(ctx, EventFilter{Actor: "country:MEX"})
		return err == nil && len(evs) > 0
	})
	waitUntil("Sheinbaum in the name index", func() bool {
		es, _, err := b.Entities(ctx, EntityFilter{Query: "sheinbaum"})
		return err == nil && len(es) == 1
	})
	waitUntil("Trump's new degree", func() bool {
		ea, err1 := a.Entity(ctx, "person:donald-trump")
		eb, err2 := b.Entity(ctx, "person:donald-trump")
		return err1 == nil && err2 == nil && reflect.DeepEqual(ea, eb)
	})
	waitUntil("the new quad count", func() bool {
		sa, _ := a.Stats(ctx)
		sb, _ := b.Stats(ctx)
		return sb == sa && sb.Quads > before.Quads
	})
	t.Logf("a write seen by the other store after %v", d.Round(time.Millisecond))
	if cl := b.ChangeLog(); cl.Applied == 0 || cl.LastChange == 0 {
		t.Errorf("store b's change log: %+v, want rows applied", cl)
	}

	if err := a.DeleteArticle(ctx, st.Article); err != nil {
		t.Fatal(err)
	}
	waitUntil("the delete", func() bool {
		evs, _, err := b.Events(ctx, EventFilter{Actor: "country:MEX"})
		es, _, err2 := b.Entities(ctx, EntityFilter{Query: "sheinbaum"})
		_, err3 := b.Article(ctx, st.Article)
		return err == nil && err2 == nil && len(evs) == 0 && len(es) == 0 && errors.Is(err3, ErrNotFound)
	})

	// The same article through both stores at once: written once.
	var wg sync.WaitGroup
	var created [2]bool
	for i, s := range []*Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := s.Ingest(ctx, troops.a, troops.r)
			if err != nil {
				t.Error(err)
			}
			created[i] = st.Created
		}()
	}
	wg.Wait()
	if created[0] == created[1] {
		t.Errorf("created by a %v, by b %v: want exactly one", created[0], created[1])
	}
}

// TestAnotherStoreFinishesAHalfDoneDelete: a delete stopped half-way in
// one store (its process crashed) is finished by the next write of
// another store on the database, which then ingests the article whole.
func TestAnotherStoreFinishesAHalfDoneDelete(t *testing.T) {
	storetest.Postgres(t)
	ctx := context.Background()
	a, u := openTest(t)
	b, err := Open(u) // open before the delete: it finds no marker at Open
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	art, r, nq := bigArticle(t, 17, 2000)
	if _, err := a.Ingest(ctx, art, r); err != nil {
		t.Fatal(err)
	}
	crash := errors.New("simulated crash")
	testAfterChunk = func(chunk int) error {
		if chunk == 1 {
			return crash
		}
		return nil
	}
	err = a.DeleteArticle(ctx, r.Article)
	testAfterChunk = nil
	if !errors.Is(err, crash) {
		t.Fatalf("DeleteArticle: %v, want the simulated crash", err)
	}
	if left, err := b.articleQuads(ctx, quad.IRI(r.Article)); err != nil || len(left) == 0 || len(left) >= nq {
		t.Fatalf("%d of %d quads left (%v): the delete was not interrupted half-way", len(left), nq, err)
	}
	st, err := b.Ingest(ctx, art, r)
	if err != nil || !st.Created || st.Quads != nq {
		t.Fatalf("ingest through the other store: %+v, %v; want created with %d quads", st, err, nq)
	}
	info, err := a.Article(ctx, r.Article)
	if err != nil || info.Quads != nq {
		t.Errorf("Article through the first store: %d quads, %v; want %d", info.Quads, err, nq)
	}
	if p, err := a.pendingDeletes(ctx); err != nil || len(p) != 0 {
		t.Errorf("markers left: %v, %v", p, err)
	}
}
