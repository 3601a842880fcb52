#!/usr/bin/env bash
# Measures `dotnet run --project StoreAlerts.AppHost` until every resource is healthy (the gateway starts only after
# store and alert are healthy, which start only after their infrastructure is), then stops it cleanly.
# Usage: measure-startup.sh [fresh|warm] [extra dotnet run args]   fresh = a new data directory (initdb included).
set -uo pipefail
cd "$(dirname "$0")/../.."
kind="${1:-fresh}"; shift || true
dotnet build StoreAlerts.AppHost -v q -nologo >/dev/null || { echo "build failed"; exit 1; }

if [ "$kind" = fresh ]; then
  data=$(mktemp -d /tmp/storealerts-measure-XXXX); chmod 755 "$data"
  export StoreAlerts__DataDirectory="$data"
fi
for port in 8080 18888 1080 1025; do
  if curl -s -o /dev/null -m 1 "http://localhost:$port/"; then echo "port $port is already in use (another AppHost?)"; exit 1; fi
done
log=$(mktemp /tmp/storealerts-measure-log-XXXX)

start=$(date +%s.%N)
dotnet run --no-build --project StoreAlerts.AppHost "$@" >"$log" 2>&1 &
run_pid=$!
healthy=""
for _ in $(seq 1 1200); do
  if [ "$(curl -s -m 1 http://localhost:8080/health)" = Healthy ]; then healthy=$(date +%s.%N); break; fi
  kill -0 "$run_pid" 2>/dev/null || break
  sleep 0.25
done
dashboard=$(curl -s -o /dev/null -w '%{http_code}' -m 2 http://localhost:18888/)

# `dotnet run` started in the background ignores SIGINT, so stop the AppHost itself; DCP then stops its children.
apphost_pid=$(pgrep -P "$run_pid" -f StoreAlerts.AppHost | head -1)
[ -n "$apphost_pid" ] && kill -TERM "$apphost_pid"
wait "$run_pid" 2>/dev/null

if [ -n "$healthy" ]; then
  printf '%s: all resources healthy after %.1f s (dashboard HTTP %s)\n' "$kind" "$(echo "$healthy - $start" | bc)" "$dashboard"
else
  echo "$kind: not healthy; log: $log"; exit 1
fi
[ "$kind" = fresh ] && rm -rf "$data"
rm -f "$log"
