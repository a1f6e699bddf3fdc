package httpapi

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"unicode"

	"github.com/go-chi/chi/v5/middleware"
)

// MinAPIKeyLen is the shortest API key accepted, in bytes. A random key
// of 32 hex digits ("openssl rand -hex 16") is exactly that long.
const MinAPIKeyLen = 16

// checkAPIKey reports a key that cannot be sent as a bearer token or is
// too short to resist guessing.
func checkAPIKey(k string) error {
	switch {
	case k == "":
		return errors.New("empty key")
	case len(k) < MinAPIKeyLen:
		return fmt.Errorf("key is %d bytes long; at least %d", len(k), MinAPIKeyLen)
	case strings.ContainsFunc(k, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII }):
		return errors.New("key contains white space, control or non-ASCII characters")
	}
	return nil
}

// LoadAPIKeys gathers the API keys of the command line: env holds keys
// separated by commas (the DIPGRAPH_API_KEY variable), file names a keys
// file (one key a line, blank lines and lines starting with # skipped).
// Either may be empty. Duplicates are dropped; every key is checked.
func LoadAPIKeys(env, file string) ([]string, error) {
	var keys []string
	for _, k := range strings.Split(env, ",") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	for i, k := range keys {
		if err := checkAPIKey(k); err != nil {
			return nil, fmt.Errorf("API key %d of the environment: %w", i+1, err)
		}
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("API keys file: %w", err)
		}
		defer f.Close()
		fromFile, err := ParseAPIKeys(f)
		if err != nil {
			return nil, fmt.Errorf("API keys file %s: %w", file, err)
		}
		keys = append(keys, fromFile...)
	}
	return dedupe(keys), nil
}

// ParseAPIKeys reads a keys file: one key a line; blank lines and lines
// whose first non-blank character is # are skipped.
func ParseAPIKeys(r io.Reader) ([]string, error) {
	var keys []string
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := checkAPIKey(line); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		keys = append(keys, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read keys: %w", err)
	}
	return keys, nil
}

func dedupe(keys []string) []string {
	seen := make(map[string]bool, len(keys))
	out := keys[:0]
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// keyring holds the SHA-256 of every accepted key. A presented key is
// hashed and compared with each in constant time, so neither its length
// nor the position of a first differing byte shows in the time taken.
type keyring struct {
	sums [][sha256.Size]byte
}

func newKeyring(keys []string) keyring {
	kr := keyring{sums: make([][sha256.Size]byte, len(keys))}
	for i, k := range keys {
		kr.sums[i] = sha256.Sum256([]byte(k))
	}
	return kr
}

func (kr keyring) empty() bool { return len(kr.sums) == 0 }

// match reports whether key is one of the ring's, and the key's fingerprint
// (first 8 hex digits of its SHA-256) for the access log. Every key is
// compared, whichever matches.
func (kr keyring) match(key string) (string, bool) {
	sum := sha256.Sum256([]byte(key))
	found := 0
	for i := range kr.sums {
		found |= subtle.ConstantTimeCompare(sum[:], kr.sums[i][:])
	}
	if found != 1 {
		return "", false
	}
	return hex.EncodeToString(sum[:4]), true
}

// bearerToken returns the token of an "Authorization: Bearer TOKEN" header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

const authRealm = `Bearer realm="dipgraph"`

// requireWriteKey guards the routes that change the store.
func (a *api) requireWriteKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.keys.empty() {
			if a.cfg.AllowAnonymousWrites {
				next.ServeHTTP(w, r)
				return
			}
			a.fail(w, r, problemf(probForbidden, "no API key configured; writes are disabled"))
			return
		}
		if a.authenticate(w, r) {
			next.ServeHTTP(w, r)
		}
	})
}

// requireReadKey guards reads when Config.ProtectReads is set.
func (a *api) requireReadKey(next http.Handler) http.Handler {
	if !a.cfg.ProtectReads {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.authenticate(w, r) {
			next.ServeHTTP(w, r)
		}
	})
}

// authenticate checks the request's bearer key; when it is missing or
// wrong it answers 401 with a WWW-Authenticate challenge and returns false.
func (a *api) authenticate(w http.ResponseWriter, r *http.Request) bool {
	token, ok := bearerToken(r)
	if !ok {
		a.authFailed(w, r, authRealm, problemf(probUnauthorized, "missing API key: send the header Authorization: Bearer KEY"))
		return false
	}
	fp, ok := a.keys.match(token)
	if !ok {
		if log, suppressed := a.badKeyLog.allow(); log {
			a.log.WarnContext(r.Context(), "invalid API key",
				"request_id", middleware.GetReqID(r.Context()),
				"method", r.Method, "path", r.URL.Path, "client_ip", clientIPOf(r),
				"suppressed", suppressed)
		}
		a.authFailed(w, r, authRealm+`, error="invalid_token"`, problemf(probUnauthorized, "invalid API key"))
		return false
	}
	if st := stateOf(r.Context()); st != nil {
		st.key = fp
	}
	return true
}
