package graph

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

var (
	benchCountries = []string{"USA", "MEX", "CAN", "CHN", "RUS", "UKR", "FRA", "DEU", "GBR", "IND", "BRA", "JPN"}
	benchVerbs     = []string{"offered", "rejected", "demanded", "promised", "criticised", "praised"}
	benchConcepts  = []string{"troops", "tariffs", "sanctions", "aid", "talks", "ceasefire", "migration", "trade deal"}
)

// benchDoc generates the n-th article: about 10 entities, 8 events and 15
// triples over a shared pool of people, countries and concepts, so
// articles overlap the way news does.
func benchDoc(rng *rand.Rand, n int) *doc {
	type person struct{ id, name, iso string }
	people := make([]person, 6)
	for i := range people {
		k := rng.Intn(200)
		iso := benchCountries[k%len(benchCountries)]
		name := fmt.Sprintf("Leader%d Surname%d", k, k)
		people[i] = person{schema.PersonID(name), name, iso}
	}
	var sentences []string
	for i := 0; i < 20; i++ {
		p, q := people[i%len(people)], people[(i+1)%len(people)]
		sentences = append(sentences, fmt.Sprintf("In report %d, %s of %s %s %s of %s over %s on day %d",
			n, p.name, p.iso, benchVerbs[i%len(benchVerbs)], q.name, q.iso, benchConcepts[(n+i)%len(benchConcepts)], i))
	}
	d := newDoc(fmt.Sprintf("bench-%d", n), fmt.Sprintf("Report %d", n),
		fmt.Sprintf("2025-%02d-%02d", 1+n%12, 1+n%28), strings.Join(sentences, ". ")+".")
	for _, p := range people {
		d.entity(p.id, p.name, p.iso, "Minister", strings.Fields(p.name)[1])
	}
	for _, iso := range []string{people[0].iso, people[1].iso} {
		d.entity(schema.CountryID(iso), iso, iso, "")
	}
	for i := 0; i < 2; i++ {
		c := benchConcepts[(n+i)%len(benchConcepts)]
		d.entity(schema.ConceptID(c), c, "", "")
	}
	types := []string{schema.Consult, schema.Reject, schema.Threaten, schema.Agree, schema.Accuse, schema.Aid}
	for i := 0; i < 8; i++ {
		p, q := people[i%len(people)], people[(i+1)%len(people)]
		ev := d.event(i, types[i%len(types)], "", benchVerbs[i%len(benchVerbs)],
			[]schema.Actor{d.actor(p.id, p.name, p.iso)},
			[]schema.Actor{d.actor(q.id, q.name, q.iso), d.actor(schema.CountryID(q.iso), q.iso, q.iso)})
		d.triple(i, p.id, types[i%len(types)], q.id, ev)
	}
	for i := 8; i < 15; i++ {
		p := people[i%len(people)]
		d.triple(i, p.id, benchVerbs[i%len(benchVerbs)], schema.ConceptID(benchConcepts[(n+i)%len(benchConcepts)]), "")
	}
	return d
}

func BenchmarkIngest(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	docs := make([]*doc, b.N)
	for i := range docs {
		docs[i] = benchDoc(rng, i)
	}
	s, _ := openTest(b)
	quads := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := docs[i].ingest(b, s)
		if !st.Created {
			b.Fatalf("article %d not created", i)
		}
		quads += st.Quads
	}
	b.StopTimer()
	b.ReportMetric(float64(quads)/b.Elapsed().Seconds(), "quads/s")
	b.ReportMetric(float64(quads)/float64(b.N), "quads/article")
}

// BenchmarkRawQuery is one small Gizmo query, its worker process included.
func BenchmarkRawQuery(b *testing.B) {
	s, _ := openTest(b)
	docTroops().ingest(b, s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := s.Query(bg, `g.V("<person:donald-trump>").Out("<offered>").All()`, QueryOptions{})
		if err != nil || len(res) != 1 {
			b.Fatalf("query = %s, %v", res, err)
		}
	}
}
