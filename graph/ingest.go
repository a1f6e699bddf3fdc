package graph

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// BatchItem is one extracted article for IngestBatch.
type BatchItem struct {
	Article schema.Article
	Result  schema.Result
}

// BatchResult says what IngestBatch did with one item: Stats as Ingest
// returns them, or Err (wrapping ErrInvalid) when the store refused the
// item's result and wrote nothing of it.
type BatchResult struct {
	IngestStats
	Err error
}

// IngestBatch writes several extracted articles in one transaction: whole
// articles only, leaving out those already in the store (by their content
// hash, the article ID) and those the store refuses (their result says
// why). Either every remaining article is written or, when the error is
// not nil, none is. A run of batches interrupted at any point resumes by
// ingesting the same input again.
func (s *Store) IngestBatch(ctx context.Context, items []BatchItem) ([]BatchResult, error) {
	out := make([]BatchResult, len(items))
	var batch []built
	var at []int // batch[j] is items[at[j]]
	for i, it := range items {
		b, err := buildArticle(it.Article, it.Result)
		out[i].Article = b.id
		if err != nil {
			out[i].Err = fmt.Errorf("ingest %s: %w", b.id, err)
			continue
		}
		batch = append(batch, b)
		at = append(at, i)
	}
	if len(batch) == 0 {
		return out, nil
	}
	if err := s.lockWriter(ctx); err != nil {
		return nil, fmt.Errorf("ingest batch of %d articles: %w", len(batch), err)
	}
	defer s.unlockWriter()
	if err := s.finishPending(); err != nil {
		return nil, fmt.Errorf("ingest batch of %d articles: %w", len(batch), err)
	}
	created, werr, err := s.writeBuilt(ctx, batch)
	if werr != nil {
		s.reset(werr)
		return nil, fmt.Errorf("ingest batch of %d articles: %w", len(batch), werr)
	}
	if err != nil {
		return nil, fmt.Errorf("ingest batch of %d articles: %w", len(batch), err)
	}
	for j, b := range batch {
		if !created[j] {
			continue
		}
		st := &out[at[j]].IngestStats
		st.Created = true
		st.Quads = len(b.quads)
		st.Entities = b.entities
		st.Events = b.events
		st.Triples = b.triples
	}
	return out, nil
}

// Maintain tidies the store after a bulk load: VACUUM ANALYZE on
// PostgreSQL, a rewrite of the file with full pages on bolt (compact.go:
// about half the size), which holds off reads and writes while it runs.
func (s *Store) Maintain(ctx context.Context) error {
	if s.backend.driver == "" {
		if err := s.lockWriter(ctx); err != nil {
			return fmt.Errorf("maintain store: %w", err)
		}
		defer s.unlockWriter()
		if err := s.compactBolt(); err != nil {
			return fmt.Errorf("maintain store: %w", err)
		}
		return nil
	}
	if err := s.backend.maintain(ctx); err != nil {
		return fmt.Errorf("maintain store: %w", err)
	}
	return nil
}

func (s *Store) ingest(ctx context.Context, a schema.Article, r schema.Result) (IngestStats, error) {
	b, err := buildArticle(a, r)
	if err != nil {
		return IngestStats{Article: b.id}, fmt.Errorf("ingest %s: %w", b.id, err)
	}
	st := IngestStats{Article: b.id}
	if err := s.lockWriter(ctx); err != nil {
		return st, fmt.Errorf("ingest %s: %w", b.id, err)
	}
	defer s.unlockWriter()
	// An interrupted delete is finished first: its partial article would
	// otherwise count as present.
	if err := s.finishPending(); err != nil {
		return st, fmt.Errorf("ingest %s: %w", b.id, err)
	}
	created, werr, err := s.writeArticle(ctx, b)
	if werr != nil {
		s.reset(werr)
		return st, fmt.Errorf("ingest %s: %w", b.id, werr)
	}
	if err != nil {
		return st, fmt.Errorf("ingest %s: %w", b.id, err)
	}
	if !created {
		return st, nil
	}
	st.Created = true
	st.Quads = len(b.quads)
	st.Entities = b.entities
	st.Events = b.events
	st.Triples = b.triples
	return st, nil
}

// writeArticle writes b's quads, and what they add to the dyad
// aggregates, in one transaction unless the article is already there.
// The caller holds wmu. werr is a failed write, after which the store
// must be reset.
func (s *Store) writeArticle(ctx context.Context, b built) (created bool, werr, err error) {
	c, werr, err := s.writeBuilt(ctx, []built{b})
	if werr != nil || err != nil {
		return false, werr, err
	}
	return c[0], nil, nil
}

// hasLabel reports whether any quad is labelled with label.
func (r reader) hasLabel(ctx context.Context, label quad.IRI) (bool, error) {
	ref := r.ref(label)
	if ref == nil {
		return false, nil
	}
	it := r.qs.QuadIterator(quad.Label, ref)
	defer it.Close()
	if it.Next(ctx) {
		return true, nil
	}
	if err := it.Err(); err != nil {
		return false, err
	}
	return false, ctx.Err()
}

// reset reopens the quad store after a failed write: the kv store caches
// node IDs it assigned inside the rolled-back transaction. The caller holds
// wmu and no read lock.
func (s *Store) reset(cause error) {
	if s.primary != nil {
		s.resetPrimary(cause)
		return
	}
	s.rw.Lock()
	defer s.rw.Unlock()
	if s.qs == nil {
		return
	}
	slog.Warn("graph: write failed, reopening the store", "err", cause)
	s.cache.dropNodes()
	if err := s.qs.Close(); err != nil {
		slog.Warn("graph: close after failed write", "err", err)
	}
	qs, err := s.backend.open()
	if err != nil {
		s.qs, s.err = nil, fmt.Errorf("%w: reopen after failed write: %v", ErrClosed, err)
		return
	}
	s.qs = qs
}

// articleIRI accepts an article ID with or without its "article:" prefix.
func articleIRI(id string) (quad.IRI, bool) {
	id = strings.TrimSpace(id)
	if !strings.HasPrefix(id, schema.PrefixArticle) {
		id = schema.PrefixArticle + id
	}
	if k, ok := schema.KindOf(id); !ok || k != schema.KindArticle || !schema.ValidID(id) {
		return "", false
	}
	return quad.IRI(id), true
}
