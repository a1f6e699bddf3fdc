package graph

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
)

// reader is a read-locked view of the quad store for one call.
type reader struct {
	qs cgraph.QuadStore
}

// read returns the quad store under the read lock, and the unlock.
func (s *Store) read() (reader, func(), error) {
	s.rw.RLock()
	if s.qs == nil {
		err := s.err
		s.rw.RUnlock()
		return reader{}, nil, err
	}
	return reader{qs: s.qs}, s.rw.RUnlock, nil
}

// refKey is a comparable key for a node reference; nil for none.
func refKey(r cgraph.Ref) any {
	if r == nil {
		return nil
	}
	return r.Key()
}

// rawQuad is a quad as node references, before any value is read.
type rawQuad struct{ s, p, o, l cgraph.Ref }

// ref returns the store's reference of v, nil when v is in no quad.
func (r reader) ref(v quad.Value) cgraph.Ref { return r.qs.ValueOf(v) }

// scan lists the quads with node ref in direction dir, through the index
// for that direction (the label index for quad.Label).
func (r reader) scan(ctx context.Context, dir quad.Direction, ref cgraph.Ref) ([]rawQuad, error) {
	if ref == nil {
		return nil, nil
	}
	it := r.qs.QuadIterator(dir, ref)
	defer it.Close()
	var out []rawQuad
	for it.Next(ctx) {
		q := it.Result()
		out = append(out, rawQuad{
			s: r.qs.QuadDirection(q, quad.Subject),
			p: r.qs.QuadDirection(q, quad.Predicate),
			o: r.qs.QuadDirection(q, quad.Object),
			l: r.qs.QuadDirection(q, quad.Label),
		})
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// names reads the values of refs in one batch.
type names map[any]quad.Value

func (r reader) names(ctx context.Context, refs []cgraph.Ref) (names, error) {
	seen := make(map[any]bool, len(refs))
	list := make([]cgraph.Ref, 0, len(refs))
	for _, ref := range refs {
		if k := refKey(ref); k != nil && !seen[k] {
			seen[k] = true
			list = append(list, ref)
		}
	}
	out := make(names, len(list))
	if len(list) == 0 {
		return out, nil
	}
	vals, err := cgraph.ValuesOf(ctx, r.qs, list)
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		if v != nil {
			out[refKey(list[i])] = v
		}
	}
	return out, nil
}

func (n names) of(ref cgraph.Ref) quad.Value { return n[refKey(ref)] }

// quads lists the quads with v in direction dir, with their values.
func (r reader) quads(ctx context.Context, dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	raw, err := r.scan(ctx, dir, r.ref(v))
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	return r.resolve(ctx, raw)
}

// resolve reads the values of raw quads; out[i] is raw[i], or the zero
// Quad when a value is missing.
func (r reader) resolve(ctx context.Context, raw []rawQuad) ([]quad.Quad, error) {
	refs := make([]cgraph.Ref, 0, 4*len(raw))
	for _, q := range raw {
		refs = append(refs, q.s, q.p, q.o, q.l)
	}
	n, err := r.names(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]quad.Quad, len(raw))
	for i, q := range raw {
		qq := quad.Quad{Subject: n.of(q.s), Predicate: n.of(q.p), Object: n.of(q.o), Label: n.of(q.l)}
		if qq.IsValid() {
			out[i] = qq
		}
	}
	return out, nil
}

// subjects returns the distinct subjects s of quads <s> <pred> <o> for any
// o in objs, in no particular order. Each lookup is one prefix scan of the
// object-predicate-subject index.
func (r reader) subjects(ctx context.Context, pred string, objs ...quad.Value) ([]cgraph.Ref, error) {
	seen := map[any]bool{}
	var out []cgraph.Ref
	for _, o := range objs {
		refs, err := path.StartPath(r.qs, o).In(quad.IRI(pred)).Iterate(ctx).Paths(false).All()
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, ref := range refs {
			if k := refKey(ref); k != nil && !seen[k] {
				seen[k] = true
				out = append(out, ref)
			}
		}
	}
	return out, nil
}

// iriNames reads refs as IRIs, keeping those with one of the prefixes
// (all when none is given).
func (r reader) iriNames(ctx context.Context, refs []cgraph.Ref, prefixes ...string) ([]string, error) {
	n, err := r.names(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(n))
	for _, v := range n {
		iri, ok := v.(quad.IRI)
		if !ok {
			continue
		}
		if len(prefixes) == 0 || hasAnyPrefix(string(iri), prefixes) {
			out = append(out, string(iri))
		}
	}
	sort.Strings(out)
	return out, nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// Literal accessors.

func str(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	case nil:
		return ""
	}
	return quad.StringOf(v)
}

func intOf(v quad.Value) int {
	switch v := v.(type) {
	case quad.Int:
		return int(v)
	case quad.Float:
		return int(v)
	}
	return 0
}

func floatOf(v quad.Value) float64 {
	switch v := v.(type) {
	case quad.Float:
		return float64(v)
	case quad.Int:
		return float64(v)
	}
	return 0
}

func boolOf(v quad.Value) bool {
	b, _ := v.(quad.Bool)
	return bool(b)
}

func predOf(q quad.Quad) string {
	p, _ := q.Predicate.(quad.IRI)
	return string(p)
}

// Pagination: a cursor is the sort key of the last item of the previous
// page followed by a 4-byte check, base64url-encoded. The check tells a
// cursor this store gave from anything else, which is refused (ErrInvalid)
// rather than read as a key that would start the list somewhere.

func encodeCursor(key string) string {
	b := binary.BigEndian.AppendUint32([]byte(key), cursorCheck(key))
	return base64.RawURLEncoding.EncodeToString(b)
}

func cursorCheck(key string) uint32 { return crc32.ChecksumIEEE([]byte("dipgraph cursor\x00" + key)) }

// ErrBadCursor is the error (wrapping ErrInvalid) of a cursor that no
// list gave.
var ErrBadCursor = fmt.Errorf("%w: cursor is not one this list gave: pass next_cursor as it was returned", ErrInvalid)

func decodeCursor(c string) (string, error) {
	if c == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) <= 4 {
		return "", ErrBadCursor
	}
	key := string(b[:len(b)-4])
	if binary.BigEndian.Uint32(b[len(b)-4:]) != cursorCheck(key) {
		return "", ErrBadCursor
	}
	return key, nil
}

func pageLimit(p Page) int {
	switch {
	case p.Limit <= 0:
		return DefaultPageLimit
	case p.Limit > MaxPageLimit:
		return MaxPageLimit
	}
	return p.Limit
}

// paginate returns the page of sorted items after the cursor, and the
// cursor of the next page. after(item, key) reports whether item sorts
// after the cursor key; key(item) is the cursor key of an item.
func paginate[T any](items []T, p Page, after func(T, string) bool, key func(T) string) ([]T, string, error) {
	ck, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	start := 0
	if ck != "" {
		start = sort.Search(len(items), func(i int) bool { return after(items[i], ck) })
	}
	items = items[start:]
	limit := pageLimit(p)
	if len(items) <= limit {
		return items, "", nil
	}
	items = items[:limit]
	return items, encodeCursor(key(items[limit-1])), nil
}
