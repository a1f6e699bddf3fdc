package extract

import (
	"sort"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

// testGazetteer is a small gazetteer of its own, so that the construction
// tests do not move when the embedded data grows.
func testGazetteer() *Gazetteer {
	c := func(iso, name string, aliases, demonyms, capitals string) Country {
		sp := func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, "|")
		}
		return Country{ISO3: iso, Name: name, Aliases: sp(aliases), Demonyms: sp(demonyms), Capitals: sp(capitals)}
	}
	return &Gazetteer{
		Countries: []Country{
			c("USA", "United States", "U.S.|US|America", "American|Americans", "Washington|White House"),
			c("MEX", "Mexico", "", "Mexican|Mexicans", "Mexico City"),
			c("BRA", "Brazil", "", "Brazilian|Brazilians", "Brasilia"),
			c("ARG", "Argentina", "", "Argentine|Argentinian", "Buenos Aires"),
			c("KEN", "Kenya", "", "Kenyan|Kenyans", "Nairobi"),
			c("ETH", "Ethiopia", "", "Ethiopian|Ethiopians", "Addis Ababa"),
			c("SOM", "Somalia", "", "Somali|Somalis", "Mogadishu"),
			c("JPN", "Japan", "", "Japanese", "Tokyo"),
			c("PRK", "North Korea", "DPRK", "North Korean", "Pyongyang"),
			c("ISR", "Israel", "", "Israeli|Israelis", "Jerusalem"),
			c("PSE", "Palestine", "", "Palestinian|Palestinians", "Ramallah"),
			c("SDN", "Sudan", "", "Sudanese", "Khartoum"),
			c("EGY", "Egypt", "", "Egyptian|Egyptians", "Cairo"),
			c("FRA", "France", "", "French", "Paris|Elysee"),
			c("DEU", "Germany", "", "German|Germans", "Berlin"),
			c("UKR", "Ukraine", "", "Ukrainian|Ukrainians", "Kyiv"),
			c("IND", "India", "", "Indian|Indians", "New Delhi"),
			c("PAK", "Pakistan", "", "Pakistani|Pakistanis", "Islamabad"),
			c("TUR", "Turkey", "Türkiye", "Turkish", "Ankara"),
			c("SYR", "Syria", "", "Syrian|Syrians", "Damascus"),
			c("LBN", "Lebanon", "", "Lebanese", "Beirut"),
			c("CYP", "Cyprus", "", "Cypriot|Cypriots", "Nicosia"),
			c("UGA", "Uganda", "", "Ugandan|Ugandans", "Kampala"),
			c("RWA", "Rwanda", "", "Rwandan|Rwandans", "Kigali"),
			c("CHL", "Chile", "", "Chilean|Chileans", "Santiago"),
			c("PER", "Peru", "", "Peruvian|Peruvians", "Lima"),
			c("BOL", "Bolivia", "", "Bolivian|Bolivians", "La Paz"),
			c("GRC", "Greece", "", "Greek|Greeks", "Athens"),
			c("CAN", "Canada", "", "Canadian|Canadians", "Ottawa"),
			c("CUB", "Cuba", "", "Cuban|Cubans", "Havana"),
			c("RUS", "Russia", "", "Russian|Russians", "Moscow|Kremlin"),
			c("FIN", "Finland", "", "Finnish|Finns", "Helsinki"),
			c("NOR", "Norway", "", "Norwegian|Norwegians", "Oslo"),
		},
		Leaders: []Leader{
			{Name: "Recep Tayyip Erdogan", ISO3: "TUR", Role: "President", Aliases: []string{"Erdogan", "Erdoğan"}, From: 2014},
			{Name: "Recep Tayyip Erdogan", ISO3: "TUR", Role: "Prime Minister", Aliases: []string{"Erdogan"}, From: 2003, To: 2014},
			{Name: "Hans Olsen", ISO3: "NOR", Role: "Prime Minister", Aliases: []string{"Olsen"}, From: 1990, To: 1995},
			{Name: "Lars Olsen", ISO3: "NOR", Role: "Prime Minister", Aliases: []string{"Olsen"}, From: 2020},
		},
		Orgs: []Org{
			{Name: "United Nations", Code: "IGO", Kind: "igo", Aliases: []string{"UN", "U.N."}},
			{Name: "Amnesty International", Code: "NGO", Kind: "ngo"},
			{Name: "Daily Courier", Code: "KEN", Kind: "media"},
		},
	}
}

func newTestExtractor(t *testing.T) *Extractor {
	t.Helper()
	x, err := NewWith(testGazetteer())
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// want is one expected event: type, source codes, target codes (sorted,
// "+"-joined; "" for none, "*" for any).
type want struct{ typ, src, tgt string }

func codesOf(as []schema.Actor) string {
	var cs []string
	for _, a := range as {
		cs = append(cs, a.Code)
	}
	sort.Strings(cs)
	return strings.Join(cs, "+")
}

func hasEvent(evs []schema.Event, w want) bool {
	for _, e := range evs {
		if e.Event == w.typ && codesOf(e.Source) == w.src && (w.tgt == "*" || codesOf(e.Target) == w.tgt) {
			return true
		}
	}
	return false
}

func describe(evs []schema.Event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(e.Event + " " + codesOf(e.Source) + "→" + codesOf(e.Target) + " (" + e.Trigger + "); ")
	}
	return b.String()
}

// construction is a sentence of our own and what the coder must make of
// it.
type construction struct {
	name, text string
	want       []want
	not        []string // event types that must not appear, or target codes
}

// checkConstructions codes each case's text and checks its events.
func checkConstructions(t *testing.T, x *Extractor, cases []construction) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := x.Extract(schema.Article{ID: "t", Date: "2024-03-15", Text: c.text})
			for _, w := range c.want {
				if !hasEvent(res.Events, w) {
					t.Errorf("%q: want %s %s→%s, got %s", c.text, w.typ, w.src, w.tgt, describe(res.Events))
				}
			}
			for _, typ := range c.not {
				for _, e := range res.Events {
					// an event type, or the code of an actor that may be no target
					if e.Event == typ || strings.Contains(codesOf(e.Target), typ) {
						t.Errorf("%q: unexpected %s, got %s", c.text, typ, describe(res.Events))
					}
				}
			}
		})
	}
}

