package graph

import (
	"context"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// Stats counts what the store holds.
type Stats struct {
	Quads    int64 `json:"quads"`
	Articles int64 `json:"articles"`
}

// Stats returns the number of quads and articles in the store; it also
// tells a readiness probe that the store answers.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	r, done, err := s.read()
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	defer done()
	var st Stats
	// Bolt keeps exact counts; PostgreSQL's estimate is -1 until the
	// table is analysed, so SQL stores count (Cayley caches the count
	// until the next write).
	var cs cgraph.Stats
	if s.changes != nil {
		// Counted here: Cayley's count stays as it was until this
		// process writes, whatever other processes write.
		cs.Quads.Size, err = s.sqlQuads(ctx)
	} else {
		cs, err = r.qs.Stats(ctx, s.backend.driver != "")
	}
	switch {
	case errors.Is(err, kv.ErrNoBucket):
		// never written to
	case err != nil:
		return Stats{}, fmt.Errorf("stats: %w", err)
	default:
		st.Quads = cs.Quads.Size
	}
	// One kind fact per article.
	arts, err := r.subjects(ctx, schema.PredKind, quad.String(schema.KindArticle))
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	st.Articles = int64(len(arts))
	return st, nil
}
