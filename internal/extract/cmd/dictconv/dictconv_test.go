package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

const verbSnippet = `# comment line
####### SYNONYM SETS #######

&CURRENCY
# a comment inside a set
+MONEY
+CASH_
+CEASE_FIRE

&AUXVERB2_
+WILL
+IS_TO

&NEGOTIATOR
+NEGOTIATOR

####### VERB PATTERNS #######

---  ACCELERATE   [---]  ---
HURRY {HURRIES HURRYING HURRIED }
RUSH  # OY 14 Mar 2006
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF}
WIRE_+TAP
ASK     [020]
SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93
- * (TO BORDER)                                       [154]         # RUSH
- $ * (AS &NEGOTIATOR) (IN TALK) (WITH +)             [045:046]     # ACT
- WILL NOT * (TOWARDS +)                              [030]         # BUDGE
- *SCEPTICAL                                          [012]
- * (BEFORE COURT)                                    [:173]        # APPEAR
- * DOWN (FROM)                                       [080!]        # BACK
- + INSPECTOR * (INTO $)                              [0862]        # MOVE
- * VENTURE (WITH VISIT) VISIT)[042:043]
- * &WEATHER                                          [010]

---  OFFEND   [:110]  ---
OFFEND

~ a (a b ATTACK) SAY = a b 015
`

