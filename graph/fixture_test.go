package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph/storetest"
	"github.com/dipgraph/dipgraph/schema"
)

// openTest opens a fresh, empty store on the backend under test (bolt in
// a temporary directory unless DIPGRAPH_TEST_DB names a PostgreSQL server;
// see package storetest) and returns it with its URL.
func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	u := storetest.URL(t)
	s, err := Open(u)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, u
}

// doc builds an article and its extraction by hand, locating each
// sentence in the text so evidence offsets are real.
type doc struct {
	a schema.Article
	r schema.Result
}

func newDoc(sourceID, title, date string, sentences ...string) *doc {
	text := strings.Join(sentences, " ")
	id := schema.ArticleID(text)
	return &doc{
		a: schema.Article{ID: sourceID, Title: title, Date: date, Text: text},
		r: schema.Result{ID: sourceID, Article: id, Title: title, Date: date},
	}
}

func (d *doc) id() string { return d.r.Article }

func (d *doc) evidence(sentence int) schema.Evidence {
	s := strings.Split(d.a.Text, ". ")
	start := 0
	for i := 0; i < sentence; i++ {
		start += len(s[i]) + 2
	}
	end := start + len(s[sentence])
	if end < len(d.a.Text) {
		end++ // the full stop
	}
	return schema.Evidence{
		Article:       d.id(),
		Sentence:      d.a.Text[start:end],
		SentenceIndex: sentence,
		Start:         start,
		End:           end,
		Date:          d.a.Date,
	}
}

func (d *doc) entity(id, name, country, role string, aliases ...string) *doc {
	k, _ := schema.KindOf(id)
	d.r.Entities = append(d.r.Entities, schema.Entity{ID: id, Type: k, Name: name, Country: country, Role: role, Aliases: aliases})
	return d
}

func (d *doc) actor(id, text, code string) schema.Actor {
	i := strings.Index(d.a.Text, text)
	if i < 0 {
		i = 0
	}
	return schema.Actor{Entity: id, ActorText: text, Code: code, Start: i, End: i + len(text)}
}

// event adds an event of the given type stated in the given sentence.
func (d *doc) event(sentence int, typ, date string, trigger string, src, tgt []schema.Actor) string {
	et, _ := schema.LookupEventType(typ)
	id := schema.EventID(d.id(), len(d.r.Events)+1)
	ev := d.evidence(sentence)
	ts := strings.Index(d.a.Text, trigger)
	e := schema.Event{
		ID: id, Event: typ, CAMEO: et.CAMEO, Score: et.Score,
		Source: src, Target: tgt,
		Trigger: trigger, TriggerStart: ts, TriggerEnd: ts + len(trigger),
		Confidence: 0.8, Date: date, Evidence: ev,
	}
	if date != "" {
		e.Evidence.Date = date
	}
	d.r.Events = append(d.r.Events, e)
	return id
}

func (d *doc) triple(sentence int, s, p, o, event string) *doc {
	d.r.Triples = append(d.r.Triples, schema.Triple{Subject: s, Predicate: p, Object: o, Event: event, Evidence: d.evidence(sentence)})
	return d
}

func (d *doc) ingest(t testing.TB, s *Store) IngestStats {
	t.Helper()
	st, err := s.Ingest(context.Background(), d.a, d.r)
	if err != nil {
		t.Fatalf("Ingest %s: %v", d.id(), err)
	}
	return st
}

// docTroops: Trump offers troops, Sheinbaum rejects them.
func docTroops() *doc {
	d := newDoc("wsj-1", "Sheinbaum rejects Trump troops offer", "2025-05-03",
		"Mexican President Claudia Sheinbaum rejected an offer by Donald Trump to send US troops into Mexico.",
		"Trump offered troops to fight the cartels, Sheinbaum said.",
		"Tension between the United States and Mexico has grown since January.")
	d.entity("person:claudia-sheinbaum", "Claudia Sheinbaum", "MEX", "President", "Sheinbaum").
		entity("person:donald-trump", "Donald Trump", "USA", "President", "Trump").
		entity("country:USA", "United States", "USA", "").
		entity("country:MEX", "Mexico", "MEX", "").
		entity("concept:troops", "troops", "", "")
	d.r.Entities = append(d.r.Entities, schema.Entity{ID: "org:sedena", Type: schema.KindOrganization,
		Name: "Sedena", Country: "MEX", OrgKind: "military", Sector: "military", Aliases: []string{"Defence Ministry"}})
	rej := d.event(0, schema.Reject, "", "rejected",
		[]schema.Actor{d.actor("person:claudia-sheinbaum", "Claudia Sheinbaum", "MEX")},
		[]schema.Actor{d.actor("person:donald-trump", "Donald Trump", "USA")})
	d.event(1, schema.Agree, "", "offered",
		[]schema.Actor{d.actor("person:donald-trump", "Trump", "USA")},
		[]schema.Actor{d.actor("country:MEX", "Mexico", "MEX")})
	d.triple(0, "person:claudia-sheinbaum", schema.Reject, "person:donald-trump", rej).
		triple(1, "person:donald-trump", "offered", "concept:troops", "").
		triple(2, "country:USA", schema.PredTension, "country:MEX", "")
	return d
}

// docTariffs shares Trump and the US-Mexico tension with docTroops; Carney
// and Canada appear only here.
func docTariffs() *doc {
	d := newDoc("reuters-7", "Trump threatens Canada with tariffs", "2025-03-01",
		"Donald Trump threatened Canada with new tariffs on Monday.",
		"Prime Minister Mark Carney criticised the threat.",
		"The row adds to tension between the United States and Mexico.")
	d.entity("person:donald-trump", "Donald J. Trump", "USA", "President").
		entity("person:mark-carney", "Mark Carney", "CAN", "Prime Minister", "Carney").
		entity("country:CAN", "Canada", "CAN", "").
		entity("country:USA", "United States", "USA", "").
		entity("country:MEX", "Mexico", "MEX", "")
	thr := d.event(0, schema.Threaten, "", "threatened",
		[]schema.Actor{d.actor("person:donald-trump", "Donald Trump", "USA")},
		[]schema.Actor{d.actor("country:CAN", "Canada", "CAN")})
	d.event(1, schema.Accuse, "", "criticised",
		[]schema.Actor{d.actor("person:mark-carney", "Mark Carney", "CAN")},
		[]schema.Actor{d.actor("person:donald-trump", "Trump", "USA")})
	d.triple(0, "person:donald-trump", schema.Threaten, "country:CAN", thr).
		triple(2, "country:USA", schema.PredTension, "country:MEX", "")
	return d
}
