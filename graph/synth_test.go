package graph

import (
	"testing"

	"github.com/dipgraph/dipgraph/graph/storetest"
)

func TestGenerateSynthetic(t *testing.T) {
	s, _ := openTest(t)
	n, err := GenerateSynthetic(bg, s, 30, 3)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(bg)
	if err != nil || st.Articles != 30 || st.Quads != int64(n) || n < 30*100 {
		t.Fatalf("30 articles: %d quads written, stats %+v, %v", n, st, err)
	}
	// The same seed makes the same articles: nothing new to write.
	if again, err := GenerateSynthetic(bg, s, 30, 3); err != nil || again != 0 {
		t.Fatalf("again: %d quads, %v", again, err)
	}
	// The analyses run on it.
	if ds, err := s.Dyads(bg, "country:USA", DyadsByEvents, 5); err != nil || len(ds) == 0 || ds[0].Events == 0 {
		t.Fatalf("Dyads of the US = %+v, %v", ds, err)
	}
}

func TestOpenSynthetic(t *testing.T) {
	dir := storetest.URL(t)
	s, info, err := OpenSynthetic(bg, dir, 10, 5)
	if err != nil {
		t.Fatal(err)
	}
	if info.Quads == 0 || info.Generated == 0 {
		t.Fatalf("first open: %+v", info)
	}
	s.Close()
	s, again, err := OpenSynthetic(bg, dir, 10, 5)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if again.Quads != info.Quads || again.Generated != 0 {
		t.Fatalf("reopen: %+v, first %+v", again, info)
	}
	if _, _, err := OpenSynthetic(bg, dir, 11, 5); err == nil {
		t.Fatal("a store of another size was taken")
	}
}
