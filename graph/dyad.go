package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// TensionFormula says how a tension index is computed, for the API to
// serve beside dyad reports.
const TensionFormula = "T = -(sum of the PLOVER scores of the non-negated events) / n, " +
	"n the number of non-negated events (T = 0 when n = 0). " +
	"PLOVER scores run from -10 (most conflictual) to +10 (most cooperative), " +
	"so T = +10 is all-out conflict, -10 full cooperation and 0 neutral or mixed. " +
	"Negated events (stated as not having happened) are counted but carry no score."

// tension returns the tension index of events whose non-negated scores sum
// to sum over n events: see TensionFormula. It is minus the mean score.
func tension(sum float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return -sum / float64(n)
}

// Dyad intervals.
const (
	IntervalDay   = "day"
	IntervalWeek  = "week"  // ISO 8601 week, Monday to Sunday
	IntervalMonth = "month" // calendar month, the default
)

// DyadOptions bound a dyad report. From and To (YYYY-MM-DD, inclusive)
// bound the events' dates and those of the tension statements; Interval is
// "day", "week" or "month" (default).
type DyadOptions struct {
	From, To string
	Interval string
}

// DyadCounts counts events by direction: AToB from an actor of A to an
// actor of B, BToA the other way.
type DyadCounts struct {
	AToB int `json:"aToB"`
	BToA int `json:"bToA"`
}

// DyadStats sums up a set of events between two countries. Events is
// AToB + BToA (an event with actors of both countries on both sides counts
// once each way). MeanScore is the mean PLOVER score of the non-negated
// events and Tension their tension index (TensionFormula): minus the
// mean, so that positive means conflict.
type DyadStats struct {
	Events    int                   `json:"events"`
	AToB      int                   `json:"aToB"`
	BToA      int                   `json:"bToA"`
	Negated   int                   `json:"negated"`
	ByType    map[string]DyadCounts `json:"byType"`
	MeanScore float64               `json:"meanScore"`
	Tension   float64               `json:"tension"`

	sum    float64
	scored int
}

func newDyadStats() DyadStats { return DyadStats{ByType: map[string]DyadCounts{}} }

func (st *DyadStats) add(e DyadEvent) {
	st.Events++
	c := st.ByType[e.Type]
	if e.Direction == DirAToB {
		st.AToB++
		c.AToB++
	} else {
		st.BToA++
		c.BToA++
	}
	st.ByType[e.Type] = c
	if e.Negated {
		st.Negated++
		return
	}
	st.sum += e.Score
	st.scored++
	st.MeanScore = st.sum / float64(st.scored)
	st.Tension = tension(st.sum, st.scored)
}

// Directions of a dyad event.
const (
	DirAToB = "aToB"
	DirBToA = "bToA"
)

// DyadEvent is one event between the two countries, as evidence.
type DyadEvent struct {
	Event     string  `json:"event"` // event ID
	Type      string  `json:"type"`  // PLOVER type
	Direction string  `json:"direction"`
	Source    string  `json:"source"` // the source actor of A's or B's side
	Target    string  `json:"target"`
	Date      string  `json:"date,omitempty"`
	Score     float64 `json:"score"`
	Negated   bool    `json:"negated,omitempty"`
	Article   string  `json:"article"`
	Sentence  string  `json:"sentence"`
}

// DyadBucket is one interval of a dyad report: its events' statistics and
// the events themselves (oldest first).
type DyadBucket struct {
	Key   string `json:"key"`   // "2025-05-03", "2025-W18" or "2025-05"
	Start string `json:"start"` // first day of the interval
	End   string `json:"end"`   // last day
	DyadStats
	Evidence []DyadEvent `json:"evidence"`
}

// DyadReport is the relation between two countries over time.
type DyadReport struct {
	A        string       `json:"a"`
	B        string       `json:"b"`
	From     string       `json:"from,omitempty"`
	To       string       `json:"to,omitempty"`
	Interval string       `json:"interval"`
	Buckets  []DyadBucket `json:"buckets"` // chronological; intervals without events are left out
	// Totals counts every event in range, including those without any
	// date (only when neither From nor To is set): they are in no bucket.
	Totals  DyadStats `json:"totals"`
	Undated int       `json:"undated"`
	// Tension lists the explicit "tension" statements between A and B, in
	// either direction, with their evidence.
	Tension []TripleInfo `json:"tension"`
	Formula string       `json:"formula"`
}

