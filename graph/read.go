package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

func (s *Store) article(ctx context.Context, id string) (ArticleInfo, error) {
	iri, ok := articleIRI(id)
	if !ok {
		return ArticleInfo{}, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	r, done, err := s.read()
	if err != nil {
		return ArticleInfo{}, fmt.Errorf("article %s: %w", iri, err)
	}
	defer done()
	info, err := r.article(ctx, iri)
	if err != nil {
		return ArticleInfo{}, fmt.Errorf("article %s: %w", iri, err)
	}
	return info, nil
}

func (r reader) article(ctx context.Context, iri quad.IRI) (ArticleInfo, error) {
	ref := r.ref(iri)
	raw, err := r.scan(ctx, quad.Label, ref)
	if err != nil {
		return ArticleInfo{}, err
	}
	if len(raw) == 0 {
		return ArticleInfo{}, ErrNotFound
	}
	info := ArticleInfo{ID: string(iri), Quads: len(raw)}
	kind, event := refKey(r.ref(quad.IRI(schema.PredKind))), refKey(r.ref(quad.String(schema.KindEvent)))
	var own []rawQuad
	for _, q := range raw {
		if refKey(q.p) == kind && refKey(q.o) == event {
			info.Events++
		}
		if refKey(q.s) == refKey(ref) {
			own = append(own, q)
		}
	}
	quads, err := r.resolve(ctx, own)
	if err != nil {
		return ArticleInfo{}, err
	}
	for _, q := range quads {
		switch predOf(q) {
		case schema.PredTitle:
			info.Title = str(q.Object)
		case schema.PredDate:
			info.Date = str(q.Object)
		case schema.PredText:
			info.Text = str(q.Object)
		case schema.PredSourceID:
			info.SourceID = str(q.Object)
		}
	}
	return info, nil
}

// Entities.

// tally counts the values stated for one fact across articles.
type tally map[string]int

// best is the value most articles state; ties go to the longer, then the
// smaller value.
func (t tally) best() string {
	var out string
	n := 0
	for v, c := range t {
		if c > n || c == n && (len(v) > len(out) || len(v) == len(out) && v < out) {
			out, n = v, c
		}
	}
	return out
}

// entityFacts merges the facts stated about an entity by every article.
type entityFacts struct {
	id                              string
	kind                            schema.Kind
	names, roles, orgKinds, sectors tally
	countries                       tally
	aliases                         map[string]bool
	labels                          map[any]bool
	out                             map[[3]any]bool // analyst edges out
	known                           bool            // has a kind fact
}

func (r reader) entityFacts(ctx context.Context, id string) (*entityFacts, error) {
	kind, ok := entityKindOf(id)
	if !ok {
		return nil, ErrNotFound
	}
	ref := r.ref(quad.IRI(id))
	raw, err := r.scan(ctx, quad.Subject, ref)
	if err != nil {
		return nil, err
	}
	quads, err := r.resolve(ctx, raw)
	if err != nil {
		return nil, err
	}
	f := &entityFacts{
		id: id, kind: kind,
		names: tally{}, roles: tally{}, orgKinds: tally{}, sectors: tally{}, countries: tally{},
		aliases: map[string]bool{}, labels: map[any]bool{}, out: map[[3]any]bool{},
	}
	for i, q := range quads {
		p := predOf(q)
		switch p {
		case schema.PredKind:
			f.known = true
		case schema.PredName:
			f.names[str(q.Object)]++
		case schema.PredRole:
			f.roles[str(q.Object)]++
		case schema.PredOrgKind:
			f.orgKinds[str(q.Object)]++
		case schema.PredSector:
			f.sectors[str(q.Object)]++
		case schema.PredCountry:
			f.countries[strings.TrimPrefix(str(q.Object), schema.PrefixCountry)]++
		case schema.PredAlias:
			f.aliases[str(q.Object)] = true
		default:
			if IsAnalystPredicate(p) {
				f.out[[3]any{refKey(raw[i].s), refKey(raw[i].p), refKey(raw[i].o)}] = true
			}
		}
		f.labels[refKey(raw[i].l)] = true
	}
	if !f.known {
		return nil, ErrNotFound
	}
	return f, nil
}

func (f *entityFacts) matches(q string) bool {
	if q == "" {
		return true
	}
	lq, sq := strings.ToLower(q), schema.Slug(q)
	match := func(s string) bool {
		return strings.Contains(strings.ToLower(s), lq) || sq != "" && strings.Contains(schema.Slug(s), sq)
	}
	for n := range f.names {
		if match(n) {
			return true
		}
	}
	for a := range f.aliases {
		if match(a) {
			return true
		}
	}
	return len(f.names) == 0 && match(defaultName(f.id))
}

// defaultName names an entity no article named: its ID's key, spaced.
func defaultName(id string) string {
	_, key, _ := strings.Cut(id, ":")
	if strings.HasPrefix(id, schema.PrefixCountry) {
		return key
	}
	return strings.ReplaceAll(key, "-", " ")
}

// info completes the merged view: degree and articles need the edges in.
func (r reader) info(ctx context.Context, f *entityFacts) (EntityInfo, error) {
	e := EntityInfo{
		ID:      f.id,
		Kind:    f.kind,
		Name:    f.names.best(),
		Role:    f.roles.best(),
		OrgKind: f.orgKinds.best(),
		Sector:  f.sectors.best(),
		Country: f.countries.best(),
	}
	if e.Name == "" {
		e.Name = defaultName(f.id)
	}
	if f.kind == schema.KindCountry {
		e.Country = strings.TrimPrefix(f.id, schema.PrefixCountry)
	}
	aliases := map[string]bool{}
	for n := range f.names {
		aliases[n] = true
	}
	for a := range f.aliases {
		aliases[a] = true
	}
	delete(aliases, e.Name)
	for a := range aliases {
		e.Aliases = append(e.Aliases, a)
	}
	sort.Strings(e.Aliases)

	in, err := r.scan(ctx, quad.Object, r.ref(quad.IRI(f.id)))
	if err != nil {
		return EntityInfo{}, err
	}
	preds := make([]cgraph.Ref, 0, len(in))
	for _, q := range in {
		preds = append(preds, q.p)
	}
	pn, err := r.names(ctx, preds)
	if err != nil {
		return EntityInfo{}, err
	}
	edges := make(map[[3]any]bool, len(f.out)+len(in))
	for k := range f.out {
		edges[k] = true
	}
	labels := make(map[any]bool, len(f.labels)+len(in))
	for l := range f.labels {
		labels[l] = true
	}
	for _, q := range in {
		labels[refKey(q.l)] = true
		if p, ok := pn.of(q.p).(quad.IRI); ok && IsAnalystPredicate(string(p)) {
			edges[[3]any{refKey(q.s), refKey(q.p), refKey(q.o)}] = true
		}
	}
	delete(labels, nil)
	e.Degree, e.Articles = len(edges), len(labels)
	return e, nil
}

func (s *Store) entity(ctx context.Context, id string) (EntityInfo, error) {
	r, done, err := s.read()
	if err != nil {
		return EntityInfo{}, fmt.Errorf("entity %s: %w", id, err)
	}
	defer done()
	f, err := r.entityFacts(ctx, id)
	if err != nil {
		return EntityInfo{}, fmt.Errorf("entity %s: %w", id, err)
	}
	e, err := r.info(ctx, f)
	if err != nil {
		return EntityInfo{}, fmt.Errorf("entity %s: %w", id, err)
	}
	return e, nil
}

func (s *Store) entities(ctx context.Context, f EntityFilter) ([]EntityInfo, string, error) {
	kinds := entityKinds
	if f.Kind != "" {
		kinds = nil
		for _, k := range entityKinds {
			if strings.EqualFold(string(k), string(f.Kind)) {
				kinds = []schema.Kind{k}
			}
		}
		if kinds == nil {
			return nil, "", fmt.Errorf("entities: %w: kind %q is not an entity kind", ErrInvalid, f.Kind)
		}
	}
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("entities: %w", err)
	}
	r, done, err := s.read()
	if err != nil {
		return nil, "", fmt.Errorf("entities: %w", err)
	}
	defer done()
	objs := make([]quad.Value, len(kinds))
	prefixes := make([]string, len(kinds))
	for i, k := range kinds {
		objs[i] = quad.String(k)
		prefixes[i] = kindPrefix(k)
	}
	refs, err := r.subjects(ctx, schema.PredKind, objs...)
	if err != nil {
		return nil, "", fmt.Errorf("entities: %w", err)
	}
	ids, err := r.iriNames(ctx, refs, prefixes...)
	if err != nil {
		return nil, "", fmt.Errorf("entities: %w", err)
	}
	start := sort.SearchStrings(ids, after)
	if start < len(ids) && ids[start] == after {
		start++
	}
	limit := pageLimit(f.Page)
	var out []EntityInfo
	for _, id := range ids[start:] {
		if err := ctx.Err(); err != nil {
			return nil, "", fmt.Errorf("entities: %w", err)
		}
		facts, err := r.entityFacts(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return nil, "", fmt.Errorf("entities: %w", err)
		}
		if !facts.matches(f.Query) {
			continue
		}
		if len(out) == limit {
			return out, encodeCursor(out[limit-1].ID), nil
		}
		e, err := r.info(ctx, facts)
		if err != nil {
			return nil, "", fmt.Errorf("entities: %w", err)
		}
		out = append(out, e)
	}
	return out, "", nil
}

