package extract

import (
	"strings"

	"github.com/dipgraph/dipgraph/schema"
)

// actor is one phrase of a sentence that names a possible source or target
// of an event: a country, a capital standing for its government, a
// country's sector ("Israeli police"), an organisation, a person, or a
// pronoun resolved to one of those.
type actor struct {
	from, to   int // token span in the sentence
	start, end int // byte span in the article
	text       string

	kind    schema.Kind
	entity  string
	name    string
	code    string
	sector  string
	role    string
	orgKind string
	person  *person

	pronoun    bool
	plural     bool
	possessive bool   // followed by "'s"
	prep       string // preposition governing the phrase, "" for none
	group      int    // actors of one coordination share a group number
	formerRole bool
	// descriptive marks a phrase that describes its entity rather than
	// names it ("Indian time", "the Pakistani commander"): no alias
	descriptive bool
}

// phraseParts collects what a candidate actor phrase is made of.
type phraseParts struct {
	country, org, leader, title, sector *nameEntry
	leaders                             []*nameEntry
	nameFrom, nameTo                    int
	former                              bool
	possessive                          bool
	headNoun                            bool
	head                                string // the noun a lone demonym modifies, normalised
}

var pronouns = map[string]byte{
	"he": 'm', "him": 'm', "his": 'm', "she": 'f', "her": 'f', "hers": 'f',
	"it": 'i', "its": 'i', "they": 'p', "them": 'p', "their": 'p',
}

var formerWords = map[string]bool{"former": true, "ousted": true, "late": true, "then": true, "exiled": true, "deposed": true, "outgoing": true, "ex": true}

var nameParticles = map[string]bool{"de": true, "da": true, "del": true, "dos": true, "van": true, "von": true, "bin": true, "ibn": true, "al": true, "el": true, "la": true, "le": true, "abu": true, "ben": true, "der": true, "di": true}

var dyadPhrases = [][]string{
	{"the", "two", "sides"}, {"both", "sides"}, {"the", "two", "countries"}, {"both", "countries"},
	{"the", "two", "leaders"}, {"both", "leaders"}, {"the", "two", "governments"}, {"both", "governments"},
	{"the", "two", "nations"}, {"both", "nations"}, {"the", "two", "neighbours"}, {"the", "two", "neighbors"},
}

// mentionAt returns the longest names-trie match at token i.
func (x *Extractor) mentionAt(toks []token, i int) ([]*nameEntry, int) {
	if toks[i].kind == tokPunct && toks[i].text != "-" {
		return nil, 0
	}
	vals, n := x.names.trie.longest(toks, i, func(e *nameEntry, from, to int) bool { return e.accepts(toks, from, to) })
	if n == 0 {
		return nil, 0
	}
	out := vals[:0:0]
	for _, e := range vals {
		if e.accepts(toks, i, i+n) {
			out = append(out, e)
		}
	}
	return out, n
}

func pick(es []*nameEntry, kinds ...nameKind) *nameEntry {
	for _, k := range kinds {
		for _, e := range es {
			if e.kind == k {
				return e
			}
		}
	}
	return nil
}

// findActors finds the actor phrases of a sentence, resolving people and
// pronouns against the article so far.
func (x *Extractor) findActors(doc *document, st *sentState) {
	toks := st.tokens
	st.actorAt = make([]int, len(toks))
	for i := range st.actorAt {
		st.actorAt[i] = -1
	}
	st.attribution = len(toks)
	add := func(a *actor) {
		if a == nil {
			return
		}
		a.start, a.end = toks[a.from].start, toks[a.to-1].end
		a.text = doc.text[a.start:a.end]
		if n := len(st.actors); n > 0 && a.person != nil && a.code == "" {
			// "Putin's spokesman X": the aide of a person is of the
			// person's country
			if b := st.actors[n-1]; b.possessive && b.person != nil && b.to == a.from && isCountryCode(b.code) {
				a.code = b.code
				if a.person.country == "" {
					a.person.country = b.code
				}
			}
		}
		for k := a.from; k < a.to; k++ {
			if st.actorAt[k] < 0 {
				st.actorAt[k] = len(st.actors)
			}
		}
		st.actors = append(st.actors, a)
		if a.kind == schema.KindOrganization && a.sector == "" && !a.pronoun && a.entity != "" {
			if f := strings.Fields(a.name); len(f) > 1 {
				if doc.orgHeads == nil {
					doc.orgHeads = map[string]*actor{}
				}
				doc.orgHeads[strings.ToLower(f[len(f)-1])] = a
			}
		}
	}
	i := 0
	for i < len(toks) && toks[i].start < doc.datelineEnd {
		i++
	}
	for i < len(toks) {
		t := toks[i]
		if g, ok := pronouns[t.norm]; ok && t.kind == tokWord {
			add(x.resolvePronoun(doc, st, i, g))
			i++
			continue
		}
		if n := matchWords(toks, i, dyadPhrases); n > 0 {
			for _, a := range x.dyadActors(doc, i, i+n) {
				add(a)
			}
			i += n
			continue
		}
		if ms, n := x.mentionAt(toks, i); pick(ms, nameRegion) != nil {
			i += n
			continue
		}
		if a := x.orgAnaphor(doc, st, i); a != nil {
			add(a)
			i = a.to
			continue
		}
		if a, next := x.preposedPerson(doc, st, i); a != nil {
			add(a)
			i = next
			continue
		}
		a, next := x.phraseAt(doc, st, i)
		if a != nil {
			add(a)
			i = next
			continue
		}
		if a, next := x.appositivePerson(doc, st, i); a != nil {
			add(a)
			i = next
			continue
		}
		if p := doc.knownPerson(toks, i); p != nil {
			n := p.matchLen(toks, i)
			a := personActor(p, i, i+n)
			if i+n < len(toks) && toks[i+n].norm == "'s" {
				a.possessive = true
				a.to++
				n++
			}
			add(a)
			i += n
			continue
		}
		if a, next := x.dictionaryPerson(doc, st, i); a != nil {
			add(a)
			i = next
			continue
		}
		i++
	}
	// prepositions first: coordinated actors share the first one's
	// ("a force of troops and police": both inside the "of" phrase)
	for _, a := range st.actors {
		if a.prep == "" {
			a.prep = x.prepBefore(toks, a.from)
		}
	}
	x.groupActors(st)
	x.ownedSectors(st)
	x.notePair(doc, st)
	for _, a := range st.actors {
		if !a.pronoun && a.code != "" {
			doc.counts[a.code]++
		}
	}
	x.markAttribution(st)
	// the subject of the sentence feeds pronoun resolution of the next ones
	for _, a := range st.actors {
		if a.prep != "" || a.from < st.leadAttribution || a.from >= st.attribution {
			continue
		}
		if a.person != nil {
			doc.lastPerson = a.person
		} else if a.code != "" {
			doc.lastGroup = a
		}
		break
	}
}

