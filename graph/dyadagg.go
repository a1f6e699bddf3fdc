package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"sort"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// Dyad sums (docs/graph-model.md, "Dyads: sums kept in memory").
//
// An event counts for the pair (source country, target country) of each
// country its sources are of and each country its targets are of, the
// two different: an actor is of the country its code in the event says
// (an ISO3 code; IGO, NGO and IMG are of none), else of the country its
// article states for it, else of itself when it is a country. All of it
// is in the article's own quads, so what an article adds is known from
// them at ingest and again at its delete.
//
// What an article adds to a pair is one fact of the article, written and
// retracted with it like any other: per (date, PLOVER type), the events,
// the negated ones and the score sum of the others in millionths
// (integers, so that taking an article away is exact):
//
//	<article:x> <dyadCounts> "USA MEX|2025-01-10 CONSULT 1 0 2500000|- ACCUSE 1 0 -2000000"
//
// ("-" is an event without a date). Nothing in the store is ever
// rewritten: Cayley's kv stores keep every removed quad in the index
// lists of its nodes, so a value rewritten at each write (a running
// total) makes each later write and read of it slower, without end.
//
// The sums of those facts are kept in memory (readCache.sums): read once
// from every article's dyadCounts facts, then kept by the writes, whose
// touch carries the facts they added and removed (touch.Dyads), through
// the PostgreSQL change log too. Each sum remembers which (article,
// pair) facts it holds, so applying a fact twice, or removing one it
// does not hold, changes nothing: the writes made while the sums were
// being read can be applied again on top of them.
//
// The evidence index is labelled by the article, as every article quad:
//
//	<dyadday:USA-MEX/2025-01-10> <dyadEvent> "EVENT SOURCE TARGET"
//
// one per event and pair, with the source and target actors of that
// pair's sides: a bucket's first events by date and ID are read from the
// days' nodes, not from every event of the bucket. Likewise each
// statement that a country is in tension with another:
//
//	<dyadtension:USA-MEX> <dyadStatement> <stmt:…>

const (
	prefixDyad        = "dyad:"        // dyad:USA-MEX: the pair, as a cache dependency
	prefixDyadDay     = "dyadday:"     // dyadday:USA-MEX/2025-01-10
	prefixDyadCountry = "dyadc:"       // dyadc:USA: a country's pairs, as a cache dependency
	prefixDyadTension = "dyadtension:" // dyadtension:USA-MEX: the pair's tension statements

	predDyadCounts = "dyadCounts"
	predDyadEvent  = "dyadEvent"
	predDyadStmt   = "dyadStatement"

	dyadUndated = "undated" // the month key of events without a date
)

// formerDyadPredicates were written by format 3's rewritten aggregates;
// they stay reserved.
var formerDyadPredicates = []string{"dyadMonth", "dyadTotal"}

// MaxDyadEvidence is the most events a dyad bucket lists as evidence:
// the first by date, then event ID (DyadBucket.EvidenceTotal counts all).
const MaxDyadEvidence = 10

// dyadPair is an ordered pair of ISO3 codes: events from src to tgt.
type dyadPair struct{ src, tgt string }

func (p dyadPair) name() string          { return p.src + "-" + p.tgt }
func (p dyadPair) node() quad.IRI        { return quad.IRI(prefixDyad + p.name()) }
func (p dyadPair) day(d string) quad.IRI { return quad.IRI(prefixDyadDay + p.name() + "/" + d) }

func dyadCountryNode(iso string) quad.IRI { return quad.IRI(prefixDyadCountry + iso) }

// dyadCell counts events: all, negated, and the score sum of the
// non-negated ones in millionths.
type dyadCell struct{ events, negated, sum int64 }

func (c *dyadCell) add(o dyadCell, sign int64) {
	c.events += sign * o.events
	c.negated += sign * o.negated
	c.sum += sign * o.sum
}

func (c dyadCell) empty() bool { return c.events <= 0 }

// scoreMicros is a score in millionths.
func scoreMicros(score float64) int64 { return int64(math.Round(score * 1e6)) }

// dyadEntry is a (day, type) of a month: day is "01"…"31", "-" undated.
type dyadEntry struct{ day, typ string }

