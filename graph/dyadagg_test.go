package graph

import (
	"testing"

	"github.com/cayleygraph/quad"
)

// dyadQuads counts the quads of the dyad aggregates: the store's quads
// that no article owns.
func dyadQuads(t testing.TB, s *Store) int64 {
	t.Helper()
	r, done, err := s.read()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	raw, err := r.scan(bg, quad.Label, r.ref(dyadLabel))
	if err != nil {
		t.Fatal(err)
	}
	return int64(len(raw))
}
