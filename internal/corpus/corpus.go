// Package corpus generates a deterministic archive of news-like articles for
// benchmarks, load tests and crash tests: the same seed always gives the
// same articles, so runs can be compared. The sentences are built from
// templates over a small cast of countries, leaders and organisations, and
// cover every PLOVER type, so they exercise the whole extractor.
package corpus

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"time"

	"github.com/dipgraph/dipgraph/schema"
)

type country struct{ name, demonym, capital string }

var countries = []country{
	{"Mexico", "Mexican", "Mexico City"}, {"the United States", "American", "Washington"},
	{"China", "Chinese", "Beijing"}, {"Japan", "Japanese", "Tokyo"}, {"Russia", "Russian", "Moscow"},
	{"Ukraine", "Ukrainian", "Kyiv"}, {"France", "French", "Paris"}, {"Germany", "German", "Berlin"},
	{"Britain", "British", "London"}, {"India", "Indian", "New Delhi"}, {"Pakistan", "Pakistani", "Islamabad"},
	{"Iran", "Iranian", "Tehran"}, {"Israel", "Israeli", "Jerusalem"}, {"Turkey", "Turkish", "Ankara"},
	{"Egypt", "Egyptian", "Cairo"}, {"Brazil", "Brazilian", "Brasilia"}, {"Canada", "Canadian", "Ottawa"},
	{"South Korea", "South Korean", "Seoul"}, {"North Korea", "North Korean", "Pyongyang"},
	{"Saudi Arabia", "Saudi", "Riyadh"}, {"Poland", "Polish", "Warsaw"}, {"Italy", "Italian", "Rome"},
	{"Spain", "Spanish", "Madrid"}, {"Nigeria", "Nigerian", "Abuja"}, {"Kenya", "Kenyan", "Nairobi"},
	{"Colombia", "Colombian", "Bogota"}, {"Venezuela", "Venezuelan", "Caracas"}, {"Syria", "Syrian", "Damascus"},
	{"Iraq", "Iraqi", "Baghdad"}, {"Vietnam", "Vietnamese", "Hanoi"},
}

var offices = []string{"President", "Prime Minister", "Foreign Minister", "Defence Minister"}

var firstNames = []string{"Ana", "Carlos", "Elena", "Omar", "Li", "Hiro", "Ivan", "Marta", "Jean", "Klaus",
	"Priya", "Yusuf", "Sara", "Tomas", "Amina", "David", "Olga", "Rafael", "Nadia", "Kenji"}
var lastNames = []string{"Moreno", "Takeda", "Petrov", "Haddad", "Novak", "Okafor", "Lindqvist", "Castellano",
	"Wojcik", "Demir", "Kowalczyk", "Mendes", "Sato", "Farouk", "Brandt", "Rossi", "Kuznetsov", "Park", "Oduya", "Vargas"}

var orgs = []string{"the United Nations", "NATO", "the European Union", "the African Union", "the IAEA",
	"the World Bank", "Amnesty International", "the Red Cross"}

var sectors = []string{"police", "officials", "troops", "diplomats", "negotiators", "lawmakers"}

// Each template has %[1]s for the source and %[2]s for the target.
var templates = []string{
	"%[1]s offered to send humanitarian aid to %[2]s after the floods.",
	"%[1]s rejected a proposal from %[2]s to reopen the border.",
	"%[1]s met %[2]s in Geneva to discuss a ceasefire.",
	"%[1]s urged %[2]s to release the detained journalists.",
	"%[1]s accused %[2]s of violating the trade agreement.",
	"%[1]s threatened %[2]s with new tariffs on steel imports.",
	"%[1]s imposed sanctions on %[2]s over the missile tests.",
	"%[1]s deployed troops to the border with %[2]s.",
	"%[1]s condemned the attack on %[2]s.",
	"%[1]s praised %[2]s for its efforts to end the conflict.",
	"%[1]s agreed to cooperate with %[2]s on intelligence sharing.",
	"%[1]s signed a trade agreement with %[2]s on Monday.",
	"%[1]s withdrew its ambassador from %[2]s.",
	"%[1]s arrested two citizens of %[2]s on spying charges.",
	"%[1]s shelled positions held by %[2]s overnight.",
	"Protesters gathered outside the embassy of %[2]s as %[1]s called for calm.",
	"%[1]s criticized %[2]s for its handling of the refugee crisis.",
	"%[1]s held talks with %[2]s about the disputed islands.",
	"%[1]s expelled diplomats from %[2]s.",
	"%[1]s promised to help %[2]s rebuild its power grid.",
}

