#!/usr/bin/env bash
# Runs the nightly job on the demo data (fixtures/demo/<date>/inbox, two business days, in order)
# against the embedded default database. The fixtures stay untouched: each day's inbox is copied to
# .data/demo/ first. Exit code 0 when every run finished; the quarantined demo file (a bad check digit
# on purpose) is shown, not treated as a failure. Running it again changes nothing: the files are known.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEMO="$ROOT/.data/demo"
rm -rf "$DEMO"
mkdir -p "$DEMO"
for day_dir in "$ROOT"/fixtures/demo/20*/; do
  day=$(basename "$day_dir")
  rm -rf "$DEMO/inbox"
  cp -r "$day_dir/inbox" "$DEMO/inbox"
  echo "== Business date $day" >&2
  set +e
  "$ROOT/scripts/paymentrecon" run --date "$day" --inbox "$DEMO/inbox" --outbox "$DEMO/outbox" \
    --archive "$DEMO/archive" --quarantine "$DEMO/quarantine"
  rc=$?
  set -e
  case $rc in
    0) ;;
    2) echo "(a file was quarantined, see $DEMO/quarantine)" >&2 ;;
    *) exit $rc ;;
  esac
done
echo "Booking files and run reports: $DEMO/outbox" >&2
