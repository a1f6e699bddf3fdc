// Package web holds the explorer, the page that dipgraph serve answers at
// "/": its sources are under src/ (bundled by scripts/build-web.sh with
// esbuild into dist/), and the Go binary embeds dist/ as it is at build
// time. dist/ holds only NOT-BUILT.txt in the repository; the bundle is
// build output, ignored by git. A binary built without the bundle still
// serves the API, and its "/" says how to build the explorer.
package web

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// Index is the file of the explorer's page within Assets.
const Index = "index.html"

// Assets returns the built explorer (index.html and its assets) and
// whether it was built: false when dist/ held no index.html at build time.
func Assets() (fs.FS, bool) {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, Index); err != nil {
		return nil, false
	}
	return sub, true
}
