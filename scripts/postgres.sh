#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks.
#
#   scripts/postgres.sh start   install PostgreSQL if missing (Debian), start a
#                               fresh cluster on a free loopback port, create
#                               the database, print its URL
#   scripts/postgres.sh url     print the URL of the running server
#   scripts/postgres.sh standby start a hot standby streaming from the running
#                               server (pg_basebackup -R) on another free
#                               loopback port, print its URL (the same
#                               database, read-only)
#   scripts/postgres.sh standby-url  print the URL of the running standby
#   scripts/postgres.sh stop    stop the server (and its standby) and remove
#                               their data
#
# The cluster lives in a temporary directory recorded in $DIPGRAPH_PG_STATE
# (default: ${TMPDIR:-/tmp}/dipgraph-pg-$(id -u)); give each concurrent
# server its own state directory. initdb refuses to run as root: as root the
# cluster runs as the "postgres" system user (created if missing).
# DIPGRAPH_PG_FAST=1 turns fsync off (tests only: a crash loses the data).
set -euo pipefail

state=${DIPGRAPH_PG_STATE:-${TMPDIR:-/tmp}/dipgraph-pg-$(id -u)}
envfile=$state/server.env
standbyfile=$state/standby.env

die() { echo "postgres.sh: $*" >&2; exit 1; }

# pg_bin finds the directory of initdb and pg_ctl, newest version first.
pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

install_postgres() {
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available: install PostgreSQL (initdb, pg_ctl) and retry"
  echo "postgres.sh: installing PostgreSQL from the Debian archive" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "PostgreSQL is not installed; run as root or install it (apt-get install -y postgresql)"
    sudo=sudo
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# as_owner runs a command as the cluster owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  if [ -f "$envfile" ]; then
    # shellcheck disable=SC1090
    . "$envfile"
    if as_owner "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      echo "$URL"
      return 0
    fi
    rm -rf "$state"
  fi
  local bin
  if ! bin=$(pg_bin); then
    install_postgres
    bin=$(pg_bin) || die "PostgreSQL installed but initdb/pg_ctl not found"
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "$state"
  local data
  data=$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-pgdata.XXXXXX")
  chmod 700 "$data"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$data"
  fi
  as_owner "$bin/initdb" -D "$data" -U dipgraph --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; rm -rf "$data"; die "initdb failed"; }

  local opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$data -c max_connections=200"
  if [ "${DIPGRAPH_PG_FAST:-}" = 1 ]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  local port tries=0
  while :; do
    tries=$((tries + 1))
    port=$((20000 + RANDOM % 30000))
    port_in_use "$port" && continue
    if as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "-p $port $opts" start >/dev/null 2>&1; then
      break
    fi
    [ "$tries" -lt 5 ] || { cat "$data/server.log" >&2; rm -rf "$data"; die "the server did not start"; }
  done
  local url="postgres://dipgraph@127.0.0.1:$port/dipgraph?sslmode=disable"
  cat >"$envfile" <<EOF
BIN=$bin
PGDATA=$data
PORT=$port
URL='$url'
EOF
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U dipgraph dipgraph \
    || { stop; die "createdb failed"; }
  echo "$url"
}

# standby starts a hot standby of the running server: a base backup taken
# over the replication protocol with -R (standby.signal and the primary's
# address), started on a port of its own. It follows the primary by
# streaming replication; hot_standby_feedback keeps the primary's vacuum
# from cancelling the standby's queries.
standby() {
  [ -f "$envfile" ] || die "no server running (state $state): start one with scripts/postgres.sh start"
  # shellcheck disable=SC1090
  . "$envfile"
  as_owner "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 || die "the server of $state is not running"
  if [ -f "$standbyfile" ]; then
    # shellcheck disable=SC1090
    . "$standbyfile"
    if as_owner "$BIN/pg_ctl" -D "$SDATA" status >/dev/null 2>&1; then
      echo "$SURL"
      return 0
    fi
    rm -rf "$SDATA" "$standbyfile"
  fi
  local sdata
  sdata=$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-pgstandby.XXXXXX")
  chmod 700 "$sdata"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$sdata"
  fi
  as_owner "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U dipgraph -D "$sdata" -R -X stream >"$state/basebackup.log" 2>&1 \
    || { cat "$state/basebackup.log" >&2; rm -rf "$sdata"; die "pg_basebackup failed"; }
  local opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$sdata -c max_connections=200 -c hot_standby=on -c hot_standby_feedback=on"
  if [ "${DIPGRAPH_PG_FAST:-}" = 1 ]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  local sport tries=0
  while :; do
    tries=$((tries + 1))
    sport=$((20000 + RANDOM % 30000))
    port_in_use "$sport" && continue
    if as_owner "$BIN/pg_ctl" -D "$sdata" -l "$sdata/server.log" -w -t 60 -o "-p $sport $opts" start >/dev/null 2>&1; then
      break
    fi
    [ "$tries" -lt 5 ] || { cat "$sdata/server.log" >&2; rm -rf "$sdata"; die "the standby did not start"; }
  done
  local surl="postgres://dipgraph@127.0.0.1:$sport/dipgraph?sslmode=disable"
  {
    echo "SDATA=$sdata"
    echo "SPORT=$sport"
    echo "SURL='$surl'"
  } >"$standbyfile"
  # Ready once it answers, as a standby (in recovery).
  local i
  for i in $(seq 1 60); do
    if [ "$(as_owner "$BIN/psql" -h 127.0.0.1 -p "$sport" -U dipgraph -d dipgraph -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]; then
      echo "$surl"
      return 0
    fi
    sleep 0.5
  done
  cat "$sdata/server.log" >&2
  die "the standby does not answer as a standby"
}

standby_url() {
  [ -f "$standbyfile" ] || die "no standby running (state $state): start one with scripts/postgres.sh standby"
  # shellcheck disable=SC1090
  . "$envfile"
  # shellcheck disable=SC1090
  . "$standbyfile"
  as_owner "$BIN/pg_ctl" -D "$SDATA" status >/dev/null 2>&1 || die "the standby of $state is not running"
  echo "$SURL"
}

stop() {
  [ -f "$envfile" ] || return 0
  if [ -f "$standbyfile" ]; then
    # shellcheck disable=SC1090
    . "$envfile"
    # shellcheck disable=SC1090
    . "$standbyfile"
    as_owner "$BIN/pg_ctl" -D "$SDATA" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$SDATA"
  fi
  # shellcheck disable=SC1090
  . "$envfile"
  as_owner "$BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA" "$state"
}

# url prints the URL of the running server, or fails (status 1, nothing on
# stdout) when none runs: $(scripts/postgres.sh url) is then empty, which
# dipgraph refuses rather than fall back to ./dipgraph.db.
url() {
  [ -f "$envfile" ] || die "no server running (state $state): start one with scripts/postgres.sh start"
  # shellcheck disable=SC1090
  . "$envfile"
  as_owner "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 || die "the server of $state is not running: start one with scripts/postgres.sh start"
  echo "$URL"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  standby) standby ;;
  standby-url) standby_url ;;
  *) echo "usage: $0 start|standby|stop|url|standby-url" >&2; exit 2 ;;
esac
