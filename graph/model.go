package graph

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// Predicates the graph adds to the schema's vocabulary. Statement nodes
// reify analyst triples (one node per occurrence); an event's or a
// statement's evidence is one literal of offsets into its article's text
// (evidence.go, docs/graph-model.md).
const (
	PredSubject   schema.Predicate = "subject"   // statement → subject of the triple
	PredPredicate schema.Predicate = "predicate" // statement → predicate of the triple (an IRI)
	PredObject    schema.Predicate = "object"    // statement → object of the triple
	PredEvidence  schema.Predicate = "evidence"  // event → its evidence literal
	PredCode      schema.Predicate = "code"      // event → an actor's code that no other fact of the article implies
	PredEventDate schema.Predicate = "eventDate" // article → a date of one of its events that is not the article's
)

// Predicates of the first format (FormatVersion 1), which wrote evidence
// one number a quad and reified every actor. None is written any more;
// they stay reserved so that no analyst triple takes one of their names.
const (
	PredEvent         schema.Predicate = "event"
	PredArticle       schema.Predicate = "article"
	PredMentions      schema.Predicate = "mentions"
	PredSentenceIndex schema.Predicate = "sentenceIndex"
	PredTriggerStart  schema.Predicate = "triggerStart"
	PredTriggerEnd    schema.Predicate = "triggerEnd"
	PredSourceActor   schema.Predicate = "sourceActor"
	PredTargetActor   schema.Predicate = "targetActor"
	PredEntity        schema.Predicate = "entity"
	PredActorText     schema.Predicate = "actorText"
	PredIndex         schema.Predicate = "index"
	PredInferred      schema.Predicate = "inferred"
)

var formerPredicates = []schema.Predicate{PredEvent, PredArticle, PredMentions, PredSentenceIndex, PredTriggerStart,
	PredTriggerEnd, PredSourceActor, PredTargetActor, PredEntity, PredActorText, PredIndex, PredInferred}

// ID prefixes of the nodes the graph adds: "stmt:<article hash>-<n>@…"
// (statementID).
const (
	PrefixStatement = "stmt:"
)

// GraphPredicates describes the predicates the graph adds, for the schema
// endpoint alongside schema.StructuralPredicates.
var GraphPredicates = map[schema.Predicate]string{
	PredSubject:   "subject of a reified analyst triple",
	PredPredicate: "predicate of a reified analyst triple",
	PredObject:    "object of a reified analyst triple",
	PredEvidence:  "evidence of an event: offsets into its article's text (docs/graph-model.md)",
	PredCode:      "ISO3 or IGO/NGO/IMG code of an event's actor, where the article states no such country for it",
	PredEventDate: "a date of an event of the article other than the article's own (the date index of the event list)",
}

// reserved lists the predicates of node facts: no analyst triple may use
// one, so an edge is an analyst edge exactly when its predicate is not here.
var reserved = func() map[string]bool {
	m := map[string]bool{}
	for p := range schema.StructuralPredicates {
		m[p] = true
	}
	for p := range GraphPredicates {
		m[p] = true
	}
	for _, p := range formerPredicates {
		m[p] = true
	}
	delete(m, schema.PredLeads)
	delete(m, schema.PredTension)
	m[predDeleting] = true
	for _, p := range append([]string{predDyadCounts, predDyadEvent, predDyadStmt}, formerDyadPredicates...) {
		m[p] = true
	}
	return m
}()

// IsAnalystPredicate reports whether p names an analyst edge rather than a
// node fact.
func IsAnalystPredicate(p string) bool { return p != "" && !reserved[p] }

var entityKinds = []schema.Kind{schema.KindCountry, schema.KindPerson, schema.KindOrganization, schema.KindConcept}

func isEntityKind(k schema.Kind) bool {
	for _, e := range entityKinds {
		if e == k {
			return true
		}
	}
	return false
}

