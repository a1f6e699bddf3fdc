#!/usr/bin/env bash
# Installs, from the Debian archive, the independent parsers that
# scripts/check-exports.sh reads every export format with, and the tools
# of the README's session:
#
#   raptor2-utils     rapper, an RDF parser (N-Quads)
#   python3-rdflib    a second RDF parser (N-Quads, JSON-LD)
#   python3-networkx  networkx 2.8 (GraphML, GEXF), Debian's own
#   libxml2-utils     xmllint (well-formedness of GraphML and GEXF)
#   jq                the README's analyst session (scripts/readme-session.sh)
#
# Nothing is installed when everything is already there. As root or with
# sudo; apt-get update runs once, only when something is missing; it waits
# for the package lock when another install holds it.
set -euo pipefail

missing=()
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# Debian's python3, not one first on PATH: the Debian modules live there.
py=/usr/bin/python3
"$py" -c 'import rdflib' >/dev/null 2>&1 || missing+=(python3-rdflib)
"$py" -c 'import networkx' >/dev/null 2>&1 || missing+=(python3-networkx)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "deps.sh: missing ${missing[*]} and apt-get is not available: install them and retry" >&2; exit 1; }
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps.sh: missing ${missing[*]}; run as root or install them (apt-get install -y ${missing[*]})" >&2; exit 1; }
  sudo=sudo
fi
echo "deps.sh: installing ${missing[*]} from the Debian archive" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
