package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tokenizer and sentence splitter are hand-written rather than taken
// from prose: prose tags parts of speech while it tokenizes, which costs
// about a hundred times more than the whole extractor may spend on a
// sentence, and its splitter does not keep byte offsets into the original
// text. News text needs only a few rules: abbreviations and initials,
// curly quotes, possessives and hyphenated country pairs.

// tokKind is the coarse class of a token.
type tokKind uint8

const (
	tokWord tokKind = iota
	tokNumber
	tokPunct
)

// token is one word, number or punctuation mark with its byte offsets in
// the article text.
type token struct {
	text       string // surface form, a slice of the article text
	norm       string // lower case, dots dropped, accents folded, ’ → '
	start, end int
	kind       tokKind
	capital    bool   // starts with an upper-case letter
	allCaps    bool   // two or more letters, all upper case
	nl         bool   // a line break precedes the token
	pos        string // Penn Treebank part of speech (pos.go)
}

// sentence is a run of tokens with its byte span in the article text.
type sentence struct {
	index      int
	start, end int
	tokens     []token
}

// abbreviations never end a sentence when followed by a period.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "col": true,
	"lt": true, "maj": true, "capt": true, "cpt": true, "sgt": true, "adm": true, "gov": true,
	"sen": true, "rep": true, "rev": true, "st": true, "sr": true, "jr": true, "pres": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "vs": true,
	"etc": true, "inc": true, "ltd": true, "co": true, "corp": true, "mt": true, "ft": true,
	"gens": true, "sens": true, "reps": true, "messrs": true, "hon": true, "amb": true,
}

// sentenceStarters are words that, capitalised after an acronym ending in
// a period ("... from the U.S. The"), show the acronym ended the sentence.
var sentenceStarters = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "it": true, "they": true,
	"we": true, "i": true, "but": true, "and": true, "in": true, "on": true, "this": true,
	"that": true, "these": true, "those": true, "there": true, "his": true, "her": true,
	"its": true, "their": true, "while": true, "when": true, "after": true, "however": true,
	"meanwhile": true, "according": true, "as": true, "at": true, "for": true, "if": true,
}

func isQuoteOrBracket(s string) bool {
	switch s {
	case "\"", "'", "“", "”", "‘", "’", "``", "''", ")", "]", "}", "(", "[", "{", "«", "»":
		return true
	}
	return false
}

func isOpening(s string) bool {
	switch s {
	case "\"", "“", "‘", "``", "(", "[", "{", "«":
		return true
	}
	return false
}

// tokenize splits text into tokens with byte offsets.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5+8)
	nl := false
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n' || c == '\r':
				nl = true
				i++
				continue
			case c == ' ' || c == '\t' || c == '\f' || c == '\v':
				i++
				continue
			case isASCIILetter(c) || isASCIIDigit(c):
				j := scanWord(text, i)
				toks = appendToken(toks, text, i, j, nl)
				nl = false
				i = j
				continue
			case c == '`' && i+1 < len(text) && text[i+1] == '`':
				toks = appendToken(toks, text, i, i+2, nl)
			case c == '\'' && i+1 < len(text) && text[i+1] == '\'':
				toks = appendToken(toks, text, i, i+2, nl)
			case c == '\'' && i+1 < len(text) && (text[i+1] == 's' || text[i+1] == 'S') &&
				(i+2 >= len(text) || !isWordByte(text[i+2])) && i > 0 && isWordByte(text[i-1]):
				toks = appendToken(toks, text, i, i+2, nl)
			default:
				toks = appendToken(toks, text, i, i+1, nl)
				nl = false
				i++
				continue
			}
			nl = false
			i += len(toks[len(toks)-1].text)
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			nl = true
			i += size
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := scanWord(text, i)
			toks = appendToken(toks, text, i, j, nl)
			nl = false
			i = j
		case r == '’' && i+size < len(text) && (text[i+size] == 's' || text[i+size] == 'S') &&
			(i+size+1 >= len(text) || !isWordByte(text[i+size+1])) && len(toks) > 0 && toks[len(toks)-1].end == i:
			toks = appendToken(toks, text, i, i+size+1, nl)
			nl = false
			i += size + 1
		default:
			toks = appendToken(toks, text, i, i+size, nl)
			nl = false
			i += size
		}
	}
	return toks
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isASCIIDigit(c byte) bool  { return c >= '0' && c <= '9' }

// isWordByte reports whether the byte can continue a word: ASCII letters
// and digits, and any byte of a multi-byte rune (letters, in news text).
func isWordByte(c byte) bool { return isASCIILetter(c) || isASCIIDigit(c) || c >= utf8.RuneSelf }