func kindPrefix(k schema.Kind) string {
	switch k {
	case schema.KindCountry:
		return schema.PrefixCountry
	case schema.KindPerson:
		return schema.PrefixPerson
	case schema.KindOrganization:
		return schema.PrefixOrg
	case schema.KindConcept:
		return schema.PrefixConcept
	case schema.KindArticle:
		return schema.PrefixArticle
	case schema.KindEvent:
		return schema.PrefixEvent
	}
	return string(k) + ":"
}

// Triples.

// statement is one reified triple occurrence.
type statement struct {
	s, p, o string
	ev      schema.Evidence
}

// statements reads the statement nodes refs.
func (r reader) statements(ctx context.Context, refs []cgraph.Ref) ([]statement, error) {
	out := make([]statement, 0, len(refs))
	for _, ref := range refs {
		raw, err := r.scan(ctx, quad.Subject, ref)
		if err != nil {
			return nil, err
		}
		quads, err := r.resolve(ctx, raw)
		if err != nil {
			return nil, err
		}
		var st statement
		for _, q := range quads {
			switch predOf(q) {
			case PredSubject:
				st.s = str(q.Object)
			case PredPredicate:
				st.p = str(q.Object)
			case PredObject:
				st.o = str(q.Object)
			case PredArticle:
				st.ev.Article = str(q.Object)
			case schema.PredSentence:
				st.ev.Sentence = str(q.Object)
			case PredSentenceIndex:
				st.ev.SentenceIndex = intOf(q.Object)
			case schema.PredStart:
				st.ev.Start = intOf(q.Object)
			case schema.PredEnd:
				st.ev.End = intOf(q.Object)
			case schema.PredDate:
				st.ev.Date = str(q.Object)
			}
			if st.ev.Article == "" && q.Label != nil {
				st.ev.Article = str(q.Label)
			}
		}
		if st.s != "" && st.p != "" && st.o != "" {
			out = append(out, st)
		}
	}
	return out, nil
}

