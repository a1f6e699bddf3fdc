package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/httpapi"
)

// missingArticle is a well-formed article ID that is never stored: a
// DELETE of it is a cheap write that changes nothing (404).
const missingArticle = "/v1/articles/article:0123456789abcdef"

func (e *env) deleteWith(h http.Header) *http.Response {
	e.t.Helper()
	if h == nil {
		h = http.Header{}
	}
	if e.key != "" {
		h.Set("Authorization", "Bearer "+e.key)
	}
	resp, _ := e.doWith(http.MethodDelete, missingArticle, h, nil)
	return resp
}

func wantRateLimited(t *testing.T, resp *http.Response, body []byte, limit string) {
	t.Helper()
	p := wantProblem(t, resp, body, http.StatusTooManyRequests)
	if p.Type != "urn:dipgraph:problem:rate-limited" || !strings.Contains(p.Detail, "per minute") {
		t.Errorf("429 problem %+v", p)
	}
	if ra := resp.Header.Get("Retry-After"); ra != "60" {
		t.Errorf("Retry-After %q, want 60", ra)
	}
	if l := resp.Header.Get("X-RateLimit-Limit"); l != limit {
		t.Errorf("X-RateLimit-Limit %q, want %s", l, limit)
	}
}

func TestWriteRateLimit(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.WriteRate = 3 })
	resp, body := e.postJSON("/v1/articles", artReject)
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = e.postJSON("/v1/articles", artReject)
	wantStatus(t, resp, body, http.StatusOK)
	// POST and DELETE share one budget.
	if resp := e.deleteWith(nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("third write: %d", resp.StatusCode)
	}
	resp, body = e.postJSON("/v1/articles", artPraise)
	wantRateLimited(t, resp, body, "3")
	resp, body = e.do(http.MethodDelete, missingArticle, "", nil)
	wantRateLimited(t, resp, body, "3")
	if c := e.counts(); c.events != 1 {
		t.Errorf("a rate-limited write reached the store: %+v", c)
	}
	// Reads and raw queries have budgets of their own.
	for range 10 {
		e.getOK("/v1/entities", nil)
	}
	resp, body = e.query("gizmo", `g.V().All()`)
	wantStatus(t, resp, body, http.StatusOK)
}

func TestQueryRateLimit(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.QueryRate = 2 })
	for range 2 {
		resp, body := e.query("gizmo", `g.V().All()`)
		wantStatus(t, resp, body, http.StatusOK)
	}
	resp, body := e.query("gizmo", `g.V().All()`)
	wantRateLimited(t, resp, body, "2")
	resp, body = e.postJSON("/v1/articles", artReject)
	wantStatus(t, resp, body, http.StatusCreated)
}

func TestDefaultRateLimits(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.WriteRate, c.QueryRate = 0, 0 })
	for i := range httpapi.DefaultWriteRate {
		if resp := e.deleteWith(nil); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("write %d: status %d", i+1, resp.StatusCode)
		}
	}
	resp, body := e.do(http.MethodDelete, missingArticle, "", nil)
	wantRateLimited(t, resp, body, "60")

	for i := range httpapi.DefaultQueryRate {
		resp, body := e.query("gizmo", `g.V().Limit(1).All()`)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("query %d: status %d: %s", i+1, resp.StatusCode, body)
		}
	}
	resp, body = e.query("gizmo", `g.V().Limit(1).All()`)
	wantRateLimited(t, resp, body, "120")
}

// Without TrustProxy a client cannot buy a fresh budget by naming another
// address in X-Forwarded-For; with it, the address right of the trusted
// proxies is the client.
func TestRateLimitKeyedByClientIP(t *testing.T) {
	xff := func(ip string) http.Header { return http.Header{"X-Forwarded-For": {ip}} }

	direct := newEnv(t, func(c *httpapi.Config) { c.WriteRate = 1 })
	if resp := direct.deleteWith(xff("203.0.113.1")); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("first write: %d", resp.StatusCode)
	}
	if resp := direct.deleteWith(xff("203.0.113.2")); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("spoofed X-Forwarded-For got a fresh budget: %d", resp.StatusCode)
	}

	proxied := newEnv(t, func(c *httpapi.Config) {
		c.WriteRate = 1
		c.TrustProxy = true // the test client connects from loopback, trusted by default
	})
	if resp := proxied.deleteWith(xff("203.0.113.1")); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("client 1: %d", resp.StatusCode)
	}
	if resp := proxied.deleteWith(xff("203.0.113.1")); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("client 1 again: %d", resp.StatusCode)
	}
	// A client-supplied entry left of the real client changes nothing.
	if resp := proxied.deleteWith(xff("198.51.100.7, 203.0.113.1")); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("client 1 behind a forged entry: %d", resp.StatusCode)
	}
	if resp := proxied.deleteWith(xff("203.0.113.2")); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("client 2: %d", resp.StatusCode)
	}
	// IPv6 clients are counted by /64.
	if resp := proxied.deleteWith(xff("2001:db8:1:2::1")); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("IPv6 client: %d", resp.StatusCode)
	}
	if resp := proxied.deleteWith(xff("2001:db8:1:2::ffff")); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("same /64: %d", resp.StatusCode)
	}
	if !eventually(2*time.Second, func() bool { return strings.Contains(proxied.logs.String(), `"client_ip":"203.0.113.2"`) }) {
		t.Errorf("access log lacks the forwarded client IP")
	}

	// A peer outside TrustedProxies is the client, whatever it forwards.
	untrusted := newEnv(t, func(c *httpapi.Config) {
		c.WriteRate = 1
		c.TrustProxy = true
		c.TrustedProxies = []string{"10.0.0.0/8"}
	})
	if resp := untrusted.deleteWith(xff("203.0.113.1")); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("first write: %d", resp.StatusCode)
	}
	if resp := untrusted.deleteWith(xff("203.0.113.2")); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("untrusted peer's X-Forwarded-For was believed: %d", resp.StatusCode)
	}
}

