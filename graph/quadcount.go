package graph

import (
	"fmt"

	"github.com/dipgraph/dipgraph/schema"
)

// QuadBound is an upper bound of the quads Ingest writes for r, computed
// without building them: every quad the builder may add is counted once,
// before de-duplication. Callers that cap an article's quads build them
// (CountQuads) only when the bound is over the cap.
func QuadBound(r schema.Result) int {
	n := 5 // the article node
	for _, e := range r.Entities {
		// kind, name, country and its kind fact, role, org kind, sector
		n += 7 + len(e.Aliases)
	}
	for _, e := range r.Events {
		// type, date, evidence, then per actor: its kind fact, edge and
		// code; per pair of sides an entry of the dyad evidence index and
		// at most one dyad counts fact
		n += 3 + 3*(len(e.Source)+len(e.Target)) + 2*len(e.Source)*len(e.Target)
	}
	// kind facts of both ends, the edge and the 5 quads of its statement
	// node; a tension statement between countries has an entry of the
	// dyad index
	n += 8 * len(r.Triples)
	for _, t := range r.Triples {
		if t.Predicate == schema.PredTension {
			n++
		}
	}
	return n
}

// CountQuads builds the quads Ingest would write for a and r and returns
// how many there are; the error is the one Ingest would return (wrapping
// ErrInvalid) for a result the store refuses.
func CountQuads(a schema.Article, r schema.Result) (int, error) {
	b, err := buildArticle(a, r)
	if err != nil {
		return 0, fmt.Errorf("count quads of %s: %w", b.id, err)
	}
	return len(b.quads), nil
}