// dyadCellKey is one cell of an article's contribution.
type dyadCellKey struct {
	pair      dyadPair
	date, typ string // date "" when the event has none
}

// monthOf splits a date into its month key and day.
func monthOf(date string) (month, day string) {
	if len(date) != len("2006-01-02") {
		return dyadUndated, "-"
	}
	return date[:7], date[8:]
}

// dyadEvidenceRef is one entry of the evidence index.
type dyadEvidenceRef struct {
	pair                  dyadPair
	date                  string
	event, source, target string
}

// dyadContrib is what an article adds to the sums.
type dyadContrib struct {
	cells map[dyadCellKey]dyadCell
	refs  []dyadEvidenceRef
	// tension lists the article's tension statements between two
	// countries: pair (subject, object) and statement ID.
	tension []dyadTensionRef
}

type dyadTensionRef struct {
	pair dyadPair
	stmt string
}

// iso3 returns the ISO3 code of an actor code or a country fact's value,
// "" for IGO/NGO/IMG or anything else.
func iso3(code string) string {
	code = strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(code, schema.PrefixCountry)))
	switch code {
	case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
		return ""
	}
	if len(code) != 3 || strings.IndexFunc(code, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return ""
	}
	return code
}

// dyadContribOf reads an article's contribution from the quads
// buildArticle made of it.
func dyadContribOf(quads []quad.Quad) (dyadContrib, error) {
	out := dyadContrib{cells: map[dyadCellKey]dyadCell{}}
	var artDate string
	countries := map[string]string{}
	type evq struct{ typ, date, lit string }
	type stq struct{ s, p, o string }
	stmts := map[string]*stq{}
	st := func(id string) *stq {
		x := stmts[id]
		if x == nil {
			x = &stq{}
			stmts[id] = x
		}
		return x
	}
	evs := map[string]*evq{}
	ev := func(id string) *evq {
		e := evs[id]
		if e == nil {
			e = &evq{}
			evs[id] = e
		}
		return e
	}
	for _, q := range quads {
		s, ok := q.Subject.(quad.IRI)
		if !ok {
			continue
		}
		isEvent := strings.HasPrefix(string(s), schema.PrefixEvent)
		switch predOf(q) {
		case schema.PredDate:
			if s == q.Label {
				artDate = str(q.Object)
			} else if isEvent {
				ev(string(s)).date = str(q.Object)
			}
		case schema.PredCountry:
			// The smallest code when an article gives an entity two: the
			// same whatever the order the quads come in.
			if o, ok := q.Object.(quad.IRI); ok {
				if c := iso3(string(o)); c != "" {
					if cur, ok := countries[string(s)]; !ok || c < cur {
						countries[string(s)] = c
					}
				}
			}
		case schema.PredType:
			if isEvent {
				ev(string(s)).typ = str(q.Object)
			}
		case PredEvidence:
			if isEvent {
				ev(string(s)).lit = str(q.Object)
			}
		case PredSubject:
			st(string(s)).s = str(q.Object)
		case PredPredicate:
			st(string(s)).p = str(q.Object)
		case PredObject:
			st(string(s)).o = str(q.Object)
		}
	}
	for id, x := range stmts {
		if x.p != schema.PredTension || !strings.HasPrefix(id, PrefixStatement) {
			continue
		}
		ks, _ := entityKindOf(x.s)
		ko, _ := entityKindOf(x.o)
		if ks == schema.KindCountry && ko == schema.KindCountry && x.s != x.o {
			out.tension = append(out.tension, dyadTensionRef{dyadPair{iso3(x.s), iso3(x.o)}, id})
		}
	}
	sort.Slice(out.tension, func(i, j int) bool { return out.tension[i].stmt < out.tension[j].stmt })
	ids := make([]string, 0, len(evs))
	for id := range evs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := evs[id]
		if e.typ == "" || e.lit == "" {
			continue // a delete under way took part of it (never at ingest)
		}
		var x eventEvidence
		if err := json.Unmarshal([]byte(e.lit), &x); err != nil {
			return out, fmt.Errorf("event %s: evidence %.40q: %w", id, e.lit, err)
		}
		// Each side's countries, with the first actor (by ID) of each.
		var sides [2]map[string]string
		for i := range sides {
			sides[i] = map[string]string{}
		}
		for _, a := range x.Actors {
			c := iso3(a.Code)
			if a.Code == "" {
				if c = countries[a.Entity]; c == "" {
					if k, _ := entityKindOf(a.Entity); k == schema.KindCountry {
						c = iso3(a.Entity)
					}
				}
			}
			if c == "" {
				continue
			}
			side := sides[0]
			if a.Target {
				side = sides[1]
			}
			if cur, ok := side[c]; !ok || a.Entity < cur {
				side[c] = a.Entity
			}
		}
		date := e.date
		if date == "" {
			date = artDate
		}
		cell := dyadCell{events: 1}
		if x.Negated {
			cell.negated = 1
		} else {
			cell.sum = scoreMicros(x.Score)
		}
		for sc, sa := range sides[0] {
			for tc, ta := range sides[1] {
				if sc == tc {
					continue
				}
				p := dyadPair{sc, tc}
				k := dyadCellKey{p, date, e.typ}
				c := out.cells[k]
				c.add(cell, 1)
				out.cells[k] = c
				if date != "" {
					out.refs = append(out.refs, dyadEvidenceRef{p, date, id, sa, ta})
				}
			}
		}
	}
	sort.Slice(out.refs, func(i, j int) bool {
		x, y := out.refs[i], out.refs[j]
		if x.pair != y.pair {
			return x.pair.name() < y.pair.name()
		}
		return x.event < y.event
	})
	return out, nil
}

