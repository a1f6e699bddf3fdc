package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

const (
	sampleActors = "../../samples/user-actors.tsv"
	sampleVerbs  = "../../samples/user-verbs.tsv"
)

// writeFile writes a user dictionary into a temporary directory.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// eventsOf extracts one sentence and lists its events as
// "TYPE trigger source>target", with the first source and target.
func eventsOf(x *Extractor, text string) []string {
	r := x.Extract(schema.Article{Text: text, Date: "2025-05-04"})
	var out []string
	for _, e := range r.Events {
		s := e.Event + " " + e.Trigger
		if len(e.Source) > 0 {
			s += " " + e.Source[0].Entity
		}
		if len(e.Target) > 0 {
			s += ">" + e.Target[0].Entity
		}
		out = append(out, s)
	}
	return out
}

func entityOf(x *Extractor, text, id string) (schema.Entity, bool) {
	for _, e := range x.Extract(schema.Article{Text: text, Date: "2025-05-04"}).Entities {
		if e.ID == id {
			return e, true
		}
	}
	return schema.Entity{}, false
}

func TestUserDictionariesSamples(t *testing.T) {
	x, err := NewWithOptions(Options{ActorFiles: []string{sampleActors}, VerbFiles: []string{sampleVerbs}})
	if err != nil {
		t.Fatal(err)
	}
	base := New()
	cases := []struct {
		text       string
		base, user string // events, joined by "; "
	}{
		// a new person and organisation
		{"The Sahel Unity Front attacked Malian soldiers near Gao.",
			"", "ASSAULT attacked org:sahel-unity-front>org:mali-military"},
		// a new verb
		{"Mali blacklisted Algeria on Tuesday.",
			"", "SANCTION blacklisted country:MLI>country:DZA"},
		// a new phrase longer than a built-in one ("strike", PROTEST)
		{"A precision strike by Turkey hit Syria.",
			"PROTEST strike country:TUR>country:SYR", "ASSAULT precision strike country:TUR>country:SYR"},
		// the verb "welcome" recoded
		{"Egypt welcomed the Sudanese delegation.",
			"SUPPORT welcomed country:EGY>country:SDN", "CONSULT welcomed country:EGY>country:SDN"},
	}
	for _, c := range cases {
		if got := strings.Join(eventsOf(base, c.text), "; "); got != c.base {
			t.Errorf("built-in %q: events %q, want %q", c.text, got, c.base)
		}
		if got := strings.Join(eventsOf(x, c.text), "; "); got != c.user {
			t.Errorf("user %q: events %q, want %q", c.text, got, c.user)
		}
	}

	text := "Amara Kone-Diallo, the leader of the Sahel Unity Front, condemned France on Monday."
	p, ok := entityOf(x, text, "person:amara-kone-diallo")
	if !ok || p.Country != "MLI" || p.Role != "Leader of the Sahel Unity Front" {
		t.Errorf("user leader: %+v (found %v), want MLI, Leader of the Sahel Unity Front", p, ok)
	}
	if got := eventsOf(x, text); len(got) != 1 || got[0] != "ACCUSE condemned person:amara-kone-diallo>country:FRA" {
		t.Errorf("user leader's event: %q", got)
	}
	if o, ok := entityOf(x, text, "org:sahel-unity-front"); !ok || o.OrgKind != "militant" || o.Country != "MLI" {
		t.Errorf("user org: %+v (found %v)", o, ok)
	}
	// the surname alias of the user leader, met alone
	if got := eventsOf(x, "Kone-Diallo condemned France."); len(got) != 1 || got[0] != "ACCUSE condemned person:amara-kone-diallo>country:FRA" {
		t.Errorf("user leader by alias: %q", got)
	}
	if p, ok := entityOf(base, text, "person:amara-kone-diallo"); ok && p.Country == "MLI" {
		t.Errorf("the built-in extractor knows the user leader: %+v", p)
	}
}