// scanWord returns the end of the word starting at i: letters and digits,
// apostrophes inside words ("O'Brien", "can't"), dots inside acronyms
// ("U.S."), and a final dot after an acronym, an abbreviation or an initial.
// Hyphens split words, so "U.S.-Mexico" gives "U.S.", "-", "Mexico".
func scanWord(text string, i int) int {
	start := i
	digits := isASCIIDigit(text[i])
	dots := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIILetter(c) || isASCIIDigit(c):
				i++
				continue
			case (c == ',' || c == '.') && digits && i+1 < len(text) && isASCIIDigit(text[i+1]):
				i++
				continue
			case c == '.' && i+1 < len(text) && isASCIILetter(text[i+1]) && i+2 <= len(text) &&
				(i+2 == len(text) || text[i+2] == '.') && !digits:
				// "U.S": a dot between single letters
				dots++
				i++
				continue
			case c == '\'' && i+1 < len(text) && isASCIILetter(text[i+1]) && !(text[i+1]|0x20 == 's' && (i+2 >= len(text) || !isWordByte(text[i+2]))):
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			i += size
			continue
		}
		if r == '’' && i+size < len(text) && isASCIILetter(text[i+size]) &&
			!(text[i+size]|0x20 == 's' && (i+size+1 >= len(text) || !isWordByte(text[i+size+1]))) {
			i += size
			continue
		}
		break
	}
	// a trailing period belongs to the word for acronyms, abbreviations and
	// single-letter initials
	if i < len(text) && text[i] == '.' && !digits {
		w := text[start:i]
		if dots > 0 || abbreviations[strings.ToLower(w)] || (len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z') {
			i++
		}
	}
	return i
}

func appendToken(toks []token, text string, i, j int, nl bool) []token {
	s := text[i:j]
	t := token{text: s, start: i, end: j, nl: nl, kind: tokPunct}
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsDigit(r):
		t.kind = tokNumber
	case unicode.IsLetter(r) || s == "'s" || s == "’s" || s == "'S" || s == "’S":
		t.kind = tokWord
		t.capital = unicode.IsUpper(r)
	}
	t.norm = normalize(s)
	if t.kind == tokWord {
		letters, upper := 0, 0
		for _, r := range s {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
		t.allCaps = letters >= 2 && upper == letters
	}
	return append(toks, t)
}

// normalize lower-cases s, drops dots inside words, folds accents of Latin
// letters and maps curly apostrophes to straight ones. It allocates only
// when s changes.
func normalize(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') || (c == '.' && len(s) > 1) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '.' && len(s) > 1:
			continue
		case r == '’' || r == '‘':
			r = '\''
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= utf8.RuneSelf:
			r = foldRune(unicode.ToLower(r))
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldTable = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćčĉċ", 'd': "ďđ", 'e': "èéêëēėęěĕ", 'g': "ğĝġģ",
		'i': "ìíîïīįıĭ", 'l': "łľĺļ", 'n': "ñńňņ", 'o': "òóôõöøōőŏ", 'r': "řŕŗ",
		's': "śšşșŝ", 't': "ťţț", 'u': "ùúûüūůűųŭ", 'y': "ýÿŷ", 'z': "źżž",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

func foldRune(r rune) rune {
	if f, ok := foldTable[r]; ok {
		return f
	}
	return r
}

// splitSentences groups tokens into sentences. A sentence ends at a line
// break, or at ".", "!" or "?" (and any closing quotes or brackets after
// it) when the next token opens a new sentence. Abbreviations and initials
// keep their period inside the word token, so they end a sentence only
// when an acronym is followed by a typical sentence opener.
func splitSentences(toks []token) []sentence {
	var out []sentence
	begin := 0
	flush := func(end int) {
		if end > begin {
			out = append(out, sentence{index: len(out), start: toks[begin].start, end: toks[end-1].end, tokens: toks[begin:end:end]})
		}
		begin = end
	}
	for i := 0; i < len(toks); i++ {
		if i > begin && toks[i].nl {
			flush(i)
		}
		t := toks[i]
		end := false
		switch {
		case t.text == "." || t.text == "!" || t.text == "?" || t.text == "…":
			end = true
		case t.kind == tokWord && strings.HasSuffix(t.text, ".") && strings.Count(t.text, ".") > 1:
			// an acronym ending in a period: a sentence end only before a
			// typical sentence opener
			j := i + 1
			end = j < len(toks) && toks[j].capital && sentenceStarters[toks[j].norm]
		}
		if !end {
			continue
		}
		j := i + 1
		for j < len(toks) && isQuoteOrBracket(toks[j].text) && !toks[j].nl &&
			(!isOpening(toks[j].text) || (toks[j].start == toks[j-1].end && (toks[j].text == "\"" || toks[j].text == "'"))) {
			j++
		}
		if j >= len(toks) {
			continue
		}
		n := toks[j]
		if n.nl || n.capital || n.kind == tokNumber || isOpening(n.text) {
			flush(j)
			i = j - 1
		}
	}
	flush(len(toks))
	return out
}
