package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// reqState is what inner layers tell the outer ones about a request: the
// problem it was answered with and the API key it carried.
type reqState struct {
	problem string // slug of the problem answered, "" for none
	key     string // fingerprint of the API key that authenticated it
}

type stateKey struct{}

// stateOf returns the request's state, nil outside observe.
func stateOf(ctx context.Context) *reqState {
	st, _ := ctx.Value(stateKey{}).(*reqState)
	return st
}

// observe logs one line per request with its request ID, route pattern,
// status, size and duration, records it in the metrics, and echoes the
// request ID in X-Request-Id.
func (a *api) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		a.metrics.inFlight.Inc()
		defer a.metrics.inFlight.Dec()
		reqID := middleware.GetReqID(r.Context())
		if reqID != "" {
			w.Header().Set(middleware.RequestIDHeader, reqID)
		}
		st := &reqState{}
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		defer func() {
			elapsed := time.Since(start)
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
			}
			route := routeUnmatched
			if rc := chi.RouteContext(r.Context()); rc != nil {
				if p := rc.RoutePattern(); p != "" && p != "/*" {
					route = p
				}
			}
			a.metrics.observe(route, r.Method, status, st.problem, elapsed.Seconds())
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			attrs := []slog.Attr{
				slog.String("request_id", reqID),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", elapsed),
				slog.String("remote", r.RemoteAddr),
				slog.String("client_ip", clientIPOf(r)),
			}
			if st.key != "" {
				attrs = append(attrs, slog.String("key", st.key))
			}
			a.log.LogAttrs(r.Context(), level, "http request", attrs...)
		}()
		next.ServeHTTP(ww, r)
	})
}

// recoverer turns a panic in a handler into a logged 500 problem. Unlike
// chi's Recoverer it answers with a body, and logs through slog.
func (a *api) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			if rec == http.ErrAbortHandler {
				panic(rec)
			}
			a.log.ErrorContext(r.Context(), "handler panic",
				"request_id", middleware.GetReqID(r.Context()),
				"method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(rec), "stack", string(debug.Stack()))
			if ww, ok := w.(middleware.WrapResponseWriter); ok && ww.Status() != 0 {
				return // the response has started; nothing more can be said
			}
			a.writeProblem(w, r, problemf(probInternal, "internal error; quote the request_id when reporting it"))
		}()
		next.ServeHTTP(w, r)
	})
}

// requestTimeout gives each request a deadline; handlers turn an expired
// deadline from the store into a 504 problem. chi's Timeout is not used as
// it writes a bare 504 after the handler, on top of any answer it made.
func requestTimeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

func (a *api) notFound(w http.ResponseWriter, r *http.Request) {
	a.writeProblem(w, r, problemf(probNoRoute, "no route for %s %s", r.Method, r.URL.Path))
}

// methodNotAllowed answers 405 with the Allow header chi would have set.
func (a *api) methodNotAllowed(mux *chi.Mux) http.HandlerFunc {
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions}
	return func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.RawPath
		if path == "" {
			path = r.URL.Path
		}
		var allowed []string
		for _, m := range methods {
			// GetHead serves HEAD wherever GET is routed.
			if mux.Match(chi.NewRouteContext(), m, path) ||
				m == http.MethodHead && mux.Match(chi.NewRouteContext(), http.MethodGet, path) {
				allowed = append(allowed, m)
			}
		}
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
		}
		a.writeProblem(w, r, problemf(probNoMethod, "%s is not allowed on %s; allowed: %s",
			r.Method, r.URL.Path, strings.Join(allowed, ", ")))
	}
}
