package extract

import (
	"fmt"
	"os"
	"strings"
)

// User dictionaries let a researcher code new actors and verbs without
// rebuilding: files written like the embedded tables, merged over them
// when the extractor is built.
//
// A verbs file is in the format of data/lexicon/verbs.tsv (phrase, PLOVER
// type, CAMEO code, predicate, part of speech, flags), parsed and checked
// by the same code.
//
// An actors file holds people in the format of data/gazetteer/leaders.tsv
// (Name, ISO3, Role, Aliases, From-To) and organisations in the format of
// orgs.tsv (Name, Code, Kind, Aliases), each under a section line naming
// the table it follows, "[leaders]" or "[orgs]":
//
//	# my conflict
//	[leaders]
//	Mara Velsko	UKR	Commander of the Dnipro Brigade	Velsko	2024-
//	[orgs]
//	Dnipro Brigade	UKR	military	DB
//
// Sections may come in any order and more than once; every data line
// must follow one.
//
// Precedence. A user entry adds to the built-in ones, except where it is
// "the same" as built-in entries, which it then replaces:
//
//   - a verb line is the same as built-in lines with the same phrase,
//     compared token by token as the coder matches text (case, accents and
//     periods ignored: "Open fire" is "open fire"), and the same part of
//     speech (an "n" line replaces the noun "offer", not the verb). Every
//     built-in line of that phrase and part of speech is dropped.
//   - a leader line is the same as built-in leader lines with the same Name
//     after GazetteerKey and ignoring case ("Donald trump", "Donald-Trump"
//     are Donald Trump). All offices of that person are dropped: the user
//     lines of a name are all of that person's offices.
//   - an org line likewise replaces the built-in organisation of that Name.
//
// Between user files the later one wins the same way. Where a user entry
// shares a surface form with a built-in one without being the same (an
// alias, or a verb form of another line: "strikes" of a user verb and of
// the noun "strike"), the user entry comes first and is preferred where
// the coder would take the first.

// Options configure NewWithOptions.
type Options struct {
	// Gazetteer is the base gazetteer; nil means the embedded one.
	Gazetteer *Gazetteer
	// ActorFiles are user actors files, later ones taking precedence.
	ActorFiles []string
	// VerbFiles are user verbs files, later ones taking precedence.
	VerbFiles []string
}

// NewWithOptions builds an extractor with the user dictionaries of o
// merged over the embedded ones. It reads the files; errors name the file
// and line. With zero Options it is New.
func NewWithOptions(o Options) (*Extractor, error) {
	g := o.Gazetteer
	if g == nil {
		var err error
		if g, err = loadDefaultGazetteer(); err != nil {
			return nil, fmt.Errorf("extract: %w", err)
		}
	}
	if len(o.ActorFiles) > 0 {
		var users []userActors
		for _, f := range o.ActorFiles {
			u, err := readActorsFile(g, f)
			if err != nil {
				return nil, fmt.Errorf("extract: %w", err)
			}
			users = append(users, u)
		}
		g = g.withUserActors(users)
	}
	var verbs [][]*verbEntry
	for _, f := range o.VerbFiles {
		v, err := readVerbsFile(f)
		if err != nil {
			return nil, fmt.Errorf("extract: %w", err)
		}
		verbs = append(verbs, v)
	}
	lx, err := loadLexiconWith(verbs)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return newExtractor(g, lx)
}

// readVerbsFile parses a user verbs file.
func readVerbsFile(path string) ([]*verbEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("verbs file: %w", err)
	}
	defer f.Close()
	var out []*verbEntry
	err = scanTSV(f, "verbs "+path, 5, func(c []string) error {
		e, err := parseVerb(c)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// verbKey is what makes two verb lines the same: phrase tokens and part
// of speech.
func verbKey(e *verbEntry) string {
	return strings.Join(e.keys, " ") + "\x00" + string(e.pos)
}

// mergeVerbs puts the user verbs (one slice a file) over the built-in
// ones: the lines of a later file first, then those of earlier files and
// of the built-ins whose key no later file has.
func mergeVerbs(builtin []*verbEntry, user [][]*verbEntry) []*verbEntry {
	claimed := map[string]bool{}
	var out []*verbEntry
	keep := func(es []*verbEntry) {
		mine := map[string]bool{}
		for _, e := range es {
			k := verbKey(e)
			if claimed[k] {
				continue
			}
			mine[k] = true
			out = append(out, e)
		}
		for k := range mine {
			claimed[k] = true
		}
	}
	for i := len(user) - 1; i >= 0; i-- {
		keep(user[i])
	}
	keep(builtin)
	return out
}

// userActors are the records of one actors file.
type userActors struct {
	leaders []Leader
	orgs    []Org
}

// Section lines of an actors file.
const (
	sectionLeaders = "[leaders]"
	sectionOrgs    = "[orgs]"
)

// readActorsFile parses a user actors file; codes are checked against g.
func readActorsFile(g *Gazetteer, path string) (userActors, error) {
	var u userActors
	f, err := os.Open(path)
	if err != nil {
		return u, fmt.Errorf("actors file: %w", err)
	}
	defer f.Close()
	section := ""
	err = scanGazLines(f, "actors "+path, func(_ int, text string) error {
		if t := strings.TrimSpace(text); strings.HasPrefix(t, "[") {
			if t != sectionLeaders && t != sectionOrgs {
				return fmt.Errorf("unknown section %q, want %s or %s", t, sectionLeaders, sectionOrgs)
			}
			section = t
			return nil
		}
		switch section {
		case sectionLeaders:
			cols, err := splitGazCols(text, 5, 5)
			if err != nil {
				return err
			}
			l, err := g.parseLeader(cols)
			if err != nil {
				return err
			}
			u.leaders = append(u.leaders, l)
		case sectionOrgs:
			cols, err := splitGazCols(text, 3, 4)
			if err != nil {
				return err
			}
			o, err := g.parseOrg(cols)
			if err != nil {
				return err
			}
			u.orgs = append(u.orgs, o)
		default:
			return fmt.Errorf("data line before a section: start with %s or %s", sectionLeaders, sectionOrgs)
		}
		return nil
	})
	return u, err
}

// actorKey is what makes two leaders (or two organisations) the same.
func actorKey(name string) string { return strings.ToLower(GazetteerKey(name)) }

// withUserActors returns a copy of g with the user records merged over its
// own: the records of a later file first, then those of earlier files and
// of g whose name no later file has.
func (g *Gazetteer) withUserActors(users []userActors) *Gazetteer {
	out := &Gazetteer{Countries: g.Countries, byISO3: g.byISO3}
	leaderTaken, orgTaken := map[string]bool{}, map[string]bool{}
	addLeaders := func(ls []Leader) {
		mine := map[string]bool{}
		for _, l := range ls {
			k := actorKey(l.Name)
			if leaderTaken[k] {
				continue
			}
			mine[k] = true
			out.Leaders = append(out.Leaders, l)
		}
		for k := range mine {
			leaderTaken[k] = true
		}
	}
	addOrgs := func(os []Org) {
		mine := map[string]bool{}
		for _, o := range os {
			k := actorKey(o.Name)
			if orgTaken[k] {
				continue
			}
			mine[k] = true
			out.Orgs = append(out.Orgs, o)
		}
		for k := range mine {
			orgTaken[k] = true
		}
	}
	for i := len(users) - 1; i >= 0; i-- {
		addLeaders(users[i].leaders)
		addOrgs(users[i].orgs)
	}
	addLeaders(g.Leaders)
	addOrgs(g.Orgs)
	out.buildIndex()
	return out
}
