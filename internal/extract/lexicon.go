package extract

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"

	"github.com/dipgraph/dipgraph/schema"
)

//go:embed data/lexicon/*.tsv
var lexiconFS embed.FS

// verbEntry is one line of verbs.tsv.
type verbEntry struct {
	phrase    string
	keys      []string // phraseKeys(phrase)
	typ       string   // PLOVER type
	cameo     string
	predicate string // past-tense analyst predicate
	pos       byte   // 'v', 'n' or 'x'
	intent    bool
	modal     bool
	gov       bool
	needComp  bool
	needTo    bool
	needObj   bool
	objWords  map[string]bool
	objType   string
	objOnly   bool   // an event only with one of objWords after it
	popular   string // type when the source is a popular group
	armed     string // type when the source is an armed force (military, rebels)
}

// triggerForm is one surface form of a verbEntry in the trigger trie.
type triggerForm struct {
	entry      *verbEntry
	participle bool // past or past participle form ("offered", "met")
	gerund     bool // "-ing" form
}

// lexicon holds every embedded word list, parsed once.
type lexicon struct {
	triggers   trie[*triggerForm]
	concepts   trie[string]
	classes    map[string]map[string]bool // function.tsv: class → words
	titles     []titleEntry
	sectors    []sectorEntry
	irregular  map[string][2]string
	firstNames map[string]byte
}

type titleEntry struct {
	phrase, role string
	head         bool
	gender       byte
	country      string // ISO3 of the one country with this office, or ""
}

type sectorEntry struct {
	phrase, sector string
	plural         string // "" = phrase+"s", "-" = none
}

func readTSV(name string, minCols int, fn func(cols []string) error) error {
	f, err := lexiconFS.Open("data/lexicon/" + name)
	if err != nil {
		return fmt.Errorf("open lexicon %s: %w", name, err)
	}
	defer f.Close()
	return scanTSV(f, "lexicon "+name, minCols, fn)
}