func TestParseVerbs(t *testing.T) {
	d, err := parseVerbs(strings.NewReader(verbSnippet))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.synsets) != 3 || d.transforms != 1 || len(d.blocks) != 2 {
		t.Fatalf("synsets %d, transforms %d, blocks %d", len(d.synsets), d.transforms, len(d.blocks))
	}
	cur := d.synsets[0]
	if cur.Name != "&CURRENCY" || cur.NoPlural || len(cur.Members) != 3 {
		t.Fatalf("currency set: %+v", cur)
	}
	if m := cur.Members[1]; m.Phrase != "cash" || !m.NoPlural {
		t.Errorf("CASH_: %+v", m)
	}
	if m := cur.Members[2]; m.Phrase != "cease fire" || m.NoPlural {
		t.Errorf("CEASE_FIRE: %+v", m)
	}
	aux := d.synsets[1]
	if aux.Name != "&AUXVERB2" || !aux.NoPlural || !aux.Members[0].NoPlural || aux.Members[1].Phrase != "is to" {
		t.Errorf("aux set: %+v", aux)
	}

	b := d.blocks[0]
	if b.Name != "ACCELERATE" || b.Code != "---" || len(b.Verbs) != 6 {
		t.Fatalf("block: %s %s %d verbs", b.Name, b.Code, len(b.Verbs))
	}
	want := []verbLine{
		{Lemma: "hurry", Head: "hurry", Forms: []string{"hurry", "hurries", "hurrying", "hurried"}, Given: true},
		{Lemma: "rush", Head: "rush", Forms: []string{"rush", "rushes", "rushed", "rushing"}},
		{Lemma: "cordon off", Head: "cordon", Forms: []string{"cordon off", "cordoned off", "cordons off", "cordoning off"}, Given: true},
		{Lemma: "wire tap", Head: "tap", Forms: []string{"wire tap", "wire taps", "wire taped", "wire taping"}},
		{Lemma: "ask", Head: "ask", Code: "020", Forms: []string{"ask", "asks", "asked", "asking"}},
		{Lemma: "scrap", Head: "scrap", Forms: []string{"scrap", "scrapping", "scraps", "scrapped"}, Given: true},
	}
	for i, w := range want {
		got := b.Verbs[i]
		got.Line = 0
		if !reflect.DeepEqual(got, w) {
			t.Errorf("verb %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	if b.verbCode(b.Verbs[4]) != "020" || b.verbCode(b.Verbs[0]) != "---" {
		t.Errorf("verb codes: %q %q", b.verbCode(b.Verbs[4]), b.verbCode(b.Verbs[0]))
	}
	if d.blocks[1].Code != ":110" {
		t.Errorf("paired block code: %q", d.blocks[1].Code)
	}

	ps := b.Patterns
	if len(ps) != 9 {
		t.Fatalf("%d patterns", len(ps))
	}
	type view struct {
		pre, post, src, tgt, preps, syns string
		neg                              bool
		code, code2, mark, note, skipped string
	}
	see := func(p pattern) view {
		s, g := p.slots()
		return view{strings.Join(p.Pre, " "), strings.Join(p.Post, " "), s, g, strings.Join(p.preps(), "|"), strings.Join(p.synsetRefs(), "|"), p.negated(), p.Code, p.Code2, p.Mark, p.Note, p.Skipped}
	}
	wantP := []view{
		{post: "(to border)", preps: "(to border)", code: "154", note: "RUSH"},
		{pre: "$", post: "(as &NEGOTIATOR) (in talk) (with +)", src: "pre", tgt: "post:with", preps: "(as &NEGOTIATOR)|(in talk)|(with +)", syns: "&NEGOTIATOR", code: "045", code2: "046", note: "ACT"},
		{pre: "will not", post: "(towards +)", tgt: "post:towards", preps: "(towards +)", neg: true, code: "030", note: "BUDGE"},
		{post: "sceptical", code: "012"},
		{post: "(before court)", preps: "(before court)", code2: "173", note: "APPEAR"},
		{post: "down (from)", preps: "(from)", code: "080", mark: "!", note: "BACK"},
		{pre: "+ inspector", post: "(into $)", src: "post:into", tgt: "pre", preps: "(into $)", code: "0862", note: "MOVE"},
	}
	for i, w := range wantP {
		if got := see(ps[i]); got != w {
			t.Errorf("pattern %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	if ps[7].Skipped == "" {
		t.Errorf("malformed pattern not skipped: %+v", ps[7])
	}
	if ps[8].Skipped != "undefined synonym set &WEATHER" {
		t.Errorf("pattern with an undefined set: %+v", ps[8])
	}
	if ps[0].Line != 26 {
		t.Errorf("first pattern on line %d, want 26", ps[0].Line)
	}
}

func TestRegularForms(t *testing.T) {
	for w, want := range map[string]string{
		"offer":  "offers offered offering",
		"accuse": "accuses accused accusing",
		"deny":   "denies denied denying",
		"obey":   "obeys obeyed obeying",
		"push":   "pushes pushed pushing",
		"tie":    "ties tied tying",
		"agree":  "agrees agreed agreeing",
	} {
		if got := strings.Join(regularForms(w), " "); got != want {
			t.Errorf("%s: got %q, want %q", w, got, want)
		}
	}
}

const ploverSnippet = `# header
03: AGREE
030: AGREE,  , diplomatic # Express intent to cooperate
08: CONCEDE
08: RETREAT
084: RETREAT,   ,  # Return, release
091: ACCUSE, investigate, crime; corruption # Investigate crime, corruption
175: ASSAULT, pro_autocracy , military # Use violent repression
175: ASSAULT, pro_autocracy , military # Use tactics of violent repression
~~~~~
999: AGREE
`

func TestPloverMapping(t *testing.T) {
	pm, err := parsePlover(strings.NewReader(ploverSnippet))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code, status, types, via, mode, context string
	}{
		{"030", mapOne, "AGREE", "030", "", "diplomatic"},
		{"0301", mapParent, "AGREE", "030", "", "diplomatic"},
		{"036", mapParent, "AGREE", "03", "", ""},
		{"08", mapSeveral, "CONCEDE|RETREAT", "08", "", ""},
		{"084", mapOne, "RETREAT", "084", "", ""},
		{"091", mapOne, "ACCUSE", "091", "investigate", "crime;corruption"},
		{"175", mapOne, "ASSAULT", "175", "pro_autocracy", "military"},
		{"020", mapNone, "", "", "", ""},
		{"999", mapNone, "", "", "", ""}, // after the end mark
		{"---", mapNull, "", "", "", ""},
	} {
		l := pm.lookup(c.code)
		var mode, ctx string
		if len(l.Entries) > 0 {
			mode, ctx = l.Entries[0].Mode, l.Entries[0].Context
		}
		if l.Status != c.status || l.Types() != c.types || l.Via != c.via || mode != c.mode || ctx != c.context {
			t.Errorf("%s: got %s %q via %q mode %q context %q, want %s %q via %q mode %q context %q",
				c.code, l.Status, l.Types(), l.Via, mode, ctx, c.status, c.types, c.via, c.mode, c.context)
		}
	}
	if _, err := parsePlover(strings.NewReader("030 AGREE\n")); err == nil {
		t.Error("a line without a colon parsed")
	}
}

// TestPloverMappingReference checks a few codes against the real table.
func TestPloverMappingReference(t *testing.T) {
	f, err := os.Open(filepath.Join(referenceDir(t), ploverFile))
	if err != nil {
		t.Skipf("no reference table: %v", err)
	}
	defer f.Close()
	pm, err := parsePlover(f)
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{
		"042": "CONSULT", "043": "CONSULT", "057": "SUPPORT", "0841": "RETREAT",
		"163": "COERCE", "1712": "ASSAULT", "173": "COERCE", "190": "ASSAULT",
		"1041": "REQUEST", "020": "", "010": "",
	} {
		if got := pm.lookup(code).Type(); got != want {
			t.Errorf("%s: got %q, want %q", code, got, want)
		}
	}
	if l := pm.lookup("042"); l.Entries[0].Mode != "visit" {
		t.Errorf("042 mode %q, want visit", l.Entries[0].Mode)
	}
}

const actorSnippet = `# .actor file
# header comment [s] with brackets

AFGHANISTAN_  [AFG]
+AFGHAN_ 
+KABUL_
+LOGAR_PROVINCE # disambig

# National Institutions
AFGHAN_NATIONAL_SECURITY_FORCES
+ANSF
	[AFGMIL]

JAMES_BYRNES_  ; CountryInfo.txt
	[USAELI 18970101-450703]
	[USAGOV 450703-470121]

BARACK_OBAMA
+MR._OBAMA_
+PRESIDENT_OBAMA_
	[USAELI 780101-000101]
	[USAGOV >090120]
ERICH_HONECKER_
	[DDRGOV <891018]
	[DDRELI]
CARLOS SANTOS_CRUZ_	[IGOUNO] #MleH 21 Jul 2009# NGO_Actors
ANN_VENEMAN_	[USAGOV 010120-050120] [IGOUNOKID >050501]# later UNICEF
KOFI_ANNAN_	
+K._ANNAN_
	[IGOUNO 970101-061231] 
	[ELI]# IGOrulers.txt
BAD_DATES_
	[KORGOVBUS 2004017-20061201]
	[EGYGOV 20121207-20120802]
	[KORGOV 040101-041231]
`

func TestParseActors(t *testing.T) {
	es, err := parseActors(strings.NewReader(actorSnippet), "Test")
	if err != nil {
		t.Fatal(err)
	}
	names := func(e actorEntry) string { return strings.Join(e.Names, "|") }
	want := []struct {
		names string
		roles []rawRole
		drop  int
	}{
		{"afghanistan|afghan|kabul|logar province", []rawRole{{Code: "AFG"}}, 0},
		{"afghan national security forces|ansf", []rawRole{{Code: "AFGMIL"}}, 0},
		{"james byrnes", []rawRole{{"USAELI", "1897-01-01", "1945-07-03"}, {"USAGOV", "1945-07-03", "1947-01-21"}}, 0},
		{"barack obama|mr. obama|president obama", []rawRole{{"USAELI", "1978-01-01", "2000-01-01"}, {"USAGOV", "2009-01-20", ""}}, 0},
		{"erich honecker", []rawRole{{"DDRGOV", "", "1989-10-18"}, {Code: "DDRELI"}}, 0},
		{"carlos santos cruz", []rawRole{{Code: "IGOUNO"}}, 0},
		{"ann veneman", []rawRole{{"USAGOV", "2001-01-20", "2005-01-20"}, {"IGOUNOKID", "2005-05-01", ""}}, 0},
		{"kofi annan|k. annan", []rawRole{{"IGOUNO", "1997-01-01", "2006-12-31"}, {Code: "ELI"}}, 0},
		{"bad dates", []rawRole{{"KORGOV", "2004-01-01", "2004-12-31"}}, 2},
	}
	if len(es) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(es), len(want), es)
	}
	for i, w := range want {
		e := es[i]
		if names(e) != w.names || !reflect.DeepEqual(e.Roles, w.roles) || len(e.Dropped) != w.drop {
			t.Errorf("entry %d:\n got %s %+v dropped %v\nwant %s %+v dropped %d", i, names(e), e.Roles, e.Dropped, w.names, w.roles, w.drop)
		}
	}
	if es[0].Line != 4 || es[0].File != "Test" {
		t.Errorf("first entry at %s:%d, want Test:4", es[0].File, es[0].Line)
	}
}

