package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
)

// ploverEntry is one line of CAMEO2PLOVER: the PLOVER type, mode and
// context a CAMEO code maps to.
type ploverEntry struct {
	Type, Mode, Context string
}

// ploverMap holds CAMEO2PLOVER-2021.txt: every line for each code, in
// file order. A code may appear on more than one line ("175" twice, the
// root "08" once as CONCEDE and once as RETREAT).
type ploverMap map[string][]ploverEntry

// parsePlover reads CAMEO2PLOVER-2021.txt. Lines are "CODE: TYPE, MODE,
// CONTEXT # comment"; root lines "03: AGREE" give the type only; the table
// ends at a line of "~".
func parsePlover(r io.Reader) (ploverMap, error) {
	m := ploverMap{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "~") {
			break
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		code, rest, ok := strings.Cut(line, ":")
		code = strings.TrimSpace(code)
		if !ok || !isDigits(code) {
			return nil, fmt.Errorf("line %d: want CODE: TYPE, MODE, CONTEXT, got %q", n, line)
		}
		parts := strings.Split(rest, ",")
		e := ploverEntry{Type: strings.TrimSpace(parts[0])}
		if len(parts) > 1 {
			e.Mode = strings.TrimSpace(parts[1])
		}
		if len(parts) > 2 {
			e.Context = normContext(strings.Join(parts[2:], ","))
		}
		if e.Type == "" {
			return nil, fmt.Errorf("line %d: code %s has no PLOVER type", n, code)
		}
		dup := false
		for _, old := range m[code] {
			dup = dup || old == e
		}
		if !dup {
			m[code] = append(m[code], e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return m, nil
}

// normContext turns "crime; corruption" into "crime;corruption".
func normContext(s string) string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ";")
}

// Mapping status of a CAMEO code, as written in the generated files.
const (
	mapOne     = "one"     // one line of CAMEO2PLOVER for the code itself
	mapSeveral = "several" // several lines with different types: the first is used, all are listed
	mapParent  = "parent"  // no line for the code; the nearest parent code's line is used
	mapNone    = "none"    // no line for the code or any parent: no PLOVER type
	mapNull    = "null"    // the null code "---": no event
)

// ploverLookup is what the table says about one CAMEO code.
type ploverLookup struct {
	Code    string // code looked up
	Via     string // code whose line was used (Code, or a parent)
	Entries []ploverEntry
	Status  string
}

// Type returns the PLOVER type of the first line, or "".
func (l ploverLookup) Type() string {
	if len(l.Entries) == 0 {
		return ""
	}
	return l.Entries[0].Type
}

// Types lists the distinct types ("CONCEDE|RETREAT").
func (l ploverLookup) Types() string {
	var ts []string
	for _, e := range l.Entries {
		if !contains(ts, e.Type) {
			ts = append(ts, e.Type)
		}
	}
	return strings.Join(ts, "|")
}

// lookup maps a CAMEO code: the code's own lines, else those of its parent
// (one digit shorter, down to the two-digit root). The mapping file is
// taken as written: codes it leaves out (the 01 and 02 families, for
// instance) map to nothing.
func (m ploverMap) lookup(code string) ploverLookup {
	l := ploverLookup{Code: code}
	if code == "" || code == "---" {
		l.Status = mapNull
		return l
	}
	for c := code; len(c) >= 2; c = c[:len(c)-1] {
		es, ok := m[c]
		if !ok {
			continue
		}
		l.Via, l.Entries = c, es
		switch {
		case c != code:
			l.Status = mapParent
		case len(strings.Split(l.Types(), "|")) > 1:
			l.Status = mapSeveral
		default:
			l.Status = mapOne
		}
		return l
	}
	l.Status = mapNone
	return l
}

// cameoCode is one line of cameo-codes.csv.
type cameoCode struct {
	Code, Root, Name, Goldstein string
}

// parseCameoCodes reads cameo-codes.csv (code, root_code, name, goldstein,
// description, usage_notes).
func parseCameoCodes(r io.Reader) ([]cameoCode, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	if len(recs) == 0 || len(recs[0]) < 4 || recs[0][0] != "code" {
		return nil, fmt.Errorf("want a header starting code,root_code,name,goldstein")
	}
	var out []cameoCode
	for i, rec := range recs[1:] {
		if len(rec) < 4 {
			return nil, fmt.Errorf("record %d: want at least 4 fields, got %d", i+2, len(rec))
		}
		out = append(out, cameoCode{Code: strings.TrimSpace(rec[0]), Root: strings.TrimSpace(rec[1]), Name: cleanText(rec[2]), Goldstein: strings.TrimSpace(rec[3])})
	}
	return out, nil
}

// cleanText collapses white space and drops tabs so a value fits a TSV
// column.
func cleanText(s string) string { return strings.Join(strings.Fields(s), " ") }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// writeCameo writes cameo.tsv: every code of cameo-codes.csv, of the
// mapping file and of the verb dictionary, with what CAMEO2PLOVER says.
func writeCameo(w io.Writer, h header, codes []cameoCode, pm ploverMap, used map[string]int) (cameoStats, error) {
	var st cameoStats
	name := map[string]cameoCode{}
	all := map[string]bool{}
	for _, c := range codes {
		name[c.Code] = c
		all[c.Code] = true
	}
	for c := range pm {
		all[c] = true
	}
	for c := range used {
		if c != "---" {
			all[c] = true
		}
	}
	keys := make([]string, 0, len(all))
	for c := range all {
		keys = append(keys, c)
	}
	sort.Strings(keys)
	bw := bufio.NewWriter(w)
	h.write(bw)
	fmt.Fprint(bw, `#
# CAMEO codes and their PLOVER mapping, one line per code. Columns:
#   code       CAMEO event code
#   name       its name in the CAMEO codebook (cameo-codes.csv; empty when
#              the codebook lacks the code)
#   goldstein  Goldstein score from the codebook
#   plover     PLOVER type (CAMEO2PLOVER-2021.txt); several types are
#              separated by "|", the first being the one patterns use
#   mode       PLOVER mode of the first line, if the table gives one
#   context    PLOVER contexts of the first line, separated by ";"
#   mapping    one: the table has a line for the code; several: lines with
#              different types; parent: no line, the parent code's line
#              is used (via); none: neither the code nor a parent is mapped
#   via        the code whose line was used
#   patterns   how many verb patterns carry the code
`)
	fmt.Fprintln(bw, "# code\tname\tgoldstein\tplover\tmode\tcontext\tmapping\tvia\tpatterns")
	for _, c := range keys {
		l := pm.lookup(c)
		var mode, ctx string
		if len(l.Entries) > 0 {
			mode, ctx = l.Entries[0].Mode, l.Entries[0].Context
		}
		cc := name[c]
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", c, cc.Name, cc.Goldstein, l.Types(), mode, ctx, l.Status, l.Via, used[c])
		st.count(l.Status, used[c] > 0)
	}
	return st, bw.Flush()
}

// cameoStats counts mapping outcomes over all codes and over the codes the
// verb patterns use.
type cameoStats struct {
	Codes, Used            int
	ByStatus, UsedByStatus map[string]int
}

func (s *cameoStats) count(status string, used bool) {
	if s.ByStatus == nil {
		s.ByStatus, s.UsedByStatus = map[string]int{}, map[string]int{}
	}
	s.Codes++
	s.ByStatus[status]++
	if used {
		s.Used++
		s.UsedByStatus[status]++
	}
}
