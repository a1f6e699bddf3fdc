package graph

import (
	"errors"
	"reflect"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

func TestPathsThreeHops(t *testing.T) {
	s := relationsStore(t)
	// De la Fuente's only tie is Rubio's AGREE; Rubio met Carney, who
	// accused Trump.
	ps, err := s.Paths(bg, idFuente, idTrump, 6, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 {
		t.Fatalf("paths = %+v", ps)
	}
	p := ps[0]
	if want := []string{idFuente, idRubio, idCarney, idTrump}; !reflect.DeepEqual(p.Nodes, want) {
		t.Fatalf("nodes = %v, want %v", p.Nodes, want)
	}
	want := []struct {
		from, to, pred string
		forward        bool
	}{
		{idFuente, idRubio, schema.Agree, false},
		{idRubio, idCarney, schema.Consult, true},
		{idCarney, idTrump, schema.Accuse, true},
	}
	if len(p.Hops) != len(want) {
		t.Fatalf("hops = %+v", p.Hops)
	}
	for i, w := range want {
		h := p.Hops[i]
		if h.From != w.from || h.To != w.to || h.Predicate != w.pred || h.Forward != w.forward || h.Support != 1 {
			t.Fatalf("hop %d = %+v, want %+v", i, h, w)
		}
		if len(h.Evidence) != 1 || h.Evidence[0].Sentence == "" || h.Evidence[0].Article == "" {
			t.Fatalf("hop %d evidence = %+v", i, h.Evidence)
		}
	}
	if ev := p.Hops[0].Evidence[0]; ev.Sentence != "Rubio agreed with de la Fuente on migration." || ev.Date != "2025-01-20" {
		t.Fatalf("AGREE evidence = %+v", ev)
	}

	// The same search, from the other end, walks the same edges backwards.
	back, err := s.Paths(bg, idTrump, idFuente, 3, 10)
	if err != nil || len(back) != 1 || back[0].Hops[0].Predicate != schema.Accuse || back[0].Hops[0].Forward {
		t.Fatalf("reverse paths = %+v, %v", back, err)
	}

	// Beyond maxHops: nothing, and no error.
	for _, hops := range []int{1, 2} {
		ps, err := s.Paths(bg, idFuente, idTrump, hops, 10)
		if err != nil || ps == nil || len(ps) != 0 {
			t.Fatalf("maxHops %d: %+v, %v", hops, ps, err)
		}
	}
}

func TestPathsAllShortest(t *testing.T) {
	s := relationsStore(t)
	// Sheinbaum reaches the United States through Trump (who leads it)
	// and through Mexico (tension, cooperation, sanctions).
	ps, err := s.Paths(bg, idSheinbaum, idUSA, 4, 10)
	if err != nil {
		t.Fatal(err)
	}
	var routes [][]string
	for _, p := range ps {
		routes = append(routes, p.Nodes)
	}
	want := [][]string{{idSheinbaum, idMEX, idUSA}, {idSheinbaum, idTrump, idUSA}}
	if !reflect.DeepEqual(routes, want) {
		t.Fatalf("routes = %v, want %v", routes, want)
	}
	// Four edges join Mexico and the United States, each stated once: the
	// forward one (MEX -tension-> USA) is the hop.
	if h := ps[0].Hops[1]; h.Predicate != schema.PredTension || !h.Forward || h.From != idMEX {
		t.Fatalf("MEX–USA hop = %+v", h)
	}
	if h := ps[1].Hops[1]; h.Predicate != schema.PredLeads || !h.Forward || h.Support != 2 || len(h.Evidence) != 2 {
		t.Fatalf("Trump–USA hop = %+v", h)
	} else if h.Evidence[0].Date != "2025-03-05" {
		t.Fatalf("evidence not latest first: %+v", h.Evidence)
	}
	if one, err := s.Paths(bg, idSheinbaum, idUSA, 4, 1); err != nil || len(one) != 1 {
		t.Fatalf("limit 1: %+v, %v", one, err)
	}
	// Adjacent entities: one hop.
	if adj, err := s.Paths(bg, idSheinbaum, idTrump, 1, 10); err != nil || len(adj) != 1 || len(adj[0].Hops) != 1 {
		t.Fatalf("adjacent: %+v, %v", adj, err)
	}
	if self, err := s.Paths(bg, idSheinbaum, idSheinbaum, 1, 10); err != nil || len(self) != 1 || len(self[0].Hops) != 0 {
		t.Fatalf("self: %+v, %v", self, err)
	}
}

func TestPathsErrors(t *testing.T) {
	s := relationsStore(t)
	if _, err := s.Paths(bg, "person:nobody", idTrump, 3, 10); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown from: %v", err)
	}
	if _, err := s.Paths(bg, idTrump, "country:ZZZ", 3, 10); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown to: %v", err)
	}
	for _, hops := range []int{-1, 7} {
		if _, err := s.Paths(bg, idTrump, idMEX, hops, 10); !errors.Is(err, ErrInvalid) {
			t.Errorf("maxHops %d: %v", hops, err)
		}
	}
	// John Doe has no edge: no path, no error.
	if ps, err := s.Paths(bg, idDoe, idTrump, 6, 10); err != nil || len(ps) != 0 {
		t.Errorf("Doe: %+v, %v", ps, err)
	}
}
