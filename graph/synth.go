package graph

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// synthISO3 are the countries of synthetic stores, most reported first:
// countries are drawn with Zipf weights, so the first ones are hubs.
var synthISO3 = strings.Fields(`
USA CHN RUS UKR MEX CAN GBR FRA DEU IND JPN BRA ISR IRN TUR SAU KOR PRK PAK AFG
IRQ SYR EGY ZAF NGA ETH KEN AUS IDN PHL VNM THA MYS SGP ARG CHL COL VEN PER CUB
ITA ESP POL NLD BEL SWE NOR FIN DNK AUT CHE PRT GRC IRL CZE HUN ROU BGR SRB HRV
BIH ALB MKD MNE SVN SVK LTU LVA EST BLR MDA GEO ARM AZE KAZ UZB TKM KGZ TJK MNG
NPL BGD LKA MMR KHM LAO BRN TLS PNG NZL FJI QAT ARE KWT BHR OMN YEM JOR LBN PSE
LBY TUN DZA MAR SDN SSD ERI DJI SOM UGA RWA BDI TZA MOZ ZMB ZWE MWI AGO NAM BWA
LSO SWZ MDG MUS COD COG GAB CMR CAF TCD NER MLI BFA SEN GMB GIN GNB SLE LBR CIV
GHA TGO BEN MRT CPV GNQ STP ECU BOL PRY URY GUY SUR PAN CRI NIC HND SLV GTM BLZ
DOM HTI JAM TTO BHS BRB GRD LCA VCT ATG DMA KNA ISL LUX MLT CYP AND MCO LIE SMR
VAT BTN MDV SLB VUT WSM TON KIR TUV NRU PLW FSM MHL SYC COM TWN XKX GRL PRI HKG`)

var (
	synthGiven = strings.Fields(`Ana Luis Maria Jorge Elena Pavel Olga Ivan Chen Wei Li Ming Amir Leila Omar Fatima
	John Mary Peter Sarah Hans Greta Pierre Claire Raj Priya Kenji Yuki Kwame Ama Diego Lucia Mehmet Ayse Sven Ingrid Tomas Eva Nikos Sofia`)
	synthFamily = strings.Fields(`Garcia Lopez Petrov Ivanova Zhang Wang Haddad Rahman Smith Jones Muller Schmidt Martin Dubois
	Sharma Patel Tanaka Sato Mensah Owusu Rodriguez Fernandez Yilmaz Demir Andersson Johansson Novak Horvat Papadopoulos Rossi
	Kowalski Nowak Silva Santos Cohen Levi Kim Park Nguyen Tran Okafor Adeyemi Hassan Ali Kaya Celik Berg Dahl Costa Moreau`)
	synthRoles    = []string{"President", "Prime Minister", "Foreign Minister", "Defence Minister", "Ambassador", "Trade Minister", "Envoy", "Spokesperson"}
	synthConcepts = strings.Fields(`troops tariffs sanctions aid talks ceasefire migration trade-deal border drones oil gas grain
	nuclear-programme elections embargo loans debt refugees cartels fentanyl steel chips satellites missiles navy fishing-rights
	water-rights pipelines ports visas students journalists hostages prisoners peace-plan summit treaty investment vaccines
	climate-pact energy-deal weapons intelligence cyberattacks espionage protests coup militia peacekeepers observers
	humanitarian-corridor reconstruction currency bonds minerals lithium rare-earths wheat fertiliser shipping airspace`)
	synthVerbs = []string{"offered", "rejected", "demanded", "promised", "criticised", "praised", "proposed", "blocked",
		"discussed", "signed", "suspended", "welcomed", "condemned", "requested", "approved", "denied"}
	synthOrgs = []struct{ name, code, kind string }{
		{"United Nations", schema.CodeIGO, "igo"}, {"NATO", schema.CodeIGO, "igo"}, {"European Union", schema.CodeIGO, "igo"},
		{"African Union", schema.CodeIGO, "igo"}, {"World Bank", schema.CodeIGO, "igo"}, {"IMF", schema.CodeIGO, "igo"},
		{"Red Cross", schema.CodeNGO, "ngo"}, {"Amnesty International", schema.CodeNGO, "ngo"}, {"Doctors Without Borders", schema.CodeNGO, "ngo"},
		{"OPEC", schema.CodeIGO, "igo"}, {"ASEAN", schema.CodeIGO, "igo"}, {"World Health Organization", schema.CodeIGO, "igo"},
	}
)

