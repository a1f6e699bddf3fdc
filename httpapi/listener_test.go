package httpapi_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/httpapi"
)

// A malformed percent escape in the path gets a problem, not net/http's
// plain-text 400; the first request line of a connection is the one
// mended, and a good escape is left alone.
func TestBadEscapeGetsProblem(t *testing.T) {
	e := newEnv(t, nil)
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/v1/entities/%ZZ", http.StatusBadRequest},
		{"/v1/entities/country:%ZZ", http.StatusNotFound},
		{"/v1/entities?q=%", http.StatusOK},
		{"/v1/entities/country%3AMEX", http.StatusNotFound}, // a good escape: the empty store has no Mexico
		{"/nowhere%", http.StatusNotFound},
	} {
		resp := rawGet(t, e.srv.Listener.Addr().String(), c.path)
		if resp.StatusCode != c.status {
			t.Errorf("GET %s: %d, want %d", c.path, resp.StatusCode, c.status)
		}
		if ct := resp.Header.Get("Content-Type"); c.status >= 400 && !strings.HasPrefix(ct, httpapi.ProblemContentType) {
			t.Errorf("GET %s: %d as %q, want a problem", c.path, resp.StatusCode, ct)
		}
	}
}

// rawGet sends a request line exactly as written, on a new connection.
func rawGet(t *testing.T, addr, target string) *http.Response {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}