// notePair keeps the last two countries named together ("France and
// Germany"), which "both countries" and "the two sides" refer back to.
func (x *Extractor) notePair(doc *document, st *sentState) {
	for k := 0; k+1 < len(st.actors); k++ {
		a, b := st.actors[k], st.actors[k+1]
		if a.group < 0 || a.group != b.group || a.pronoun || b.pronoun || !isCountryCode(a.code) || !isCountryCode(b.code) || a.code == b.code {
			continue
		}
		if k+2 < len(st.actors) && st.actors[k+2].group == a.group {
			continue // three or more: no pair
		}
		doc.lastPair = [2]string{a.code, b.code}
	}
}

// ownedSectors gives a sector noun without a country the country of the
// possessive pronoun before it: "its government", "his Government",
// "their troops", "his country's forces".
func (x *Extractor) ownedSectors(st *sentState) {
	toks := st.tokens
	for _, a := range st.actors {
		// only as a subject ("its government was appealing"): an object's
		// pronoun ("told Y to withdraw its forces") may belong to Y,
		// which pronoun resolution does not see
		if a.code != "" || a.sector == "" || a.sector == "ngo" || a.person != nil || a.from == 0 || a.to >= len(toks) || !toks[a.to].isVerbTag() {
			continue
		}
		k := a.from - 1
		if k >= 2 && toks[k].norm == "'s" && (toks[k-1].norm == "country" || toks[k-1].norm == "nation") {
			k -= 2
		}
		o := st.actorAtTok(k)
		if o == nil || !o.pronoun || !o.possessive || !isCountryCode(o.code) {
			continue
		}
		x.giveCountry(a, o.code)
	}
}

// groupID is the node of a group named by a sector word alone ("the
// rebels", "civilians", "an aid group"): the group this article speaks
// of, not one node for every rebel of every article, which would make
// neighbours of unrelated conflicts.
func (doc *document) groupID(sector string) string {
	return schema.OrgID(sector + " " + strings.TrimPrefix(doc.articleID, schema.PrefixArticle))
}

// giveCountry makes a sector actor of no country one of the country code:
// a government is the country itself, any other sector its own group.
func (x *Extractor) giveCountry(a *actor, code string) {
	a.code = code
	name := code
	if c := x.names.countries[code]; c != nil {
		name = c.Name
	}
	if a.sector == "government" {
		a.kind, a.entity, a.name = schema.KindCountry, schema.CountryID(code), name
	} else {
		a.kind, a.entity, a.name = schema.KindOrganization, schema.OrgID(name+" "+a.sector), name+" "+a.sector
	}
}

func matchWords(toks []token, i int, phrases [][]string) int {
	for _, p := range phrases {
		if i+len(p) > len(toks) {
			continue
		}
		ok := true
		for k, w := range p {
			if toks[i+k].norm != w {
				ok = false
				break
			}
		}
		if ok {
			return len(p)
		}
	}
	return 0
}

// prepBefore returns the preposition that governs the phrase starting at
// from, looking back over determiners and modifiers.
func (x *Extractor) prepBefore(toks []token, from int) string {
	if from >= 2 && toks[from-1].text == "-" {
		switch toks[from-2].norm {
		case "anti", "pro", "non", "ex", "post", "pre":
			// "anti-Syria journalist": the country only qualifies a noun
			return toks[from-2].norm
		}
	}
	for k := from - 1; k >= 0 && k >= from-3; k-- {
		n := toks[k].norm
		if x.lex.is("prep", n) {
			if n == "to" && k > 0 && toks[k-1].norm == "according" {
				return "according to"
			}
			return n
		}
		if !x.lex.is("det", n) && !x.lex.is("modifier", n) && toks[k].kind != tokNumber &&
			(toks[k].kind != tokWord || toks[k].capital || x.isFunction(n) || x.isTrigger(toks, k) || x.lex.is("reporting", n)) {
			return ""
		}
	}
	return ""
}

