package graph

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestDyadMonthlyTension(t *testing.T) {
	s := relationsStore(t)
	rep, err := s.Dyad(bg, "MEX", idUSA, DyadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.A != idMEX || rep.B != idUSA || rep.Interval != IntervalMonth || rep.Formula != TensionFormula {
		t.Fatalf("report head = %+v", rep)
	}
	var keys []string
	T := map[string]float64{}
	for _, b := range rep.Buckets {
		keys = append(keys, b.Key)
		T[b.Key] = b.Tension
	}
	if want := []string{"2025-01", "2025-02", "2025-03", "2025-04"}; !reflect.DeepEqual(keys, want) {
		t.Fatalf("buckets = %v, want %v", keys, want)
	}
	// Cooperation, then worse and worse.
	if !(T["2025-01"] < 0 && T["2025-02"] > 0 && T["2025-03"] > 0 && T["2025-04"] > 0) {
		t.Fatalf("signs of T: %v", T)
	}
	if !(T["2025-01"] < T["2025-02"] && T["2025-02"] < T["2025-03"] && T["2025-03"] < T["2025-04"]) {
		t.Fatalf("T does not rise month by month: %v", T)
	}
	for k, want := range map[string]float64{"2025-01": -4.875, "2025-02": 0.5, "2025-03": 3.25, "2025-04": 4.5} {
		if !near(T[k], want) {
			t.Errorf("T[%s] = %v, want %v", k, T[k], want)
		}
	}

	jan := rep.Buckets[0]
	if jan.Start != "2025-01-01" || jan.End != "2025-01-31" || jan.Events != 4 || jan.AToB != 1 || jan.BToA != 3 || !near(jan.MeanScore, 4.875) {
		t.Fatalf("January = %+v", jan.DyadStats)
	}
	if got := jan.ByType[schema.Consult]; got != (DyadCounts{AToB: 1}) {
		t.Fatalf("January CONSULT = %+v", got)
	}
	if len(jan.Evidence) != 4 || jan.Evidence[0].Date != "2025-01-10" || jan.Evidence[0].Sentence == "" || jan.Evidence[0].Event == "" {
		t.Fatalf("January evidence = %+v", jan.Evidence)
	}

	apr := rep.Buckets[3]
	// The negated ASSAULT is counted but not scored; the MOBILIZE of a May
	// article is dated April 28.
	if apr.Events != 4 || apr.Negated != 1 || apr.ByType[schema.Assault] != (DyadCounts{BToA: 1}) || apr.ByType[schema.Mobilize] != (DyadCounts{BToA: 1}) {
		t.Fatalf("April = %+v", apr.DyadStats)
	}
	// Sedena's REJECT counts for Mexico: the organisation's country.
	var sedena *DyadEvent
	for i, e := range apr.Evidence {
		if e.Type == schema.Reject {
			sedena = &apr.Evidence[i]
		}
	}
	if sedena == nil || sedena.Direction != DirAToB || sedena.Source != idSedena || sedena.Target != idTrump || sedena.Score != -2 {
		t.Fatalf("Sedena's REJECT = %+v", sedena)
	}

	// Totals: 4 events from Mexico, 9 from the United States, the undated
	// one among them but in no bucket. John Doe (no country) and Canada
	// are in none.
	tot := rep.Totals
	if tot.Events != 13 || tot.AToB != 4 || tot.BToA != 9 || tot.Negated != 1 || rep.Undated != 1 {
		t.Fatalf("totals = %+v, undated %d", tot, rep.Undated)
	}
	if !near(tot.Tension, 5.0/12) || !near(tot.MeanScore, -5.0/12) {
		t.Fatalf("total tension %v mean %v", tot.Tension, tot.MeanScore)
	}

	// The explicit tension statements, both ways.
	if len(rep.Tension) != 2 {
		t.Fatalf("tension statements = %+v", rep.Tension)
	}
	for _, ti := range rep.Tension {
		if ti.Predicate != schema.PredTension || ti.Support != 1 || len(ti.Evidence) != 1 || ti.Evidence[0].Sentence == "" {
			t.Fatalf("tension statement = %+v", ti)
		}
	}
}

func TestDyadRangeAndIntervals(t *testing.T) {
	s := relationsStore(t)
	rep, err := s.Dyad(bg, idUSA, idMEX, DyadOptions{From: "2025-04-01", To: "2025-04-30", Interval: "week"})
	if err != nil {
		t.Fatal(err)
	}
	// A is now the United States. April: the sanctions week and the week
	// of the 28th; the undated event is out of range.
	if rep.Totals.Events != 4 || rep.Totals.AToB != 3 || rep.Totals.BToA != 1 || rep.Undated != 0 {
		t.Fatalf("April totals = %+v, undated %d", rep.Totals, rep.Undated)
	}
	var keys []string
	for _, b := range rep.Buckets {
		keys = append(keys, b.Key+" "+b.Start+" "+b.End)
	}
	if want := []string{"2025-W15 2025-04-07 2025-04-13", "2025-W18 2025-04-28 2025-05-04"}; !reflect.DeepEqual(keys, want) {
		t.Fatalf("weeks = %v, want %v", keys, want)
	}
	if len(rep.Tension) != 1 || rep.Tension[0].Subject != idMEX {
		t.Fatalf("April tension statements = %+v", rep.Tension)
	}

	days, err := s.Dyad(bg, idMEX, idUSA, DyadOptions{Interval: "day", To: "2025-01-31"})
	if err != nil {
		t.Fatal(err)
	}
	if len(days.Buckets) != 2 || days.Buckets[0].Key != "2025-01-10" || days.Buckets[1].Key != "2025-01-20" || days.Buckets[1].Events != 2 {
		t.Fatalf("days = %+v", days.Buckets)
	}

	for _, c := range []struct {
		a, b string
		o    DyadOptions
		want error
	}{
		{idMEX, idMEX, DyadOptions{}, ErrInvalid},
		{idMEX, idUSA, DyadOptions{Interval: "year"}, ErrInvalid},
		{idMEX, idUSA, DyadOptions{From: "yesterday"}, ErrInvalid},
		{idMEX, "country:ZZZ", DyadOptions{}, ErrNotFound},
		{idMEX, idTrump, DyadOptions{}, ErrNotFound},
	} {
		if _, err := s.Dyad(bg, c.a, c.b, c.o); !errors.Is(err, c.want) {
			t.Errorf("Dyad(%s, %s, %+v) = %v, want %v", c.a, c.b, c.o, err, c.want)
		}
	}
}

func TestDyadsRanking(t *testing.T) {
	s := relationsStore(t)
	byEvents, err := s.Dyads(bg, idUSA, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(byEvents) != 2 {
		t.Fatalf("counterparts of the US = %+v", byEvents)
	}
	mex, can := byEvents[0], byEvents[1]
	if mex.Country != idMEX || mex.Events != 13 || mex.Out != 9 || mex.In != 4 || mex.Negated != 1 || !near(mex.Tension, 5.0/12) {
		t.Fatalf("US–Mexico = %+v", mex)
	}
	// Carney's ACCUSE (in), the THREATEN of Canada and Rubio's CONSULT
	// (out): T = -(-3 - 3.5 + 2.5)/3.
	if can.Country != idCAN || can.Events != 3 || can.Out != 2 || can.In != 1 || !near(can.Tension, 4.0/3) || !near(can.MeanScore, -4.0/3) {
		t.Fatalf("US–Canada = %+v", can)
	}
	byTension, err := s.Dyads(bg, "usa", DyadsByTension, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(byTension) != 2 || byTension[0].Country != idCAN || byTension[1].Country != idMEX {
		t.Fatalf("by tension = %+v", byTension)
	}
	if top, err := s.Dyads(bg, idUSA, DyadsByEvents, 1); err != nil || len(top) != 1 || top[0].Country != idMEX {
		t.Fatalf("limit 1 = %+v, %v", top, err)
	}
	if mx, err := s.Dyads(bg, idMEX, "", 0); err != nil || len(mx) != 1 || mx[0].Country != idUSA || mx[0].Out != 4 || mx[0].In != 9 {
		t.Fatalf("counterparts of Mexico = %+v, %v", mx, err)
	}
	if _, err := s.Dyads(bg, idUSA, "alphabet", 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad sort: %v", err)
	}
	if _, err := s.Dyads(bg, "country:ZZZ", "", 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown country: %v", err)
	}
}
