package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"sort"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// Dyad aggregates (docs/graph-model.md, "Dyads and the tension index").
//
// An event counts for the pair (source country, target country) of each
// country its sources are of and each country its targets are of, the
// two different: an actor is of the country its code in the event says
// (an ISO3 code; IGO, NGO and IMG are of none), else of the country its
// article states for it, else of itself when it is a country. All of it
// is in the article's own quads, so what an article adds is known from
// them at ingest and again at its delete.
//
// Per pair and month, one literal holds the counts of each (day, PLOVER
// type): events, negated events, and the score sum of the others in
// millionths (integers: what a delete takes away is exactly what the
// ingest added). Per pair, one literal holds the totals. Both are
// mutable, labelled by dyadLabel rather than by an article:
//
//	<dyad:USA-MEX>          <dyadMonth>  "dyadm USA MEX 2025-01|10 CONSULT 1 0 2500000|…"
//	<dyad:USA-MEX/2025-01>  <dyadCounts> (the same literal: how a writer finds it)
//	<dyad:USA-MEX/total>    <dyadTotal>  "dyadt USA MEX 13 1 -5000000"
//	<dyadc:USA>             <dyadTotal>  (the same literal, for USA's ranking)
//	<dyadc:MEX>             <dyadTotal>  (the same literal, for MEX's ranking)
//
// A write reads the current literal of each key it changes (writers are
// serialised) and replaces it, in the write's own transaction: the old
// value's quads deleted, the new one's added. Every shared node of those
// quads (pair, month and country nodes, predicates, the label) loses as
// many references as it gains, which Cayley's kv store needs of a node
// that an added quad names in a transaction that also deletes (delete.go);
// a key whose counts fall to zero is therefore first written as an empty
// value, then swept in a transaction of deletes only.
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
	prefixDyad        = "dyad:"        // dyad:USA-MEX, dyad:USA-MEX/2025-01, dyad:USA-MEX/total
	prefixDyadDay     = "dyadday:"     // dyadday:USA-MEX/2025-01-10
	prefixDyadCountry = "dyadc:"       // dyadc:USA
	prefixDyadTension = "dyadtension:" // dyadtension:USA-MEX: the pair's tension statements

	predDyadMonth  = "dyadMonth"
	predDyadCounts = "dyadCounts"
	predDyadTotal  = "dyadTotal"
	predDyadEvent  = "dyadEvent"
	predDyadStmt   = "dyadStatement"

	// dyadLabel labels the mutable aggregates: no article owns them.
	dyadLabel = quad.IRI("dipgraph:dyads")

	dyadUndated = "undated" // the month key of events without a date

	litMonth = "dyadm "
	litTotal = "dyadt "
)

// MaxDyadEvidence is the most events a dyad bucket lists as evidence:
// the first by date, then event ID (DyadBucket.EvidenceTotal counts all).
const MaxDyadEvidence = 10

// dyadPair is an ordered pair of ISO3 codes: events from src to tgt.
type dyadPair struct{ src, tgt string }

func (p dyadPair) name() string            { return p.src + "-" + p.tgt }
func (p dyadPair) node() quad.IRI          { return quad.IRI(prefixDyad + p.name()) }
func (p dyadPair) total() quad.IRI         { return quad.IRI(prefixDyad + p.name() + "/total") }
func (p dyadPair) month(m string) quad.IRI { return quad.IRI(prefixDyad + p.name() + "/" + m) }
func (p dyadPair) day(d string) quad.IRI   { return quad.IRI(prefixDyadDay + p.name() + "/" + d) }

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

// dyadContrib is what an article adds to the aggregates.
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

// dyadContribOf reads an article's contribution from its quads: those
// buildArticle made, or those a delete finds. Quads of other articles
// must not be among them.
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

// addDyadIndex adds the evidence index of the article's events to b, and
// returns the article's contribution to the aggregates.
func (b *builder) addDyadIndex() (dyadContrib, error) {
	c, err := dyadContribOf(b.quads)
	if err != nil {
		return c, err
	}
	for _, r := range c.refs {
		b.add(r.pair.day(r.date), predDyadEvent, quad.String(r.event+" "+r.source+" "+r.target))
	}
	for _, r := range c.tension {
		b.add(quad.IRI(prefixDyadTension+r.pair.name()), predDyadStmt, quad.IRI(r.stmt))
	}
	return c, nil
}

// dyadMonthValue is a month's counts by (day, type).
type dyadMonthValue map[dyadEntry]dyadCell

