package extract

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/schema"
)

// The gazetteer is three hand-written tables embedded in the binary:
//
//	countries.tsv  ISO3, Name, Aliases, Demonyms, Capitals
//	leaders.tsv    Name, ISO3, Role, Aliases, From-To
//	orgs.tsv       Name, Code, Kind, Aliases
//
// Columns are separated by tabs, list items by "|". Blank lines and lines
// starting with "#" are skipped. Trailing empty columns may be left out.

//go:embed data/gazetteer/*.tsv
var gazetteerFiles embed.FS

// Names of the gazetteer files at the root of the file system given to
// LoadGazetteer.
const (
	GazetteerCountriesFile = "countries.tsv"
	GazetteerLeadersFile   = "leaders.tsv"
	GazetteerOrgsFile      = "orgs.tsv"
)

// OrgKinds lists the allowed values of Org.Kind.
var OrgKinds = []string{"igo", "ngo", "militant", "media", "military", "police", "cartel", "party", "company", "agency", "court"}

// Country is one ISO 3166-1 country (plus Kosovo) with the surface forms
// news text names it by.
type Country struct {
	ISO3     string   // ISO 3166-1 alpha-3
	Name     string   // common English short name ("Mexico", "United States")
	Aliases  []string // other names and abbreviations ("U.S.", "US", "USA", "America", "United States of America")
	Demonyms []string // adjectives and plural nouns ("Mexican", "Mexicans")
	Capitals []string // capital and seats of government used as metonyms for the government ("Washington", "White House", "Kremlin", "Moscow", "Downing Street")
}

// Leader is one office held by one person. The same person has one Leader
// per office.
type Leader struct {
	Name     string   // full name as usually written in English news ("Recep Tayyip Erdogan")
	ISO3     string   // country, or "IGO" for heads of international organisations ("IMG"/"NGO" for heads of those)
	Role     string   // "President", "Prime Minister", "Foreign Minister", "Secretary-General of the United Nations", ...
	Aliases  []string // other spellings and the bare surname when it is distinctive ("Erdogan", "Erdoğan")
	From, To int      // years in that office; To 0 = still in office
}

// Org is an organisation: international body, NGO, armed group, news
// medium, military or security body, cartel, party, company, agency or
// court.
type Org struct {
	Name    string   // "United Nations"
	Code    string   // actor code: "IGO", "NGO", "IMG" or the ISO3 of the country it belongs to
	Kind    string   // one of OrgKinds
	Aliases []string // "UN", "U.N."
}

// GazKind tells what a surface form names in a gazetteer record.
type GazKind uint8

// The kinds of surface forms.
const (
	GazCountryName GazKind = iota + 1
	GazCountryAlias
	GazDemonym
	GazCapital
	GazLeaderName
	GazLeaderAlias
	GazOrgName
	GazOrgAlias
)

var gazKindNames = [...]string{"", "country name", "country alias", "demonym", "capital", "leader name", "leader alias", "org name", "org alias"}

func (k GazKind) String() string {
	if int(k) < len(gazKindNames) && k > 0 {
		return gazKindNames[k]
	}
	return "GazKind(" + strconv.Itoa(int(k)) + ")"
}

// IsCountry reports whether the form names a country (name, alias,
// demonym or capital).
func (k GazKind) IsCountry() bool { return k >= GazCountryName && k <= GazCapital }

// IsLeader reports whether the form names a leader.
func (k GazKind) IsLeader() bool { return k == GazLeaderName || k == GazLeaderAlias }

// IsOrg reports whether the form names an organisation.
func (k GazKind) IsOrg() bool { return k == GazOrgName || k == GazOrgAlias }

// GazEntry is one record a surface form points to.
type GazEntry struct {
	Kind  GazKind
	Index int    // index in Countries, Leaders or Orgs, according to Kind
	Form  string // the form as written in the data
}

// Gazetteer holds the countries, leaders and organisations with indexes
// of their surface forms. It is read-only once loaded and safe for
// concurrent use; callers must not modify the slices it hands out.
type Gazetteer struct {
	Countries []Country
	Leaders   []Leader
	Orgs      []Org

	byISO3   map[string]int
	exact    map[string][]GazEntry // GazetteerKey(form)
	folded   map[string][]GazEntry // lower-cased key, forms with a lower-case letter only
	maxWords int
}

