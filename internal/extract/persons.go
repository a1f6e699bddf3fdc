package extract

import (
	"strings"

	"github.com/dipgraph/dipgraph/schema"
)

// person is one individual met in an article, with what the article says
// of them. Later mentions by surname and pronouns resolve to it.
type person struct {
	id, name string
	surname  string // normalised last name token
	country  string
	role     string
	head     bool // holds a head-of-state or head-of-government title
	guessed  bool // country taken from the article's context
	former   bool // a title of the person is marked "former", "ousted" ...
	gender   byte // 'm', 'f' or 0
	aliases  []string
	// written is the fullest form of the name the article itself writes
	// ("Reagan" where the dictionary knows Ronald Reagan): the entity's
	// name in this article's output, the dictionary's form an alias
	written string
	// listed: the name is the project's leaders table's, the node's
	// identity already
	listed bool
	// where the head title was seen, for the leads triple
	headSent *sentState
	lastSeen int
}

// addPerson registers a person mention, merging it with a person already
// met under the same full name or surname.
func (doc *document) addPerson(name, surface, code, role string, head, former bool, gender byte, lx *lexicon, st *sentState) *person {
	id := schema.PersonID(name)
	var p *person
	for _, q := range doc.persons {
		if q.id == id {
			p = q
			break
		}
	}
	words := strings.Fields(name)
	last := normalize(words[len(words)-1])
	if len(words) > 1 && familyNameFirst[code] {
		// "Kim Jong Un" is Kim, "Xi Jinping" Xi, "Hun Sen" Hun
		last = normalize(words[0])
	}
	if p == nil && len(words) == 1 {
		for _, q := range doc.persons {
			if q.surname == last && (code == "" || q.country == "" || q.country == code) {
				p = q
				break
			}
		}
	}
	if p == nil {
		// a misspelling of someone met before ("Bouteflicka" after
		// "Abdelaziz Bouteflika", "Chadli Klibi" after "Chedli Klibi")
		for _, q := range doc.persons {
			if (code == "" || q.country == "" || q.country == code) && sameNameSpelt(q.name, name) {
				p = q
				break
			}
		}
	}
	if p == nil {
		// a full name completing a surname met before ("President Kagame",
		// later "Paul Kagame")
		for _, q := range doc.persons {
			if q.surname == last && len(strings.Fields(q.name)) == 1 && len(words) > 1 {
				p = q
				p.name, p.id = name, id
				break
			}
		}
	}
	if p == nil {
		p = &person{id: id, name: name, surname: last}
		if len(words) > 1 {
			p.gender = lx.firstNames[normalize(words[0])]
		}
		doc.persons = append(doc.persons, p)
	}
	if p.country == "" {
		p.country = code
	}
	if role != "" && (p.role == "" || head) {
		p.role = role
	}
	if head && p.country != "" && !p.head {
		p.head = true
		p.headSent = st
	}
	if gender != 0 {
		p.gender = gender
	}
	if former {
		p.former = true
	}
	if surface != "" && surface != p.name && !contains(p.aliases, surface) {
		p.aliases = append(p.aliases, surface)
	}
	if surface != "" && len(strings.Fields(surface)) > len(strings.Fields(p.written)) {
		p.written = surface
	}
	p.lastSeen = st.index
	return p
}

// displayName is the name the article gives the person: its fullest
// written form, or the dictionary's where the article writes none.
func (p *person) displayName() string {
	if p.written == "" {
		return p.name
	}
	return p.written
}

// familyNameFirst are the countries whose names put the family name
// first, as the English-language press keeps them.
var familyNameFirst = map[string]bool{"CHN": true, "TWN": true, "HKG": true, "MAC": true, "KOR": true, "PRK": true, "VNM": true, "KHM": true, "MNG": true}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// knownPerson returns the person whose full name or surname is written at
// token i, if one was met earlier in the article.
func (doc *document) knownPerson(toks []token, i int) *person {
	t := toks[i]
	if !t.capital || t.kind != tokWord {
		return nil
	}
	for _, p := range doc.persons {
		if p.matchLen(toks, i) > 0 {
			return p
		}
	}
	return nil
}

// matchLen is the number of tokens at i that name p: the full name or the
// surname alone.
func (p *person) matchLen(toks []token, i int) int {
	words := strings.Fields(p.name)
	if i+len(words) <= len(toks) {
		ok := true
		for k, w := range words {
			if toks[i+k].norm != normalize(w) {
				ok = false
				break
			}
		}
		if ok {
			return len(words)
		}
	}
	if toks[i].norm == p.surname || oneEditApart(toks[i].norm, p.surname) {
		return 1
	}
	return 0
}

// minFuzzyName is the shortest name a one-letter slip may be forgiven in:
// shorter names differ by a letter from other names too often.
const minFuzzyName = 6

// sameNameSpelt reports names that are one person's spelt two ways: the
// same number of words, the surnames alike, each word equal or one edit
// apart, the long words only. A lone surname is compared with the
// other's surname.
func sameNameSpelt(a, b string) bool {
	wa, wb := strings.Fields(normalize(a)), strings.Fields(normalize(b))
	if len(wb) == 1 && len(wa) > 1 {
		return oneEditApart(wa[len(wa)-1], wb[0])
	}
	if len(wa) != len(wb) {
		return false
	}
	edits := 0
	for k := range wa {
		if wa[k] == wb[k] {
			continue
		}
		if !oneEditApart(wa[k], wb[k]) {
			return false
		}
		edits++
	}
	return edits > 0 && edits < len(wa)
}

// oneEditApart reports two words of minFuzzyName letters or more that one
// substitution, insertion, deletion or swap of neighbours turns into each
// other (Damerau). Hand-written: it runs on every capitalised word of an
// article against its people, and needs no matrix for a distance of one.
func oneEditApart(a, b string) bool {
	if a == b || len(a) < minFuzzyName || len(b) < minFuzzyName {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swap
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:] // insertion
	}
	return false
}

func (doc *document) personWithRole(role string) *person {
	for k := len(doc.persons) - 1; k >= 0; k-- {
		if doc.persons[k].role == role {
			return doc.persons[k]
		}
	}
	return nil
}

// recentPerson is the person of the given gender seen last.
func (doc *document) recentPerson(g byte) *person {
	var best *person
	for _, p := range doc.persons {
		if p.gender == g && (best == nil || p.lastSeen >= best.lastSeen) {
			best = p
		}
	}
	return best
}

// chooseLeader picks, among leader records sharing a name, the one in
// office at the article's date; without a date, the one in office now,
// else the most recent.
func chooseLeader(es []*nameEntry, doc *document) *Leader {
	var best *Leader
	bestScore := -1 << 30
	year := 0
	if doc.hasDate {
		year = doc.date.Year()
	}
	for _, e := range es {
		l := e.leader
		if l == nil {
			continue
		}
		to := l.To
		if to == 0 {
			to = 9999
		}
		score := 0
		switch {
		case year == 0:
			score = to
		case year >= l.From && year <= to:
			score = 100000
		case year < l.From:
			score = -(l.From - year)
		default:
			score = -(year - to)
		}
		if score > bestScore {
			best, bestScore = l, score
		}
	}
	return best
}