// formatMonth is the literal of a pair's month; entries without events
// are left out.
func formatMonth(p dyadPair, month string, v dyadMonthValue) string {
	keys := make([]dyadEntry, 0, len(v))
	for k, c := range v {
		if !c.empty() {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].day != keys[j].day {
			return keys[i].day < keys[j].day
		}
		return keys[i].typ < keys[j].typ
	})
	var sb strings.Builder
	sb.WriteString(litMonth + p.src + " " + p.tgt + " " + month)
	for _, k := range keys {
		c := v[k]
		fmt.Fprintf(&sb, "|%s %s %d %d %d", k.day, k.typ, c.events, c.negated, c.sum)
	}
	return sb.String()
}

// parseMonth reads a month literal.
func parseMonth(lit string) (p dyadPair, month string, v dyadMonthValue, err error) {
	parts := strings.Split(lit, "|")
	head := strings.Fields(strings.TrimPrefix(parts[0], litMonth))
	if !strings.HasPrefix(parts[0], litMonth) || len(head) != 3 {
		return p, "", nil, fmt.Errorf("dyad month %.60q: bad head", lit)
	}
	p, month, v = dyadPair{head[0], head[1]}, head[2], dyadMonthValue{}
	for _, e := range parts[1:] {
		f := strings.Fields(e)
		if len(f) != 5 {
			return p, month, nil, fmt.Errorf("dyad month %.60q: bad entry %q", lit, e)
		}
		var n [3]int64
		for i := range n {
			if n[i], err = strconv.ParseInt(f[2+i], 10, 64); err != nil {
				return p, month, nil, fmt.Errorf("dyad month %.60q: %w", lit, err)
			}
		}
		v[dyadEntry{f[0], f[1]}] = dyadCell{n[0], n[1], n[2]}
	}
	return p, month, v, nil
}

func formatTotal(p dyadPair, c dyadCell) string {
	return fmt.Sprintf("%s%s %s %d %d %d", litTotal, p.src, p.tgt, max(c.events, 0), max(c.negated, 0), c.sum)
}

func parseTotal(lit string) (dyadPair, dyadCell, error) {
	f := strings.Fields(strings.TrimPrefix(lit, litTotal))
	if !strings.HasPrefix(lit, litTotal) || len(f) != 5 {
		return dyadPair{}, dyadCell{}, fmt.Errorf("dyad total %.60q: bad literal", lit)
	}
	var n [3]int64
	for i := range n {
		var err error
		if n[i], err = strconv.ParseInt(f[2+i], 10, 64); err != nil {
			return dyadPair{}, dyadCell{}, fmt.Errorf("dyad total %.60q: %w", lit, err)
		}
	}
	return dyadPair{f[0], f[1]}, dyadCell{n[0], n[1], n[2]}, nil
}

// dyadChange is what a write does to the aggregates: deltas to apply in
// the write's transaction, and the quads of values it leaves empty, to
// sweep in a transaction of their own once it is committed.
type dyadChange struct {
	deltas []cgraph.Delta
	zeros  []quad.Quad
}

// aggregateValue reads the one <node> <pred> literal of an aggregate
// node, "" when there is none.
func (r reader) aggregateValue(ctx context.Context, node quad.IRI, pred string) (string, error) {
	qs, err := r.quads(ctx, quad.Subject, node)
	if err != nil {
		return "", err
	}
	for _, q := range qs {
		if predOf(q) == pred && q.Label == dyadLabel {
			return str(q.Object), nil
		}
	}
	return "", nil
}

