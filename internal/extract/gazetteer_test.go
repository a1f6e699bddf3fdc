package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dipgraph/dipgraph/schema"
)

// gazTestDefault loads the embedded gazetteer or stops the test.
func gazTestDefault(t *testing.T) *Gazetteer {
	t.Helper()
	g, err := loadDefaultGazetteer()
	if err != nil {
		t.Fatalf("embedded gazetteer: %v", err)
	}
	return g
}

// gazTestReport fails the test once per problem.
func gazTestReport(t *testing.T, problems []string) {
	t.Helper()
	for _, p := range problems {
		t.Error(p)
	}
}

// gazTestRoles are the roles a leader may hold, alone or followed by
// " of " and the body ("Secretary-General of the United Nations").
var gazTestRoles = []string{
	"President", "Vice President", "Prime Minister", "Chancellor",
	"King", "Queen", "Emperor", "Emir", "Crown Prince", "Supreme Leader", "Leader",
	"State Counsellor", "Turkish Cypriot Leader",
	"Foreign Minister", "Secretary of State", "Foreign Secretary",
	"Defence Minister", "Secretary of Defense", "Defence Secretary",
	"Secretary-General", "General Secretary", "Chairman", "Chairperson", "Commander",
	"High Representative", "Director-General", "Managing Director",
}

// gazTestSharedForms are the forms leaders.tsv gives to more than one
// person, on purpose: surnames shared by people each called by them in
// news, resolved by the article's date (see the rule at the top of
// leaders.tsv).
var gazTestSharedForms = []string{
	"Bush", "George Bush", "Clinton", "Castro", "Assad", "al-Assad", "Sharif",
	"Gandhi", "Aquino", "Marcos", "Kirchner", "Trudeau", "Hariri", "Aoun",
	"Aliyev", "Aliev", "Shinawatra", "Papandreou", "Mitsotakis", "Karamanlis",
	"Koizumi", "Herzog", "Sharaa", "al-Sharaa", "Vance",
}

func gazTestRoleOK(role string) bool {
	for _, r := range gazTestRoles {
		if role == r || strings.HasPrefix(role, r+" of ") {
			return true
		}
	}
	return false
}

func gazTestISO3s(g *Gazetteer) map[string]bool {
	m := map[string]bool{}
	for _, c := range g.Countries {
		m[c.ISO3] = true
	}
	return m
}

func gazTestSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// gazCheckCountries reports ISO3 codes that are malformed, reserved for an
// actor code or used twice.
func gazCheckCountries(g *Gazetteer) []string {
	var out []string
	seen := map[string]string{}
	for _, c := range g.Countries {
		if !isISO3(c.ISO3) {
			out = append(out, fmt.Sprintf("countries.tsv: %s (%s): ISO3 is not three upper-case letters", c.ISO3, c.Name))
		}
		switch c.ISO3 {
		case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
			out = append(out, fmt.Sprintf("countries.tsv: %s (%s): ISO3 is an actor code", c.ISO3, c.Name))
		}
		if prev, dup := seen[c.ISO3]; dup {
			out = append(out, fmt.Sprintf("countries.tsv: ISO3 %s is used by %s and %s", c.ISO3, prev, c.Name))
		}
		seen[c.ISO3] = c.Name
	}
	return out
}

// gazCountryForms maps every country form, compared as Lookup compares
// them (the exact key, and the lower-cased key for forms that match
// case-insensitively, prefixed "fold:"), to the ISO3 codes it names and the
// forms as written.
func gazCountryForms(g *Gazetteer) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	add := func(key, iso3, form string) {
		if out[key] == nil {
			out[key] = map[string][]string{}
		}
		out[key][iso3] = append(out[key][iso3], form)
	}
	for _, c := range g.Countries {
		forms := append([]string{c.Name}, c.Aliases...)
		forms = append(forms, c.Demonyms...)
		forms = append(forms, c.Capitals...)
		for _, f := range forms {
			key := GazetteerKey(f)
			add(key, c.ISO3, f)
			if foldable(key) {
				add("fold:"+strings.ToLower(key), c.ISO3, f)
			}
		}
	}
	return out
}