func TestConstructions(t *testing.T) {
	checkConstructions(t, newTestExtractor(t), []construction{
		{"title and name", "Brazilian President Ana Ferreira criticised Argentina on Monday.",
			[]want{{"ACCUSE", "BRA", "ARG"}}, nil},
		{"surname and pronoun", "Kenyan Foreign Minister Joseph Mwangi arrived in Addis Ababa on Tuesday. Mwangi later urged Ethiopia to reopen the border. He also praised Somalia for its help.",
			[]want{{"CONSULT", "KEN", "ETH"}, {"REQUEST", "KEN", "ETH"}, {"SUPPORT", "KEN", "SOM"}}, nil},
		{"leader list", "Erdogan warned Syria against any incursion.",
			[]want{{"THREATEN", "TUR", "SYR"}}, nil},
		{"capital metonym", "Tokyo condemned the missile launch by North Korea.",
			[]want{{"ACCUSE", "JPN", "PRK"}}, nil},
		{"demonym and sector", "Israeli police detained three Palestinian activists in the old city.",
			[]want{{"COERCE", "ISR", "PSE"}}, nil},
		{"IGO", "The United Nations urged Sudan to allow aid convoys into the region.",
			[]want{{"REQUEST", "IGO", "SDN"}}, nil},
		{"NGO", "Amnesty International accused Egypt of torturing prisoners.",
			[]want{{"ACCUSE", "NGO", "EGY"}}, nil},
		{"compound source", "France and Germany agreed to send aid to Ukraine.",
			[]want{{"AGREE", "DEU+FRA", "UKR"}}, nil},
		{"reciprocal", "India and Pakistan held talks in a neutral city.",
			[]want{{"CONSULT", "IND", "PAK"}, {"CONSULT", "PAK", "IND"}}, nil},
		{"nominal, object then by-agent", "The occupation of Syria by Turkey was condemned again.",
			[]want{{"ASSAULT", "TUR", "SYR"}}, nil},
		{"nominal, of a non-actor by X", "Despite warnings of famine by aid agencies, Sudan closed the border with Chad.",
			nil, []string{"THREATEN"}},
		{"destroy property", "Israeli forces demolished Palestinian homes near the border.",
			[]want{{"ASSAULT", "ISR", "PSE"}}, nil},
		{"weapon strike", "A Russian drone strike hit Odesa overnight, Ukraine said.",
			[]want{{"ASSAULT", "RUS", "UKR"}}, []string{"PROTEST"}},
		{"joint drills", "Egypt and Greece began joint naval drills in the Mediterranean.",
			[]want{{"COOPERATE", "EGY", "GRC"}, {"COOPERATE", "GRC", "EGY"}}, nil},
		{"advise", "Japan advised North Korea to drop the tariffs.",
			[]want{{"REQUEST", "JPN", "PRK"}}, nil},
		{"passive", "The Syrian proposal was rejected by Turkey.",
			[]want{{"REJECT", "TUR", "SYR"}}, nil},
		{"nominalisation", "Mexico's rejection of the plan angered Washington.",
			[]want{{"REJECT", "MEX", "USA"}}, nil},
		{"reported speech", "A Kenyan newspaper said Uganda had expelled two diplomats from Rwanda.",
			[]want{{"SANCTION", "UGA", "RWA"}}, []string{"ACCUSE"}},
		{"prepositional target", "Chile sent food aid to Peru after the floods.",
			[]want{{"AID", "CHL", "PER"}}, nil},
		{"with target", "Norway cooperated with Finland on border security.",
			[]want{{"COOPERATE", "NOR", "FIN"}}, nil},
		{"against target", "Thousands of Greeks demonstrated against Turkey in Athens.",
			[]want{{"PROTEST", "GRC", "TUR"}}, nil},
		{"negation", "Bolivia did not reject the proposal from Chile.",
			nil, []string{"REJECT"}},
		{"negated cooperation is rejection", "Peru will not accept the demands of Bolivia.",
			[]want{{"REJECT", "PER", "BOL"}}, []string{"AGREE"}},
		{"hypothetical", "If Russia attacked Finland, the alliance would meet at once.",
			nil, []string{"ASSAULT"}},
		{"threat by modal", "Canadian farmers said they would blockade the port unless Cuba paid.",
			[]want{{"THREATEN", "CAN", "*"}}, nil},
		{"intent", "Germany offered to deploy troops to protect Ukraine.",
			[]want{{"AGREE", "DEU", "UKR"}}, []string{"MOBILIZE"}},
		{"dedup", "Greece criticized Turkey and condemned Turkey again.",
			[]want{{"ACCUSE", "GRC", "TUR"}}, nil},
		{"apposition", "Ana Ferreira, the Brazilian foreign minister, praised Argentina.",
			[]want{{"SUPPORT", "BRA", "ARG"}}, nil},
		{"said must", "Kenya said Somalia must withdraw its forces from the border.",
			[]want{{"REQUEST", "KEN", "SOM"}}, nil},
		{"reduced relative without an agent describes", "Kenya said the Ugandan troops deployed near the border would stay.",
			nil, []string{"MOBILIZE"}},
		{"reduced relative with a by-agent", "Two Greek journalists arrested by Turkish police were released on Friday.",
			[]want{{"COERCE", "TUR", "GRC"}}, nil},
		{"a participle after the subject heads the clause", "Five hundred Ugandan rebels surrendered last week in the east.",
			[]want{{"RETREAT", "UGA", "*"}}, nil},
		{"criticism verbs", "Germany chastised Russia over the poisoning.",
			[]want{{"ACCUSE", "DEU", "RUS"}}, nil},
		{"trade restrictions", "Japan will tighten controls on exports of steel to India.",
			[]want{{"SANCTION", "JPN", "IND"}}, nil},
		{"a verb that needs its object: without it, no event", "Kenya closed the conference on Friday with a speech.",
			nil, []string{"SANCTION"}},
		{"closing a border", "Egypt closed its eastern frontier with Sudan.",
			[]want{{"SANCTION", "EGY", "SDN"}}, nil},
		{"capturing people is detention", "Ethiopian forces captured twelve Somali fighters near the border.",
			[]want{{"COERCE", "ETH", "SOM"}}, []string{"ASSAULT"}},
		{"capturing a place is an assault", "Ethiopian forces captured the Somali town of Beledweyne.",
			[]want{{"ASSAULT", "ETH", "SOM"}}, nil},
		{"a place is no party", "The French foreign minister criticised Russia at a meeting in Cairo.",
			[]want{{"ACCUSE", "FRA", "RUS"}}, nil},
		{"a capital named as a place is no target", "The Arab League, meeting in Cairo, condemned the raid.",
			nil, []string{"EGY"}},
		{"a trigger ending in its preposition governs the place", "Kenyan President Joseph Mwangi arrived in Addis Ababa on Tuesday.",
			[]want{{"CONSULT", "KEN", "ETH"}}, nil},
		{"X-led group", "A Kenyan-led force of troops and police began arriving in Somalia on Monday.",
			[]want{{"CONSULT", "KEN", "SOM"}}, nil},
		{"a dash before a country and its sector", "NAIROBI - Kenyan troops attacked Somalia on Monday.",
			[]want{{"ASSAULT", "KEN", "SOM"}}, nil},
		{"a noun by its tag, with modifier agents", "Japan was angered by the Russian and French veto of the resolution.",
			[]want{{"REJECT", "FRA+RUS", "*"}}, nil},
		{"a possessive pronoun owns the sector", "Peru said its government was appealing to the United Nations for help.",
			[]want{{"REQUEST", "PER", "IGO"}}, nil},
		{"a participle adjunct of another type with a party of its own", "Kenyan troops invaded Somalia on Monday, capturing twelve Ethiopian soldiers.",
			[]want{{"ASSAULT", "KEN", "SOM"}, {"COERCE", "KEN", "ETH"}}, nil},
		{"a participle adjunct that only elaborates", "Ugandan prisoners rioted on Monday, setting fire to their mattresses.",
			nil, []string{"ASSAULT"}},
		{"a label of blame accuses", "The Greek government called Turkey's drills a provocation.",
			[]want{{"ACCUSE", "GRC", "TUR"}}, nil},
		{"a label of praise approves", "Norway described the Finnish decision as a historic step.",
			[]want{{"SUPPORT", "NOR", "FIN"}}, nil},
		{"a plain name is no label", "The islands, which Japan calls by another name, lie near Russia.",
			nil, []string{"ACCUSE", "SUPPORT"}},
		{"an institution of no country belongs to the article's country", "Kenyan officials said Somalia had shelled Kenya's border towns. Kenya's president urged calm. The foreign ministry rebutted the accusations by Somalia.",
			[]want{{"REJECT", "KEN", "SOM"}}, nil},
		{"'both countries' is the pair last named together", "Kenya and Uganda met on Monday. Ethiopia and Somalia signed a pact. Later both countries criticised Sudan.",
			[]want{{"ACCUSE", "ETH+SOM", "SDN"}}, nil},
		{"a light verb of imposition", "Canada and Norway slapped a travel ban on Cuba's leaders.",
			[]want{{"SANCTION", "CAN+NOR", "CUB"}}, nil},
		{"a noun after 'and' may be a verb", "Rebels stormed the station and demand that Uganda apologize.",
			[]want{{"REQUEST", "", "UGA"}}, []string{"SUPPORT"}},
		{"a measure agreed is the measure", "Canada and Norway agreed new sanctions against Cuba on Friday.",
			[]want{{"SANCTION", "CAN+NOR", "CUB"}}, []string{"AGREE"}},
		{"a police raid is coercion", "Israeli police raided Palestinian homes in the old city.",
			[]want{{"COERCE", "ISR", "PSE"}}, []string{"ASSAULT"}},
		{"an army raid is an assault", "An Ethiopian army raid on a camp inside Somalia killed ten.",
			[]want{{"ASSAULT", "ETH", "SOM"}}, []string{"COERCE"}},
		{"an unnamed attacker in a story of two parties", "Kenya and Somalia have fought over the border for weeks. On Monday two Kenyan helicopters were shot down near the border.",
			[]want{{"ASSAULT", "SOM", "KEN"}}, nil},
		{"a meeting needs its other party", "Kenya and Somalia quarrelled. The regional leaders, meeting in Nairobi, said nothing.",
			nil, []string{"CONSULT"}},
		{"a noun-only entry read as a verb is none", "Greece and Turkey dispute the islands, which Turkey calls by another name.",
			nil, []string{"REQUEST"}},
		{"direct speech of one's own side's plans", "Kenya's president said: \"We will send our troops home and help our friends in Somalia.\"",
			nil, []string{"AID", "AGREE"}},
		{"a quoted clause is the speaker's words", "Kenya's president said the army \"will defend Somalia against any attack\".",
			nil, []string{"SUPPORT", "AGREE"}},
		{"a quoted label stays", "Greece called the Turkish drills \"an act of aggression\".",
			[]want{{"ACCUSE", "GRC", "TUR"}}, nil},
		{"an infinitive of purpose has its clause's subject", "Kenyan troops entered Somalia as part of efforts to support Ethiopia.",
			[]want{{"SUPPORT", "KEN", "ETH"}}, nil},
		{"bringing down an aircraft", "Turkey brought down a Russian jet near the border.",
			[]want{{"ASSAULT", "TUR", "RUS"}}, nil},
		{"bringing down a government is no air strike", "Protesters in Peru brought down the government.",
			nil, []string{"ASSAULT"}},
		{"bare plural institutions are of many countries", "Kenya and Somalia quarrelled again. Western governments criticised Somalia.",
			[]want{{"ACCUSE", "", "SOM"}}, nil},
		{"a family name first", "North Korea's Kim Jong Un arrived in Tokyo on Monday. Japan paid tribute to Kim on Tuesday.",
			[]want{{"SUPPORT", "JPN", "PRK"}}, nil},
		{"a list with articles and a description", "Canada, the United Nations and neighbouring country Norway criticised Cuba.",
			[]want{{"ACCUSE", "CAN+IGO+NOR", "CUB"}}, nil},
		{"a by-agent that lists whom it includes; the place of the passive subject", "The coup in Uganda was condemned by partners including Kenya and Rwanda.",
			[]want{{"ACCUSE", "KEN+RWA", "UGA"}}, nil},
		{"a group that lists whom it includes", "Several governments, including Kenya and Ethiopia, urged Somalia to hold talks.",
			[]want{{"REQUEST", "ETH+KEN", "SOM"}}, nil},
		{"a country's envoy to an organisation", "Kenyan Deputy U.N. Ambassador Joseph Mwangi criticised Somalia.",
			[]want{{"ACCUSE", "KEN", "SOM"}}, nil},
		{"each other", "Greece and Turkey accused each other of violating the airspace in letters to the United Nations.",
			[]want{{"ACCUSE", "GRC", "TUR"}, {"ACCUSE", "TUR", "GRC"}}, []string{"IGO"}},
		{"an adjective is no light verb", "Syria has notified the United Nations of its complete withdrawal from Lebanon.",
			[]want{{"RETREAT", "SYR", "*"}}, nil},
		{"an act dated years before the article is background", "Greece protested again, recalling the Turkish invasion of Cyprus in 1974.",
			nil, []string{"ASSAULT"}},
		{"years ago", "Forty years ago Russian troops attacked Finland, the minister said.",
			nil, []string{"ASSAULT"}},
		{"an ultimatum", "The United Nations gave Sudan two weeks to withdraw its troops or face sanctions.",
			[]want{{"REQUEST", "IGO", "SDN"}, {"THREATEN", "IGO", "SDN"}}, []string{"SANCTION"}},
		{"a press conference with", "The Kenyan president, speaking at a press conference with Ethiopian Prime Minister Abiy Ahmed, said the border would open.",
			[]want{{"CONSULT", "KEN", "ETH"}}, nil},
		{"a protest of no named agent is its place's", "Protests against Turkey's plans swept Greece on Sunday.",
			[]want{{"PROTEST", "GRC", "TUR"}}, nil},
		{"an act held unlikely is none", "Diplomats said it is highly unlikely that the council would impose sanctions on Sudan.",
			nil, []string{"SANCTION", "THREATEN"}},
		{"a quoted complement", "The United Nations demanded that \"Sudan withdraw its troops\" at once.",
			[]want{{"REQUEST", "IGO", "SDN"}}, []string{"RETREAT"}},
		{"supporting one's own is no act towards another", "Kenya and Somalia quarrelled. Kenya has a right to defend its territory, the minister said.",
			nil, []string{"SUPPORT"}},
		{"a subordinate clause's actors are no object", "Kenya and Ethiopia signed a trade agreement after Somalia's president visited Nairobi.",
			[]want{{"SUPPORT", "KEN", "ETH"}, {"SUPPORT", "ETH", "KEN"}}, []string{"SOM"}},
		{"target stays in its clause", "Mexican President Ana Lopez met U.S. officials on Monday. Mexico would never accept foreign troops on its territory, but she offered to share intelligence with Washington.",
			[]want{{"REJECT", "MEX", "USA"}, {"AGREE", "MEX", "USA"}}, nil},
	})
}

