package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dipgraph/dipgraph/httpapi"
)

var explorerFS = fstest.MapFS{
	"index.html":     {Data: []byte(`<!doctype html><script defer src="/assets/app.js"></script>`)},
	"assets/app.js":  {Data: bytes.Repeat([]byte("console.log('explorer');\n"), 200)},
	"assets/app.css": {Data: []byte("body{margin:0}")},
}

// TestExplorerServed checks the explorer's page and assets: open without
// a key even when reads need one, under the CSP, gzipped on request,
// revalidated by ETag, and a problem for an unknown asset.
func TestExplorerServed(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) {
		c.Explorer = explorerFS
		c.ProtectReads = true
	})
	e.key = ""
	resp, body := e.get("/?entity=country:MEX&depth=2")
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q, want text/html", ct)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy %q, want default-src 'self'", csp)
	}
	if !bytes.Equal(body, explorerFS["index.html"].Data) {
		t.Errorf("page %q", body)
	}
	if resp, body := e.get("/v1/entities"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("reads without a key: %d %s, want 401", resp.StatusCode, body)
	}

	// Go's client asks for gzip and decodes it itself unless asked by hand.
	resp, body = e.doWith(http.MethodGet, "/assets/app.js", http.Header{"Accept-Encoding": {"gzip"}}, nil)
	wantStatus(t, resp, body, http.StatusOK)
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, explorerFS["assets/app.js"].Data) {
		t.Errorf("gunzipped app.js differs")
	}
	if len(body) >= len(plain) {
		t.Errorf("gzipped %d bytes, plain %d", len(body), len(plain))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("Content-Type %q", ct)
	}
	etag := resp.Header.Get("ETag")
	resp, body = e.doWith(http.MethodGet, "/assets/app.js", http.Header{"If-None-Match": {etag}}, nil)
	wantStatus(t, resp, body, http.StatusNotModified)

	resp, body = e.get("/assets/app.css")
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type %q", ct)
	}
	resp, body = e.get("/assets/missing.js")
	if p := wantProblem(t, resp, body, http.StatusNotFound); !strings.HasSuffix(p.Type, ":no-route") {
		t.Errorf("problem type %q", p.Type)
	}
}

// TestExplorerNotBuilt checks a server without the explorer's bundle: its
// "/" says how to build it.
func TestExplorerNotBuilt(t *testing.T) {
	e := newEnv(t, nil)
	resp, body := e.get("/")
	wantStatus(t, resp, body, http.StatusOK)
	if !strings.Contains(string(body), "scripts/build-web.sh") {
		t.Errorf("/ without the explorer: %q", body)
	}
	resp, body = e.get("/assets/app.js")
	if p := wantProblem(t, resp, body, http.StatusNotFound); !strings.HasSuffix(p.Type, ":no-route") {
		t.Errorf("problem type %q", p.Type)
	}
}
