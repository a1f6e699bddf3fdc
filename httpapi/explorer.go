package httpapi

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	pathpkg "path"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
)

// The explorer: GET / answers its page and GET /assets/{file} its script
// and style sheet, from Config.Explorer. The page calls the public API
// from the same origin; nothing is fetched from anywhere else, and the
// Content-Security-Policy below says so to the browser.

// ExplorerCSP is the Content-Security-Policy of the explorer's page and
// assets: everything from this server only, no inline script or style,
// no plug-ins, no framing.
const ExplorerCSP = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'"

// explorerNotBuilt is the answer of "/" in a binary built without the
// explorer's bundle.
const explorerNotBuilt = `dipgraph: this binary was built without the explorer.

The API is served here (GET /openapi.json describes it). To serve the
explorer at / as well, build its bundle and then the binary, from the
repository root:

    scripts/build-web.sh                     # needs Node.js and npm
    go build -o bin/dipgraph ./cmd/dipgraph

scripts/demo.sh and scripts/test.sh build it too.
`

// asset is one embedded file, read once, with its gzip form when that is
// smaller.
type asset struct {
	name        string
	contentType string
	body        []byte
	gzipped     []byte
	etag        string
}

type explorer struct {
	index  *asset
	assets map[string]*asset // by path below assets/
}

// newExplorer reads the explorer's files from fsys: index.html and every
// file under assets/. A nil fsys gives nil (the explorer is not built).
func newExplorer(fsys fs.FS) (*explorer, error) {
	if fsys == nil {
		return nil, nil
	}
	ex := &explorer{assets: map[string]*asset{}}
	idx, err := loadAsset(fsys, "index.html")
	if err != nil {
		return nil, err
	}
	ex.index = idx
	err = fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		a, err := loadAsset(fsys, p)
		if err != nil {
			return err
		}
		ex.assets[strings.TrimPrefix(p, "assets/")] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("explorer assets: %w", err)
	}
	return ex, nil
}

func loadAsset(fsys fs.FS, name string) (*asset, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("explorer: %w", err)
	}
	ct := mime.TypeByExtension(pathpkg.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	sum := sha256.Sum256(b)
	a := &asset{name: name, contentType: ct, body: b, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("explorer: gzip %s: %w", name, err)
	}
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("explorer: gzip %s: %w", name, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("explorer: gzip %s: %w", name, err)
	}
	if z.Len() < len(b) {
		a.gzipped = z.Bytes()
	}
	return a, nil
}

// serve writes the asset, gzipped when the client accepts it, answering
// 304 to a matching If-None-Match. Clients revalidate every time
// (no-cache): the names do not change between builds.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", ExplorerCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding")
	h.Set("ETag", a.etag)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if a.gzipped != nil && acceptsGzip(r) {
		body = a.gzipped
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

func (a *api) explorerIndex(w http.ResponseWriter, r *http.Request) {
	if a.explorer == nil {
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(explorerNotBuilt))
		return
	}
	a.explorer.index.serve(w, r)
}

func (a *api) explorerAsset(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "file")
	var as *asset
	if a.explorer != nil {
		as = a.explorer.assets[name]
	}
	if as == nil {
		a.writeProblem(w, r, problemf(probNoRoute, "no explorer asset %q", name))
		return
	}
	as.serve(w, r)
}

// logExplorer says at start-up whether the explorer is served, and the
// bytes of its files as stored and as sent gzipped.
func (a *api) logExplorer() {
	if a.explorer == nil {
		a.log.Info("explorer not built into this binary; / says how to build it")
		return
	}
	size, sent := 0, 0
	for _, as := range append([]*asset{a.explorer.index}, mapValues(a.explorer.assets)...) {
		size += len(as.body)
		if as.gzipped != nil {
			sent += len(as.gzipped)
		} else {
			sent += len(as.body)
		}
	}
	a.log.Info("explorer served at /", "files", len(a.explorer.assets)+1, "bytes", size, "gzip_bytes", sent)
}

func mapValues(m map[string]*asset) []*asset {
	out := make([]*asset, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