// synthWorld is the cast of a synthetic store: countries, people with their
// country, organisations and concepts.
type synthWorld struct {
	countries []string // ISO3
	zipf      []float64
	people    []synthPerson
	byCountry map[string][]int  // people of each country; the first one leads it
	iso       map[string]string // person ID → ISO3
	orgs      []schema.Entity
}

type synthPerson struct {
	id, name, iso, role string
}

func newSynthWorld(rng *rand.Rand, nPeople int) *synthWorld {
	w := &synthWorld{countries: synthISO3, byCountry: map[string][]int{}, iso: map[string]string{}}
	total := 0.0
	for i := range w.countries {
		total += 1 / math.Pow(float64(i+1), 0.9)
		w.zipf = append(w.zipf, total)
	}
	for i := range w.zipf {
		w.zipf[i] /= total
	}
	// Every country gets a head first, then the rest go by weight.
	seen := map[string]bool{}
	for i := 0; len(w.people) < nPeople; i++ {
		var iso string
		if i < len(w.countries) {
			iso = w.countries[i]
		} else {
			iso = w.country(rng)
		}
		var name string
		for {
			name = synthGiven[rng.Intn(len(synthGiven))] + " " + synthFamily[rng.Intn(len(synthFamily))]
			if len(w.people) > len(synthGiven)*len(synthFamily)/2 {
				name += fmt.Sprintf(" %c.", 'A'+rune(rng.Intn(26)))
			}
			if !seen[schema.PersonID(name)] {
				break
			}
		}
		seen[schema.PersonID(name)] = true
		role := synthRoles[1+rng.Intn(len(synthRoles)-1)]
		if len(w.byCountry[iso]) == 0 {
			role = synthRoles[0]
		}
		w.byCountry[iso] = append(w.byCountry[iso], len(w.people))
		w.people = append(w.people, synthPerson{schema.PersonID(name), name, iso, role})
		w.iso[schema.PersonID(name)] = iso
	}
	for _, o := range synthOrgs {
		w.orgs = append(w.orgs, schema.Entity{ID: schema.OrgID(o.name), Type: schema.KindOrganization, Name: o.name, Country: o.code, OrgKind: o.kind})
	}
	return w
}

