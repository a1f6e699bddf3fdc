package schema

// EventType is one PLOVER event type with its CAMEO root code(s) and the
// PLOVER conflict–cooperation score of the type's base mode (PLOVER manual,
// Table 2.2: -10 most conflictual .. +10 most cooperative).
type EventType struct {
	Name        string   `json:"name"`
	CAMEO       string   `json:"cameo"`      // the main CAMEO root code
	CAMEORoots  []string `json:"cameoRoots"` // every CAMEO root folded into the type
	Score       float64  `json:"score"`
	Conflictual bool     `json:"conflictual"`
	Description string   `json:"description"`
}

// The 16 PLOVER event types.
const (
	Agree     = "AGREE"
	Consult   = "CONSULT"
	Support   = "SUPPORT"
	Concede   = "CONCEDE"
	Cooperate = "COOPERATE"
	Aid       = "AID"
	Retreat   = "RETREAT"
	Request   = "REQUEST"
	Accuse    = "ACCUSE"
	Reject    = "REJECT"
	Threaten  = "THREATEN"
	Protest   = "PROTEST"
	Sanction  = "SANCTION"
	Mobilize  = "MOBILIZE"
	Coerce    = "COERCE"
	Assault   = "ASSAULT"
)

// EventTypes lists the PLOVER types in the manual's order, cooperative first.
var EventTypes = []EventType{
	{Agree, "03", []string{"03"}, 2.5, false, "agree to, offer, promise or otherwise indicate willingness to cooperate"},
	{Consult, "04", []string{"04"}, 2.5, false, "consultations and meetings: visits, talks, negotiations, phone calls"},
	{Support, "05", []string{"05"}, 5, false, "diplomatic, non-material cooperation: praise, endorse, recognise, sign agreements"},
	{Concede, "08", []string{"08"}, 4.5, false, "verbal concessions: promise to ease restrictions, declare ceasefires or withdrawals"},
	{Cooperate, "06", []string{"06"}, 9.5, false, "mutual material cooperation: economic, military, judicial, intelligence sharing"},
	{Aid, "07", []string{"07"}, 10, false, "provide material aid: economic, military, humanitarian, protection"},
	{Retreat, "08", []string{"08"}, 6.5, false, "material concessions: withdraw, release, disarm, cease fire, resign"},
	{Request, "10", []string{"10"}, 0, false, "demand, ask, urge or appeal for something"},
	{Accuse, "11", []string{"09", "11"}, -3, true, "criticise, condemn, accuse, investigate"},
	{Reject, "12", []string{"12"}, -2, true, "reject, refuse, rebuff a proposal, demand or actor"},
	{Threaten, "13", []string{"13"}, -3.5, true, "threaten sanctions, force, or other harm"},
	{Protest, "14", []string{"14"}, -5, true, "demonstrations, riots, strikes, boycotts"},
	{Sanction, "16", []string{"16"}, -6, true, "reduce or break relations, impose sanctions or embargoes, expel"},
	{Mobilize, "15", []string{"15"}, -5.5, true, "exhibit force posture: deploy troops, weapons, police or militia"},
	{Coerce, "17", []string{"16", "17", "19"}, -7, true, "repression: seize, arrest, deport, restrict, censor"},
	{Assault, "18", []string{"17", "18", "19", "20"}, -9, true, "use of force: attack, bomb, kill, abduct"},
}

var eventTypeIndex = func() map[string]EventType {
	m := make(map[string]EventType, len(EventTypes))
	for _, t := range EventTypes {
		m[t.Name] = t
	}
	return m
}()

// LookupEventType returns the PLOVER type named name (upper case).
func LookupEventType(name string) (EventType, bool) {
	t, ok := eventTypeIndex[name]
	return t, ok
}

// IsEventType reports whether name is one of the 16 PLOVER types.
func IsEventType(name string) bool {
	_, ok := eventTypeIndex[name]
	return ok
}
