package graph

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// docOddEvidence is an extraction whose words are not always those of the
// text at their offsets (a caller's result may say anything), with dates
// other than the article's, and an empty sentence over a non-empty span.
func docOddEvidence() *doc {
	d := newDoc("odd-1", "Odd evidence", "2025-04-01",
		"Mexico rejected Russia.",
		"Canada praised Brazil.")
	d.entity("country:MEX", "Mexico", "MEX", "").entity("country:RUS", "Russia", "RUS", "").
		entity("country:CAN", "Canada", "CAN", "").entity("country:BRA", "Brazil", "BRA", "")
	e1 := d.event(0, schema.Reject, "2025-03-30", "rejected",
		[]schema.Actor{d.actor("country:MEX", "Mexico", "MEX")},
		[]schema.Actor{{Entity: "country:RUS", ActorText: "the Kremlin", Code: "RUS", Start: 16, End: 22, Inferred: true}})
	ev := &d.r.Events[0]
	ev.Trigger = "turned down" // not the text at the trigger's span
	ev.Evidence.Sentence = "Mexico rejected Russia outright."
	ev.Negated = true
	ev.CAMEO = "128"
	e2 := d.event(1, schema.Support, "", "praised",
		[]schema.Actor{{Entity: "country:CAN", ActorText: "Canada", Code: "can", Start: 900, End: 906}},
		[]schema.Actor{d.actor("country:BRA", "Brazil", "BRA")})
	d.r.Events[1].Evidence.Sentence = ""
	d.r.Events[1].TriggerStart, d.r.Events[1].TriggerEnd = -3, 2
	d.triple(0, "country:MEX", schema.Reject, "country:RUS", e1)
	d.r.Triples[0].Evidence.Sentence = "Mexico rejected Russia outright."
	d.r.Triples[0].Evidence.Date = "2025-03-30"
	d.triple(1, "country:CAN", schema.Support, "country:BRA", e2)
	d.r.Triples[1].Evidence.Sentence = ""
	return d
}

func TestEvidenceReadAsIngested(t *testing.T) {
	s, _ := openTest(t)
	d := docOddEvidence()
	d.ingest(t, s)

	evs, _, err := s.Events(bg, EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
	for _, got := range evs {
		var want schema.Event
		for _, e := range d.r.Events {
			if e.ID == got.ID {
				want = e
			}
		}
		// What the store adds or normalises: the date defaults to the
		// article's, codes are upper case.
		if want.Date == "" {
			want.Date = d.a.Date
		}
		want.Evidence.Date = want.Date
		for i := range want.Source {
			want.Source[i].Code = strings.ToUpper(want.Source[i].Code)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("event read back\n got %+v\nwant %+v", got, want)
		}
	}

	for _, tr := range d.r.Triples {
		ts, _, err := s.Triples(bg, TripleFilter{Subject: tr.Subject, Predicate: tr.Predicate})
		if err != nil || len(ts) != 1 || len(ts[0].Evidence) != 1 {
			t.Fatalf("triples of %s: %+v, %v", tr.Subject, ts, err)
		}
		want := tr.Evidence
		if want.Date == "" {
			want.Date = d.a.Date
		}
		if got := ts[0].Evidence[0]; got != want {
			t.Errorf("evidence of %s %s read back\n got %+v\nwant %+v", tr.Subject, tr.Predicate, got, want)
		}
	}

	// The dyad's sentence is the event's, as given.
	rep, err := s.Dyad(bg, "MEX", "RUS", DyadOptions{})
	if err != nil || len(rep.Buckets) != 1 || len(rep.Buckets[0].Evidence) != 1 {
		t.Fatalf("dyad = %+v, %v", rep, err)
	}
	if e := rep.Buckets[0].Evidence[0]; e.Sentence != "Mexico rejected Russia outright." || !e.Negated || e.Date != "2025-03-30" {
		t.Errorf("dyad evidence %+v", e)
	}
}

// An article's words are stored once: evidence that is the text at its
// offsets costs no copy of it.
func TestEvidenceNotCopied(t *testing.T) {
	s, _ := openTest(t)
	d := docTroops()
	d.ingest(t, s)
	quads, err := s.articleQuads(bg, quad.IRI(d.id()))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range quads {
		if predOf(q) == schema.PredText {
			continue
		}
		v := str(q.Object)
		for i := range 3 {
			if sent := d.evidence(i).Sentence; strings.Contains(v, sent) {
				t.Errorf("quad %v copies sentence %d", q, i)
			}
		}
	}
}
