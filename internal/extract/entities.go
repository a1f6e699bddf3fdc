package extract

import (
	"github.com/dipgraph/dipgraph/schema"
)

// entitySet collects the entities of a document in first-seen order.
type entitySet struct {
	order []string
	byID  map[string]*schema.Entity
}

func newEntitySet() *entitySet { return &entitySet{byID: map[string]*schema.Entity{}} }

func (s *entitySet) get(id string, kind schema.Kind, name string) *schema.Entity {
	e := s.byID[id]
	if e == nil {
		e = &schema.Entity{ID: id, Type: kind, Name: name}
		s.byID[id] = e
		s.order = append(s.order, id)
	}
	return e
}

func (s *entitySet) alias(e *schema.Entity, surface string) {
	if surface == "" || surface == e.Name || contains(e.Aliases, surface) {
		return
	}
	e.Aliases = append(e.Aliases, surface)
}

func (s *entitySet) addConcept(name string) {
	s.get(schema.ConceptID(name), schema.KindConcept, name)
}

// entities lists every country, person, organisation and concept the
// article refers to.
func (doc *document) entities() []schema.Entity {
	s := doc.ents
	countries := func(code string, x *document) {
		if isCountryCode(code) {
			e := s.get(schema.CountryID(code), schema.KindCountry, doc.countryName(code))
			e.Country = code
		}
	}
	for _, st := range doc.sents {
		for _, a := range st.actors {
			if a.entity == "" {
				continue
			}
			if a.person != nil {
				p := a.person
				e := s.get(p.id, schema.KindPerson, p.displayName())
				e.Name = p.displayName()
				e.Country, e.Role = p.country, p.role
				if !a.pronoun {
					s.alias(e, a.text)
				}
				countries(p.country, doc)
				continue
			}
			if a.pronoun {
				continue
			}
			switch a.kind {
			case schema.KindCountry:
				e := s.get(a.entity, schema.KindCountry, a.name)
				e.Country = a.code
				if !a.descriptive {
					s.alias(e, a.text)
				}
			case schema.KindOrganization:
				e := s.get(a.entity, schema.KindOrganization, a.name)
				e.Country = a.code
				if a.orgKind != "" {
					e.OrgKind = a.orgKind
				} else if e.OrgKind == "" && a.sector != "" {
					e.OrgKind = orgKindOfSector(a.sector)
				}
				if a.sector != "" {
					e.Sector = a.sector
				}
				if !a.descriptive {
					s.alias(e, a.text)
				}
				countries(a.code, doc)
			}
		}
	}
	for _, p := range doc.persons {
		e := s.get(p.id, schema.KindPerson, p.displayName())
		e.Name, e.Country, e.Role = p.displayName(), p.country, p.role
		s.alias(e, p.name)
		for _, al := range p.aliases {
			s.alias(e, al)
		}
	}
	out := make([]schema.Entity, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, *s.byID[id])
	}
	return out
}

func (doc *document) countryName(code string) string {
	if doc.names != nil {
		if c := doc.names.countries[code]; c != nil {
			return c.Name
		}
	}
	return code
}

func orgKindOfSector(sector string) string {
	switch sector {
	case "military", "police", "media":
		return sector
	case "judiciary":
		return "court"
	case "rebels":
		return "militant"
	case "legislature", "government":
		return "agency"
	}
	return ""
}
