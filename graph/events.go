package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// eventHead is an event's own facts, enough to filter and sort it; its
// evidence is read for the page only.
type eventHead struct {
	ev   schema.Event
	hash string // article hash from the ID
	n    int    // position in the article from the ID
}

func newHead(id string) eventHead {
	h := eventHead{ev: schema.Event{ID: id}}
	key := strings.TrimPrefix(id, schema.PrefixEvent)
	if i := strings.LastIndexByte(key, '-'); i >= 0 {
		h.hash = key[:i]
		h.n, _ = strconv.Atoi(key[i+1:])
	} else {
		h.hash = key
	}
	return h
}

// before is the order of Events: newest first, then by article and
// position in it.
func (a eventHead) before(b eventHead) bool {
	if a.ev.Date != b.ev.Date {
		return a.ev.Date > b.ev.Date
	}
	if a.hash != b.hash {
		return a.hash < b.hash
	}
	if a.n != b.n {
		return a.n < b.n
	}
	return a.ev.ID < b.ev.ID
}

func eventCursorKey(h eventHead) string { return h.ev.Date + "\x00" + h.ev.ID }

func headFromCursor(k string) eventHead {
	date, id, _ := strings.Cut(k, "\x00")
	h := newHead(id)
	h.ev.Date = date
	return h
}

// event reads an event whole: its facts, and its evidence against its
// article's text (memo keeps the articles read). ok is false when the
// node is not an event.
func (r reader) event(ctx context.Context, ref cgraph.Ref, memo articleMemo) (ev schema.Event, ok bool, err error) {
	raw, err := r.scan(ctx, quad.Subject, ref)
	if err != nil {
		return ev, false, err
	}
	quads, err := r.resolve(ctx, raw)
	if err != nil {
		return ev, false, err
	}
	var lit string
	var label cgraph.Ref
	for i, q := range quads {
		if !q.IsValid() {
			continue
		}
		if ev.ID == "" {
			ev.ID, label = str(q.Subject), raw[i].l
		}
		switch predOf(q) {
		case schema.PredType:
			// An event is the node with a type fact; it has no kind fact.
			ev.Event, ok = str(q.Object), true
		case schema.PredDate:
			ev.Date = str(q.Object)
		case PredEvidence:
			lit = str(q.Object)
		}
	}
	if !ok {
		return ev, false, nil
	}
	art, err := r.articleOf(ctx, memo, label)
	if err != nil {
		return ev, false, err
	}
	if ev.Date == "" {
		ev.Date = art.date // written only when it is not the article's
	}
	if err := decodeEvent(lit, art.text, &ev); err != nil {
		return ev, false, err
	}
	ev.Evidence.Article = art.id
	ev.Evidence.Date = ev.Date
	return ev, true, nil
}

