package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// verbDict is the parsed CAMEO.2.0.txt: synonym sets, then verb blocks
// (a header "--- NAME [CODE] ---", verb lines, pattern lines "- ...").
type verbDict struct {
	synsets    []synset
	blocks     []*verbBlock
	transforms int // "~" lines, not converted
}

type synset struct {
	Name     string // "&CURRENCY", without the trailing "_"
	NoPlural bool   // the label ended with "_": no plurals for any member
	Line     int
	Members  []synMember
}

type synMember struct {
	Phrase   string // lower case, words separated by spaces
	NoPlural bool   // the phrase or the label ended with "_"
	Line     int
}

type verbBlock struct {
	Name, Code string // header: "ACCELERATE", "---"
	Line       int
	Verbs      []verbLine
	Patterns   []pattern
}

type verbLine struct {
	Lemma string   // "cordon off"
	Head  string   // the inflected word: "cordon"
	Code  string   // the verb's own code, "" for the block's
	Forms []string // the lemma first, then the other forms
	Given bool     // forms written in {...} in the source (else generated)
	Line  int
}

type pattern struct {
	Line        int
	Pre, Post   []string // tokens before and after the verb ("*")
	Code, Code2 string   // "[042:043]" gives 042 and 043; "[:173]" "" and 173
	Mark        string   // a mark after the code ("!" in "[080!]")
	Note        string   // the comment: the verb the pattern came from
	Skipped     string   // why a malformed pattern was left out
}