func TestUserActorsPrecedence(t *testing.T) {
	early := writeFile(t, "early.tsv", "[orgs]\nSahel Unity Front\tMLI\tparty\n")
	actors := writeFile(t, "actors.tsv", `# the same names as built-in records, written differently
[leaders]
vladimir PUTIN	RUS	Prime Minister	Putin	2020-
Claudia Sheinbaum	MEX	Foreign Minister	Sheinbaum	2024-
# not the same: another person sharing an alias of a built-in one
Maria Sheinbaum	MEX	Interior Minister	Sheinbaum	2024-
[orgs]
HAMAS	PSE	party	Hamas
Sahel Unity Front	MLI	militant	SUF
`)
	x, err := NewWithOptions(Options{ActorFiles: []string{early, actors}})
	if err != nil {
		t.Fatal(err)
	}
	g := x.gaz
	// The user lines of a name are all of that person's offices.
	if offs := g.LeaderOffices("Vladimir Putin"); len(offs) != 1 || offs[0].Role != "Prime Minister" || offs[0].From != 2020 {
		t.Errorf("Putin's offices: %+v, want the one user line", offs)
	}
	if l, ok := g.Leader("Sheinbaum", 2025); !ok || l.Name != "Claudia Sheinbaum" || l.Role != "Foreign Minister" {
		t.Errorf("Sheinbaum in 2025: %+v, want the user Claudia Sheinbaum (first of the user lines)", l)
	}
	if offs := g.LeaderOffices("Maria Sheinbaum"); len(offs) != 1 {
		t.Errorf("a user person with a new name is added: %+v", offs)
	}
	if o, ok := g.Org("Hamas"); !ok || o.Kind != "party" || o.Name != "HAMAS" {
		t.Errorf("Hamas: %+v, want the user org", o)
	}
	if o, ok := g.Org("Islamic Resistance Movement"); ok {
		t.Errorf("an alias of the replaced built-in org is still known: %+v", o)
	}
	// a later file wins over an earlier one
	if o, ok := g.Org("SUF"); !ok || o.Kind != "militant" {
		t.Errorf("SUF: %+v, want the later file's militant group", o)
	}
	// the rest of the built-in gazetteer is there, the default one untouched
	if _, ok := g.Leader("Trump", 2025); !ok {
		t.Error("built-in Trump lost")
	}
	if offs := DefaultGazetteer().LeaderOffices("Vladimir Putin"); len(offs) != 4 {
		t.Errorf("the embedded gazetteer changed: Putin has %d offices", len(offs))
	}
	want := len(DefaultGazetteer().Leaders) - 4 - 1 + 3
	if len(g.Leaders) != want {
		t.Errorf("%d leaders, want %d", len(g.Leaders), want)
	}
	if p, ok := entityOf(x, "Claudia Sheinbaum criticized Brazil.", "person:claudia-sheinbaum"); !ok || p.Role != "Foreign Minister" {
		t.Errorf("Sheinbaum in text: %+v (found %v)", p, ok)
	}
}

// triggerEntries returns the entries the trigger trie holds for a form.
func triggerEntries(x *Extractor, form string) []*verbEntry {
	toks := tokenize(form)
	vals, n := x.lex.triggers.longest(toks, 0, nil)
	if n != len(toks) {
		return nil
	}
	var out []*verbEntry
	for _, v := range vals {
		out = append(out, v.entry)
	}
	return out
}

func TestUserVerbsPrecedence(t *testing.T) {
	early := writeFile(t, "early.tsv", "blacklist\tSANCTION\t163\tblacklisted\tv\n")
	verbs := writeFile(t, "verbs.tsv", `# "Welcome" is the built-in verb "welcome": case is ignored
Welcome	CONSULT	043	hosted	v
# a later file replaces an earlier one
blacklist	COERCE	170	blacklisted	v
# two lines of one phrase in one file are both kept
back off	RETREAT	080	backed off	v
back off	RETREAT	080	backed off	n
`)
	x, err := NewWithOptions(Options{VerbFiles: []string{early, verbs}})
	if err != nil {
		t.Fatal(err)
	}
	var verb, noun []string
	for _, e := range triggerEntries(x, "welcome") {
		s := e.typ + " " + e.predicate
		if e.pos == 'n' {
			noun = append(noun, s)
		} else {
			verb = append(verb, s)
		}
	}
	if strings.Join(verb, ";") != "CONSULT hosted" {
		t.Errorf("verb welcome: %q, want only the user line", verb)
	}
	if strings.Join(noun, ";") != "CONSULT welcomed" {
		t.Errorf("noun welcome: %q, want the built-in line kept (another part of speech)", noun)
	}
	if es := triggerEntries(x, "blacklisted"); len(es) != 1 || es[0].typ != "COERCE" {
		t.Errorf("blacklisted: %d entries, want the later file's COERCE", len(es))
	}
	if es := triggerEntries(x, "back off"); len(es) != 2 {
		t.Errorf("back off: %d entries, want the verb and the noun", len(es))
	}
	if got := eventsOf(x, "France welcomed the German delegation."); len(got) != 1 || !strings.HasPrefix(got[0], "CONSULT welcomed") {
		t.Errorf("welcomed: %q", got)
	}
	// the built-in lexicon is untouched
	if es := triggerEntries(New(), "welcomed"); len(es) != 1 || es[0].typ != "SUPPORT" {
		t.Errorf("built-in welcomed changed: %d entries", len(es))
	}
}