// TestDatedActors: a person the article gives no country takes the
// country of the role the Phoenix actor dictionary holds for the
// article's date (with the full embedded tables).
func TestDatedActors(t *testing.T) {
	x := New()
	// in his dated role, and a year before it (Phoenix's dates are coarse;
	// all his roles are Spanish)
	for _, date := range []string{"2003-06-01", "2002-07-17"} {
		res := x.Extract(schema.Article{ID: "t", Date: date, Text: "Moroccan officials met Defence Minister Federico Trillo in Rabat."})
		found := false
		for _, e := range res.Entities {
			if e.ID == "person:federico-trillo" {
				found = true
				if e.Country != "ESP" {
					t.Errorf("%s: Federico Trillo: country %q, want ESP", date, e.Country)
				}
			}
		}
		if !found {
			t.Errorf("%s: no person Federico Trillo among %v", date, res.Entities)
		}
	}
}

// TestPersonNames: what is and is not a person's name, in sentences of
// our own.
func TestPersonNames(t *testing.T) {
	x := newTestExtractor(t)
	cases := []struct {
		text string
		want []string // person names wanted
		not  []string // names that must not be persons
	}{
		{"Army Commander Gen. Hudson Kirui of Kenya took control.", []string{"Hudson Kirui"}, []string{"Gen. Hudson Kirui"}},
		{"Kenya's Colonel Abdou Mwangi said troops would enter Somalia.", []string{"Abdou Mwangi"}, nil},
		{"\"Mr Defence Minister, send the troops!\" the Kenyan president said.", nil, []string{"Defence Minister"}},
		{"Peru's Lieutenant General Ana Quispe met Chilean Rear Admiral Juan Soto.", []string{"Ana Quispe", "Juan Soto"}, nil},
		{"The Israeli Prime Minister February visit was cancelled. The Kenyan Foreign Minister Monday said no.", nil, []string{"February", "Monday"}},
	}
	for _, c := range cases {
		res := x.Extract(schema.Article{ID: "n", Date: "2024-03-15", Text: c.text})
		names := map[string]bool{}
		for _, e := range res.Entities {
			if e.Type == schema.KindPerson {
				names[e.Name] = true
			}
		}
		for _, n := range c.want {
			if !names[n] {
				t.Errorf("%q: want person %q, got %v", c.text, n, names)
			}
		}
		for _, n := range c.not {
			if names[n] {
				t.Errorf("%q: %q is no person's name", c.text, n)
			}
		}
	}
}