var fillers = []string{
	"The talks were described as frank by people familiar with them.",
	"Analysts said the move could deepen the rift between the two governments.",
	"Markets in the region fell slightly after the announcement.",
	"The statement came a day after a regional summit ended without agreement.",
	"Officials did not say when the next round of discussions would take place.",
}

// Generator makes articles one at a time, so an archive of any size streams.
type Generator struct {
	rng   *rand.Rand
	start time.Time
	n     int
	cast  []string // "French President Jean Moreno", one per (country, office)
	home  []int    // country index of each cast member
}

// New returns a generator; the same seed always yields the same articles.
func New(seed int64) *Generator {
	g := &Generator{rng: rand.New(rand.NewSource(seed)), start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	for ci, c := range countries {
		for oi, o := range offices {
			first := firstNames[(ci*7+oi*3)%len(firstNames)]
			last := lastNames[(ci*3+oi*11)%len(lastNames)]
			g.cast = append(g.cast, fmt.Sprintf("%s %s %s %s", c.demonym, o, first, last))
			g.home = append(g.home, ci)
		}
	}
	return g
}

// actor returns a random way of naming an actor, and its country index
// (-1 for an international organisation).
func (g *Generator) actor() (string, int) {
	switch g.rng.Intn(6) {
	case 0:
		i := g.rng.Intn(len(g.cast))
		return g.cast[i], g.home[i]
	case 1:
		c := g.rng.Intn(len(countries))
		return countries[c].demonym + " " + sectors[g.rng.Intn(len(sectors))], c
	case 2:
		c := g.rng.Intn(len(countries))
		return countries[c].capital, c
	case 3:
		return orgs[g.rng.Intn(len(orgs))], -1
	default:
		c := g.rng.Intn(len(countries))
		return countries[c].name, c
	}
}

// Next returns the next article: 4 to 14 sentences, dated within two years.
func (g *Generator) Next() schema.Article {
	g.n++
	var b strings.Builder
	sentences := 4 + g.rng.Intn(11)
	var title string
	for i := 0; i < sentences; i++ {
		if i > 0 {
			b.WriteByte(' ')
			if i%4 == 0 {
				b.WriteString("\n")
			}
		}
		if i > 0 && g.rng.Intn(4) == 0 {
			b.WriteString(fillers[g.rng.Intn(len(fillers))])
			continue
		}
		src, sc := g.actor()
		tgt, tc := g.actor()
		for tc == sc && tc >= 0 {
			tgt, tc = g.actor()
		}
		s := fmt.Sprintf(templates[g.rng.Intn(len(templates))], src, tgt)
		s = strings.ToUpper(s[:1]) + s[1:]
		if i == 0 {
			title = strings.TrimSuffix(s, ".")
		}
		b.WriteString(s)
	}
	date := g.start.AddDate(0, 0, g.rng.Intn(730))
	return schema.Article{
		ID:    fmt.Sprintf("synthetic-%07d", g.n),
		Title: title,
		Date:  date.Format(time.DateOnly),
		Text:  b.String(),
	}
}

// WriteJSONLines writes n articles as JSON lines and returns the number of
// sentences written.
func (g *Generator) WriteJSONLines(w io.Writer, n int) (sentences int, err error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		a := g.Next()
		sentences += strings.Count(a.Text, ". ") + 1
		if err := enc.Encode(a); err != nil {
			return sentences, fmt.Errorf("write article %d: %w", i+1, err)
		}
	}
	return sentences, nil
}