// Dyad reports the events between two countries (IDs such as
// "country:MEX"; a bare ISO3 code is accepted) in either direction. An
// actor counts for a country when it is the country, or a person or
// organisation whose country (the value most articles state, as Entity
// reports it) is that country; actors without a country fact, or with an
// IGO/NGO/IMG code, count for none. Events are bucketed by their date: an
// event without one by its article's date; one without either is counted
// in the totals only (and only when no date bound is set). An unknown
// country is ErrNotFound; a bad date or interval, or a = b, ErrInvalid.
func (s *Store) Dyad(ctx context.Context, a, b string, opts DyadOptions) (*DyadReport, error) {
	rep, err := s.dyad(ctx, countryIDOf(a), countryIDOf(b), opts)
	if err != nil {
		return nil, fmt.Errorf("dyad %s–%s: %w", a, b, err)
	}
	return rep, nil
}

// countryIDOf accepts "country:MEX", "MEX" or "mex".
func countryIDOf(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, schema.PrefixCountry) {
		return s
	}
	return schema.CountryID(s)
}

func (s *Store) dyad(ctx context.Context, a, b string, opts DyadOptions) (*DyadReport, error) {
	interval := strings.ToLower(strings.TrimSpace(opts.Interval))
	switch interval {
	case "":
		interval = IntervalMonth
	case IntervalDay, IntervalWeek, IntervalMonth:
	default:
		return nil, fmt.Errorf("%w: interval %q is not day, week or month", ErrInvalid, opts.Interval)
	}
	f, err := newEdgeFilter(nil, opts.From, opts.To)
	if err != nil {
		return nil, err
	}
	if a == b {
		return nil, fmt.Errorf("%w: a dyad needs two different countries", ErrInvalid)
	}
	v, done, err := s.view()
	if err != nil {
		return nil, err
	}
	defer done()
	refs := [2]cgraph.Ref{}
	for i, c := range []string{a, b} {
		ref, ok, err := v.entity(ctx, c)
		if err != nil {
			return nil, err
		}
		if k, _ := entityKindOf(c); !ok || k != schema.KindCountry {
			return nil, fmt.Errorf("country %s: %w", c, ErrNotFound)
		}
		refs[i] = ref
	}
	dv := &dyadView{view: v, countries: map[any]string{}, arts: articleMemo{}}
	var sides [2]countryActors
	for i, c := range []string{a, b} {
		if sides[i], err = dv.actorsOf(ctx, c, refs[i]); err != nil {
			return nil, err
		}
	}
	// The events are looked for from the side with fewer actors; each
	// one's other end is then checked against the other side's actors.
	small, other := 0, 1
	if len(sides[1].refs) < len(sides[0].refs) {
		small, other = 1, 0
	}
	dirs := [2]string{DirAToB, DirBToA} // from side 0, from side 1
	var found []dyadCandidate
	for _, side := range []struct {
		own, far string // predicates of the small side's actor and of the other's
		from     int
	}{{schema.PredSource, schema.PredTarget, small}, {schema.PredTarget, schema.PredSource, other}} {
		evs, err := dv.eventsOf(ctx, sides[small], side.own)
		if err != nil {
			return nil, err
		}
		for _, ev := range evs {
			ok, err := dv.hasActor(ctx, ev, side.far, sides[other].actors)
			if err != nil {
				return nil, err
			}
			if ok {
				found = append(found, dyadCandidate{ev, dirs[side.from], sides[side.from].actors, sides[1-side.from].actors})
			}
		}
	}

	rep := &DyadReport{A: a, B: b, From: f.from, To: f.to, Interval: interval,
		Buckets: []DyadBucket{}, Totals: newDyadStats(), Tension: []TripleInfo{}, Formula: TensionFormula}
	buckets := map[string]*DyadBucket{}
	for _, c := range found {
		e, ok, err := dv.dyadEvent(ctx, c.ref, c.dir, c.src, c.tgt)
		if err != nil {
			return nil, err
		}
		if !ok || !f.keepDate(e.Date) {
			continue
		}
		rep.Totals.add(e)
		key, start, end, ok := bucketOf(e.Date, interval)
		if !ok {
			rep.Undated++
			continue
		}
		bk := buckets[key]
		if bk == nil {
			bk = &DyadBucket{Key: key, Start: start, End: end, DyadStats: newDyadStats()}
			buckets[key] = bk
		}
		bk.add(e)
		bk.Evidence = append(bk.Evidence, e)
	}
	for _, bk := range buckets {
		sort.Slice(bk.Evidence, func(i, j int) bool {
			x, y := bk.Evidence[i], bk.Evidence[j]
			if x.Date != y.Date {
				return x.Date < y.Date
			}
			return x.Event < y.Event
		})
		rep.Buckets = append(rep.Buckets, *bk)
	}
	sort.Slice(rep.Buckets, func(i, j int) bool { return rep.Buckets[i].Start < rep.Buckets[j].Start })

	if rep.Tension, err = dv.tensionStatements(ctx, refs, f); err != nil {
		return nil, err
	}
	return rep, nil
}