// entityKindOf returns the kind of an entity ID, or false when id is not a
// valid country, person, organisation or concept ID.
func entityKindOf(id string) (schema.Kind, bool) {
	if !schema.ValidID(id) {
		return "", false
	}
	k, _ := schema.KindOf(id)
	return k, isEntityKind(k)
}

// normDate accepts YYYY-MM-DD or an RFC 3339 time and returns YYYY-MM-DD.
func normDate(d string) (string, error) {
	d = strings.TrimSpace(d)
	if d == "" {
		return "", nil
	}
	if t, err := time.Parse("2006-01-02", d); err == nil {
		return t.Format("2006-01-02"), nil
	}
	if t, err := time.Parse(time.RFC3339, d); err == nil {
		return t.Format("2006-01-02"), nil
	}
	return "", fmt.Errorf("%w: date %q is not YYYY-MM-DD", ErrInvalid, d)
}

func validPredicate(p string) error {
	if !schema.ValidPredicate(p) {
		return fmt.Errorf("%w: predicate %q: empty, too long, or with white space or reserved characters", ErrInvalid, p)
	}
	if reserved[p] {
		return fmt.Errorf("%w: predicate %q is reserved for node facts", ErrInvalid, p)
	}
	return nil
}

// countryValue is the object of an entity's <country> fact: the country's
// IRI for an ISO3 code, a literal for IGO/NGO/IMG.
func countryValue(code string) (quad.Value, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, nil
	}
	if strings.HasPrefix(code, schema.PrefixCountry) {
		code = strings.TrimPrefix(code, schema.PrefixCountry)
	}
	code = strings.ToUpper(code)
	switch code {
	case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
		return quad.String(code), nil
	}
	if len(code) != 3 || strings.IndexFunc(code, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return nil, fmt.Errorf("%w: country code %q is not ISO3 nor IGO/NGO/IMG", ErrInvalid, code)
	}
	return quad.IRI(schema.CountryID(code)), nil
}

// builder collects one article's quads, each once, all labelled by the
// article.
type builder struct {
	label quad.IRI
	hash  string
	text  string
	date  string // the article's
	// countries holds the country facts the article states, by entity:
	// an actor coded so needs no <code> fact of its own.
	countries map[string]string
	seen      map[quad.Quad]struct{}
	quads     []quad.Quad
	mentions  map[string]bool
}

func (b *builder) add(s quad.IRI, p string, o quad.Value) {
	if o == nil {
		return
	}
	if str, ok := o.(quad.String); ok && str == "" {
		return
	}
	q := quad.Quad{Subject: s, Predicate: quad.IRI(p), Object: o, Label: b.label}
	if _, ok := b.seen[q]; ok {
		return
	}
	b.seen[q] = struct{}{}
	b.quads = append(b.quads, q)
}

// mention records that the article names an entity: its kind fact,
// labelled by the article, is what says so.
func (b *builder) mention(id string) error {
	k, ok := entityKindOf(id)
	if !ok {
		return fmt.Errorf("%w: %q is not an entity ID", ErrInvalid, id)
	}
	if !b.mentions[id] {
		b.mentions[id] = true
		b.add(quad.IRI(id), schema.PredKind, quad.String(k))
	}
	return nil
}

// built is one article turned into quads.
type built struct {
	id       string
	quads    []quad.Quad
	entities int
	events   int
	triples  int
}