// eventIDs returns the IDs of the events that may match f: those of the
// actor (and, for a country, of every actor whose country it is or whose
// code is the country's), else those of the type, else all events.
//
// deps are the entities (and actor codes, see codeKey) whose quads the
// events of an actor come from: the actor, a country's members.
func (v *view) eventIDs(ctx context.Context, f EventFilter, typ string) (ids []string, deps map[string]bool, err error) {
	if f.Actor == "" {
		var refs []cgraph.Ref
		if typ != "" {
			refs, err = v.subjectsOf(ctx, v.ref(quad.String(typ)), schema.PredType)
		} else {
			for _, t := range schema.EventTypes {
				l, err := v.subjectsOf(ctx, v.ref(quad.String(t.Name)), schema.PredType)
				if err != nil {
					return nil, nil, err
				}
				refs = append(refs, l...)
			}
		}
		if err != nil {
			return nil, nil, err
		}
		ids, err = v.iris(ctx, refs)
		return ids, nil, err
	}
	deps = map[string]bool{f.Actor: true}
	seen := map[string]bool{}
	add := func(l []string) {
		for _, id := range l {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	l, err := v.actorEvents(ctx, f.Actor)
	if err != nil {
		return nil, nil, err
	}
	add(l)
	if !strings.HasPrefix(f.Actor, schema.PrefixCountry) {
		return ids, deps, nil
	}
	refs, err := v.subjectsOf(ctx, v.ref(quad.IRI(f.Actor)), schema.PredCountry)
	if err != nil {
		return nil, nil, err
	}
	members, err := v.iris(ctx, refs)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range members {
		deps[m] = true
		l, err := v.actorEvents(ctx, m)
		if err != nil {
			return nil, nil, err
		}
		add(l)
	}
	// Actors coded with the country even where no article stated the
	// entity's country.
	code := strings.TrimPrefix(f.Actor, schema.PrefixCountry)
	deps[codeKey(code)] = true
	if l, err = v.codeEvents(ctx, code); err != nil {
		return nil, nil, err
	}
	add(l)
	return ids, deps, nil
}

// iriOrString returns the value of ref as a string ("" for nil), through
// the cache.
func (v *view) iriOrString(ctx context.Context, ref cgraph.Ref) (string, error) {
	if ref == nil {
		return "", nil
	}
	n, err := v.values(ctx, ref)
	if err != nil {
		return "", err
	}
	return str(n.of(ref)), nil
}

// iris returns the IRIs of refs, in order, skipping other values.
func (v *view) iris(ctx context.Context, refs []cgraph.Ref) ([]string, error) {
	n, err := v.values(ctx, refs...)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(refs))
	for _, ref := range refs {
		if iri, ok := n.of(ref).(quad.IRI); ok {
			out = append(out, string(iri))
		}
	}
	return out, nil
}

// actorEvents returns the IDs of the events with the entity id as source
// or target, through the cache.
func (v *view) actorEvents(ctx context.Context, id string) ([]string, error) {
	ref := v.ref(quad.IRI(id))
	if l, links, now, ok := v.cache.idList(id); ok {
		if len(links) == 0 {
			return l, nil
		}
		return v.updateIDList(ctx, id, l, links, now, func(ev string) (string, bool, error) {
			evRef := v.ref(quad.IRI(ev))
			for _, pred := range []string{schema.PredSource, schema.PredTarget} {
				has, err := v.hasQuad(ctx, evRef, v.pred(pred), ref)
				if err != nil || has {
					return ev, has, err
				}
			}
			return ev, false, nil
		})
	}
	gen := v.cache.generation()
	var refs []cgraph.Ref
	seen := map[any]bool{}
	for _, pred := range []string{schema.PredSource, schema.PredTarget} {
		l, err := v.subjectsOf(ctx, ref, pred)
		if err != nil {
			return nil, err
		}
		for _, r := range l {
			if k := refKey(r); !seen[k] {
				seen[k] = true
				refs = append(refs, r)
			}
		}
	}
	l, err := v.iris(ctx, refs)
	if err != nil {
		return nil, err
	}
	v.cache.putIDList(id, l, gen)
	return l, nil
}

// codeEvents returns the IDs of the events with an actor coded code
// that nothing else ties to the country (see builder.implies), through
// the cache.
func (v *view) codeEvents(ctx context.Context, code string) ([]string, error) {
	key := codeKey(code)
	codeRef := v.ref(quad.String(code))
	if l, links, now, ok := v.cache.idList(key); ok {
		if len(links) == 0 {
			return l, nil
		}
		return v.updateIDList(ctx, key, l, links, now, func(ev string) (string, bool, error) {
			has, err := v.hasQuad(ctx, v.ref(quad.IRI(ev)), v.pred(PredCode), codeRef)
			return ev, has, err
		})
	}
	gen := v.cache.generation()
	refs, err := v.subjectsOf(ctx, codeRef, PredCode)
	if err != nil {
		return nil, err
	}
	out, err := v.iris(ctx, refs)
	if err != nil {
		return nil, err
	}
	v.cache.putIDList(key, out, gen)
	return out, nil
}

// updateIDList brings the event IDs of an entity or actor code up to date
// with the links writes made or removed since they were read: check
// returns the event of a link and whether the link is in the store now.
// An article's quads come and go together, so an event whose link is
// gone is gone.
func (v *view) updateIDList(ctx context.Context, key string, ids, links []string, now uint64, check func(link string) (string, bool, error)) ([]string, error) {
	set := make(map[string]bool, len(ids)+len(links))
	for _, id := range ids {
		set[id] = true
	}
	done := map[string]bool{}
	changed := false
	for _, link := range links {
		if done[link] {
			continue
		}
		done[link] = true
		ev, has, err := check(link)
		if err != nil {
			return nil, err
		}
		if set[ev] != has {
			set[ev], changed = has, true
		}
	}
	out := ids
	if changed {
		out = make([]string, 0, len(set))
		for _, id := range ids {
			if set[id] {
				out = append(out, id)
				delete(set, id)
			}
		}
		for id, in := range set {
			if in {
				out = append(out, id)
			}
		}
	}
	v.cache.putIDList(key, out, now)
	return out, nil
}

// subjectsOf returns the distinct subjects of the quads <?> <pred> <node>:
// one prefix scan of the object-predicate-subject index.
func (v *view) subjectsOf(ctx context.Context, node cgraph.Ref, pred string) ([]cgraph.Ref, error) {
	seen := map[any]bool{}
	var out []cgraph.Ref
	err := v.each(ctx, quad.Object, node, v.pred(pred), func(q rawQuad) bool {
		if k := refKey(q.s); k != nil && !seen[k] {
			seen[k] = true
			out = append(out, q.s)
		}
		return true
	})
	return out, err
}

// headDigest is what Events sorts and filters an event node by; it never
// changes once the node is written.
type headDigest struct {
	event         bool // the node has a type fact
	id, date, typ string
	hash          string
	n             int
}

// headDigests returns the digest of each event, out[i] for ids[i],
// reading those the cache lacks: one scan of the node's quads each.
func (v *view) headDigests(ctx context.Context, ids []string) ([]headDigest, error) {
	gen := v.cache.generation()
	out, miss := byID(v.cache, &v.cache.heads, ids)
	if len(miss) == 0 {
		return out, nil
	}
	typ, date := refKey(v.pred(schema.PredType)), refKey(v.pred(schema.PredDate))
	labels := make([]cgraph.Ref, len(ids)) // of the events without a date of their own
	read := func(ctx context.Context, idx []int) error {
		for _, i := range idx {
			h := newHead(ids[i])
			dg := headDigest{id: ids[i], hash: h.hash, n: h.n}
			raw, err := v.scan(ctx, quad.Subject, v.ref(quad.IRI(ids[i])))
			if err != nil {
				return err
			}
			var t, d cgraph.Ref
			for _, q := range raw {
				switch refKey(q.p) {
				case typ:
					t = q.o
				case date:
					d = q.o
				}
			}
			n, err := v.values(ctx, t, d)
			if err != nil {
				return err
			}
			dg.typ, dg.date = str(n.of(t)), str(n.of(d))
			dg.event = dg.typ != ""
			if dg.event && d == nil && len(raw) > 0 {
				labels[i] = raw[0].l
			}
			out[i] = dg
		}
		return nil
	}
	if err := readParallel(ctx, miss, read); err != nil {
		return nil, err
	}
	// An event without a date fact has its article's date.
	dates := map[any]string{}
	for _, i := range miss {
		if labels[i] == nil {
			continue
		}
		k := refKey(labels[i])
		d, ok := dates[k]
		if !ok {
			ref, err := v.one(ctx, labels[i], schema.PredDate)
			if err != nil {
				return nil, err
			}
			if d, err = v.iriOrString(ctx, ref); err != nil {
				return nil, err
			}
			dates[k] = d
		}
		out[i].date = d
	}
	keys := make([]string, len(miss))
	hs := make([]headDigest, len(miss))
	for j, i := range miss {
		keys[j], hs[j] = ids[i], out[i]
	}
	putByID(v.cache, &v.cache.heads, maxCachedHeads, keys, hs, gen)
	return out, nil
}

// fullEvents returns the events of a page as Events lists them, reading
// those the cache lacks.
func (v *view) fullEvents(ctx context.Context, page []eventHead) ([]schema.Event, error) {
	gen := v.cache.generation()
	ids := make([]string, len(page))
	for i, h := range page {
		ids[i] = h.ev.ID
	}
	out, miss := byID(v.cache, &v.cache.evts, ids)
	if len(miss) > 0 {
		memo := articleMemo{}
		keys := make([]string, len(miss))
		evs := make([]schema.Event, len(miss))
		for j, i := range miss {
			ev, _, err := v.event(ctx, v.ref(quad.IRI(ids[i])), memo)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", ids[i], err)
			}
			out[i], keys[j], evs[j] = ev, ids[i], ev
		}
		putByID(v.cache, &v.cache.evts, maxCachedEvents, keys, evs, gen)
	}
	for i := range out {
		out[i].Source = copyActors(out[i].Source)
		out[i].Target = copyActors(out[i].Target)
	}
	return out, nil
}