// gazCountryFormsOf returns the countries a form names, as Lookup would.
func gazCountryFormsOf(forms map[string]map[string][]string, form string) map[string][]string {
	key := GazetteerKey(form)
	if hit := forms[key]; hit != nil {
		return hit
	}
	if foldable(key) {
		return forms["fold:"+strings.ToLower(key)]
	}
	return nil
}

// gazCheckCountryForms reports names, aliases, demonyms and capitals that
// point to two different countries.
func gazCheckCountryForms(g *Gazetteer) []string {
	var out []string
	forms := gazCountryForms(g)
	for _, k := range gazTestSortedKeys(forms) {
		if len(forms[k]) < 2 {
			continue
		}
		var parts []string
		for iso, fs := range forms[k] {
			parts = append(parts, iso+" ("+strings.Join(fs, "|")+")")
		}
		sort.Strings(parts)
		out = append(out, fmt.Sprintf("countries.tsv: form %q names several countries: %s", strings.TrimPrefix(k, "fold:"), strings.Join(parts, ", ")))
	}
	return out
}

func gazTestYears(l Leader) string {
	if l.To == 0 {
		return strconv.Itoa(l.From) + "-"
	}
	return strconv.Itoa(l.From) + "-" + strconv.Itoa(l.To)
}

func gazTestOverlap(a, b Leader) bool {
	aTo, bTo := a.To, b.To
	if aTo == 0 {
		aTo = 9999
	}
	if bTo == 0 {
		bTo = 9999
	}
	return a.From <= bTo && b.From <= aTo
}

// gazCheckLeaders reports leaders whose code is neither a country nor IGO,
// whose years run backwards, whose role is unknown, whose alias repeats
// the name, or who hold one office in two overlapping terms.
func gazCheckLeaders(g *Gazetteer) []string {
	var out []string
	iso := gazTestISO3s(g)
	type office struct{ name, iso3, role string }
	terms := map[office][]Leader{}
	for _, l := range g.Leaders {
		where := fmt.Sprintf("leaders.tsv: %s (%s %s %s)", l.Name, l.ISO3, l.Role, gazTestYears(l))
		if l.ISO3 != schema.CodeIGO && !iso[l.ISO3] {
			out = append(out, fmt.Sprintf("%s: %q is neither a country of countries.tsv nor IGO", where, l.ISO3))
		}
		if l.From < 1900 || (l.To != 0 && l.To < l.From) {
			out = append(out, fmt.Sprintf("%s: years run backwards or are missing", where))
		}
		if !gazTestRoleOK(l.Role) {
			out = append(out, fmt.Sprintf("%s: unknown role %q", where, l.Role))
		}
		for _, a := range l.Aliases {
			if a == l.Name {
				out = append(out, fmt.Sprintf("%s: alias repeats the name", where))
			}
		}
		k := office{l.Name, l.ISO3, l.Role}
		for _, o := range terms[k] {
			if gazTestOverlap(o, l) {
				out = append(out, fmt.Sprintf("%s: overlaps the term %s of the same office; merge them", where, gazTestYears(o)))
			}
		}
		terms[k] = append(terms[k], l)
	}
	return out
}

// gazCheckLeaderForms reports leader names and aliases that are also
// forms of a country or an organisation, and forms given to two people
// that are not in shared.
func gazCheckLeaderForms(g *Gazetteer, shared []string) []string {
	var out []string
	countries := gazCountryForms(g)
	orgs := map[string]string{}
	for _, o := range g.Orgs {
		for _, f := range append([]string{o.Name}, o.Aliases...) {
			orgs[GazetteerKey(f)] = o.Name
		}
	}
	allowed := map[string]bool{}
	for _, f := range shared {
		allowed[GazetteerKey(f)] = true
	}
	people := map[string]map[string]bool{}
	for _, l := range g.Leaders {
		for _, f := range append([]string{l.Name}, l.Aliases...) {
			where := fmt.Sprintf("leaders.tsv: %s (%s %s)", l.Name, l.ISO3, l.Role)
			for iso, cf := range gazCountryFormsOf(countries, f) {
				out = append(out, fmt.Sprintf("%s: form %q is also a form of country %s (%s)", where, f, iso, strings.Join(cf, "|")))
			}
			if o, ok := orgs[GazetteerKey(f)]; ok {
				out = append(out, fmt.Sprintf("%s: form %q is also a form of organisation %s", where, f, o))
			}
			k := GazetteerKey(f)
			if people[k] == nil {
				people[k] = map[string]bool{}
			}
			people[k][l.Name] = true
		}
	}
	for _, k := range gazTestSortedKeys(people) {
		if len(people[k]) > 1 && !allowed[k] {
			out = append(out, fmt.Sprintf("leaders.tsv: form %q names several people (%s) and is not a shared surname of the rule", k, strings.Join(gazTestSortedKeys(people[k]), ", ")))
		}
	}
	return out
}

