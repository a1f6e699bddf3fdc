package extract

import (
	"io/fs"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dipgraph/dipgraph/schema"
)

// dictTestDefault loads the embedded dictionaries or stops the test.
func dictTestDefault(t testing.TB) *Dictionaries {
	t.Helper()
	d, err := DefaultDictionaries()
	if err != nil {
		t.Fatalf("embedded dictionaries: %v", err)
	}
	return d
}

// dictSnippet is a small set of tables in the generated formats.
func dictSnippet() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		DictVerbsFile: f("# comment\nVISIT\tvisit\tvisit\t042:043\tvisit|visits|visited|visiting\tregular\t10\n" +
			"VISIT\ttour\ttour\t042\ttour|tours|toured|touring\tregular\t11\n" +
			"MEET\tmeet\tmeet\t040\tmeet|meets|met|meeting\tgiven\t20\n" +
			"GATHER\tmeet\tmeet\t---\tmeet|meets|met|meeting\tgiven\t30\n"),
		DictPatternsFile: f("VISIT\t12\t$\t(to +)\tpre\tpost:to\t(to +)\t\t\t042\tCONSULT\tvisit\t\tone\t043\tCONSULT\tVISIT\n" +
			"MEET\t21\t\t(with &NEGOTIATOR)\t\t\t(with &NEGOTIATOR)\t&NEGOTIATOR\t\t046\tCONSULT\t\tdiplomatic\tone\t\t\tMEET\n" +
			"GATHER\t31\twill not\t\t\t\t\t\tneg\t020\t\t\t\tnone\t\t\t\n"),
		DictSynsetsFile: f("&NEGOTIATOR\tnegotiator\t\t1\n&NEGOTIATOR\tgo-between\t-\t2\n"),
		DictActorsFile: f("A\tann veneman\tveneman\tInternational:5\n" +
			"R\tUSA\tgovernment\tGOV\t2001-01-20\t2005-01-20\tUSAGOV\n" +
			"R\tIGO\t\tUNOKID\t2005-05-01\t\tIGOUNOKID\n" +
			"A\tjames byrnes\t\tCountries:9\n" +
			"R\tUSA\t\tELI\t1897-01-01\t1945-07-03\tUSAELI\n" +
			"R\tUSA\tgovernment\tGOV\t1945-07-03\t1947-01-21\tUSAGOV\n" +
			"R\tUSA\t\tELI\t\t\tUSAELI\n" +
			"A\tbarack obama\tmr. obama|obama\tCountries:12\n" +
			"R\tUSA\tgovernment\tGOV\t2009-01-20\t\tUSAGOV\n" +
			"A\tafghanistan\tkabul\tCountries:1\n" +
			"R\tAFG\t\t\t\t\tAFG\n"),
		DictAgentsFile: f("police\tpolice\t-\tCOP\tafter\t1\nministry\tgovernment\tministries\tGOV\tafter\t2\n" +
			"rebel\trebels\t\tREB\tafter\t3\nhuman rights body\tngo\t\tNGO\tbefore\t4\n"),
	}
}

func TestParseDictionariesSnippet(t *testing.T) {
	d, err := ParseDictionaries(dictSnippet())
	if err != nil {
		t.Fatal(err)
	}
	if vs := d.VerbsOf("Visited"); len(vs) != 1 || vs[0].Lemma != "visit" || vs[0].CAMEO != "042:043" {
		t.Errorf("VerbsOf(visited) = %+v", vs)
	}
	ps := d.PatternsOf("toured")
	if len(ps) != 1 || ps[0].Source != "pre" || ps[0].Target != "post:to" || ps[0].CAMEO2 != "043" || ps[0].PLOVER != schema.Consult {
		t.Errorf("PatternsOf(toured) = %+v", ps)
	}
	// "met" belongs to two blocks: both blocks' patterns, in file order.
	ps = d.PatternsOf("met")
	if len(ps) != 2 || ps[0].Line != 21 || ps[1].Line != 31 || !ps[1].Negated || ps[1].Mapping != "none" {
		t.Errorf("PatternsOf(met) = %+v", ps)
	}
	if got := strings.Join(d.Synset("&NEGOTIATOR"), "|"); got != "negotiator|negotiators|go-between" {
		t.Errorf("synset: %s", got)
	}
	if d.PatternsOf("visitor") != nil {
		t.Error("a form of no verb has patterns")
	}
	for phrase, want := range map[string]string{"police": "police", "polices": "", "ministries": "government", "ministrys": "", "rebels": "rebels", "Rebel": "rebels"} {
		as := d.AgentsOf(phrase)
		got := ""
		if len(as) > 0 {
			got = as[0].Sector
		}
		if got != want {
			t.Errorf("AgentsOf(%q) sector %q, want %q", phrase, got, want)
		}
	}
	if as := d.AgentsOf("human rights body"); len(as) != 1 || !as[0].Before {
		t.Errorf("human rights body: %+v", as)
	}
}

