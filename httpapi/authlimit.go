package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/httprate"
)

// failureBudget counts failed authentications per client IP in a fixed
// window. Only failures are counted, so a client's own mistakes never
// spend the budget of its authenticated requests, and a flood of bad keys
// from one address is answered 429 cheaply, without a log line each.
type failureBudget struct {
	limit  int // per window; < 0 for no limit
	window time.Duration

	mu     sync.Mutex
	start  time.Time
	counts map[string]int
}

func newFailureBudget(limit int, window time.Duration) *failureBudget {
	return &failureBudget{limit: limit, window: window, counts: map[string]int{}}
}

// exhausted reports whether ip has failed limit times in this window.
func (b *failureBudget) exhausted(ip string) bool {
	if b.limit < 0 {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.roll(time.Now())
	return b.counts[httprate.CanonicalizeIP(ip)] >= b.limit
}

// fail counts one failure of ip.
func (b *failureBudget) fail(ip string) {
	if b.limit < 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.roll(time.Now())
	b.counts[httprate.CanonicalizeIP(ip)]++
}

// roll starts a new window when the current one is over; the map then
// holds at most the addresses of one window.
func (b *failureBudget) roll(now time.Time) {
	if now.Sub(b.start) >= b.window {
		b.start = now
		clear(b.counts)
	}
}

// retryIn is the seconds until the window ends, at least 1.
func (b *failureBudget) retryIn() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return max(1, int(time.Until(b.start.Add(b.window)).Seconds()+0.999))
}

// logThrottle lets through one log line per interval and counts the lines
// it held back, so a flood of bad keys cannot flood the log.
type logThrottle struct {
	every time.Duration

	mu         sync.Mutex
	last       time.Time
	suppressed int
}

// allow reports whether a line may be logged now and, if so, how many
// were suppressed since the last one.
func (t *logThrottle) allow() (bool, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	if !t.last.IsZero() && now.Sub(t.last) < t.every {
		t.suppressed++
		return false, 0
	}
	n := t.suppressed
	t.last, t.suppressed = now, 0
	return true, n
}

// credentialParams are query parameters that commonly carry credentials.
// The API takes keys only in the Authorization header, but a client may
// still send one in the URL; it is never echoed.
var credentialParams = map[string]bool{
	"api_key": true, "apikey": true, "api-key": true, "key": true, "token": true,
	"access_token": true, "auth": true, "authorization": true, "bearer": true,
	"password": true, "secret": true,
}

// redactedURI is the request URI with the values of credential parameters
// replaced by REDACTED.
func redactedURI(u *url.URL) string {
	if u.RawQuery == "" {
		return u.RequestURI()
	}
	parts := strings.Split(u.RawQuery, "&")
	changed := false
	for i, p := range parts {
		name, _, hasValue := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if hasValue && credentialParams[strings.ToLower(name)] {
			parts[i] = p[:strings.IndexByte(p, '=')+1] + "REDACTED"
			changed = true
		}
	}
	if !changed {
		return u.RequestURI()
	}
	c := *u
	c.RawQuery = strings.Join(parts, "&")
	return c.RequestURI()
}

// authFailed answers a failed authentication: 401 with a challenge, or
// 429 once the client IP has used up its failure budget.
func (a *api) authFailed(w http.ResponseWriter, r *http.Request, challenge string, p *apiError) {
	ip := clientIPOf(r)
	if a.authFailures.exhausted(ip) {
		retry := a.authFailures.retryIn()
		a.fail(w, r, &apiError{
			kind: probRateLimited,
			detail: fmt.Sprintf("more than %d failed authentications per minute from this address; retry in %d seconds",
				a.authFailures.limit, retry),
			retryAfter: retry,
		})
		return
	}
	a.authFailures.fail(ip)
	w.Header().Set("WWW-Authenticate", challenge)
	a.fail(w, r, p)
}