// gazCheckOrgs reports organisations whose code is not IGO, NGO, IMG or a
// country, whose kind is not in OrgKinds, or that are listed twice.
func gazCheckOrgs(g *Gazetteer) []string {
	var out []string
	iso := gazTestISO3s(g)
	kinds := map[string]bool{}
	for _, k := range OrgKinds {
		kinds[k] = true
	}
	names := map[string]bool{}
	for _, o := range g.Orgs {
		switch o.Code {
		case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
		default:
			if !iso[o.Code] {
				out = append(out, fmt.Sprintf("orgs.tsv: %s: code %q is neither IGO, NGO, IMG nor a country of countries.tsv", o.Name, o.Code))
			}
		}
		if !kinds[o.Kind] {
			out = append(out, fmt.Sprintf("orgs.tsv: %s: kind %q is not one of %s", o.Name, o.Kind, strings.Join(OrgKinds, ", ")))
		}
		if names[o.Name] {
			out = append(out, fmt.Sprintf("orgs.tsv: %s is listed twice", o.Name))
		}
		names[o.Name] = true
	}
	return out
}

// gazCheckOrgForms reports organisation names and aliases that point to
// two organisations, or that are also forms of a country.
func gazCheckOrgForms(g *Gazetteer) []string {
	var out []string
	byKey := map[string][]string{}
	for _, o := range g.Orgs {
		seen := map[string]bool{}
		for _, f := range append([]string{o.Name}, o.Aliases...) {
			k := GazetteerKey(f)
			if !seen[k] {
				seen[k] = true
				byKey[k] = append(byKey[k], o.Name)
			}
		}
	}
	countries := gazCountryForms(g)
	for _, k := range gazTestSortedKeys(byKey) {
		if len(byKey[k]) > 1 {
			out = append(out, fmt.Sprintf("orgs.tsv: form %q names several organisations: %s", k, strings.Join(byKey[k], ", ")))
		}
		for iso, cf := range gazCountryFormsOf(countries, k) {
			out = append(out, fmt.Sprintf("orgs.tsv: form %q of %s is also a form of country %s (%s)", k, strings.Join(byKey[k], ", "), iso, strings.Join(cf, "|")))
		}
	}
	return out
}

func TestGazetteerDefaultLoads(t *testing.T) {
	g := gazTestDefault(t)
	if DefaultGazetteer() != g {
		t.Fatal("DefaultGazetteer and loadDefaultGazetteer return different gazetteers")
	}
	if n := len(g.Countries); n < 240 {
		t.Errorf("%d countries, want at least 240", n)
	}
	if n := len(g.Leaders); n < 400 {
		t.Errorf("%d leaders, want at least 400", n)
	}
	if n := len(g.Orgs); n < 300 {
		t.Errorf("%d organisations, want at least 300", n)
	}
	if g.MaxFormWords() < 2 || len(g.Forms()) == 0 {
		t.Errorf("index not built: %d forms, longest %d words", len(g.Forms()), g.MaxFormWords())
	}
	for _, c := range g.Countries {
		if got, ok := g.Country(strings.ToLower(c.ISO3)); !ok || got.Name != c.Name {
			t.Errorf("Country(%q) = %q, %v; want %q", strings.ToLower(c.ISO3), got.Name, ok, c.Name)
		}
	}
}

func TestGazetteerCountryCodes(t *testing.T) {
	gazTestReport(t, gazCheckCountries(gazTestDefault(t)))
}

func TestGazetteerCountryFormsUnique(t *testing.T) {
	gazTestReport(t, gazCheckCountryForms(gazTestDefault(t)))
}

func TestGazetteerLeaders(t *testing.T) {
	gazTestReport(t, gazCheckLeaders(gazTestDefault(t)))
}

