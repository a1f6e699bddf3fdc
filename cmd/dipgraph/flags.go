package main

import (
	"flag"
	"os"
)

// dbFlag adds the --db flag every command that opens the store shares.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDB(),
		"store: a path or bolt:PATH (embedded), postgres://USER@HOST:PORT/DB?sslmode=disable, or cockroach://USER@HOST:PORT/DB")
}

// defaultDB is the store used when --db is not given.
func defaultDB() string {
	if v := os.Getenv("DIPGRAPH_DB"); v != "" {
		return v
	}
	return "dipgraph.db"
}
