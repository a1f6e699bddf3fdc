package extract

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/schema"
)

// corpusTemplates are sentence shapes of wire news; the slots are filled
// from the gazetteer: {C} country, {D} demonym, {K} capital, {O}
// organisation, {N} invented person name.
var corpusTemplates = []string{
	"{D} President {N} rejected an offer from {C} to hold talks on the border dispute.",
	"The {D} government on {W} accused {C} of violating the ceasefire, a spokesman said.",
	"{K} threatened to impose sanctions on {C} unless it withdrew its troops from the region.",
	"Officials in {K} said {D} police arrested at least 20 protesters outside the embassy.",
	"{D} Foreign Minister {N} met his {D2} counterpart in {K} to discuss trade and security cooperation.",
	"The {O} urged {C} and {C2} to resume negotiations and refrain from further attacks.",
	"{C} and {C2} signed an agreement on {W} to increase trade by 20 percent, state media reported.",
	"Rebels attacked an army post near the capital of {C}, killing five soldiers, local officials said.",
	"{N}, the {D} defence minister, said {C} would never accept foreign troops on its soil.",
	"{C} has agreed to provide humanitarian aid worth 50 million dollars to refugees in {C2}.",
	"Tensions between {C} and {C2} have risen since {K} expelled two diplomats last week.",
	"Thousands of {D} demonstrators marched through {K} to protest against rising food prices.",
	"{D} troops were deployed along the border after {C2} massed forces in the area.",
	"The {O} condemned the bombing and called for an independent investigation.",
	"{C} did not reject the proposal but asked for more time to study it, the ministry said.",
	"If {C} attacked, {C2} would respond with force, analysts warned in a report.",
}

var corpusFirst = []string{"Anna", "Marco", "Yusuf", "Li", "Olga", "Pedro", "Amina", "Jonas", "Mei", "Tariq", "Elena", "Kofi"}
var corpusLast = []string{"Varga", "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Mensah", "Rossi", "Kaya", "Petrov", "Silva"}
var corpusDays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// generateCorpus builds a deterministic corpus of at least minBytes of
// article text, perArticle sentences an article, from the templates and
// the gazetteer, and returns it with its number of sentences.
func generateCorpus(g *Gazetteer, minBytes, perArticle int) ([]schema.Article, int) {
	r := rand.New(rand.NewPCG(7, 11))
	var countries []Country
	for _, c := range g.Countries {
		if len(c.Demonyms) > 0 && len(c.Capitals) > 0 {
			countries = append(countries, c)
		}
	}
	var orgs []string
	for _, o := range g.Orgs {
		if o.Kind == "igo" || o.Kind == "ngo" {
			orgs = append(orgs, o.Name)
		}
	}
	if len(orgs) == 0 {
		orgs = []string{"United Nations"}
	}
	var arts []schema.Article
	size, sentences := 0, 0
	for size < minBytes {
		var b strings.Builder
		for k := 0; k < perArticle; k++ {
			c1 := countries[r.IntN(len(countries))]
			c2 := countries[r.IntN(len(countries))]
			s := corpusTemplates[r.IntN(len(corpusTemplates))]
			s = strings.NewReplacer(
				"{D2}", c2.Demonyms[0], "{C2}", c2.Name,
				"{D}", c1.Demonyms[0], "{C}", c1.Name, "{K}", c1.Capitals[0],
				"{O}", orgs[r.IntN(len(orgs))], "{W}", corpusDays[r.IntN(len(corpusDays))],
				"{N}", corpusFirst[r.IntN(len(corpusFirst))]+" "+corpusLast[r.IntN(len(corpusLast))],
			).Replace(s)
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
			sentences++
		}
		a := schema.Article{ID: fmt.Sprintf("gen-%d", len(arts)), Date: "2024-03-15", Text: b.String()}
		size += len(a.Text)
		arts = append(arts, a)
	}
	return arts, sentences
}

// BenchmarkExtract measures the whole extractor on generated corpora of
// more than 5 MB: multi-paragraph articles of twelve sentences, and
// one-sentence documents (the PLOVER records' shape). Run it on one
// core: go test -bench Extract -cpu 1.
func BenchmarkExtract(b *testing.B) {
	x := New()
	for _, c := range []struct {
		name       string
		perArticle int
	}{{"articles", 12}, {"sentences", 1}} {
		b.Run(c.name, func(b *testing.B) {
			arts, sentences := generateCorpus(x.gaz, 5<<20, c.perArticle)
			bytes := 0
			for _, a := range arts {
				bytes += len(a.Text)
			}
			b.SetBytes(int64(bytes))
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				for _, a := range arts {
					x.Extract(a)
				}
			}
			elapsed := time.Since(start).Seconds()
			b.ReportMetric(float64(sentences)*float64(b.N)/elapsed, "sentences/s")
		})
	}
}

// BenchmarkNew is the start-up cost of an extractor, without and with the
// sample user dictionaries.
func BenchmarkNew(b *testing.B) {
	DefaultGazetteer() // parsed once per process in both cases
	b.Run("builtin", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			New()
		}
	})
	b.Run("user", func(b *testing.B) {
		o := Options{ActorFiles: []string{"../../samples/user-actors.tsv"}, VerbFiles: []string{"../../samples/user-verbs.tsv"}}
		for i := 0; i < b.N; i++ {
			if _, err := NewWithOptions(o); err != nil {
				b.Fatal(err)
			}
		}
	})
}