func TestGazetteerLeaderForms(t *testing.T) {
	gazTestReport(t, gazCheckLeaderForms(gazTestDefault(t), gazTestSharedForms))
}

func TestGazetteerOrgs(t *testing.T) {
	gazTestReport(t, gazCheckOrgs(gazTestDefault(t)))
}

func TestGazetteerOrgFormsUnique(t *testing.T) {
	gazTestReport(t, gazCheckOrgForms(gazTestDefault(t)))
}

// TestGazetteerChecks makes sure each data check finds the problem it is
// written for.
func TestGazetteerChecks(t *testing.T) {
	g := &Gazetteer{
		Countries: []Country{
			{ISO3: "USA", Name: "United States", Aliases: []string{"America"}, Capitals: []string{"Washington"}},
			{ISO3: "COD", Name: "Democratic Republic of the Congo", Aliases: []string{"Congo"}},
			{ISO3: "COG", Name: "Republic of the Congo", Aliases: []string{"Congo"}},
			{ISO3: "usa", Name: "Lower Case"},
			{ISO3: "USA", Name: "United States again"},
			{ISO3: "IGO", Name: "Not a country"},
		},
		Leaders: []Leader{
			{Name: "George Washington", ISO3: "USA", Role: "President", Aliases: []string{"Washington"}, From: 1789, To: 1797},
			{Name: "Ann Example", ISO3: "XYZ", Role: "Wizard", Aliases: []string{"Ann Example"}, From: 2010, To: 2005},
			{Name: "Bo Example", ISO3: "USA", Role: "President", Aliases: []string{"Example"}, From: 2001, To: 2009},
			{Name: "Bo Example", ISO3: "USA", Role: "President", Aliases: []string{"Example", "UN"}, From: 2008},
			{Name: "Jo Bush", ISO3: "IGO", Role: "Secretary-General of the United Nations", Aliases: []string{"Bush"}, From: 2001},
			{Name: "Al Bush", ISO3: "USA", Role: "Secretary of State", Aliases: []string{"Bush"}, From: 2001},
		},
		Orgs: []Org{
			{Name: "United Nations", Code: "IGO", Kind: "igo", Aliases: []string{"UN"}},
			{Name: "Union of Nations", Code: "NGO", Kind: "club", Aliases: []string{"UN", "America"}},
			{Name: "United Nations", Code: "XYZ", Kind: "igo"},
		},
	}
	for _, tc := range []struct {
		name     string
		problems []string
		want     []string
	}{
		{"countries", gazCheckCountries(g), []string{`usa (Lower Case)`, `ISO3 USA is used by`, `IGO (Not a country)`}},
		{"country forms", gazCheckCountryForms(g), []string{`form "Congo" names several countries: COD (Congo), COG (Congo)`}},
		{"leaders", gazCheckLeaders(g), []string{
			`Ann Example (XYZ Wizard 2010-2005): "XYZ" is neither`,
			`Ann Example (XYZ Wizard 2010-2005): years run backwards`,
			`unknown role "Wizard"`,
			`alias repeats the name`,
			`Bo Example (USA President 2008-): overlaps the term 2001-2009`,
		}},
		{"leader forms", gazCheckLeaderForms(g, []string{"Bush"}), []string{
			`George Washington (USA President): form "Washington" is also a form of country USA`,
			`form "UN" is also a form of organisation`,
		}},
		{"org codes", gazCheckOrgs(g), []string{`code "XYZ"`, `kind "club"`, `United Nations is listed twice`}},
		{"org forms", gazCheckOrgForms(g), []string{`form "UN" names several organisations: United Nations, Union of Nations`, `form "America" of Union of Nations is also a form of country USA`}},
	} {
		all := strings.Join(tc.problems, "\n")
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: no problem mentions %q; got:\n%s", tc.name, w, all)
			}
		}
	}
	if ps := gazCheckLeaderForms(g, nil); !strings.Contains(strings.Join(ps, "\n"), `form "Bush" names several people (Al Bush, Jo Bush)`) {
		t.Errorf("a surname shared outside the rule is not reported: %q", ps)
	}
	if ps := gazCheckLeaderForms(g, []string{"Bush"}); strings.Contains(strings.Join(ps, "\n"), `"Bush" names several`) {
		t.Errorf("a shared surname of the rule is reported: %q", ps)
	}
	if ps := gazCheckLeaderForms(g, nil); strings.Contains(strings.Join(ps, "\n"), `"Example" names several`) {
		t.Errorf("an alias on two lines of one person is reported: %q", ps)
	}
}

