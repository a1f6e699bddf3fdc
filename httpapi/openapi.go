package httpapi

import (
	_ "embed"
	"net/http"
	"strconv"
)

// openAPISpec is the OpenAPI 3.1 description of every route, served at
// GET /openapi.json. A test checks it against the router: a new route
// needs its operation here.
//
//go:embed openapi.json
var openAPISpec []byte

// OpenAPI returns the OpenAPI 3.1 description of the API (JSON).
func OpenAPI() []byte { return append([]byte(nil), openAPISpec...) }

func (a *api) openAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(openAPISpec)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=300")
	if _, err := w.Write(openAPISpec); err != nil {
		a.log.DebugContext(r.Context(), "write response", "err", err)
	}
}
