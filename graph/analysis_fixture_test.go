package graph

import (
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

// IDs of the relations fixture.
const (
	idSheinbaum = "person:claudia-sheinbaum"
	idTrump     = "person:donald-trump"
	idRubio     = "person:marco-rubio"
	idFuente    = "person:juan-ramon-de-la-fuente"
	idCarney    = "person:mark-carney"
	idDoe       = "person:john-doe"
	idSedena    = "org:sedena"
	idMEX       = "country:MEX"
	idUSA       = "country:USA"
	idCAN       = "country:CAN"
	idTroops    = "concept:troops"
)

// relDoc is a fixture article with the cast of the relations fixture.
type relDoc struct{ *doc }

func newRelDoc(src, date string, sentences ...string) relDoc {
	d := newDoc(src, "Report "+src, date, sentences...)
	d.entity(idSheinbaum, "Claudia Sheinbaum", "MEX", "President", "Sheinbaum").
		entity(idTrump, "Donald Trump", "USA", "President", "Trump").
		entity(idRubio, "Marco Rubio", "USA", "Secretary of State", "Rubio").
		entity(idFuente, "Juan Ramón de la Fuente", "MEX", "Foreign Minister").
		entity(idCarney, "Mark Carney", "CAN", "Prime Minister", "Carney").
		entity(idMEX, "Mexico", "MEX", "").
		entity(idUSA, "United States", "USA", "").
		entity(idCAN, "Canada", "CAN", "").
		entity(idTroops, "troops", "", "")
	d.r.Entities = append(d.r.Entities,
		schema.Entity{ID: idSedena, Type: schema.KindOrganization, Name: "Sedena", Country: "MEX", OrgKind: "military"},
		schema.Entity{ID: idDoe, Type: schema.KindPerson, Name: "John Doe"})
	return relDoc{d}
}

// ev adds an event of typ from src to tgt stated in sentence i (dated
// date, "" for the article's), restated as a triple when triple is set.
func (d relDoc) ev(i int, typ, date, src, tgt string, triple bool) string {
	a := func(id string) []schema.Actor { return []schema.Actor{{Entity: id, ActorText: id}} }
	id := d.event(i, typ, date, "x", a(src), a(tgt))
	if triple {
		d.triple(i, src, typ, tgt, id)
	}
	return id
}

// relationsFixture is five months of Mexico–United States relations:
// cooperation in January, a mixed February, conflict in March and worse
// in April; Canada on the side; an article without a date.
//
// Monthly tension (TensionFormula) between MEX and USA:
//
//	2025-01  CONSULT +2.5, SUPPORT +5, AGREE +2.5, COOPERATE +9.5 → T = -4.875
//	2025-02  THREATEN -3.5, CONSULT +2.5                          → T = +0.5
//	2025-03  THREATEN -3.5, ACCUSE -3                             → T = +3.25
//	2025-04  SANCTION -6, REJECT -2, MOBILIZE -5.5 (dated 04-28 in
//	         a May article), ASSAULT negated                      → T = +4.5
//	undated  THREATEN -3.5 (totals only)
func relationsFixture() []relDoc {
	jan1 := newRelDoc("jan-1", "2025-01-10",
		"Sheinbaum held talks with Trump.",
		"Trump praised Sheinbaum.",
		"Sheinbaum leads Mexico.",
		"Trump leads the United States.")
	jan1.ev(0, schema.Consult, "", idSheinbaum, idTrump, true)
	jan1.ev(1, schema.Support, "", idTrump, idSheinbaum, true)
	jan1.triple(2, idSheinbaum, schema.PredLeads, idMEX, "").
		triple(3, idTrump, schema.PredLeads, idUSA, "")

	jan2 := newRelDoc("jan-2", "2025-01-20",
		"Rubio agreed with de la Fuente on migration.",
		"The United States and Mexico will share intelligence.")
	jan2.ev(0, schema.Agree, "", idRubio, idFuente, true)
	jan2.ev(1, schema.Cooperate, "", idUSA, idMEX, true)

	feb := newRelDoc("feb", "2025-02-14",
		"Trump threatened Mexico with tariffs.",
		"Sheinbaum called Rubio.",
		"Trump offered troops.",
		"Sheinbaum rejected the troops.")
	feb.ev(0, schema.Threaten, "", idTrump, idMEX, true)
	feb.ev(1, schema.Consult, "", idSheinbaum, idRubio, false)
	feb.triple(2, idTrump, "offered", idTroops, "").
		triple(3, idSheinbaum, "rejected", idTroops, "")

	mar := newRelDoc("mar", "2025-03-05",
		"Trump threatened Mexico again.",
		"Sheinbaum accused Trump of lying.",
		"Tension grew between the United States and Mexico.",
		"Trump leads the United States.",
		"John Doe accused Trump.")
	mar.ev(0, schema.Threaten, "", idTrump, idMEX, false)
	mar.ev(1, schema.Accuse, "", idSheinbaum, idTrump, true)
	mar.triple(2, idUSA, schema.PredTension, idMEX, "").
		triple(3, idTrump, schema.PredLeads, idUSA, "")
	mar.ev(4, schema.Accuse, "", idDoe, idTrump, false) // Doe has no country: in no dyad

	apr := newRelDoc("apr", "2025-04-10",
		"The United States sanctioned Mexico.",
		"Sedena rejected Trump.",
		"Trump did not attack Mexico.",
		"Mexico is in tension with the United States.")
	apr.ev(0, schema.Sanction, "", idUSA, idMEX, true)
	apr.ev(1, schema.Reject, "", idSedena, idTrump, true)
	apr.ev(2, schema.Assault, "", idTrump, idMEX, false)
	apr.r.Events[2].Negated = true
	apr.triple(3, idMEX, schema.PredTension, idUSA, "")

	may := newRelDoc("may", "2025-05-02",
		"The United States deployed troops to the border last week.",
		"Sheinbaum rejected the troops again.",
		"Carney accused Trump.",
		"Trump threatened Canada.",
		"Rubio met Carney.")
	may.ev(0, schema.Mobilize, "2025-04-28", idUSA, idMEX, false)
	may.triple(1, idSheinbaum, "rejected", idTroops, "")
	may.ev(2, schema.Accuse, "", idCarney, idTrump, true)
	may.ev(3, schema.Threaten, "", idTrump, idCAN, true)
	may.ev(4, schema.Consult, "", idRubio, idCarney, true)

	undated := newRelDoc("undated", "", "Trump threatened Sheinbaum.")
	undated.ev(0, schema.Threaten, "", idTrump, idSheinbaum, false)

	return []relDoc{jan1, jan2, feb, mar, apr, may, undated}
}

// relationsStore is a fresh store holding relationsFixture.
func relationsStore(t testing.TB) *Store {
	t.Helper()
	s, _ := openTest(t)
	for _, d := range relationsFixture() {
		d.ingest(t, s)
	}
	return s
}
