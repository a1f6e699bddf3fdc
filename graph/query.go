package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/cayley/query/graphql"
	"github.com/cayleygraph/cayley/query/mql"
)

// QueryLanguages lists the languages Query accepts.
var QueryLanguages = []string{gizmo.Name, graphql.Name, mql.Name}

func (s *Store) query(ctx context.Context, q string, o QueryOptions) ([]any, error) {
	lang := strings.ToLower(strings.TrimSpace(o.Language))
	if lang == "" {
		lang = gizmo.Name
	}
	known := false
	for _, l := range QueryLanguages {
		known = known || l == lang
	}
	if !known {
		return nil, fmt.Errorf("query: %w: unknown language %q (want one of %s)", ErrBadQuery, o.Language, strings.Join(QueryLanguages, ", "))
	}
	limit := o.Limit
	switch {
	case limit <= 0:
		limit = DefaultQueryLimit
	case limit > MaxQueryLimit:
		limit = MaxQueryLimit
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	} else if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultQueryTimeout)
		defer cancel()
	}

	// At most a few queries run at once: each Gizmo query holds a core.
	select {
	case s.queries <- struct{}{}:
		defer func() { <-s.queries }()
	case <-ctx.Done():
		return nil, fmt.Errorf("query: %w", ctx.Err())
	}
	r, done, err := s.read()
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer done()

	// The session gets the quad store alone, never a writer: Gizmo, GraphQL
	// and MQL only read.
	it, err := query.Execute(ctx, r.qs, lang, q, query.Options{Collation: query.JSON, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("query: %w: %v", ErrBadQuery, err)
	}
	defer it.Close()
	out := []any{}
	// Gizmo's engine only stops when Next is given the context.
	for len(out) < limit && it.Next(ctx) {
		if v := it.Result(); v != nil {
			out = append(out, v)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	if err := it.Err(); err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("query: %w", err)
		}
		return nil, fmt.Errorf("query: %w: %v", ErrBadQuery, err)
	}
	return out, nil
}
