package graph

import (
	"context"
	"sort"
	"strings"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// The triples of one predicate, for Triples with a predicate and neither
// end. The store has no index ordered by triple (Cayley's kv indexes hold
// node numbers, not values), so the triples of a predicate are read once
// (every statement of it: its subject and object) into a sorted list that
// the cache keeps, and each later read first brings the list up to date
// with the statements that the writes since then wrote or removed (the
// statement IDs of their touches). A page then costs its own statements'
// evidence and the writes since the last read, not the predicate's
// statements. When the writes since cannot be told (more than touchLog of
// them, or a bulk load) the list is read again.

// maxCachedPredLists caps the predicates whose triples are kept.
const maxCachedPredLists = 64

// predList is the analyst triples of one predicate as of generation gen,
// sorted by key. mu guards it: readers bring it up to date and cut their
// page under it.
type predList struct {
	mu   sync.Mutex
	gen  uint64
	keys []string
	ts   map[string]*tripleRefs
	of   map[string]string // statement ID → key of its triple
}

// predList returns the cached triples of predicate p, nil when there are
// none.
func (c *readCache) predList(p string) *predList {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.preds[p]
}

// putPredList caches the triples of predicate p.
func (c *readCache) putPredList(p string, l *predList) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.preds == nil || len(c.preds) >= maxCachedPredLists {
		c.preds = make(map[string]*predList, 16)
	}
	c.preds[p] = l
}

// stmtsSince returns the statement IDs that the writes after generation
// gen wrote or removed, and the generation they bring a list to; false
// when they cannot be told.
func (c *readCache) stmtsSince(gen uint64) (ids []string, now uint64, ok bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen-gen >= touchLog {
		return nil, 0, gen == c.gen
	}
	for g := gen + 1; g <= c.gen; g++ {
		r := &c.log[g%touchLog]
		if r.gen != g || r.all {
			return nil, 0, false
		}
		for id := range r.ids {
			if strings.HasPrefix(id, PrefixStatement) {
				ids = append(ids, id)
			}
		}
	}
	return ids, c.gen, true
}

// predicateTriples returns the page of the triples of predicate p after
// p's cursor, with their evidence, and the next cursor.
func (v *view) predicateTriples(ctx context.Context, pred string, p Page) ([]TripleInfo, string, error) {
	ck, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	l, err := v.currentPredList(ctx, pred)
	if err != nil {
		return nil, "", err
	}
	keys := l.keys[sort.SearchStrings(l.keys, ck):]
	if len(keys) > 0 && keys[0] == ck {
		keys = keys[1:]
	}
	limit := pageLimit(p)
	next := ""
	if len(keys) > limit {
		keys = keys[:limit]
		next = encodeCursor(keys[limit-1])
	}
	var refs []cgraph.Ref
	var ids []string
	for _, k := range keys {
		t := l.ts[k]
		refs = append(refs, t.stmts...)
		ids = append(ids, t.ids...)
	}
	l.mu.Unlock()
	stmts, err := v.fullStatements(ctx, refs, ids)
	if err != nil {
		return nil, "", err
	}
	return group(stmts, func(statement) bool { return true }), next, nil
}

// currentPredList returns the triples of pred, up to date and locked.
func (v *view) currentPredList(ctx context.Context, pred string) (*predList, error) {
	if l := v.cache.predList(pred); l != nil {
		l.mu.Lock()
		if ids, now, ok := v.cache.stmtsSince(l.gen); ok {
			if err := v.updatePredList(ctx, pred, l, ids); err != nil {
				l.mu.Unlock()
				return nil, err
			}
			l.gen = now
			return l, nil
		}
		l.mu.Unlock()
	}
	gen := v.cache.generation()
	l, err := v.readPredList(ctx, pred)
	if err != nil {
		return nil, err
	}
	l.gen = gen
	l.mu.Lock()
	// Writes made while the list was read may or may not be in it: the
	// update checks each of their statements.
	if ids, now, ok := v.cache.stmtsSince(gen); ok {
		if err := v.updatePredList(ctx, pred, l, ids); err != nil {
			l.mu.Unlock()
			return nil, err
		}
		l.gen = now
		v.cache.putPredList(pred, l)
	}
	return l, nil
}

// predStatement is a statement of a predicate: its node and ends.
type predStatement struct {
	stmt, s, o cgraph.Ref
}

