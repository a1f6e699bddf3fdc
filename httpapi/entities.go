package httpapi

import (
	"net/http"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema"
)

// entityKinds are the kinds GET /v1/entities lists.
var entityKinds = []schema.Kind{schema.KindCountry, schema.KindPerson, schema.KindOrganization, schema.KindConcept}

// parseKind accepts an entity kind in any letter case ("country", "Country").
func parseKind(s string) (schema.Kind, bool) {
	for _, k := range entityKinds {
		if strings.EqualFold(s, string(k)) {
			return k, true
		}
	}
	return "", false
}

func kindNames() string {
	names := make([]string, len(entityKinds))
	for i, k := range entityKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// parseEntityFilter reads the parameters of GET /v1/entities.
func parseEntityFilter(q *query) (graph.EntityFilter, error) {
	f := graph.EntityFilter{Query: q.str("q", maxParamLen), Page: q.page()}
	if t := q.str("type", 64); t != "" {
		k, ok := parseKind(t)
		if !ok {
			q.fail("parameter type=%q is not an entity type: want one of %s", t, kindNames())
		}
		f.Kind = k
	}
	return f, q.err
}

func (a *api) listEntities(w http.ResponseWriter, r *http.Request) {
	f, err := parseEntityFilter(queryOf(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items, next, err := a.store.Entities(r.Context(), f)
	if err != nil {
		a.fail(w, r, about(err, "list entities"))
		return
	}
	writeList(a, w, r, items, next)
}

func (a *api) getEntity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	info, err := a.store.Entity(r.Context(), id)
	if err != nil {
		a.fail(w, r, about(err, "entity %s", id))
		return
	}
	a.writeJSON(w, r, http.StatusOK, info)
}

func (a *api) listRelations(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := queryOf(r)
	p := q.page()
	if q.err != nil {
		a.fail(w, r, q.err)
		return
	}
	items, next, err := a.store.Relations(r.Context(), id, p)
	if err != nil {
		a.fail(w, r, about(err, "entity %s", id))
		return
	}
	writeList(a, w, r, items, next)
}

// parseTripleFilter reads the parameters of GET /v1/triples.
func parseTripleFilter(q *query) (graph.TripleFilter, error) {
	f := graph.TripleFilter{
		Subject:   q.id("subject"),
		Predicate: q.str("predicate", maxParamLen),
		Object:    q.id("object"),
		Page:      q.page(),
	}
	return f, q.err
}

func (a *api) listTriples(w http.ResponseWriter, r *http.Request) {
	f, err := parseTripleFilter(queryOf(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items, next, err := a.store.Triples(r.Context(), f)
	if err != nil {
		a.fail(w, r, about(err, "list triples"))
		return
	}
	writeList(a, w, r, items, next)
}

// parseEventFilter reads the parameters of GET /v1/events.
func parseEventFilter(q *query) (graph.EventFilter, error) {
	f := graph.EventFilter{
		Actor: q.id("actor"),
		Type:  strings.ToUpper(q.str("type", 64)),
		From:  q.date("from"),
		To:    q.date("to"),
		Page:  q.page(),
	}
	if f.Type != "" && !schema.IsEventType(f.Type) {
		q.fail("parameter type=%q is not a PLOVER event type: want one of %s", f.Type, eventTypeNames())
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		q.fail("parameter from=%s is after to=%s", f.From, f.To)
	}
	return f, q.err
}

func (a *api) listEvents(w http.ResponseWriter, r *http.Request) {
	f, err := parseEventFilter(queryOf(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items, next, err := a.store.Events(r.Context(), f)
	if err != nil {
		a.fail(w, r, about(err, "list events"))
		return
	}
	writeList(a, w, r, items, next)
}

func eventTypeNames() string {
	names := make([]string, len(schema.EventTypes))
	for i, t := range schema.EventTypes {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}
