package extract

import (
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

var fuzzX = New()

// FuzzExtract: on any valid UTF-8 text the extractor never panics, and
// everything it returns points back into the text and follows the schema.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Mexican President Claudia Sheinbaum rejected an offer from U.S. President Donald Trump.",
		"France and Germany agreed to cooperate with the U.N. on Monday.",
		"“No,” she said. He didn't. The U.S.-Mexico talks — held in Tokyo — failed.",
		"Erdogan's rejection of the plan was condemned by NATO, officials said Saturday.",
		"... . ,, ’s ‘ “ U.S. -- - Mr. Dr. Gen.",
		"",
	} {
		f.Add(s, "2025-05-04")
	}
	f.Fuzz(func(t *testing.T, text, date string) {
		if !strings.HasPrefix(date, "20") || len(date) != 10 {
			date = ""
		}
		r := fuzzX.Extract(schema.Article{ID: "fuzz", Date: date, Text: text})
		if r.Article != schema.ArticleID(text) {
			t.Fatalf("article ID %q", r.Article)
		}
		for _, e := range r.Entities {
			if !schema.ValidID(e.ID) {
				t.Fatalf("invalid entity ID %q", e.ID)
			}
		}
		for _, ev := range r.Events {
			if !schema.IsEventType(ev.Event) {
				t.Fatalf("unknown event type %q", ev.Event)
			}
			ec := ev.Evidence
			if ec.Start < 0 || ec.End > len(text) || ec.Start > ec.End || text[ec.Start:ec.End] != ec.Sentence {
				t.Fatalf("evidence [%d,%d) does not match its sentence %q", ec.Start, ec.End, ec.Sentence)
			}
			if ev.TriggerStart < ec.Start || ev.TriggerEnd > ec.End || ev.TriggerStart > ev.TriggerEnd {
				t.Fatalf("trigger [%d,%d) outside its sentence [%d,%d)", ev.TriggerStart, ev.TriggerEnd, ec.Start, ec.End)
			}
			for _, a := range append(append([]schema.Actor{}, ev.Source...), ev.Target...) {
				if !schema.ValidID(a.Entity) {
					t.Fatalf("invalid actor ID %q", a.Entity)
				}
				if a.Start < 0 || a.End > len(text) || a.Start > a.End || text[a.Start:a.End] != a.ActorText {
					t.Fatalf("actor text %q does not match [%d,%d)", a.ActorText, a.Start, a.End)
				}
			}
		}
		for _, tr := range r.Triples {
			if !schema.ValidID(tr.Subject) || !schema.ValidID(tr.Object) || !schema.ValidPredicate(tr.Predicate) {
				t.Fatalf("invalid triple %s %s %s", tr.Subject, tr.Predicate, tr.Object)
			}
		}
	})
}