// addDyadIndex adds the article's dyadCounts facts and the evidence index
// of its events to b, and returns the article's contribution.
func (b *builder) addDyadIndex() error {
	c, err := dyadContribOf(b.quads)
	if err != nil {
		return err
	}
	for _, lit := range c.literals() {
		b.add(b.label, predDyadCounts, quad.String(lit))
	}
	for _, r := range c.refs {
		b.add(r.pair.day(r.date), predDyadEvent, quad.String(r.event+" "+r.source+" "+r.target))
	}
	for _, r := range c.tension {
		b.add(quad.IRI(prefixDyadTension+r.pair.name()), predDyadStmt, quad.IRI(r.stmt))
	}
	return nil
}

// literals are the article's dyadCounts facts: one per pair, its cells
// by date then type.
func (c dyadContrib) literals() []string {
	byPair := map[dyadPair][]dyadCellKey{}
	for k := range c.cells {
		byPair[k.pair] = append(byPair[k.pair], k)
	}
	out := make([]string, 0, len(byPair))
	for p, keys := range byPair {
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].date != keys[j].date {
				return keys[i].date < keys[j].date
			}
			return keys[i].typ < keys[j].typ
		})
		var sb strings.Builder
		sb.WriteString(p.src + " " + p.tgt)
		for _, k := range keys {
			x := c.cells[k]
			date := k.date
			if date == "" {
				date = "-"
			}
			fmt.Fprintf(&sb, "|%s %s %d %d %d", date, k.typ, x.events, x.negated, x.sum)
		}
		out = append(out, sb.String())
	}
	sort.Strings(out)
	return out
}

// dyadCount is one cell of a dyadCounts fact.
type dyadCount struct {
	date, typ string // date "" for events without one
	cell      dyadCell
}

// pairOfCounts reads the pair of a dyadCounts fact.
func pairOfCounts(lit string) (dyadPair, bool) {
	head, _, _ := strings.Cut(lit, "|")
	src, tgt, ok := strings.Cut(head, " ")
	if !ok || iso3(src) != src || iso3(tgt) != tgt || src == tgt {
		return dyadPair{}, false
	}
	return dyadPair{src, tgt}, true
}

// parseCounts reads a dyadCounts fact.
func parseCounts(lit string) (dyadPair, []dyadCount, error) {
	p, ok := pairOfCounts(lit)
	if !ok {
		return p, nil, fmt.Errorf("dyad counts %.60q: bad pair", lit)
	}
	parts := strings.Split(lit, "|")
	out := make([]dyadCount, 0, len(parts)-1)
	for _, e := range parts[1:] {
		f := strings.Fields(e)
		if len(f) != 5 {
			return p, nil, fmt.Errorf("dyad counts %.60q: bad entry %q", lit, e)
		}
		var n [3]int64
		for i := range n {
			var err error
			if n[i], err = strconv.ParseInt(f[2+i], 10, 64); err != nil {
				return p, nil, fmt.Errorf("dyad counts %.60q: %w", lit, err)
			}
		}
		date := f[0]
		if date == "-" {
			date = ""
		}
		out = append(out, dyadCount{date, f[1], dyadCell{n[0], n[1], n[2]}})
	}
	return p, out, nil
}