func TestCORS(t *testing.T) {
	const origin = "https://viz.example.org"
	e := newEnv(t, func(c *httpapi.Config) { c.CORSOrigins = []string{origin} })
	e.seed()

	// A preflight carries no key and matches no route, yet is answered.
	pre := http.Header{
		"Origin":                         {origin},
		"Access-Control-Request-Method":  {"POST"},
		"Access-Control-Request-Headers": {"authorization, content-type"},
	}
	for _, path := range []string{"/v1/articles", "/v1/query", "/v1/entities"} {
		resp, body := e.doWith(http.MethodOptions, path, pre, nil)
		wantStatus(t, resp, body, http.StatusOK)
		h := resp.Header
		if h.Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("%s preflight: Allow-Origin %q", path, h.Get("Access-Control-Allow-Origin"))
		}
		if !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") {
			t.Errorf("%s preflight: Allow-Methods %q", path, h.Get("Access-Control-Allow-Methods"))
		}
		allowed := strings.ToLower(h.Get("Access-Control-Allow-Headers"))
		if !strings.Contains(allowed, "authorization") || !strings.Contains(allowed, "content-type") {
			t.Errorf("%s preflight: Allow-Headers %q", path, allowed)
		}
		if h.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("credentials allowed")
		}
	}

	// An actual request gets the origin and the exposed headers.
	resp, body := e.doWith(http.MethodGet, "/v1/entities?limit=1", http.Header{"Origin": {origin}}, nil)
	wantStatus(t, resp, body, http.StatusOK)
	if resp.Header.Get("Access-Control-Allow-Origin") != origin {
		t.Errorf("GET: Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
	exposed := strings.ToLower(resp.Header.Get("Access-Control-Expose-Headers"))
	for _, h := range []string{"link", "x-request-id", "retry-after"} {
		if !strings.Contains(exposed, h) {
			t.Errorf("Expose-Headers %q lacks %s", exposed, h)
		}
	}
	// Problems are readable cross-origin too.
	resp, body = e.doWith(http.MethodPost, "/v1/articles", http.Header{"Origin": {origin}, "Content-Type": {"application/json"}}, articleBody(artThreat))
	wantProblem(t, resp, body, http.StatusUnauthorized)
	if resp.Header.Get("Access-Control-Allow-Origin") != origin {
		t.Errorf("401: Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}

	// Another origin gets nothing.
	evil := http.Header{"Origin": {"https://evil.example.com"}, "Access-Control-Request-Method": {"POST"}}
	resp, _ = e.doWith(http.MethodOptions, "/v1/articles", evil, nil)
	if v := resp.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("foreign origin preflight: Allow-Origin %q", v)
	}
	resp, _ = e.doWith(http.MethodGet, "/v1/entities", http.Header{"Origin": {"https://evil.example.com"}}, nil)
	if v := resp.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("foreign origin GET: Allow-Origin %q", v)
	}
}

func TestCORSOffByDefault(t *testing.T) {
	e := newEnv(t, nil)
	pre := http.Header{"Origin": {"https://viz.example.org"}, "Access-Control-Request-Method": {"GET"}}
	resp, body := e.doWith(http.MethodOptions, "/v1/entities", pre, nil)
	wantProblem(t, resp, body, http.StatusMethodNotAllowed)
	if v := resp.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("Allow-Origin %q without CORS origins", v)
	}
	resp, _ = e.doWith(http.MethodGet, "/v1/entities", http.Header{"Origin": {"https://viz.example.org"}}, nil)
	if v := resp.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("Allow-Origin %q without CORS origins", v)
	}
}
