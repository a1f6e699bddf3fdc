package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
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
	typ := refKey(r.ref(quad.IRI(schema.PredType)))
	var own []rawQuad
	for _, q := range raw {
		if refKey(q.p) == typ { // one type fact an event
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
	whole := false
	for _, q := range quads {
		switch predOf(q) {
		case schema.PredKind:
			whole = str(q.Object) == string(schema.KindArticle)
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
	if !whole {
		// Its kind fact goes first when it is deleted in chunks: what
		// is left is not the article.
		return ArticleInfo{}, ErrNotFound
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
	e := f.describe()
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

// info is reader.info without reading every quad that points at the
// entity: an article that states anything of an entity mentions it, with
// a kind fact of the entity (builder.mention), so the labels of the
// entity's own quads are its articles; and every analyst edge is written
// with its statement (builder.addTriple), so its edges are the triples of
// its statements, which Relations reads and caches.
func (v *view) info(ctx context.Context, f *entityFacts) (EntityInfo, error) {
	e := f.describe()
	ts, err := v.tripleList(ctx, f.id, v.ref(quad.IRI(f.id)), quad.Any)
	if err != nil {
		return EntityInfo{}, err
	}
	e.Degree = len(ts)
	e.Articles = len(f.labels)
	if f.labels[nil] {
		e.Articles--
	}
	return e, nil
}

// describe returns what the entity's own facts say of it.
func (f *entityFacts) describe() EntityInfo {
	e := EntityInfo{
		ID:      f.id,
		Kind:    f.kind,
		Name:    f.names.best(),
		Role:    f.roles.best(),
		OrgKind: f.orgKinds.best(),
		Sector:  f.sectors.best(),
		Country: f.countries.best(),
	}
	if f.kind == schema.KindPerson && schema.PersonID(e.Name) != f.id {
		// articles name a person as they write it ("Reagan"); the node
		// takes the fuller name its ID was made from when one article or
		// the dictionary gave it
		for _, n := range sortedKeys(f.names, f.aliases) {
			if schema.PersonID(n) == f.id && len(strings.Fields(n)) > len(strings.Fields(e.Name)) {
				e.Name = n
				break
			}
		}
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
	return e
}

// sortedKeys returns the names stated, then the aliases, each sorted.
func sortedKeys(names tally, aliases map[string]bool) []string {
	var a, b []string
	for n := range names {
		a = append(a, n)
	}
	for n := range aliases {
		b = append(b, n)
	}
	sort.Strings(a)
	sort.Strings(b)
	return append(a, b...)
}

func (s *Store) entity(ctx context.Context, id string) (EntityInfo, error) {
	v, done, err := s.view()
	if err != nil {
		return EntityInfo{}, fmt.Errorf("entity %s: %w", id, err)
	}
	defer done()
	e, err := v.entityInfo(ctx, id)
	if err != nil {
		return EntityInfo{}, fmt.Errorf("entity %s: %w", id, err)
	}
	return e, nil
}

// entityInfo reads an entity through the cache.
func (v *view) entityInfo(ctx context.Context, id string) (EntityInfo, error) {
	gen := v.cache.generation()
	if e, ok := v.cache.entityInfo(id); ok {
		return e, nil
	}
	val, err := v.cache.fl.do("entity\x00"+id, gen,
		func(started uint64, _ any) bool { return v.cache.freshSince(id, started) },
		func() (any, error) {
			f, err := v.entityFacts(ctx, id)
			if err != nil {
				return nil, err
			}
			e, err := v.info(ctx, f)
			if err != nil {
				return nil, err
			}
			v.cache.putEntityInfo(e, gen)
			return e, nil
		})
	if err != nil {
		return EntityInfo{}, err
	}
	e := val.(EntityInfo)
	e.Aliases = append([]string(nil), e.Aliases...)
	return e, nil
}

func (s *Store) entities(ctx context.Context, f EntityFilter) ([]EntityInfo, string, error) {
	var mask uint8
	if f.Kind == "" {
		for _, k := range entityKinds {
			mask |= kindBit(k)
		}
	} else {
		for _, k := range entityKinds {
			if strings.EqualFold(string(k), string(f.Kind)) {
				mask = kindBit(k)
			}
		}
		if mask == 0 {
			return nil, "", fmt.Errorf("entities: %w: kind %q is not an entity kind", ErrInvalid, f.Kind)
		}
	}
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("entities: %w", err)
	}
	v, done, err := s.view()
	if err != nil {
		return nil, "", fmt.Errorf("entities: %w", err)
	}
	defer done()
	if err := ctx.Err(); err != nil {
		return nil, "", fmt.Errorf("entities: %w", err)
	}
	if err := v.nameIndex(ctx); err != nil {
		return nil, "", fmt.Errorf("entities: name index: %w", err)
	}
	limit := pageLimit(f.Page)
	var out []EntityInfo
	for {
		ids := v.cache.searchNames(mask, f.Query, after, limit+1-len(out))
		if len(ids) == 0 {
			return out, "", nil
		}
		for _, id := range ids {
			after = id
			if err := ctx.Err(); err != nil {
				return nil, "", fmt.Errorf("entities: %w", err)
			}
			e, err := v.entityInfo(ctx, id)
			if errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return nil, "", fmt.Errorf("entities: %s: %w", id, err)
			}
			if len(out) == limit {
				return out, encodeCursor(out[limit-1].ID), nil
			}
			out = append(out, e)
		}
	}
}

// Triples.

// statement is one reified triple occurrence.
type statement struct {
	s, p, o string
	ev      schema.Evidence
}

// statements reads the statement nodes refs, their evidence against
// their articles' texts.
func (r reader) statements(ctx context.Context, refs []cgraph.Ref) ([]statement, error) {
	out := make([]statement, 0, len(refs))
	memo := articleMemo{}
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
		var id string
		var label cgraph.Ref
		var sentence *string
		for i, q := range quads {
			if !q.IsValid() {
				continue
			}
			if label == nil {
				id, label = str(q.Subject), raw[i].l
			}
			switch predOf(q) {
			case PredSubject:
				st.s = str(q.Object)
			case PredPredicate:
				st.p = str(q.Object)
			case PredObject:
				st.o = str(q.Object)
			case schema.PredDate:
				st.ev.Date = str(q.Object)
			case schema.PredSentence:
				w, err := strconv.Unquote(str(q.Object))
				if err != nil {
					return nil, fmt.Errorf("statement %s: sentence: %w", id, err)
				}
				sentence = &w
			}
		}
		if st.s == "" || st.p == "" || st.o == "" {
			continue
		}
		if err := statementEvidence(id, &st.ev); err != nil {
			return nil, err
		}
		art, err := r.articleOf(ctx, memo, label)
		if err != nil {
			return nil, err
		}
		if st.ev.Date == "" {
			st.ev.Date = art.date // written only when it is not the article's
		}
		st.ev.Sentence = spoken(art.text, sentence, st.ev.Start, st.ev.End)
		st.ev.Article = art.id
		out = append(out, st)
	}
	return out, nil
}

func tripleKey(t TripleInfo) string { return t.Subject + "\x00" + t.Predicate + "\x00" + t.Object }

// MaxTripleEvidence is the evidence listed with a triple at most: a triple
// stated in thousands of sentences would otherwise make answers of
// megabytes. TripleInfo.EvidenceTotal says how many there are.
const MaxTripleEvidence = 10

// evidenceKey identifies a piece of evidence: two statements of a triple
// from one span of one sentence (restating two events of it) are one.
type evidenceKey struct {
	article    string
	sentence   int
	start, end int
}

// group merges statements into triples, sorted by subject, predicate,
// object, each with its support, its distinct evidence counted and the
// first MaxTripleEvidence pieces listed.
func group(stmts []statement, keep func(statement) bool) []TripleInfo {
	byKey := map[string]*TripleInfo{}
	seen := map[string]map[evidenceKey]bool{}
	for _, st := range stmts {
		if !keep(st) {
			continue
		}
		k := st.s + "\x00" + st.p + "\x00" + st.o
		t := byKey[k]
		if t == nil {
			t = &TripleInfo{Subject: st.s, Predicate: st.p, Object: st.o}
			byKey[k] = t
			seen[k] = map[evidenceKey]bool{}
		}
		ek := evidenceKey{st.ev.Article, st.ev.SentenceIndex, st.ev.Start, st.ev.End}
		if seen[k][ek] {
			continue
		}
		seen[k][ek] = true
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
		t.EvidenceTotal = len(t.Evidence)
		if len(t.Evidence) > MaxTripleEvidence {
			t.Evidence = t.Evidence[:MaxTripleEvidence:MaxTripleEvidence]
		}
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return tripleKey(out[i]) < tripleKey(out[j]) })
	return out
}

func pageTriples(ts []TripleInfo, p Page) ([]TripleInfo, string, error) {
	return paginate(ts, p, func(t TripleInfo, k string) bool { return tripleKey(t) > k }, tripleKey)
}

// tripleRefs is an analyst triple of an entity with its statement nodes,
// before any evidence is read.
type tripleRefs struct {
	s, p, o, key string
	stmts        []cgraph.Ref
	ids          []string // of stmts
}

// tripleList returns the analyst triples with the entity id (node ref)
// as subject (dir quad.Subject), object (quad.Object) or either
// (quad.Any), sorted by key, through the cache. The list is shared: the
// caller must not change it.
func (v *view) tripleList(ctx context.Context, id string, ref cgraph.Ref, dir quad.Direction) ([]tripleRefs, error) {
	k := listKey{id: id, dir: dir}
	gen := v.cache.generation()
	if l, ok := v.cache.tripleList(k); ok {
		return l, nil
	}
	val, err := v.cache.fl.do(fmt.Sprintf("triples\x00%s\x00%d", id, dir), gen,
		func(started uint64, _ any) bool { return v.cache.freshSince(id, started) },
		func() (any, error) {
			l, err := v.readTripleList(ctx, ref, dir)
			if err != nil {
				return nil, err
			}
			v.cache.putTripleList(k, l, gen)
			return l, nil
		})
	if err != nil {
		return nil, err
	}
	return val.([]tripleRefs), nil
}

// readTripleList reads what tripleList returns.
func (v *view) readTripleList(ctx context.Context, ref cgraph.Ref, dir quad.Direction) ([]tripleRefs, error) {
	var hits []stmtHit
	for _, d := range []quad.Direction{quad.Subject, quad.Object} {
		if dir != quad.Any && dir != d {
			continue
		}
		h, err := v.statementsOf(ctx, ref, d)
		if err != nil {
			return nil, err
		}
		hits = append(hits, h...)
	}
	seen := make(map[any]bool, len(hits))
	uniq := hits[:0:0]
	for _, h := range hits {
		if k := refKey(h.stmt); !seen[k] {
			seen[k] = true
			uniq = append(uniq, h)
		}
	}
	ds, err := v.digests(ctx, uniq, true)
	if err != nil {
		return nil, err
	}
	refs := make([]cgraph.Ref, 0, 4*len(ds))
	for i, d := range ds {
		refs = append(refs, d.s, d.p, d.o, uniq[i].stmt)
	}
	n, err := v.values(ctx, refs...)
	if err != nil {
		return nil, err
	}
	byKey := map[string]int{}
	var out []tripleRefs
	for i, d := range ds {
		s, p, o := str(n.of(d.s)), str(n.of(d.p)), str(n.of(d.o))
		if s == "" || p == "" || o == "" {
			continue
		}
		key := s + "\x00" + p + "\x00" + o
		j, ok := byKey[key]
		if !ok {
			j = len(out)
			byKey[key] = j
			out = append(out, tripleRefs{s: s, p: p, o: o, key: key})
		}
		out[j].stmts = append(out[j].stmts, uniq[i].stmt)
		out[j].ids = append(out[j].ids, str(n.of(uniq[i].stmt)))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, nil
}

// pageTripleRefs pages sorted triples as pageTriples does, then reads the
// evidence of the page only.
func (v *view) pageTripleRefs(ctx context.Context, ts []tripleRefs, p Page) ([]TripleInfo, string, error) {
	page, next, err := paginate(ts, p, func(t tripleRefs, k string) bool { return t.key > k }, func(t tripleRefs) string { return t.key })
	if err != nil {
		return nil, "", err
	}
	var refs []cgraph.Ref
	var ids []string
	for _, t := range page {
		refs = append(refs, t.stmts...)
		ids = append(ids, t.ids...)
	}
	stmts, err := v.fullStatements(ctx, refs, ids)
	if err != nil {
		return nil, "", err
	}
	return group(stmts, func(statement) bool { return true }), next, nil
}

// fullStatements reads the statement nodes refs (of IDs ids) as
// statements does, through the cache.
func (v *view) fullStatements(ctx context.Context, refs []cgraph.Ref, ids []string) ([]statement, error) {
	gen := v.cache.generation()
	got, miss := byID(v.cache, &v.cache.full, ids)
	if len(miss) > 0 {
		keys := make([]string, len(miss))
		sts := make([]statement, len(miss))
		for j, i := range miss {
			st, err := v.statements(ctx, refs[i:i+1])
			if err != nil {
				return nil, err
			}
			if len(st) == 1 {
				got[i] = st[0]
			}
			keys[j], sts[j] = ids[i], got[i]
		}
		putByID(v.cache, &v.cache.full, maxCachedFull, keys, sts, gen)
	}
	out := got[:0]
	for _, st := range got {
		if st.s != "" {
			out = append(out, st)
		}
	}
	return out, nil
}

func (s *Store) triples(ctx context.Context, f TripleFilter) ([]TripleInfo, string, error) {
	if _, err := decodeCursor(f.Cursor); err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	if f.Subject == "" && f.Object == "" {
		return s.triplesScan(ctx, f)
	}
	v, done, err := s.view()
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	defer done()
	if err := ctx.Err(); err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	id, dir := f.Subject, quad.Subject
	if id == "" {
		id, dir = f.Object, quad.Object
	}
	ref := v.ref(quad.IRI(id))
	if ref == nil {
		return nil, "", nil
	}
	list, err := v.tripleList(ctx, id, ref, dir)
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	if f.Predicate != "" || f.Subject != "" && f.Object != "" {
		var keep []tripleRefs
		for _, t := range list {
			if (f.Subject == "" || t.s == f.Subject) &&
				(f.Predicate == "" || t.p == f.Predicate) &&
				(f.Object == "" || t.o == f.Object) {
				keep = append(keep, t)
			}
		}
		list = keep
	}
	out, next, err := v.pageTripleRefs(ctx, list, f.Page)
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	return out, next, nil
}

// triplesScan lists the triples of a predicate (predicates.go), or all,
// reading every statement: those of every entity as subject (every
// triple's subject is an entity).
func (s *Store) triplesScan(ctx context.Context, f TripleFilter) ([]TripleInfo, string, error) {
	v, done, err := s.view()
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	defer done()
	if f.Predicate != "" {
		out, next, err := v.predicateTriples(ctx, f.Predicate, f.Page)
		if err != nil {
			return nil, "", fmt.Errorf("triples: %w", err)
		}
		return out, next, nil
	}
	refs, err := v.allStatements(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	stmts, err := v.statements(ctx, refs)
	if err != nil {
		return nil, "", fmt.Errorf("triples: %w", err)
	}
	return pageTriples(group(stmts, func(statement) bool { return true }), f.Page)
}

// allStatements lists every statement node: those of each entity as
// subject, the entities found by their kind facts.
//
// entitiesOfKind lists the entities with a kind fact of kind k. The
// index keeps a subject's kind facts (one per article that mentions it)
// together, so they are streamed and deduplicated, not gathered.
func (v *view) entitiesOfKind(ctx context.Context, pk cgraph.Ref, k schema.Kind) ([]cgraph.Ref, error) {
	var refs []cgraph.Ref
	var last any
	err := v.each(ctx, quad.Object, v.ref(quad.String(k)), pk, func(q rawQuad) bool {
		if key := refKey(q.s); key != last {
			refs = append(refs, q.s)
			last = key
		}
		return true
	})
	return refs, err
}

func (v *view) allStatements(ctx context.Context) ([]cgraph.Ref, error) {
	var out []cgraph.Ref
	pk := v.pred(schema.PredKind)
	for _, k := range entityKinds {
		ents, err := v.entitiesOfKind(ctx, pk, k)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			hits, err := v.statementsOf(ctx, e, quad.Subject)
			if err != nil {
				return nil, err
			}
			for _, h := range hits {
				out = append(out, h.stmt)
			}
		}
	}
	return out, nil
}

func (s *Store) relations(ctx context.Context, id string, p Page) ([]TripleInfo, string, error) {
	if _, err := decodeCursor(p.Cursor); err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	v, done, err := s.view()
	if err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	defer done()
	ref, ok, err := v.entity(ctx, id)
	if err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	if !ok {
		return nil, "", fmt.Errorf("relations %s: %w", id, ErrNotFound)
	}
	list, err := v.tripleList(ctx, id, ref, quad.Any)
	if err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	out, next, err := v.pageTripleRefs(ctx, list, p)
	if err != nil {
		return nil, "", fmt.Errorf("relations %s: %w", id, err)
	}
	return out, next, nil
}