// bucketOf returns the interval a date falls in: its key, first and last
// day.
func bucketOf(date, interval string) (key, start, end string, ok bool) {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return "", "", "", false
	}
	const day = "2006-01-02"
	switch interval {
	case IntervalDay:
		return date, date, date, true
	case IntervalWeek:
		y, w := t.ISOWeek()
		mon := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		return fmt.Sprintf("%04d-W%02d", y, w), mon.Format(day), mon.AddDate(0, 0, 6).Format(day), true
	default:
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first.Format("2006-01"), first.Format(day), first.AddDate(0, 1, -1).Format(day), true
	}
}

// dyadView adds a memo of actors' countries to a view.
type dyadView struct {
	*view
	countries map[any]string // entity ref key → country ID ("" for none)
	arts      articleMemo
}

// countryOf returns the country an entity counts for: itself for a
// country, else its country fact (a country ID), else "".
func (dv *dyadView) countryOf(ctx context.Context, ref cgraph.Ref) (string, error) {
	k := refKey(ref)
	if c, ok := dv.countries[k]; ok {
		return c, nil
	}
	id, err := dv.iri(ctx, ref)
	if err != nil {
		return "", err
	}
	var c string
	switch kind, _ := entityKindOf(id); kind {
	case schema.KindCountry:
		c = id
	case schema.KindPerson, schema.KindOrganization:
		if c, err = dv.countryFact(ctx, id, ref); err != nil {
			return "", err
		}
		if !strings.HasPrefix(c, schema.PrefixCountry) {
			c = ""
		}
	}
	dv.countries[k] = c
	return c, nil
}

// countryActors are the entities that count for a country.
type countryActors struct {
	actors map[any]string // ref key → entity ID
	refs   []cgraph.Ref
}

// dyadCandidate is an event found between the two sides, from an actor of
// src to one of tgt.
type dyadCandidate struct {
	ref      cgraph.Ref
	dir      string
	src, tgt map[any]string
}

// actorsOf returns the country c and the people and organisations whose
// country it is.
func (dv *dyadView) actorsOf(ctx context.Context, c string, ref cgraph.Ref) (countryActors, error) {
	ca := countryActors{actors: map[any]string{refKey(ref): c}, refs: []cgraph.Ref{ref}}
	dv.countries[refKey(ref)] = c
	var members []cgraph.Ref
	seen := map[any]bool{}
	// One country fact per article stating it: streamed, each entity once.
	err := dv.each(ctx, quad.Object, ref, dv.pred(schema.PredCountry), func(q rawQuad) bool {
		if k := refKey(q.s); !seen[k] {
			seen[k] = true
			members = append(members, q.s)
		}
		return true
	})
	if err != nil {
		return ca, err
	}
	for _, m := range members {
		mc, err := dv.countryOf(ctx, m)
		if err != nil {
			return ca, err
		}
		if mc != c {
			continue
		}
		id, err := dv.iri(ctx, m)
		if err != nil {
			return ca, err
		}
		ca.actors[refKey(m)] = id
		ca.refs = append(ca.refs, m)
	}
	return ca, nil
}

