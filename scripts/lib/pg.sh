# Shared helpers for the private PostgreSQL clusters (embedded default and test cluster).
# Sourced by db.sh and test.sh; not run on its own.

pg_log() { printf '%s\n' "$*" >&2; }

# Finds the PostgreSQL server binaries, newest major first; installs Debian's `postgresql` when missing.
pg_find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}

pg_ensure_installed() {
  if PG_BIN=$(pg_find_bin); then
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    pg_log "PostgreSQL server binaries are missing and this user cannot install them."
    pg_log "Install them with: sudo apt-get install -y postgresql"
    return 1
  fi
  pg_log "PostgreSQL server binaries are missing: installing the Debian package 'postgresql'..."
  export DEBIAN_FRONTEND=noninteractive
  # The package's own cluster is not used; policy-rc.d keeps apt from starting it.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=1
  fi
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  local rc=$?
  [ "$created_policy" = 1 ] && rm -f "$policy"
  [ $rc = 0 ] || { pg_log "apt-get install postgresql failed (exit $rc)."; return 1; }
  PG_BIN=$(pg_find_bin) || { pg_log "postgresql installed, but no server binaries found under /usr/lib/postgresql."; return 1; }
}

# Runs a command as the cluster owner: the postgres user when we are root (the server refuses to
# run as root), else ourselves.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    # From /: the postgres user may not be allowed into the current directory.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# True when the postgres user can reach DIR's parent (matters when we are root: a checkout
# inside /root is closed to it).
pg_owner_can_reach() {
  [ "$(id -u)" != 0 ] && return 0
  runuser -u postgres -- test -x "$1" 2>/dev/null
}

pg_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_pick_port() {
  local port tries=0
  port=$(( 20000 + (RANDOM % 20000) ))
  while ! pg_port_free "$port"; do
    port=$(( port + 1 ))
    tries=$(( tries + 1 ))
    [ $tries -lt 500 ] || { pg_log "No free loopback port found."; return 1; }
  done
  printf '%s\n' "$port"
}

# pg_init DATADIR PASSWORD [extra postgresql.conf lines]
pg_init() {
  local data=$1 password=$2 extra=${3-}
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres: "$data"
  chmod 700 "$data"
  local pwfile
  pwfile=$(mktemp)
  printf '%s\n' "$password" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
  if ! pg_as_owner "$PG_BIN/initdb" -D "$data" -U paymentrecon --pwfile="$pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$data.initdb.log" 2>&1; then
    rm -f "$pwfile"
    pg_log "initdb failed; see $data.initdb.log"
    return 1
  fi
  rm -f "$pwfile" "$data.initdb.log"
  {
    echo "# PaymentRecon private cluster"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$data'"
    echo "max_connections = 200"
    # A night of a million payments reads and writes a few GB of rows; with 256MB the backends
    # spent longer moving pages between the OS cache and the buffers (storing 1M decisions and
    # booking lines: 18.3 s against 20-22 s in the runs before).
    echo "shared_buffers = 1GB"
    echo "work_mem = 32MB"
    echo "maintenance_work_mem = 256MB"
    echo "max_wal_size = 4GB"
    echo "checkpoint_timeout = 15min"
    echo "logging_collector = off"
    printf '%s\n' "$extra"
  } | pg_as_owner tee -a "$data/postgresql.conf" >/dev/null
}

pg_running() {
  pg_as_owner "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# pg_start DATADIR PORT LOGFILE: starts the cluster; a pid file left by a server that is gone is removed first.
pg_start() {
  local data=$1 port=$2 log=$3
  if pg_running "$data"; then
    return 0
  fi
  if [ -f "$data/postmaster.pid" ]; then
    pg_log "Removing stale pid file $data/postmaster.pid (no server is running)."
    rm -f "$data/postmaster.pid"
  fi
  touch "$log"
  [ "$(id -u)" = 0 ] && chown postgres: "$log"
  pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null || {
    pg_log "PostgreSQL did not start; last lines of $log:"
    tail -n 20 "$log" >&2
    return 1
  }
}

pg_stop() {
  local data=$1
  if pg_running "$data"; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
  fi
}

pg_new_password() {
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'
}