// phraseAt reads the actor phrase starting at token i, if any, and returns
// it with the index of the token after it.
func (x *Extractor) phraseAt(doc *document, st *sentState, i int) (*actor, int) {
	toks := st.tokens
	var p phraseParts
	p.nameFrom, p.nameTo = -1, -1
	first := -1
	j := i
loop:
	for j < len(toks) {
		t := toks[j]
		ms, n := x.mentionAt(toks, j)
		if n == 0 {
			switch {
			case (x.lex.is("modifier", t.norm) || formerWords[t.norm]) && first < 0 && !t.capital || (t.capital && formerWords[t.norm] && first < 0):
				// a modifier opens a phrase only when one follows
				if k := j + 1; k < len(toks) {
					if ms2, _ := x.mentionAt(toks, k); ms2 != nil || x.lex.is("modifier", toks[k].norm) {
						if formerWords[t.norm] {
							p.former = true
						}
						if first < 0 {
							first = j
						}
						j++
						continue
					}
				}
				break loop
			case first >= 0 && p.sector == nil && p.title == nil && p.leader == nil && p.nameFrom < 0 &&
				(p.country != nil || p.org != nil) && t.kind == tokWord && !x.isFunction(t.norm) && !x.isTrigger(toks, j) && modifierTag(t):
				// "Palestinian suicide bombers", "Iraq's interim government":
				// up to two plain words before a sector noun or a title
				k := j
				for k < len(toks) && k < j+3 && toks[k].kind == tokWord && !x.isFunction(toks[k].norm) && !x.isTrigger(toks, k) && modifierTag(toks[k]) {
					if ms2, _ := x.mentionAt(toks, k); ms2 != nil {
						break
					}
					k++
				}
				if k < len(toks) {
					ms2, n2 := x.mentionAt(toks, k)
					if pick(ms2, nameSector, nameTitle) != nil {
						j = k
						continue
					}
					// "Iraqi Deputy U.N. Ambassador X": the organisation only
					// qualifies the title of the country's envoy
					if o := pick(ms2, nameOrg); o != nil && o.code == schema.CodeIGO && p.country != nil && p.org == nil && k+n2 < len(toks) {
						if ms3, _ := x.mentionAt(toks, k+n2); pick(ms3, nameTitle) != nil {
							j = k + n2
							continue
						}
					}
				}
				break loop
			}
			break loop
		}
		switch {
		case pick(ms, nameLeader) != nil && p.leader == nil && p.nameFrom < 0 && p.org == nil:
			p.leaders = filterKind(ms, nameLeader)
			p.leader = p.leaders[0]
			p.nameFrom, p.nameTo = j, j+n
			j += n
			for j < len(toks) && isRoman(toks[j].text) {
				j++
				p.nameTo = j
			}
		case pick(ms, nameCountry, nameCapital, nameDemonym) != nil && p.country == nil && p.org == nil && p.title == nil && p.sector == nil && p.leader == nil:
			p.country = pick(ms, nameCountry, nameCapital, nameDemonym)
			j += n
		case pick(ms, nameOrg) != nil && p.org == nil && p.leader == nil && p.nameFrom < 0 && p.title == nil:
			p.org = pick(ms, nameOrg)
			j += n
		case pick(ms, nameTitle) != nil && p.title == nil && p.leader == nil && p.nameFrom < 0:
			p.title = pick(ms, nameTitle)
			j += n
			if p.sector != nil && p.org == nil && p.country == nil {
				// "rebel leader": keep the sector, take the title
			}
			j = x.readName(toks, j, &p)
		case pick(ms, nameSector) != nil && p.leader == nil && p.nameFrom < 0:
			if p.sector == nil {
				p.sector = pick(ms, nameSector)
			}
			j += n
			// "Palestinian police in Jericho" stays whole; the post-modifier
			// below attaches a country when the phrase lacks one
		default:
			break loop
		}
		if first < 0 {
			first = i
		}
		if j < len(toks) && (toks[j].norm == "'s") {
			p.possessive = true
			j++
			// a possessive continues the phrase only into a title or sector
			if j < len(toks) {
				if ms2, _ := x.mentionAt(toks, j); pick(ms2, nameTitle, nameSector) != nil && p.leader == nil && p.nameFrom < 0 {
					p.possessive = false
					continue
				}
				if x.lex.is("modifier", toks[j].norm) {
					if ms2, _ := x.mentionAt(toks, j+1); pick(ms2, nameTitle, nameSector) != nil && p.leader == nil && p.nameFrom < 0 {
						p.possessive = false
						j++
						continue
					}
				}
			}
			break
		}
		if j+1 < len(toks) && toks[j].text == "-" && toks[j].start == toks[j-1].end && toks[j+1].norm == "led" && p.country != nil && p.sector == nil {
			// "an Australian-led force", "the Saudi-led coalition": the
			// country leads the group the phrase goes on to name
			j += 2
			continue
		}
		if j < len(toks) && toks[j].text == "-" && toks[j].start == toks[j-1].end {
			break // "U.S.-Mexico": the next country is its own phrase
		}
		if i >= 2 && toks[i-1].text == "-" && toks[i-1].end == toks[i].start && p.country != nil {
			break // "pro-Iranian Hizbollah": the country only qualifies
		}
	}
	if first < 0 || (p.country == nil && p.org == nil && p.leader == nil && p.title == nil && p.sector == nil) {
		return nil, i + 1
	}
	if first > i {
		i = first
	}
	// a lone singular demonym takes the noun it modifies: "Danish Web sites"
	if p.country != nil && p.country.kind == nameDemonym && !p.country.plural && p.title == nil && p.sector == nil && p.org == nil && p.leader == nil && !p.possessive {
		k := j
		for k < len(toks) && k < j+3 && toks[k].kind == tokWord && !x.isFunction(toks[k].norm) && !x.isTrigger(toks, k) && toks[k].norm != "and" {
			if ms2, _ := x.mentionAt(toks, k); ms2 != nil {
				break
			}
			k++
		}
		if k > j {
			p.headNoun, p.head = true, toks[k-1].norm
			j = k
		}
	}
	// post-modifier: "King Hassan of Morocco", "opposition parties in Nepal"
	if p.country == nil && p.org == nil && (p.title != nil || p.sector != nil || p.nameFrom >= 0) && j+1 < len(toks) && !p.possessive {
		person := p.sector == nil
		switch n := toks[j].norm; {
		case n == "of" || n == "from" || n == "in" && !person:
			// "in Rabat" places a group ("police in Jericho"), not a
			// person's nationality ("met Minister X in Rabat")
			k := j + 1
			if toks[k].norm == "the" && k+1 < len(toks) {
				k++
			}
			if ms2, n2 := x.mentionAt(toks, k); pick(ms2, nameCountry, nameCapital) != nil {
				p.country = pick(ms2, nameCountry, nameCapital)
				j = k + n2
			} else if ms2, n2 := x.mentionAt(toks, k); pick(ms2, nameOrg) != nil && p.title != nil {
				p.org = pick(ms2, nameOrg)
				j = k + n2
			}
		}
	}
	if p.leader != nil && p.title == nil && j < len(toks) {
		// "the Bush administration", "the Putin government": the
		// leader's government, not the person
		if ms2, n2 := x.mentionAt(toks, j); pick(ms2, nameSector) != nil && pick(ms2, nameSector).sector == "government" && !toks[j].capital {
			l := chooseLeader(p.leaders, doc)
			if isCountryCode(l.ISO3) {
				p.country = &nameEntry{kind: nameCountry, code: l.ISO3, name: doc.countryName(l.ISO3)}
				p.leader, p.leaders, p.nameFrom, p.nameTo = nil, nil, -1, -1
				p.headNoun = true
				j += n2
			}
		}
	}
	a := x.buildActor(doc, st, &p, i, j)
	if a == nil {
		return nil, i + 1
	}
	// apposition: "Kofi Annan, UN secretary-general", "X, the French
	// foreign minister", "X, head of the Russian general staff"
	if a.person != nil {
		if q, end := x.readApposition(toks, j); q.title != nil || q.roleNoun {
			if a.code == "" && q.code() != "" {
				a.code = q.code()
				if a.person.country == "" || a.person.guessed {
					a.person.country, a.person.guessed = a.code, false
				}
			}
			if a.person.role == "" && q.role() != "" {
				a.person.role = q.role()
				a.role = q.role()
			}
			doc.mentionOrg(q.org)
			j = end
		}
	}
	a.from, a.to = i, j
	return a, j
}

