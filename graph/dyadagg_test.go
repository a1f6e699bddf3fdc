package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph/storetest"
	"github.com/dipgraph/dipgraph/schema"
)

// dyadState lists the dyad sums the store keeps, sorted, and checks
// that they are those read afresh from its articles' dyadCounts facts:
// two stores with the same state answer every dyad question alike.
func dyadState(t testing.TB, s *Store) []string {
	t.Helper()
	v, done, err := s.view()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	if err := v.dyadSumsReady(bg); err != nil {
		t.Fatal(err)
	}
	s.cache.mu.RLock()
	kept := dumpDyadSums(s.cache.sums)
	s.cache.mu.RUnlock()
	fresh, err := v.readDyadSums(bg)
	if err != nil {
		t.Fatal(err)
	}
	if f := dumpDyadSums(fresh); !reflect.DeepEqual(kept, f) {
		t.Fatalf("the dyad sums kept by the writes:\n%s\nread afresh:\n%s", strings.Join(kept, "\n"), strings.Join(f, "\n"))
	}
	return kept
}

// dumpDyadSums lists every cell and total of ds, sorted.
func dumpDyadSums(ds *dyadSums) []string {
	out := []string{}
	for p, ms := range ds.months {
		for m, mv := range ms {
			for e, c := range mv {
				out = append(out, fmt.Sprintf("%s %s-%s %s %d %d %d", p.name(), m, e.day, e.typ, c.events, c.negated, c.sum))
			}
		}
	}
	for p, c := range ds.totals {
		if !c.empty() {
			out = append(out, fmt.Sprintf("%s total %d %d %d", p.name(), c.events, c.negated, c.sum))
		}
	}
	sort.Strings(out)
	return out
}

