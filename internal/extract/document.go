package extract

import (
	"strings"
	"time"
	"unicode"

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
	lastPair   [2]string // the last two countries named together
	lastGroup  *actor
	// orgHeads are the named organisations met so far by the last word
	// of their name, for "the council" after "the U.N. Security Council"
	orgHeads map[string]*actor

	counts map[string]int // mentions per country code, for the main dyad
	dyad   [2]string

	events []*event
	ents   *entitySet
	names  *names

	// datelineEnd is the byte offset where the article's dateline
	// ("BANGKOK, Thailand (AP) -- ") ends, 0 without one: the place a
	// story was filed from is no actor of it.
	datelineEnd int
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
	doc.datelineEnd = datelineEnd(toks)
	for _, s := range splitSentences(toks) {
		st := &sentState{sentence: s, text: a.Text[s.start:s.end]}
		tagSentence(x.tagger, st.tokens)
		x.findActors(doc, st)
		doc.sents = append(doc.sents, st)
	}
	doc.dyad = mainDyad(doc.counts)
	// a person of no stated country is looked up among the field's dated
	// actors (Phoenix: the country of the role held on the article's date)
	x.datedActorCountries(doc)
	// one node across articles for the spellings of one dictionary actor
	x.dictionaryIdentities(doc)
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
				if a.person == nil && a.code == "" && homeSectors[a.sector] && (!st.tokens[a.to-1].isPluralTag() || homeGroups[st.tokens[a.to-1].norm]) {
					x.giveCountry(a, home)
				}
			}
		}
	}
	return doc
}

// datedActorCountries gives the people of no stated country the country
// of the role the Phoenix actor dictionary gives them on the article's
// date, and their mentions with them.
func (x *Extractor) datedActorCountries(doc *document) {
	var d *Dictionaries
	for _, p := range doc.persons {
		if p.country != "" || !strings.Contains(p.name, " ") {
			continue
		}
		if d == nil {
			var err error
			if d, err = DefaultDictionaries(); err != nil {
				return // the package tests load them: a build defect
			}
		}
		if r, ok := d.RoleOn(p.name, doc.day()); ok && isCountryCode(r.Country) {
			p.country = r.Country
		} else if c := onlyCountry(d.ActorsNamed(p.name)); c != "" {
			// Phoenix's dates are coarse; a person all of whose roles are of
			// one country is of that country outside them too
			p.country = c
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

// dictionaryIdentities gives a person whose name is a spelling of a
// Phoenix actor ("Sergei Lavrov", "Bashar Assad") the ID of the actor's
// primary name, so that every article's spelling is one node. Only
// several-word names of one person-like actor count, and only when the
// actor has a role in the person's country: a name two actors share, or a
// namesake of another country, keeps its own ID. The project's leaders
// table keeps precedence (those people are already one ID).
func (x *Extractor) dictionaryIdentities(doc *document) {
	var d *Dictionaries
	changed := false
	for _, p := range doc.persons {
		if p.listed || !strings.Contains(p.name, " ") {
			continue
		}
		if d == nil {
			var err error
			if d, err = DefaultDictionaries(); err != nil {
				return // the package tests load them: a build defect
			}
		}
		canon, ok := "", true
		for _, a := range d.ActorsNamed(p.name) {
			if !a.person(p.country) {
				continue
			}
			if canon != "" && canon != a.Name {
				ok = false
			}
			canon = a.Name
		}
		if !ok || canon == "" || !strings.Contains(canon, " ") {
			continue
		}
		if id := schema.PersonID(canon); id != p.id {
			p.id, changed = id, true
		}
	}
	if !changed {
		return
	}
	for _, st := range doc.sents {
		for _, a := range st.actors {
			if a.person != nil {
				a.entity = a.person.id
			}
		}
	}
}

// day is the article's date as YYYYMMDD, 0 when it has none.
func (doc *document) day() int {
	if !doc.hasDate {
		return 0
	}
	return doc.date.Year()*10000 + int(doc.date.Month())*100 + doc.date.Day()
}

// onlyCountry is the one country of all the roles of the actors, or "".
func onlyCountry(as []*DictActor) string {
	c := ""
	for _, a := range as {
		for _, r := range a.Roles {
			switch {
			case !isCountryCode(r.Country):
				return ""
			case c == "":
				c = r.Country
			case c != r.Country:
				return ""
			}
		}
	}
	return c
}

// homeSectors are the institutions that, named without a country ("the
// foreign ministry", "the army"), belong to the country the article is
// about.
var homeSectors = map[string]bool{"government": true, "military": true, "police": true, "legislature": true, "judiciary": true}

// homeGroups are the plural institution nouns that, bare, are the home
// country's ("officials said"); "governments" or "leaders" bare are of
// many countries.
var homeGroups = map[string]bool{"officials": true, "authorities": true}

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

// datelineEnd returns the byte offset after a wire-style dateline at the
// start of an article, 0 when there is none. A dateline is a place in
// capitals, optionally followed by a country, a date and a news agency in
// parentheses, then a dash: "WASHINGTON -", "QUITO, Ecuador (AP) --",
// "BRIDGETOWN, Barbados, Oct. 25, 1983 (UPI) -", "Gaza City (Reuters) -".
// It must start the text and end within maxDatelineTokens tokens, its
// words capitalised, and be followed by the story.
func datelineEnd(toks []token) int {
	const maxDatelineTokens = 16
	if len(toks) == 0 || toks[0].kind != tokWord || !isUpperWord(toks[0].text) && !hasAgency(toks) {
		return 0
	}
	for i := 1; i < len(toks) && i < maxDatelineTokens; i++ {
		t := toks[i]
		switch {
		case isDash(t.text):
			j := i
			for j < len(toks) && isDash(toks[j].text) {
				j++
			}
			if j == len(toks) {
				return 0
			}
			return toks[j-1].end
		case t.kind == tokNumber:
		case t.kind == tokPunct && strings.Contains(",.()", t.text):
		case t.kind == tokWord && t.capital:
		default:
			return 0
		}
	}
	return 0
}

func isDash(s string) bool {
	switch s {
	case "-", "--", "\u2014", "\u2013":
		return true
	}
	return false
}

// isUpperWord reports whether a word is in capitals ("WASHINGTON"), at
// least two letters long.
func isUpperWord(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
		case unicode.IsLetter(r):
			return false
		}
	}
	return letters >= 2
}

// hasAgency reports whether the first tokens hold a news agency in
// parentheses before a dash ("Gaza City (Reuters) -").
func hasAgency(toks []token) bool {
	for i := 0; i+3 < len(toks) && i < 12; i++ {
		if toks[i].text == "(" && toks[i+1].kind == tokWord && toks[i+2].text == ")" && isDash(toks[i+3].text) {
			return true
		}
	}
	return false
}
