package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/dipgraph/dipgraph/httpapi"
)

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Info       struct{ Title, Version string }       `json:"info"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		SecuritySchemes map[string]struct {
			Type   string `json:"type"`
			Scheme string `json:"scheme"`
		} `json:"securitySchemes"`
	} `json:"components"`
}

type openAPIParam struct {
	Ref      string `json:"$ref"`
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
}

type openAPIOp struct {
	OperationID string                     `json:"operationId"`
	Parameters  []openAPIParam             `json:"parameters"`
	Security    []map[string][]string      `json:"security"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

var httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true}

// writeRoutes are the routes that need an API key whatever the reads do.
var writeRoutes = map[string]bool{"POST /v1/articles": true, "DELETE /v1/articles/{id}": true}

// TestOpenAPIMatchesRoutes fails when a route is registered without an
// operation in openapi.json, or the description lists a route the router
// does not have: a new route needs its operation.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, nil)
	h := httpapi.New(httpapi.Config{Store: e.store, APIKeys: []string{testKey}})
	routes, ok := h.(chi.Routes)
	if !ok {
		t.Fatalf("New returns %T, not a chi router: the route walk needs one", h)
	}
	registered := map[string]bool{}
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		registered[method+" "+route] = true
		return nil
	})
	if err != nil {
		t.Fatalf("walk routes: %v", err)
	}
	if len(registered) < 10 {
		t.Fatalf("walked only %d routes: %v", len(registered), registered)
	}

	doc := parseOpenAPI(t, httpapi.OpenAPI())
	described := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			if httpMethods[method] {
				described[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	for _, r := range sortedKeys(registered) {
		if !described[r] {
			t.Errorf("route %s is registered but missing from openapi.json", r)
		}
	}
	for _, r := range sortedKeys(described) {
		if !registered[r] {
			t.Errorf("openapi.json describes %s, which is not registered", r)
		}
	}
}

// TestOpenAPIDocument checks the served description: OpenAPI 3.1, every
// operation complete, every reference resolving, errors as problems, and
// writes behind the bearer scheme.
func TestOpenAPIDocument(t *testing.T) {
	e := newEnv(t, nil)
	e.key = ""
	resp, body := e.get("/openapi.json")
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if !bytes.Equal(body, httpapi.OpenAPI()) {
		t.Errorf("served description differs from OpenAPI()")
	}
	doc := parseOpenAPI(t, body)
	if !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(doc.OpenAPI) {
		t.Fatalf("openapi %q, want 3.1.x", doc.OpenAPI)
	}
	if doc.Info.Title == "" || doc.Info.Version == "" {
		t.Errorf("info lacks title or version: %+v", doc.Info)
	}
	bearer, ok := doc.Components.SecuritySchemes["bearerAuth"]
	if !ok || bearer.Type != "http" || bearer.Scheme != "bearer" {
		t.Errorf("securitySchemes.bearerAuth = %+v", bearer)
	}

	var raw any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	checkRefs(t, raw, raw, "#")

	ids := map[string]string{}
	pathParam := regexp.MustCompile(`\{([^}]+)\}`)
	for path, item := range doc.Paths {
		for method, rawOp := range item {
			if !httpMethods[method] {
				continue
			}
			route := strings.ToUpper(method) + " " + path
			var op openAPIOp
			if err := json.Unmarshal(rawOp, &op); err != nil {
				t.Errorf("%s: %v", route, err)
				continue
			}
			if op.OperationID == "" {
				t.Errorf("%s: no operationId", route)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("%s and %s share operationId %s", route, other, op.OperationID)
			}
			ids[op.OperationID] = route
			if len(op.Responses) == 0 {
				t.Errorf("%s: no responses", route)
			}
			// Every {param} of the path is a declared, required path parameter.
			declared := map[string]bool{}
			for _, p := range op.Parameters {
				p = resolveParam(t, raw, p)
				if p.In == "path" {
					if !p.Required {
						t.Errorf("%s: path parameter %s not required", route, p.Name)
					}
					declared[p.Name] = true
				}
			}
			for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
				if !declared[m[1]] {
					t.Errorf("%s: path parameter {%s} not declared", route, m[1])
				}
			}
			// Errors are problems.
			for status, resp := range op.Responses {
				if status[0] != '4' && status[0] != '5' {
					continue
				}
				var r map[string]any
				_ = json.Unmarshal(resp, &r)
				if ref, ok := r["$ref"].(string); ok {
					r = lookup(t, raw, ref).(map[string]any)
				}
				content, _ := r["content"].(map[string]any)
				if _, ok := content["application/problem+json"]; !ok {
					t.Errorf("%s: %s response is not application/problem+json", route, status)
				}
			}
			// Writes require the bearer key, and say 401, 403 and 429.
			if writeRoutes[route] {
				if len(op.Security) != 1 || op.Security[0]["bearerAuth"] == nil {
					t.Errorf("%s: security %v, want bearerAuth only", route, op.Security)
				}
				for _, s := range []string{"401", "403", "429"} {
					if _, ok := op.Responses[s]; !ok {
						t.Errorf("%s: no %s response", route, s)
					}
				}
			}
		}
	}
}

func parseOpenAPI(t *testing.T, b []byte) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	if len(doc.Paths) == 0 {
		t.Fatal("openapi.json has no paths")
	}
	return doc
}

// checkRefs fails on every $ref under v that does not resolve in root.
func checkRefs(t *testing.T, root, v any, at string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if k == "$ref" {
				if ref, ok := child.(string); !ok || lookup(t, root, ref) == nil {
					t.Errorf("%s: $ref %v does not resolve", at, child)
				}
				continue
			}
			checkRefs(t, root, child, at+"/"+k)
		}
	case []any:
		for _, child := range v {
			checkRefs(t, root, child, at+"/[]")
		}
	}
}

// lookup resolves a local reference ("#/components/schemas/Problem").
func lookup(t *testing.T, root any, ref string) any {
	t.Helper()
	if !strings.HasPrefix(ref, "#/") {
		t.Errorf("$ref %q is not local", ref)
		return nil
	}
	v := root
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if v, ok = m[part]; !ok {
			return nil
		}
	}
	return v
}

func resolveParam(t *testing.T, root any, p openAPIParam) openAPIParam {
	t.Helper()
	if p.Ref == "" {
		return p
	}
	b, err := json.Marshal(lookup(t, root, p.Ref))
	if err != nil {
		t.Fatal(err)
	}
	var out openAPIParam
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("parameter %s: %v", p.Ref, err)
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
