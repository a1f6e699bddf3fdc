# Sourced by the scripts that ask a throwaway dipgraph server questions
# (check-exports.sh, readme-session.sh): a work directory removed on exit
# with the server, a free loopback port, and a wait for /healthz that
# shows the server's log when it does not come up.
#
#   work_dir NAME          sets $work to a fresh temporary directory
#   serve_throwaway BIN DB [FLAG…]
#                          starts BIN serve on DB, sets $server and $port

server=""
work=""
serve_lib_cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap serve_lib_cleanup EXIT

work_dir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-$1.XXXXXX")
}

serve_throwaway() {
  local bin=$1 db=$2
  shift 2
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$bin" serve --db "$db" --addr "127.0.0.1:$port" "$@" 2>"$work/serve.log" &
  server=$!
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not come up on 127.0.0.1:$port; its log:" >&2
  cat "$work/serve.log" >&2
  exit 1
}