// apposition is what a description beside a name says of the person:
// ", the French foreign minister,", ", head of the Mexican consular
// section,", ", a Belarusian dissident".
type apposition struct {
	country, org, title *nameEntry
	roleNoun            bool // a role word that is no office ("critic", "head")
	former              bool
}

// code is the country (or organisation code) the description gives.
func (q apposition) code() string {
	switch {
	case q.country != nil:
		return q.country.code
	case q.org != nil:
		return q.org.code
	case q.title != nil:
		return q.title.code
	}
	return ""
}

// readApposition reads ", [the] [country|demonym|org] title|role [of the
// country ...][,]" after a name at token j and returns what it says and
// where it ends; q.title and q.roleNoun are unset when it is no
// description of a person.
func (x *Extractor) readApposition(toks []token, j int) (apposition, int) {
	if j+1 >= len(toks) || toks[j].text != "," {
		return apposition{}, j
	}
	return x.readDescription(toks, j+1)
}

// readDescription reads a description of a person starting at token k:
// "[the] [country|demonym|org] title", "[a] [adjectives] role noun", and
// an "of/at/for" phrase naming the country or organisation the role is
// held in ("the boss of Russia's Wagner force"). A role that is no
// membership ("a critic of the Belarusian president") takes no country
// from its "of" phrase: critics of a government come from anywhere.
func (x *Extractor) readDescription(toks []token, k int) (apposition, int) {
	var q apposition
	if k < len(toks) && x.lex.is("det", toks[k].norm) {
		k++
	}
	member := false
	for k < len(toks) {
		ms, n := x.mentionAt(toks, k)
		t := toks[k]
		if e := pick(ms, nameCountry, nameDemonym, nameCapital); e != nil && q.country == nil && q.org == nil && q.title == nil && !q.roleNoun {
			q.country = e
		} else if e := pick(ms, nameOrg); e != nil && q.org == nil && q.country == nil && q.title == nil && !q.roleNoun {
			q.org = e
		} else if e := pick(ms, nameTitle); e != nil && q.title == nil && !q.roleNoun {
			q.title = e
		} else if (x.lex.is("modifier", t.norm) || formerWords[t.norm]) && q.title == nil && !q.roleNoun {
			n = 1
			q.former = q.former || formerWords[t.norm]
		} else if e := pick(ms, nameSector); e != nil && !e.plural && q.title == nil && !q.roleNoun {
			// "X, a senior official of the Kenyan foreign ministry"
			q.roleNoun, member = true, true
		} else if ms == nil && q.title == nil && !q.roleNoun && (x.lex.is("memberrole", t.norm) || x.lex.is("personrole", t.norm)) {
			n = 1
			q.roleNoun = true
			member = x.lex.is("memberrole", t.norm)
		} else if ms == nil && q.title == nil && !q.roleNoun && !t.capital && t.pos == "JJ" && k+1 < len(toks) {
			n = 1 // "a key critic", "a prominent dissident"
		} else {
			break
		}
		k += n
		if k < len(toks) && toks[k].norm == "'s" {
			k++
		}
	}
	if q.title == nil && !q.roleNoun {
		return apposition{}, k
	}
	described := false
	if (q.title != nil || member) && q.country == nil && q.org == nil && k+1 < len(toks) {
		switch toks[k].norm {
		case "of", "at", "for":
			// "of the Russian armed forces", "of Russia's private Wagner
			// force": the country or organisation within a few words
			for m := k + 1; m < len(toks) && m < k+5; m++ {
				ms, _ := x.mentionAt(toks, m)
				if e := pick(ms, nameCountry, nameDemonym, nameCapital); e != nil {
					q.country, described = e, true
					break
				}
				if e := pick(ms, nameOrg); e != nil {
					q.org, described = e, true
					break
				}
				if ms != nil || toks[m].kind != tokWord || toks[m].isVerbTag() {
					break
				}
			}
		}
	}
	if described || q.title == nil {
		// the rest of the description up to its closing comma is no actor
		// of the sentence ("in Quito", "of authoritarian President X")
		for m := k; m < len(toks) && m < k+14; m++ {
			if toks[m].text == "," {
				return q, m + 1
			}
			if toks[m].isFiniteTag() || toks[m].kind == tokPunct && toks[m].text != "-" && toks[m].text != "'" {
				break
			}
			if m+1 == len(toks) {
				return q, m + 1
			}
		}
	}
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	return q, k
}

