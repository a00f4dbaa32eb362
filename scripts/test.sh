#!/usr/bin/env bash
# Runs every test: installs what is missing, starts a private throwaway PostgreSQL cluster, builds
# with warnings as errors, runs each test project, and ends with one line "N passed, N failed".
# Database tests never skip: without a database they fail.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/pg.sh
. "$ROOT/scripts/lib/pg.sh"

CONFIG=${CONFIGURATION:-Release}
RESULTS="$ROOT/.data/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

pg_ensure_installed || { echo "0 passed, 1 failed"; exit 1; }

# Browser tests drive Debian's Chromium; it cannot be downloaded, so it comes from apt.
if [ -d "$ROOT/tests/PaymentRecon.BrowserTests" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "chromium is missing: sudo apt-get install -y chromium" >&2
  fi
fi

# The throwaway cluster lives where the postgres user can reach it, and goes away at the end.
CLUSTER=$(mktemp -d /var/tmp/paymentrecon-test.XXXXXX)
chmod 755 "$CLUSTER"
[ "$(id -u)" = 0 ] && chown postgres: "$CLUSTER"
PORT=$(pg_pick_port)
PASSWORD=$(pg_new_password)
cleanup() {
  pg_stop "$CLUSTER/data" >/dev/null 2>&1
  rm -rf "$CLUSTER"
}
trap cleanup EXIT
# Durability is pointless for a cluster that is deleted in a few minutes; speed is not.
pg_init "$CLUSTER/data" "$PASSWORD" "fsync = off
synchronous_commit = off
full_page_writes = off" && pg_start "$CLUSTER/data" "$PORT" "$CLUSTER/postgres.log" || {
  echo "Could not start the test PostgreSQL cluster." >&2
  echo "0 passed, 1 failed"
  exit 1
}
export PAYMENTRECON_TEST_DB="Host=127.0.0.1;Port=$PORT;Username=paymentrecon;Password=$PASSWORD;Database=postgres"
export PAYMENTRECON_TEST_PG_BIN="$PG_BIN"

echo "Building ($CONFIG, warnings as errors)..." >&2
if ! dotnet build "$ROOT/PaymentRecon.sln" -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly -clp:NoSummary -warnaserror >&2; then
  echo "Build failed." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for project in "$ROOT"/tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "Running $name..." >&2
  dotnet test "$project" -c "$CONFIG" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$RESULTS" "$@" >&2 || status=1
done

passed=0 failed=0 skipped=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); n=$(get notExecuted); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$(( passed + ${p:-0} ))
  failed=$(( failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0} ))
  skipped=$(( skipped + ${n:-0} ))
done
[ $(( passed + failed )) -gt 0 ] || { echo "No test ran." >&2; status=1; }
[ $failed -eq 0 ] || status=1

if [ $skipped -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