// parseVerbs reads the verb dictionary.
func parseVerbs(r io.Reader) (*verbDict, error) {
	d := &verbDict{}
	var syn *synset
	var blk *verbBlock
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		raw := strings.TrimRight(sc.Text(), " \t\r")
		line, comment := splitComment(raw)
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "---"):
			b, err := parseBlockHeader(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			b.Line = n
			d.blocks = append(d.blocks, b)
			blk, syn = b, nil
		case strings.HasPrefix(line, "~"):
			d.transforms++
		case strings.HasPrefix(line, "&") && blk == nil:
			name := line
			s := synset{Name: strings.TrimSuffix(name, "_"), NoPlural: strings.HasSuffix(name, "_"), Line: n}
			if strings.ContainsAny(name, " \t") {
				return nil, fmt.Errorf("line %d: synonym set label %q has a blank", n, name)
			}
			d.synsets = append(d.synsets, s)
			syn = &d.synsets[len(d.synsets)-1]
		case strings.HasPrefix(line, "+") && syn != nil:
			ph := strings.TrimPrefix(line, "+")
			syn.Members = append(syn.Members, synMember{Phrase: underscoresToSpaces(ph), NoPlural: syn.NoPlural || strings.HasSuffix(ph, "_"), Line: n})
		case strings.HasPrefix(line, "-"):
			if blk == nil {
				return nil, fmt.Errorf("line %d: pattern outside a verb block", n)
			}
			p, err := parsePattern(strings.TrimPrefix(line, "-"))
			if err != nil {
				// Kept as a comment in patterns.tsv: the source has a few
				// malformed patterns, which PETRARCH ignores too.
				blk.Patterns = append(blk.Patterns, pattern{Line: n, Skipped: err.Error()})
				continue
			}
			p.Line, p.Note = n, strings.TrimSpace(comment)
			blk.Patterns = append(blk.Patterns, p)
		default:
			if blk == nil {
				return nil, fmt.Errorf("line %d: %q outside a synonym set or verb block", n, line)
			}
			v, err := parseVerbLine(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			v.Line = n
			blk.Verbs = append(blk.Verbs, v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(d.blocks) == 0 {
		return nil, fmt.Errorf("no verb blocks")
	}
	// PETRARCH ignores a pattern that refers to an undefined set.
	defined := map[string]bool{}
	for _, s := range d.synsets {
		defined[s.Name] = true
	}
	for _, b := range d.blocks {
		for i := range b.Patterns {
			p := &b.Patterns[i]
			for _, ref := range p.synsetRefs() {
				if !defined[ref] && p.Skipped == "" {
					p.Skipped = "undefined synonym set " + ref
				}
			}
		}
	}
	return d, nil
}

// splitComment cuts a line at its first "#" or ";" (TABARI's comment
// mark, left on two verb lines).
func splitComment(s string) (text, comment string) {
	if i := strings.IndexAny(s, "#;"); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// parseBlockHeader reads "---  NAME   [CODE]  ---".
func parseBlockHeader(line string) (*verbBlock, error) {
	body := strings.TrimSpace(strings.Trim(line, "-"))
	b := &verbBlock{Code: "---"}
	if i := strings.IndexByte(body, '['); i >= 0 {
		j := strings.IndexByte(body[i:], ']')
		if j < 0 {
			return nil, fmt.Errorf("block header %q: unclosed [", line)
		}
		b.Code = strings.TrimSpace(body[i+1 : i+j])
		body = body[:i]
	}
	b.Name = strings.TrimSpace(body)
	if b.Name == "" {
		return nil, fmt.Errorf("block header %q without a name", line)
	}
	return b, nil
}

// parseVerbLine reads "VERB", "VERB {FORMS}", "+MULTI_WORD {+FORMS} [CODE]".
func parseVerbLine(line string) (verbLine, error) {
	var v verbLine
	if i := strings.LastIndexByte(line, '['); i >= 0 {
		j := strings.IndexByte(line[i:], ']')
		if j < 0 {
			return v, fmt.Errorf("verb %q: unclosed [", line)
		}
		v.Code = strings.TrimSpace(line[i+1 : i+j])
		line = strings.TrimSpace(line[:i] + line[i+j+1:])
	}
	var given []string
	if i := strings.IndexByte(line, '{'); i >= 0 {
		j := strings.IndexByte(line[i:], '}')
		if j < 0 {
			return v, fmt.Errorf("verb %q: unclosed {", line)
		}
		v.Given = true
		given = strings.Fields(line[i+1 : i+j])
		line = strings.TrimSpace(line[:i] + line[i+j+1:])
	}
	if strings.ContainsAny(line, " \t") || line == "" {
		return v, fmt.Errorf("verb %q: want one phrase", line)
	}
	words, head := verbWords(line)
	v.Lemma, v.Head = strings.Join(words, " "), words[head]
	v.Forms = []string{v.Lemma}
	if v.Given {
		for _, g := range given {
			gw, _ := verbWords(g)
			addForm(&v.Forms, strings.Join(gw, " "))
		}
		return v, nil
	}
	for _, f := range regularForms(words[head]) {
		w := append([]string(nil), words...)
		w[head] = f
		addForm(&v.Forms, strings.Join(w, " "))
	}
	return v, nil
}

func addForm(forms *[]string, f string) {
	if !contains(*forms, f) {
		*forms = append(*forms, f)
	}
}

// verbWords splits "WIRE_+TAP" into ["wire", "tap"] with the head (the
// word marked "+", else the first) at index 1.
func verbWords(s string) ([]string, int) {
	parts := strings.Split(s, "_")
	var words []string
	head := 0
	for _, p := range parts {
		if p == "" {
			continue
		}
		if strings.HasPrefix(p, "+") {
			head = len(words)
			p = p[1:]
		}
		words = append(words, strings.ToLower(p))
	}
	if len(words) == 0 {
		return []string{""}, 0
	}
	return words, head
}

// regularForms are the forms PETRARCH generates for a regular verb: third
// person, past, gerund. Consonants are not doubled; the dictionary lists
// such forms in braces.
func regularForms(w string) []string {
	if w == "" {
		return nil
	}
	var s, ed, ing string
	consY := len(w) > 1 && w[len(w)-1] == 'y' && !strings.ContainsRune("aeiou", rune(w[len(w)-2]))
	switch {
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		s = w + "es"
	case consY:
		s = w[:len(w)-1] + "ies"
	default:
		s = w + "s"
	}
	switch {
	case strings.HasSuffix(w, "e"):
		ed = w + "d"
	case consY:
		ed = w[:len(w)-1] + "ied"
	default:
		ed = w + "ed"
	}
	switch {
	case strings.HasSuffix(w, "ie"):
		ing = w[:len(w)-2] + "ying"
	case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && !strings.HasSuffix(w, "ye") && !strings.HasSuffix(w, "oe") && len(w) > 2:
		ing = w[:len(w)-1] + "ing"
	default:
		ing = w + "ing"
	}
	return []string{s, ed, ing}
}

// underscoresToSpaces turns "CEASE_FIRE_" into "cease fire".
func underscoresToSpaces(s string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == ' ' || r == '\t' }), " "))
}

