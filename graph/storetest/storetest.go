// Package storetest gives tests an isolated store URL on the backend named
// by DIPGRAPH_TEST_DB, so that one suite runs on every backend:
//
//	go test ./graph ./httpapi                                    # bolt
//	DIPGRAPH_TEST_DB=postgres://u@127.0.0.1:5432/db?sslmode=disable \
//	  go test ./graph ./httpapi                                  # PostgreSQL
//
// On PostgreSQL each test gets a database of its own, created through the
// URL given (whose user may create databases) and dropped when the test
// ends. scripts/test.sh starts a server (scripts/postgres.sh) and runs the
// suites both ways.
package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/lib/pq" // the "postgres" database/sql driver
)

// Env names the variable that selects the test backend: empty or "bolt"
// for bolt stores in temporary directories, a postgres:// URL for
// PostgreSQL.
const Env = "DIPGRAPH_TEST_DB"

// Backend returns the backend under test: "bolt" or "postgres".
func Backend() string {
	if isPostgres(os.Getenv(Env)) {
		return "postgres"
	}
	return "bolt"
}

func isPostgres(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// URL returns the URL of a fresh, empty store for t on the backend under
// test. The store is removed when t ends; callers close it first (register
// its Close with t.Cleanup after calling URL).
func URL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(Env)
	switch {
	case admin == "" || admin == "bolt":
		return filepath.Join(t.TempDir(), "db")
	case isPostgres(admin):
		return freshDatabase(t, admin)
	default:
		t.Fatalf("%s=%q: want empty, bolt or a postgres:// URL", Env, admin)
		return ""
	}
}

// BoltOnly skips t unless the backend under test is bolt: for what only
// the embedded store has (file locking, bolt options).
func BoltOnly(t testing.TB) {
	t.Helper()
	if Backend() != "bolt" {
		t.Skipf("bolt only: the backend under test is %s", Backend())
	}
}

// Postgres returns the admin URL of the PostgreSQL server under test, for
// PostgreSQL-only cases. Without one the test is skipped, saying how to
// run it; when the server does not answer the test is skipped too, unless
// CI is set, where it fails.
func Postgres(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(Env)
	if !isPostgres(admin) {
		t.Skipf("PostgreSQL case: set %s=postgres://… (scripts/postgres.sh start prints one) to run it", Env)
	}
	if err := ping(admin); err != nil {
		unavailable(t, admin, err)
	}
	return admin
}

var (
	pingOnce sync.Once
	pingErr  error
)

func ping(admin string) error {
	pingOnce.Do(func() {
		db, err := sql.Open("postgres", admin)
		if err != nil {
			pingErr = err
			return
		}
		defer db.Close()
		pingErr = db.Ping()
	})
	return pingErr
}

func unavailable(t testing.TB, admin string, err error) {
	t.Helper()
	msg := fmt.Sprintf("PostgreSQL at %s does not answer: %v", redact(admin), err)
	if os.Getenv("CI") != "" {
		t.Fatal(msg + " (CI is set: a requested PostgreSQL run must not be skipped)")
	}
	t.Skip(msg)
}

// freshDatabase creates a database named t_<random> on the server of
// admin and returns its URL; it is dropped when t ends.
func freshDatabase(t testing.TB, admin string) string {
	t.Helper()
	if err := ping(admin); err != nil {
		unavailable(t, admin, err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "t_" + hex.EncodeToString(b[:])
	db, err := sql.Open("postgres", admin)
	if err != nil {
		t.Fatalf("connect to %s: %v", redact(admin), err)
	}
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		t.Fatalf("create test database on %s: %v", redact(admin), err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the server"
	}
	return u.Redacted()
}
