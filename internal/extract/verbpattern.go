package extract

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

// The verb-pattern engine reads PETRARCH-2's verb dictionary (CAMEO.2.0,
// converted into data/petrarch) the way PETRARCH does: a verb's patterns
// name the words that may follow or precede it ("seize" + "weapons" is
// a confiscation, 1711; "seize" + "control" an occupation, 192; "call"
// + "(on +)" an appeal to the actor after "on"), and the most specific
// pattern that matches decides the event's code. Matching runs over the
// project's tokens and part-of-speech tags, not over a parse tree: each
// element of a pattern must occur, in order, close after the previous
// one and inside the verb's clause.
//
// The engine refines the project's lexicon rather than replacing it: a
// lexicon trigger keeps its type unless a pattern with a literal word
// matches; a dictionary verb the lexicon lacks becomes a trigger only
// when such a pattern matches and its code maps to a PLOVER type. A bare
// dictionary verb, matched by no pattern, is not coded: its isolated
// code is too coarse for news the coder has not seen.

// pelKind is the kind of one element of a verb pattern.
type pelKind uint8

const (
	pelWord   pelKind = iota // a word, or words that must be consecutive
	pelSynset                // "&WEAPON": any member of the set
	pelPrep                  // "(on ...)": a preposition and its elements
	pelTarget                // "+"
	pelSource                // "$"
	pelSkip                  // "^": any noun phrase; matches nothing
)

type pel struct {
	kind  pelKind
	words []string // pelWord: consecutive words; pelPrep: the preposition
	set   [][]string
	sub   []pel // pelPrep: elements inside the phrase
}

// verbPattern is one compiled dictionary pattern.
type verbPattern struct {
	pre, post []pel
	entry     *verbEntry // nil when the code is "---" (no event)
	weight    int        // literal words: the pattern's specificity
	line      int
	verb      string // the verb the pattern was written for ("TAKE"), from its note
}

// verbPatterns indexes the compiled patterns by verb form.
type verbPatterns struct {
	byForm map[string][]*verbPattern // most specific first
}

// defaultVerbPatterns compiles the embedded verb dictionary once per
// process (about 20 ms; the actor tables are not read).
var defaultVerbPatterns = sync.OnceValues(func() (*verbPatterns, error) {
	sub, err := fs.Sub(petrarchFiles, "data/petrarch")
	if err != nil {
		return nil, fmt.Errorf("verb dictionary: %w", err)
	}
	d, err := parseDictionaries(sub, false)
	if err != nil {
		return nil, fmt.Errorf("verb dictionary: %w", err)
	}
	return compileVerbPatterns(d)
})

func compileVerbPatterns(d *Dictionaries) (*verbPatterns, error) {
	vp := &verbPatterns{byForm: map[string][]*verbPattern{}}
	byBlock := map[string][]*verbPattern{}
	for _, p := range d.Patterns {
		if p.Negated || p.CAMEO == "" {
			continue
		}
		c, err := compilePattern(d, p)
		if err != nil {
			return nil, fmt.Errorf("CAMEO.2.0.txt line %d: %w", p.Line, err)
		}
		if c != nil {
			byBlock[p.Block] = append(byBlock[p.Block], c)
		}
	}
	// A pattern was written for the verb its note names ("TAKE" in the
	// block of "capture", "seize" and "take"): "take part" is no capture.
	// It applies to that verb only, or to the whole block when the note
	// names no verb of it.
	lemmas := map[string]map[string]bool{}
	for _, v := range d.Verbs {
		if lemmas[v.Block] == nil {
			lemmas[v.Block] = map[string]bool{}
		}
		lemmas[v.Block][strings.ToUpper(v.Lemma)] = true
	}
	for _, v := range d.Verbs {
		var ps []*verbPattern
		for _, p := range byBlock[v.Block] {
			if p.verb == "" || !lemmas[v.Block][p.verb] || p.verb == strings.ToUpper(v.Lemma) {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].weight > ps[j].weight })
		for _, f := range v.Forms {
			// multi-word verbs ("cordon off") are keyed by their first word;
			// the rest of the phrase is matched as the pattern's first words
			if strings.Contains(f, " ") {
				continue
			}
			if old := vp.byForm[f]; len(old) > 0 {
				// a form of two verbs ("left"): both verbs' patterns
				merged := append(append([]*verbPattern(nil), old...), ps...)
				sort.SliceStable(merged, func(i, j int) bool { return merged[i].weight > merged[j].weight })
				vp.byForm[f] = dedupePatterns(merged)
				continue
			}
			vp.byForm[f] = ps
		}
	}
	return vp, nil
}

