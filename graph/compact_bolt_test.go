package graph

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/dipgraph/dipgraph/graph/storetest"
)

func TestMaintainCompactsBolt(t *testing.T) {
	storetest.BoltOnly(t)
	s, u := openTest(t)
	if _, err := GenerateSynthetic(bg, s, 300, 7); err != nil {
		t.Fatal(err)
	}
	read := func() []any {
		t.Helper()
		evs, _, err := s.Events(bg, EventFilter{Page: Page{Limit: 1000}})
		if err != nil {
			t.Fatal(err)
		}
		ts, _, err := s.Triples(bg, TripleFilter{Page: Page{Limit: 1000}})
		if err != nil {
			t.Fatal(err)
		}
		rels, _, err := s.Relations(bg, "country:USA", Page{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(bg)
		if err != nil {
			t.Fatal(err)
		}
		return []any{evs, ts, rels, st}
	}
	before := read()
	file := filepath.Join(u, "indexes.bolt")
	big, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Maintain(bg); err != nil {
		t.Fatal(err)
	}
	small, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if small.Size() >= big.Size() {
		t.Errorf("compaction left %d bytes of %d", small.Size(), big.Size())
	}
	if after := read(); !reflect.DeepEqual(after, before) {
		t.Error("the store answers otherwise after compaction")
	}
	if _, err := os.Stat(file + ".compact"); !os.IsNotExist(err) {
		t.Errorf("the compaction's temporary file is left: %v", err)
	}
	// Written to and reopened as before.
	if st := docTroops().ingest(t, s); !st.Created {
		t.Fatal("ingest after compaction wrote nothing")
	}
	s.Close()
	s2, err := Open(u)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Article(bg, docTroops().id()); err != nil {
		t.Errorf("article written after compaction: %v", err)
	}
}
