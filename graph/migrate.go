package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// Source is a store of any format version, opened to read the articles it
// holds: what `dipgraph migrate` rebuilds a store from. The article's own
// facts (kind, title, date, text, source ID) are the same in every
// format, so reading them needs nothing of the rest of the model.
type Source struct {
	s       *Store
	version int
}

// OpenSource opens the store at dbURL whatever its format version.
func OpenSource(dbURL string) (*Source, error) {
	s, err := open(dbURL, OpenOptions{}, false)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	v, ok, err := s.backend.readFormat(ctx)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open %q: read the format version: %w", s.backend.redacted(), err)
	}
	if !ok {
		// Before versions were recorded, or never written to.
		v = 1
		if empty, err := s.empty(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("open %q: %w", s.backend.redacted(), err)
		} else if empty {
			v = FormatVersion
		}
	}
	return &Source{s: s, version: v}, nil
}

// Version is the store's format version.
func (src *Source) Version() int { return src.version }

// Close closes the store.
func (src *Source) Close() error { return src.s.Close() }

// sourceChunk is how many articles Articles reads under one hold of the
// read lock.
const sourceChunk = 64

// Articles calls fn with each article the store holds, as it was given
// to ingest (ID is the caller's own ID, empty when there was none), and
// with its place among all of them: n from 1 to total. It stops at the
// first error of fn or of the store.
func (src *Source) Articles(ctx context.Context, fn func(n, total int, a schema.Article) error) error {
	var refs []cgraph.Ref
	err := src.s.withView(ctx, func(v *view) error {
		var err error
		refs, err = v.articleRefs(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("list articles: %w", err)
	}
	for lo := 0; lo < len(refs); lo += sourceChunk {
		chunk := refs[lo:min(lo+sourceChunk, len(refs))]
		arts := make([]schema.Article, 0, len(chunk))
		err := src.s.withView(ctx, func(v *view) error {
			for _, ref := range chunk {
				// Read past the cache: the texts would only churn it.
				raw, err := v.scan(ctx, quad.Subject, ref)
				if err != nil {
					return err
				}
				quads, err := v.resolve(ctx, raw)
				if err != nil {
					return err
				}
				var a schema.Article
				for _, q := range quads {
					switch predOf(q) {
					case schema.PredText:
						a.Text = str(q.Object)
					case schema.PredTitle:
						a.Title = str(q.Object)
					case schema.PredDate:
						a.Date = str(q.Object)
					case schema.PredSourceID:
						a.ID = str(q.Object)
					}
				}
				arts = append(arts, a)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read articles: %w", err)
		}
		for i, a := range arts {
			if err := fn(lo+i+1, len(refs), a); err != nil {
				return err
			}
		}
	}
	return nil
}
