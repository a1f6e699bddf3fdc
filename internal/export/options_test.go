package export

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func writeOpts(t *testing.T, format string, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriterOptions(format, &buf, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range testNodes {
		if err := w.Node(n); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range testEdges {
		if err := w.Edge(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(Trailer{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGEXFVersions(t *testing.T) {
	def := writeOpts(t, GEXF, Options{})
	if !bytes.Contains(def, []byte(`xmlns="`+GEXF12Namespace+`"`)) || !bytes.Contains(def, []byte(`version="1.2"`)) {
		t.Errorf("default GEXF is not 1.2draft:\n%.400s", def)
	}
	if bytes.Contains(def, []byte(` kind="`)) {
		t.Error("GEXF 1.2draft has an edge kind, which its schema does not know")
	}
	v13 := writeOpts(t, GEXF, Options{GEXFVersion: GEXF13})
	if !bytes.Contains(v13, []byte(`xmlns="`+GEXFNamespace+`"`)) || !bytes.Contains(v13, []byte(`version="1.3"`)) {
		t.Errorf("GEXF 1.3 has not its namespace and version:\n%.400s", v13)
	}
	for name, doc := range map[string][]byte{"1.2": def, "1.3": v13} {
		g := decodeGEXF(t, doc)
		if len(g.edges) != len(testEdges) || len(g.nodes) != len(testNodes) {
			t.Errorf("GEXF %s: read %d nodes %d edges", name, len(g.nodes), len(g.edges))
		}
	}
	if _, err := NewWriterOptions(GEXF, &bytes.Buffer{}, Options{GEXFVersion: "1.1"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("GEXF 1.1: err = %v, want ErrInvalid", err)
	}
}

func TestNQuadsBase(t *testing.T) {
	doc := writeOpts(t, NQuads, Options{Base: "https://data.example.org/dipgraph/"})
	for _, line := range strings.Split(strings.TrimSpace(string(doc)), "\n") {
		if !strings.HasPrefix(line, "<https://data.example.org/dipgraph/") {
			t.Fatalf("line does not start with the base: %.200s", line)
		}
	}
	if !bytes.Contains(doc, []byte("<https://data.example.org/dipgraph/person:claudia-sheinbaum> <https://data.example.org/dipgraph/pred:leads> <https://data.example.org/dipgraph/country:MEX> <https://data.example.org/dipgraph/article:00000000000000a1> .\n")) {
		t.Errorf("no leads quad in the article's graph:\n%.600s", doc)
	}
	for _, bad := range []string{"dipgraph", "urn:dipgraph", "1urn:x:", "urn:a b:", "/rel/", ":x/"} {
		if err := CheckBase(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("CheckBase(%q) = %v, want ErrInvalid", bad, err)
		}
		if _, err := NewWriterOptions(NQuads, &bytes.Buffer{}, Options{Base: bad}); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewWriterOptions base %q: err = %v, want ErrInvalid", bad, err)
		}
	}
	for _, good := range []string{DefaultBase, "https://x.org/g/", "http://x.org/v#", "tag:x.org,2025:"} {
		if err := CheckBase(good); err != nil {
			t.Errorf("CheckBase(%q) = %v", good, err)
		}
	}
}

func TestXMLEdgeID(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range [][3]string{
		{"person:claudia-sheinbaum", "leads", "country:MEX"},
		{"a|b", "c", "d"}, {"a", "b|c", "d"}, {"a%7Cb", "c", "d"}, {"a_7Cb", "c", "d"}, {"x", "y", "z"},
	} {
		id := XMLEdgeID(c[0], c[1], c[2])
		if !xmlName(id) {
			t.Errorf("XMLEdgeID%v = %q, not an XML name", c, id)
		}
		if seen[id] {
			t.Errorf("XMLEdgeID%v = %q twice", c, id)
		}
		seen[id] = true
	}
	if got, want := XMLEdgeID("person:a", "leads", "country:MEX"), "e.person_3Aa_7Cleads_7Ccountry_3AMEX"; got != want {
		t.Errorf("XMLEdgeID = %q, want %q", got, want)
	}
	if !reflect.DeepEqual(GEXFVersions[0], GEXF12) {
		t.Error("GEXF 1.2 is not the default")
	}
}
