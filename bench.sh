#!/usr/bin/env bash
# Measures StoreAlerts against the raw speed of its parts, in one run (see README, Performance): builds in Release,
# starts PostgreSQL, MailDev and the librdkafka mock cluster, runs the three services as real processes, and prints
# a table, one "figure NAME VALUE" line per figure, and bench-results.json. Needs what ./test.sh installs.
set -euo pipefail
cd "$(dirname "$0")"
export STOREALERTS_TOOLS="${STOREALERTS_TOOLS:-$HOME/.cache/storealerts}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ ! -f "$STOREALERTS_TOOLS/maildev-3.0.0/node_modules/maildev/dist/bin/maildev.js" ] || ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "bench.sh: PostgreSQL or MailDev is missing: run ./test.sh once, which installs them" >&2
  exit 1
fi
dotnet build StoreAlerts.sln -c Release -v q -nologo
dotnet run -c Release --no-build --project StoreAlerts.Tests/benchmarks/StoreAlerts.Benchmarks -- "$@"