// buildArticle validates an extracted article and turns it into quads.
func buildArticle(a schema.Article, r schema.Result) (built, error) {
	if strings.TrimSpace(a.Text) == "" {
		return built{id: r.Article}, fmt.Errorf("%w: empty article text", ErrInvalid)
	}
	id := schema.ArticleID(a.Text)
	if r.Article != "" && r.Article != id {
		return built{id: r.Article}, fmt.Errorf("%w: result is for %s, the text hashes to %s", ErrInvalid, r.Article, id)
	}
	b := &builder{
		label:     quad.IRI(id),
		hash:      strings.TrimPrefix(id, schema.PrefixArticle),
		text:      a.Text,
		seen:      make(map[quad.Quad]struct{}, 8+4*len(r.Entities)+8*len(r.Events)+6*len(r.Triples)),
		mentions:  map[string]bool{},
		countries: map[string]string{},
	}
	out := built{id: id}
	fail := func(err error) (built, error) { return out, err }

	date, err := normDate(firstNonEmpty(a.Date, r.Date))
	if err != nil {
		return fail(err)
	}
	b.date = date
	sourceID := firstNonEmpty(a.ID, r.ID)
	if sourceID == id {
		sourceID = ""
	}
	art := b.label
	b.add(art, schema.PredKind, quad.String(schema.KindArticle))
	b.add(art, schema.PredTitle, quad.String(firstNonEmpty(a.Title, r.Title)))
	b.add(art, schema.PredDate, quad.String(date))
	b.add(art, schema.PredText, quad.String(a.Text))
	b.add(art, schema.PredSourceID, quad.String(sourceID))

	entities := map[string]bool{}
	for _, e := range r.Entities {
		k, ok := entityKindOf(e.ID)
		if !ok {
			return fail(fmt.Errorf("%w: entity %q: not a country, person, organisation or concept ID", ErrInvalid, e.ID))
		}
		if e.Type != "" && e.Type != k {
			return fail(fmt.Errorf("%w: entity %q has type %s, its ID says %s", ErrInvalid, e.ID, e.Type, k))
		}
		entities[e.ID] = true
		if err := b.mention(e.ID); err != nil {
			return fail(err)
		}
		s := quad.IRI(e.ID)
		b.add(s, schema.PredName, quad.String(strings.TrimSpace(e.Name)))
		cv, err := countryValue(e.Country)
		if err != nil {
			return fail(fmt.Errorf("entity %s: %w", e.ID, err))
		}
		if iri, ok := cv.(quad.IRI); ok {
			if string(iri) == e.ID {
				cv = nil // a country's own code says nothing new
			} else if err := b.mention(string(iri)); err != nil {
				return fail(err)
			}
		}
		b.add(s, schema.PredCountry, cv)
		if iri, ok := cv.(quad.IRI); ok {
			b.countries[e.ID] = strings.TrimPrefix(string(iri), schema.PrefixCountry)
		}
		b.add(s, schema.PredRole, quad.String(strings.TrimSpace(e.Role)))
		b.add(s, schema.PredOrgKind, quad.String(strings.TrimSpace(e.OrgKind)))
		b.add(s, schema.PredSector, quad.String(strings.TrimSpace(e.Sector)))
		for _, al := range e.Aliases {
			if al = strings.TrimSpace(al); al != "" && al != strings.TrimSpace(e.Name) {
				b.add(s, schema.PredAlias, quad.String(al))
			}
		}
	}
	out.entities = len(entities)

	events := map[string]bool{}
	for i, e := range r.Events {
		if err := b.addEvent(i, e, date, events); err != nil {
			return fail(err)
		}
	}
	out.events = len(events)

	stmts := map[string]bool{}
	for _, t := range r.Triples {
		if err := b.addTriple(t, date, events, stmts); err != nil {
			return fail(err)
		}
	}
	out.triples = len(stmts)
	if err := b.addDyadIndex(); err != nil {
		return fail(err)
	}
	out.quads = b.quads
	return out, nil
}

