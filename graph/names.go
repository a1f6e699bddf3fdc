package graph

import (
	"context"
	"slices"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// The name index lets Entities filter by kind and name without reading
// every entity: each entity with a kind fact, its ID's kind, the kinds its
// kind facts state, and its names and aliases lower-cased and slugged, as
// entityFacts.matches tests them. One scan of the kind, name and alias
// facts builds it on the first search; after that a write marks the
// entities whose kind, name or alias facts it changed, with those facts
// (readCache.touched), and the next search checks just those facts again.

// nameEntry is one entity of the name index. It is never changed once
// made: a refresh replaces it.
type nameEntry struct {
	id             string
	kind           uint8 // bit of the ID's kind
	kinds          uint8 // bits of the kinds the kind facts state
	names, aliases []string
	lower, slugs   []string // of the names and aliases (or the default name)
	// lowerAll and slugAll join lower and slugs with NULs, for one
	// substring search each.
	lowerAll, slugAll string
}

// nameIndex is the name index: entities by ID, and their IDs sorted.
type nameIndex struct {
	byID    map[string]*nameEntry
	ids     []string
	entries []*nameEntry // entries[i] is byID[ids[i]]
}

// kindBit is the bit of an entity kind in nameEntry masks, 0 for others.
func kindBit(k schema.Kind) uint8 {
	for i, e := range entityKinds {
		if e == k {
			return 1 << i
		}
	}
	return 0
}

// newNameEntry makes the entry of entity id from its kind facts' bits and
// its stated names and aliases; nil when it is no entity Entities lists.
func newNameEntry(id string, kinds uint8, names, aliases []string) *nameEntry {
	k, ok := entityKindOf(id)
	if !ok || kinds == 0 {
		return nil
	}
	e := &nameEntry{id: id, kind: kindBit(k), kinds: kinds, names: names, aliases: aliases}
	terms := append(append([]string(nil), names...), aliases...)
	if len(names) == 0 {
		terms = append(terms, defaultName(id))
	}
	seen := make(map[string]bool, len(terms))
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		e.lower = append(e.lower, strings.ToLower(t))
		e.slugs = append(e.slugs, schema.Slug(t))
	}
	e.lowerAll, e.slugAll = strings.Join(e.lower, "\x00"), strings.Join(e.slugs, "\x00")
	return e
}

// matches is entityFacts.matches on the entry: lq is the query
// lower-cased, sq its slug.
func (e *nameEntry) matches(lq, sq string) bool {
	if lq == "" {
		return true
	}
	if strings.IndexByte(lq, 0) < 0 && strings.IndexByte(sq, 0) < 0 {
		return strings.Contains(e.lowerAll, lq) || sq != "" && strings.Contains(e.slugAll, sq)
	}
	for i, t := range e.lower {
		if strings.Contains(t, lq) || sq != "" && strings.Contains(e.slugs[i], sq) {
			return true
		}
	}
	return false
}

// put adds, replaces or (e nil) removes the entry of id.
func (x *nameIndex) put(id string, e *nameEntry) {
	_, had := x.byID[id]
	i := sort.SearchStrings(x.ids, id)
	switch {
	case e != nil && had:
		x.byID[id] = e
		x.entries[i] = e
	case e != nil:
		x.byID[id] = e
		x.ids = slices.Insert(x.ids, i, id)
		x.entries = slices.Insert(x.entries, i, e)
	case had:
		delete(x.byID, id)
		x.ids = slices.Delete(x.ids, i, i+1)
		x.entries = slices.Delete(x.entries, i, i+1)
	}
}

