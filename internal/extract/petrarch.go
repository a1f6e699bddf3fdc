package extract

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
)

// The PETRARCH-2 / Phoenix dictionaries, converted by cmd/dictconv into
// data/petrarch (see NOTICE). The coder reads the verb patterns through
// verbpattern.go and the dated actors for people of no stated country
// (document.go); the whole set is loaded on first use.

//go:generate go run ./cmd/dictconv -q

//go:embed data/petrarch/*.tsv
var petrarchFiles embed.FS

// Names of the dictionary files at the root of the file system given to
// ParseDictionaries.
const (
	DictVerbsFile    = "verbs.tsv"
	DictPatternsFile = "patterns.tsv"
	DictSynsetsFile  = "synsets.tsv"
	DictActorsFile   = "actors.tsv"
	DictAgentsFile   = "agents.tsv"
)

// PhoenixSnapshot is the date (YYYYMMDD) of the Phoenix actor files
// (CountryInfo.140130): a role still open then may have ended since.
const PhoenixSnapshot = 20140130

// DictVerb is one verb of a verb block: its forms share the block's
// patterns.
type DictVerb struct {
	Block string   // block name ("ACCELERATE")
	Lemma string   // "cordon off"
	Head  string   // the inflected word ("cordon")
	CAMEO string   // code of the isolated verb; "---" none; "A:B" paired
	Forms []string // the lemma first
	Line  int      // line in CAMEO.2.0.txt
}

// DictPattern is one verb pattern (see the header of patterns.tsv).
type DictPattern struct {
	Block          string
	Line           int
	Pre, Post      []string // tokens before and after the verb
	Source, Target string   // slot positions: "pre", "post", "post:with", ""
	Preps          []string // prepositional phrases ("(with +)")
	Synsets        []string // "&FOOD"
	Negated        bool
	CAMEO          string // "" when the pattern has only a second code
	PLOVER         string // PLOVER type of CAMEO, "" when unmapped
	Mode, Context  string
	Mapping        string // one, several, parent, none, null
	CAMEO2         string // second code of a paired code: source and target swapped
	PLOVER2        string
	Note           string
}

// DictRole is one role of a Phoenix actor: country and sector over a
// period. From and To are YYYYMMDD, inclusive; 0 is an open end. A role
// with neither is undated: it holds when no dated role does.
type DictRole struct {
	Country  string // ISO3, IGO, NGO, IMG or ""
	Sector   string // project sector, or ""
	Agent    string // CAMEO agent codes ("GOVMIL", "ELI")
	From, To int
	Code     string // the source's CAMEO actor code
}

// person reports whether the actor is a person (a role with a person's
// sector and an agent code: places have none) of the country code, any
// country when code is "".
func (a *DictActor) person(code string) bool {
	for _, r := range a.Roles {
		if personSectors[r.Sector] && r.Agent != "" && isCountryCode(r.Country) && (code == "" || r.Country == code) {
			return true
		}
	}
	return false
}

// Dated reports whether the role has a date limit.
func (r DictRole) Dated() bool { return r.From != 0 || r.To != 0 }

// Holds reports whether a dated role covers day (YYYYMMDD).
func (r DictRole) Holds(day int) bool {
	return r.Dated() && (r.From == 0 || day >= r.From) && (r.To == 0 || day <= r.To)
}

// DictActor is one Phoenix actor with its name variants and roles.
type DictActor struct {
	Name     string
	Variants []string
	Source   string // "Countries:51057"
	Roles    []DictRole
}

// DictAgent is one generic agent word (see the header of agents.tsv).
type DictAgent struct {
	Phrase string // " ... " where other words may come between
	Sector string
	Plural string // "" regular, "-" none, else as written
	CAMEO  string
	Before bool // the code precedes the actor's code ("NGO~")
	Line   int
}

// Dictionaries holds the parsed PETRARCH-2 / Phoenix tables. Read-only
// once parsed and safe for concurrent use; callers must not modify what
// it hands out.
type Dictionaries struct {
	Verbs    []*DictVerb
	Patterns []*DictPattern
	Actors   []*DictActor
	Agents   []*DictAgent

	verbsByForm     map[string][]*DictVerb
	patternsByBlock map[string][]*DictPattern
	synsets         map[string][]string
	actorsByName    map[string][]*DictActor
	agentsByPhrase  map[string][]*DictAgent
}

var (
	defaultDictOnce sync.Once
	defaultDict     *Dictionaries
	defaultDictErr  error
)

