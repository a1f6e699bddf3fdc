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

func (a *api) listEntities(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	f := graph.EntityFilter{Query: q.str("q", maxParamLen), Page: q.page()}
	if t := q.str("type", 64); t != "" {
		k, ok := parseKind(t)
		if !ok {
			q.fail("parameter type=%q is not an entity type: want one of %s", t, kindNames())
		}
		f.Kind = k
	}
	if q.err != nil {
		a.fail(w, r, q.err)
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

func (a *api) listTriples(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	f := graph.TripleFilter{
		Subject:   q.id("subject"),
		Predicate: q.str("predicate", maxParamLen),
		Object:    q.id("object"),
		Page:      q.page(),
	}
	if q.err != nil {
		a.fail(w, r, q.err)
		return
	}
	items, next, err := a.store.Triples(r.Context(), f)
	if err != nil {
		a.fail(w, r, about(err, "list triples"))
		return
	}
	writeList(a, w, r, items, next)
}

func (a *api) listEvents(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
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
	if q.err != nil {
		a.fail(w, r, q.err)
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