// appositivePerson reads an unknown capitalised name followed by an
// apposition that says who it is: "Ana Ferreira, the Brazilian foreign
// minister, said ...", "Marta Kovac, head of the Croatian mission,".
func (x *Extractor) appositivePerson(doc *document, st *sentState, i int) (*actor, int) {
	toks := st.tokens
	if !toks[i].capital || toks[i].kind != tokWord || x.isFunction(toks[i].norm) {
		return nil, i
	}
	var p phraseParts
	p.nameFrom, p.nameTo = -1, -1
	end := x.readName(toks, i, &p)
	if p.nameFrom != i || p.leader != nil || end-i < 2 || end >= len(toks) || toks[end].text != "," {
		return nil, i
	}
	q, next := x.readApposition(toks, end)
	if q.title == nil && !q.roleNoun {
		return nil, i
	}
	if q.title == nil && !x.properName(toks, i, end) {
		return nil, i // "Many Ukrainians, a critic said": no name
	}
	name := doc.text[toks[i].start:toks[end-1].end]
	per := doc.addPerson(name, name, q.code(), q.role(), q.title != nil && q.title.head && !q.former, q.former, q.gender(), x.lex, st)
	doc.mentionOrg(q.org)
	return personActor(per, i, end), next
}

// preposedPerson reads a description set before a name: "the boss of
// Russia's Wagner force, Yevgeny Volkov, hailed ...", "A leader of the
// Kenyan opposition, Ann Wanjiru, said". The actor is the name; the
// description's words are no actors of the sentence.
func (x *Extractor) preposedPerson(doc *document, st *sentState, i int) (*actor, int) {
	toks := st.tokens
	if i > 0 && toks[i-1].kind == tokWord && !x.isFunction(toks[i-1].norm) {
		return nil, i // inside another phrase
	}
	ms, _ := x.mentionAt(toks, i)
	if !x.lex.is("det", toks[i].norm) && !x.lex.is("memberrole", toks[i].norm) && !x.lex.is("personrole", toks[i].norm) &&
		pick(ms, nameCountry, nameDemonym) == nil {
		return nil, i
	}
	q, k := x.readDescription(toks, i)
	if q.title == nil && !q.roleNoun || k <= i || k >= len(toks) || toks[k-1].text != "," {
		return nil, i
	}
	// the name, after a form of address or a rank ("Mr Einar Olafsson",
	// "Lieutenant-General A. K. Nasir")
	var p phraseParts
	p.nameFrom, p.nameTo = -1, -1
	end := x.readName(toks, k, &p)
	from := p.nameFrom
	if from < 0 || p.leader != nil || p.nameTo-from < 2 || p.nameTo-from > 5 || !x.properName(toks, from, p.nameTo) {
		return nil, i
	}
	end = p.nameTo
	if end < len(toks) && toks[end].kind == tokWord && !toks[end].isVerbTag() {
		return nil, i
	}
	role := q.role()
	if role == "" && from > k {
		if ms, _ := x.mentionAt(toks, k); pick(ms, nameTitle) != nil && !addressForms[pick(ms, nameTitle).name] {
			role = pick(ms, nameTitle).name
		}
	}
	name := doc.text[toks[from].start:toks[end-1].end]
	per := doc.addPerson(name, name, q.code(), role, q.title != nil && q.title.head && !q.former, q.former, q.gender(), x.lex, st)
	doc.mentionOrg(q.org)
	next := end
	if next < len(toks) && toks[next].text == "," {
		next++
	}
	return personActor(per, from, end), next
}

// addressForms are titles that name no office.
var addressForms = map[string]bool{"Mr": true, "Mrs": true, "Ms": true, "Dr": true}

// orgAnaphor reads "the council", "the league", "the alliance" after an
// organisation of that name was met in the article ("the U.N. Security
// Council", "the Arab League"): the same organisation. A head word that
// is itself an actor word, or goes on into a name ("the Council of
// Europe"), is no anaphor.
func (x *Extractor) orgAnaphor(doc *document, st *sentState, i int) *actor {
	toks := st.tokens
	if doc.orgHeads == nil || toks[i].norm != "the" || i+1 >= len(toks) {
		return nil
	}
	h := toks[i+1]
	o := doc.orgHeads[h.norm]
	if o == nil || h.kind != tokWord {
		return nil
	}
	if ms, _ := x.mentionAt(toks, i+1); ms != nil {
		return nil
	}
	end := i + 2
	if end < len(toks) && (toks[end].norm == "of" || toks[end].capital && toks[end].kind == tokWord) {
		return nil
	}
	a := &actor{from: i, to: end, group: -1, kind: o.kind, entity: o.entity, name: o.name, code: o.code, orgKind: o.orgKind, descriptive: true}
	if end < len(toks) && toks[end].norm == "'s" {
		a.possessive = true
		a.to++
	}
	return a
}

// mentionOrg records an organisation named only inside a description
// ("the leader of the Sahel Unity Front"): an entity of the article,
// though no actor of the sentence.
func (doc *document) mentionOrg(o *nameEntry) {
	if o == nil {
		return
	}
	e := doc.ents.get(schema.OrgID(o.name), schema.KindOrganization, o.name)
	e.Country = o.code
	if o.orgKind != "" {
		e.OrgKind = o.orgKind
	}
}

// properName reports whether tokens [from, to) read as a person's name:
// capitalised proper nouns for the tagger, none of them a known actor
// word, month or day.
func (x *Extractor) properName(toks []token, from, to int) bool {
	for k := from; k < to; k++ {
		t := toks[k]
		if nameParticles[strings.TrimSuffix(t.norm, "-")] && k > from && k+1 < to || isInitial(t.text) && k+1 < to {
			continue // "de la", "A. K."
		}
		if !t.capital || !t.isProperTag() || calendarWords[t.norm] || weekdays[t.norm] != 0 || x.isFunction(t.norm) {
			return false
		}
		if ms, _ := x.mentionAt(toks, k); ms != nil {
			return false
		}
	}
	return !x.lex.is("orghead", toks[to-1].norm)
}

