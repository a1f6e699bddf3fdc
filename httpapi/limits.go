package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/cors"
	"github.com/go-chi/httprate"
)

// defaultTrustedProxies are the proxies trusted by TrustProxy when
// TrustedProxies is empty: a reverse proxy on the same host.
var defaultTrustedProxies = []string{"127.0.0.0/8", "::1/128"}

// rateWindow is the window of the per-client rate limits.
const rateWindow = time.Minute

// clientIP stores the client IP in the request context, read it with
// clientIPOf. Without TrustProxy it is the connection's remote address.
// With it, X-Forwarded-For is walked from the right past the trusted
// proxies, and only when the connection itself comes from one of them:
// a client reaching the server directly cannot choose its IP.
func (a *api) clientIP() func(http.Handler) http.Handler {
	if a.cfg.TrustProxy {
		return middleware.ClientIPFromXFF(a.cfg.TrustedProxies...)
	}
	return middleware.ClientIPFromRemoteAddr
}

// clientIPOf is the request's client IP, or its remote address when none
// could be resolved (an unparsable X-Forwarded-For entry, for one).
func clientIPOf(r *http.Request) string {
	if ip := middleware.GetClientIP(r.Context()); ip != "" {
		return ip
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// rateLimit allows perMinute requests per client IP and minute through
// the routes it guards (one budget shared by them), and answers 429 with
// Retry-After past that. IPv6 clients are counted by /64. perMinute < 0
// is no limit.
func (a *api) rateLimit(name string, perMinute int) func(http.Handler) http.Handler {
	if perMinute < 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	key := func(r *http.Request) (string, error) {
		return httprate.CanonicalizeIP(clientIPOf(r)), nil
	}
	retry := int(rateWindow / time.Second)
	return httprate.LimitBy(perMinute, rateWindow, key,
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			a.fail(w, r, &apiError{
				kind:       probRateLimited,
				detail:     fmt.Sprintf("rate limit of %d %s per minute exceeded; retry in %d seconds", perMinute, name, retry),
				retryAfter: retry,
			})
		}),
		httprate.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
			a.fail(w, r, fmt.Errorf("rate limit of %s: %w", name, err))
		}),
	)
}

// Headers a browser may send and read across origins.
var (
	corsAllowedHeaders = []string{"Authorization", "Content-Type", "Accept", "X-Request-Id"}
	corsExposedHeaders = []string{"Link", "Location", "Retry-After", "X-Request-Id",
		"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset", "Content-Disposition",
		HeaderTruncated, HeaderLimit, HeaderNodes, HeaderEdges}
)

// cors answers preflight requests and marks answers readable by the
// configured origins. No credentials (cookies) are involved: a browser
// tool sends its API key in the Authorization header.
func (a *api) cors() func(http.Handler) http.Handler {
	return cors.Handler(cors.Options{
		AllowedOrigins: a.cfg.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodDelete},
		AllowedHeaders: corsAllowedHeaders,
		ExposedHeaders: corsExposedHeaders,
		MaxAge:         600,
	})
}

// checkOrigin accepts "*" or a scheme://host[:port] origin, with at most
// one * wildcard in the host.
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	scheme, host, ok := strings.Cut(o, "://")
	if !ok || (scheme != "http" && scheme != "https") || host == "" ||
		strings.ContainsAny(host, "/?# ") || strings.Count(o, "*") > 1 {
		return fmt.Errorf("CORS origin %q: want * or scheme://host[:port], such as https://viz.example.org", o)
	}
	return nil
}
