package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"

	"github.com/dipgraph/dipgraph/internal/gizmo"
	"github.com/dipgraph/dipgraph/internal/rawquery"
)

// QueryLanguages lists the languages Query accepts.
var QueryLanguages = []string{gizmo.Name, "graphql", "mql"}

// Raw query bounds beside the count (store.go): results in bytes, and the
// memory of the worker process that runs one query.
const (
	DefaultQueryBytes  = 16 << 20
	DefaultQueryMemory = 128 << 20
)

// Query errors, beside ErrBadQuery.
var (
	// ErrQueryMemory: the query needed more than its memory limit.
	ErrQueryMemory = rawquery.ErrMemory
	// ErrQueryTooLarge: the results passed the byte limit.
	ErrQueryTooLarge = rawquery.ErrTooLarge
	// ErrQueryCrashed: the query engine died (its worker, not the server).
	ErrQueryCrashed = rawquery.ErrCrashed
)

func (s *Store) query(ctx context.Context, q string, o QueryOptions) ([]json.RawMessage, error) {
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
	maxBytes := o.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultQueryBytes
	}
	memory := o.Memory
	if memory == 0 {
		memory = DefaultQueryMemory
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

	// At most a few queries run at once: each worker holds a core.
	select {
	case s.queries <- struct{}{}:
		defer func() { <-s.queries }()
	case <-ctx.Done():
		return nil, fmt.Errorf("query: %w", ctx.Err())
	}
	// The worker gets the quad store's data, never a writer: Gizmo,
	// GraphQL and MQL only read. Each of its requests holds the read lock
	// alone, so a delete waits for one request, not for the query. Run
	// returns once the worker has exited.
	lend := func(f func(cgraph.QuadStore) error) error {
		r, done, err := s.read()
		if err != nil {
			return err
		}
		defer done()
		return f(r.qs)
	}
	res, err := rawquery.Run(ctx, lend, q, rawquery.Options{
		Language: lang, Limit: limit, MaxBytes: maxBytes, Memory: max(memory, 0), Command: o.WorkerCommand,
	})
	switch {
	case err == nil:
		return res, nil
	case errors.Is(err, rawquery.ErrBadQuery):
		return nil, fmt.Errorf("query: %w: %s", ErrBadQuery, strings.TrimPrefix(err.Error(), rawquery.ErrBadQuery.Error()+": "))
	}
	return nil, fmt.Errorf("query: %w", err)
}