func (b *builder) addEvent(i int, e schema.Event, articleDate string, seen map[string]bool) error {
	id := e.ID
	if id == "" {
		id = schema.EventID(string(b.label), i+1)
	}
	if !strings.HasPrefix(id, schema.PrefixEvent+b.hash+"-") || !schema.ValidID(id) {
		return fmt.Errorf("%w: event ID %q does not belong to %s", ErrInvalid, id, b.label)
	}
	if seen[id] {
		return fmt.Errorf("%w: event %s given twice", ErrInvalid, id)
	}
	seen[id] = true
	typ := strings.ToUpper(strings.TrimSpace(e.Event))
	et, ok := schema.LookupEventType(typ)
	if !ok {
		return fmt.Errorf("%w: event %s: %q is not a PLOVER type", ErrInvalid, id, e.Event)
	}
	cameo := strings.TrimSpace(e.CAMEO)
	if cameo == "" {
		cameo = et.CAMEO
	}
	date, err := normDate(firstNonEmpty(e.Date, e.Evidence.Date, articleDate))
	if err != nil {
		return fmt.Errorf("event %s: %w", id, err)
	}
	s := quad.IRI(id)
	e.ID = id
	lit, err := encodeEvent(b.text, e, et.CAMEO, cameo)
	if err != nil {
		return err
	}
	// No kind fact: the type fact says the node is an event.
	b.add(s, schema.PredType, quad.String(typ))
	if date != b.date {
		// Most events are of their article's date, which readers fall
		// back to. The article lists its events' other dates, so that
		// the date index of the event list (dates.go) is read from the
		// articles alone.
		b.add(s, schema.PredDate, quad.String(date))
		b.add(b.label, PredEventDate, quad.String(date))
	}
	b.add(s, PredEvidence, quad.String(lit))
	for _, side := range []struct {
		actors []schema.Actor
		edge   string
	}{{e.Source, schema.PredSource}, {e.Target, schema.PredTarget}} {
		for _, a := range side.actors {
			if err := b.mention(a.Entity); err != nil {
				return fmt.Errorf("event %s: %w", id, err)
			}
			b.add(s, side.edge, quad.IRI(a.Entity))
			if code := strings.ToUpper(strings.TrimSpace(a.Code)); code != "" && !b.implies(a.Entity, code) {
				b.add(s, PredCode, quad.String(code))
			}
		}
	}
	return nil
}

// implies reports whether the article's other facts already make an
// event with actor entity one of the country code's: the entity is the
// country, or the article states it is of the country. The events of a
// country are those of the country, of its members and of its code's
// actors (events.go), so only the other codes need a <code> fact.
func (b *builder) implies(entity, code string) bool {
	return entity == schema.CountryID(code) || b.countries[entity] == code
}

func (b *builder) addTriple(t schema.Triple, articleDate string, events, seen map[string]bool) error {
	if err := validPredicate(t.Predicate); err != nil {
		return fmt.Errorf("triple %s %s %s: %w", t.Subject, t.Predicate, t.Object, err)
	}
	for _, id := range []string{t.Subject, t.Object} {
		if err := b.mention(id); err != nil {
			return fmt.Errorf("triple %s %s %s: %w", t.Subject, t.Predicate, t.Object, err)
		}
	}
	if t.Event != "" && !events[t.Event] {
		return fmt.Errorf("%w: triple %s %s %s restates event %q, not one of the article's", ErrInvalid, t.Subject, t.Predicate, t.Object, t.Event)
	}
	date, err := normDate(firstNonEmpty(t.Evidence.Date, articleDate))
	if err != nil {
		return fmt.Errorf("triple %s %s %s: %w", t.Subject, t.Predicate, t.Object, err)
	}
	ev := t.Evidence
	occ := fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%d\x00%d\x00%d\x00%s\x00%s", t.Subject, t.Predicate, t.Object, t.Event, ev.SentenceIndex, ev.Start, ev.End, ev.Sentence, date)
	if seen[occ] {
		return nil
	}
	seen[occ] = true
	b.add(quad.IRI(t.Subject), t.Predicate, quad.IRI(t.Object))
	st := quad.IRI(statementID(b.hash, len(seen), t))
	b.add(st, PredSubject, quad.IRI(t.Subject))
	b.add(st, PredPredicate, quad.IRI(t.Predicate))
	b.add(st, PredObject, quad.IRI(t.Object))
	if date != b.date {
		b.add(st, schema.PredDate, quad.String(date))
	}
	if w := words(b.text, ev.Sentence, ev.Start, ev.End); w != nil {
		// Quoted, so that an empty sentence is a fact too.
		b.add(st, schema.PredSentence, quad.String(strconv.Quote(*w)))
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
