package main

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// actorEntry is one record of a Phoenix actor file: a primary phrase,
// its "+" synonyms and its roles ("[USAGOV 090120-170120]"), given on the
// phrase lines or on the tab-indented lines after them.
type actorEntry struct {
	File    string
	Line    int
	Names   []string // lower case, words separated by blanks; the first is the primary phrase
	Roles   []rawRole
	Dropped []string // role texts left out: malformed code or date
}

// rawRole is one bracketed code with its dates as written, converted to
// YYYY-MM-DD ("" for an open end or an undated role).
type rawRole struct {
	Code     string
	From, To string
}

// parseActors reads one actor file. file labels the entries ("Countries").
func parseActors(r io.Reader, file string) ([]actorEntry, error) {
	var out []actorEntry
	var cur *actorEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		text, _ := splitComment(sc.Text())
		trimmed := strings.TrimSpace(text)
		if trimmed == "" {
			continue
		}
		indented := text[0] == ' ' || text[0] == '\t'
		switch {
		case strings.HasPrefix(trimmed, "+"):
			if cur == nil {
				return nil, fmt.Errorf("line %d: synonym %q before any actor", n, trimmed)
			}
			cur.addLine(trimmed[1:])
		case indented && strings.HasPrefix(trimmed, "["):
			if cur == nil {
				return nil, fmt.Errorf("line %d: role %q before any actor", n, trimmed)
			}
			cur.addLine(trimmed)
		default:
			out = append(out, actorEntry{File: file, Line: n})
			cur = &out[len(out)-1]
			cur.addLine(trimmed)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return out, nil
}

// addLine adds the phrase (text before the first "[") and the roles of a
// line to the entry.
func (e *actorEntry) addLine(s string) {
	phrase, rest, _ := strings.Cut(s, "[")
	if name := underscoresToSpaces(phrase); name != "" && !contains(e.Names, name) {
		e.Names = append(e.Names, name)
	}
	if rest == "" {
		return
	}
	rest = "[" + rest
	for {
		i := strings.IndexByte(rest, '[')
		if i < 0 {
			return
		}
		j := strings.IndexByte(rest[i:], ']')
		if j < 0 {
			e.Dropped = append(e.Dropped, strings.TrimSpace(rest[i:]))
			return
		}
		body := rest[i+1 : i+j]
		rest = rest[i+j+1:]
		role, ok := parseRole(body)
		if !ok {
			e.Dropped = append(e.Dropped, "["+body+"]")
			continue
		}
		e.Roles = append(e.Roles, role)
	}
}

// parseRole reads "USAGOV 090120-170120", "USAGOV >090120", "AFGELI
// <020101", "AFG": a code and an optional restriction, limits inclusive.
func parseRole(body string) (rawRole, bool) {
	f := strings.Fields(body)
	if len(f) == 0 {
		return rawRole{}, false
	}
	r := rawRole{Code: f[0]}
	if len(r.Code)%3 != 0 || strings.ToUpper(r.Code) != r.Code {
		return r, false
	}
	spec := strings.Join(f[1:], "")
	var ok bool
	switch {
	case spec == "":
		return r, true
	case spec[0] == '<':
		r.To, ok = parseDictDate(spec[1:])
	case spec[0] == '>':
		r.From, ok = parseDictDate(spec[1:])
	default:
		a, b, cut := strings.Cut(spec, "-")
		if !cut {
			return r, false
		}
		var ok2 bool
		r.From, ok = parseDictDate(a)
		r.To, ok2 = parseDictDate(b)
		ok = ok && ok2 && r.From <= r.To
	}
	return r, ok
}

// parseDictDate turns YYMMDD or YYYYMMDD into YYYY-MM-DD. Two-digit years
// below 30 are 20YY, others 19YY (the files end in 2014 and start in the
// 1930s for two-digit years; earlier dates are written with four digits).
func parseDictDate(s string) (string, bool) {
	if !isDigits(s) || (len(s) != 6 && len(s) != 8) {
		return "", false
	}
	var y int
	if len(s) == 6 {
		y, _ = strconv.Atoi(s[:2])
		if y < 30 {
			y += 2000
		} else {
			y += 1900
		}
		s = s[2:]
	} else {
		y, _ = strconv.Atoi(s[:4])
		s = s[4:]
	}
	m, _ := strconv.Atoi(s[:2])
	d, _ := strconv.Atoi(s[2:])
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// cameoCountries maps the CAMEO country codes of the Phoenix files that
// are not ISO 3166-1 alpha-3 (or not the project's choice) to the ISO3
// the project uses. Historic states fold into their main successor as in
// countries.tsv.
var cameoCountries = map[string]string{
	"DDR": "DEU", // German Democratic Republic
	"CSK": "CZE", // Czechoslovakia
	"SUN": "RUS", // Soviet Union (ISO 3166-3)
	"USR": "RUS", // Soviet Union (CAMEO)
	"YUG": "SRB", // Yugoslavia
	"FRY": "SRB", // Federal Republic of Yugoslavia
	"SCG": "SRB", // Serbia and Montenegro
	"KSV": "XKX", // Kosovo
	"TMP": "TLS", // East Timor (old ISO code)
	"ROM": "ROU", // Romania (old ISO code)
	"ZAR": "COD", // Zaire
	"BUR": "MMR", // Burma
	"PAL": "PSE", // Palestine (CAMEO)
	"IMY": "IMN", // Isle of Man (CAMEO)
	"FRN": "FRA", // France, misspelt in FRNWLF (Wallis and Futuna)
	"KRJ": "HRV", // Republic of Serbian Krajina, in Croatia
	"SRP": "BIH", // Republika Srpska, in Bosnia and Herzegovina
}

// agentSectors maps CAMEO agent codes to the sectors of the project
// (lexicon/sectors.tsv). Codes missing here (ELI elites, EDU, HLH, ENV,
// DEV, HRI, CRM, issue and ethnic codes) give no sector; the CAMEO code is
// kept in the agent column.
var agentSectors = map[string]string{
	"GOV": "government",
	"MIL": "military",
	"LEG": "legislature",
	"JUD": "judiciary",
	"COP": "police",
	"SPY": "intelligence",
	"OPP": "opposition",
	"REB": "rebels",
	"INS": "rebels",     // insurgents
	"UAF": "rebels",     // unaligned armed forces: militias (sectors.tsv: militia is rebels)
	"PTY": "party",      // political party
	"MED": "media",      // media
	"BUS": "business",   // business
	"LAB": "labor",      // labour
	"CVL": "civilians",  // civilians
	"PPL": "civilians",  // people
	"AGR": "civilians",  // farmers (sectors.tsv: farmers are civilians)
	"REF": "refugees",   // refugees
	"REL": "religious",  // religious
	"NGO": "ngo",        // non-governmental organisation
	"MUS": "religious",  // Muslim
	"CHR": "religious",  // Christian
	"JEW": "religious",  // Jewish
	"BUD": "religious",  // Buddhist
	"HIN": "religious",  // Hindu
	"MNC": "business",   // multinational corporation
	"IMG": "rebels",     // international militant group
	"UNR": "government", // unrecognised government
}

// actorCode is what the converter makes of a Phoenix actor code.
type actorCode struct {
	Country string // ISO3, IGO, NGO, IMG, or "" (regions, unknown codes)
	Sector  string // project sector, or ""
	Agent   string // CAMEO codes after the country ("GOVMIL"), or the whole code when it has no country
	Via     string // the non-ISO CAMEO country code mapped, if any
}

// mapActorCode converts a code: the first three letters are a country
// (ISO3 or a code of cameoCountries), IGO, NGO, IMG, MNC (a company, with
// its country next) or a region; a second country code names a territory
// or successor state ("USAPRI" Puerto Rico, "USRUKR" Soviet Ukraine, "GBRVGB")
// and replaces the first. The sector is the first agent code that has
// one; NGO and MNC have their own when no other is given, IMG is always
// rebels and IGO has none.
func mapActorCode(code string, iso map[string]bool) actorCode {
	var c actorCode
	if code == "---" || len(code)%3 != 0 {
		return c
	}
	var segs []string
	for i := 0; i+3 <= len(code); i += 3 {
		segs = append(segs, code[i:i+3])
	}
	country := func(t string) (string, string) {
		if iso[t] {
			return t, ""
		}
		if m, ok := cameoCountries[t]; ok {
			return m, t
		}
		return "", ""
	}
	rest := segs
	switch first := segs[0]; {
	case first == "IGO" || first == "NGO" || first == "IMG":
		c.Country, rest = first, segs[1:]
	case first == "MNC":
		rest = segs[1:]
		if len(rest) > 0 {
			if cc, via := country(rest[0]); cc != "" {
				c.Country, c.Via, rest = cc, via, rest[1:]
			}
		}
	default:
		if cc, via := country(first); cc != "" {
			c.Country, c.Via, rest = cc, via, segs[1:]
			// A territory or successor state (not one folding into the
			// same country, as BIHSRP, Republika Srpska, does); never MUS
			// or SUN, which in second place are the CAMEO codes for Muslim
			// and Sunni.
			if len(rest) > 0 && rest[0] != "MUS" && rest[0] != "SUN" {
				if cc, via2 := country(rest[0]); cc != "" && cc != c.Country {
					c.Country, rest = cc, rest[1:]
					if via2 != "" {
						c.Via = via2
					}
				}
			}
		}
	}
	if c.Country == "" {
		rest = segs
	}
	c.Agent = strings.Join(rest, "")
	switch segs[0] {
	case "IGO":
		return c
	case "IMG":
		c.Sector = "rebels" // a religion code after IMG names the group's creed
		return c
	}
	for _, t := range rest {
		if s, ok := agentSectors[t]; ok {
			c.Sector = s
			return c
		}
	}
	if s, ok := agentSectors[segs[0]]; ok && (segs[0] == "NGO" || segs[0] == "MNC") {
		c.Sector = s
	}
	return c
}

type actorStats struct {
	Entries, Names, Distinct    int
	Roles, Dated, Open, Undated int
	BadDates, NullRoles         int
	Codes, Remapped, NoCountry  int
	RemappedFrom                []string
	remapped                    map[string]bool
}

func writeActors(w io.Writer, h header, entries []actorEntry, iso map[string]bool) (actorStats, error) {
	st := actorStats{remapped: map[string]bool{}}
	bw := bufio.NewWriter(w)
	h.write(bw)
	fmt.Fprint(bw, `#
# Phoenix actors: countries and their people and bodies, international
# organisations, armed non-state groups. Each actor is an "A" line followed
# by its "R" (role) lines:
#   A  name  variants  source
#      name      the primary phrase, lower case
#      variants  the other phrases ("+" lines of the source), separated by "|"
#      source    file and line: Countries, International or MilNonState
#   R  country  sector  agent  from  to  code
#      country   ISO3 (countries.tsv), IGO, NGO or IMG; empty for regional
#                and unknown codes. CAMEO country codes that are not the
#                project's ISO3 are mapped (DDR DEU, USR RUS, YUG SRB, KSV
#                XKX, TMP TLS, ...); a territory or successor state after
#                the country wins (USAPRI PRI, USRUKR UKR)
#      sector    the project's sector (sectors.tsv) from the first CAMEO
#                agent code that has one: GOV government, MIL military, LEG
#                legislature, JUD judiciary, COP police, SPY intelligence,
#                OPP opposition, REB/INS/UAF rebels, PTY party, MED media,
#                BUS/MNC business, LAB labor, CVL/PPL/AGR civilians, REF
#                refugees, REL and religions religious, NGO ngo; IMG rebels
#      agent     the CAMEO codes after the country ("GOVMIL": a government
#                member for the military; "ELI": an elite out of office)
#      from, to  YYYY-MM-DD, inclusive; an empty end is open; a role with
#                neither is undated: the actor's code when no dated role
#                holds (PETRARCH's default code)
#      code      the source code as written; "---" codes no actor
# Roles whose dates cannot be read are left out, each listed in a comment
# above its actor.
`)
	fmt.Fprintln(bw, "# A\tname\tvariants\tsource")
	fmt.Fprintln(bw, "# R\tcountry\tsector\tagent\tfrom\tto\tcode")
	seen := map[string]bool{}
	codes := map[string]bool{}
	for _, e := range entries {
		if len(e.Names) == 0 {
			return st, fmt.Errorf("%s line %d: actor without a name", e.File, e.Line)
		}
		st.Entries++
		for _, d := range e.Dropped {
			st.BadDates++
			fmt.Fprintf(bw, "# dropped %s: malformed code or date\n", cleanText(d))
		}
		for _, n := range e.Names {
			st.Names++
			if !seen[n] {
				seen[n] = true
				st.Distinct++
			}
		}
		fmt.Fprintf(bw, "A\t%s\t%s\t%s:%d\n", e.Names[0], strings.Join(e.Names[1:], "|"), e.File, e.Line)
		for _, r := range e.Roles {
			st.Roles++
			switch {
			case r.From != "" && r.To != "":
				st.Dated++
			case r.From != "" || r.To != "":
				st.Open++
			default:
				st.Undated++
			}
			if r.Code == "---" {
				st.NullRoles++
			}
			c := mapActorCode(r.Code, iso)
			if !codes[r.Code] {
				codes[r.Code] = true
				st.Codes++
				if c.Via != "" {
					st.Remapped++
					if !st.remapped[c.Via] {
						st.remapped[c.Via] = true
						st.RemappedFrom = append(st.RemappedFrom, c.Via)
					}
				}
				if c.Country == "" && r.Code != "---" {
					st.NoCountry++
				}
			}
			fmt.Fprintf(bw, "R\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Country, c.Sector, c.Agent, r.From, r.To, r.Code)
		}
	}
	sort.Strings(st.RemappedFrom)
	return st, bw.Flush()
}