// eventList returns the events of f's actor (of f's type when no actor is
// given), sorted as Events lists them; through the cache for an actor.
// The list is shared: the caller must not change it.
func (v *view) eventList(ctx context.Context, f EventFilter, typ string) ([]eventHead, error) {
	if f.Actor == "" {
		l, err := v.readEventList(ctx, f, typ)
		if err != nil {
			return nil, err
		}
		return l.heads, nil
	}
	gen := v.cache.generation()
	if heads, ok := v.cache.eventList(f.Actor); ok {
		return heads, nil
	}
	val, err := v.cache.fl.do("events\x00"+f.Actor, gen,
		func(started uint64, val any) bool { return v.cache.freshAllSince(val.(*eventList).deps, started) },
		func() (any, error) {
			l, err := v.readEventList(ctx, f, typ)
			if err != nil {
				return nil, err
			}
			l.gen = gen
			heads := l.heads
			v.cache.putEventList(f.Actor, l)
			return &eventList{deps: l.deps, heads: heads}, nil
		})
	if err != nil {
		return nil, err
	}
	return val.(*eventList).heads, nil
}

// readEventList reads the events eventList returns, with what they depend
// on.
func (v *view) readEventList(ctx context.Context, f EventFilter, typ string) (*eventList, error) {
	ids, deps, err := v.eventIDs(ctx, f, typ)
	if err != nil {
		return nil, err
	}
	ds, err := v.headDigests(ctx, ids)
	if err != nil {
		return nil, err
	}
	heads := make([]eventHead, 0, len(ds))
	for _, d := range ds {
		if !d.event {
			continue
		}
		var h eventHead
		h.ev.ID, h.ev.Date, h.ev.Event, h.hash, h.n = d.id, d.date, d.typ, d.hash, d.n
		heads = append(heads, h)
	}
	sort.Slice(heads, func(i, j int) bool { return heads[i].before(heads[j]) })
	return &eventList{deps: deps, heads: heads}, nil
}

