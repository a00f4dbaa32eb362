#!/usr/bin/env bash
# Benchmarks: scripts/bench.sh NAME [args]. Without NAME, lists them. Builds Release first.
# Benchmarks that need a database (camt-import, soll, run, providers, klaerfaelle-list) use PAYMENTRECON_DB, else the
# embedded default (scripts/db.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dotnet build "$ROOT/bench/PaymentRecon.Benchmarks/PaymentRecon.Benchmarks.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
# Only the benchmarks that write to PostgreSQL start the embedded database.
case "${1-}" in
  camt-import|soll|run|providers|klaerfaelle-list|klaerfaelle-page) needs_db=1 ;;
  *) needs_db=0 ;;
esac
if [ -z "${PAYMENTRECON_DB-}" ] && [ $needs_db = 1 ]; then
  PAYMENTRECON_DB=$("$ROOT/scripts/db.sh" url)
  export PAYMENTRECON_DB
fi
export PAYMENTRECON_BENCH_DIR="${PAYMENTRECON_BENCH_DIR:-$ROOT/.bench}"
mkdir -p "$PAYMENTRECON_BENCH_DIR"
exec dotnet "$ROOT/bench/PaymentRecon.Benchmarks/bin/Release/net10.0/PaymentRecon.Benchmarks.dll" "$@"