// modifierTag reports a tag of a word that can stand between a country
// and its sector noun ("Iraq's interim government", "Palestinian suicide
// bombers", "armed forces"): an adjective, a noun or a participle, not a
// pronoun, conjunction or finite verb ("Mexico unless it stopped
// migrants").
func modifierTag(t token) bool {
	p := t.pos
	return p == "" || strings.HasPrefix(p, "JJ") || strings.HasPrefix(p, "NN") || p == "VBN" || p == "VBG"
}

// isInitial reports whether a token is an initial of a name ("A.", "K.").
func isInitial(s string) bool {
	return len(s) == 2 && s[1] == '.' && s[0] >= 'A' && s[0] <= 'Z'
}

// role is the office the description names, "" for a role noun or a
// form of address.
func (q apposition) role() string {
	if q.title == nil {
		return ""
	}
	return q.title.name
}

func (q apposition) gender() byte {
	if q.title == nil {
		return 0
	}
	return q.title.gender
}

func filterKind(es []*nameEntry, k nameKind) []*nameEntry {
	var out []*nameEntry
	for _, e := range es {
		if e.kind == k {
			out = append(out, e)
		}
	}
	return out
}

func isRoman(s string) bool {
	switch s {
	case "II", "III", "IV", "Jr.", "Sr.":
		return true
	}
	return false
}

// readName reads the capitalised name after a title: "President Claudia
// Sheinbaum", "King Abdullah II", "F.W. de Klerk".
// calendarWords are the months, which are capitalised but no names.
var calendarWords = map[string]bool{"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true, "jan": true, "feb": true,
	"aug": true, "sept": true, "oct": true, "nov": true, "dec": true}

func (x *Extractor) readName(toks []token, j int, p *phraseParts) int {
	k := j
	for k < len(toks) && k < j+8 {
		t := toks[k]
		if t.kind != tokWord {
			break
		}
		if ms, n := x.mentionAt(toks, k); ms != nil {
			if l := filterKind(ms, nameLeader); l != nil {
				p.leaders, p.leader = l, l[0]
				if p.nameFrom < 0 {
					p.nameFrom = k
				}
				k += n
				p.nameTo = k
				continue
			}
			if pick(ms, nameTitle) == nil || !t.capital {
				break
			}
			// a further title before the name ("Army Commander Gen. Hudson
			// Austin") is no part of it; one after it ends it
			if p.nameFrom >= 0 {
				break
			}
			k += n
			continue
		}
		switch {
		case t.capital && (calendarWords[t.norm] || t.norm == "sunday" || weekdays[t.norm] != 0):
			// "Prime Minister February", "the Minister Monday said": a date
			// is no name
			if p.nameFrom >= 0 {
				p.nameTo = k
			}
			return k
		case isInitial(t.text) && k+1 < len(toks) && toks[k+1].capital:
			// "A. K. Nasir": an initial, though "A." reads as an article
		case t.capital && !x.isFunction(t.norm):
			// "Jean-Bertrand", "Zia-Ul-Haq"
			for k+2 < len(toks) && toks[k+1].text == "-" && toks[k+1].start == toks[k].end && toks[k+2].capital && toks[k+2].start == toks[k+1].end {
				k += 2
			}
		case nameParticles[strings.TrimSuffix(t.norm, "-")] && k+1 < len(toks) && toks[k+1].capital && k > j:
		case isRoman(t.text) && k > j:
		default:
			if p.nameFrom >= 0 {
				p.nameTo = k
			}
			return k
		}
		if p.nameFrom < 0 {
			p.nameFrom = k
		}
		k++
		p.nameTo = k
	}
	return k
}

func (x *Extractor) isFunction(n string) bool {
	lx := x.lex
	return lx.is("det", n) || lx.is("prep", n) || lx.is("aux", n) || lx.is("relative", n) || lx.is("reporting", n) ||
		n == "and" || n == "or" || n == "but" || n == "that" || n == "'s"
}

func (x *Extractor) isTrigger(toks []token, k int) bool {
	_, n := x.lex.triggers.longest(toks, k, nil)
	return n > 0
}