// TestMisspeltPeople: one person spelt two ways in an article is one node.
func TestMisspeltPeople(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Kenyan President Abdelaziz Mwangikara arrived in Addis Ababa. Mwangikra later urged Ethiopia to reopen the border.",
		"Arab League Secretary General Chedli Kilibo met Kenyan officials. Chadli Kilibo praised Kenya.",
	} {
		res := x.Extract(schema.Article{ID: "m", Date: "2024-03-15", Text: text})
		var people []string
		for _, e := range res.Entities {
			if e.Type == schema.KindPerson {
				people = append(people, e.ID)
			}
		}
		if len(people) != 1 {
			t.Errorf("%q: people %v, want one", text, people)
		}
	}
	// a letter apart in short names is another person
	if !oneEditApart("bouteflika", "bouteflicka") || oneEditApart("kim", "kin") || oneEditApart("abbas", "abbasi") {
		t.Error("oneEditApart")
	}
}

// TestInferredActors: a target the sentence does not name is marked
// inferred, and points at the actor's own mention in the article.
func TestInferredActors(t *testing.T) {
	x := newTestExtractor(t)
	text := "Kenya and Somalia traded accusations over the border. On Monday Kenya condemned the raid."
	res := x.Extract(schema.Article{ID: "i", Date: "2024-03-15", Text: text})
	found := false
	for _, e := range res.Events {
		for _, a := range append(append([]schema.Actor{}, e.Source...), e.Target...) {
			if a.ActorText == "" || a.End <= a.Start || text[a.Start:a.End] != a.ActorText {
				t.Errorf("%s: actor %+v has no mention in the text", e.Event, a)
			}
			if a.Inferred {
				found = true
				if a.Entity != "country:SOM" || a.Start >= e.Evidence.Start {
					t.Errorf("inferred actor %+v, want Somalia's mention in the first sentence", a)
				}
			}
		}
	}
	if !found {
		t.Errorf("no inferred target: %s", describe(res.Events))
	}
}

