#!/usr/bin/env bash
# Runs every test of StoreAlerts. Installs what the tests need when it is missing
# (Debian/Ubuntu: PostgreSQL, Chromium; npm: MailDev), then runs `dotnet test` on the solution
# and ends with one line: "N passed, N failed, N skipped".
# Extra arguments go to `dotnet test` (for example: ./test.sh --filter-class '*Outbox*').
set -uo pipefail
cd "$(dirname "$0")"

export STOREALERTS_TOOLS="${STOREALERTS_TOOLS:-$HOME/.cache/storealerts}"
MAILDEV_VERSION=3.0.0

need_apt=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v setpriv >/dev/null || need_apt+=(util-linux)
if ((${#need_apt[@]})); then
  echo "test.sh: installing ${need_apt[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
    || { echo "test.sh: apt-get install ${need_apt[*]} failed"; exit 1; }
fi

maildev_dir="$STOREALERTS_TOOLS/maildev-$MAILDEV_VERSION"
if [ ! -f "$maildev_dir/node_modules/maildev/dist/bin/maildev.js" ]; then
  echo "test.sh: installing maildev@$MAILDEV_VERSION into $maildev_dir (npm)"
  mkdir -p "$maildev_dir"
  (cd "$maildev_dir" && npm install --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION" >/dev/null) \
    || { echo "test.sh: npm install maildev@$MAILDEV_VERSION failed"; exit 1; }
fi

export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log=$(mktemp)
dotnet test --solution StoreAlerts.sln --no-progress "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Read the summary that the Microsoft Testing Platform prints at the end of the run.
read -r passed failed skipped < <(awk '
  /^Test run summary/ {in_summary=1; next}
  in_summary && /^[[:space:]]+succeeded:/ {p+=$2} in_summary && /^[[:space:]]+failed:/ {f+=$2}
  in_summary && /^[[:space:]]+skipped:/ {s+=$2} in_summary && /^[[:space:]]+duration:/ {in_summary=0}
  END {print p+0, f+0, s+0}' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build or runner failure counts as a failure
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