// dyadDelta is a dyadCounts fact a write added or removed.
type dyadDelta struct {
	Article string `json:"a"`
	Counts  string `json:"c"`
	Removed bool   `json:"r,omitempty"`
}

// dyadDeltasOf lists the dyadCounts facts among a write's deltas.
func dyadDeltasOf(deltas []cgraph.Delta) []dyadDelta {
	var out []dyadDelta
	for _, d := range deltas {
		if predOf(d.Quad) != predDyadCounts {
			continue
		}
		a, ok := d.Quad.Subject.(quad.IRI)
		if !ok {
			continue
		}
		out = append(out, dyadDelta{Article: string(a), Counts: str(d.Quad.Object), Removed: d.Action == cgraph.Delete})
	}
	return out
}

// dyadSums are the sums of the dyadCounts facts of every article.
type dyadSums struct {
	months   map[dyadPair]map[string]dyadMonthValue // pair → month (or dyadUndated) → cells
	totals   map[dyadPair]dyadCell
	partners map[string]map[dyadPair]bool // ISO3 → the pairs it has been in
	held     map[dyadHeld]uint64          // the facts summed: (article, pair) → hash of the fact
	cells    int                          // the (day, type) cells held, for the cache's size
}

// dyadMonthValue is a month's counts by (day, type).
type dyadMonthValue map[dyadEntry]dyadCell

type dyadHeld struct {
	article string
	pair    dyadPair
}

func newDyadSums() *dyadSums {
	return &dyadSums{months: map[dyadPair]map[string]dyadMonthValue{}, totals: map[dyadPair]dyadCell{},
		partners: map[string]map[dyadPair]bool{}, held: map[dyadHeld]uint64{}}
}

func countsHash(lit string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(lit))
	return h.Sum64() | 1 // never 0, the hash of no fact
}

// apply adds or removes a fact. A fact already held is not added again,
// and one not held (or held with other counts) not removed: a fact is in
// the sums when its article has it in the store.
func (ds *dyadSums) apply(d dyadDelta) {
	p, counts, err := parseCounts(d.Counts)
	if err != nil {
		slog.Warn("graph: dyad counts left out", "article", d.Article, "err", err)
		return
	}
	k, h := dyadHeld{d.Article, p}, countsHash(d.Counts)
	sign := int64(1)
	if d.Removed {
		if ds.held[k] != h {
			return
		}
		delete(ds.held, k)
		sign = -1
	} else {
		if ds.held[k] != 0 {
			return
		}
		ds.held[k] = h
	}
	ms := ds.months[p]
	if ms == nil {
		ms = map[string]dyadMonthValue{}
		ds.months[p] = ms
		for _, c := range []string{p.src, p.tgt} {
			if ds.partners[c] == nil {
				ds.partners[c] = map[dyadPair]bool{}
			}
			ds.partners[c][p] = true
		}
	}
	t := ds.totals[p]
	for _, c := range counts {
		m, day := monthOf(c.date)
		mv := ms[m]
		if mv == nil {
			mv = dyadMonthValue{}
			ms[m] = mv
		}
		e := dyadEntry{day, c.typ}
		x, had := mv[e]
		x.add(c.cell, sign)
		if x.events <= 0 {
			if x.events < 0 || x.negated < 0 {
				slog.Warn("graph: dyad sum below zero, kept at zero", "pair", p.name(), "date", c.date, "type", c.typ)
			}
			delete(mv, e)
			if had {
				ds.cells--
			}
		} else {
			mv[e] = x
			if !had {
				ds.cells++
			}
		}
		if len(mv) == 0 {
			delete(ms, m)
		}
		t.add(c.cell, sign)
	}
	if t.events <= 0 {
		t = dyadCell{}
	}
	ds.totals[p] = t
}