func dedupePatterns(ps []*verbPattern) []*verbPattern {
	out := ps[:0]
	seen := map[*verbPattern]bool{}
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// compilePattern turns a dictionary pattern into elements; nil when the
// pattern holds no literal word (only slots or a bare preposition): such
// a pattern says too little to code an event by itself.
func compilePattern(d *Dictionaries, p *DictPattern) (*verbPattern, error) {
	pre, err := parsePels(d, strings.Join(p.Pre, " "))
	if err != nil {
		return nil, err
	}
	post, err := parsePels(d, strings.Join(p.Post, " "))
	if err != nil {
		return nil, err
	}
	c := &verbPattern{pre: pre, post: post, line: p.Line, verb: strings.ToUpper(strings.TrimSuffix(strings.TrimSpace(p.Note), "!"))}
	c.weight = pelWeight(pre) + pelWeight(post)
	if c.weight == 0 && !hasSlot(post) {
		return nil, nil
	}
	if p.CAMEO != "---" {
		if p.PLOVER == "" {
			return nil, nil
		}
		c.entry = &verbEntry{phrase: strings.ToLower(p.Note), typ: p.PLOVER, cameo: p.CAMEO, pos: 'v'}
	}
	return c, nil
}

// hasSlot reports a target or source slot, inside a phrase or not.
func hasSlot(ps []pel) bool {
	for _, p := range ps {
		if p.kind == pelTarget || p.kind == pelSource || p.kind == pelPrep && hasSlot(p.sub) {
			return true
		}
	}
	return false
}

func pelWeight(ps []pel) int {
	n := 0
	for _, p := range ps {
		switch p.kind {
		case pelWord:
			n += len(p.words)
		case pelSynset:
			n++
		case pelPrep:
			n += pelWeight(p.sub)
		}
	}
	return n
}

var patternSpacer = strings.NewReplacer("(", " ( ", ")", " ) ", "{", " ", "}", " ", "_", " ")

// parsePels reads pattern text: words, "{noun phrase}", "(prep ...)",
// "&SET", "+", "$", "^"; "%" and "_" join or mark and are read as
// adjacency.
func parsePels(d *Dictionaries, s string) ([]pel, error) {
	s = patternSpacer.Replace(s)
	var out []pel
	stack := [][]pel{}
	cur := &out
	fields := strings.Fields(s)
	for i := 0; i < len(fields); i++ {
		f := strings.ToLower(fields[i])
		switch {
		case f == "(":
			if i+1 >= len(fields) {
				return nil, fmt.Errorf("unclosed phrase in %q", s)
			}
			stack = append(stack, *cur)
			i++
			*cur = nil
			p := pel{kind: pelPrep, words: []string{strings.ToLower(fields[i])}}
			stack = append(stack, []pel{p})
		case f == ")":
			if len(stack) < 2 {
				return nil, fmt.Errorf("unbalanced phrase in %q", s)
			}
			p := stack[len(stack)-1][0]
			p.sub = *cur
			*cur = append(stack[len(stack)-2], p)
			stack = stack[:len(stack)-2]
		case f == "+":
			*cur = append(*cur, pel{kind: pelTarget})
		case f == "$":
			*cur = append(*cur, pel{kind: pelSource})
		case f == "^":
			*cur = append(*cur, pel{kind: pelSkip})
		case f == "%" || f == "*":
		case strings.HasPrefix(f, "&"):
			members := d.Synset(strings.ToUpper(f))
			if len(members) == 0 {
				return nil, fmt.Errorf("unknown synonym set %s", f)
			}
			set := make([][]string, 0, len(members))
			for _, m := range members {
				set = append(set, patternWords(m))
			}
			*cur = append(*cur, pel{kind: pelSynset, set: set})
		default:
			ws := patternWords(f)
			if n := len(*cur); n > 0 && (*cur)[n-1].kind == pelWord {
				(*cur)[n-1].words = append((*cur)[n-1].words, ws...)
			} else {
				*cur = append(*cur, pel{kind: pelWord, words: ws})
			}
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("unclosed phrase in %q", s)
	}
	return out, nil
}

// patternWords splits a dictionary word the way the tokenizer splits text
// ("bomb-making" → bomb - making).
func patternWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ReplaceAll(strings.ToLower(s), "-", " - ")) {
		out = append(out, w)
	}
	return out
}

// patternMatch is the outcome of matching a verb's patterns at a token.
type patternMatch struct {
	p              *verbPattern
	target, source *actor
}