// TestAliasesAreNames: a node's aliases are names of it, not the words
// that stood beside it.
func TestAliasesAreNames(t *testing.T) {
	x := newTestExtractor(t)
	res := x.Extract(schema.Article{ID: "a", Date: "2024-03-15", Text: "The talks began at 16:30 Kenyan time. The Kenyan commander said Nairobi would attend."})
	for _, e := range res.Entities {
		for _, al := range e.Aliases {
			if al == "Kenyan time" || al == "Kenyan commander" {
				t.Errorf("%s has the alias %q", e.ID, al)
			}
		}
		if e.ID == "country:KEN" && !contains(e.Aliases, "Nairobi") {
			t.Errorf("Kenya's aliases %v lack Nairobi", e.Aliases)
		}
	}
}

// TestDictionaryPeople: untitled names the Phoenix actor dictionary knows
// are people of their role's country; places it lists are not.
func TestDictionaryPeople(t *testing.T) {
	x := New()
	res := x.Extract(schema.Article{ID: "d", Date: "1979-01-10", Text: "Pol Pot fled towards the Thai border. Officials in New York said nothing."})
	people := map[string]string{}
	for _, e := range res.Entities {
		if e.Type == schema.KindPerson {
			people[e.Name] = e.Country
		}
	}
	if people["Pol Pot"] != "KHM" {
		t.Errorf("Pol Pot: %v", people)
	}
	if _, ok := people["New York"]; ok {
		t.Errorf("New York is no person: %v", people)
	}
}

