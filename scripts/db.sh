#!/usr/bin/env bash
# The embedded default database: a private PostgreSQL cluster for this checkout.
#   scripts/db.sh start    create on first use, start (reuse a running one), print nothing
#   scripts/db.sh stop     stop it
#   scripts/db.sh status   say where it is and whether it runs
#   scripts/db.sh url      start if needed and print the Npgsql connection string
# The cluster lives in .data/postgres, or, when run as root from a folder the postgres user cannot
# reach (a checkout under /root), in /var/tmp/paymentrecon-<hash>/postgres; .data/cluster records where.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/pg.sh
. "$ROOT/scripts/lib/pg.sh"

STATE="$ROOT/.data"
mkdir -p "$STATE"
# When root, the postgres user must pass through .data to its cluster; it still cannot list it.
if [ "$(id -u)" = 0 ]; then chmod 711 "$STATE"; else chmod 700 "$STATE"; fi

cluster_dir() {
  if [ -f "$STATE/cluster" ]; then
    cat "$STATE/cluster"
    return
  fi
  local dir="$STATE/postgres"
  if ! pg_owner_can_reach "$ROOT"; then
    local hash
    hash=$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
    dir="/var/tmp/paymentrecon-$hash/postgres"
  fi
  printf '%s\n' "$dir" > "$STATE/cluster"
  printf '%s\n' "$dir"
}

ensure_started() {
  pg_ensure_installed
  local data
  data=$(cluster_dir)
  if [ ! -f "$data/PG_VERSION" ]; then
    local port password
    port=$(pg_pick_port)
    password=$(pg_new_password)
    pg_log "Creating the embedded PostgreSQL cluster in $data (port $port)..."
    mkdir -p "$(dirname "$data")"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$(dirname "$data")"; chmod 700 "$(dirname "$data")"; fi
    pg_init "$data" "$password"
    printf '%s\n' "$port" > "$STATE/port"
    ( umask 077; printf '%s\n' "$password" > "$STATE/password" )
  fi
  local port
  port=$(cat "$STATE/port")
  if ! pg_running "$data" && ! pg_port_free "$port"; then
    port=$(pg_pick_port)
    pg_log "Port of the embedded cluster is taken by another program; moving to $port."
    printf '%s\n' "$port" > "$STATE/port"
  fi
  pg_start "$data" "$port" "$(dirname "$data")/postgres.log"
  local exists
  exists=$(PGPASSWORD=$(cat "$STATE/password") "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U paymentrecon -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'paymentrecon'")
  if [ "$exists" != 1 ]; then
    PGPASSWORD=$(cat "$STATE/password") "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U paymentrecon paymentrecon
  fi
}

url() {
  printf 'Host=127.0.0.1;Port=%s;Username=paymentrecon;Password=%s;Database=paymentrecon\n' \
    "$(cat "$STATE/port")" "$(cat "$STATE/password")"
}

case "${1:-status}" in
  start) ensure_started ;;
  url) ensure_started; url ;;
  stop)
    if [ -f "$STATE/cluster" ]; then
      PG_BIN=$(pg_find_bin) || exit 0
      pg_stop "$(cat "$STATE/cluster")"
    fi
    ;;
  status)
    if [ ! -f "$STATE/cluster" ] || [ ! -f "$(cat "$STATE/cluster")/PG_VERSION" ]; then
      echo "no embedded cluster yet (created on first use)"
      exit 3
    fi
    PG_BIN=$(pg_find_bin) || { echo "PostgreSQL binaries missing"; exit 3; }
    data=$(cat "$STATE/cluster")
    if pg_running "$data"; then
      echo "running: $data on 127.0.0.1:$(cat "$STATE/port")"
    else
      echo "stopped: $data (port $(cat "$STATE/port"))"
      exit 3
    fi
    ;;
  *) echo "usage: scripts/db.sh start|stop|status|url" >&2; exit 1 ;;
esac
