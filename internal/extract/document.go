package extract

import (
	"time"

	"github.com/dipgraph/dipgraph/schema"
)

// document is the working state of one article: its sentences with their
// actors and triggers, the people met so far, and the events found.
type document struct {
	text      string
	articleID string
	date      time.Time
	hasDate   bool
	dateStr   string

	sents   []*sentState
	persons []*person
	// last subjects, for pronouns
	lastPerson *person
	lastGroup  *actor

	counts map[string]int // mentions per country code, for the main dyad
	dyad   [2]string

	events []*event
	ents   *entitySet
	names  *names
}

// sentState is one sentence with what the stages found in it.
type sentState struct {
	sentence
	text     string
	actors   []*actor
	actorAt  []int // token index → index in actors, or -1
	triggers []*trigger
	actions  []actionTriple
	// chainHead is the first trigger of the clause being read
	chainHead *trigger
	// attribution is the token index where a trailing attribution
	// (", a newspaper said") starts; len(tokens) when there is none.
	attribution int
	// leadAttribution is the token index after a leading "According to X,"
	// (0 when there is none).
	leadAttribution int
}

func (x *Extractor) analyse(a schema.Article) *document {
	doc := &document{
		text:      a.Text,
		articleID: schema.ArticleID(a.Text),
		dateStr:   a.Date,
		counts:    map[string]int{},
		ents:      newEntitySet(),
		names:     x.names,
	}
	if t, err := time.Parse("2006-01-02", a.Date); err == nil {
		doc.date, doc.hasDate = t, true
	}
	toks := tokenize(a.Text)
	for _, s := range splitSentences(toks) {
		st := &sentState{sentence: s, text: a.Text[s.start:s.end]}
		x.findActors(doc, st)
		doc.sents = append(doc.sents, st)
	}
	doc.dyad = mainDyad(doc.counts)
	// a titled person of no stated country ("President Kagame") belongs,
	// most likely, to the country the article is about
	if home := doc.dyad[0]; home != "" {
		for _, p := range doc.persons {
			if p.country == "" && p.role != "" {
				p.country = home
				p.guessed = true
			}
		}
		for _, st := range doc.sents {
			for _, a := range st.actors {
				if a.person != nil && a.code == "" {
					a.code = a.person.country
				}
			}
		}
	}
	return doc
}

// mainDyad returns the two country codes mentioned most, the article's main
// pair of actors, used to supply the target of an event whose sentence
// names none.
func mainDyad(counts map[string]int) [2]string {
	var d [2]string
	var n [2]int
	for c, k := range counts {
		if len(c) != 3 || c == schema.CodeIGO || c == schema.CodeNGO || c == schema.CodeIMG {
			continue
		}
		switch {
		case k > n[0] || (k == n[0] && c < d[0]):
			d[1], n[1] = d[0], n[0]
			d[0], n[0] = c, k
		case k > n[1] || (k == n[1] && c < d[1]):
			d[1], n[1] = c, k
		}
	}
	return d
}

func (st *sentState) actorAtTok(i int) *actor {
	if i < 0 || i >= len(st.actorAt) || st.actorAt[i] < 0 {
		return nil
	}
	return st.actors[st.actorAt[i]]
}