// Pattern windows, in tokens: an element may start this far after the
// end of the previous one (modifiers, determiners), and the words before
// the verb may stand this far before it (auxiliaries, adverbs).
const (
	patternGap    = 5
	patternPreGap = 5
)

// matchVerbPatterns returns the most specific pattern of the verb at
// token v that matches its clause, of at least minWeight literal words;
// the verb phrase ends at after (the token after the verb and its
// particles).
func (x *Extractor) matchVerbPatterns(st *sentState, v, after, minWeight int) (patternMatch, bool) {
	if x.patterns == nil {
		return patternMatch{}, false
	}
	ps := x.patterns.byForm[st.tokens[v].norm]
	end := patternClauseEnd(st, after)
	for _, p := range ps {
		if p.weight < minWeight {
			break // most specific first
		}
		m := patternMatch{p: p}
		if len(p.post) > 0 {
			if _, ok := x.matchPels(st, p.post, v+1, end, &m, true); !ok {
				continue
			}
		}
		if len(p.pre) > 0 && !x.matchPre(st, p.pre, v, &m) {
			continue
		}
		return m, true
	}
	return patternMatch{}, false
}

// patternClauseEnd is where a verb's own words stop: a semicolon, a
// relative or complement clause, or the next comma.
func patternClauseEnd(st *sentState, from int) int {
	toks := st.tokens
	for i := from; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.text == ";" || t.text == ",", t.pos == "WDT" || t.pos == "WP", t.norm == "that" && t.pos == "IN":
			return i
		}
	}
	return len(toks)
}

// matchPels matches elements in order from token from, each within
// patternGap tokens of the last (the first within patternGap of from
// when first is set), before end. It returns the token after the match.
func (x *Extractor) matchPels(st *sentState, ps []pel, from, end int, m *patternMatch, first bool) (int, bool) {
	cur := from
	for _, p := range ps {
		if p.kind == pelSkip {
			continue
		}
		limit := min(end, cur+patternGap+1)
		found := false
		for k := cur; k < limit; k++ {
			if n, ok := x.matchPel(st, p, k, end, m); ok {
				cur, found = n, true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return cur, true
}

// matchPel matches one element starting at token k.
func (x *Extractor) matchPel(st *sentState, p pel, k, end int, m *patternMatch) (int, bool) {
	toks := st.tokens
	switch p.kind {
	case pelWord:
		return matchWordSeq(toks, k, end, p.words)
	case pelSynset:
		for _, ws := range p.set {
			if n, ok := matchWordSeq(toks, k, end, ws); ok {
				return n, true
			}
		}
	case pelPrep:
		if toks[k].norm != p.words[0] {
			return 0, false
		}
		if len(p.sub) == 0 {
			return k + 1, true
		}
		return x.matchPels(st, p.sub, k+1, end, m, true)
	case pelTarget, pelSource:
		a := st.actorAtTok(k)
		if a == nil || a.prep == "according to" {
			return 0, false
		}
		if p.kind == pelTarget {
			m.target = a
		} else {
			m.source = a
		}
		return max(a.to, k+1), true
	}
	return 0, false
}

// matchWordSeq matches consecutive words at k; the last may be plural.
func matchWordSeq(toks []token, k, end int, ws []string) (int, bool) {
	if k+len(ws) > end {
		return 0, false
	}
	for j, w := range ws {
		n := toks[k+j].norm
		if n == w {
			continue
		}
		if j == len(ws)-1 && isPluralOf(n, w) {
			continue
		}
		return 0, false
	}
	return k + len(ws), true
}

// isPluralOf reports n as a regular plural of w (w+s, w+es, -y → -ies),
// without building the forms: this runs for every pattern word tried.
func isPluralOf(n, w string) bool {
	switch len(n) - len(w) {
	case 1:
		return n[len(w)] == 's' && n[:len(w)] == w
	case 2:
		if n[len(w):] == "es" && n[:len(w)] == w {
			return true
		}
		return len(w) > 1 && w[len(w)-1] == 'y' && n[len(w)-1:] == "ies" && n[:len(w)-1] == w[:len(w)-1]
	}
	return false
}

// matchPre matches the words before the verb, right to left: the last
// element within patternPreGap tokens of the verb.
func (x *Extractor) matchPre(st *sentState, ps []pel, v int, m *patternMatch) bool {
	cur := v
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		if p.kind == pelSkip {
			continue
		}
		found := false
		for k := cur - 1; k >= 0 && k >= cur-patternPreGap; k-- {
			if st.tokens[k].text == "," || st.tokens[k].text == ";" {
				break
			}
			if n, ok := x.matchPel(st, p, k, cur, m); ok && n <= cur {
				cur, found = k, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