func TestUserDictionaryErrors(t *testing.T) {
	cases := []struct {
		actors, verbs string // file contents; "" = none
		want          string // after the file name
	}{
		{verbs: "# c\nsign\tAGREE\t030\tsigned\tv\nscold\tSCOLD\t111\tscolded\tv\n", want: `:3: unknown PLOVER type "SCOLD"`},
		{verbs: "scold\tACCUSE\t111\tscolded\n", want: ":1: want at least 5 columns, got 4"},
		{verbs: "scold\tACCUSE\t111\tscolded\tq\n", want: `:1: bad part of speech "q"`},
		{verbs: "scold\tACCUSE\t111\tscolded\tv\tloud\n", want: `:1: unknown flag "loud"`},
		{verbs: " \tACCUSE\t111\tscolded\tv\n", want: `:1: empty phrase`},
		{actors: "Ana Lima\tBRA\tPresident\t\t2020-\n", want: ":1: data line before a section: start with [leaders] or [orgs]"},
		{actors: "[people]\n", want: `:1: unknown section "[people]", want [leaders] or [orgs]`},
		{actors: "[leaders]\nAna Lima\tXXX\tPresident\t\t2020-\n", want: `:2: unknown country code "XXX"`},
		{actors: "[leaders]\n\nAna Lima\tBRA\tPresident\n", want: ":3: 3 tab-separated columns, want 5 to 5"},
		{actors: "[leaders]\nAna Lima\tBRA\tPresident\t\t2020-2019\n", want: `:2: years "2020-2019": end before start`},
		{actors: "[orgs]\nLima Front\tBRA\tclub\n", want: `:2: unknown kind "club"`},
		{actors: "[orgs]\nLima Front\tBRA\tparty\tLF||L\n", want: `:2: empty item in aliases`},
	}
	for _, c := range cases {
		var o Options
		var path, kind string
		if c.verbs != "" {
			path, kind = writeFile(t, "v.tsv", c.verbs), "verbs "
			o.VerbFiles = []string{path}
		} else {
			path, kind = writeFile(t, "a.tsv", c.actors), "actors "
			o.ActorFiles = []string{path}
		}
		x, err := NewWithOptions(o)
		if err == nil {
			t.Errorf("%s%q: no error", kind, c.verbs+c.actors)
			continue
		}
		if x != nil {
			t.Errorf("an extractor with an error")
		}
		if want := "extract: " + kind + path + c.want; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error %q, want %q…", err, want)
		}
	}
	missing := filepath.Join(t.TempDir(), "none.tsv")
	if _, err := NewWithOptions(Options{ActorFiles: []string{missing}}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing actors file: %v", err)
	}
	if _, err := NewWithOptions(Options{VerbFiles: []string{missing}}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing verbs file: %v", err)
	}
}

func TestNewWithOptionsZeroIsNew(t *testing.T) {
	x, err := NewWithOptions(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if x.gaz != DefaultGazetteer() {
		t.Error("no actors files: the embedded gazetteer should be used as is")
	}
	for _, text := range []string{
		"Mexican President Claudia Sheinbaum rejected an offer from U.S. President Donald Trump.",
		"Egypt welcomed the Sudanese delegation. Hamas attacked Israel.",
	} {
		a, b := eventsOf(New(), text), eventsOf(x, text)
		if strings.Join(a, ";") != strings.Join(b, ";") || len(a) == 0 {
			t.Errorf("%q: New gives %q, NewWithOptions %q", text, a, b)
		}
	}
}
