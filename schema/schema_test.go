package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Claudia Sheinbaum":                    "claudia-sheinbaum",
		"Recep Tayyip Erdoğan":                 "recep-tayyip-erdogan",
		"  Wall Street   Journal ":             "wall-street-journal",
		"Andrés Manuel López Obrador":          "andres-manuel-lopez-obrador",
		"O'Brien":                              "obrien",
		"U.S. Army":                            "us-army",
		"Jalisco New Generation Cartel (CJNG)": "jalisco-new-generation-cartel-cjng",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIDs(t *testing.T) {
	if got := CountryID("mex"); got != "country:MEX" {
		t.Errorf("CountryID = %q", got)
	}
	if got := PersonID("Donald Trump"); got != "person:donald-trump" {
		t.Errorf("PersonID = %q", got)
	}
	a := ArticleID("Mexico  rejected\n the offer. ")
	if a != ArticleID("Mexico rejected the offer.") {
		t.Error("ArticleID must not depend on white space")
	}
	if a == ArticleID("Mexico accepted the offer.") {
		t.Error("different texts got the same ArticleID")
	}
	if !strings.HasPrefix(a, PrefixArticle) || len(a) != len(PrefixArticle)+16 {
		t.Errorf("ArticleID = %q, want article: and 16 hex digits", a)
	}
	if got := EventID(a, 3); got != "event:"+strings.TrimPrefix(a, PrefixArticle)+"-3" {
		t.Errorf("EventID = %q", got)
	}
	for id, want := range map[string]Kind{"country:MEX": KindCountry, "org:un": KindOrganization, "event:ab-1": KindEvent} {
		if k, ok := KindOf(id); !ok || k != want {
			t.Errorf("KindOf(%q) = %q, %v", id, k, ok)
		}
	}
	for _, bad := range []string{"", "country:", "nation:MEX", "person:a b", "person:<x>", "org:\x00", "person:\"q\""} {
		if ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
	if !ValidID("person:claudia-sheinbaum") {
		t.Error("a person ID was refused")
	}
}

func TestEventTypes(t *testing.T) {
	if len(EventTypes) != 16 {
		t.Fatalf("%d PLOVER types, want 16", len(EventTypes))
	}
	for _, et := range EventTypes {
		got, ok := LookupEventType(et.Name)
		if !ok || got.Name != et.Name {
			t.Errorf("LookupEventType(%q) failed", et.Name)
		}
		if et.Conflictual != (et.Score < 0) {
			t.Errorf("%s: score %v disagrees with conflictual=%v", et.Name, et.Score, et.Conflictual)
		}
		if et.Score < -10 || et.Score > 10 || len(et.CAMEO) != 2 {
			t.Errorf("%s: score %v or CAMEO %q out of range", et.Name, et.Score, et.CAMEO)
		}
	}
	if IsEventType("DISAPPROVE") || IsEventType("reject") {
		t.Error("only the 16 current upper-case names are types")
	}
	if rej, _ := LookupEventType(Reject); rej.CAMEO != "12" || rej.Score != -2 {
		t.Errorf("REJECT = %+v, want CAMEO 12, score -2", rej)
	}
}

func TestPredicates(t *testing.T) {
	if got := ActionPredicate(" Held  talks with "); got != "held_talks_with" || !ValidPredicate(got) {
		t.Errorf("ActionPredicate = %q", got)
	}
	for _, bad := range []string{"", "a b", "a<b", strings.Repeat("x", 129), "x\n"} {
		if ValidPredicate(bad) {
			t.Errorf("ValidPredicate(%q) = true", bad)
		}
	}
	for p := range StructuralPredicates {
		if !ValidPredicate(p) {
			t.Errorf("structural predicate %q is not valid", p)
		}
	}
}

func TestDescribeIsJSON(t *testing.T) {
	b, err := json.Marshal(Describe())
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		EventTypes []EventType `json:"eventTypes"`
		Kinds      []Kind      `json:"kinds"`
	}
	if err := json.Unmarshal(b, &v); err != nil || len(v.EventTypes) != 16 || len(v.Kinds) != 6 {
		t.Errorf("Describe round trip: %v, %d types, %d kinds", err, len(v.EventTypes), len(v.Kinds))
	}
}
