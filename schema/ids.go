package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ID prefixes, one per kind.
const (
	PrefixCountry = "country:"
	PrefixPerson  = "person:"
	PrefixOrg     = "org:"
	PrefixConcept = "concept:"
	PrefixArticle = "article:"
	PrefixEvent   = "event:"
)

var prefixKinds = []struct {
	prefix string
	kind   Kind
}{
	{PrefixCountry, KindCountry},
	{PrefixPerson, KindPerson},
	{PrefixOrg, KindOrganization},
	{PrefixConcept, KindConcept},
	{PrefixArticle, KindArticle},
	{PrefixEvent, KindEvent},
}

// IDPatterns describes the ID scheme, for /v1/schema.
var IDPatterns = map[Kind]string{
	KindCountry:      "country:<ISO 3166-1 alpha-3>, e.g. country:MEX",
	KindPerson:       "person:<slug of full name>, e.g. person:claudia-sheinbaum",
	KindOrganization: "org:<slug of name>, e.g. org:wall-street-journal",
	KindConcept:      "concept:<slug>, e.g. concept:troops",
	KindArticle:      "article:<first 16 hex of sha256 of the normalised text>",
	KindEvent:        "event:<article hash>-<n>",
}

// CountryID is the ID of a country from its ISO 3166-1 alpha-3 code.
func CountryID(iso3 string) string { return PrefixCountry + strings.ToUpper(iso3) }

// PersonID is the ID of a person from their full name.
func PersonID(name string) string { return PrefixPerson + Slug(name) }

// OrgID is the ID of an organisation from its name.
func OrgID(name string) string { return PrefixOrg + Slug(name) }

// ConceptID is the ID of a concept ("troops", "tariffs").
func ConceptID(name string) string { return PrefixConcept + Slug(name) }

// ArticleID is the content-derived ID of an article: the same text, whatever
// its whitespace, always gets the same ID, so re-ingest is idempotent.
func ArticleID(text string) string {
	sum := sha256.Sum256([]byte(NormalizeText(text)))
	return PrefixArticle + hex.EncodeToString(sum[:8])
}

// EventID is the ID of the n-th event (from 1) of an article.
func EventID(articleID string, n int) string {
	return fmt.Sprintf("%s%s-%d", PrefixEvent, strings.TrimPrefix(articleID, PrefixArticle), n)
}

// NormalizeText collapses runs of white space to one space and trims the
// ends: the form an article's ID is computed from.
func NormalizeText(s string) string { return strings.Join(strings.Fields(s), " ") }

// KindOf returns the kind an ID denotes, from its prefix.
func KindOf(id string) (Kind, bool) {
	for _, p := range prefixKinds {
		if strings.HasPrefix(id, p.prefix) && len(id) > len(p.prefix) {
			return p.kind, true
		}
	}
	return "", false
}

// ValidID reports whether id has a known prefix, a non-empty key, valid
// UTF-8 and no white space or angle brackets (it must be a safe IRI).
func ValidID(id string) bool {
	if _, ok := KindOf(id); !ok || !utf8.ValidString(id) || len(id) > 512 {
		return false
	}
	for _, r := range id {
		if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// Slug lower-cases s, drops accents of Latin letters and joins the words
// with hyphens: "Claudia Sheinbaum" → "claudia-sheinbaum",
// "Recep Tayyip Erdoğan" → "recep-tayyip-erdogan".
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		r = foldLatin(unicode.ToLower(r))
		switch {
		case r == '\'' || r == '’' || r == '.':
			// "O'Brien" → "obrien", "U.S." → "us"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// foldLatin maps common accented Latin letters to their base letter, enough
// for the names news text carries without pulling in a Unicode
// normalisation library.
func foldLatin(r rune) rune {
	if r < 0xC0 {
		return r
	}
	if f, ok := latinFold[r]; ok {
		return f
	}
	return r
}

var latinFold = func() map[rune]rune {
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
