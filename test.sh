#!/usr/bin/env bash
# Runs every test of StoreAlerts. Installs what the tests need when it is missing (Debian/Ubuntu: PostgreSQL,
# Chromium; npm: MailDev), checks the house style (`dotnet format --verify-no-changes`), runs `dotnet test` on the
# solution (the test projects run side by side), and ends with one line: "N passed, N failed, N skipped".
#
#   ./test.sh                 everything, as CI runs it
#   ./test.sh --fast          without the slow categories (traits Category=Slow and Category=Fault)
#   ./test.sh --project StoreAlerts.Tests/StoreAlerts.Store.Tests      other arguments go to `dotnet test`
#
# A skipped test is printed with its reason. Only two reasons are accepted, the two things some machines cannot
# offer: no MongoDB reachable, and no container runtime. Any other skip counts as a failure. A run that hangs
# fails after STOREALERTS_TEST_TIMEOUT (default 30m).
set -uo pipefail
cd "$(dirname "$0")"

export STOREALERTS_TOOLS="${STOREALERTS_TOOLS:-$HOME/.cache/storealerts}"
# Where Debian's chromium package puts the browser; the browser tests read this variable (and only this one).
export STOREALERTS_CHROMIUM="${STOREALERTS_CHROMIUM:-/usr/bin/chromium}"
MAILDEV_VERSION=3.0.0
ACCEPTED_SKIPS='^(No MongoDB reachable|No healthy container runtime here)'

need_apt=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
[ -x "$STOREALERTS_CHROMIUM" ] || need_apt+=(chromium)
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

args=()
target=(--solution StoreAlerts.sln)
for arg in "$@"; do
  case "$arg" in
    --fast) args+=(--filter-not-trait "Category=Slow" --filter-not-trait "Category=Fault") ;;
    --project) target=(); args+=("$arg") ;;  # one project instead of the solution
    *) args+=("$arg") ;;
  esac
done

style_failed=0
echo "test.sh: checking the house style (dotnet format StoreAlerts.sln --verify-no-changes)"
if ! dotnet format StoreAlerts.sln --verify-no-changes; then
  echo "test.sh: the code does not follow .editorconfig; 'dotnet format StoreAlerts.sln' fixes most of it"
  style_failed=1
fi

log=$(mktemp)
dotnet test "${target[@]}" --no-progress --timeout "${STOREALERTS_TEST_TIMEOUT:-30m}" "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Read the summary that the Microsoft Testing Platform prints at the end of the run.
read -r passed failed skipped < <(awk '
  /^Test run summary/ {in_summary=1; next}
  in_summary && /^[[:space:]]+succeeded:/ {p+=$2} in_summary && /^[[:space:]]+failed:/ {f+=$2}
  in_summary && /^[[:space:]]+skipped:/ {s+=$2} in_summary && /^[[:space:]]+duration:/ {in_summary=0}
  END {print p+0, f+0, s+0}' "$log")

# Each failed test: "failed NAME (duration)" then its message; repeated at the end, where a CI log's tail shows it.
failures=$(awk '/^failed / {name=substr($0, 8); getline msg; if (msg ~ /^[[:space:]]+from /) getline msg; sub(/^[[:space:]]+/, "", msg); print name "\n     " substr(msg, 1, 300)}' "$log")

# Each skipped test: "skipped NAME" then its reason on the next line.
skips=$(awk '/^skipped / {name=substr($0, 9); getline reason; sub(/^[[:space:]]+/, "", reason); print reason "\t" name}' "$log")
rm -f "$log"
unaccepted=0
if [ -n "$failures" ]; then
  echo
  echo "Failed tests:"
  echo "$failures" | sed 's/^/   /'
fi
if [ -n "$skips" ]; then
  echo
  echo "Skipped tests, by reason:"
  while IFS=$'\t' read -r reason name; do
    if [[ "$reason" =~ $ACCEPTED_SKIPS ]]; then mark="  "; else mark="!!"; unaccepted=$((unaccepted + 1)); fi
    echo "$mark $name"
    echo "     $reason"
  done <<< "$skips"
  if [ "$unaccepted" -gt 0 ]; then
    echo "test.sh: $unaccepted test(s) (marked !!) skipped for a reason other than no MongoDB or no container runtime: counted as failed"
  fi
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build, runner or timeout failure counts as a failure
failed=$((failed + unaccepted + style_failed))
skipped=$((skipped - unaccepted))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