func TestDictRoleOn(t *testing.T) {
	d, err := ParseDictionaries(dictSnippet())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name               string
		day                int
		country, sector, a string
		ok                 bool
	}{
		// Two offices at different dates.
		{"Ann Veneman", 20030601, "USA", "government", "GOV", true},
		{"ANN_VENEMAN", 20070101, "IGO", "", "UNOKID", true},
		{"ann veneman", 20050301, "", "", "", false}, // between the two, no default
		{"veneman", 0, "IGO", "", "UNOKID", true},    // no date: the open role
		// Limits are inclusive; the later appointment wins on the day both hold.
		{"James Byrnes", 19450703, "USA", "government", "GOV", true},
		{"James Byrnes", 19450702, "USA", "", "ELI", true},
		{"James Byrnes", 19600101, "USA", "", "ELI", true}, // the undated default
		{"Mr. Obama", 20100101, "USA", "government", "GOV", true},
		{"Mr Obama", 20080101, "", "", "", false},
		{"Kabul", 19990101, "AFG", "", "", true},
		{"Nobody", 20100101, "", "", "", false},
	} {
		r, ok := d.RoleOn(c.name, c.day)
		if ok != c.ok || r.Country != c.country || r.Sector != c.sector || r.Agent != c.a {
			t.Errorf("RoleOn(%q, %d) = %+v %v, want %s %s %s %v", c.name, c.day, r, ok, c.country, c.sector, c.a, c.ok)
		}
	}
}

func TestDictOfficePrecedence(t *testing.T) {
	d, err := ParseDictionaries(dictSnippet())
	if err != nil {
		t.Fatal(err)
	}
	g := gazTestDefault(t)
	// The gazetteer knows Obama: it answers, even before his presidency,
	// where Phoenix has nothing.
	o, ok := d.Office(g, "Barack Obama", 20100601)
	if !ok || o.Source != "gazetteer" || o.Country != "USA" || o.Role != "President" || o.Stale {
		t.Errorf("Obama 2010: %+v %v", o, ok)
	}
	// Phoenix answers for a name the gazetteer lacks.
	o, ok = d.Office(g, "Ann Veneman", 20030601)
	if !ok || o.Source != "phoenix" || o.Country != "USA" || o.Sector != "government" || o.Stale {
		t.Errorf("Veneman 2003: %+v %v", o, ok)
	}
	// An open Phoenix role after the snapshot is flagged.
	o, ok = d.Office(g, "Ann Veneman", 20200101)
	if !ok || o.Country != "IGO" || !o.Stale {
		t.Errorf("Veneman 2020: %+v %v", o, ok)
	}
	o, ok = d.Office(g, "Ann Veneman", 20100101)
	if !ok || o.Stale {
		t.Errorf("Veneman 2010: %+v %v", o, ok)
	}
	if DictDay("2009-01-20") != 20090120 || DictDay("2009") != 20090101 || DictDay("") != 0 || DictDay("20x9-01-20") != 0 {
		t.Error("DictDay")
	}
}

func TestParseDictionariesErrors(t *testing.T) {
	for name, data := range map[string]string{
		DictActorsFile:   "R\tUSA\t\t\t\t\tUSA\n",
		DictVerbsFile:    "X\tx\tx\t---\tx\tregular\tnot-a-number\n",
		DictPatternsFile: "X\t1\t\t\t\t\t\t\t\t\t\t\t\tnull\t\t\t\n",
	} {
		fs := dictSnippet()
		fs[name].Data = []byte(data)
		if _, err := ParseDictionaries(fs); err == nil || !strings.Contains(err.Error(), name+":1") {
			t.Errorf("%s: error %v, want one naming %s:1", name, err, name)
		}
	}
	fs := dictSnippet()
	fs[DictActorsFile].Data = []byte("A\tx\t\ts:1\nR\tUSA\t\t\t2009-13\t\tUSA\n")
	if _, err := ParseDictionaries(fs); err == nil {
		t.Error("a bad date parsed")
	}
}