// dyadSumsReady reads the sums into the cache when it has none.
func (v *view) dyadSumsReady(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		if v.cache.hasDyadSums() {
			return nil
		}
		gen := v.cache.generation()
		val, err := v.cache.fl.do("dyadsums", gen, func(uint64, any) bool { return false }, func() (any, error) {
			return v.readDyadSums(ctx)
		})
		if err != nil {
			return fmt.Errorf("read the dyad sums: %w", err)
		}
		// Kept only if the writes since gen can be applied on top; after
		// a few tries (a burst of writes too large to tell) the answer
		// is read from these sums, left uncached.
		if v.cache.putDyadSums(val.(*dyadSums), gen, attempt == 2) {
			return nil
		}
	}
}

// readDyadSums sums the dyadCounts facts of every article.
func (v *view) readDyadSums(ctx context.Context) (*dyadSums, error) {
	ds := newDyadSums()
	pred := v.pred(predDyadCounts)
	if pred == nil {
		return ds, nil
	}
	refs, err := v.articleRefs(ctx)
	if err != nil {
		return nil, err
	}
	facts := make([][]rawQuad, len(refs))
	idx := make([]int, len(refs))
	for i := range idx {
		idx[i] = i
	}
	err = readParallel(ctx, idx, func(ctx context.Context, part []int) error {
		for _, i := range part {
			qs, err := v.pairs(ctx, quad.Subject, refs[i], pred, 0)
			if err != nil {
				return err
			}
			facts[i] = qs
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var vals []cgraph.Ref
	for i, qs := range facts {
		if len(qs) > 0 {
			vals = append(vals, refs[i])
		}
		for _, q := range qs {
			vals = append(vals, q.o)
		}
	}
	n, err := v.values(ctx, vals...)
	if err != nil {
		return nil, err
	}
	for i, qs := range facts {
		a := str(n.of(refs[i]))
		for _, q := range qs {
			if lit := str(n.of(q.o)); lit != "" && a != "" {
				ds.apply(dyadDelta{Article: a, Counts: lit})
			}
		}
	}
	return ds, nil
}

func (c *readCache) hasDyadSums() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sums != nil
}

// putDyadSums keeps sums read since generation gen, with the facts the
// writes since added and removed applied on top. It reports false when
// those writes cannot be told, unless anyway: then the sums are used
// once (c.once) but not kept.
func (c *readCache) putDyadSums(ds *dyadSums, gen uint64, anyway bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sums != nil {
		return true
	}
	ok := c.gen-gen < touchLog
	for g := gen + 1; ok && g <= c.gen; g++ {
		r := &c.log[g%touchLog]
		ok = r.gen == g && !r.all
	}
	if !ok && !anyway {
		return false
	}
	for g := gen + 1; ok && g <= c.gen; g++ {
		for _, d := range c.log[g%touchLog].dyads {
			ds.apply(d)
		}
	}
	c.sums = ds
	if !ok {
		c.sumsOnce = true
	}
	return true
}

// applyDyads keeps the sums up to date with a write's facts; the caller
// holds mu.
func (c *readCache) applyDyads(t touch) {
	if c.sums == nil {
		return
	}
	if !t.DyadsKnown || c.sumsOnce {
		c.sums, c.sumsOnce = nil, false
		return
	}
	for _, d := range t.Dyads {
		c.sums.apply(d)
	}
}

// dyadMonths copies a pair's months.
func (c *readCache) dyadMonths(p dyadPair) map[string]dyadMonthValue {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := map[string]dyadMonthValue{}
	if c.sums == nil {
		return out
	}
	for m, mv := range c.sums.months[p] {
		cp := make(dyadMonthValue, len(mv))
		for e, x := range mv {
			cp[e] = x
		}
		out[m] = cp
	}
	return out
}

// dyadTotals returns the totals of the pairs a country is in.
func (c *readCache) dyadTotals(iso string) map[dyadPair]dyadCell {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := map[dyadPair]dyadCell{}
	if c.sums == nil {
		return out
	}
	for p := range c.sums.partners[iso] {
		if t := c.sums.totals[p]; !t.empty() {
			out[p] = t
		}
	}
	return out
}
