package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/go-chi/chi/v5"
)

// routeParams are the query parameters each operation of openapi.json
// takes, by "METHOD /pattern": the description is the one list of them,
// so a parameter the router accepts is one the description documents.
var routeParams = func() map[string]map[string]bool {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]openAPIParam `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPISpec, &doc); err != nil {
		panic("httpapi: openapi.json: " + err.Error())
	}
	out := map[string]map[string]bool{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				Parameters []openAPIParam `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				continue // not an operation ("parameters", "summary", …)
			}
			names := map[string]bool{}
			for _, p := range op.Parameters {
				if ref, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
					p = doc.Components.Parameters[ref]
				}
				if p.In == "query" {
					names[p.Name] = true
				}
			}
			out[strings.ToUpper(method)+" "+path] = names
		}
	}
	return out
}()

type openAPIParam struct {
	Ref  string `json:"$ref"`
	Name string `json:"name"`
	In   string `json:"in"`
}

// checkParams refuses, with a 400 naming the parameters the route takes,
// a request with a query parameter its operation does not describe:
// a misspelt or unsupported parameter is an error, not ignored. It runs
// after routing (as route middleware), when the route's pattern is known.
func (a *api) checkParams(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		method := r.Method
		if method == http.MethodHead {
			method = http.MethodGet
		}
		pattern := chi.RouteContext(r.Context()).RoutePattern()
		allowed, ok := routeParams[method+" "+pattern]
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		v, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			next.ServeHTTP(w, r) // the handler reports the malformed query
			return
		}
		var unknown []string
		for name := range v {
			if !allowed[name] {
				unknown = append(unknown, name)
			}
		}
		if len(unknown) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		sort.Strings(unknown)
		takes := "no query parameters"
		if len(allowed) > 0 {
			names := make([]string, 0, len(allowed))
			for n := range allowed {
				names = append(names, n)
			}
			sort.Strings(names)
			takes = "only " + strings.Join(names, ", ")
		}
		what := "parameter " + fmt.Sprintf("%q", unknown[0]) + " is"
		if len(unknown) > 1 {
			what = "parameters " + fmt.Sprintf("%q", unknown) + " are"
		}
		a.fail(w, r, problemf(probUnknownParam, "%s not known to %s %s, which takes %s (see /openapi.json)", what, method, pattern, takes))
	})
}