// dyadAnswers is every dyad answer of the relations fixture's countries,
// as JSON.
func dyadAnswers(t testing.TB, s *Store) string {
	t.Helper()
	var sb strings.Builder
	for _, p := range [][2]string{{idMEX, idUSA}, {idUSA, idMEX}, {idUSA, idCAN}} {
		for _, o := range []DyadOptions{{}, {Interval: IntervalDay}, {Interval: IntervalWeek, From: "2025-02-01", To: "2025-04-30"}} {
			rep, err := s.Dyad(bg, p[0], p[1], o)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(rep)
			sb.Write(b)
			sb.WriteByte('\n')
		}
	}
	for _, c := range []string{idMEX, idUSA, idCAN} {
		for _, by := range []string{DyadsByEvents, DyadsByTension} {
			ds, err := s.Dyads(bg, c, by, 0)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(ds)
			sb.Write(b)
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// TestDyadRetraction: ingest every article, read (and cache) the dyads,
// delete two articles: the aggregates and every answer are those of a
// fresh store of the other articles. Re-ingesting an article already
// there changes nothing; deleting them all leaves no aggregate.
func TestDyadRetraction(t *testing.T) {
	docs := relationsFixture()
	all, _ := openTest(t)
	for _, d := range docs {
		d.ingest(t, all)
	}
	full := dyadAnswers(t, all)
	fullState := dyadState(t, all)
	if len(fullState) == 0 {
		t.Fatal("no dyad aggregates written")
	}
	// Idempotent re-ingest: nothing written.
	if st := docs[4].ingest(t, all); st.Created {
		t.Fatalf("re-ingest created %+v", st)
	}
	if got := dyadState(t, all); !reflect.DeepEqual(got, fullState) {
		t.Fatalf("re-ingest changed the aggregates:\n%v\nwant\n%v", got, fullState)
	}
	if got := dyadAnswers(t, all); got != full {
		t.Fatal("re-ingest changed the answers")
	}

	gone := map[string]bool{docs[4].id(): true, docs[5].id(): true} // April and May
	for id := range gone {
		if err := all.DeleteArticle(bg, id); err != nil {
			t.Fatal(err)
		}
	}
	rest, _ := openTest(t)
	for _, d := range docs {
		if !gone[d.id()] {
			d.ingest(t, rest)
		}
	}
	if got, want := dyadState(t, all), dyadState(t, rest); !reflect.DeepEqual(got, want) {
		t.Errorf("aggregates after the deletes:\n%s\nwant those of a store without the articles:\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	got, want := dyadAnswers(t, all), dyadAnswers(t, rest)
	if got != want {
		t.Errorf("answers after the deletes:\n%s\nwant\n%s", got, want)
	}
	if got == full {
		t.Error("the deletes changed no answer")
	}
	rep, err := all.Dyad(bg, idMEX, idUSA, DyadOptions{})
	if err != nil || rep.Totals.Events != 9 || rep.Undated != 1 || len(rep.Buckets) != 3 {
		t.Errorf("MEX–USA without April and May: %+v, %v", rep, err)
	}

	for _, d := range docs {
		if !gone[d.id()] {
			if err := all.DeleteArticle(bg, d.id()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st := dyadState(t, all); len(st) != 0 {
		t.Errorf("dyad sums left in an empty store: %v", st)
	}
}

// TestDyadCodedCountry: an actor is of the country its code in the event
// says, before the country its article states; IGO/NGO/IMG codes are of
// none.
func TestDyadCodedCountry(t *testing.T) {
	s, _ := openTest(t)
	d := newRelDoc("coded", "2025-06-02", "Trump, for Canada, accused Mexico.", "The UN criticised Mexico.", "Trump praised Mexico.")
	d.r.Entities = append(d.r.Entities, schema.Entity{ID: "org:un", Type: schema.KindOrganization, Name: "UN", Country: "IGO"})
	d.event(0, schema.Accuse, "", "accused", []schema.Actor{d.actor(idTrump, "Trump", "CAN")}, []schema.Actor{d.actor(idMEX, "Mexico", "")})
	d.event(1, schema.Accuse, "", "criticised", []schema.Actor{d.actor("org:un", "UN", "IGO")}, []schema.Actor{d.actor(idMEX, "Mexico", "MEX")})
	d.event(2, schema.Support, "", "praised", []schema.Actor{d.actor(idTrump, "Trump", "")}, []schema.Actor{d.actor(idMEX, "Mexico", "")})
	d.ingest(t, s)
	can, err := s.Dyad(bg, idCAN, idMEX, DyadOptions{})
	if err != nil || can.Totals.Events != 1 || can.Totals.AToB != 1 || len(can.Buckets) != 1 || can.Buckets[0].Evidence[0].Source != idTrump {
		t.Fatalf("CAN–MEX: %+v, %v", can, err)
	}
	usa, err := s.Dyad(bg, idUSA, idMEX, DyadOptions{})
	if err != nil || usa.Totals.Events != 1 || usa.Totals.ByType[schema.Support] != (DyadCounts{AToB: 1}) {
		t.Fatalf("USA–MEX: %+v, %v", usa.Totals, err)
	}
	ds, err := s.Dyads(bg, idMEX, "", 0)
	if err != nil || len(ds) != 2 || ds[0].Events != 1 || ds[1].Events != 1 || ds[0].In != 1 {
		t.Fatalf("counterparts of Mexico: %+v, %v", ds, err)
	}
}

// TestDyadEvidenceCapped: a bucket lists its first MaxDyadEvidence
// events by date then ID, and counts them all; a cached answer follows
// a later write.
func TestDyadEvidenceCapped(t *testing.T) {
	s, _ := openTest(t)
	const n = MaxDyadEvidence + 5
	var sentences []string
	for i := 0; i < n; i++ {
		sentences = append(sentences, fmt.Sprintf("Sheinbaum called Trump, call %d.", i))
	}
	d := newRelDoc("calls", "2025-06-20", sentences...)
	for i := 0; i < n; i++ {
		// The last five on June 2, the others on June 9.
		date := "2025-06-09"
		if i >= n-5 {
			date = "2025-06-02"
		}
		d.ev(i, schema.Consult, date, idSheinbaum, idTrump, false)
	}
	other := newRelDoc("other", "2025-06-01", "Carney accused Trump.")
	other.ev(0, schema.Accuse, "", idCarney, idTrump, false)
	other.ingest(t, s)
	before, err := s.Dyad(bg, idMEX, idUSA, DyadOptions{})
	if err != nil || len(before.Buckets) != 0 {
		t.Fatalf("empty store: %+v, %v", before, err)
	}
	d.ingest(t, s)
	rep, err := s.Dyad(bg, idMEX, idUSA, DyadOptions{})
	if err != nil || len(rep.Buckets) != 1 {
		t.Fatalf("after the ingest: %+v, %v", rep, err)
	}
	b := rep.Buckets[0]
	if b.Events != n || b.EvidenceTotal != n || len(b.Evidence) != MaxDyadEvidence {
		t.Fatalf("June: %d events, %d evidence of %d", b.Events, len(b.Evidence), b.EvidenceTotal)
	}
	for i, e := range b.Evidence {
		if i < 5 && e.Date != "2025-06-02" || i >= 5 && e.Date != "2025-06-09" {
			t.Errorf("evidence %d dated %s", i, e.Date)
		}
		if i > 0 && e.Date == b.Evidence[i-1].Date && e.Event <= b.Evidence[i-1].Event {
			t.Errorf("evidence %d (%s) after %s", i, e.Event, b.Evidence[i-1].Event)
		}
		if e.Sentence == "" || e.Source != idSheinbaum || e.Target != idTrump || e.Type != schema.Consult || e.Article != d.id() {
			t.Errorf("evidence %d = %+v", i, e)
		}
	}
	days, err := s.Dyad(bg, idMEX, idUSA, DyadOptions{Interval: IntervalDay})
	if err != nil || len(days.Buckets) != 2 || days.Buckets[1].EvidenceTotal != n-5 || len(days.Buckets[1].Evidence) != MaxDyadEvidence ||
		days.Buckets[0].EvidenceTotal != 5 || len(days.Buckets[0].Evidence) != 5 {
		t.Fatalf("by day: %+v, %v", days, err)
	}
}

// TestDyadInterruptedDelete: a chunked delete stopped half-way, as a
// crash would, and finished on the next open takes the article's
// contribution away exactly once.
func TestDyadInterruptedDelete(t *testing.T) {
	u := storetest.URL(t)
	s, err := Open(u)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	ctx := context.Background()
	ingestCorpus(t, s, 5, 40)
	a, r, _ := bigArticle(t, 13, 3000)
	before := dyadState(t, s)
	if _, err := s.Ingest(ctx, a, r); err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(dyadState(t, s), before) {
		t.Fatal("the large article adds nothing to the dyads")
	}
	crash := errors.New("simulated crash")
	testAfterChunk = func(chunk int) error {
		if chunk == 1 {
			return crash
		}
		return nil
	}
	err = s.DeleteArticle(ctx, r.Article)
	testAfterChunk = nil
	if !errors.Is(err, crash) {
		t.Fatalf("DeleteArticle: %v, want the simulated crash", err)
	}
	// Half deleted: the sums are already without the article.
	if got := dyadState(t, s); !reflect.DeepEqual(got, before) {
		t.Errorf("aggregates of the half-deleted article:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(u); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.resumed:
	case <-time.After(30 * time.Second):
		t.Fatal("the interrupted delete was not finished within 30 s of Open")
	}
	if p, err := s.pendingDeletes(ctx); err != nil || len(p) != 0 {
		t.Fatalf("markers after resuming: %v, %v", p, err)
	}
	if got := dyadState(t, s); !reflect.DeepEqual(got, before) {
		t.Errorf("aggregates after the resumed delete:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
	}
}

// forgetDyads drops the cached dyad answers, for the cold benchmarks.
func (c *readCache) forgetDyads() {
	c.mu.Lock()
	c.dyads = nil
	c.mu.Unlock()
}

// TestDyadSyntheticCounts: on a synthetic store written in batches, the
// aggregates hold what counting the generated events by their actors'
// codes gives.
func TestDyadSyntheticCounts(t *testing.T) {
	s, _ := openTest(t)
	const n, seed = 300, 7
	if _, err := GenerateSynthetic(bg, s, n, seed); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(seed))
	w := newSynthWorld(rng, 2000)
	want := map[[2]string]int{}
	for i := 0; i < n; i++ {
		_, r := w.article(rng, i)
		for _, e := range r.Events {
			sc, tc := e.Source[0].Code, e.Target[0].Code
			if sc != "" && tc != "" && sc != tc {
				want[[2]string{sc, tc}]++
			}
		}
	}
	checked := 0
	for p, k := range want {
		if checked == 40 {
			break
		}
		rep, err := s.Dyad(bg, p[0], p[1], DyadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Totals.AToB != k || rep.Totals.BToA != want[[2]string{p[1], p[0]}] {
			t.Errorf("%s→%s: %d and %d back, want %d and %d", p[0], p[1], rep.Totals.AToB, rep.Totals.BToA, k, want[[2]string{p[1], p[0]}])
		}
		checked++
	}
}

// TestDyadSumsReadWhileWriting: sums read while writes go by are kept
// with those writes applied on top, whether the read saw them or not; a
// write that cannot be told makes them be read again.
func TestDyadSumsReadWhileWriting(t *testing.T) {
	docs := relationsFixture()
	s, _ := openTest(t)
	for _, d := range docs[:3] {
		d.ingest(t, s)
	}
	read := func() *dyadSums {
		v, done, err := s.view()
		if err != nil {
			t.Fatal(err)
		}
		defer done()
		ds, err := v.readDyadSums(bg)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	// Read before the writes, kept after them: the writes are applied.
	gen := s.cache.generation()
	early := read()
	docs[3].ingest(t, s)
	if err := s.DeleteArticle(bg, docs[0].id()); err != nil {
		t.Fatal(err)
	}
	if !s.cache.putDyadSums(early, gen, false) {
		t.Fatal("sums read before two writes not kept")
	}
	dyadState(t, s) // the kept sums are those read afresh
	// Read after the writes it is told of: applying them again changes
	// nothing.
	s.cache.mu.Lock()
	s.cache.sums = nil
	s.cache.mu.Unlock()
	gen = s.cache.generation()
	docs[4].ingest(t, s)
	if err := s.DeleteArticle(bg, docs[1].id()); err != nil {
		t.Fatal(err)
	}
	late := read()
	if !s.cache.putDyadSums(late, gen, false) {
		t.Fatal("sums read after two writes not kept")
	}
	got := dyadState(t, s)
	if len(got) == 0 {
		t.Fatal("no dyad sums")
	}
	// A re-ingest with other counts, read in between.
	s.cache.mu.Lock()
	s.cache.sums = nil
	s.cache.mu.Unlock()
	gen = s.cache.generation()
	if err := s.DeleteArticle(bg, docs[4].id()); err != nil {
		t.Fatal(err)
	}
	d := docs[4]
	d.r.Events = append([]schema.Event(nil), d.r.Events...)
	for i := range d.r.Events {
		d.r.Events[i].Negated = !d.r.Events[i].Negated
	}
	d.ingest(t, s)
	if !s.cache.putDyadSums(read(), gen, false) {
		t.Fatal("sums read after a re-ingest not kept")
	}
	if now := dyadState(t, s); reflect.DeepEqual(now, got) {
		t.Error("a re-ingest with its events negated changed no sum")
	}
	// A write whose facts are not known drops them.
	s.cache.apply(touch{All: true})
	if s.cache.hasDyadSums() {
		t.Error("sums kept through a write that could not be told")
	}
	gen = s.cache.generation()
	ds := read()
	s.cache.apply(touch{All: true})
	if s.cache.putDyadSums(ds, gen, false) {
		t.Error("sums kept across a write that could not be told")
	}
}
