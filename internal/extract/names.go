package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameKind is what a phrase of the names trie denotes.
type nameKind uint8

const (
	nameCountry nameKind = iota + 1
	nameDemonym
	nameCapital
	nameOrg
	nameLeader
	nameTitle
	nameSector
	nameRegion // a place that contains a country name but is none ("Latin America")
)

// nameEntry is one phrase of the names trie: a country name or alias, a
// demonym, a capital or seat of government, an organisation, a leader, a
// title or a sector noun.
type nameEntry struct {
	kind    nameKind
	code    string // ISO3, IGO, NGO or IMG; of a title, the one country that has the office
	name    string // canonical name (country, org, leader) or role (title)
	orgKind string
	sector  string
	leader  *Leader
	head    bool // title of a head of state or government
	gender  byte
	plural  bool // a plural demonym or sector noun ("Israelis", "rebels")
	// proper names must be capitalised in the text; short all-capital
	// aliases ("US", "UN", "IT") must match letter for letter.
	proper bool
	exact  string
}

// names is the trie of every actor phrase, built once by New.
type names struct {
	trie      trie[*nameEntry]
	countries map[string]*Country // by ISO3
}

func buildNames(g *Gazetteer, lx *lexicon) *names {
	n := &names{countries: map[string]*Country{}}
	for i := range g.Countries {
		c := &g.Countries[i]
		n.countries[c.ISO3] = c
		n.addProper(c.Name, &nameEntry{kind: nameCountry, code: c.ISO3, name: c.Name})
		for _, a := range c.Aliases {
			n.addProper(a, &nameEntry{kind: nameCountry, code: c.ISO3, name: c.Name})
		}
		for _, d := range c.Demonyms {
			n.addProper(d, &nameEntry{kind: nameDemonym, code: c.ISO3, name: c.Name, plural: strings.HasSuffix(d, "s") && !strings.HasSuffix(d, "ss")})
		}
		for _, cp := range c.Capitals {
			n.addProper(cp, &nameEntry{kind: nameCapital, code: c.ISO3, name: c.Name})
		}
	}
	for i := range g.Orgs {
		o := &g.Orgs[i]
		n.addProper(o.Name, &nameEntry{kind: nameOrg, code: o.Code, name: o.Name, orgKind: o.Kind})
		for _, a := range o.Aliases {
			n.addProper(a, &nameEntry{kind: nameOrg, code: o.Code, name: o.Name, orgKind: o.Kind})
		}
	}
	for i := range g.Leaders {
		l := &g.Leaders[i]
		n.addProper(l.Name, &nameEntry{kind: nameLeader, code: l.ISO3, name: l.Name, leader: l})
		for _, a := range l.Aliases {
			n.addProper(a, &nameEntry{kind: nameLeader, code: l.ISO3, name: l.Name, leader: l})
		}
	}
	for w := range lx.classes["region"] {
		n.trie.add(phraseKeys(strings.ReplaceAll(w, "_", " ")), &nameEntry{kind: nameRegion, proper: true})
	}
	for _, t := range lx.titles {
		n.trie.add(phraseKeys(t.phrase), &nameEntry{kind: nameTitle, name: t.role, head: t.head, gender: t.gender, code: t.country})
	}
	for _, s := range lx.sectors {
		proper := s.phrase != strings.ToLower(s.phrase)
		e := &nameEntry{kind: nameSector, sector: s.sector, proper: proper, plural: s.plural == "-" || (strings.HasSuffix(s.phrase, "s") && s.plural != "mass")}
		n.trie.add(phraseKeys(s.phrase), e)
		if s.plural != "-" && s.plural != "mass" {
			p := s.plural
			keys := phraseKeys(s.phrase)
			if p == "" {
				keys[len(keys)-1] = thirdPerson(keys[len(keys)-1])
			} else {
				keys = phraseKeys(p)
			}
			n.trie.add(keys, &nameEntry{kind: nameSector, sector: s.sector, plural: true, proper: proper})
		}
	}
	return n
}

// addProper adds a proper name. Names of up to three letters written in
// capitals ("US", "U.S.", "UN", "EU") must appear in capitals, so that "us"
// or "it" never match; other proper names must start with a capital.
func (n *names) addProper(phrase string, e *nameEntry) {
	phrase = strings.TrimSpace(phrase)
	if phrase == "" {
		return
	}
	// a name written lower-case first ("al-Qaeda") may appear so in text
	r0, _ := utf8.DecodeRuneInString(phrase)
	e.proper = unicode.IsUpper(r0)
	letters, upper := 0, 0
	for _, r := range phrase {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters <= 3 && upper == letters {
		e.exact = strings.ReplaceAll(phrase, ".", "")
	}
	n.trie.add(phraseKeys(phrase), e)
}

// accepts reports whether entry e may match toks[from:to] as written.
func (e *nameEntry) accepts(toks []token, from, to int) bool {
	if e.exact != "" {
		var b strings.Builder
		for _, t := range toks[from:to] {
			b.WriteString(strings.ReplaceAll(t.text, ".", ""))
		}
		s := b.String()
		return s == e.exact
	}
	if e.proper {
		t := toks[from]
		return t.capital || t.kind == tokNumber
	}
	return true
}
