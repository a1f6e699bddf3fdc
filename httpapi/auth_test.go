package httpapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/schema"
)

func authHeader(v string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if v != "" {
		h.Set("Authorization", v)
	}
	return h
}

func articleBody(a schema.Article) *bytes.Reader {
	b, err := json.Marshal(a)
	if err != nil {
		panic(err)
	}
	return bytes.NewReader(b)
}

func TestWritesNeedAPIKey(t *testing.T) {
	const second = "second-key-fedcba9876543210"
	e := newEnv(t, func(c *httpapi.Config) { c.APIKeys = []string{testKey, second} })
	delPath := "/v1/articles/" + schema.ArticleID(artReject.Text)

	cases := []struct {
		name, auth, challenge string
	}{
		{"no header", "", `Bearer realm="dipgraph"`},
		{"basic scheme", "Basic dXNlcjpwYXNz", `Bearer realm="dipgraph"`},
		{"empty bearer", "Bearer ", `Bearer realm="dipgraph"`},
		{"wrong key", "Bearer not-the-key-0123456789", `Bearer realm="dipgraph", error="invalid_token"`},
		{"key prefix", "Bearer " + testKey[:len(testKey)-1], `Bearer realm="dipgraph", error="invalid_token"`},
		{"key with suffix", "Bearer " + testKey + "x", `Bearer realm="dipgraph", error="invalid_token"`},
		{"short key", "Bearer x", `Bearer realm="dipgraph", error="invalid_token"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.doWith(http.MethodPost, "/v1/articles", authHeader(c.auth), articleBody(artReject))
			p := wantProblem(t, resp, body, http.StatusUnauthorized)
			if p.Type != "urn:dipgraph:problem:unauthorized" {
				t.Errorf("problem type %q", p.Type)
			}
			if got := resp.Header.Get("WWW-Authenticate"); got != c.challenge {
				t.Errorf("WWW-Authenticate %q, want %q", got, c.challenge)
			}
			resp, body = e.doWith(http.MethodDelete, delPath, authHeader(c.auth), nil)
			wantProblem(t, resp, body, http.StatusUnauthorized)
		})
	}
	if c := e.counts(); c != (counts{}) {
		t.Fatalf("unauthenticated writes changed the store: %+v", c)
	}

	// Either key works; the scheme is case-insensitive.
	resp, body := e.doWith(http.MethodPost, "/v1/articles", authHeader("bearer "+second), articleBody(artReject))
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = e.doWith(http.MethodPost, "/v1/articles", authHeader("Bearer "+testKey), articleBody(artPraise))
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = e.doWith(http.MethodDelete, delPath, authHeader("Bearer "+testKey), nil)
	wantStatus(t, resp, body, http.StatusNoContent)

	// A raw query runs arbitrary JavaScript: it needs a key like a write.
	resp, body = e.query("gizmo", `g.V().All()`)
	wantStatus(t, resp, body, http.StatusOK)
	// Reads stay open.
	e.key = ""
	e.getOK("/v1/entities", nil)
	e.getOK("/v1/schema", nil)
	resp, body = e.query("gizmo", `g.V().All()`)
	wantProblem(t, resp, body, http.StatusUnauthorized)

	// The log names a key by a fingerprint, never the key itself.
	sum := sha256.Sum256([]byte(second))
	fp := hex.EncodeToString(sum[:4])
	if !eventually(2*time.Second, func() bool { return strings.Contains(e.logs.String(), `"key":"`+fp+`"`) }) {
		t.Errorf("access log lacks the key fingerprint %s", fp)
	}
	if strings.Contains(e.logs.String(), second) || strings.Contains(e.logs.String(), testKey) {
		t.Errorf("an API key leaked into the log")
	}
	if !strings.Contains(e.logs.String(), "invalid API key") {
		t.Errorf("a wrong key was not logged")
	}
}

func TestWritesDisabledWithoutKey(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.APIKeys = nil })
	for _, auth := range []string{"", "Bearer " + testKey} {
		resp, body := e.doWith(http.MethodPost, "/v1/articles", authHeader(auth), articleBody(artReject))
		p := wantProblem(t, resp, body, http.StatusForbidden)
		if p.Detail != "no API key configured; writes are disabled" {
			t.Errorf("detail %q", p.Detail)
		}
		resp, body = e.doWith(http.MethodDelete, "/v1/articles/article:0123456789abcdef", authHeader(auth), nil)
		wantProblem(t, resp, body, http.StatusForbidden)
	}
	if c := e.counts(); c != (counts{}) {
		t.Fatalf("refused writes changed the store: %+v", c)
	}
	e.getOK("/v1/entities", nil)
}

func TestAnonymousWrites(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) {
		c.APIKeys = nil
		c.AllowAnonymousWrites = true
	})
	resp, body := e.doWith(http.MethodPost, "/v1/articles", authHeader(""), articleBody(artReject))
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = e.doWith(http.MethodDelete, "/v1/articles/"+schema.ArticleID(artReject.Text), authHeader(""), nil)
	wantStatus(t, resp, body, http.StatusNoContent)
}

func TestProtectedReads(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.ProtectReads = true })
	e.seed()
	key := e.key
	e.key = ""
	for _, p := range []string{"/v1/schema", "/v1/entities", "/v1/entities/country:MEX",
		"/v1/entities/country:MEX/relations", "/v1/triples", "/v1/events",
		"/v1/articles/" + schema.ArticleID(artReject.Text), "/metrics"} {
		resp, body := e.get(p)
		wantProblem(t, resp, body, http.StatusUnauthorized)
		if resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", p)
		}
		resp, body = e.doWith(http.MethodGet, p, authHeader("Bearer wrong-key-0123456789abcdef"), nil)
		wantProblem(t, resp, body, http.StatusUnauthorized)
		resp, body = e.doWith(http.MethodGet, p, authHeader("Bearer "+key), nil)
		wantStatus(t, resp, body, http.StatusOK)
	}
	resp, body := e.query("gizmo", `g.V().All()`)
	wantProblem(t, resp, body, http.StatusUnauthorized)

	// Probes and the API description stay open.
	for _, p := range []string{"/healthz", "/readyz", "/openapi.json"} {
		e.getOK(p, nil)
	}
	e.key = key
	resp, body = e.query("gizmo", `g.V().All()`)
	wantStatus(t, resp, body, http.StatusOK)
}

func TestConfigValidate(t *testing.T) {
	bad := []struct {
		name string
		cfg  httpapi.Config
		want string
	}{
		{"short key", httpapi.Config{APIKeys: []string{"short"}}, "at least 16"},
		{"empty key", httpapi.Config{APIKeys: []string{""}}, "empty"},
		{"key with space", httpapi.Config{APIKeys: []string{"0123456789 abcdef0"}}, "white space"},
		{"keys and anonymous writes", httpapi.Config{APIKeys: []string{testKey}, AllowAnonymousWrites: true}, "exclude"},
		{"protected reads without key", httpapi.Config{ProtectReads: true}, "at least one API key"},
		{"bad proxy CIDR", httpapi.Config{TrustProxy: true, TrustedProxies: []string{"10.0.0.1"}}, "CIDR"},
		{"bad origin", httpapi.Config{CORSOrigins: []string{"viz.example.org"}}, "CORS origin"},
		{"origin with path", httpapi.Config{CORSOrigins: []string{"https://viz.example.org/app"}}, "CORS origin"},
	}
	for _, c := range bad {
		err := c.cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Validate() = %v, want an error about %q", c.name, err, c.want)
		}
	}
	good := httpapi.Config{APIKeys: []string{testKey}, ProtectReads: true, TrustProxy: true,
		TrustedProxies: []string{"10.0.0.0/8", "::1/128"},
		CORSOrigins:    []string{"https://viz.example.org", "http://localhost:5173", "https://*.example.org", "*"}}
	if err := good.Validate(); err != nil {
		t.Errorf("good config: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("New accepted an invalid config")
		}
	}()
	e := newEnv(t, nil)
	httpapi.New(httpapi.Config{Store: e.store, APIKeys: []string{"short"}})
}

func TestLoadAPIKeys(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "keys")
	content := "# team keys\n\n  alice-0123456789abcdef  \n# bob left\nbob-0123456789abcdef\nenv-key-0123456789abcdef\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := httpapi.LoadAPIKeys(" env-key-0123456789abcdef,, carol-0123456789abcdef ", file)
	if err != nil {
		t.Fatal(err)
	}
	want := "env-key-0123456789abcdef carol-0123456789abcdef alice-0123456789abcdef bob-0123456789abcdef"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("keys %q, want %q", got, want)
	}
	if keys, err := httpapi.LoadAPIKeys("", ""); err != nil || len(keys) != 0 {
		t.Errorf("no keys: %v, %v", keys, err)
	}

	badFile := filepath.Join(dir, "bad")
	if err := os.WriteFile(badFile, []byte("# ok\ngood-0123456789abcdef\ntoo-short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ env, file, want string }{
		{"", badFile, "line 3"},
		{"", filepath.Join(dir, "missing"), "API keys file"},
		{"short", "", "environment"},
		{"has space 0123456789abcdef", "", "white space"},
	} {
		if _, err := httpapi.LoadAPIKeys(c.env, c.file); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LoadAPIKeys(%q, %q) = %v, want an error about %q", c.env, c.file, err, c.want)
		}
	}
}
