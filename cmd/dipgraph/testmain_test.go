package main

import (
	"os"
	"testing"

	"github.com/dipgraph/dipgraph/internal/rawquery"
)

// TestMain lets this test binary serve as the raw queries' worker process.
func TestMain(m *testing.M) {
	rawquery.ServeIfWorker()
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}
