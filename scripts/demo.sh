#!/usr/bin/env bash
# Runs the nightly job on the demo inbox (fixtures/demo/inbox) against the embedded default database.
# The fixtures stay untouched: the run works on a copy under .data/demo/, which each call lays anew.
# Extra arguments go to `paymentrecon run` (e.g. --date 2026-11-27).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEMO="$ROOT/.data/demo"
rm -rf "$DEMO"
mkdir -p "$DEMO"
cp -r "$ROOT/fixtures/demo/inbox" "$DEMO/inbox"
find "$DEMO/inbox" -name .gitkeep -delete
set +e
"$ROOT/scripts/paymentrecon" run --inbox "$DEMO/inbox" --outbox "$DEMO/outbox" --archive "$DEMO/archive" --quarantine "$DEMO/quarantine" "$@"
rc=$?
set -e
echo "Booking files and run report: $DEMO/outbox" >&2
exit $rc