func TestDedupOneEventPerSentence(t *testing.T) {
	x := newTestExtractor(t)
	res := x.Extract(schema.Article{Text: "Greece criticized Turkey and condemned Turkey again."})
	n := 0
	for _, e := range res.Events {
		if e.Event == schema.Accuse {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("want one ACCUSE event, got %d: %s", n, describe(res.Events))
	}
}

func TestPeople(t *testing.T) {
	x := newTestExtractor(t)
	text := "Former Mexican President Luis Ortega met Norwegian Prime Minister Olsen in Oslo. Mexican President Claudia Reyes later visited Kyiv. Reyes said she would help Ukraine."
	res := x.Extract(schema.Article{ID: "p", Date: "2023-05-01", Text: text})
	byID := map[string]schema.Entity{}
	for _, e := range res.Entities {
		byID[e.ID] = e
	}
	if e, ok := byID["person:luis-ortega"]; !ok || e.Country != "MEX" || e.Role != "President" {
		t.Errorf("Luis Ortega: got %+v", e)
	}
	// the leader list, chosen by the article's date
	if e, ok := byID["person:lars-olsen"]; !ok || e.Country != "NOR" {
		t.Errorf("Olsen in 2023 should be Lars Olsen: entities %v", res.Entities)
	}
	if e, ok := byID["person:claudia-reyes"]; !ok || e.Role != "President" || !contains(e.Aliases, "Reyes") {
		t.Errorf("Claudia Reyes: got %+v", e)
	}
	leads := map[string]bool{}
	for _, tr := range res.Triples {
		if tr.Predicate == schema.PredLeads {
			leads[tr.Subject+">"+tr.Object] = true
		}
	}
	if !leads["person:claudia-reyes>country:MEX"] {
		t.Errorf("want Claudia Reyes leads MEX, got %v", leads)
	}
	if leads["person:luis-ortega>country:MEX"] {
		t.Errorf("a former president leads nothing: %v", leads)
	}
	if !hasEvent(res.Events, want{"AGREE", "MEX", "UKR"}) {
		t.Errorf("pronoun she → Claudia Reyes: %s", describe(res.Events))
	}
	for _, e := range res.Events {
		if e.Event == schema.Agree && e.Source[0].Entity != "person:claudia-reyes" {
			t.Errorf("AGREE source = %s, want person:claudia-reyes", e.Source[0].Entity)
		}
	}
}

func TestTriples(t *testing.T) {
	x := newTestExtractor(t)
	text := "The dispute highlights tension in U.S.-Mexico relations. The United States threatened tariffs on Mexico. Mexico rebuffed an offer from Washington to deploy American troops."
	res := x.Extract(schema.Article{Text: text})
	got := map[string]bool{}
	for _, tr := range res.Triples {
		got[tr.Subject+" "+tr.Predicate+" "+tr.Object] = true
		if tr.Evidence.Sentence != text[tr.Evidence.Start:tr.Evidence.End] {
			t.Errorf("triple evidence offsets do not give the sentence: %+v", tr.Evidence)
		}
	}
	for _, w := range []string{
		"country:USA tension country:MEX",
		"country:USA threatened concept:tariffs",
		"country:USA offered concept:troops",
		"country:MEX rejected concept:troops",
		"country:MEX REJECT country:USA",
	} {
		if !got[w] {
			t.Errorf("missing triple %q; got %v", w, got)
		}
	}
}

func TestRelativeDates(t *testing.T) {
	x := newTestExtractor(t)
	cases := []struct{ text, date, want string }{
		{"Canada criticized Cuba on Monday.", "2024-03-15", "2024-03-11"},
		{"Canada criticized Cuba yesterday.", "2024-03-15", "2024-03-14"},
		{"Canada criticized Cuba last week.", "2024-03-15", "2024-03-08"},
		{"Canada criticized Cuba on Friday.", "2024-03-15", "2024-03-15"},
		{"Canada criticized Cuba.", "2024-03-15", "2024-03-15"},
		{"Canada criticized Cuba on Monday.", "", ""},
	}
	for _, c := range cases {
		res := x.Extract(schema.Article{Date: c.date, Text: c.text})
		if len(res.Events) != 1 {
			t.Fatalf("%q: want one event, got %s", c.text, describe(res.Events))
		}
		if res.Events[0].Date != c.want {
			t.Errorf("%q dated %s: event date %q, want %q", c.text, c.date, res.Events[0].Date, c.want)
		}
	}
}

func TestEvidenceOffsets(t *testing.T) {
	x := newTestExtractor(t)
	text := "Officials met in Nairobi.\n“Kenya rejected the offer,” a spokesman said. Later, Israeli police detained two Palestinian men near Ramallah."
	res := x.Extract(schema.Article{ID: "ev", Title: "A title", Date: "2024-01-02", Text: text})
	if res.ID != "ev" || res.Article != schema.ArticleID(text) || res.Title != "A title" || res.Date != "2024-01-02" {
		t.Fatalf("result header: %+v", res)
	}
	if len(res.Events) == 0 {
		t.Fatal("no events")
	}
	for i, e := range res.Events {
		ev := e.Evidence
		if text[ev.Start:ev.End] != ev.Sentence {
			t.Errorf("evidence %q != text[%d:%d] %q", ev.Sentence, ev.Start, ev.End, text[ev.Start:ev.End])
		}
		if text[e.TriggerStart:e.TriggerEnd] != e.Trigger {
			t.Errorf("trigger %q != %q", e.Trigger, text[e.TriggerStart:e.TriggerEnd])
		}
		for _, a := range append(append([]schema.Actor{}, e.Source...), e.Target...) {
			if a.ActorText != "" && text[a.Start:a.End] != a.ActorText {
				t.Errorf("actor %q != text[%d:%d] %q", a.ActorText, a.Start, a.End, text[a.Start:a.End])
			}
		}
		if e.ID != schema.EventID(res.Article, i+1) {
			t.Errorf("event ID %s, want %s", e.ID, schema.EventID(res.Article, i+1))
		}
		if et, _ := schema.LookupEventType(e.Event); e.CAMEO != et.CAMEO || e.Score != et.Score {
			t.Errorf("event %s: CAMEO %s score %v", e.Event, e.CAMEO, e.Score)
		}
		if e.Confidence <= 0 || e.Confidence > 1 {
			t.Errorf("confidence %v out of range", e.Confidence)
		}
	}
	if res.ID = ""; x.Extract(schema.Article{Text: text}).ID != schema.ArticleID(text) {
		t.Error("without an ID the result takes the article ID")
	}
}

func TestEntities(t *testing.T) {
	x := newTestExtractor(t)
	res := x.Extract(schema.Article{Text: "Israeli police detained two men. The Daily Courier said the United Nations had sent inspectors."})
	kinds := map[string]schema.Entity{}
	for _, e := range res.Entities {
		kinds[e.ID] = e
	}
	if e := kinds["org:israel-police"]; e.Sector != "police" || e.Country != "ISR" {
		t.Errorf("Israeli police: %+v", e)
	}
	if e := kinds["country:ISR"]; e.Type != schema.KindCountry {
		t.Errorf("country:ISR: %+v", e)
	}
	if e := kinds["org:united-nations"]; e.Country != "IGO" || e.OrgKind != "igo" {
		t.Errorf("UN: %+v", e)
	}
	if e := kinds["org:daily-courier"]; e.OrgKind != "media" {
		t.Errorf("Daily Courier: %+v", e)
	}
	for _, e := range res.Entities {
		if !schema.ValidID(e.ID) {
			t.Errorf("invalid ID %q", e.ID)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	x := newTestExtractor(t)
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			for k := 0; k < 50; k++ {
				x.Extract(schema.Article{Text: "Kenya criticized Somalia. Somalia rejected the claim."})
			}
			done <- true
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}

func TestDefaultExtractor(t *testing.T) {
	x := New()
	res := x.Extract(schema.Article{Text: "Mexican President Claudia Sheinbaum rejected the proposal from the United States."})
	if !hasEvent(res.Events, want{"REJECT", "MEX", "USA"}) {
		t.Errorf("got %s", describe(res.Events))
	}
}

func schemaArticle(text string) schema.Article { return schema.Article{Text: text} }

// The place a story was filed from, in its dateline, is no actor of the
// story: neither a source nor a target.
func TestDatelineIsNoActor(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct{ dateline, story, country string }{
		{"NAIROBI, Kenya (AP) -- ", "Ethiopia accused Eritrea of shelling border towns.", "KEN"},
		{"OSLO - ", "Russia criticized Finland on Monday.", "NOR"},
		{"LIMA, Peru, March 3, 2019 (Reuters) - ", "Chile condemned Bolivia.", "PER"},
		{"Ottawa (Reuters) \u2014 ", "Canada welcomed the offer from Denmark.", ""},
	} {
		text := c.dateline + c.story
		res := x.Extract(schema.Article{Text: text, Date: "2019-03-04"})
		if len(res.Events) == 0 {
			t.Errorf("%q: no event", text)
		}
		for _, e := range res.Events {
			for _, a := range append(append([]schema.Actor{}, e.Source...), e.Target...) {
				if a.Start < len(c.dateline) || (c.country != "" && a.Code == c.country) {
					t.Errorf("%q: an actor from the dateline: %+v in %s", text, a, describe(res.Events))
				}
			}
		}
	}
	// Not datelines: a sentence that starts with its subject, and a
	// hyphenated compound.
	for _, text := range []string{
		"Russia - a longtime rival - criticized Finland.",
		"U.S.-Mexico talks ended as China criticized Japan.",
	} {
		res := x.Extract(schema.Article{Text: text})
		if len(res.Events) == 0 || res.Events[0].Source[0].Start != 0 && strings.HasPrefix(text, "Russia") {
			t.Errorf("%q: %s; the subject was taken for a dateline", text, describe(res.Events))
		}
	}
}

// TestPersonDescriptions: a description beside a name, after it or set
// before it, makes the name a person and gives the country the
// description holds the person's place in; a title of one country gives
// that country; a description of no membership gives none.
func TestPersonDescriptions(t *testing.T) {
	x := newTestExtractor(t)
	cases := []struct {
		text    string
		name    string
		country string // "" = none
	}{
		{"Kenya and Ethiopia signed a pact. Tomas Varga, the head of the Finnish central bank, said rates would rise.", "Tomas Varga", "FIN"},
		{"Chinese and Russian troops held drills. General Pavel Orlovsky, the head of the Russian general staff, said the drills threatened nobody.", "Pavel Orlovsky", "RUS"},
		{"A leader of the Kenyan opposition, Wanjiru Odhiambo, called for protests.", "Wanjiru Odhiambo", "KEN"},
		{"The boss of Russia's private security firm, Dmitri Valenko hailed the coup.", "Dmitri Valenko", "RUS"},
		{"Ecuador raided the embassy. \"This is wrong,\" Marta Kovacic, head of the Norwegian consular section in Quito, told reporters.", "Marta Kovacic", "NOR"},
		{"Peru demanded the release of Anton Brezhko, a key critic of the Belarusian president.", "Anton Brezhko", ""},
		{"Taoiseach Niamh Byrnes called for the release of the journalist.", "Niamh Byrnes", "IRL"},
		{"Kenya accused Ethiopia. Ethiopia's spokesperson Aster Bekele denied it.", "Aster Bekele", "ETH"},
		{"Britain rejected the claim. Norway's Foreign Minister, Mr Einar Solbakk, said in Oslo that Britain lied.", "Einar Solbakk", "NOR"},
		{"The surrender was signed by the Pakistani commander, Lieutenant-General A. K. Nasir, in Dacca.", "A. K. Nasir", "PAK"},
		{"Finland and Kenya met. Kenyan President Samuel Kiptanui arrived in Helsinki. Kiptanui's national security adviser Amina Wekesa met Finnish officials.", "Amina Wekesa", "KEN"},
	}
	for _, c := range cases {
		res := x.Extract(schema.Article{ID: "d", Date: "2024-03-15", Text: c.text})
		var got *schema.Entity
		for i, e := range res.Entities {
			if e.Type == schema.KindPerson && e.Name == c.name {
				got = &res.Entities[i]
			}
		}
		if got == nil {
			t.Errorf("%q: no person %q in %v", c.text, c.name, res.Entities)
			continue
		}
		if got.Country != c.country {
			t.Errorf("%q: %s country %q, want %q", c.text, c.name, got.Country, c.country)
		}
	}
	// a plural or an unnamed description is no person
	for _, text := range []string{
		"Many Kenyans, a critic said, oppose the pact.",
		"The head of the Kenyan delegation, who arrived late, spoke first.",
		"Democratic Action Party, a member of the ruling Kenyan coalition, said it would leave.",
		"Kenya's government, Tuesday Morning News said, rejected the plan.",
	} {
		res := x.Extract(schema.Article{ID: "d", Date: "2024-03-15", Text: text})
		for _, e := range res.Entities {
			if e.Type == schema.KindPerson {
				t.Errorf("%q: person %q", text, e.Name)
			}
		}
	}
}

// TestLeaderNamesAsWritten: a leader the dictionary knows keeps one ID,
// but is named as the article writes the name, the dictionary's form an
// alias; a leader's name before "administration" or "government" is the
// leader's government, not the person.
func TestLeaderNamesAsWritten(t *testing.T) {
	x := newTestExtractor(t)
	res := x.Extract(schema.Article{ID: "w", Date: "2024-03-15", Text: "Erdogan criticised Syria on Monday."})
	e, ok := entityByID(res, "person:recep-tayyip-erdogan")
	if !ok || e.Name != "Erdogan" || !contains(e.Aliases, "Recep Tayyip Erdogan") || e.Country != "TUR" {
		t.Errorf("leader by surname: %+v (found %v), want name Erdogan, alias Recep Tayyip Erdogan, TUR", e, ok)
	}
	res = x.Extract(schema.Article{ID: "w", Date: "2024-03-15", Text: "President Recep Tayyip Erdogan met Syria's envoy. Erdogan later criticised Syria."})
	if e, _ := entityByID(res, "person:recep-tayyip-erdogan"); e.Name != "Recep Tayyip Erdogan" {
		t.Errorf("leader by full name: %+v", e)
	}
	checkConstructions(t, x, []construction{
		{name: "leader's government", text: "The Erdogan government accused Syria of shelling the border.", want: []want{{"ACCUSE", "TUR", "SYR"}}},
	})
	res = x.Extract(schema.Article{ID: "w", Date: "2024-03-15", Text: "The Erdogan government accused Syria of shelling the border."})
	if _, ok := entityByID(res, "person:recep-tayyip-erdogan"); ok {
		t.Error("\"the Erdogan government\" made a person")
	}
}

func entityByID(r schema.Result, id string) (schema.Entity, bool) {
	for _, e := range r.Entities {
		if e.ID == id {
			return e, true
		}
	}
	return schema.Entity{}, false
}

// TestDictionarySpellings: two spellings of one Phoenix actor are one
// node across articles, each article naming it as written; a namesake of
// another country is another person.
func TestDictionarySpellings(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct{ text, want string }{
		{"Russian Foreign Minister Sergei Lavrov met Finnish officials.", "person:sergey-lavrov Sergei Lavrov"},
		{"Russian Foreign Minister Sergey Lavrov met Finnish officials.", "person:sergey-lavrov Sergey Lavrov"},
		{"Kenyan Foreign Minister Sergei Lavrov met Finnish officials.", "person:sergei-lavrov Sergei Lavrov"},
	} {
		res := x.Extract(schema.Article{ID: "s", Date: "2015-03-15", Text: c.text})
		var got []string
		for _, e := range res.Entities {
			if e.Type == schema.KindPerson {
				got = append(got, e.ID+" "+e.Name)
			}
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%q: people %q, want %q", c.text, got, c.want)
		}
	}
}

// TestTradeMeasuresAndConditions: tariffs imposed are a sanction (PLOVER:
// restricting commercial exchange as punishment); a measure under "would",
// or under "will" with a condition, is a threat of it; "will" alone is the
// measure decided.
func TestTradeMeasuresAndConditions(t *testing.T) {
	x := newTestExtractor(t)
	checkConstructions(t, x, []construction{
		{name: "tariffs imposed", text: "The United States imposed new tariffs on Mexican steel on Monday.", want: []want{{"SANCTION", "USA", "MEX"}}},
		{name: "would impose", text: "The Kenyan president said he would impose sanctions on Uganda.", want: []want{{"THREATEN", "KEN", "UGA"}}, not: []string{"SANCTION"}},
		{name: "would unless", text: "Canada said it would impose tariffs on Cuba unless it freed the prisoners.", want: []want{{"THREATEN", "CAN", "CUB"}}, not: []string{"SANCTION"}},
		{name: "will if", text: "Norway will impose sanctions on Russia if it does not withdraw.", want: []want{{"THREATEN", "NOR", "RUS"}}, not: []string{"SANCTION"}},
		{name: "will alone", text: "Norway will impose sanctions on Russia from Monday.", want: []want{{"SANCTION", "NOR", "RUS"}}, not: []string{"THREATEN"}},
	})
}

// TestDemonymHeads: a lone demonym before a noun names that country's
// people only when the noun names people; before a weapon, its military;
// before anything else ("goods", "border", "time"), only the country.
func TestDemonymHeads(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct{ text, want, not string }{
		{"The United States imposed tariffs on Mexican goods.", "country:MEX", "org:mexico-civilians"},
		{"Turkey shot down a Russian jet near the Syrian border.", "org:russia-military", "org:syria-civilians"},
		{"Police arrested Kenyan students in Nairobi.", "org:kenya-civilians", ""},
		{"Pakistan surrendered at 16:30 Indian time.", "", "org:india-civilians"},
	} {
		res := x.Extract(schema.Article{ID: "h", Date: "2024-03-15", Text: c.text})
		if _, ok := entityByID(res, c.want); c.want != "" && !ok {
			t.Errorf("%q: no %s in %v", c.text, c.want, res.Entities)
		}
		if _, ok := entityByID(res, c.not); c.not != "" && ok {
			t.Errorf("%q: %s is no entity of it", c.text, c.not)
		}
	}
}

// TestSeizureAndMediationVerbs: verbs of the CAMEO codebook the lexicon
// lacked, coded by the CAMEO→PLOVER table: annexing territory is a
// seizure (192, COERCE), hijacking an abduction (181, ASSAULT), artillery
// fire 194, brokering mediation (045, CONSULT), backing support (051).
func TestSeizureAndMediationVerbs(t *testing.T) {
	x := newTestExtractor(t)
	checkConstructions(t, x, []construction{
		{name: "annex", text: "Russia annexed a Ukrainian peninsula on Friday.", want: []want{{"COERCE", "RUS", "UKR"}}, not: []string{"ASSAULT"}},
		{name: "hijack", text: "Somali gunmen hijacked a Kenyan airliner.", want: []want{{"ASSAULT", "SOM", "KEN"}}},
		{name: "bombard", text: "Israeli artillery bombarded southern Lebanon overnight.", want: []want{{"ASSAULT", "ISR", "LBN"}}},
		{name: "broker", text: "Egypt brokered a ceasefire between Israel and Syria.", want: []want{{"CONSULT", "EGY", "ISR+SYR"}}},
		{name: "backed", text: "France backed the Kenyan proposal on Monday.", want: []want{{"SUPPORT", "FRA", "KEN"}}},
		{name: "back adverb", text: "Kenyan troops pulled back from the Somali border.", not: []string{"SUPPORT"}},
	})
}

// TestOrgAnaphoraAndCoordination: "the council" after the U.N. Security
// Council is that council, and "it" then refers to it; an actor's
// resolution speaks for it; a finite verb coordinated after an object
// opens its own event with the same subject.
func TestOrgAnaphoraAndCoordination(t *testing.T) {
	x := New() // the full gazetteer: its organisations
	checkConstructions(t, x, []construction{
		{name: "council anaphor", text: "The U.N. Security Council met on Kenya. The council condemned Uganda.", want: []want{{"ACCUSE", "IGO", "UGA"}}},
		{name: "council's resolution", text: "The U.N. Security Council met on Kenya. The council's resolution condemned Uganda.", want: []want{{"ACCUSE", "IGO", "UGA"}}},
		{name: "it after anaphor", text: "The U.N. Security Council met on Kenya. The council condemned Uganda. It also called on Kenya and Uganda to negotiate.",
			want: []want{{"REQUEST", "IGO", "KEN+UGA"}}},
		{name: "no anaphor for another council", text: "The U.N. Security Council met. The council of elders in Kenya criticised Uganda.", not: []string{"IGO"}},
		{name: "and demanded", text: "France condemned the invasion and demanded that Syria withdraw its forces.", want: []want{{"ACCUSE", "FRA", "*"}, {"REQUEST", "FRA", "SYR"}}},
		{name: "and urged", text: "France condemned the attack and urged Syria to withdraw.", want: []want{{"REQUEST", "FRA", "SYR"}}},
		{name: "adjunct pair stays one", text: "Police fired on protesters in Nairobi, killing one and arresting 12.", not: []string{"COERCE"}},
		{name: "announced would and would", text: "Canada announced it would prohibit all aid to Cuba and would deny entry to Cuban officials.", want: []want{{"SANCTION", "CAN", "CUB"}}, not: []string{"THREATEN"}},
	})
}

// TestPeacekeeping: PLOVER codes providing peacekeeping as AID (CAMEO
// 074); deploying other troops stays a force posture.
func TestPeacekeeping(t *testing.T) {
	x := newTestExtractor(t)
	checkConstructions(t, x, []construction{
		{name: "deploy peacekeepers", text: "Kenya deployed peacekeepers to Somalia on Monday.", want: []want{{"AID", "KEN", "SOM"}}, not: []string{"MOBILIZE"}},
		{name: "peacekeeping deployment", text: "Kenya announced a peacekeeping deployment to Somalia.", not: []string{"MOBILIZE"}},
		{name: "send peacekeepers", text: "Ethiopia sent peacekeepers to Sudan.", want: []want{{"AID", "ETH", "SDN"}}},
		{name: "deploy troops", text: "Kenya deployed troops to the Somali border.", want: []want{{"MOBILIZE", "KEN", "*"}}, not: []string{"AID"}},
	})
}

// TestNounModifiersAndApproval: a noun of force before another noun names
// a kind of thing ("combat air space", "attack helicopters"), not an act;
// approving or authorising a measure is the measure.
func TestNounModifiersAndApproval(t *testing.T) {
	x := newTestExtractor(t)
	checkConstructions(t, x, []construction{
		{name: "combat air space", text: "Kenyan and Ugandan aircraft have shared combat air space over Somalia.", not: []string{"ASSAULT"}},
		{name: "attack helicopters", text: "Kenya bought attack helicopters from France.", not: []string{"ASSAULT"}},
		{name: "attack stays", text: "Kenya launched an attack on Somali positions.", want: []want{{"ASSAULT", "KEN", "SOM"}}},
		{name: "approved aid", text: "The United States approved an aid package for Ukraine.", want: []want{{"AID", "USA", "UKR"}}},
		{name: "authorised sanctions", text: "Canada authorised sanctions against Cuba.", want: []want{{"SANCTION", "CAN", "CUB"}}},
	})
}
