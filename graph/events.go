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
// actors are read for the page only.
type eventHead struct {
	ev     schema.Event
	hash   string // article hash from the ID
	n      int    // position in the article from the ID
	actors []cgraph.Ref
	source map[any]bool // actor node keys that are sources
}

func newHead(id string) eventHead {
	h := eventHead{ev: schema.Event{ID: id}, source: map[any]bool{}}
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

func (r reader) eventHead(ctx context.Context, ref cgraph.Ref) (eventHead, bool, error) {
	raw, err := r.scan(ctx, quad.Subject, ref)
	if err != nil {
		return eventHead{}, false, err
	}
	quads, err := r.resolve(ctx, raw)
	if err != nil {
		return eventHead{}, false, err
	}
	var id string
	for _, q := range quads {
		if q.IsValid() {
			id = str(q.Subject)
			break
		}
	}
	h := newHead(id)
	e := &h.ev
	isEvent := false
	for i, q := range quads {
		switch predOf(q) {
		case schema.PredKind:
			isEvent = isEvent || str(q.Object) == string(schema.KindEvent)
		case schema.PredType:
			e.Event = str(q.Object)
		case schema.PredCAMEO:
			e.CAMEO = str(q.Object)
		case schema.PredScore:
			e.Score = floatOf(q.Object)
		case schema.PredTrigger:
			e.Trigger = str(q.Object)
		case PredTriggerStart:
			e.TriggerStart = intOf(q.Object)
		case PredTriggerEnd:
			e.TriggerEnd = intOf(q.Object)
		case schema.PredNegated:
			e.Negated = boolOf(q.Object)
		case schema.PredConfidence:
			e.Confidence = floatOf(q.Object)
		case schema.PredDate:
			e.Date = str(q.Object)
		case schema.PredSentence:
			e.Evidence.Sentence = str(q.Object)
		case PredSentenceIndex:
			e.Evidence.SentenceIndex = intOf(q.Object)
		case schema.PredStart:
			e.Evidence.Start = intOf(q.Object)
		case schema.PredEnd:
			e.Evidence.End = intOf(q.Object)
		case PredArticle:
			e.Evidence.Article = str(q.Object)
		case PredSourceActor:
			h.actors = append(h.actors, raw[i].o)
			h.source[refKey(raw[i].o)] = true
		case PredTargetActor:
			h.actors = append(h.actors, raw[i].o)
		}
	}
	e.Evidence.Date = e.Date
	return h, isEvent, nil
}

// fill reads the event's actor nodes into Source and Target.
func (r reader) fill(ctx context.Context, h *eventHead) error {
	type indexed struct {
		i int
		a schema.Actor
	}
	var src, tgt []indexed
	for _, ref := range h.actors {
		raw, err := r.scan(ctx, quad.Subject, ref)
		if err != nil {
			return err
		}
		quads, err := r.resolve(ctx, raw)
		if err != nil {
			return err
		}
		var x indexed
		for _, q := range quads {
			switch predOf(q) {
			case PredEntity:
				x.a.Entity = str(q.Object)
			case PredActorText:
				x.a.ActorText = str(q.Object)
			case PredCode:
				x.a.Code = str(q.Object)
			case schema.PredStart:
				x.a.Start = intOf(q.Object)
			case schema.PredEnd:
				x.a.End = intOf(q.Object)
			case PredIndex:
				x.i = intOf(q.Object)
			}
		}
		if x.a.Entity == "" {
			continue
		}
		if h.source[refKey(ref)] {
			src = append(src, x)
		} else {
			tgt = append(tgt, x)
		}
	}
	for _, side := range []struct {
		xs  []indexed
		out *[]schema.Actor
	}{{src, &h.ev.Source}, {tgt, &h.ev.Target}} {
		sort.Slice(side.xs, func(i, j int) bool { return side.xs[i].i < side.xs[j].i })
		*side.out = make([]schema.Actor, len(side.xs))
		for i, x := range side.xs {
			(*side.out)[i] = x.a
		}
	}
	return nil
}

// eventCandidates returns the event nodes that may match f: those of the
// actor (and, for a country, of every actor whose country it is), else
// those of the type, else all events.
func (r reader) eventCandidates(ctx context.Context, f EventFilter, typ string) ([]cgraph.Ref, error) {
	if f.Actor == "" {
		if typ != "" {
			return r.subjects(ctx, schema.PredType, quad.String(typ))
		}
		return r.subjects(ctx, schema.PredKind, quad.String(schema.KindEvent))
	}
	actors := []quad.Value{quad.IRI(f.Actor)}
	var actorNodes []cgraph.Ref
	if strings.HasPrefix(f.Actor, schema.PrefixCountry) {
		members, err := r.subjects(ctx, schema.PredCountry, quad.IRI(f.Actor))
		if err != nil {
			return nil, err
		}
		ids, err := r.iriNames(ctx, members)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			actors = append(actors, quad.IRI(id))
		}
		// Actors coded with the country even where no article stated the
		// entity's country.
		actorNodes, err = r.subjects(ctx, PredCode, quad.String(strings.TrimPrefix(f.Actor, schema.PrefixCountry)))
		if err != nil {
			return nil, err
		}
	}
	seen := map[any]bool{}
	var out []cgraph.Ref
	add := func(refs []cgraph.Ref) {
		for _, ref := range refs {
			if k := refKey(ref); !seen[k] {
				seen[k] = true
				out = append(out, ref)
			}
		}
	}
	for _, pred := range []string{schema.PredSource, schema.PredTarget} {
		refs, err := r.subjects(ctx, pred, actors...)
		if err != nil {
			return nil, err
		}
		add(refs)
	}
	if len(actorNodes) > 0 {
		vals, err := r.names(ctx, actorNodes)
		if err != nil {
			return nil, err
		}
		nodes := make([]quad.Value, 0, len(vals))
		for _, v := range vals {
			nodes = append(nodes, v)
		}
		for _, pred := range []string{PredSourceActor, PredTargetActor} {
			refs, err := r.subjects(ctx, pred, nodes...)
			if err != nil {
				return nil, err
			}
			add(refs)
		}
	}
	return out, nil
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
	r, done, err := s.read()
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	defer done()
	refs, err := r.eventCandidates(ctx, f, typ)
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	heads := make([]eventHead, 0, len(refs))
	for _, ref := range refs {
		h, ok, err := r.eventHead(ctx, ref)
		if err != nil {
			return nil, "", fmt.Errorf("events: %w", err)
		}
		if !ok || typ != "" && h.ev.Event != typ ||
			from != "" && (h.ev.Date == "" || h.ev.Date < from) ||
			to != "" && (h.ev.Date == "" || h.ev.Date > to) {
			continue
		}
		heads = append(heads, h)
	}
	sort.Slice(heads, func(i, j int) bool { return heads[i].before(heads[j]) })
	page, next, err := paginate(heads, f.Page,
		func(h eventHead, k string) bool { return headFromCursor(k).before(h) },
		eventCursorKey)
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	out := make([]schema.Event, len(page))
	for i := range page {
		if err := r.fill(ctx, &page[i]); err != nil {
			return nil, "", fmt.Errorf("events: %w", err)
		}
		out[i] = page[i].ev
	}
	return out, next, nil
}
