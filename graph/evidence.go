package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// The evidence of an event or a statement is one literal (its <evidence>
// fact): offsets into the article text, which is stored once, and the few
// numbers the readers need. Words the text holds at those offsets are not
// copied; they are kept in the literal only when the extraction said
// something else (a result posted by a client may), so that a reader gives
// back exactly what was ingested. See docs/graph-model.md.

// eventEvidence is the <evidence> literal of an event, as JSON.
type eventEvidence struct {
	CAMEO      string          `json:"c,omitempty"` // only when not the type's root code
	Score      float64         `json:"sc"`
	Negated    bool            `json:"n,omitempty"`
	Confidence float64         `json:"cf"`
	Trigger    [2]int          `json:"t"`
	TriggerW   *string         `json:"tw,omitempty"` // only when not the text at Trigger
	Sentence   int             `json:"si"`
	Span       [2]int          `json:"s"`
	SentenceW  *string         `json:"sw,omitempty"` // only when not the text at Span
	Actors     []actorEvidence `json:"a,omitempty"`  // sources, then targets, in order
}

// actorEvidence is one source or target of an event.
type actorEvidence struct {
	Target   bool    `json:"t,omitempty"`
	Entity   string  `json:"e"`
	Code     string  `json:"c,omitempty"`
	Span     [2]int  `json:"s"`
	Inferred bool    `json:"i,omitempty"`
	Words    *string `json:"w,omitempty"` // only when not the text at Span
}

// at returns text[start:end], or false when the offsets are not in the
// text.
func at(text string, start, end int) (string, bool) {
	if start < 0 || end < start || end > len(text) {
		return "", false
	}
	return text[start:end], true
}

// words returns nil when text holds w at [start, end), else w: what the
// literal must keep.
func words(text, w string, start, end int) *string {
	if got, ok := at(text, start, end); ok && got == w {
		return nil
	}
	return &w
}

// spoken is the inverse of words.
func spoken(text string, w *string, start, end int) string {
	if w != nil {
		return *w
	}
	s, _ := at(text, start, end)
	// A copy: cached events and statements must not keep whole texts.
	return strings.Clone(s)
}

// articleFacts are what evidence needs of an article: its ID, text and
// date.
type articleFacts struct {
	id, text, date string
}

// articleMemo keeps the articles one call has read, by label ref. Texts
// stay out of the shared cache: they are large, and what is made of them
// (events, statements) is cached instead.
type articleMemo map[any]articleFacts

// articleOf reads the article whose label is ref, through memo.
func (r reader) articleOf(ctx context.Context, memo articleMemo, ref cgraph.Ref) (articleFacts, error) {
	k := refKey(ref)
	if a, ok := memo[k]; ok {
		return a, nil
	}
	raw, err := r.scan(ctx, quad.Subject, ref)
	if err != nil {
		return articleFacts{}, err
	}
	quads, err := r.resolve(ctx, raw)
	if err != nil {
		return articleFacts{}, err
	}
	var a articleFacts
	for _, q := range quads {
		switch predOf(q) {
		case schema.PredText:
			a.text = str(q.Object)
		case schema.PredDate:
			a.date = str(q.Object)
		}
		if a.id == "" && q.Subject != nil {
			a.id = str(q.Subject)
		}
	}
	if a.id == "" {
		// The article node is gone (a delete under way); the label
		// still names it.
		n, err := r.names(ctx, []cgraph.Ref{ref})
		if err != nil {
			return articleFacts{}, err
		}
		a.id = str(n.of(ref))
	}
	if memo != nil {
		memo[k] = a
	}
	return a, nil
}

