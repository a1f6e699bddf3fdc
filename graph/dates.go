package graph

import (
	"context"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// The date index of the event list. Events without an actor or a type
// lists every event, newest first. Rather than read every event to sort
// them, it walks the dates events have, newest first, and reads each
// date's events only (a day, dayEvents): the events of the articles of
// that date (the label index), less those with a date of their own, and
// the events of that own date. A page costs the days it covers, whatever
// the size of the store.
//
// The dates are kept in memory (dateSet): read once from the articles'
// date and event-date facts (one scan of each article's own facts), then
// kept by the writes: touchOf names each date a write states or removes
// (dateKey), and a named date joins the set. A date whose events have all
// been retracted stays, and reads as an empty day. Events of undated
// articles come last; the set lists those articles, and a write of an
// undated article makes it read them again.

// dateKey is the touch ID of a date a write stated or removed ("" for an
// article without a date).
func dateKey(d string) string { return dateKeyPrefix + d }

const dateKeyPrefix = "\x00date:"

// maxCachedDays caps the cached days of the event list.
const maxCachedDays = 1 << 12

// dateSet is the dates of the events in the store and its undated
// articles. It is never changed once made: a write makes a new one.
type dateSet struct {
	gen          uint64
	newest       []string // newest first
	undated      []string // IRIs of the articles without a date
	undatedStale bool     // a write since may have added an undated article
}

// with returns the set with the dates of a write added.
func (ds *dateSet) with(dates []string, gen uint64) *dateSet {
	out := &dateSet{gen: gen, newest: ds.newest, undated: ds.undated, undatedStale: ds.undatedStale}
	copied := false
	for _, d := range dates {
		if d == "" {
			out.undatedStale = true
			continue
		}
		i := sort.Search(len(out.newest), func(i int) bool { return out.newest[i] <= d })
		if i < len(out.newest) && out.newest[i] == d {
			continue
		}
		if !copied {
			out.newest = append(make([]string, 0, len(out.newest)+len(dates)), out.newest...)
			copied = true
		}
		out.newest = append(out.newest, "")
		copy(out.newest[i+1:], out.newest[i:])
		out.newest[i] = d
	}
	return out
}

// datesOf returns the dates a touch names.
func datesOf(ids []string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, dateKeyPrefix) {
			out = append(out, id[len(dateKeyPrefix):])
		}
	}
	return out
}

// dayList is the events of one date as Events sorts them, read from the
// quads of the articles (and the date) deps.
type dayList struct {
	deps  map[string]bool
	heads []eventHead
}

// dateSet returns the cached date set, nil when there is none. The
// caller holds no lock.
func (c *readCache) dateSet() *dateSet {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.dates
}

// putDateSet stores a date set read since generation gen, with the dates
// the writes since then named; it is dropped when they cannot be told.
func (c *readCache) putDateSet(ds *dateSet) *dateSet {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen-ds.gen >= touchLog {
		return ds
	}
	var later []string
	for g := ds.gen + 1; g <= c.gen; g++ {
		r := &c.log[g%touchLog]
		if r.gen != g || r.all {
			return ds
		}
		for id := range r.ids {
			if strings.HasPrefix(id, dateKeyPrefix) {
				later = append(later, id[len(dateKeyPrefix):])
			}
		}
	}
	c.dates = ds.with(later, c.gen)
	return c.dates
}

// eventDates returns the date set, read first when the cache has none (or
// its undated articles may be out of date).
func (v *view) eventDates(ctx context.Context) (*dateSet, error) {
	if ds := v.cache.dateSet(); ds != nil && !ds.undatedStale {
		return ds, nil
	}
	gen := v.cache.generation()
	val, err := v.cache.fl.do("dates", gen, func(uint64, any) bool { return false }, func() (any, error) {
		ds, err := v.readDateSet(ctx)
		if err != nil {
			return nil, err
		}
		ds.gen = gen
		return v.cache.putDateSet(ds), nil
	})
	if err != nil {
		return nil, err
	}
	return val.(*dateSet), nil
}