// dyadChanges reads the aggregates that cells (summed contributions)
// change and returns the replacements: sign +1 adds the cells, -1 takes
// them away. The caller holds the writer lock; r reads the primary.
func (r reader) dyadChanges(ctx context.Context, cells map[dyadCellKey]dyadCell, sign int64) (dyadChange, error) {
	var ch dyadChange
	if len(cells) == 0 {
		return ch, nil
	}
	type pm struct {
		pair  dyadPair
		month string
	}
	months := map[pm]dyadMonthValue{}
	totals := map[dyadPair]dyadCell{}
	for k, c := range cells {
		m, d := monthOf(k.date)
		mv := months[pm{k.pair, m}]
		if mv == nil {
			mv = dyadMonthValue{}
			months[pm{k.pair, m}] = mv
		}
		e := mv[dyadEntry{d, k.typ}]
		e.add(c, 1)
		mv[dyadEntry{d, k.typ}] = e
		t := totals[k.pair]
		t.add(c, 1)
		totals[k.pair] = t
	}
	keys := make([]pm, 0, len(months))
	for k := range months {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].pair != keys[j].pair {
			return keys[i].pair.name() < keys[j].pair.name()
		}
		return keys[i].month < keys[j].month
	})
	replace := func(old, neu string, subjects []quad.IRI, pred string, empty bool) {
		if old == neu {
			return
		}
		for _, s := range subjects {
			if old != "" {
				ch.deltas = append(ch.deltas, cgraph.Delta{Action: cgraph.Delete,
					Quad: quad.Quad{Subject: s, Predicate: quad.IRI(pred), Object: quad.String(old), Label: dyadLabel}})
			}
			q := quad.Quad{Subject: s, Predicate: quad.IRI(pred), Object: quad.String(neu), Label: dyadLabel}
			ch.deltas = append(ch.deltas, cgraph.Delta{Action: cgraph.Add, Quad: q})
			if empty {
				ch.zeros = append(ch.zeros, q)
			}
		}
	}
	for _, k := range keys {
		node := k.pair.month(k.month)
		old, err := r.aggregateValue(ctx, node, predDyadCounts)
		if err != nil {
			return ch, fmt.Errorf("read %s: %w", node, err)
		}
		cur := dyadMonthValue{}
		if old != "" {
			if _, _, cur, err = parseMonth(old); err != nil {
				return ch, err
			}
		}
		for e, c := range months[k] {
			x := cur[e]
			x.add(c, sign)
			if x.events < 0 || x.negated < 0 {
				slog.Warn("graph: dyad aggregate below zero, kept at zero", "node", string(node), "day", e.day, "type", e.typ)
				x = dyadCell{}
			}
			cur[e] = x
		}
		neu := formatMonth(k.pair, k.month, cur)
		empty := !strings.Contains(neu, "|")
		predMonth := []quad.IRI{k.pair.node()}
		replace(old, neu, predMonth, predDyadMonth, empty)
		replace(old, neu, []quad.IRI{node}, predDyadCounts, empty)
	}
	pairs := make([]dyadPair, 0, len(totals))
	for p := range totals {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].name() < pairs[j].name() })
	for _, p := range pairs {
		old, err := r.aggregateValue(ctx, p.total(), predDyadTotal)
		if err != nil {
			return ch, fmt.Errorf("read %s: %w", p.total(), err)
		}
		var cur dyadCell
		if old != "" {
			if _, cur, err = parseTotal(old); err != nil {
				return ch, err
			}
		}
		cur.add(totals[p], sign)
		if cur.events <= 0 {
			if cur.events < 0 || cur.negated < 0 {
				slog.Warn("graph: dyad total below zero, kept at zero", "pair", p.name())
			}
			cur = dyadCell{}
		}
		replace(old, formatTotal(p, cur), []quad.IRI{p.total(), dyadCountryNode(p.src), dyadCountryNode(p.tgt)},
			predDyadTotal, cur.events == 0)
	}
	return ch, nil
}

// sumContribs adds up the cells of several articles.
func sumContribs(cs ...dyadContrib) map[dyadCellKey]dyadCell {
	out := map[dyadCellKey]dyadCell{}
	for _, c := range cs {
		for k, x := range c.cells {
			y := out[k]
			y.add(x, 1)
			out[k] = y
		}
	}
	return out
}

// sweepDyads deletes aggregate values a delete left empty. It is no part
// of the delete's exactness: an empty value left by a crash reads as no
// events, and the next write of its key replaces it. The caller holds
// wmu.
func (s *Store) sweepDyads(zeros []quad.Quad) {
	if len(zeros) == 0 {
		return
	}
	deltas := make([]cgraph.Delta, len(zeros))
	for i, q := range zeros {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Delete}
	}
	if err := s.applyExclusive(deltas, false); err != nil {
		slog.Warn("graph: sweep empty dyad aggregates", "quads", len(zeros), "err", err)
	}
}

// dyadChangesOf is dyadChanges of one article's contribution, read from
// the primary. The caller holds wmu.
func (s *Store) dyadChangesOf(ctx context.Context, c dyadContrib, sign int64) (dyadChange, error) {
	r, done, err := s.readPrimary()
	if err != nil {
		return dyadChange{}, err
	}
	defer done()
	return r.dyadChanges(ctx, c.cells, sign)
}
