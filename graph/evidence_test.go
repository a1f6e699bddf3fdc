package graph

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

// docRepeated states "Mexico rejected Russia" in n sentences, the first one
// twice (two events, one span: the same evidence).
func docRepeated(n int) *doc {
	sents := make([]string, n)
	for i := range sents {
		sents[i] = fmt.Sprintf("Mexico rejected Russia %d.", i)
	}
	d := newDoc("rep", "Repeated", "2025-03-01", sents...)
	d.entity("country:MEX", "Mexico", "MEX", "").entity("country:RUS", "Russia", "RUS", "")
	src := []schema.Actor{d.actor("country:MEX", "Mexico", "MEX")}
	tgt := []schema.Actor{d.actor("country:RUS", "Russia", "RUS")}
	e1 := d.event(0, "REJECT", "", "rejected", src, tgt)
	e2 := d.event(0, "REJECT", "", "rejected", src, tgt)
	d.triple(0, "country:MEX", "REJECT", "country:RUS", e1)
	d.triple(0, "country:MEX", "REJECT", "country:RUS", e2)
	for i := 1; i < n; i++ {
		d.triple(i, "country:MEX", "REJECT", "country:RUS", "")
	}
	return d
}

func TestTripleEvidenceDedupedAndCapped(t *testing.T) {
	s, _ := openTest(t)
	d := docRepeated(3)
	d.ingest(t, s)
	rels, _, err := s.Relations(bg, "country:MEX", Page{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rels) != 1 || rels[0].EvidenceTotal != 3 || len(rels[0].Evidence) != 3 || rels[0].Support != 1 {
		t.Fatalf("relations = %+v; want one triple with 3 distinct pieces of evidence", rels)
	}

	big := docRepeated(2000)
	big.ingest(t, s)
	for name, get := range map[string]func() ([]TripleInfo, string, error){
		"relations": func() ([]TripleInfo, string, error) { return s.Relations(bg, "country:RUS", Page{Limit: 5}) },
		"triples": func() ([]TripleInfo, string, error) {
			return s.Triples(bg, TripleFilter{Subject: "country:MEX", Page: Page{Limit: 5}})
		},
		"scan": func() ([]TripleInfo, string, error) {
			return s.Triples(bg, TripleFilter{Predicate: "REJECT", Page: Page{Limit: 5}})
		},
	} {
		ts, _, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(ts) != 1 {
			t.Fatalf("%s: %d triples, want 1", name, len(ts))
		}
		tr := ts[0]
		if tr.EvidenceTotal != 2003 || len(tr.Evidence) != MaxTripleEvidence || tr.Support != 2 {
			t.Errorf("%s: evidenceTotal %d, %d listed, support %d; want 2003, %d, 2", name, tr.EvidenceTotal, len(tr.Evidence), tr.Support, MaxTripleEvidence)
		}
		b, _ := json.Marshal(ts)
		if len(b) > 8<<10 || !strings.Contains(string(b), `"evidenceTotal":2003`) {
			t.Errorf("%s: %d bytes of JSON: %.200s", name, len(b), b)
		}
	}
}

func TestQuadBoundAndCount(t *testing.T) {
	s, _ := openTest(t)
	for _, d := range []*doc{docTroops(), docTariffs(), docRepeated(50)} {
		n, err := CountQuads(d.a, d.r)
		if err != nil {
			t.Fatal(err)
		}
		if b := QuadBound(d.r); b < n {
			t.Errorf("%s: QuadBound %d < %d quads", d.id(), b, n)
		}
		if st := d.ingest(t, s); st.Quads != n {
			t.Errorf("%s: CountQuads %d, Ingest wrote %d", d.id(), n, st.Quads)
		}
	}
	bad := docTroops()
	bad.r.Article = "article:0000000000000000"
	if _, err := CountQuads(bad.a, bad.r); err == nil {
		t.Error("CountQuads of a result for another text: no error")
	}
}