func TestGazetteerKnownFacts(t *testing.T) {
	g := gazTestDefault(t)

	if us, ok := g.Country("USA"); !ok || !contains(us.Aliases, "U.S.") {
		t.Errorf(`Country("USA") = %+v, %v; want alias "U.S."`, us, ok)
	}
	for _, tc := range []struct {
		form, iso3 string
		kind       GazKind
	}{
		{"Britain", "GBR", GazCountryAlias},
		{"BRITAIN", "GBR", GazCountryAlias},
		{"Tokyo", "JPN", GazCapital},
		{"Mexican", "MEX", GazDemonym},
		{"Mexico", "MEX", GazCountryName},
		{"Kremlin", "RUS", GazCapital},
	} {
		c, kind, ok := g.CountryByForm(tc.form)
		if !ok || c.ISO3 != tc.iso3 || kind != tc.kind {
			t.Errorf("CountryByForm(%q) = %s, %v, %v; want %s, %v", tc.form, c.ISO3, kind, ok, tc.iso3, tc.kind)
		}
	}
	if c, _, ok := g.CountryByForm("turkey"); ok {
		t.Errorf(`CountryByForm("turkey") = %s; the lower-case word is not the country`, c.ISO3)
	}

	if l, ok := g.Leader("Claudia Sheinbaum", 0); !ok || l.ISO3 != "MEX" || l.Role != "President" || l.To != 0 {
		t.Errorf("Leader(Claudia Sheinbaum) = %+v, %v; want MEX President in office", l, ok)
	}
	offices := g.LeaderOffices("Recep Tayyip Erdogan")
	if len(offices) == 0 {
		t.Error("Recep Tayyip Erdogan is not a leader")
	}
	for _, l := range offices {
		if l.ISO3 != "TUR" || !contains(l.Aliases, "Erdogan") {
			t.Errorf("Recep Tayyip Erdogan office %+v: want TUR with alias Erdogan", l)
		}
	}
	for _, tc := range []struct {
		form       string
		year       int
		name, iso3 string
		role       string
	}{
		{"Erdoğan", 2020, "Recep Tayyip Erdogan", "TUR", "President"},
		{"Erdogan", 2010, "Recep Tayyip Erdogan", "TUR", "Prime Minister"},
		{"Trump", 2019, "Donald Trump", "USA", "President"},
		{"Trump", 0, "Donald Trump", "USA", "President"},
		{"Bush", 1991, "George H. W. Bush", "USA", "President"},
		{"Bush", 1985, "George H. W. Bush", "USA", "Vice President"},
		{"Bush", 2005, "George W. Bush", "USA", "President"},
		{"Clinton", 1995, "Bill Clinton", "USA", "President"},
		{"Clinton", 2011, "Hillary Clinton", "USA", "Secretary of State"},
		{"Castro", 1990, "Fidel Castro", "CUB", "President"},
		{"Castro", 2015, "Raúl Castro", "CUB", "President"},
		{"Assad", 1995, "Hafez al-Assad", "SYR", "President"},
		{"Assad", 2015, "Bashar al-Assad", "SYR", "President"},
		{"Putin", 2010, "Vladimir Putin", "RUS", "Prime Minister"},
		{"Putin", 2020, "Vladimir Putin", "RUS", "President"},
		{"Lavrov", 2022, "Sergei Lavrov", "RUS", "Foreign Minister"},
		{"Zelenskyy", 2023, "Volodymyr Zelensky", "UKR", "President"},
		{"Xi", 2024, "Xi Jinping", "CHN", "President"},
		{"Lula", 2024, "Luiz Inácio Lula da Silva", "BRA", "President"},
		{"AMLO", 2020, "Andrés Manuel López Obrador", "MEX", "President"},
		{"Lopez Obrador", 2020, "Andrés Manuel López Obrador", "MEX", "President"},
		{"Qaddafi", 2000, "Muammar Gaddafi", "LBY", "Leader"},
		{"Kadhafi", 2000, "Muammar Gaddafi", "LBY", "Leader"},
		{"Kim Jong-un", 2018, "Kim Jong Un", "PRK", "Supreme Leader"},
		{"Netanyahu", 2024, "Benjamin Netanyahu", "ISR", "Prime Minister"},
		{"Merkel", 2010, "Angela Merkel", "DEU", "Chancellor"},
		{"Starmer", 2025, "Keir Starmer", "GBR", "Prime Minister"},
		{"Rubio", 2025, "Marco Rubio", "USA", "Secretary of State"},
		{"Blinken", 2022, "Antony Blinken", "USA", "Secretary of State"},
		{"Sharif", 2015, "Nawaz Sharif", "PAK", "Prime Minister"},
		{"Sharif", 2025, "Shehbaz Sharif", "PAK", "Prime Minister"},
		{"Antonio Guterres", 2000, "António Guterres", "PRT", "Prime Minister"},
	} {
		l, ok := g.Leader(tc.form, tc.year)
		if !ok || l.Name != tc.name || l.ISO3 != tc.iso3 || l.Role != tc.role {
			t.Errorf("Leader(%q, %d) = %s (%s %s), %v; want %s (%s %s)", tc.form, tc.year, l.Name, l.ISO3, l.Role, ok, tc.name, tc.iso3, tc.role)
		}
	}
	for _, tc := range []struct{ form, org string }{
		{"Antonio Guterres", "United Nations"},
		{"Mark Rutte", "North Atlantic Treaty Organization"},
		{"Rafael Grossi", "International Atomic Energy Agency"},
		{"Kristalina Georgieva", "International Monetary Fund"},
		{"Tedros Adhanom Ghebreyesus", "World Health Organization"},
		{"Ursula von der Leyen", "European Commission"},
		{"Kaja Kallas", "European Union"},
	} {
		l, ok := g.Leader(tc.form, 0)
		if !ok || l.ISO3 != schema.CodeIGO {
			t.Errorf("Leader(%q) = %+v, %v; want an IGO head", tc.form, l, ok)
			continue
		}
		if o, ok := g.LeaderOrg(l); !ok || o.Name != tc.org {
			t.Errorf("LeaderOrg(%s: %s) = %q, %v; want %q", l.Name, l.Role, o.Name, ok, tc.org)
		}
	}
	for _, form := range []string{"Kim", "Lee", "Li", "Wang", "Khan", "Singh", "May", "Major", "Brown", "Johnson"} {
		if ls := g.LeaderOffices(form); len(ls) > 0 {
			t.Errorf("bare %q names a leader (%s); it is too common", form, ls[0].Name)
		}
	}

	if o, ok := g.Org("NATO"); !ok || o.Code != schema.CodeIGO {
		t.Errorf(`Org("NATO") = %+v, %v; want code IGO`, o, ok)
	}
	if o, ok := g.Org("Amnesty International"); !ok || o.Code != schema.CodeNGO {
		t.Errorf(`Org("Amnesty International") = %+v, %v; want code NGO`, o, ok)
	}
}