// LoadGazetteer parses countries.tsv, leaders.tsv and orgs.tsv at the root
// of fsys. Errors name the file and line.
func LoadGazetteer(fsys fs.FS) (*Gazetteer, error) {
	g := &Gazetteer{byISO3: map[string]int{}}
	countryLine := map[string]int{}
	err := readGazTSV(fsys, GazetteerCountriesFile, 2, 5, func(line int, cols []string) error {
		c, err := parseCountry(cols)
		if err != nil {
			return err
		}
		if first, dup := countryLine[c.ISO3]; dup {
			return fmt.Errorf("duplicate ISO3 %s (first on line %d)", c.ISO3, first)
		}
		countryLine[c.ISO3] = line
		g.byISO3[c.ISO3] = len(g.Countries)
		g.Countries = append(g.Countries, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readGazTSV(fsys, GazetteerLeadersFile, 5, 5, func(_ int, cols []string) error {
		l, err := g.parseLeader(cols)
		if err != nil {
			return err
		}
		g.Leaders = append(g.Leaders, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readGazTSV(fsys, GazetteerOrgsFile, 3, 4, func(_ int, cols []string) error {
		o, err := g.parseOrg(cols)
		if err != nil {
			return err
		}
		g.Orgs = append(g.Orgs, o)
		return nil
	})
	if err != nil {
		return nil, err
	}
	g.buildIndex()
	return g, nil
}

var (
	defaultGazOnce sync.Once
	defaultGaz     *Gazetteer
	defaultGazErr  error
)

// loadDefaultGazetteer parses the embedded gazetteer once.
func loadDefaultGazetteer() (*Gazetteer, error) {
	defaultGazOnce.Do(func() {
		sub, err := fs.Sub(gazetteerFiles, "data/gazetteer")
		if err != nil {
			defaultGazErr = fmt.Errorf("gazetteer: %w", err)
			return
		}
		defaultGaz, defaultGazErr = LoadGazetteer(sub)
		if defaultGazErr != nil {
			defaultGazErr = fmt.Errorf("embedded gazetteer: %w", defaultGazErr)
		}
	})
	return defaultGaz, defaultGazErr
}

// DefaultGazetteer returns the embedded gazetteer, parsed on first use.
// It panics only if the embedded data is malformed, which a test guards.
func DefaultGazetteer() *Gazetteer {
	g, err := loadDefaultGazetteer()
	if err != nil {
		panic("extract: " + err.Error())
	}
	return g
}

// Country returns the country with the ISO 3166-1 alpha-3 code iso3 (any
// case).
func (g *Gazetteer) Country(iso3 string) (Country, bool) {
	i, ok := g.byISO3[strings.ToUpper(strings.TrimSpace(iso3))]
	if !ok {
		return Country{}, false
	}
	return g.Countries[i], true
}

// HasCode reports whether code is an actor code of the gazetteer: an ISO3
// of countries.tsv or IGO, NGO or IMG.
func (g *Gazetteer) HasCode(code string) bool {
	switch code {
	case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
		return true
	}
	_, ok := g.byISO3[code]
	return ok
}

// Lookup returns the records a surface form names, in file order
// (countries, then leaders, then organisations). The form is compared
// after GazetteerKey; a data form in ordinary word case also matches
// case-insensitively ("BRITAIN", "Sinaloa cartel"), except that a data
// form starting with a capital needs a capital in the query too ("turkey"
// is not Turkey). Acronyms and mixed-case abbreviations ("US", "WHO",
// "LeT") match only as written.
func (g *Gazetteer) Lookup(form string) []GazEntry {
	key := GazetteerKey(form)
	if key == "" {
		return nil
	}
	if es := g.exact[key]; len(es) > 0 {
		return append([]GazEntry(nil), es...)
	}
	upper := startsUpper(key)
	var out []GazEntry
	for _, e := range g.folded[strings.ToLower(key)] {
		if upper || !startsUpper(GazetteerKey(e.Form)) {
			out = append(out, e)
		}
	}
	return out
}

// CountryByForm returns the first country a surface form names (name,
// alias, demonym or capital) and the kind of form it is.
func (g *Gazetteer) CountryByForm(form string) (Country, GazKind, bool) {
	for _, e := range g.Lookup(form) {
		if e.Kind.IsCountry() {
			return g.Countries[e.Index], e.Kind, true
		}
	}
	return Country{}, 0, false
}

// Org returns the first organisation named form (name or alias).
func (g *Gazetteer) Org(form string) (Org, bool) {
	for _, e := range g.Lookup(form) {
		if e.Kind.IsOrg() {
			return g.Orgs[e.Index], true
		}
	}
	return Org{}, false
}

// LeaderOffices returns every office of every person a name or alias
// denotes, in file order.
func (g *Gazetteer) LeaderOffices(form string) []Leader {
	var out []Leader
	for _, e := range g.Lookup(form) {
		if e.Kind.IsLeader() {
			out = append(out, g.Leaders[e.Index])
		}
	}
	return out
}

// Leader returns the office a leader's name or alias denotes in year: the
// office held that year, or else the one nearest to it in time; ties go to
// the earlier line of leaders.tsv. A year of 0 means today: an office
// still held wins, else the most recently left. Bare surnames shared by
// two people ("Bush", "Clinton") are resolved this way by the article's
// year.
func (g *Gazetteer) Leader(form string, year int) (Leader, bool) {
	if year <= 0 {
		year = 9999
	}
	best, bestDist := -1, 0
	for _, e := range g.Lookup(form) {
		if !e.Kind.IsLeader() {
			continue
		}
		d := g.Leaders[e.Index].YearDistance(year)
		if best < 0 || d < bestDist {
			best, bestDist = e.Index, d
		}
	}
	if best < 0 {
		return Leader{}, false
	}
	return g.Leaders[best], true
}

// InOffice reports whether the office was held at some time in year.
func (l Leader) InOffice(year int) bool { return l.YearDistance(year) == 0 }

// YearDistance is how many years year lies outside the term of office (0
// inside it).
func (l Leader) YearDistance(year int) int {
	switch {
	case year < l.From:
		return l.From - year
	case l.To != 0 && year > l.To:
		return year - l.To
	}
	return 0
}

// LeaderOrg returns the organisation a leader heads when the role names it
// after " of " ("Secretary-General of the United Nations", "Secretary-
// General of Hezbollah").
func (g *Gazetteer) LeaderOrg(l Leader) (Org, bool) {
	i := strings.LastIndex(l.Role, " of ")
	if i < 0 {
		return Org{}, false
	}
	name := strings.TrimSpace(l.Role[i+len(" of "):])
	name = strings.TrimPrefix(name, "the ")
	return g.Org(name)
}

// Forms returns every distinct surface form (as GazetteerKey gives it),
// longest first in words, for building a matcher.
func (g *Gazetteer) Forms() []string {
	out := make([]string, 0, len(g.exact))
	for k := range g.exact {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		wi, wj := strings.Count(out[i], " "), strings.Count(out[j], " ")
		if wi != wj {
			return wi > wj
		}
		return out[i] < out[j]
	})
	return out
}

// MaxFormWords is the number of space-separated words of the longest form.
func (g *Gazetteer) MaxFormWords() int { return g.maxWords }

// ShadowPhrases returns phrases that contain a gazetteer form but name
// something else ("New Mexico", "Latin America", "Gulf of Mexico"). A
// matcher should try them with the gazetteer forms, longest match first,
// and emit nothing for them.
func ShadowPhrases() []string { return append([]string(nil), shadowPhrases...) }

var shadowPhrases = []string{
	// Places in the United States.
	"New Mexico", "New Jersey", "Washington State", "Washington state", "State of Washington",
	"Georgia Tech", "Jersey City", "Paris, Texas", "Moscow, Idaho", "Lima, Ohio",
	// Other places and regions.
	"New South Wales", "Latin America", "South America", "North America", "Central America",
	"Gulf of Mexico", "Gulf of America", "Indian Ocean", "South China Sea", "East China Sea",
	"Sea of Japan", "Korean Peninsula", "Korean peninsula", "Arabian Sea", "Arabian Peninsula",
	// People, peoples and things.
	"Native American", "Native Americans", "American Indian", "American Indians",
	"George Washington", "Guinea pig", "guinea pig", "French fries", "Chinese New Year",
	"Swiss cheese", "English Channel", "Paris Agreement", "Paris agreement",
}

// GazetteerKey is the key surface forms are compared by: curly quotes
// straightened, Latin accents folded, hyphens and dashes read as spaces,
// runs of white space collapsed. Case and periods are kept ("US" is not
// "us"; "U.S." and "US" are two forms).
func GazetteerKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '’' || r == '‘' || r == 'ʼ' || r == '`':
			r = '\''
		case r == '“' || r == '”':
			r = '"'
		case r == '-' || r == '‐' || r == '‑' || r == '‒' || r == '–' || r == '—':
			r = ' '
		case r >= utf8.RuneSelf:
			r = gazFoldRune(r)
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

var gazFoldTable = func() map[rune]rune {
	m := map[rune]rune{'ı': 'i', 'İ': 'I', 'ß': 's'}
	for base, accented := range map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćčĉċ", 'd': "ďđ", 'e': "èéêëēėęěĕ", 'g': "ğĝġģ",
		'h': "ĥħ", 'i': "ìíîïīįĭ", 'k': "ķ", 'l': "łľĺļ", 'n': "ñńňņ", 'o': "òóôõöøōőŏ",
		'r': "řŕŗ", 's': "śšşșŝ", 't': "ťţț", 'u': "ùúûüūůűųŭ", 'y': "ýÿŷ", 'z': "źżž",
	} {
		for _, r := range accented {
			m[r] = base
			if u := unicode.ToUpper(r); u != r {
				m[u] = unicode.ToUpper(base)
			}
		}
	}
	return m
}()

func gazFoldRune(r rune) rune {
	if f, ok := gazFoldTable[r]; ok {
		return f
	}
	return r
}

func startsUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}

// foldable reports whether a data form may match case-insensitively: it
// has a lower-case letter and no word with a capital after a lower-case
// letter, so acronyms ("US", "WHO") and mixed-case abbreviations ("LeT",
// "BiH", "AfD") match only as written.
func foldable(key string) bool {
	lower, prevLower := false, false
	for _, r := range key {
		switch {
		case unicode.IsLower(r):
			lower, prevLower = true, true
		case unicode.IsUpper(r):
			if prevLower {
				return false
			}
		default:
			prevLower = false
		}
	}
	return lower
}

func (g *Gazetteer) buildIndex() {
	g.exact = map[string][]GazEntry{}
	g.folded = map[string][]GazEntry{}
	g.maxWords = 0
	add := func(kind GazKind, index int, form string) {
		key := GazetteerKey(form)
		if key == "" {
			return
		}
		for _, e := range g.exact[key] {
			// One entry per record and key: the name wins over an alias
			// that folds to the same key ("Élysée" and "Elysee").
			if e.Index == index && sameRecordKind(e.Kind, kind) {
				return
			}
		}
		e := GazEntry{Kind: kind, Index: index, Form: form}
		g.exact[key] = append(g.exact[key], e)
		if foldable(key) {
			lk := strings.ToLower(key)
			g.folded[lk] = append(g.folded[lk], e)
		}
		if w := strings.Count(key, " ") + 1; w > g.maxWords {
			g.maxWords = w
		}
	}
	for i, c := range g.Countries {
		add(GazCountryName, i, c.Name)
		for _, f := range c.Aliases {
			add(GazCountryAlias, i, f)
		}
		for _, f := range c.Demonyms {
			add(GazDemonym, i, f)
		}
		for _, f := range c.Capitals {
			add(GazCapital, i, f)
		}
	}
	for i, l := range g.Leaders {
		add(GazLeaderName, i, l.Name)
		for _, f := range l.Aliases {
			add(GazLeaderAlias, i, f)
		}
	}
	for i, o := range g.Orgs {
		add(GazOrgName, i, o.Name)
		for _, f := range o.Aliases {
			add(GazOrgAlias, i, f)
		}
	}
}

func sameRecordKind(a, b GazKind) bool {
	return a.IsCountry() && b.IsCountry() || a.IsLeader() && b.IsLeader() || a.IsOrg() && b.IsOrg()
}

// readGazTSV calls fn with the trimmed columns of every data line of the
// file name in fsys, padded to maxCols.
func readGazTSV(fsys fs.FS, name string, minCols, maxCols int, fn func(line int, cols []string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	return scanGazLines(f, "gazetteer: "+name, func(line int, text string) error {
		cols, err := splitGazCols(text, minCols, maxCols)
		if err != nil {
			return err
		}
		return fn(line, cols)
	})
}

// scanGazLines calls fn with every data line of r (not blank, not a "#"
// comment), without a byte order mark or carriage return. Errors are
// prefixed with where ("gazetteer: leaders.tsv") and the line number.
func scanGazLines(r io.Reader, where string, fn func(line int, text string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if !utf8.ValidString(text) {
			return fmt.Errorf("%s:%d: invalid UTF-8", where, line)
		}
		if err := fn(line, text); err != nil {
			return fmt.Errorf("%s:%d: %w", where, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", where, line+1, err)
	}
	return nil
}

// splitGazCols splits a data line into trimmed columns, padded to maxCols.
func splitGazCols(text string, minCols, maxCols int) ([]string, error) {
	cols := strings.Split(text, "\t")
	if len(cols) < minCols || len(cols) > maxCols {
		return nil, fmt.Errorf("%d tab-separated columns, want %d to %d", len(cols), minCols, maxCols)
	}
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	for len(cols) < maxCols {
		cols = append(cols, "")
	}
	return cols, nil
}

// splitGazList splits a "|"-separated list; an empty column is an empty
// list, an empty item an error.
func splitGazList(col, what string) ([]string, error) {
	if col == "" {
		return nil, nil
	}
	items := strings.Split(col, "|")
	for i, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			return nil, fmt.Errorf("empty item in %s %q", what, col)
		}
		if GazetteerKey(it) == "" {
			return nil, fmt.Errorf("blank item in %s %q", what, col)
		}
		items[i] = it
	}
	return items, nil
}

func isISO3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func parseCountry(cols []string) (Country, error) {
	c := Country{ISO3: cols[0], Name: cols[1]}
	if !isISO3(c.ISO3) {
		return c, fmt.Errorf("ISO3 %q is not three upper-case letters", c.ISO3)
	}
	switch c.ISO3 {
	case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
		return c, fmt.Errorf("ISO3 %q is reserved for an actor code", c.ISO3)
	}
	if c.Name == "" {
		return c, errors.New("empty name")
	}
	var err error
	if c.Aliases, err = splitGazList(cols[2], "aliases"); err != nil {
		return c, err
	}
	if c.Demonyms, err = splitGazList(cols[3], "demonyms"); err != nil {
		return c, err
	}
	if c.Capitals, err = splitGazList(cols[4], "capitals"); err != nil {
		return c, err
	}
	return c, nil
}

func (g *Gazetteer) parseLeader(cols []string) (Leader, error) {
	l := Leader{Name: cols[0], ISO3: cols[1], Role: cols[2]}
	if l.Name == "" {
		return l, errors.New("empty name")
	}
	if !g.HasCode(l.ISO3) {
		return l, fmt.Errorf("unknown country code %q", l.ISO3)
	}
	if l.Role == "" {
		return l, errors.New("empty role")
	}
	var err error
	if l.Aliases, err = splitGazList(cols[3], "aliases"); err != nil {
		return l, err
	}
	if l.From, l.To, err = parseGazYears(cols[4]); err != nil {
		return l, err
	}
	return l, nil
}

// parseGazYears parses "2017-2021", "2025-" (still in office) or "2022"
// (one year).
func parseGazYears(s string) (from, to int, err error) {
	if s == "" {
		return 0, 0, errors.New("empty years, want From-To")
	}
	a, b, dash := strings.Cut(s, "-")
	if from, err = parseGazYear(a); err != nil {
		return 0, 0, fmt.Errorf("years %q: %w", s, err)
	}
	switch {
	case !dash:
		to = from
	case b == "":
		to = 0
	default:
		if to, err = parseGazYear(b); err != nil {
			return 0, 0, fmt.Errorf("years %q: %w", s, err)
		}
		if to < from {
			return 0, 0, fmt.Errorf("years %q: end before start", s)
		}
	}
	return from, to, nil
}

func parseGazYear(s string) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("bad year: %w", err)
	}
	if y < 1900 || y > 2100 {
		return 0, fmt.Errorf("year %d out of range", y)
	}
	return y, nil
}

func (g *Gazetteer) parseOrg(cols []string) (Org, error) {
	o := Org{Name: cols[0], Code: cols[1], Kind: cols[2]}
	if o.Name == "" {
		return o, errors.New("empty name")
	}
	if !g.HasCode(o.Code) {
		return o, fmt.Errorf("unknown actor code %q", o.Code)
	}
	ok := false
	for _, k := range OrgKinds {
		ok = ok || k == o.Kind
	}
	if !ok {
		return o, fmt.Errorf("unknown kind %q, want one of %s", o.Kind, strings.Join(OrgKinds, ", "))
	}
	var err error
	if o.Aliases, err = splitGazList(cols[3], "aliases"); err != nil {
		return o, err
	}
	return o, nil
}