func TestParseDictDate(t *testing.T) {
	for in, want := range map[string]string{
		"090120": "2009-01-20", "320101": "1932-01-01", "000101": "2000-01-01",
		"19270101": "1927-01-01", "20120229": "2012-02-29", "991301": "", "20130229": "",
		"2004017": "", "900000": "", "": "", "09012a": "",
	} {
		got, ok := parseDictDate(in)
		if got != want || ok != (want != "") {
			t.Errorf("%q: got %q %v, want %q", in, got, ok, want)
		}
	}
}

func TestMapActorCode(t *testing.T) {
	iso := map[string]bool{}
	for _, c := range strings.Fields("USA DEU RUS UKR SRB SVN PRI GBR VGB XKX TLS IRQ SYR FRA WLF IMN MUS CZE BIH HRV") {
		iso[c] = true
	}
	for _, c := range []struct {
		code string
		want actorCode
	}{
		{"USAGOV", actorCode{"USA", "government", "GOV", ""}},
		{"USAGOVMIL", actorCode{"USA", "government", "GOVMIL", ""}},
		{"USA", actorCode{"USA", "", "", ""}},
		{"USAELI", actorCode{"USA", "", "ELI", ""}},
		{"USASPY", actorCode{"USA", "intelligence", "SPY", ""}},
		{"DDRGOV", actorCode{"DEU", "government", "GOV", "DDR"}},
		{"USRUKRGOV", actorCode{"UKR", "government", "GOV", "USR"}},
		{"YUGSVN", actorCode{"SVN", "", "", "YUG"}},
		{"USAPRI", actorCode{"PRI", "", "", ""}},
		{"GBRVGBGOV", actorCode{"VGB", "government", "GOV", ""}},
		{"GBRIMYELI", actorCode{"IMN", "", "ELI", "IMY"}},
		{"FRNWLF", actorCode{"WLF", "", "", "FRN"}},
		{"KSV", actorCode{"XKX", "", "", "KSV"}},
		{"TMPGOV", actorCode{"TLS", "government", "GOV", "TMP"}},
		{"BIHSRP", actorCode{"BIH", "", "SRP", ""}},
		{"SYRREBMUS", actorCode{"SYR", "rebels", "REBMUS", ""}},
		{"IRQMUS", actorCode{"IRQ", "religious", "MUS", ""}},
		{"IRQSUN", actorCode{"IRQ", "", "SUN", ""}},
		{"IGOUNOKID", actorCode{"IGO", "", "UNOKID", ""}},
		{"NGOUSAHRI", actorCode{"NGO", "ngo", "USAHRI", ""}},
		{"NGOCHR", actorCode{"NGO", "religious", "CHR", ""}},
		{"IMGMUSALQ", actorCode{"IMG", "rebels", "MUSALQ", ""}},
		{"MNCUSAMED", actorCode{"USA", "media", "MED", ""}},
		{"MNC", actorCode{"", "business", "MNC", ""}},
		{"MEAREB", actorCode{"", "rebels", "MEAREB", ""}},
		{"ELI", actorCode{"", "", "ELI", ""}},
		{"KNTGOV", actorCode{"", "government", "KNTGOV", ""}},
		{"---", actorCode{}},
		{"USAGOVX", actorCode{}},
	} {
		if got := mapActorCode(c.code, iso); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.code, got, c.want)
		}
	}
}