// readPredList reads every statement of predicate pred: its subject and
// object, two point lookups.
func (v *view) readPredList(ctx context.Context, pred string) (*predList, error) {
	var sts []predStatement
	err := v.each(ctx, quad.Object, v.ref(quad.IRI(pred)), v.pred(PredPredicate), func(q rawQuad) bool {
		sts = append(sts, predStatement{stmt: q.s})
		return true
	})
	if err != nil {
		return nil, err
	}
	if err := v.statementEnds(ctx, sts); err != nil {
		return nil, err
	}
	l := &predList{ts: map[string]*tripleRefs{}, of: map[string]string{}}
	if err := v.addPredStatements(ctx, l, pred, sts); err != nil {
		return nil, err
	}
	return l, nil
}

// statementEnds reads the subject and object of each statement.
func (v *view) statementEnds(ctx context.Context, sts []predStatement) error {
	ps, po := v.pred(PredSubject), v.pred(PredObject)
	idx := make([]int, len(sts))
	for i := range idx {
		idx[i] = i
	}
	return readParallel(ctx, idx, func(ctx context.Context, part []int) error {
		for _, i := range part {
			for _, f := range []struct {
				pred cgraph.Ref
				dst  *cgraph.Ref
			}{{ps, &sts[i].s}, {po, &sts[i].o}} {
				qs, err := v.pairs(ctx, quad.Subject, sts[i].stmt, f.pred, 1)
				if err != nil {
					return err
				}
				if len(qs) > 0 {
					*f.dst = qs[0].o
				}
			}
		}
		return nil
	})
}

// addPredStatements adds statements of pred to its list, keeping the keys
// sorted.
func (v *view) addPredStatements(ctx context.Context, l *predList, pred string, sts []predStatement) error {
	refs := make([]cgraph.Ref, 0, 3*len(sts))
	for _, st := range sts {
		refs = append(refs, st.s, st.o, st.stmt)
	}
	n, err := v.values(ctx, refs...)
	if err != nil {
		return err
	}
	var added []string
	for _, st := range sts {
		s, o, id := str(n.of(st.s)), str(n.of(st.o)), str(n.of(st.stmt))
		if s == "" || o == "" || id == "" {
			continue
		}
		key := s + "\x00" + pred + "\x00" + o
		t := l.ts[key]
		if t == nil {
			t = &tripleRefs{s: s, p: pred, o: o, key: key}
			l.ts[key] = t
			added = append(added, key)
		}
		t.stmts = append(t.stmts, st.stmt)
		t.ids = append(t.ids, id)
		l.of[id] = key
	}
	if len(added) == 0 {
		return nil
	}
	sort.Strings(added)
	merged := make([]string, 0, len(l.keys)+len(added))
	i, j := 0, 0
	for i < len(l.keys) || j < len(added) {
		if j == len(added) || i < len(l.keys) && l.keys[i] < added[j] {
			merged = append(merged, l.keys[i])
			i++
		} else {
			merged = append(merged, added[j])
			j++
		}
	}
	l.keys = merged
	return nil
}

// updatePredList brings the list up to date with statements that writes
// wrote or removed: each is taken out of the list, and put back if it is
// in the store and of the predicate.
func (v *view) updatePredList(ctx context.Context, pred string, l *predList, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	pp := v.pred(PredPredicate)
	want := v.ref(quad.IRI(pred))
	var sts []predStatement
	done := map[string]bool{}
	for _, id := range ids {
		if done[id] {
			continue
		}
		done[id] = true
		v.removePredStatement(l, id)
		ref := v.ref(quad.IRI(id))
		if ref == nil || want == nil {
			continue
		}
		qs, err := v.pairs(ctx, quad.Subject, ref, pp, 1)
		if err != nil {
			return err
		}
		if len(qs) > 0 && refKey(qs[0].o) == refKey(want) {
			sts = append(sts, predStatement{stmt: ref})
		}
	}
	if err := v.statementEnds(ctx, sts); err != nil {
		return err
	}
	return v.addPredStatements(ctx, l, pred, sts)
}

// removePredStatement takes a statement out of the list, and its triple
// when it was the last of it.
func (v *view) removePredStatement(l *predList, id string) {
	key, ok := l.of[id]
	if !ok {
		return
	}
	delete(l.of, id)
	t := l.ts[key]
	for i, sid := range t.ids {
		if sid == id {
			t.ids = append(t.ids[:i:i], t.ids[i+1:]...)
			t.stmts = append(t.stmts[:i:i], t.stmts[i+1:]...)
			break
		}
	}
	if len(t.ids) > 0 {
		return
	}
	delete(l.ts, key)
	if i := sort.SearchStrings(l.keys, key); i < len(l.keys) && l.keys[i] == key {
		l.keys = append(l.keys[:i:i], l.keys[i+1:]...)
	}
}