// eventsOf returns the events with an actor of ca as their pred (source
// or target), each once.
func (dv *dyadView) eventsOf(ctx context.Context, ca countryActors, pred string) ([]cgraph.Ref, error) {
	p := dv.pred(pred)
	seen := map[any]bool{}
	var out []cgraph.Ref
	for _, a := range ca.refs {
		err := dv.each(ctx, quad.Object, a, p, func(q rawQuad) bool {
			if k := refKey(q.s); !seen[k] {
				seen[k] = true
				out = append(out, q.s)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// hasActor reports whether one of an event's pred (source or target) is
// in actors.
func (dv *dyadView) hasActor(ctx context.Context, ev cgraph.Ref, pred string, actors map[any]string) (bool, error) {
	found := false
	err := dv.each(ctx, quad.Subject, ev, dv.pred(pred), func(q rawQuad) bool {
		_, found = actors[refKey(q.o)]
		return !found
	})
	return found, err
}

// dyadEvent reads an event between a source of src and a target of tgt.
// ok is false when the node is not an event.
func (dv *dyadView) dyadEvent(ctx context.Context, ref cgraph.Ref, dir string, src, tgt map[any]string) (DyadEvent, bool, error) {
	e := DyadEvent{Direction: dir}
	f, err := dv.facts(ctx, ref, schema.PredType, schema.PredDate)
	if err != nil || str(f[0]) == "" {
		return e, false, err
	}
	if e.Event, err = dv.iri(ctx, ref); err != nil {
		return e, false, err
	}
	e.Type, e.Date = str(f[0]), str(f[1])
	qs, err := dv.pairs(ctx, quad.Subject, ref, dv.pred(PredEvidence), 1)
	if err != nil || len(qs) == 0 {
		return e, false, err
	}
	art, err := dv.articleOf(ctx, dv.arts, qs[0].l)
	if err != nil {
		return e, false, err
	}
	lit, err := dv.iriOrString(ctx, qs[0].o)
	if err != nil {
		return e, false, err
	}
	ev := schema.Event{ID: e.Event, Event: e.Type}
	if err := decodeEvent(lit, art.text, &ev); err != nil {
		return e, false, err
	}
	e.Score, e.Negated, e.Article, e.Sentence = ev.Score, ev.Negated, art.id, ev.Evidence.Sentence
	if e.Date == "" {
		e.Date = art.date
	}
	// The actors named: the source of src's side and the target of tgt's
	// (the first by ID when there are several).
	for _, side := range []struct {
		pred string
		in   map[any]string
		dst  *string
	}{{schema.PredSource, src, &e.Source}, {schema.PredTarget, tgt, &e.Target}} {
		qs, err := dv.pairs(ctx, quad.Subject, ref, dv.pred(side.pred), 0)
		if err != nil {
			return e, false, err
		}
		var ids []string
		for _, q := range qs {
			if id, ok := side.in[refKey(q.o)]; ok {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		if len(ids) > 0 {
			*side.dst = ids[0]
		}
	}
	return e, true, nil
}

// tensionStatements reads the "tension" statements between the two
// countries, either way, whose dates f keeps.
func (dv *dyadView) tensionStatements(ctx context.Context, refs [2]cgraph.Ref, f edgeFilter) ([]TripleInfo, error) {
	// Most pairs have none: the direct edges say so at the cost of two keys.
	some := false
	for i := 0; i < 2 && !some; i++ {
		var err error
		if some, err = dv.hasQuad(ctx, refs[i], dv.pred(schema.PredTension), refs[1-i]); err != nil {
			return nil, err
		}
	}
	if !some {
		return []TripleInfo{}, nil
	}
	var hits []stmtHit
	for i := 0; i < 2; i++ {
		subj, err := dv.statementsOf(ctx, refs[i], quad.Subject)
		if err != nil {
			return nil, err
		}
		obj, err := dv.statementsOf(ctx, refs[1-i], quad.Object)
		if err != nil {
			return nil, err
		}
		both := map[any]bool{}
		for _, h := range obj {
			both[refKey(h.stmt)] = true
		}
		for _, h := range subj {
			if both[refKey(h.stmt)] {
				hits = append(hits, h)
			}
		}
	}
	f.preds = map[string]bool{schema.PredTension: true}
	es, err := dv.edges(ctx, hits, f, true)
	if err != nil {
		return nil, err
	}
	var refsOf []cgraph.Ref
	for _, e := range es {
		for _, st := range e.stmts {
			refsOf = append(refsOf, st.ref)
		}
	}
	stmts, err := dv.statements(ctx, refsOf)
	if err != nil {
		return nil, err
	}
	out := group(stmts, func(statement) bool { return true })
	if out == nil {
		out = []TripleInfo{}
	}
	return out, nil
}

// Dyad rankings.

// Dyads sort orders.
const (
	DyadsByEvents  = "events"  // most events first (the default)
	DyadsByTension = "tension" // highest tension index first
)

// DyadSummary is a country's relation with one counterpart over all time:
// Out counts the events from the country's actors to the counterpart's,
// In the other way.
type DyadSummary struct {
	Country   string  `json:"country"` // the counterpart's ID
	Events    int     `json:"events"`
	Out       int     `json:"out"`
	In        int     `json:"in"`
	Negated   int     `json:"negated"`
	MeanScore float64 `json:"meanScore"`
	Tension   float64 `json:"tension"` // TensionFormula

	sum    float64
	scored int
}

// Dyads ranks the countries a country has events with (either way; actors
// count for their country as in Dyad), by "events" (most first, the
// default) or "tension" (highest first); ties go to more events, then to
// the country ID. limit <= 0 means DefaultPageLimit; larger limits are
// cut to MaxPageLimit. An event with targets (or sources) of several
// countries counts for each of them.
func (s *Store) Dyads(ctx context.Context, country, sortBy string, limit int) ([]DyadSummary, error) {
	out, err := s.dyads(ctx, countryIDOf(country), sortBy, limit)
	if err != nil {
		return nil, fmt.Errorf("dyads of %s: %w", country, err)
	}
	return out, nil
}

func (s *Store) dyads(ctx context.Context, c, sortBy string, limit int) ([]DyadSummary, error) {
	sortBy = strings.ToLower(strings.TrimSpace(sortBy))
	switch sortBy {
	case "":
		sortBy = DyadsByEvents
	case DyadsByEvents, DyadsByTension:
	default:
		return nil, fmt.Errorf("%w: sort %q is not events or tension", ErrInvalid, sortBy)
	}
	limit = pageLimit(Page{Limit: limit})
	v, done, err := s.view()
	if err != nil {
		return nil, err
	}
	defer done()
	ref, ok, err := v.entity(ctx, c)
	if err != nil {
		return nil, err
	}
	if k, _ := entityKindOf(c); !ok || k != schema.KindCountry {
		return nil, fmt.Errorf("country %s: %w", c, ErrNotFound)
	}
	dv := &dyadView{view: v, countries: map[any]string{}, arts: articleMemo{}}
	ca, err := dv.actorsOf(ctx, c, ref)
	if err != nil {
		return nil, err
	}
	byCountry := map[string]*DyadSummary{}
	pEvidence := v.pred(PredEvidence)
	for _, side := range []struct {
		own, other string // the predicates of the country's actors and of the counterpart's
		outward    bool
	}{{schema.PredSource, schema.PredTarget, true}, {schema.PredTarget, schema.PredSource, false}} {
		events, err := dv.eventsOf(ctx, ca, side.own)
		if err != nil {
			return nil, err
		}
		pOther := v.pred(side.other)
		for _, ev := range events {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			qs, err := v.pairs(ctx, quad.Subject, ev, pOther, 0)
			if err != nil {
				return nil, err
			}
			seen := map[string]bool{}
			for _, q := range qs {
				oc, err := dv.countryOf(ctx, q.o)
				if err != nil {
					return nil, err
				}
				if oc != "" && oc != c {
					seen[oc] = true
				}
			}
			if len(seen) == 0 {
				continue
			}
			score, neg, err := dv.scoreOf(ctx, ev, pEvidence)
			if err != nil {
				return nil, err
			}
			for oc := range seen {
				d := byCountry[oc]
				if d == nil {
					d = &DyadSummary{Country: oc}
					byCountry[oc] = d
				}
				d.Events++
				if side.outward {
					d.Out++
				} else {
					d.In++
				}
				if neg {
					d.Negated++
					continue
				}
				d.sum += score
				d.scored++
				d.MeanScore = d.sum / float64(d.scored)
				d.Tension = tension(d.sum, d.scored)
			}
		}
	}
	out := make([]DyadSummary, 0, len(byCountry))
	for _, d := range byCountry {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if sortBy == DyadsByTension && x.Tension != y.Tension {
			return x.Tension > y.Tension
		}
		if x.Events != y.Events {
			return x.Events > y.Events
		}
		if x.Tension != y.Tension {
			return x.Tension > y.Tension
		}
		return x.Country < y.Country
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// scoreOf reads an event's score and negation from its evidence.
func (dv *dyadView) scoreOf(ctx context.Context, ev, pEvidence cgraph.Ref) (float64, bool, error) {
	qs, err := dv.pairs(ctx, quad.Subject, ev, pEvidence, 1)
	if err != nil || len(qs) == 0 {
		return 0, false, err
	}
	lit, err := dv.iriOrString(ctx, qs[0].o)
	if err != nil {
		return 0, false, err
	}
	return eventScore(lit)
}