// parsePattern reads " PRE * POST [CODE]".
func parsePattern(s string) (pattern, error) {
	var p pattern
	i := strings.LastIndexByte(s, '[')
	if i < 0 || !strings.Contains(s[i:], "]") {
		return p, fmt.Errorf("pattern %q without [CODE]", s)
	}
	code := strings.TrimSpace(s[i+1 : i+strings.IndexByte(s[i:], ']')])
	if rest := strings.TrimSpace(s[i+strings.IndexByte(s[i:], ']')+1:]); rest != "" {
		return p, fmt.Errorf("pattern %q: text after the code", s)
	}
	if strings.HasSuffix(code, "!") {
		p.Mark, code = "!", strings.TrimSuffix(code, "!")
	}
	p.Code, p.Code2, _ = strings.Cut(code, ":")
	if p.Code == "" && p.Code2 == "" {
		return p, fmt.Errorf("pattern %q: empty code", s)
	}
	toks, err := patternTokens(s[:i])
	if err != nil {
		return p, fmt.Errorf("pattern %q: %w", s, err)
	}
	star := -1
	for k, t := range toks {
		if t == "*" {
			if star >= 0 {
				return p, fmt.Errorf("pattern %q: two verb marks", s)
			}
			star = k
		}
	}
	if star < 0 {
		return p, fmt.Errorf("pattern %q: no verb mark *", s)
	}
	p.Pre, p.Post = toks[:star], toks[star+1:]
	return p, nil
}

// patternTokens splits a pattern into words, "{noun phrase}" and
// "(prepositional phrase)" groups, "$", "+", "^", "%" and "*". Words are
// lower-cased; synonym-set names stay upper case ("&FOOD").
func patternTokens(s string) ([]string, error) {
	var toks []string
	depth := 0
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, normPatternText(cur.String()))
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '(' || r == '{':
			if depth == 0 {
				flush()
			}
			depth++
			cur.WriteRune(r)
		case r == ')' || r == '}':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced %q", r)
			}
			cur.WriteRune(r)
			if depth == 0 {
				flush()
			}
		case r == '*' && depth == 0:
			flush()
			toks = append(toks, "*")
		case r == ' ' || r == '\t':
			if depth == 0 {
				flush()
			} else if cur.Len() > 0 && !strings.HasSuffix(cur.String(), " ") {
				cur.WriteByte(' ')
			}
		default:
			cur.WriteRune(r)
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced brackets")
	}
	flush()
	return toks, nil
}

// normPatternText lower-cases the words of a token, keeps "&NAME" upper
// case, drops a synonym-set label's trailing "_" and tidies blanks inside
// brackets.
func normPatternText(t string) string {
	t = strings.ReplaceAll(strings.ReplaceAll(t, "( ", "("), "{ ", "{")
	t = strings.ReplaceAll(strings.ReplaceAll(t, " )", ")"), " }", "}")
	words := strings.Split(t, " ")
	for k, w := range words {
		core := strings.TrimLeft(w, "({")
		if strings.HasPrefix(core, "&") {
			continue
		}
		words[k] = strings.ToLower(w)
	}
	return strings.Join(words, " ")
}

// slots says where the source ($) and target (+) slots are: "pre" or
// "post" for a bare slot, "pre:PREP" or "post:PREP" for one inside a
// prepositional phrase ("(from $)" after the verb is "post:from").
func (p pattern) slots() (source, target string) {
	find := func(sym string) string {
		for _, sd := range []struct {
			side string
			toks []string
		}{{"pre", p.Pre}, {"post", p.Post}} {
			side := sd.side
			for _, t := range sd.toks {
				if t == sym {
					return side
				}
				if !strings.HasPrefix(t, "(") && !strings.HasPrefix(t, "{") {
					continue
				}
				inner := strings.Fields(strings.NewReplacer("(", " ", ")", " ", "{", " ", "}", " ").Replace(t))
				for k, w := range inner {
					if w != sym {
						continue
					}
					if strings.HasPrefix(t, "(") && k > 0 {
						return side + ":" + inner[0]
					}
					return side
				}
			}
		}
		return ""
	}
	return find("$"), find("+")
}

