package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/httpapi"
)

// Failed authentications spend a budget of their own: sixty anonymous
// POSTs leave the client's write budget whole, and past their budget they
// are answered 429 without a log line each.
func TestAnonymousFailuresSpareTheWriteBudget(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) {
		c.WriteRate = 3
		c.AuthFailureRate = 5
		c.BadKeyLogEvery = time.Hour
	})
	for i := range 60 {
		resp, body := e.doWith(http.MethodPost, "/v1/articles", authHeader(""), articleBody(artReject))
		want := http.StatusUnauthorized
		if i >= 5 {
			want = http.StatusTooManyRequests
		}
		wantProblem(t, resp, body, want)
	}
	for i := range 10 {
		resp, body := e.doWith(http.MethodPost, "/v1/articles", authHeader("Bearer wrong-key-0123456789abcdef"), articleBody(artReject))
		p := wantProblem(t, resp, body, http.StatusTooManyRequests)
		if i == 0 && (!strings.Contains(p.Detail, "failed authentications") || resp.Header.Get("Retry-After") == "") {
			t.Errorf("429 for failures: %+v, Retry-After %q", p, resp.Header.Get("Retry-After"))
		}
	}
	// The keyed client still has its 3 writes.
	resp, body := e.postJSON("/v1/articles", artReject)
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = e.postJSON("/v1/articles", artPraise)
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = e.postJSON("/v1/articles", artThreat)
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = e.postJSON("/v1/articles", artPerson)
	wantRateLimited(t, resp, body, "3")
}

func TestBadKeyLogIsThrottled(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.AuthFailureRate = -1; c.BadKeyLogEvery = 200 * time.Millisecond })
	bad := authHeader("Bearer wrong-key-0123456789abcdef")
	for range 20 {
		resp, body := e.doWith(http.MethodDelete, missingArticle, bad, nil)
		wantProblem(t, resp, body, http.StatusUnauthorized)
	}
	if n := strings.Count(e.logs.String(), "invalid API key"); n != 1 {
		t.Errorf("%d log lines for 20 bad keys, want 1", n)
	}
	time.Sleep(250 * time.Millisecond)
	resp, body := e.doWith(http.MethodDelete, missingArticle, bad, nil)
	wantProblem(t, resp, body, http.StatusUnauthorized)
	if n := strings.Count(e.logs.String(), "invalid API key"); n != 2 || !strings.Contains(e.logs.String(), `"suppressed":19`) {
		t.Errorf("after the interval: %d lines, want 2 with suppressed 19:\n%s", n, e.logs.String())
	}
}

func TestCredentialsNotEchoed(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.ProtectReads = true })
	e.key = ""
	for _, path := range []string{
		"/v1/entities?api_key=" + testKey + "&limit=5",
		"/v1/entities?limit=5&Token=" + testKey,
		"/v1/nothing?access_token=" + testKey,
	} {
		resp, body := e.get(path)
		if resp.StatusCode < 400 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		p := wantProblem(t, resp, body, resp.StatusCode)
		if strings.Contains(string(body), testKey) || !strings.Contains(p.Instance, "REDACTED") {
			t.Errorf("%s: instance %q", path, p.Instance)
		}
	}
	if p := wantProblemAt(t, e, "/v1/entities?limit=5"); p.Instance != "/v1/entities?limit=5" {
		t.Errorf("instance %q", p.Instance)
	}
	if !eventually(2*time.Second, func() bool { return strings.Contains(e.logs.String(), "/v1/nothing") }) ||
		strings.Contains(e.logs.String(), testKey) {
		t.Errorf("the log echoes a credential or lacks the requests:\n%s", e.logs.String())
	}
}

func wantProblemAt(t *testing.T, e *env, path string) httpapi.Problem {
	t.Helper()
	resp, body := e.get(path)
	return wantProblem(t, resp, body, resp.StatusCode)
}

func TestHeadAnswersLikeGet(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	for _, path := range []string{"/healthz", "/v1/entities?limit=2", "/v1/entities/country:MEX", "/v1/entities/country:XXX"} {
		get, getBody := e.get(path)
		head, headBody := e.do(http.MethodHead, path, "", nil)
		if head.StatusCode != get.StatusCode || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") ||
			head.Header.Get("Content-Length") != get.Header.Get("Content-Length") {
			t.Errorf("HEAD %s: %d %s %s; GET: %d %s %s", path, head.StatusCode, head.Header.Get("Content-Type"),
				head.Header.Get("Content-Length"), get.StatusCode, get.Header.Get("Content-Type"), get.Header.Get("Content-Length"))
		}
		if len(headBody) != 0 || len(getBody) == 0 {
			t.Errorf("HEAD %s: %d bytes of body", path, len(headBody))
		}
	}
	resp, body := e.do(http.MethodPut, "/v1/entities", "", nil)
	wantProblem(t, resp, body, http.StatusMethodNotAllowed)
	if allow := resp.Header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "HEAD") {
		t.Errorf("Allow %q", allow)
	}
}

func TestCompressedBodyIsUnsupported(t *testing.T) {
	e := newEnv(t, nil)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"text":"Mexico rejected Canada."}`))
	zw.Close()
	for _, enc := range []string{"gzip", "br", "deflate, gzip"} {
		h := authHeader("Bearer " + testKey)
		h.Set("Content-Encoding", enc)
		resp, body := e.doWith(http.MethodPost, "/v1/articles", h, bytes.NewReader(gz.Bytes()))
		p := wantProblem(t, resp, body, http.StatusUnsupportedMediaType)
		if !strings.Contains(p.Detail, "Content-Encoding") || !strings.Contains(p.Detail, "not supported") {
			t.Errorf("%s: detail %q", enc, p.Detail)
		}
	}
	h := authHeader("Bearer " + testKey)
	h.Set("Content-Encoding", "identity")
	resp, body := e.doWith(http.MethodPost, "/v1/articles", h, articleBody(artReject))
	wantStatus(t, resp, body, http.StatusCreated)
}