// readDateSet reads the dates of every article and of its events, and
// the articles without a date: one scan of each article's own facts.
func (v *view) readDateSet(ctx context.Context) (*dateSet, error) {
	refs, err := v.articleRefs(ctx)
	if err != nil {
		return nil, err
	}
	pDate, pEvDate := refKey(v.pred(schema.PredDate)), refKey(v.pred(PredEventDate))
	dates := make([][]cgraph.Ref, len(refs))
	dated := make([]bool, len(refs))
	idx := make([]int, len(refs))
	for i := range idx {
		idx[i] = i
	}
	err = readParallel(ctx, idx, func(ctx context.Context, part []int) error {
		for _, i := range part {
			raw, err := v.scan(ctx, quad.Subject, refs[i])
			if err != nil {
				return err
			}
			for _, q := range raw {
				if k := refKey(q.p); k == pDate || k == pEvDate {
					dates[i] = append(dates[i], q.o)
					dated[i] = dated[i] || k == pDate
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var all, undated []cgraph.Ref
	for i, ds := range dates {
		all = append(all, ds...)
		if !dated[i] {
			undated = append(undated, refs[i])
		}
	}
	n, err := v.values(ctx, append(all, undated...)...)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	ds := &dateSet{}
	for _, ref := range all {
		if d := str(n.of(ref)); d != "" && !seen[d] {
			seen[d] = true
			ds.newest = append(ds.newest, d)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(ds.newest)))
	for _, ref := range undated {
		if iri, ok := n.of(ref).(quad.IRI); ok {
			ds.undated = append(ds.undated, string(iri))
		}
	}
	return ds, nil
}

// dayEvents returns the events of date d ("" for those of the undated
// articles), sorted as Events lists them, through the cache. The list is
// shared: the caller must not change it.
func (v *view) dayEvents(ctx context.Context, d string, ds *dateSet) ([]eventHead, error) {
	if heads, ok := depGet(v.cache, &v.cache.days, d); ok {
		return heads, nil
	}
	gen := v.cache.generation()
	val, err := v.cache.fl.do("day\x00"+d, gen,
		func(started uint64, val any) bool { return v.cache.freshAllSince(val.(*dayList).deps, started) },
		func() (any, error) {
			l, err := v.readDay(ctx, d, ds)
			if err != nil {
				return nil, err
			}
			depPut(v.cache, &v.cache.days, maxCachedDays, d, l.heads, l.deps, gen)
			return l, nil
		})
	if err != nil {
		return nil, err
	}
	return val.(*dayList).heads, nil
}

// readDay reads what dayEvents returns: the events of the articles of
// date d that have no date of their own, and the events whose own date
// is d.
func (v *view) readDay(ctx context.Context, d string, ds *dateSet) (*dayList, error) {
	l := &dayList{deps: map[string]bool{dateKey(d): true}}
	var arts []cgraph.Ref
	var own []string // events of their own date d
	if d == "" {
		for _, id := range ds.undated {
			if ref := v.ref(quad.IRI(id)); ref != nil {
				arts = append(arts, ref)
			}
			l.deps[id] = true
		}
	} else {
		var subj, labels []cgraph.Ref
		err := v.each(ctx, quad.Object, v.ref(quad.String(d)), v.pred(schema.PredDate), func(q rawQuad) bool {
			subj, labels = append(subj, q.s), append(labels, q.l)
			return true
		})
		if err != nil {
			return nil, err
		}
		n, err := v.values(ctx, append(subj, labels...)...)
		if err != nil {
			return nil, err
		}
		for i, s := range subj {
			id := str(n.of(s))
			switch {
			case strings.HasPrefix(id, schema.PrefixArticle):
				arts = append(arts, s)
				l.deps[id] = true
			case strings.HasPrefix(id, schema.PrefixEvent):
				own = append(own, id)
				l.deps[str(n.of(labels[i]))] = true
			}
		}
	}
	pType, pDate := refKey(v.pred(schema.PredType)), refKey(v.pred(schema.PredDate))
	found := make([][][2]cgraph.Ref, len(arts)) // per article: event, type
	idx := make([]int, len(arts))
	for i := range idx {
		idx[i] = i
	}
	err := readParallel(ctx, idx, func(ctx context.Context, part []int) error {
		for _, i := range part {
			raw, err := v.scan(ctx, quad.Label, arts[i])
			if err != nil {
				return err
			}
			dated := map[any]bool{}
			for _, q := range raw {
				if refKey(q.p) == pDate && refKey(q.s) != refKey(arts[i]) {
					dated[refKey(q.s)] = true
				}
			}
			for _, q := range raw {
				if refKey(q.p) == pType && !dated[refKey(q.s)] {
					found[i] = append(found[i], [2]cgraph.Ref{q.s, q.o})
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var refs []cgraph.Ref
	for _, evs := range found {
		for _, e := range evs {
			refs = append(refs, e[0], e[1])
		}
	}
	n, err := v.values(ctx, refs...)
	if err != nil {
		return nil, err
	}
	for _, evs := range found {
		for _, e := range evs {
			h := newHead(str(n.of(e[0])))
			h.ev.Date, h.ev.Event = d, str(n.of(e[1]))
			if h.ev.ID != "" && h.ev.Event != "" {
				l.heads = append(l.heads, h)
			}
		}
	}
	hd, err := v.headDigests(ctx, own)
	if err != nil {
		return nil, err
	}
	for _, dg := range hd {
		if dg.event && dg.date == d {
			var h eventHead
			h.ev.ID, h.ev.Date, h.ev.Event, h.hash, h.n = dg.id, dg.date, dg.typ, dg.hash, dg.n
			l.heads = append(l.heads, h)
		}
	}
	sort.Slice(l.heads, func(i, j int) bool { return l.heads[i].before(l.heads[j]) })
	return l, nil
}

// eventsByDate returns a page of every event, newest first, from the date
// index, and the cursor of the next page: what Events without an actor
// or a type lists. from and to (normalised, inclusive) bound the dates;
// either leaves out the undated events.
func (v *view) eventsByDate(ctx context.Context, from, to string, p Page) ([]eventHead, string, error) {
	ck, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	var cur *eventHead
	if ck != "" {
		h := headFromCursor(ck)
		cur = &h
	}
	ds, err := v.eventDates(ctx)
	if err != nil {
		return nil, "", err
	}
	days := ds.newest
	if hi := to; cur != nil && (hi == "" || cur.ev.Date < hi) {
		// A cursor of an undated event ("") is past every date.
		days = days[sort.Search(len(days), func(i int) bool { return days[i] <= cur.ev.Date }):]
	} else if hi != "" {
		days = days[sort.Search(len(days), func(i int) bool { return days[i] <= hi }):]
	}
	if from == "" && to == "" {
		days = append(days[:len(days):len(days)], "")
	}
	limit := pageLimit(p)
	var out []eventHead
	for _, d := range days {
		if from != "" && d < from || len(out) > limit {
			break
		}
		heads, err := v.dayEvents(ctx, d, ds)
		if err != nil {
			return nil, "", err
		}
		for _, h := range heads {
			if cur == nil || cur.before(h) {
				out = append(out, h)
			}
		}
	}
	if len(out) <= limit {
		return out, "", nil
	}
	out = out[:limit]
	return out, encodeCursor(eventCursorKey(out[limit-1])), nil
}