func tripleKey(t TripleInfo) string { return t.Subject + "\x00" + t.Predicate + "\x00" + t.Object }

// group merges statements into triples, sorted by subject, predicate,
// object, each with its evidence and support.
func group(stmts []statement, keep func(statement) bool) []TripleInfo {
	byKey := map[string]*TripleInfo{}
	for _, st := range stmts {
		if !keep(st) {
			continue
		}
		k := st.s + "\x00" + st.p + "\x00" + st.o
		t := byKey[k]
		if t == nil {
			t = &TripleInfo{Subject: st.s, Predicate: st.p, Object: st.o}
			byKey[k] = t
		}
		t.Evidence = append(t.Evidence, st.ev)
	}
	out := make([]TripleInfo, 0, len(byKey))
	for _, t := range byKey {
		arts := map[string]bool{}
		for _, e := range t.Evidence {
			arts[e.Article] = true
		}
		t.Support = len(arts)
		sort.Slice(t.Evidence, func(i, j int) bool {
			a, b := t.Evidence[i], t.Evidence[j]
			if a.Article != b.Article {
				return a.Article < b.Article
			}
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			return a.End < b.End
		})
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return tripleKey(out[i]) < tripleKey(out[j]) })
	return out
}

func pageTriples(ts []TripleInfo, p Page) ([]TripleInfo, string, error) {
	return paginate(ts, p, func(t TripleInfo, k string) bool { return tripleKey(t) > k }, tripleKey)
}

func (s *Store) triples(ctx context.Context, f TripleFilter) ([]TripleInfo, string, error) {
	if _, err := decodeCursor(f.Cursor); err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	r, done, err := s.read()
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	defer done()
	var refs []cgraph.Ref
	switch {
	case f.Subject != "":
		refs, err = r.subjects(ctx, PredSubject, quad.IRI(f.Subject))
	case f.Object != "":
		refs, err = r.subjects(ctx, PredObject, quad.IRI(f.Object))
	case f.Predicate != "":
		refs, err = r.subjects(ctx, PredPredicate, quad.IRI(f.Predicate))
	default:
		refs, err = r.subjects(ctx, schema.PredKind, quad.String(KindStatement))
	}
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	stmts, err := r.statements(ctx, refs)
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	ts := group(stmts, func(st statement) bool {
		return (f.Subject == "" || st.s == f.Subject) &&
			(f.Predicate == "" || st.p == f.Predicate) &&
			(f.Object == "" || st.o == f.Object)
	})
	return pageTriples(ts, f.Page)
}

func (s *Store) relations(ctx context.Context, id string, p Page) ([]TripleInfo, string, error) {
	if _, err := decodeCursor(p.Cursor); err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	r, done, err := s.read()
	if err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	defer done()
	if _, err := r.entityFacts(ctx, id); err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	out, err := r.subjects(ctx, PredSubject, quad.IRI(id))
	if err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	in, err := r.subjects(ctx, PredObject, quad.IRI(id))
	if err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	seen := map[any]bool{}
	var refs []cgraph.Ref
	for _, ref := range append(out, in...) {
		if k := refKey(ref); !seen[k] {
			seen[k] = true
			refs = append(refs, ref)
		}
	}
	stmts, err := r.statements(ctx, refs)
	if err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	ts := group(stmts, func(statement) bool { return true })
	return pageTriples(ts, p)
}