func (s *Store) events(ctx context.Context, f EventFilter) ([]schema.Event, string, error) {
	typ := strings.ToUpper(strings.TrimSpace(f.Type))
	if typ != "" && !schema.IsEventType(typ) {
		return nil, "", fmt.Errorf("events: %w: %q is not a PLOVER type", ErrInvalid, f.Type)
	}
	from, err := normDate(f.From)
	if err != nil {
		return nil, "", fmt.Errorf("events: from: %w", err)
	}
	to, err := normDate(f.To)
	if err != nil {
		return nil, "", fmt.Errorf("events: to: %w", err)
	}
	if _, err := decodeCursor(f.Cursor); err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	v, done, err := s.view()
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	defer done()
	if err := ctx.Err(); err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	page, next, err := v.eventPage(ctx, f, typ, from, to)
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	out, err := v.fullEvents(ctx, page)
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	return out, next, nil
}

// eventPage returns the heads of the page of events f asks for: from the
// date index without an actor or a type, else from the actor's (or the
// type's) sorted list.
func (v *view) eventPage(ctx context.Context, f EventFilter, typ, from, to string) ([]eventHead, string, error) {
	if f.Actor == "" && typ == "" {
		return v.eventsByDate(ctx, from, to, f.Page)
	}
	all, err := v.eventList(ctx, f, typ)
	if err != nil {
		return nil, "", err
	}
	heads := all
	if typ != "" || from != "" || to != "" {
		heads = make([]eventHead, 0, len(all))
		for _, h := range all {
			d := h.ev.Date
			if typ != "" && h.ev.Event != typ ||
				from != "" && (d == "" || d < from) ||
				to != "" && (d == "" || d > to) {
				continue
			}
			heads = append(heads, h)
		}
	}
	return paginate(heads, f.Page,
		func(h eventHead, k string) bool { return headFromCursor(k).before(h) },
		eventCursorKey)
}

// copyActors copies a cached event's actors (nil stays nil).
func copyActors(as []schema.Actor) []schema.Actor {
	if as == nil {
		return nil
	}
	out := make([]schema.Actor, len(as))
	copy(out, as)
	return out
}