// buildActor turns phrase parts into an actor.
func (x *Extractor) buildActor(doc *document, st *sentState, p *phraseParts, from, to int) *actor {
	a := &actor{from: from, to: to, group: -1, possessive: p.possessive, formerRole: p.former}
	toks := st.tokens
	switch {
	case p.leader != nil || (p.title != nil && p.nameFrom >= 0 && p.nameTo > p.nameFrom):
		var name string
		code := ""
		if p.leader != nil {
			l := chooseLeader(p.leaders, doc)
			name = l.Name
			code = l.ISO3
		} else {
			name = doc.text[toks[p.nameFrom].start:toks[p.nameTo-1].end]
		}
		if p.country != nil {
			code = p.country.code
		} else if p.org != nil {
			code = p.org.code
		} else if p.title != nil && p.title.code != "" {
			code = p.title.code // "Taoiseach X"
		}
		role := ""
		head := false
		var gender byte
		if p.title != nil {
			role, head, gender = p.title.name, p.title.head && !p.former, p.title.gender
			if role == "Mr" || role == "Mrs" || role == "Ms" || role == "Dr" {
				role = ""
			}
		} else if p.leader != nil {
			role = chooseLeader(p.leaders, doc).Role
		}
		surface := doc.text[toks[p.nameFrom].start:toks[p.nameTo-1].end]
		per := doc.addPerson(name, surface, code, role, head, p.former && p.title != nil, gender, x.lex, st)
		if p.leader != nil {
			per.listed = true
		}
		a.kind, a.entity, a.name, a.code, a.role, a.person = schema.KindPerson, per.id, per.name, per.country, role, per
		if a.role == "" {
			a.role = per.role
		}
	case p.org != nil:
		a.kind, a.entity, a.name, a.code, a.orgKind = schema.KindOrganization, schema.OrgID(p.org.name), p.org.name, p.org.code, p.org.orgKind
		if p.sector != nil {
			a.sector = p.sector.sector
		}
	case p.country != nil:
		c := x.names.countries[p.country.code]
		name := p.country.name
		if c != nil {
			name = c.Name
		}
		a.code = p.country.code
		sector := ""
		if p.sector != nil {
			sector = p.sector.sector
			a.plural = p.sector.plural
		} else if p.title != nil {
			sector = "government"
			a.role = p.title.name
		} else if p.country.kind == nameCapital {
			sector = "government"
		} else if p.country.kind == nameDemonym && p.country.plural {
			sector = "civilians"
			a.plural = true
		} else if p.country.kind == nameDemonym && p.headNoun {
			// "Kenyan students", "Danish farmers" are people of the
			// country; "Mexican goods", "the Syrian border" only the country
			sector = x.peopleSector(p.head)
			a.plural = sector != ""
		}
		a.sector = sector
		a.descriptive = p.headNoun || p.title != nil
		if sector == "" || sector == "government" {
			a.kind, a.entity, a.name = schema.KindCountry, schema.CountryID(a.code), name
		} else {
			a.kind, a.entity, a.name = schema.KindOrganization, schema.OrgID(name+" "+sector), name+" "+sector
		}
	case p.title != nil:
		// "the president": the last person met with that role
		per := doc.personWithRole(p.title.name)
		if per == nil {
			return nil
		}
		a.kind, a.entity, a.name, a.code, a.role, a.person = schema.KindPerson, per.id, per.name, per.country, per.role, per
	case p.sector != nil && p.sector.sector == "ngo":
		a.kind, a.sector, a.plural, a.code = schema.KindOrganization, "ngo", p.sector.plural, schema.CodeNGO
		a.name = "non-governmental organisation"
		a.entity = doc.groupID("ngo")
	case p.sector != nil:
		// a bare sector noun is an actor when plural or definite ("rebels",
		// "the army"), not as a modifier ("military intervention")
		if !p.sector.plural && (from == 0 || !x.lex.is("det", toks[from-1].norm)) {
			return nil
		}
		a.kind, a.sector, a.plural = schema.KindOrganization, p.sector.sector, p.sector.plural
		a.name = p.sector.sector
		a.entity = doc.groupID(a.name)
	default:
		return nil
	}
	return a
}

// peopleSector is the sector of the people a noun names when Phoenix
// knows it as an agent word ("students", "farmers", "workers"), civilians
// for a word of no sector, "" for a noun that names no people ("goods",
// "border", "time").
func (x *Extractor) peopleSector(noun string) string {
	d, err := DefaultDictionaries()
	if err != nil {
		return ""
	}
	for _, a := range d.AgentsOf(noun) {
		if a.Sector != "" {
			return a.Sector
		}
		return "civilians"
	}
	return ""
}

// dictionaryPerson reads a run of two to four proper nouns that no other
// rule took (nor the article's known people) as a person the Phoenix
// actor dictionary knows ("Susan Rice",
// "Pol Pot"), with the country of the role held on the article's date.
// The dictionary is loaded on the first such run.
func (x *Extractor) dictionaryPerson(doc *document, st *sentState, i int) (*actor, int) {
	toks := st.tokens
	if !toks[i].capital || !toks[i].isProperTag() {
		return nil, 0
	}
	end := i
	for end < len(toks) && end < i+4 && toks[end].capital && toks[end].isProperTag() && toks[end].kind == tokWord {
		if ms, _ := x.mentionAt(toks, end); ms != nil {
			break
		}
		end++
	}
	if end-i < 2 {
		return nil, 0
	}
	d, err := DefaultDictionaries()
	if err != nil {
		return nil, 0
	}
	for to := end; to >= i+2; to-- {
		surface := doc.text[toks[i].start:toks[to-1].end]
		r, ok := d.RoleOn(surface, doc.day())
		if !ok || !isCountryCode(r.Country) || !personSectors[r.Sector] || r.Agent == "" {
			continue
		}
		per := doc.addPerson(surface, surface, r.Country, "", false, false, 0, x.lex, st)
		return personActor(per, i, to), to
	}
	return nil, 0
}

// personSectors are the Phoenix roles a person holds: none (an elite),
// government, opposition, the legislature or the judiciary; armed groups,
// businesses and media are organisations. A role without an agent code is
// a place's ("New York", "Arunachal Pradesh").
var personSectors = map[string]bool{"": true, "government": true, "opposition": true, "legislature": true, "judiciary": true}

func personActor(p *person, from, to int) *actor {
	return &actor{from: from, to: to, group: -1, kind: schema.KindPerson, entity: p.id, name: p.name, code: p.country, role: p.role, person: p}
}

// resolvePronoun resolves a personal pronoun to the most recent compatible
// actor: he/she to a person (by gender when known), it/they to a country
// or group, preferring the subject of the current sentence.
func (x *Extractor) resolvePronoun(doc *document, st *sentState, i int, g byte) *actor {
	if g == 'm' || g == 'f' {
		var best *person
		// the subject of the sentence first, then the nearest person
		for _, a := range st.actors {
			if a.person != nil && a.prep == "" && !a.pronoun {
				if a.person.gender == g {
					best = a.person
				}
				break
			}
		}
		for k := len(st.actors) - 1; k >= 0 && best == nil; k-- {
			if p := st.actors[k].person; p != nil && (p.gender == g || p.gender == 0) && !st.actors[k].pronoun {
				best = p
				if p.gender == g {
					break
				}
			}
		}
		if best == nil || best.gender != g {
			if lp := doc.lastPerson; lp != nil && lp.gender == g {
				best = lp
			} else if p := doc.recentPerson(g); p != nil {
				best = p
			} else if best == nil {
				best = doc.lastPerson
			}
		}
		if best == nil {
			return nil
		}
		if best.gender == 0 {
			best.gender = g
		}
		a := personActor(best, i, i+1)
		a.pronoun = true
		a.possessive = st.tokens[i].norm == "his" || st.tokens[i].norm == "her"
		return a
	}
	var src *actor
	for k := 0; k < len(st.actors); k++ {
		c := st.actors[k]
		if c.person == nil && c.code != "" && c.prep == "" && !c.pronoun {
			src = c
			break
		}
	}
	if src == nil {
		for k := len(st.actors) - 1; k >= 0; k-- {
			c := st.actors[k]
			if c.person == nil && c.code != "" && !c.pronoun {
				src = c
				break
			}
		}
	}
	if src == nil {
		src = doc.lastGroup
	}
	if src == nil {
		return nil
	}
	a := *src
	a.from, a.to, a.pronoun, a.group, a.prep = i, i+1, true, -1, ""
	a.possessive = st.tokens[i].norm == "its" || st.tokens[i].norm == "their"
	return &a
}