// encodeEvent packs what an event's literal holds. cameo is the event's
// CAMEO code once defaulted.
func encodeEvent(text string, e schema.Event, defaultCAMEO, cameo string) (string, error) {
	x := eventEvidence{
		Score:      e.Score,
		Negated:    e.Negated,
		Confidence: e.Confidence,
		Trigger:    [2]int{e.TriggerStart, e.TriggerEnd},
		TriggerW:   words(text, e.Trigger, e.TriggerStart, e.TriggerEnd),
		Sentence:   e.Evidence.SentenceIndex,
		Span:       [2]int{e.Evidence.Start, e.Evidence.End},
		SentenceW:  words(text, e.Evidence.Sentence, e.Evidence.Start, e.Evidence.End),
	}
	if cameo != defaultCAMEO {
		x.CAMEO = cameo
	}
	for _, side := range []struct {
		as     []schema.Actor
		target bool
	}{{e.Source, false}, {e.Target, true}} {
		for _, a := range side.as {
			x.Actors = append(x.Actors, actorEvidence{
				Target:   side.target,
				Entity:   a.Entity,
				Code:     strings.ToUpper(strings.TrimSpace(a.Code)),
				Span:     [2]int{a.Start, a.End},
				Inferred: a.Inferred,
				Words:    words(text, a.ActorText, a.Start, a.End),
			})
		}
	}
	b, err := json.Marshal(x)
	if err != nil {
		return "", fmt.Errorf("event %s: evidence: %w", e.ID, err)
	}
	return string(b), nil
}

// decodeEvent fills e from an event's literal and its article's text;
// e.Event (the type) gives the default CAMEO code.
func decodeEvent(lit, text string, e *schema.Event) error {
	var x eventEvidence
	if err := json.Unmarshal([]byte(lit), &x); err != nil {
		return fmt.Errorf("event %s: evidence %.40q: %w", e.ID, lit, err)
	}
	e.CAMEO = x.CAMEO
	if e.CAMEO == "" {
		if t, ok := schema.LookupEventType(e.Event); ok {
			e.CAMEO = t.CAMEO
		}
	}
	e.Score, e.Negated, e.Confidence = x.Score, x.Negated, x.Confidence
	e.TriggerStart, e.TriggerEnd = x.Trigger[0], x.Trigger[1]
	e.Trigger = spoken(text, x.TriggerW, x.Trigger[0], x.Trigger[1])
	e.Evidence.SentenceIndex = x.Sentence
	e.Evidence.Start, e.Evidence.End = x.Span[0], x.Span[1]
	e.Evidence.Sentence = spoken(text, x.SentenceW, x.Span[0], x.Span[1])
	e.Source, e.Target = []schema.Actor{}, []schema.Actor{}
	for _, a := range x.Actors {
		act := schema.Actor{Entity: a.Entity, Code: a.Code, Start: a.Span[0], End: a.Span[1], Inferred: a.Inferred,
			ActorText: spoken(text, a.Words, a.Span[0], a.Span[1])}
		if a.Target {
			e.Target = append(e.Target, act)
		} else {
			e.Source = append(e.Source, act)
		}
	}
	return nil
}

// A statement's ID names the occurrence it reifies:
//
//	stmt:<article hash>-<n>@<sentence index>,<start>,<end>[,<event>]
//
// the sentence's index and byte span in the article text, and the event
// it restates (its ID after "event:<article hash>-"). The node exists
// once per occurrence anyway, so its evidence costs no quad. Only what
// the text and the article cannot say costs one: a <date> fact when the
// statement's date is not its article's, a <sentence> fact when the text
// at the span is not the sentence the extraction gave.

// statementID returns the ID of the n-th statement of the article hash.
func statementID(hash string, n int, t schema.Triple) string {
	ev := t.Evidence
	id := fmt.Sprintf("%s%s-%d@%d,%d,%d", PrefixStatement, hash, n, ev.SentenceIndex, ev.Start, ev.End)
	if t.Event != "" {
		id += "," + strings.TrimPrefix(t.Event, schema.PrefixEvent+hash+"-")
	}
	return id
}

// statementEvidence reads the sentence index and span of a statement's ID
// into ev.
func statementEvidence(id string, ev *schema.Evidence) error {
	_, rest, ok := strings.Cut(id, "@")
	if !ok || !strings.HasPrefix(id, PrefixStatement) {
		return fmt.Errorf("statement %q: no evidence in its ID", id)
	}
	f := strings.SplitN(rest, ",", 4)
	if len(f) < 3 {
		return fmt.Errorf("statement %q: evidence has %d fields, want 3 or 4", id, len(f))
	}
	var n [3]int
	for i := range n {
		v, err := strconv.Atoi(f[i])
		if err != nil {
			return fmt.Errorf("statement %q: %w", id, err)
		}
		n[i] = v
	}
	ev.SentenceIndex, ev.Start, ev.End = n[0], n[1], n[2]
	return nil
}
