// Command dictconv converts the PETRARCH-2 / Phoenix dictionaries (verb
// patterns, actors, agents) and the CAMEO-to-PLOVER table into the
// tab-separated files under internal/extract/data/petrarch, which the
// extract package embeds. It is run by go generate in internal/extract:
//
//	go generate ./internal/extract
//
// or directly:
//
//	go run ./internal/extract/cmd/dictconv -src ../shared/reference
//
// The source directory (default ../shared/reference from the repository
// root) holds petrarch2/ (the openeventdata/petrarch2 dictionaries),
// CAMEO2PLOVER-2021.txt and cameo-codes.csv. The output is deterministic:
// the same sources give the same bytes, which a test checks.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Source of the dictionaries, as recorded in the generated headers and in
// NOTICE.
const (
	sourceRepo   = "openeventdata/petrarch2"
	sourceCommit = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
)

func main() {
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "dictconv:", err)
		os.Exit(1)
	}
	src := flag.String("src", filepath.Join(root, "..", "shared", "reference"), "directory with petrarch2/, CAMEO2PLOVER-2021.txt and cameo-codes.csv")
	out := flag.String("out", filepath.Join(root, "internal", "extract", "data", "petrarch"), "output directory")
	countries := flag.String("countries", filepath.Join(root, "internal", "extract", "data", "gazetteer", "countries.tsv"), "the project's countries.tsv (its ISO3 codes)")
	quiet := flag.Bool("q", false, "do not print counts")
	flag.Parse()
	st, err := convert(*src, *out, *countries)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dictconv:", err)
		os.Exit(1)
	}
	if !*quiet {
		st.print(os.Stdout)
	}
}

// repoRoot walks up from the working directory to the directory holding
// go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Source files, relative to -src.
const (
	verbFile      = "petrarch2/CAMEO.2.0.txt"
	countryActors = "petrarch2/Phoenix.Countries.actors.txt"
	intlActors    = "petrarch2/Phoenix.International.actors.txt"
	nonStateFile  = "petrarch2/Phoenix.MilNonState.actors.txt"
	agentFile     = "petrarch2/Phoenix.agents.txt"
	ploverFile    = "CAMEO2PLOVER-2021.txt"
	cameoFile     = "cameo-codes.csv"
)

// Output files, in the output directory.
const (
	outVerbs    = "verbs.tsv"
	outPatterns = "patterns.tsv"
	outSynsets  = "synsets.tsv"
	outActors   = "actors.tsv"
	outAgents   = "agents.tsv"
	outCameo    = "cameo.tsv"
)

// stats are the counts printed after a conversion.
type stats struct {
	verbs  verbStats
	actors actorStats
	agents agentStats
	cameo  cameoStats
}

func (s stats) print(w io.Writer) {
	v, a, g, c := s.verbs, s.actors, s.agents, s.cameo
	fmt.Fprintf(w, "verbs: %d blocks, %d verb lines, %d distinct forms, %d patterns (%d with source slot, %d with target slot, %d negated, %d paired codes, %d null code, %d malformed or with an undefined synonym set skipped), %d synonym sets with %d members, %d transformations skipped\n",
		v.Blocks, v.Verbs, v.Forms, v.Patterns, v.WithSource, v.WithTarget, v.Negated, v.Paired, v.Null, v.Skipped, v.Synsets, v.SynMembers, v.Transforms)
	fmt.Fprintf(w, "patterns by PLOVER mapping: %s\n", fmtCounts(v.ByMapping))
	fmt.Fprintf(w, "actors: %d entries, %d name variants (%d distinct), %d roles (%d dated, %d open-ended, %d undated), %d roles dropped for malformed dates, %d null roles\n",
		a.Entries, a.Names, a.Distinct, a.Roles, a.Dated, a.Open, a.Undated, a.BadDates, a.NullRoles)
	fmt.Fprintf(w, "actor codes: %d distinct, %d with a country code remapped to ISO3 (%s), %d with no country\n", a.Codes, a.Remapped, strings.Join(a.RemappedFrom, " "), a.NoCountry)
	fmt.Fprintf(w, "agents: %d lines, %d phrases after substitution (%d markers inside words restored), %d with a sector, %d malformed lines skipped\n", g.Lines, g.Phrases, g.Restored, g.WithSector, g.Skipped)
	fmt.Fprintf(w, "cameo codes: %d (%s); used by patterns: %d (%s)\n", c.Codes, fmtCounts(c.ByStatus), c.Used, fmtCounts(c.UsedByStatus))
}

func fmtCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// convert reads the sources under src and writes every output file into
// out.
func convert(src, out, countriesPath string) (stats, error) {
	var st stats
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return nil, fmt.Errorf("read source: %w", err)
		}
		return b, nil
	}
	files := map[string][]byte{}
	for _, n := range []string{verbFile, countryActors, intlActors, nonStateFile, agentFile, ploverFile, cameoFile} {
		b, err := read(n)
		if err != nil {
			return st, err
		}
		files[n] = b
	}
	cb, err := os.ReadFile(countriesPath)
	if err != nil {
		return st, fmt.Errorf("read countries: %w", err)
	}
	iso, err := parseISO3(bytes.NewReader(cb))
	if err != nil {
		return st, fmt.Errorf("%s: %w", countriesPath, err)
	}
	pm, err := parsePlover(bytes.NewReader(files[ploverFile]))
	if err != nil {
		return st, fmt.Errorf("%s: %w", ploverFile, err)
	}
	codes, err := parseCameoCodes(bytes.NewReader(files[cameoFile]))
	if err != nil {
		return st, fmt.Errorf("%s: %w", cameoFile, err)
	}
	vd, err := parseVerbs(bytes.NewReader(files[verbFile]))
	if err != nil {
		return st, fmt.Errorf("%s: %w", verbFile, err)
	}
	var entries []actorEntry
	for _, n := range []string{countryActors, intlActors, nonStateFile} {
		es, err := parseActors(bytes.NewReader(files[n]), shortName(n))
		if err != nil {
			return st, fmt.Errorf("%s: %w", n, err)
		}
		entries = append(entries, es...)
	}
	agents, err := parseAgents(bytes.NewReader(files[agentFile]))
	if err != nil {
		return st, fmt.Errorf("%s: %w", agentFile, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return st, fmt.Errorf("output directory: %w", err)
	}
	hd := func(srcs ...string) header {
		h := header{files: srcs, sums: map[string]string{}}
		for _, s := range srcs {
			sum := sha256.Sum256(files[s])
			h.sums[s] = hex.EncodeToString(sum[:])[:16]
		}
		return h
	}
	write := func(name string, fn func(w io.Writer) error) error {
		var buf bytes.Buffer
		if err := fn(&buf); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(out, name), buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		return nil
	}
	steps := []struct {
		name string
		fn   func(w io.Writer) error
	}{
		{outVerbs, func(w io.Writer) (err error) {
			st.verbs, err = vd.writeVerbs(w, hd(verbFile))
			return err
		}},
		{outPatterns, func(w io.Writer) error { return vd.writePatterns(w, hd(verbFile, ploverFile), pm, &st.verbs) }},
		{outSynsets, func(w io.Writer) error { return vd.writeSynsets(w, hd(verbFile)) }},
		{outCameo, func(w io.Writer) (err error) {
			st.cameo, err = writeCameo(w, hd(ploverFile, cameoFile), codes, pm, vd.codeUse())
			return err
		}},
		{outActors, func(w io.Writer) (err error) {
			st.actors, err = writeActors(w, hd(countryActors, intlActors, nonStateFile), entries, iso)
			return err
		}},
		{outAgents, func(w io.Writer) (err error) {
			st.agents, err = writeAgents(w, hd(agentFile), agents)
			return err
		}},
	}
	for _, s := range steps {
		if err := write(s.name, s.fn); err != nil {
			return st, err
		}
	}
	return st, nil
}

// shortName is the label an actor file gets in the generated source
// column: "Countries", "International", "MilNonState".
func shortName(path string) string {
	b := filepath.Base(path)
	b = strings.TrimPrefix(b, "Phoenix.")
	return strings.TrimSuffix(b, ".actors.txt")
}

// parseISO3 reads the first column of the project's countries.tsv.
func parseISO3(r io.Reader) (map[string]bool, error) {
	iso := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		code, _, _ := strings.Cut(line, "\t")
		if len(code) != 3 {
			return nil, fmt.Errorf("bad ISO3 %q", code)
		}
		iso[code] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(iso) == 0 {
		return nil, errors.New("no countries")
	}
	return iso, nil
}

// header is the comment block every generated file starts with.
type header struct {
	files []string
	sums  map[string]string
}

func (h header) write(w io.Writer) {
	fmt.Fprintln(w, "# Generated by internal/extract/cmd/dictconv; do not edit by hand.")
	fmt.Fprintln(w, "# Sources (paths under ../shared/reference):")
	for _, f := range h.files {
		origin := "the PLOVER project's CAMEO tables"
		if strings.HasPrefix(f, "petrarch2/") {
			origin = sourceRepo + " at commit " + sourceCommit
		}
		fmt.Fprintf(w, "#   %s (%s; sha256 %s...)\n", f, origin, h.sums[f])
	}
	fmt.Fprintln(w, "# Regenerate: go generate ./internal/extract (sources in ../shared/reference")
	fmt.Fprintln(w, "# from the repository root, or go run ./internal/extract/cmd/dictconv -src DIR).")
	fmt.Fprintln(w, "# The petrarch2 dictionaries are MIT-licensed, Copyright (c) 2014 Open Event")
	fmt.Fprintln(w, "# Data: see NOTICE at the repository root. Fixes and newer facts go")
	fmt.Fprintln(w, "# into the project's own tables (data/gazetteer, data/lexicon), which take")
	fmt.Fprintln(w, "# precedence, or into the converter; never into this file.")
}
