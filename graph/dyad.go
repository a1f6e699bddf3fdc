package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
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

	micros int64 // score sum of the non-negated events, in millionths
	scored int
}

func newDyadStats() DyadStats { return DyadStats{ByType: map[string]DyadCounts{}} }

// addCell adds the counts of a (day, type) cell of one direction.
func (st *DyadStats) addCell(dir, typ string, c dyadCell) {
	n := int(c.events)
	st.Events += n
	bt := st.ByType[typ]
	if dir == DirAToB {
		st.AToB += n
		bt.AToB += n
	} else {
		st.BToA += n
		bt.BToA += n
	}
	st.ByType[typ] = bt
	st.Negated += int(c.negated)
	st.micros += c.sum
	st.scored += int(c.events - c.negated)
	if st.scored > 0 {
		sum := float64(st.micros) / 1e6
		st.MeanScore = sum / float64(st.scored)
		st.Tension = tension(sum, st.scored)
	}
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
// the first MaxDyadEvidence of its events (oldest first, then by event
// ID) of the EvidenceTotal there are (Events: an event counted both ways
// is there once each way).
type DyadBucket struct {
	Key   string `json:"key"`   // "2025-05-03", "2025-W18" or "2025-05"
	Start string `json:"start"` // first day of the interval
	End   string `json:"end"`   // last day
	DyadStats
	Evidence      []DyadEvent `json:"evidence"`
	EvidenceTotal int         `json:"evidenceTotal"`
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
// event is between them when one of its sources is of one and one of its
// targets of the other: an actor is of the country its code in the event
// says, else of the country its article states for it, else of itself
// when it is a country; an IGO/NGO/IMG code, or none of these, is of no
// country (dyadagg.go). Events are bucketed by their date: an event
// without one by its article's date; one without either is counted in the
// totals only (and only when no date bound is set). The report is read
// from the aggregates writes keep, per pair and month, and each bucket's
// evidence from the index of the events of each day: its cost follows
// the months and buckets, not the events. An unknown country is
// ErrNotFound; a bad date or interval, or a = b, ErrInvalid.
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
	key := strings.Join([]string{"dyad", a, b, f.from, f.to, interval}, "\x00")
	gen := s.cache.generation()
	if x, ok := depGet(&s.cache, &s.cache.dyads, key); ok {
		rep := *x.(*DyadReport)
		return &rep, nil
	}
	v, done, err := s.view()
	if err != nil {
		return nil, err
	}
	defer done()
	refs := [2]cgraph.Ref{}
	for i, c := range []string{a, b} {
		if refs[i], err = v.country(ctx, c); err != nil {
			return nil, err
		} else if refs[i] == nil {
			return nil, fmt.Errorf("country %s: %w", c, ErrNotFound)
		}
	}
	// What the answer is read from, for the cache: the countries (the
	// tension statements are theirs), the two pairs and the days whose
	// evidence it lists.
	deps := map[string]bool{a: true, b: true}
	isoA, isoB := strings.TrimPrefix(a, schema.PrefixCountry), strings.TrimPrefix(b, schema.PrefixCountry)
	pairs := [2]dyadPair{{isoA, isoB}, {isoB, isoA}}
	dirs := [2]string{DirAToB, DirBToA}

	rep := &DyadReport{A: a, B: b, From: f.from, To: f.to, Interval: interval,
		Buckets: []DyadBucket{}, Totals: newDyadStats(), Tension: []TripleInfo{}, Formula: TensionFormula}
	buckets := map[string]*DyadBucket{}
	days := map[string]map[string]*[2]int64{} // bucket → date → events each way
	if err := v.dyadSumsReady(ctx); err != nil {
		return nil, err
	}
	for i, p := range pairs {
		deps[string(p.node())] = true
		for month, mv := range v.cache.dyadMonths(p) {
			if month != dyadUndated && !f.keepMonth(month) {
				continue
			}
			for e, c := range mv {
				if c.empty() {
					continue
				}
				date := ""
				if month != dyadUndated {
					date = month + "-" + e.day
				}
				if !f.keepDate(date) {
					continue
				}
				rep.Totals.addCell(dirs[i], e.typ, c)
				key, start, end, ok := bucketOf(date, interval)
				if !ok {
					rep.Undated += int(c.events)
					continue
				}
				bk := buckets[key]
				if bk == nil {
					bk = &DyadBucket{Key: key, Start: start, End: end, DyadStats: newDyadStats(), Evidence: []DyadEvent{}}
					buckets[key] = bk
					days[key] = map[string]*[2]int64{}
				}
				bk.addCell(dirs[i], e.typ, c)
				n := days[key][date]
				if n == nil {
					n = &[2]int64{}
					days[key][date] = n
				}
				n[i] += c.events
			}
		}
	}
	dv := &dyadView{view: v, arts: articleMemo{}}
	for key, bk := range buckets {
		bk.EvidenceTotal = bk.Events
		if bk.Evidence, err = dv.bucketEvidence(ctx, pairs, dirs, days[key], deps); err != nil {
			return nil, err
		}
		rep.Buckets = append(rep.Buckets, *bk)
	}
	sort.Slice(rep.Buckets, func(i, j int) bool { return rep.Buckets[i].Start < rep.Buckets[j].Start })

	if rep.Tension, err = dv.tensionStatements(ctx, refs, pairs, f, deps); err != nil {
		return nil, err
	}
	depPut(&s.cache, &s.cache.dyads, maxCachedDyads, key, any(rep), deps, gen)
	cp := *rep
	return &cp, nil
}

// country returns the ref of a country the store knows, nil for none or
// for an ID that is not a country's. Every entity IRI in a quad is
// mentioned by that quad's article (buildArticle), so the node's being in
// some quad is enough: reading a hub's kind facts to find one would cost
// more than the rest of a dyad answer.
// A SQL store's ref is the value's hash, whether or not the node is
// there: one quad with it as subject (its kind fact) is looked up.
func (v *view) country(ctx context.Context, id string) (cgraph.Ref, error) {
	if k, ok := entityKindOf(id); !ok || k != schema.KindCountry {
		return nil, nil
	}
	ref := v.ref(quad.IRI(id))
	if ref == nil {
		return nil, nil
	}
	if _, ok := v.qs.(*kv.QuadStore); ok {
		return ref, nil
	}
	it := v.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	if it.Next(ctx) {
		return ref, nil
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return nil, ctx.Err()
}

// keepMonth reports whether some day of month (YYYY-MM) is within f's
// dates.
func (f edgeFilter) keepMonth(month string) bool {
	return (f.from == "" || month >= f.from[:7]) && (f.to == "" || month <= f.to[:7])
}

// aggregates reads the literals of a dyad aggregate node's pred quads.
func (v *view) aggregates(ctx context.Context, node quad.IRI, pred string) ([]string, error) {
	qs, err := v.pairs(ctx, quad.Subject, v.ref(node), v.pred(pred), 0)
	if err != nil || len(qs) == 0 {
		return nil, err
	}
	refs := make([]cgraph.Ref, len(qs))
	for i, q := range qs {
		refs[i] = q.o
	}
	n, err := v.values(ctx, refs...)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(qs))
	for _, q := range qs {
		if l := str(n.of(q.o)); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
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

// dyadView adds a memo of articles to a view.
type dyadView struct {
	*view
	arts articleMemo
}

// dyadCandidate is an entry of the evidence index: an event of a day,
// one way.
type dyadCandidate struct {
	date, event, source, target string
	dir                         int
}

// bucketEvidence reads the first MaxDyadEvidence events of a bucket, by
// date then event ID, from the evidence index of its days (days: the
// events each way by date, from the aggregates). It reads the days in
// order until it has enough, adding each day's node to deps.
func (dv *dyadView) bucketEvidence(ctx context.Context, pairs [2]dyadPair, dirs [2]string, days map[string]*[2]int64, deps map[string]bool) ([]DyadEvent, error) {
	dates := make([]string, 0, len(days))
	for d := range days {
		dates = append(dates, d)
	}
	sort.Strings(dates)
	var cands []dyadCandidate
	for _, date := range dates {
		if len(cands) >= MaxDyadEvidence {
			break
		}
		for i, p := range pairs {
			if days[date][i] == 0 {
				continue
			}
			node := p.day(date)
			deps[string(node)] = true
			lits, err := dv.aggregates(ctx, node, predDyadEvent)
			if err != nil {
				return nil, err
			}
			for _, l := range lits {
				f := strings.Fields(l)
				if len(f) != 3 {
					return nil, fmt.Errorf("dyad evidence %s: bad entry %.60q", node, l)
				}
				cands = append(cands, dyadCandidate{date, f[0], f[1], f[2], i})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		x, y := cands[i], cands[j]
		if x.date != y.date {
			return x.date < y.date
		}
		if x.event != y.event {
			return x.event < y.event
		}
		return x.dir < y.dir
	})
	out := []DyadEvent{}
	for _, c := range cands {
		if len(out) == MaxDyadEvidence {
			break
		}
		e, ok, err := dv.dyadEvent(ctx, c, dirs[c.dir])
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// dyadEvent reads an event of the evidence index. ok is false when the
// event is gone (a delete under way).
func (dv *dyadView) dyadEvent(ctx context.Context, c dyadCandidate, dir string) (DyadEvent, bool, error) {
	e := DyadEvent{Event: c.event, Direction: dir, Source: c.source, Target: c.target, Date: c.date}
	ref := dv.ref(quad.IRI(c.event))
	if ref == nil {
		return e, false, nil
	}
	f, err := dv.facts(ctx, ref, schema.PredType)
	if err != nil || str(f[0]) == "" {
		return e, false, err
	}
	e.Type = str(f[0])
	qs, err := dv.pairs(ctx, quad.Subject, ref, dv.pred(PredEvidence), 1)
	if err != nil || len(qs) == 0 {
		return e, false, err
	}
	art, err := dv.articleOf(ctx, dv.arts, qs[0].l)
	if err != nil {
		return e, false, err
	}
	n, err := dv.values(ctx, qs[0].o)
	if err != nil {
		return e, false, err
	}
	ev := schema.Event{ID: e.Event, Event: e.Type}
	if err := decodeEvent(str(n.of(qs[0].o)), art.text, &ev); err != nil {
		return e, false, err
	}
	e.Score, e.Negated, e.Article, e.Sentence = ev.Score, ev.Negated, art.id, ev.Evidence.Sentence
	return e, true, nil
}

// tensionStatements reads the "tension" statements between the two
// countries, either way, whose dates f keeps.
func (dv *dyadView) tensionStatements(ctx context.Context, refs [2]cgraph.Ref, pairs [2]dyadPair, f edgeFilter, deps map[string]bool) ([]TripleInfo, error) {
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
	// The pair's tension statements, each way, from the dyad index.
	var hits []stmtHit
	for i, p := range pairs {
		node := quad.IRI(prefixDyadTension + p.name())
		deps[string(node)] = true
		qs, err := dv.pairs(ctx, quad.Subject, dv.ref(node), dv.pred(predDyadStmt), 0)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			hits = append(hits, stmtHit{stmt: q.o, label: q.l, node: refs[i], dir: quad.Subject})
		}
	}
	f.preds = map[string]bool{schema.PredTension: true}
	all, err := dv.edges(ctx, hits, f, true)
	if err != nil {
		return nil, err
	}
	// Those articles' tension statements of a with a third country are
	// not this dyad's.
	var es []*edge
	for _, e := range all {
		s, o := refKey(e.sRef), refKey(e.oRef)
		if s == refKey(refs[0]) && o == refKey(refs[1]) || s == refKey(refs[1]) && o == refKey(refs[0]) {
			es = append(es, e)
		}
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

	micros int64 // as DyadStats'
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
	cut := func(all []DyadSummary) []DyadSummary {
		return append([]DyadSummary{}, all[:min(limit, len(all))]...)
	}
	key := "dyads\x00" + c + "\x00" + sortBy
	gen := s.cache.generation()
	if x, ok := depGet(&s.cache, &s.cache.dyads, key); ok {
		return cut(x.([]DyadSummary)), nil
	}
	v, done, err := s.view()
	if err != nil {
		return nil, err
	}
	defer done()
	if ref, err := v.country(ctx, c); err != nil {
		return nil, err
	} else if ref == nil {
		return nil, fmt.Errorf("country %s: %w", c, ErrNotFound)
	}
	iso := strings.TrimPrefix(c, schema.PrefixCountry)
	node := dyadCountryNode(iso)
	deps := map[string]bool{c: true, string(node): true}
	// One total per pair the country is in, either way.
	if err := v.dyadSumsReady(ctx); err != nil {
		return nil, err
	}
	byCountry := map[string]*DyadSummary{}
	for p, t := range v.cache.dyadTotals(iso) {
		other, out := p.tgt, true
		if p.tgt == iso {
			other, out = p.src, false
		}
		id := schema.CountryID(other)
		d := byCountry[id]
		if d == nil {
			d = &DyadSummary{Country: id}
			byCountry[id] = d
		}
		d.Events += int(t.events)
		if out {
			d.Out += int(t.events)
		} else {
			d.In += int(t.events)
		}
		d.Negated += int(t.negated)
		d.micros += t.sum
		d.scored += int(t.events - t.negated)
		if d.scored > 0 {
			sum := float64(d.micros) / 1e6
			d.MeanScore = sum / float64(d.scored)
			d.Tension = tension(sum, d.scored)
		}
	}
	all := make([]DyadSummary, 0, len(byCountry))
	for _, d := range byCountry {
		// A counterpart known only from an actor's code, never named as
		// a country, is left out, as Dyad would not find it.
		if ref, err := v.country(ctx, d.Country); err != nil {
			return nil, err
		} else if ref == nil {
			continue
		}
		all = append(all, *d)
	}
	sort.Slice(all, func(i, j int) bool {
		x, y := all[i], all[j]
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
	depPut(&s.cache, &s.cache.dyads, maxCachedDyads, key, any(all), deps, gen)
	return cut(all), nil
}

// maxCachedDyads caps the cached dyad answers (reports and rankings).
const maxCachedDyads = 256
