package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// agentLine is one phrase of Phoenix.agents.txt after substitution.
type agentLine struct {
	Phrase   string // lower case; " ... " where the source had a blank (words may come between)
	Plural   string // "" regular plural, "-" none, else the plural as written
	Code     string // CAMEO agent code without "~" ("GOVMIL")
	Prefix   bool   // "NGO~": the code goes before the actor's code, not after
	Line     int
	Restored bool   // a "!MARKER!" inside a word was put back as its name
	Skipped  string // why a malformed line was left out
}

type agentStats struct {
	Lines, Phrases, Restored, WithSector, Skipped int
}

var markerRE = regexp.MustCompile(`![A-Z]+!`)

// parseAgents reads the agents dictionary: substitution sets
// "!NAME! = A, B" and lines "PHRASE {PLURAL} [~CODE] # comment".
func parseAgents(r io.Reader) ([]agentLine, error) {
	subst := map[string][]string{}
	var out []agentLine
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		text, _ := splitComment(sc.Text())
		text = strings.TrimSpace(text)
		if text == "" || strings.HasPrefix(text, "<!--") {
			continue
		}
		if m := markerRE.FindString(text); m != "" && strings.HasPrefix(text, m) && strings.HasPrefix(strings.TrimSpace(text[len(m):]), "=") {
			var items []string
			for _, it := range strings.Split(strings.TrimSpace(text[len(m):])[1:], ",") {
				if it = strings.TrimSpace(it); it != "" {
					items = append(items, it)
				}
			}
			if len(items) == 0 {
				return nil, fmt.Errorf("line %d: empty substitution set %s", n, m)
			}
			subst[m] = items
			continue
		}
		as, err := parseAgentLine(text, n, subst)
		if err != nil {
			// Kept as a comment in agents.tsv: a few lines lack a code.
			out = append(out, agentLine{Line: n, Skipped: err.Error()})
			continue
		}
		out = append(out, as...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return out, nil
}

// parseAgentLine reads one agent line, expanding substitution sets.
func parseAgentLine(text string, n int, subst map[string][]string) ([]agentLine, error) {
	var out []agentLine
	i := strings.IndexByte(text, '[')
	if i < 0 {
		return nil, fmt.Errorf("agent %q without [CODE]", text)
	}
	j := strings.IndexAny(text[i:], "]}")
	if j < 0 {
		return nil, fmt.Errorf("agent %q: unclosed [", text)
	}
	code := strings.TrimSpace(text[i+1 : i+j])
	phrase := text[:i]
	plural := ""
	if k := strings.IndexByte(phrase, '{'); k >= 0 {
		l := strings.IndexByte(phrase[k:], '}')
		if l < 0 {
			return nil, fmt.Errorf("agent %q: unclosed {", text)
		}
		plural = agentPhrase(phrase[k+1 : k+l])
		if plural == "" {
			plural = "-"
		}
		phrase = phrase[:k]
	}
	a := agentLine{Plural: plural, Line: n}
	switch {
	case strings.HasPrefix(code, "~"):
		a.Code = code[1:]
	case strings.HasSuffix(code, "~"):
		a.Code, a.Prefix = strings.TrimSuffix(code, "~"), true
	default:
		return nil, fmt.Errorf("agent code %q without ~", code)
	}
	if a.Code == "" || len(a.Code)%3 != 0 {
		return nil, fmt.Errorf("bad agent code %q", code)
	}
	phrases, restored, err := expandMarkers(strings.TrimSpace(phrase), subst)
	if err != nil {
		return nil, fmt.Errorf("agent %q: %w", text, err)
	}
	a.Restored = restored
	if len(phrases) > 1 || markerRE.MatchString(phrase) && !restored {
		a.Plural = "-" // substituted items get no plural of their own
	}
	for _, p := range phrases {
		b := a
		b.Phrase = agentPhrase(p)
		if b.Phrase == "" {
			return nil, fmt.Errorf("agent %q: empty phrase", text)
		}
		out = append(out, b)
	}
	return out, nil
}

// expandMarkers substitutes every "!NAME!" of s by each item of its set.
// A marker glued to letters on both sides ("AD!MINIST!RATIVE") is an
// accident of the source's search and replace and is put back as its
// name ("ADMINISTRATIVE").
func expandMarkers(s string, subst map[string][]string) ([]string, bool, error) {
	restored := false
	for {
		loc := markerRE.FindStringIndex(s)
		if loc == nil {
			return []string{s}, restored, nil
		}
		m := s[loc[0]:loc[1]]
		if loc[0] > 0 && isLetter(s[loc[0]-1]) && loc[1] < len(s) && isLetter(s[loc[1]]) {
			s = s[:loc[0]] + strings.Trim(m, "!") + s[loc[1]:]
			restored = true
			continue
		}
		items, ok := subst[m]
		if !ok {
			return nil, false, fmt.Errorf("undefined substitution %s", m)
		}
		var out []string
		for _, it := range items {
			sub, r, err := expandMarkers(s[:loc[0]]+it+s[loc[1]:], subst)
			if err != nil {
				return nil, false, err
			}
			restored = restored || r
			out = append(out, sub...)
		}
		return out, restored, nil
	}
}

func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }

// agentPhrase turns "!MINIST! FOR_DEFENCE" (after substitution) into
// "minister ... for defence": "_" joins consecutive words, a blank lets
// other words come between.
func agentPhrase(s string) string {
	var parts []string
	for _, f := range strings.Fields(s) {
		if p := underscoresToSpaces(f); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ... ")
}

func writeAgents(w io.Writer, h header, agents []agentLine) (agentStats, error) {
	var st agentStats
	lines := map[int]bool{}
	bw := bufio.NewWriter(w)
	h.write(bw)
	fmt.Fprint(bw, `#
# Phoenix agents: generic actor words and their sector, in the columns of
# lexicon/sectors.tsv (phrase, sector, plural) plus the CAMEO code.
# Columns:
#   phrase  lower case; " ... " marks a blank of the source: other words may
#           come between ("minister ... for defence")
#   sector  the project's sector (see actors.tsv for the table), or empty
#           when the CAMEO code has none (ELI, EDU, HLH, CRM, ...)
#   plural  empty: the regular plural (s, ies, es after ss) also matches;
#           "-": no plural ({} in the source, or a phrase made from a
#           substitution set such as !PERSON!, whose items are given
#           singular and plural); else the plural as written
#   code    CAMEO agent code ("GOVMIL")
#   attach  after: the code follows the actor's country code ("~GOV":
#           "Iraqi ministry" is IRQGOV); before: it precedes ("NGO~")
#   line    line in Phoenix.agents.txt; one source line gives several
#           phrases when a substitution set is expanded
`)
	fmt.Fprintln(bw, "# phrase\tsector\tplural\tcode\tattach\tline")
	for _, a := range agents {
		if a.Skipped != "" {
			st.Skipped++
			fmt.Fprintf(bw, "# skipped line %d: %s\n", a.Line, cleanText(a.Skipped))
			continue
		}
		st.Phrases++
		if !lines[a.Line] {
			lines[a.Line] = true
			st.Lines++
			if a.Restored {
				st.Restored++
			}
		}
		sector := ""
		for i := 0; i+3 <= len(a.Code); i += 3 {
			if s, ok := agentSectors[a.Code[i:i+3]]; ok {
				sector = s
				break
			}
		}
		if sector != "" {
			st.WithSector++
		}
		attach := "after"
		if a.Prefix {
			attach = "before"
		}
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t%s\t%d\n", a.Phrase, sector, a.Plural, a.Code, attach, a.Line)
	}
	return st, bw.Flush()
}