// preps lists the prepositional phrases of the pattern.
func (p pattern) preps() []string {
	var out []string
	for _, t := range append(append([]string(nil), p.Pre...), p.Post...) {
		if strings.HasPrefix(t, "(") {
			out = append(out, t)
		}
	}
	return out
}

// synsets lists the synonym sets the pattern refers to.
func (p pattern) synsetRefs() []string {
	var out []string
	for _, t := range append(append([]string(nil), p.Pre...), p.Post...) {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(" (){}", r) }) {
			if strings.HasPrefix(w, "&") && !contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// negated reports whether the pattern holds a negation word.
func (p pattern) negated() bool {
	for _, t := range append(append([]string(nil), p.Pre...), p.Post...) {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(" (){}", r) }) {
			switch w {
			case "not", "no", "never", "n't":
				return true
			}
		}
	}
	return false
}

// codeUse counts the patterns carrying each code (either half of a
// paired code).
func (d *verbDict) codeUse() map[string]int {
	m := map[string]int{}
	for _, b := range d.blocks {
		for _, p := range b.Patterns {
			if p.Skipped != "" {
				continue
			}
			for _, c := range []string{p.Code, p.Code2} {
				if c != "" {
					m[c]++
				}
			}
		}
	}
	return m
}

type verbStats struct {
	Blocks, Verbs, Forms, Patterns int
	WithSource, WithTarget         int
	Negated, Paired, Null, Skipped int
	Synsets, SynMembers            int
	Transforms                     int
	ByMapping                      map[string]int
}

// blockCode is the effective code of a verb: its own, else its block's.
func (b *verbBlock) verbCode(v verbLine) string {
	if v.Code != "" {
		return v.Code
	}
	return b.Code
}

func (d *verbDict) writeVerbs(w io.Writer, h header) (verbStats, error) {
	st := verbStats{Blocks: len(d.blocks), Synsets: len(d.synsets), Transforms: d.transforms}
	for _, s := range d.synsets {
		st.SynMembers += len(s.Members)
	}
	bw := bufio.NewWriter(w)
	h.write(bw)
	fmt.Fprint(bw, `#
# Verbs of the verb dictionary, one line per verb line of the source.
# Verbs of one block are synonyms: the block's patterns (patterns.tsv)
# apply to each. Columns:
#   block       the block's name (its header "--- NAME [CODE] ---")
#   lemma       base form; words of multi-word verbs separated by blanks
#   head        the word that inflects ("cordon" in "cordon off")
#   code        CAMEO code of the isolated verb: its own, else the block's;
#               "---" codes no event; "A:B" is a paired code (see
#               patterns.tsv)
#   forms       every form, the lemma first, separated by "|"
#   inflection  given: the forms were written in {...} in the source (and
#               only those exist); regular: third person, past and gerund
#               generated by the converter, as PETRARCH does
#   line        line in CAMEO.2.0.txt
`)
	fmt.Fprintln(bw, "# block\tlemma\thead\tcode\tforms\tinflection\tline")
	seen := map[string]bool{}
	for _, b := range d.blocks {
		for _, v := range b.Verbs {
			st.Verbs++
			infl := "regular"
			if v.Given {
				infl = "given"
			}
			for _, f := range v.Forms {
				if !seen[f] {
					seen[f] = true
					st.Forms++
				}
			}
			fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", b.Name, v.Lemma, v.Head, b.verbCode(v), strings.Join(v.Forms, "|"), infl, v.Line)
		}
	}
	return st, bw.Flush()
}