// TestDefaultDictionaries checks the embedded tables against the project:
// counts, codes and a few known entries.
func TestDefaultDictionaries(t *testing.T) {
	d := dictTestDefault(t)
	g := gazTestDefault(t)
	if len(d.Verbs) < 1500 || len(d.Patterns) < 4000 || len(d.Actors) < 20000 || len(d.Agents) < 2000 || len(d.synsets) < 30 {
		t.Fatalf("too few entries: %d verbs, %d patterns, %d actors, %d agents, %d synsets", len(d.Verbs), len(d.Patterns), len(d.Actors), len(d.Agents), len(d.synsets))
	}
	for _, a := range d.Actors {
		for _, r := range a.Roles {
			switch {
			case r.Country == "" || r.Country == schema.CodeIGO || r.Country == schema.CodeNGO || r.Country == schema.CodeIMG:
			default:
				if _, ok := g.Country(r.Country); !ok {
					t.Errorf("%s (%s): country %q of %s not in countries.tsv", a.Name, a.Source, r.Country, r.Code)
				}
			}
			if r.From != 0 && r.To != 0 && r.From > r.To {
				t.Errorf("%s: role %+v ends before it begins", a.Name, r)
			}
		}
	}
	sectors := map[string]bool{"": true}
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range lx.sectors {
		sectors[s.sector] = true
	}
	for _, a := range d.Agents {
		if !sectors[a.Sector] {
			t.Errorf("agent %q: sector %q not in sectors.tsv", a.Phrase, a.Sector)
		}
	}
	for _, p := range d.Patterns {
		for _, typ := range []string{p.PLOVER, p.PLOVER2} {
			if typ != "" && !schema.IsEventType(typ) {
				t.Errorf("pattern line %d: %q is not a PLOVER type", p.Line, typ)
			}
		}
		for _, s := range p.Synsets {
			if d.Synset(s) == nil {
				t.Errorf("pattern line %d: undefined synonym set %s", p.Line, s)
			}
		}
	}
	if len(d.PatternsOf("visited")) == 0 {
		t.Error("no patterns for visited")
	}
	// Ann Veneman: US Secretary of Agriculture, then head of UNICEF.
	if r, ok := d.RoleOn("Ann Veneman", 20030101); !ok || r.Country != "USA" || r.Sector != "government" {
		t.Errorf("Veneman 2003: %+v %v", r, ok)
	}
	if r, ok := d.RoleOn("Ann Veneman", 20080101); !ok || r.Country != schema.CodeIGO {
		t.Errorf("Veneman 2008: %+v %v", r, ok)
	}
	// East German and Soviet codes fold into the project's ISO3.
	if r, ok := d.RoleOn("Erich Honecker", 19800101); !ok || r.Country != "DEU" {
		t.Errorf("Honecker 1980: %+v %v", r, ok)
	}
	if as := d.AgentsOf("police"); len(as) == 0 || as[0].Sector != "police" {
		t.Errorf("police: %+v", as)
	}
}

// BenchmarkParseDictionaries measures a full parse of the embedded tables;
// heap-MB is the memory the parsed tables keep.
func BenchmarkParseDictionaries(b *testing.B) {
	sub := mustSubFS(b)
	var ms0, ms1 runtime.MemStats
	b.ReportAllocs()
	var kept float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms0)
		b.StartTimer()
		d, err := ParseDictionaries(sub)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms1)
		runtime.KeepAlive(d)
		kept = float64(ms1.HeapAlloc-ms0.HeapAlloc) / (1 << 20)
		b.StartTimer()
	}
	b.ReportMetric(kept, "heap-MB")
}

func mustSubFS(tb testing.TB) fs.FS {
	tb.Helper()
	sub, err := fs.Sub(petrarchFiles, "data/petrarch")
	if err != nil {
		tb.Fatal(err)
	}
	return sub
}
