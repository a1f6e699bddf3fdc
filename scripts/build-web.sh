#!/usr/bin/env bash
# Builds the explorer: installs its npm packages (pinned by
# web/package-lock.json) and bundles web/src with esbuild into web/dist,
# which `go build` then embeds into dipgraph (see web/embed.go). Where
# Node.js or npm is missing it installs them from Debian (apt-get, as root
# or with sudo). Prints the bundle's size.
set -euo pipefail
cd "$(dirname "$0")/../web"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "== installing Node.js and npm from Debian" >&2
  as_root apt-get update -qq
  pkgs="nodejs npm"
  # A Node.js from elsewhere may already bring its own npm.
  command -v node >/dev/null && ! command -v npm >/dev/null && pkgs=npm
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
fi

# npm ci only when the installed packages differ from the lock file.
if ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null &&
   ! { [ -f node_modules/.dipgraph-lock ] && cmp -s package-lock.json node_modules/.dipgraph-lock; }; then
  echo "== npm ci (web/)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.dipgraph-lock
fi

echo "== bundling the explorer (web/dist)" >&2
node build.mjs