func (d *verbDict) writePatterns(w io.Writer, h header, pm ploverMap, st *verbStats) error {
	st.ByMapping = map[string]int{}
	bw := bufio.NewWriter(w)
	h.write(bw)
	fmt.Fprint(bw, `#
# Verb patterns, one line per pattern, in the order of the source; a
# pattern belongs to the verb block named in its first column and applies
# to every verb of that block (verbs.tsv). Columns:
#   block     verb block
#   line      line in CAMEO.2.0.txt
#   pre       tokens before the verb, separated by blanks
#   post      tokens after the verb
#             A token is a word (the head of a noun phrase), "{words}" a
#             noun phrase whose last word is the head, "(prep words)" a
#             prepositional phrase, "&NAME" a synonym set (synsets.tsv),
#             "$" the source, "+" the target; "^" and "%" are kept as
#             written (TABARI's skip and compound marks); "_" joins words
#             that must be consecutive
#   source    where the source slot is: pre, post, or pre:PREP / post:PREP
#             inside a prepositional phrase; empty when the pattern has none
#   target    where the target slot is, likewise
#   preps     the prepositional phrases, separated by "|"
#   synsets   synonym sets referred to, separated by "|"
#   neg       "neg" when the pattern holds not, no or never
#   cameo     CAMEO code; "---" codes no event
#   plover    PLOVER type of the code (CAMEO2PLOVER-2021.txt; see cameo.tsv)
#   mode      PLOVER mode, if the table gives one
#   context   PLOVER contexts, separated by ";"
#   mapping   one, several, parent, none or null (see cameo.tsv)
#   cameo2    second code of a paired code "[A:B]": a second event with
#             source and target swapped (a visit, 042, is hosted, 043);
#             "[:B]" has only this one
#   plover2   PLOVER type of cameo2
#   note      the source's comment: the verb the pattern was written for,
#             and "!" when the code carried that mark ("[080!]")
`)
	fmt.Fprintln(bw, "# block\tline\tpre\tpost\tsource\ttarget\tpreps\tsynsets\tneg\tcameo\tplover\tmode\tcontext\tmapping\tcameo2\tplover2\tnote")
	for _, b := range d.blocks {
		for _, p := range b.Patterns {
			if p.Skipped != "" {
				st.Skipped++
				fmt.Fprintf(bw, "# skipped line %d: %s\n", p.Line, cleanText(p.Skipped))
				continue
			}
			st.Patterns++
			src, tgt := p.slots()
			if src != "" {
				st.WithSource++
			}
			if tgt != "" {
				st.WithTarget++
			}
			neg := ""
			if p.negated() {
				neg = "neg"
				st.Negated++
			}
			if p.Code2 != "" {
				st.Paired++
			}
			code := p.Code
			l := pm.lookup(code)
			if code == "" {
				l = ploverLookup{}
			}
			if code == "---" {
				st.Null++
			}
			var mode, ctx string
			if len(l.Entries) > 0 {
				mode, ctx = l.Entries[0].Mode, l.Entries[0].Context
			}
			mapping := l.Status
			if code == "" {
				mapping = pm.lookup(p.Code2).Status
			}
			st.ByMapping[mapping]++
			var plover2 string
			if p.Code2 != "" {
				plover2 = pm.lookup(p.Code2).Type()
			}
			note := p.Note
			if p.Mark != "" {
				note = strings.TrimSpace(note + " " + p.Mark)
			}
			fmt.Fprintf(bw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				b.Name, p.Line, strings.Join(p.Pre, " "), strings.Join(p.Post, " "), src, tgt,
				strings.Join(p.preps(), "|"), strings.Join(p.synsetRefs(), "|"), neg,
				code, l.Type(), mode, ctx, mapping, p.Code2, plover2, cleanText(note))
		}
	}
	return bw.Flush()
}

func (d *verbDict) writeSynsets(w io.Writer, h header) error {
	bw := bufio.NewWriter(w)
	h.write(bw)
	fmt.Fprint(bw, `#
# Synonym sets of the verb dictionary, one line per member. Patterns refer
# to a set by its name ("&FOOD"). Columns:
#   set     the set's name
#   phrase  a member: a word or phrase of consecutive words
#   plural  empty: its regular plural also matches (s, ies after a
#           consonant and y, es after ss); "-": no plural (the member or
#           the set's label ended with "_" in the source)
#   line    line in CAMEO.2.0.txt
`)
	fmt.Fprintln(bw, "# set\tphrase\tplural\tline")
	for _, s := range d.synsets {
		for _, m := range s.Members {
			pl := ""
			if m.NoPlural {
				pl = "-"
			}
			fmt.Fprintf(bw, "%s\t%s\t%s\t%d\n", s.Name, m.Phrase, pl, m.Line)
		}
	}
	return bw.Flush()
}