// search returns up to n IDs after the ID after, in order, of entities
// with a kind of mask whose names match the query q.
func (c *readCache) searchNames(mask uint8, q, after string, n int) []string {
	lq, sq := strings.ToLower(q), ""
	if q != "" {
		sq = schema.Slug(q)
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	x := c.names
	if x == nil {
		return nil
	}
	start := sort.SearchStrings(x.ids, after)
	if start < len(x.ids) && x.ids[start] == after {
		start++
	}
	var out []string
	for _, e := range x.entries[start:] {
		if e.kind&mask == 0 || e.kinds&mask == 0 || !e.matches(lq, sq) {
			continue
		}
		out = append(out, e.id)
		if len(out) == n {
			break
		}
	}
	return out
}

// nameIndex makes sure the name index is built and holds every write
// committed before the call.
func (v *view) nameIndex(ctx context.Context) error {
	c := v.cache
	c.mu.RLock()
	ready := c.names != nil && len(c.dirty) == 0
	c.mu.RUnlock()
	if ready {
		return nil
	}
	c.namesMu.Lock()
	defer c.namesMu.Unlock()
	c.mu.Lock()
	built := c.names != nil
	if !built {
		c.building++
		if c.dirty == nil {
			c.dirty = map[string]*dirtyNames{}
		}
	}
	c.mu.Unlock()
	if !built {
		x, err := v.buildNames(ctx)
		c.mu.Lock()
		c.building--
		if err == nil {
			c.names = x
		} else if c.names == nil && c.building == 0 {
			c.dirty = nil
		}
		c.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return v.refreshNames(ctx)
}

// refreshNames brings the entries of the entities writes marked up to
// date. An entity marked anew while it is read stays marked.
func (v *view) refreshNames(ctx context.Context) error {
	c := v.cache
	type mark struct {
		gen   uint64
		facts []nameFact
		old   *nameEntry
	}
	c.mu.RLock()
	marked := make(map[string]mark, len(c.dirty))
	for id, d := range c.dirty {
		m := mark{gen: d.gen, facts: d.facts[:len(d.facts):len(d.facts)]}
		if c.names != nil {
			m.old = c.names.byID[id]
		}
		marked[id] = m
	}
	c.mu.RUnlock()
	if len(marked) == 0 {
		return nil
	}
	entries := make(map[string]*nameEntry, len(marked))
	for id, m := range marked {
		var e *nameEntry
		var err error
		if m.old == nil {
			e, err = v.readNameEntry(ctx, id)
		} else {
			e, err = v.updateNameEntry(ctx, m.old, m.facts)
		}
		if err != nil {
			return err
		}
		entries[id] = e
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.names == nil {
		return nil
	}
	for id, m := range marked {
		if d := c.dirty[id]; d == nil || d.gen != m.gen {
			continue
		}
		c.names.put(id, entries[id])
		delete(c.dirty, id)
	}
	return nil
}

// updateNameEntry returns old with the facts writes changed read again:
// one index lookup each, where reading the entity again would read every
// article's statement of its name.
func (v *view) updateNameEntry(ctx context.Context, old *nameEntry, facts []nameFact) (*nameEntry, error) {
	ref := v.ref(quad.IRI(old.id))
	if ref == nil {
		return nil, nil
	}
	kinds := old.kinds
	names := make(map[string]bool, len(old.names))
	for _, n := range old.names {
		names[n] = true
	}
	aliases := make(map[string]bool, len(old.aliases))
	for _, a := range old.aliases {
		aliases[a] = true
	}
	done := map[nameFact]bool{}
	for _, f := range facts {
		if done[f] {
			continue
		}
		done[f] = true
		has, err := v.hasQuad(ctx, ref, v.pred(f.pred), v.ref(quad.String(f.value)))
		if err != nil {
			return nil, err
		}
		switch f.pred {
		case schema.PredKind:
			if bit := kindBit(schema.Kind(f.value)); has {
				kinds |= bit
			} else {
				kinds &^= bit
			}
		case schema.PredName:
			names[f.value] = has
		case schema.PredAlias:
			aliases[f.value] = has
		}
	}
	return newNameEntry(old.id, kinds, setList(names), setList(aliases)), nil
}

// setList returns the members of a set, sorted.
func setList(set map[string]bool) []string {
	var out []string
	for k, in := range set {
		if in {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// readNameEntry reads the name index entry of one entity (nil: none).
func (v *view) readNameEntry(ctx context.Context, id string) (*nameEntry, error) {
	if _, ok := entityKindOf(id); !ok {
		return nil, nil
	}
	ref := v.ref(quad.IRI(id))
	if ref == nil {
		return nil, nil
	}
	kinds, err := v.objectStrings(ctx, ref, schema.PredKind)
	if err != nil {
		return nil, err
	}
	var mask uint8
	for _, k := range kinds {
		mask |= kindBit(schema.Kind(k))
	}
	if mask == 0 {
		return nil, nil
	}
	return v.nameEntryOf(ctx, id, ref, mask)
}

// nameEntryOf reads the names and aliases of an entity whose kind facts
// state the kinds mask.
func (v *view) nameEntryOf(ctx context.Context, id string, ref cgraph.Ref, mask uint8) (*nameEntry, error) {
	names, err := v.objectStrings(ctx, ref, schema.PredName)
	if err != nil {
		return nil, err
	}
	aliases, err := v.objectStrings(ctx, ref, schema.PredAlias)
	if err != nil {
		return nil, err
	}
	return newNameEntry(id, mask, names, aliases), nil
}

// objectStrings returns the distinct values of <ref> <pred> ?, as strings,
// read through the cache.
func (v *view) objectStrings(ctx context.Context, ref cgraph.Ref, pred string) ([]string, error) {
	seen := map[any]bool{}
	var objs []cgraph.Ref
	err := v.each(ctx, quad.Subject, ref, v.pred(pred), func(q rawQuad) bool {
		if k := refKey(q.o); k != nil && !seen[k] {
			seen[k] = true
			objs = append(objs, q.o)
		}
		return true
	})
	if err != nil || len(objs) == 0 {
		return nil, err
	}
	n, err := v.values(ctx, objs...)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(objs))
	for _, o := range objs {
		if val := n.of(o); val != nil {
			out = append(out, str(val))
		}
	}
	return out, nil
}

// buildNames reads the name index: the subjects of the kind facts of each
// entity kind, then each one's names and aliases.
func (v *view) buildNames(ctx context.Context) (*nameIndex, error) {
	masks := map[any]uint8{}
	var refs []cgraph.Ref
	for _, k := range entityKinds {
		bit := kindBit(k)
		err := v.each(ctx, quad.Object, v.ref(quad.String(k)), v.pred(schema.PredKind), func(q rawQuad) bool {
			key := refKey(q.s)
			if key == nil {
				return true
			}
			if _, ok := masks[key]; !ok {
				refs = append(refs, q.s)
			}
			masks[key] |= bit
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	x := &nameIndex{byID: make(map[string]*nameEntry, len(refs))}
	if len(refs) == 0 {
		return x, nil
	}
	ids, err := v.values(ctx, refs...)
	if err != nil {
		return nil, err
	}
	for _, ref := range refs {
		iri, ok := ids.of(ref).(quad.IRI)
		if !ok {
			continue
		}
		e, err := v.nameEntryOf(ctx, string(iri), ref, masks[refKey(ref)])
		if err != nil {
			return nil, err
		}
		if e != nil {
			x.byID[e.id] = e
			x.entries = append(x.entries, e)
		}
	}
	sort.Slice(x.entries, func(i, j int) bool { return x.entries[i].id < x.entries[j].id })
	x.ids = make([]string, len(x.entries))
	for i, e := range x.entries {
		x.ids[i] = e.id
	}
	return x, nil
}