// scanTSV calls fn with the tab-separated columns of every data line of r
// (not blank, not a "#" comment). Errors name where ("lexicon verbs.tsv")
// and the line.
func scanTSV(r io.Reader, where string, minCols int, fn func(cols []string) error) error {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < minCols {
			return fmt.Errorf("%s:%d: want at least %d columns, got %d", where, n, minCols, len(cols))
		}
		if err := fn(cols); err != nil {
			return fmt.Errorf("%s:%d: %w", where, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", where, err)
	}
	return nil
}

func loadLexicon() (*lexicon, error) { return loadLexiconWith(nil) }

// loadLexiconWith loads the embedded lexicons with the verbs of user
// files (one slice a file, in the order given) merged over verbs.tsv as
// mergeVerbs says.
func loadLexiconWith(userVerbs [][]*verbEntry) (*lexicon, error) {
	lx := &lexicon{classes: map[string]map[string]bool{}, irregular: map[string][2]string{}, firstNames: map[string]byte{}}
	if err := readTSV("irregular.tsv", 3, func(c []string) error {
		lx.irregular[c[0]] = [2]string{c[1], c[2]}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("function.tsv", 2, func(c []string) error {
		m := lx.classes[c[0]]
		if m == nil {
			m = map[string]bool{}
			lx.classes[c[0]] = m
		}
		for _, w := range strings.Fields(c[1]) {
			if c[0] == "region" {
				m[w] = true // kept as written: phrases joined by "_"
				continue
			}
			m[normalize(w)] = true
		}
		return nil
	}); err != nil {
		return nil, err
	}
	var verbs []*verbEntry
	if err := readTSV("verbs.tsv", 5, func(c []string) error {
		e, err := parseVerb(c)
		if err != nil {
			return err
		}
		verbs = append(verbs, e)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(userVerbs) > 0 {
		verbs = mergeVerbs(verbs, userVerbs)
	}
	for _, e := range verbs {
		lx.addTrigger(e)
	}
	if err := readTSV("titles.tsv", 2, func(c []string) error {
		t := titleEntry{phrase: c[0], role: c[1]}
		if len(c) > 2 {
			for _, f := range strings.Split(c[2], ",") {
				switch f {
				case "head":
					t.head = true
				case "m", "f":
					t.gender = f[0]
				default:
					if !isCountryCode(f) {
						return fmt.Errorf("title %q: unknown flag %q", c[0], f)
					}
					t.country = f
				}
			}
		}
		lx.titles = append(lx.titles, t)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("sectors.tsv", 2, func(c []string) error {
		s := sectorEntry{phrase: c[0], sector: c[1]}
		if len(c) > 2 {
			s.plural = c[2]
		}
		lx.sectors = append(lx.sectors, s)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("concepts.tsv", 2, func(c []string) error {
		lx.concepts.add(phraseKeys(c[0]), c[1])
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("firstnames.tsv", 2, func(c []string) error {
		for _, n := range strings.Fields(c[1]) {
			lx.firstNames[normalize(n)] = c[0][0]
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return lx, nil
}

func (lx *lexicon) is(class, norm string) bool { return lx.classes[class][norm] }

// parseVerb parses the columns of one line of verbs.tsv (or of a user
// verbs file).
func parseVerb(c []string) (*verbEntry, error) {
	e := &verbEntry{phrase: c[0], typ: c[1], cameo: c[2], predicate: schema.ActionPredicate(c[3])}
	if e.keys = phraseKeys(e.phrase); len(e.keys) == 0 {
		return nil, fmt.Errorf("empty phrase %q", e.phrase)
	}
	if !schema.IsEventType(e.typ) {
		return nil, fmt.Errorf("unknown PLOVER type %q", e.typ)
	}
	if len(c[4]) != 1 || !strings.Contains("vnx", c[4]) {
		return nil, fmt.Errorf("bad part of speech %q", c[4])
	}
	e.pos = c[4][0]
	if len(c) > 5 {
		for _, f := range strings.Split(c[5], ",") {
			switch {
			case f == "intent":
				e.intent = true
			case f == "modal":
				e.modal = true
			case f == "gov":
				e.gov = true
			case f == "needcomp":
				e.needComp = true
			case f == "needto":
				e.needTo = true
			case f == "needobj":
				e.needObj = true
			case f == "objonly":
				e.objOnly = true
			case strings.HasPrefix(f, "armed="):
				e.armed = f[len("armed="):]
				if !schema.IsEventType(e.armed) {
					return nil, fmt.Errorf("bad armed type %q", f)
				}
			case strings.HasPrefix(f, "popular="):
				e.popular = f[len("popular="):]
				if !schema.IsEventType(e.popular) {
					return nil, fmt.Errorf("bad popular type %q", f)
				}
			case strings.HasPrefix(f, "obj="):
				words, typ, ok := strings.Cut(f[4:], ":")
				if !ok || !schema.IsEventType(typ) {
					return nil, fmt.Errorf("bad object override %q", f)
				}
				e.objWords = map[string]bool{}
				for _, w := range strings.Split(words, "|") {
					e.objWords[w] = true
				}
				e.objType = typ
			case f == "":
			default:
				return nil, fmt.Errorf("unknown flag %q", f)
			}
		}
	}
	return e, nil
}

// addTrigger adds the surface forms of a verb entry to the trigger trie.
func (lx *lexicon) addTrigger(e *verbEntry) {
	keys := e.keys
	switch e.pos {
	case 'x':
		// exact phrases are never read as passive participles ("is prepared to")
		lx.triggers.add(keys, &triggerForm{entry: e})
	case 'n':
		lx.triggers.add(keys, &triggerForm{entry: e})
		last := len(keys) - 1
		for _, p := range pluralForms(keys[last]) {
			k := append(append([]string(nil), keys[:last]...), p)
			lx.triggers.add(k, &triggerForm{entry: e})
		}
	case 'v':
		for _, f := range lx.verbForms(keys[0]) {
			k := append([]string{f.form}, keys[1:]...)
			lx.triggers.add(k, &triggerForm{entry: e, participle: f.participle, gerund: f.gerund})
		}
	}
}

type verbForm struct {
	form               string
	participle, gerund bool
}

var beForms = []string{"be", "is", "are", "was", "were", "been", "being", "am", "'s"}

// verbForms inflects a verb: base, third person, past, past participle and
// -ing. Irregular pasts come from irregular.tsv; for a final
// consonant-vowel-consonant both the doubled and the plain forms are made
// ("banned", "offered"), since a form no text uses costs nothing.
func (lx *lexicon) verbForms(base string) []verbForm {
	if base == "be" {
		out := make([]verbForm, len(beForms))
		for i, f := range beForms {
			out[i] = verbForm{form: f}
		}
		return out
	}
	out := []verbForm{{form: base}, {form: thirdPerson(base)}}
	add := func(f verbForm) {
		for i := range out {
			if out[i].form == f.form {
				// "put", "cut": the base form is also the participle
				out[i].participle = out[i].participle || f.participle
				return
			}
		}
		out = append(out, f)
	}
	if irr, ok := lx.irregular[base]; ok {
		add(verbForm{form: irr[0], participle: true})
		add(verbForm{form: irr[1], participle: true})
	} else {
		for _, p := range pastForms(base) {
			add(verbForm{form: p, participle: true})
		}
	}
	for _, g := range gerundForms(base) {
		add(verbForm{form: g, gerund: true})
	}
	return out
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func thirdPerson(w string) string {
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"), strings.HasSuffix(w, "o"):
		return w + "es"
	case len(w) > 1 && w[len(w)-1] == 'y' && !isVowel(w[len(w)-2]):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

func pluralForms(w string) []string {
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return nil
	}
	return []string{thirdPerson(w)}
}

// cvc reports whether w ends consonant-vowel-consonant (not w, x, y).
func cvc(w string) bool {
	n := len(w)
	if n < 3 {
		return false
	}
	a, b, c := w[n-3], w[n-2], w[n-1]
	return !isVowel(a) && isVowel(b) && !isVowel(c) && strings.IndexByte("wxy", c) < 0
}

func pastForms(w string) []string {
	switch {
	case strings.HasSuffix(w, "e"):
		return []string{w + "d"}
	case len(w) > 1 && w[len(w)-1] == 'y' && !isVowel(w[len(w)-2]):
		return []string{w[:len(w)-1] + "ied"}
	case cvc(w):
		return []string{w + "ed", w + w[len(w)-1:] + "ed"}
	}
	return []string{w + "ed"}
}

func gerundForms(w string) []string {
	switch {
	case strings.HasSuffix(w, "ie"):
		return []string{w[:len(w)-2] + "ying"}
	case strings.HasSuffix(w, "ee"):
		return []string{w + "ing"}
	case strings.HasSuffix(w, "e") && len(w) > 2:
		return []string{w[:len(w)-1] + "ing"}
	case cvc(w):
		return []string{w + "ing", w + w[len(w)-1:] + "ing"}
	}
	return []string{w + "ing"}
}
