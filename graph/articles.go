package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// ArticleSummary is an article in a list: its IDs, title and date, not its
// text (GET /v1/articles/{id} has it).
type ArticleSummary struct {
	ID       string `json:"id"`
	SourceID string `json:"sourceId,omitempty"`
	Title    string `json:"title,omitempty"`
	Date     string `json:"date,omitempty"`
}

// ArticleFilter selects articles by date, From and To (YYYY-MM-DD,
// inclusive; an article without a date is left out when either is set).
type ArticleFilter struct {
	From, To string
	Page
}

// articleBefore is the order of Articles: newest first, undated last, then
// by ID.
func articleBefore(a, b ArticleSummary) bool {
	if a.Date != b.Date {
		return a.Date > b.Date
	}
	return a.ID < b.ID
}

func articleCursorKey(a ArticleSummary) string { return a.Date + "\x00" + a.ID }

// Articles lists the stored articles, newest first, and the cursor of the
// next page ("" at the end). Each call reads every article's title, date
// and source ID (one scan of the article's own facts each), which is
// fine for the thousands of articles of a newsroom's store, and sorts them.
func (s *Store) Articles(ctx context.Context, f ArticleFilter) ([]ArticleSummary, string, error) {
	out, next, err := s.articles(ctx, f)
	if err != nil {
		return nil, "", fmt.Errorf("list articles: %w", err)
	}
	return out, next, nil
}

func (s *Store) articles(ctx context.Context, f ArticleFilter) ([]ArticleSummary, string, error) {
	from, err := normDate(f.From)
	if err != nil {
		return nil, "", fmt.Errorf("from: %w", err)
	}
	to, err := normDate(f.To)
	if err != nil {
		return nil, "", fmt.Errorf("to: %w", err)
	}
	if from != "" && to != "" && from > to {
		return nil, "", fmt.Errorf("%w: from %s is after to %s", ErrInvalid, from, to)
	}
	if _, err := decodeCursor(f.Cursor); err != nil {
		return nil, "", err
	}
	var all []ArticleSummary
	err = s.withView(ctx, func(v *view) error {
		refs, err := v.articleRefs(ctx)
		if err != nil {
			return err
		}
		n, err := v.values(ctx, refs...)
		if err != nil {
			return err
		}
		for _, ref := range refs {
			if err := ctx.Err(); err != nil {
				return err
			}
			vals, err := v.facts(ctx, ref, schema.PredDate, schema.PredTitle, schema.PredSourceID)
			if err != nil {
				return err
			}
			a := ArticleSummary{ID: str(n.of(ref)), Date: str(vals[0]), Title: str(vals[1]), SourceID: str(vals[2])}
			if a.ID == "" || (from != "" || to != "") && (a.Date == "" || from != "" && a.Date < from || to != "" && a.Date > to) {
				continue
			}
			all = append(all, a)
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	sort.Slice(all, func(i, j int) bool { return articleBefore(all[i], all[j]) })
	return paginate(all, f.Page, func(a ArticleSummary, k string) bool {
		d, id, _ := strings.Cut(k, "\x00")
		return articleBefore(ArticleSummary{ID: id, Date: d}, a)
	}, articleCursorKey)
}

// articleRefs lists the refs of the articles: the subjects of the kind
// facts "Article", distinct.
func (v *view) articleRefs(ctx context.Context) ([]cgraph.Ref, error) {
	kind := v.ref(quad.String(schema.KindArticle))
	if kind == nil {
		return nil, nil
	}
	var refs []cgraph.Ref
	seen := map[any]bool{}
	err := v.each(ctx, quad.Object, kind, v.pred(schema.PredKind), func(q rawQuad) bool {
		if k := refKey(q.s); !seen[k] {
			seen[k] = true
			refs = append(refs, q.s)
		}
		return true
	})
	return refs, err
}

// ArticlesBySourceID returns the IDs of the articles whose own ID in the
// caller's collection (the input's "id") is sourceID, sorted, at most max.
func (s *Store) ArticlesBySourceID(ctx context.Context, sourceID string, max int) ([]string, error) {
	var out []string
	err := s.withView(ctx, func(v *view) error {
		val := v.ref(quad.String(sourceID))
		if val == nil {
			return nil
		}
		var refs []cgraph.Ref
		err := v.each(ctx, quad.Object, val, v.pred(schema.PredSourceID), func(q rawQuad) bool {
			refs = append(refs, q.s)
			return len(refs) < 4*max
		})
		if err != nil {
			return err
		}
		ids, err := v.idsOf(ctx, refs, func(id string) bool {
			k, _ := schema.KindOf(id)
			return k == schema.KindArticle
		})
		for _, e := range ids {
			out = append(out, e.id)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("articles with source ID %q: %w", sourceID, err)
	}
	sort.Strings(out)
	if len(out) > max {
		out = out[:max]
	}
	return out, nil
}