// gazTestFS is a small valid gazetteer; the malformed cases replace one
// of its files.
func gazTestFS() fstest.MapFS {
	return fstest.MapFS{
		GazetteerCountriesFile: {Data: []byte("# countries\nUSA\tUnited States\tU.S.|US\tAmerican|Americans\tWashington\nMEX\tMexico\t\tMexican\tMexico City\n")},
		GazetteerLeadersFile:   {Data: []byte("# leaders\nClaudia Sheinbaum\tMEX\tPresident\tSheinbaum\t2024-\nAntonio Guterres\tIGO\tSecretary-General of the United Nations\tGuterres\t2017-\n")},
		GazetteerOrgsFile:      {Data: []byte("# orgs\nUnited Nations\tIGO\tigo\tUN|U.N.\nAmnesty International\tNGO\tngo\n")},
	}
}

func TestGazetteerLoadMapFS(t *testing.T) {
	g, err := LoadGazetteer(gazTestFS())
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Countries) != 2 || len(g.Leaders) != 2 || len(g.Orgs) != 2 {
		t.Fatalf("loaded %d countries, %d leaders, %d orgs; want 2, 2, 2", len(g.Countries), len(g.Leaders), len(g.Orgs))
	}
	if l, ok := g.Leader("Guterres", 2020); !ok || l.From != 2017 || l.To != 0 {
		t.Errorf("Leader(Guterres) = %+v, %v", l, ok)
	}
	if o, ok := g.LeaderOrg(g.Leaders[1]); !ok || o.Name != "United Nations" {
		t.Errorf("LeaderOrg(Guterres) = %+v, %v", o, ok)
	}
	for _, check := range [][]string{gazCheckCountries(g), gazCheckCountryForms(g), gazCheckLeaders(g), gazCheckLeaderForms(g, nil), gazCheckOrgs(g), gazCheckOrgForms(g)} {
		gazTestReport(t, check)
	}
}

func TestGazetteerMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, file, data string
		want             []string
	}{
		{"bad ISO3", GazetteerCountriesFile,
			"USA\tUnited States\nusa\tLower Case\n",
			[]string{"countries.tsv:2", "ISO3"}},
		{"ISO3 too long", GazetteerCountriesFile,
			"# c\n\nUSAA\tUnited States\n",
			[]string{"countries.tsv:3", "ISO3"}},
		{"reserved ISO3", GazetteerCountriesFile,
			"MEX\tMexico\nIGO\tNot a country\n",
			[]string{"countries.tsv:2", "reserved"}},
		{"duplicate ISO3", GazetteerCountriesFile,
			"MEX\tMexico\nUSA\tUnited States\nMEX\tMexico again\n",
			[]string{"countries.tsv:3", "duplicate"}},
		{"country columns", GazetteerCountriesFile,
			"MEX\tMexico\nUSA\n",
			[]string{"countries.tsv:2", "columns"}},
		{"leader columns", GazetteerLeadersFile,
			"# leaders\nClaudia Sheinbaum\tMEX\tPresident\t2024-\n",
			[]string{"leaders.tsv:2", "columns"}},
		{"leader too many columns", GazetteerLeadersFile,
			"Claudia Sheinbaum\tMEX\tPresident\tSheinbaum\t2024-\textra\n",
			[]string{"leaders.tsv:1", "columns"}},
		{"year range backwards", GazetteerLeadersFile,
			"Claudia Sheinbaum\tMEX\tPresident\tSheinbaum\t2024-\nDonald Trump\tUSA\tPresident\tTrump\t2021-2017\n",
			[]string{"leaders.tsv:2", "end before start"}},
		{"bad year", GazetteerLeadersFile,
			"Donald Trump\tUSA\tPresident\tTrump\t20x7-2021\n",
			[]string{"leaders.tsv:1", "bad year"}},
		{"year out of range", GazetteerLeadersFile,
			"\n\nDonald Trump\tUSA\tPresident\tTrump\t1017-2021\n",
			[]string{"leaders.tsv:3", "out of range"}},
		{"empty years", GazetteerLeadersFile,
			"Donald Trump\tUSA\tPresident\tTrump\t\n",
			[]string{"leaders.tsv:1", "years"}},
		{"unknown leader country", GazetteerLeadersFile,
			"Olaf Scholz\tDEU\tChancellor\tScholz\t2021-2025\n",
			[]string{"leaders.tsv:1", "DEU"}},
		{"empty alias", GazetteerLeadersFile,
			"Donald Trump\tUSA\tPresident\tTrump||Donald J. Trump\t2025-\n",
			[]string{"leaders.tsv:1", "empty item"}},
		{"org kind", GazetteerOrgsFile,
			"United Nations\tIGO\tigo\nSomething\tNGO\tclub\n",
			[]string{"orgs.tsv:2", "kind"}},
		{"org code", GazetteerOrgsFile,
			"United Nations\tXYZ\tigo\n",
			[]string{"orgs.tsv:1", "XYZ"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := gazTestFS()
			fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.data)}
			g, err := LoadGazetteer(fsys)
			if err == nil {
				t.Fatalf("loaded %d countries, %d leaders, %d orgs; want an error", len(g.Countries), len(g.Leaders), len(g.Orgs))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		fsys := gazTestFS()
		delete(fsys, GazetteerOrgsFile)
		if _, err := LoadGazetteer(fsys); err == nil || !strings.Contains(err.Error(), GazetteerOrgsFile) {
			t.Errorf("error %v does not name %s", err, GazetteerOrgsFile)
		}
	})
}