// dyadActors resolves "the two sides", "both countries" to the article's
// main pair of countries so far.
func (x *Extractor) dyadActors(doc *document, from, to int) []*actor {
	// the pair last named together ("Australia and New Zealand ... both
	// countries"), else the article's main pair
	d := doc.lastPair
	if d[0] == "" {
		d = mainDyad(doc.counts)
	}
	if d[0] == "" || d[1] == "" {
		return nil
	}
	var out []*actor
	for _, c := range d {
		name := c
		if cc := x.names.countries[c]; cc != nil {
			name = cc.Name
		}
		out = append(out, &actor{from: from, to: to, group: -2, kind: schema.KindCountry, entity: schema.CountryID(c), name: name, code: c, pronoun: true, plural: true})
	}
	return out
}

// groupActors links coordinated actors ("France and Germany", "Iran,
// Libya and Cuba", "U.S.-Mexico") into groups.
func (x *Extractor) groupActors(st *sentState) {
	next := 0
	for k := range st.actors {
		a := st.actors[k]
		if a.group == -2 {
			a.group = next
			if k+1 < len(st.actors) && st.actors[k+1].group == -2 {
				st.actors[k+1].group = next
				continue
			}
			next++
			continue
		}
		if a.group >= 0 {
			continue
		}
		if k > 0 {
			b := st.actors[k-1]
			if b.group >= 0 && b.to <= a.from && x.onlyConjunctions(st.tokens[b.to:a.from]) && !b.possessive {
				a.group = b.group
				continue
			}
		}
		a.group = next
		next++
	}
	// a list joined by commas only is no coordination ("According to
	// Sheinbaum, Trump ..."): it needs an "and" or "or" somewhere
	conj := map[int]bool{}
	for k := 1; k < len(st.actors); k++ {
		a, b := st.actors[k-1], st.actors[k]
		if a.group == b.group && b.from >= a.to {
			for _, t := range st.tokens[a.to:b.from] {
				if t.norm == "and" || t.norm == "or" || t.text == "-" || t.text == "&" {
					conj[a.group] = true
				}
			}
		}
	}
	for k := 1; k < len(st.actors); k++ {
		a, b := st.actors[k-1], st.actors[k]
		if a.group == b.group && !conj[a.group] && a.from != b.from {
			old := b.group
			for m := k; m < len(st.actors) && st.actors[m].group == old; m++ {
				st.actors[m].group = next
			}
			next++
		}
	}
	// the members of a coordination share the first one's preposition
	for k := 1; k < len(st.actors); k++ {
		a, b := st.actors[k-1], st.actors[k]
		if a.group == b.group && a.group >= 0 && b.from >= a.to {
			b.prep = a.prep
		}
	}
	// a demonym shares the head noun of its partner: "U.S. and Russian negotiators"
	for k := 0; k+1 < len(st.actors); k++ {
		a, b := st.actors[k], st.actors[k+1]
		if a.group == b.group && a.sector == "" && a.kind == schema.KindCountry && b.sector != "" && b.sector != "government" && !a.pronoun {
			if st.tokens[a.to-1].capital && a.to < len(st.tokens) && st.tokens[a.to].norm == "and" {
				a.sector = b.sector
				a.kind, a.entity, a.name = schema.KindOrganization, schema.OrgID(a.name+" "+b.sector), a.name+" "+b.sector
			}
		}
	}
}

func (x *Extractor) onlyConjunctions(ts []token) bool {
	if len(ts) == 0 {
		return false
	}
	// after a comma or conjunction, an article and up to three words of
	// description may open the next member: ", the African Union and
	// former colonial power France"
	conj, described := false, 0
	for _, t := range ts {
		switch t.norm {
		case ",", "and", "or", "-", "&", "as", "well", "with", "strings", "attached":
			conj = true
			continue
		case "the", "a", "an":
			if conj {
				continue
			}
		}
		if conj && described < 3 && t.kind == tokWord && !t.capital && (t.pos == "JJ" || t.pos == "NN" || x.lex.is("modifier", t.norm)) {
			described++
			continue
		}
		return false
	}
	return conj
}

// markAttribution finds the parts of the sentence that only say who
// reported it: a leading "According to X," and a trailing ", X said ...".
func (x *Extractor) markAttribution(st *sentState) {
	toks := st.tokens
	if len(toks) > 2 && toks[0].norm == "according" && toks[1].norm == "to" {
		for k := 2; k < len(toks); k++ {
			if toks[k].text == "," {
				st.leadAttribution = k + 1
				break
			}
		}
	}
	// trailing: the last comma after which a reporting verb comes near the
	// end ("..., a UN official said on Monday.")
	for k := len(toks) - 1; k > 0; k-- {
		if toks[k].text != "," {
			continue
		}
		if len(toks)-k > 18 {
			break
		}
		for m := k + 1; m < len(toks); m++ {
			if toks[m].norm == "that" {
				break
			}
			if x.lex.is("reporting", toks[m].norm) && len(toks)-m <= 10 {
				st.attribution = k
				break
			}
		}
		break
	}
	if st.attribution == len(toks) && len(toks) > 0 {
		// "..., the Foreign Ministry said." with quotes or brackets at the end
		return
	}
}