// country draws a country with Zipf weights.
func (w *synthWorld) country(rng *rand.Rand) string {
	x := rng.Float64()
	lo, hi := 0, len(w.zipf)-1
	for lo < hi {
		m := (lo + hi) / 2
		if w.zipf[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return w.countries[lo]
}

// mood is the state of relations between two countries in a month, -1
// (hostile) .. +1 (friendly): a slow wave with a phase of its own per dyad,
// so every dyad goes through friendly and hostile spells.
func synthMood(a, b string, month int) float64 {
	if a > b {
		a, b = b, a
	}
	h := 0
	for _, c := range a + b {
		h = h*31 + int(c)
	}
	phase := float64(h%360) * math.Pi / 180
	return math.Sin(phase + float64(month)*2*math.Pi/14)
}

// synthDoc accumulates an article's sentences with their offsets.
type synthDoc struct {
	id        string
	date      string
	sentences []string
	starts    []int
	size      int
}

func (d *synthDoc) say(s string) int {
	if d.size > 0 {
		d.size++ // the joining space
	}
	d.starts = append(d.starts, d.size)
	d.sentences = append(d.sentences, s)
	d.size += len(s)
	return len(d.sentences) - 1
}

func (d *synthDoc) text() string { return strings.Join(d.sentences, " ") }

func (d *synthDoc) evidence(i int, date string) schema.Evidence {
	return schema.Evidence{Article: d.id, Sentence: d.sentences[i], SentenceIndex: i,
		Start: d.starts[i], End: d.starts[i] + len(d.sentences[i]), Date: date}
}

var (
	synthCoop     = []string{schema.Agree, schema.Consult, schema.Support, schema.Concede, schema.Cooperate, schema.Aid, schema.Retreat, schema.Request}
	synthConflict = []string{schema.Accuse, schema.Reject, schema.Threaten, schema.Protest, schema.Sanction, schema.Mobilize, schema.Coerce, schema.Assault}
	synthEpoch    = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

const synthDays = 731 // 2024-01-01 .. 2025-12-31

// synthTriggers are the words that state each event type.
var synthTriggers = map[string]string{
	schema.Agree: "agreed with", schema.Consult: "consulted", schema.Support: "supported", schema.Concede: "conceded to",
	schema.Cooperate: "cooperated with", schema.Aid: "aided", schema.Retreat: "withdrew from", schema.Request: "asked",
	schema.Accuse: "accused", schema.Reject: "rejected", schema.Threaten: "threatened", schema.Protest: "protested against",
	schema.Sanction: "sanctioned", schema.Mobilize: "mobilised against", schema.Coerce: "coerced", schema.Assault: "attacked",
}

// article makes the n-th synthetic article: a dyad of countries, a few
// people of each, eight events whose types follow the dyad's mood that
// month, most restated as triples, actions on concepts (and now and then
// on an organisation), leadership and tension statements.
func (w *synthWorld) article(rng *rand.Rand, n int) (schema.Article, schema.Result) {
	day := synthEpoch.AddDate(0, 0, rng.Intn(synthDays))
	date := day.Format("2006-01-02")
	month := int(day.Year()-2024)*12 + int(day.Month()) - 1
	a := w.country(rng)
	b := w.country(rng)
	for b == a {
		b = w.country(rng)
	}
	sides := [][]int{w.cast(rng, a), w.cast(rng, b)}
	d := &synthDoc{date: date}
	ents := map[string]schema.Entity{}
	addEnt := func(e schema.Entity) { ents[e.ID] = e }
	for _, iso := range []string{a, b} {
		addEnt(schema.Entity{ID: schema.CountryID(iso), Type: schema.KindCountry, Name: "Country " + iso, Country: iso})
	}
	for _, side := range sides {
		for _, p := range side {
			pp := w.people[p]
			addEnt(schema.Entity{ID: pp.id, Type: schema.KindPerson, Name: pp.name, Country: pp.iso, Role: pp.role,
				Aliases: []string{strings.Fields(pp.name)[1]}})
		}
	}
	mood := synthMood(a, b, month)
	var events []schema.Event
	var triples []schema.Triple
	actor := func(side int) (string, string) {
		iso := []string{a, b}[side]
		if ps := sides[side]; len(ps) > 0 && rng.Intn(4) > 0 {
			p := w.people[ps[rng.Intn(len(ps))]]
			return p.id, p.name
		}
		return schema.CountryID(iso), "Country " + iso
	}
	type pending struct {
		sentence int
		ev       schema.Event
		triple   bool
	}
	var evs []pending
	for i := 0; i < 8; i++ {
		from := rng.Intn(2)
		src, srcName := actor(from)
		tgt, tgtName := actor(1 - from)
		var typ string
		if rng.Float64()*2-1 < mood {
			typ = synthCoop[rng.Intn(len(synthCoop))]
		} else {
			typ = synthConflict[rng.Intn(len(synthConflict))]
		}
		et, _ := schema.LookupEventType(typ)
		evDate := ""
		if rng.Intn(5) == 0 {
			evDate = day.AddDate(0, 0, -1-rng.Intn(3)).Format("2006-01-02")
		}
		verb := synthTriggers[typ]
		s := d.say(fmt.Sprintf("In report %d %s %s %s on %s.", n, srcName, verb, tgtName, date))
		e := schema.Event{Event: typ, CAMEO: et.CAMEO, Score: et.Score, Negated: rng.Intn(20) == 0, Confidence: 0.5 + rng.Float64()/2,
			Trigger: verb, Date: evDate,
			Source: []schema.Actor{{Entity: src, ActorText: srcName, Code: isoOf(w, src)}},
			Target: []schema.Actor{{Entity: tgt, ActorText: tgtName, Code: isoOf(w, tgt)}}}
		evs = append(evs, pending{s, e, rng.Intn(4) > 0})
	}
	type pendingTriple struct {
		sentence int
		s, p, o  string
	}
	var tps []pendingTriple
	for i := 0; i < 4; i++ {
		side := rng.Intn(2)
		src, srcName := actor(side)
		c := synthConcepts[int(math.Pow(rng.Float64(), 2)*float64(len(synthConcepts)))]
		verb := synthVerbs[rng.Intn(len(synthVerbs))]
		addEnt(schema.Entity{ID: schema.ConceptID(c), Type: schema.KindConcept, Name: strings.ReplaceAll(c, "-", " ")})
		s := d.say(fmt.Sprintf("In report %d %s %s %s.", n, srcName, verb, strings.ReplaceAll(c, "-", " ")))
		tps = append(tps, pendingTriple{s, src, verb, schema.ConceptID(c)})
	}
	for _, side := range sides {
		for _, p := range side {
			pp := w.people[p]
			if pp.role == synthRoles[0] {
				s := d.say(fmt.Sprintf("In report %d %s leads %s.", n, pp.name, pp.iso))
				tps = append(tps, pendingTriple{s, pp.id, schema.PredLeads, schema.CountryID(pp.iso)})
			}
		}
	}
	if mood < -0.3 {
		s := d.say(fmt.Sprintf("In report %d tension grew between %s and %s.", n, a, b))
		tps = append(tps, pendingTriple{s, schema.CountryID(a), schema.PredTension, schema.CountryID(b)})
	}
	if rng.Intn(3) == 0 {
		o := w.orgs[rng.Intn(len(w.orgs))]
		addEnt(o)
		src, srcName := actor(rng.Intn(2))
		verb := synthVerbs[rng.Intn(len(synthVerbs))]
		s := d.say(fmt.Sprintf("In report %d %s %s the %s.", n, srcName, verb, o.Name))
		tps = append(tps, pendingTriple{s, src, verb, o.ID})
	}
	text := d.text()
	d.id = schema.ArticleID(text)
	for i, p := range evs {
		e := p.ev
		e.ID = schema.EventID(d.id, i+1)
		e.Evidence = d.evidence(p.sentence, firstNonEmpty(e.Date, date))
		e.TriggerStart = d.starts[p.sentence] + strings.Index(d.sentences[p.sentence], e.Trigger)
		e.TriggerEnd = e.TriggerStart + len(e.Trigger)
		events = append(events, e)
		if p.triple {
			triples = append(triples, schema.Triple{Subject: e.Source[0].Entity, Predicate: e.Event, Object: e.Target[0].Entity,
				Event: e.ID, Evidence: e.Evidence})
		}
	}
	for _, t := range tps {
		triples = append(triples, schema.Triple{Subject: t.s, Predicate: t.p, Object: t.o, Evidence: d.evidence(t.sentence, date)})
	}
	entities := make([]schema.Entity, 0, len(ents))
	for _, e := range ents {
		entities = append(entities, e)
	}
	sort.Slice(entities, func(i, j int) bool { return entities[i].ID < entities[j].ID })
	src := fmt.Sprintf("synth-%d", n)
	title := fmt.Sprintf("Report %d: %s and %s", n, a, b)
	return schema.Article{ID: src, Title: title, Date: date, Text: text},
		schema.Result{ID: src, Article: d.id, Title: title, Date: date, Entities: entities, Events: events, Triples: triples}
}

// cast picks people of a country: its head half of the time, and one to
// three others.
func (w *synthWorld) cast(rng *rand.Rand, iso string) []int {
	ps := w.byCountry[iso]
	if len(ps) == 0 {
		return nil
	}
	var out []int
	seen := map[int]bool{}
	if rng.Intn(2) == 0 {
		out = append(out, ps[0])
		seen[ps[0]] = true
	}
	for i, k := 0, 1+rng.Intn(3); i < k; i++ {
		p := ps[rng.Intn(len(ps))]
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

func isoOf(w *synthWorld, id string) string {
	if strings.HasPrefix(id, schema.PrefixCountry) {
		return strings.TrimPrefix(id, schema.PrefixCountry)
	}
	return w.iso[id]
}

// synthBatchQuads is the size of one write transaction of GenerateSynthetic.
const synthBatchQuads = 10000

// GenerateSynthetic adds articles synthetic articles to s: about 200
// countries (drawn with Zipf weights, so a few are hubs), 2,000 people with
// their country and role, organisations and concepts, and eight PLOVER
// events of all sixteen types per article over 2024–2025, with their
// restating triples, actions on concepts, leadership and tension
// statements. Dyads swing between friendly and hostile spells. The same
// seed gives the same articles; articles already in the store are skipped.
// Writes go in transactions of about ten thousand quads. It returns the
// number of quads written: about 125 per article.
func GenerateSynthetic(ctx context.Context, s *Store, articles int, seed int64) (quads int, err error) {
	rng := rand.New(rand.NewSource(seed))
	w := newSynthWorld(rng, 2000)
	var batch []built
	size := 0
	flush := func() error {
		n, err := s.writeBatch(ctx, batch)
		quads += n
		batch, size = batch[:0], 0
		return err
	}
	for n := 0; n < articles; n++ {
		if err := ctx.Err(); err != nil {
			return quads, fmt.Errorf("synthetic store: %w", err)
		}
		a, r := w.article(rng, n)
		b, err := buildArticle(a, r)
		if err != nil {
			return quads, fmt.Errorf("synthetic store: article %d: %w", n, err)
		}
		batch = append(batch, b)
		size += len(b.quads)
		if size >= synthBatchQuads {
			if err := flush(); err != nil {
				return quads, fmt.Errorf("synthetic store: %w", err)
			}
		}
	}
	if err := flush(); err != nil {
		return quads, fmt.Errorf("synthetic store: %w", err)
	}
	return quads, nil
}

// writeBatch writes several built articles in one transaction, leaving out
// those already in the store, and returns the number of quads written.
func (s *Store) writeBatch(ctx context.Context, batch []built) (int, error) {
	if len(batch) == 0 {
		return 0, nil
	}
	if err := s.lockWriter(ctx); err != nil {
		return 0, err
	}
	defer s.unlockWriter()
	if err := s.finishPending(); err != nil {
		return 0, err
	}
	created, werr, err := s.writeBuilt(ctx, batch)
	if werr != nil {
		s.reset(werr)
		return 0, werr
	}
	n := 0
	for i, c := range created {
		if c {
			n += len(batch[i].quads)
		}
	}
	return n, err
}

// writeBuilt writes the articles of batch not yet in the store (nor
// earlier in batch) in one transaction; created[i] says whether batch[i]
// was written. The caller holds wmu. werr is a failed write, after which
// the store must be reset.
func (s *Store) writeBuilt(ctx context.Context, batch []built) (created []bool, werr, err error) {
	r, done, err := s.readPrimary()
	if err != nil {
		return nil, nil, err
	}
	defer done()
	created = make([]bool, len(batch))
	var deltas []cgraph.Delta
	var quads []quad.Quad
	seen := map[string]bool{}
	for i, b := range batch {
		if seen[b.id] {
			continue
		}
		seen[b.id] = true
		exists, err := r.hasLabel(ctx, quad.IRI(b.id))
		if err != nil {
			return nil, nil, err
		}
		if exists {
			continue
		}
		created[i] = true
		for _, q := range b.quads {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
		quads = append(quads, b.quads...)
	}
	if len(deltas) == 0 {
		return created, nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	// Every article quad carries a label new to the store, so IgnoreDup
	// never skips one (skipped duplicates corrupt reference counts).
	if err := s.apply(r.qs, deltas, cgraph.IgnoreOpts{IgnoreDup: true}, quads, false); err != nil {
		return nil, err, nil
	}
	return created, nil, nil
}

// The benchmark store: 2,400 articles, about 0.3 million quads (1.1
// million in format 1). Benchmarks of every
// package open it with OpenSynthetic(ctx, os.Getenv("DIPGRAPH_BENCH_DB"),
// BenchArticles, BenchSeed), so that it is generated once and shared.
const (
	BenchArticles = 2400
	BenchSeed     = 1
)

// SyntheticInfo describes a synthetic store: how it was generated, how
// many quads it holds and how long generation took (zero when it was
// reused).
type SyntheticInfo struct {
	Articles  int           `json:"articles"`
	Seed      int64         `json:"seed"`
	Quads     int64         `json:"quads"`
	Generated time.Duration `json:"generated"`
}

// syntheticMarker is written beside a synthetic store once it is complete.
const syntheticMarker = "synthetic.json"

// OpenSynthetic opens the synthetic store at dbURL (a bolt directory or a
// SQL store URL), generating it first unless it holds a complete one of
// the same articles and seed. An interrupted generation resumes: articles
// already written are skipped. Benchmarks of several packages share one
// store this way.
func OpenSynthetic(ctx context.Context, dbURL string, articles int, seed int64) (*Store, SyntheticInfo, error) {
	want := SyntheticInfo{Articles: articles, Seed: seed}
	s, err := Open(dbURL)
	if err != nil {
		return nil, want, fmt.Errorf("synthetic store: %w", err)
	}
	where := s.backend.redacted()
	fail := func(err error) (*Store, SyntheticInfo, error) {
		s.Close()
		return nil, want, fmt.Errorf("synthetic store %s: %w", where, err)
	}
	var have SyntheticInfo
	if b, err := s.backend.readMarker(ctx); err != nil {
		return fail(err)
	} else if b != nil {
		if err := json.Unmarshal(b, &have); err != nil {
			return fail(fmt.Errorf("marker: %w", err))
		}
		if have.Articles != articles || have.Seed != seed {
			return fail(fmt.Errorf("holds %d articles of seed %d, not %d of seed %d",
				have.Articles, have.Seed, articles, seed))
		}
	}
	if have.Articles == 0 {
		start := time.Now()
		if _, err := GenerateSynthetic(ctx, s, articles, seed); err != nil {
			return fail(err)
		}
		want.Generated = time.Since(start)
		if err := s.backend.maintain(ctx); err != nil {
			return fail(err)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		return fail(err)
	}
	want.Quads = st.Quads
	if have.Articles == 0 {
		b, _ := json.MarshalIndent(want, "", "  ")
		if err := s.backend.writeMarker(ctx, append(b, '\n')); err != nil {
			return fail(err)
		}
	}
	return s, want, nil
}

// readMarker returns the synthetic store's marker, nil when there is none:
// a file beside a bolt store, a row of a table of its own in a SQL store.
func (b backend) readMarker(ctx context.Context) ([]byte, error) {
	if b.driver == "" {
		data, err := os.ReadFile(filepath.Join(b.addr, syntheticMarker))
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return data, err
	}
	db, err := sql.Open(b.driver, b.addr)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS dipgraph_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("marker table: %w", err)
	}
	var v string
	err = db.QueryRowContext(ctx, `SELECT value FROM dipgraph_meta WHERE name = $1`, syntheticMarker).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read marker: %w", err)
	}
	return []byte(v), nil
}

func (b backend) writeMarker(ctx context.Context, data []byte) error {
	if b.driver == "" {
		return os.WriteFile(filepath.Join(b.addr, syntheticMarker), data, 0o644)
	}
	db, err := sql.Open(b.driver, b.addr)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `INSERT INTO dipgraph_meta (name, value) VALUES ($1, $2)`, syntheticMarker, string(data)); err != nil {
		return fmt.Errorf("write marker: %w", err)
	}
	return nil
}