// DefaultDictionaries returns the embedded dictionaries, parsed on first
// use (about 45 ms and 15 MB of heap; see BenchmarkParseDictionaries),
// so that New and `dipgraph extract` do not pay for them until they are
// used.
func DefaultDictionaries() (*Dictionaries, error) {
	defaultDictOnce.Do(func() {
		sub, err := fs.Sub(petrarchFiles, "data/petrarch")
		if err != nil {
			defaultDictErr = fmt.Errorf("dictionaries: %w", err)
			return
		}
		defaultDict, defaultDictErr = ParseDictionaries(sub)
		if defaultDictErr != nil {
			defaultDictErr = fmt.Errorf("embedded dictionaries: %w", defaultDictErr)
		}
	})
	return defaultDict, defaultDictErr
}

// ParseDictionaries parses the tables at the root of fsys. Errors name
// the file and line.
func ParseDictionaries(fsys fs.FS) (*Dictionaries, error) {
	return parseDictionaries(fsys, true)
}

// parseDictionaries reads the verb, pattern and synonym files, and the
// actor and agent files when withActors is set (the verb-pattern engine
// needs only the first three, and loads them at start-up).
func parseDictionaries(fsys fs.FS, withActors bool) (*Dictionaries, error) {
	type step struct {
		name    string
		minCols int
		fn      func(cols []string) error
	}
	d := newDictionaries()
	steps := []step{
		{DictVerbsFile, 7, d.addVerb},
		{DictPatternsFile, 17, d.addPattern},
		{DictSynsetsFile, 4, d.addSynsetMember},
	}
	if withActors {
		steps = append(steps, step{DictActorsFile, 4, d.addActorLine}, step{DictAgentsFile, 6, d.addAgent})
	}
	for _, s := range steps {
		if err := readDictTSV(fsys, s.name, s.minCols, s.fn); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func newDictionaries() *Dictionaries {
	return &Dictionaries{
		verbsByForm:     map[string][]*DictVerb{},
		patternsByBlock: map[string][]*DictPattern{},
		synsets:         map[string][]string{},
		actorsByName:    map[string][]*DictActor{},
		agentsByPhrase:  map[string][]*DictAgent{},
	}
}

// readDictTSV calls fn with the columns of every line that is not blank
// or a comment.
func readDictTSV(fsys fs.FS, name string, minCols int, fn func(cols []string) error) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("dictionary %s: %w", name, err)
	}
	text := string(b)
	cols := make([]string, 0, 20)
	for n := 1; text != ""; n++ {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		line = strings.TrimSuffix(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		cols = cols[:0]
		for {
			i := strings.IndexByte(line, '\t')
			if i < 0 {
				cols = append(cols, line)
				break
			}
			cols = append(cols, line[:i])
			line = line[i+1:]
		}
		// The actor file mixes "A" (4 columns) and "R" (7) lines.
		if len(cols) < minCols && !(name == DictActorsFile && len(cols) >= 2) {
			return fmt.Errorf("dictionary %s:%d: want at least %d columns, got %d", name, n, minCols, len(cols))
		}
		if err := fn(cols); err != nil {
			return fmt.Errorf("dictionary %s:%d: %w", name, n, err)
		}
	}
	return nil
}

func splitList(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

func (d *Dictionaries) addVerb(c []string) error {
	line, err := strconv.Atoi(c[6])
	if err != nil {
		return fmt.Errorf("line column %q: %w", c[6], err)
	}
	v := &DictVerb{Block: c[0], Lemma: c[1], Head: c[2], CAMEO: c[3], Forms: splitList(c[4], "|"), Line: line}
	if v.Lemma == "" || len(v.Forms) == 0 {
		return fmt.Errorf("verb without lemma or forms")
	}
	d.Verbs = append(d.Verbs, v)
	for _, f := range v.Forms {
		d.verbsByForm[f] = append(d.verbsByForm[f], v)
	}
	return nil
}

func (d *Dictionaries) addPattern(c []string) error {
	line, err := strconv.Atoi(c[1])
	if err != nil {
		return fmt.Errorf("line column %q: %w", c[1], err)
	}
	p := &DictPattern{
		Block: c[0], Line: line, Pre: strings.Fields(c[2]), Post: strings.Fields(c[3]),
		Source: c[4], Target: c[5], Preps: splitList(c[6], "|"), Synsets: splitList(c[7], "|"),
		Negated: c[8] == "neg", CAMEO: c[9], PLOVER: c[10], Mode: c[11], Context: c[12],
		Mapping: c[13], CAMEO2: c[14], PLOVER2: c[15], Note: c[16],
	}
	if p.CAMEO == "" && p.CAMEO2 == "" {
		return fmt.Errorf("pattern without a code")
	}
	d.Patterns = append(d.Patterns, p)
	d.patternsByBlock[p.Block] = append(d.patternsByBlock[p.Block], p)
	return nil
}

func (d *Dictionaries) addSynsetMember(c []string) error {
	if !strings.HasPrefix(c[0], "&") || c[1] == "" {
		return fmt.Errorf("bad synonym set line %q %q", c[0], c[1])
	}
	d.synsets[c[0]] = append(d.synsets[c[0]], c[1])
	if c[2] == "" {
		d.synsets[c[0]] = append(d.synsets[c[0]], nounPlural(c[1]))
	}
	return nil
}

// nounPlural is the dictionaries' regular plural of a phrase's last word:
// s, ies after a consonant and y, es after ss.
func nounPlural(p string) string {
	switch {
	case strings.HasSuffix(p, "ss"):
		return p + "es"
	case len(p) > 1 && p[len(p)-1] == 'y' && !isVowel(p[len(p)-2]):
		return p[:len(p)-1] + "ies"
	}
	return p + "s"
}

func (d *Dictionaries) addActorLine(c []string) error {
	switch c[0] {
	case "A":
		if len(c) < 4 || c[1] == "" {
			return fmt.Errorf("actor line wants name, variants, source")
		}
		a := &DictActor{Name: c[1], Variants: splitList(c[2], "|"), Source: c[3]}
		d.Actors = append(d.Actors, a)
		d.indexActor(a.Name, a)
		for _, v := range a.Variants {
			d.indexActor(v, a)
		}
	case "R":
		if len(c) < 7 {
			return fmt.Errorf("role line wants country, sector, agent, from, to, code")
		}
		if len(d.Actors) == 0 {
			return fmt.Errorf("role before any actor")
		}
		from, err := parseDictDay(c[4])
		if err != nil {
			return err
		}
		to, err := parseDictDay(c[5])
		if err != nil {
			return err
		}
		a := d.Actors[len(d.Actors)-1]
		a.Roles = append(a.Roles, DictRole{Country: c[1], Sector: c[2], Agent: c[3], From: from, To: to, Code: c[6]})
	default:
		return fmt.Errorf("line kind %q, want A or R", c[0])
	}
	return nil
}

func (d *Dictionaries) indexActor(name string, a *DictActor) {
	k := dictKey(name)
	for _, old := range d.actorsByName[k] {
		if old == a {
			return
		}
	}
	d.actorsByName[k] = append(d.actorsByName[k], a)
}

// parseDictDay turns "2009-01-20" into 20090120 and "" into 0.
func parseDictDay(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("date %q, want YYYY-MM-DD", s)
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("date %q, want YYYY-MM-DD", s)
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

func (d *Dictionaries) addAgent(c []string) error {
	line, err := strconv.Atoi(c[5])
	if err != nil {
		return fmt.Errorf("line column %q: %w", c[5], err)
	}
	a := &DictAgent{Phrase: c[0], Sector: c[1], Plural: c[2], CAMEO: c[3], Before: c[4] == "before", Line: line}
	if a.Phrase == "" || a.CAMEO == "" {
		return fmt.Errorf("agent without phrase or code")
	}
	d.Agents = append(d.Agents, a)
	d.agentsByPhrase[a.Phrase] = append(d.agentsByPhrase[a.Phrase], a)
	switch a.Plural {
	case "-":
	case "":
		p := nounPlural(a.Phrase)
		d.agentsByPhrase[p] = append(d.agentsByPhrase[p], a)
	default:
		d.agentsByPhrase[a.Plural] = append(d.agentsByPhrase[a.Plural], a)
	}
	return nil
}

// dictKey is the lookup key of an actor name: lower case, without dots or
// underscores, words separated by one blank ("Mr. Obama" and "MR_OBAMA"
// are "mr obama").
func dictKey(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c == '.' || c == '_' || c == '\t' || c >= 0x80 || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return -1
		case '_', '\t':
			return ' '
		}
		return r
	}, strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// VerbsOf returns the verbs having form ("offered", "cordoned off").
func (d *Dictionaries) VerbsOf(form string) []*DictVerb { return d.verbsByForm[strings.ToLower(form)] }

// PatternsOf returns the patterns of every verb block holding a verb with
// form, in dictionary order.
func (d *Dictionaries) PatternsOf(form string) []*DictPattern {
	vs := d.VerbsOf(form)
	if len(vs) == 1 {
		return d.patternsByBlock[vs[0].Block]
	}
	var out []*DictPattern
	seen := map[string]bool{}
	for _, v := range vs {
		if !seen[v.Block] {
			seen[v.Block] = true
			out = append(out, d.patternsByBlock[v.Block]...)
		}
	}
	return out
}

// Synset returns the phrases of a synonym set ("&FOOD"), with the regular
// plurals the set allows.
func (d *Dictionaries) Synset(name string) []string { return d.synsets[name] }

// ActorsNamed returns the Phoenix actors with name among their variants.
func (d *Dictionaries) ActorsNamed(name string) []*DictActor { return d.actorsByName[dictKey(name)] }

// AgentsOf returns the agent words matching phrase (singular, or the
// plural the entry allows).
func (d *Dictionaries) AgentsOf(phrase string) []*DictAgent {
	return d.agentsByPhrase[strings.ToLower(phrase)]
}

// RoleOn resolves a Phoenix name on day (YYYYMMDD; 0 for no date) to the
// role its holder had then: among the dated roles covering the day, the
// one that began last (a later appointment supersedes), ties going to the
// first in the file; else the first undated role (PETRARCH's default
// code). A day of 0 takes the role still open, else the undated one. When
// two Phoenix actors share the name, the first with an answer wins.
func (d *Dictionaries) RoleOn(name string, day int) (DictRole, bool) {
	for _, a := range d.ActorsNamed(name) {
		if r, ok := a.RoleOn(day); ok {
			return r, true
		}
	}
	return DictRole{}, false
}

// RoleOn is the role the actor had on day; see Dictionaries.RoleOn.
func (a *DictActor) RoleOn(day int) (DictRole, bool) {
	best := -1
	for i, r := range a.Roles {
		var holds bool
		if day == 0 {
			holds = r.Dated() && r.To == 0
		} else {
			holds = r.Holds(day)
		}
		if holds && (best < 0 || r.From > a.Roles[best].From) {
			best = i
		}
	}
	if best >= 0 {
		return a.Roles[best], true
	}
	for _, r := range a.Roles {
		if !r.Dated() {
			return r, true
		}
	}
	return DictRole{}, false
}

// Office is the office a name stands for on an article's date.
type Office struct {
	Country string // ISO3, IGO, NGO, IMG or ""
	Role    string // gazetteer role ("President"), "" from Phoenix
	Sector  string // Phoenix sector ("government"), "" from the gazetteer
	Agent   string // Phoenix CAMEO agent codes ("GOVMIL", "ELI")
	From    int    // YYYYMMDD (the gazetteer's years become 1 January and 31 December); 0 open
	To      int
	Source  string // "gazetteer" or "phoenix"
	// Stale marks a Phoenix role open at PhoenixSnapshot used for a later
	// date: the holder may have left office since.
	Stale bool
}

// Office resolves a name met in an article dated day (YYYYMMDD, 0 for no
// date) to the office its holder had then.
//
// Precedence: the project's gazetteer (leaders.tsv) comes first and, when
// it knows the name at all, alone: it is checked by hand, goes past 2014
// and is where Phoenix's mistakes are fixed, so a Phoenix role never
// overrides or completes it, whatever the date. Phoenix answers only for
// names the gazetteer lacks; as its files stop in January 2014
// (PhoenixSnapshot), a role still open then is returned for a later date
// with Stale set, for the caller to weigh or refuse.
func (d *Dictionaries) Office(g *Gazetteer, name string, day int) (Office, bool) {
	if g != nil {
		if l, ok := g.Leader(name, day/10000); ok {
			o := Office{Country: l.ISO3, Role: l.Role, From: l.From*10000 + 101, Source: "gazetteer"}
			if l.To != 0 {
				o.To = l.To*10000 + 1231
			}
			return o, true
		}
	}
	r, ok := d.RoleOn(name, day)
	if !ok {
		return Office{}, false
	}
	return Office{
		Country: r.Country, Sector: r.Sector, Agent: r.Agent, From: r.From, To: r.To, Source: "phoenix",
		Stale: r.Dated() && r.To == 0 && (day == 0 || day > PhoenixSnapshot),
	}, true
}

// DictDay turns an article date ("2009-01-20", or "2009") into YYYYMMDD;
// an empty or unreadable date gives 0.
func DictDay(date string) int {
	if len(date) >= 10 {
		if n, err := parseDictDay(date[:10]); err == nil {
			return n
		}
	}
	if len(date) == 4 {
		if y, err := strconv.Atoi(date); err == nil {
			return y*10000 + 101
		}
	}
	return 0
}