// TestCameoCountriesAreISO keeps the country table honest: every target is
// an ISO3 of the project and no source is one.
func TestCameoCountriesAreISO(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "internal", "extract", "data", "gazetteer", "countries.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	iso, err := parseISO3(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for from, to := range cameoCountries {
		if !iso[to] {
			t.Errorf("%s maps to %s, not in countries.tsv", from, to)
		}
		if iso[from] {
			t.Errorf("%s is itself a country of countries.tsv", from)
		}
	}
}

const agentSnippet = `# agents
<!-- VERSION: 0.1 -->
!PERSON! = MAN, MEN, WOMAN
!MINIST! = MINISTER, MINISTRY

CONGRESS!PERSON! [~LEG]
HUSBAND!PERSON![~AGR]
POLICE {} [~COP] # no plural
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG] # mj
HUMAN_RIGHTS_BODY  [NGO~] # BNL
!MINIST! FOR_DEFENCE [~GOVMIL]
!MINIST! OF_PUBLIC_SERVICE_AND_AD!MINIST!RATIVE_REFORM [~GOVDEV]
ISLAMIC_EXTREMIST
CRIME_BOSS [~CRM]
`

func TestParseAgents(t *testing.T) {
	as, err := parseAgents(strings.NewReader(agentSnippet))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range as {
		if a.Skipped != "" {
			got = append(got, "skip:"+strconv.Itoa(a.Line))
			continue
		}
		attach := "after"
		if a.Prefix {
			attach = "before"
		}
		got = append(got, a.Phrase+"/"+a.Plural+"/"+a.Code+"/"+attach)
	}
	want := []string{
		"congressman/-/LEG/after", "congressmen/-/LEG/after", "congresswoman/-/LEG/after",
		"husbandman/-/AGR/after", "husbandmen/-/AGR/after", "husbandwoman/-/AGR/after",
		"police/-/COP/after",
		"attorney general/attorneys general/GOVATG/after",
		"human rights body//NGO/before",
		"minister ... for defence/-/GOVMIL/after", "ministry ... for defence/-/GOVMIL/after",
		"minister ... of public service and administrative reform/-/GOVDEV/after",
		"ministry ... of public service and administrative reform/-/GOVDEV/after",
		"skip:13",
		"crime boss//CRM/after",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	var buf bytes.Buffer
	st, err := writeAgents(&buf, header{}, as)
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != 1 || st.Restored != 1 || st.WithSector != 13 {
		t.Errorf("stats %+v", st)
	}
	if !strings.Contains(buf.String(), "police\tpolice\t-\tCOP\tafter\t") || !strings.Contains(buf.String(), "crime boss\t\t\tCRM\t") {
		t.Errorf("agents.tsv lacks police or crime boss:\n%s", buf.String())
	}
}

// referenceDir is ../shared/reference from the repository root.
func referenceDir(t *testing.T) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "..", "shared", "reference")
}

// TestGeneratedUpToDate regenerates the tables into a temporary directory
// and compares them with the committed ones.
func TestGeneratedUpToDate(t *testing.T) {
	src := referenceDir(t)
	if _, err := os.Stat(filepath.Join(src, verbFile)); err != nil {
		t.Skipf("no reference dictionaries: %v", err)
	}
	root, _ := repoRoot()
	out := t.TempDir()
	if _, err := convert(src, out, filepath.Join(root, "internal", "extract", "data", "gazetteer", "countries.tsv")); err != nil {
		t.Fatal(err)
	}
	committed := filepath.Join(root, "internal", "extract", "data", "petrarch")
	for _, name := range []string{outVerbs, outPatterns, outSynsets, outActors, outAgents, outCameo} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(committed, name))
		if err != nil {
			t.Fatalf("committed table: %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: run go generate ./internal/extract", name)
		}
	}
}
