#!/usr/bin/env bash
# Retakes docs/images/trace-store-update.png while `dotnet run --project StoreAlerts.AppHost` runs in local mode:
# one store edit through the gateway as the storealerts-service client (admin), then its trace in the dashboard.
# It reads the dashboard and its telemetry API without signing in, as the AppHost's http launch profile allows.
set -euo pipefail
cd "$(dirname "$0")/../.."
G=http://localhost:8080/services
DASHBOARD=http://localhost:18888
secret=$(dotnet user-secrets list --project StoreAlerts.AppHost | sed -n 's/^Parameters:service-client-secret = //p')
token_url=$(curl -sf http://localhost:5083/.well-known/openid-configuration | jq -r .token_endpoint)
token=$(curl -sf "$token_url" -d grant_type=client_credentials -d client_id=storealerts-service \
  -d client_secret="$secret" | jq -r .access_token)
H="authorization: Bearer $token"
J='content-type: application/json'

id=$(curl -sf -X POST $G/store/api/stores -H "$H" -H "$J" -d '{"name":"Zara","address":"Gran Via 32","status":"OPEN"}' | jq -r .id)
curl -sf -X PUT "$G/store/api/stores/$id" -H "$H" -H "$J" -H 'If-Match: "1"' \
  -d '{"name":"Zara","address":"Gran Via 32","status":"CLOSED"}' > /dev/null

# The edit's trace is the one whose Store request names the store; it is complete once the email's send span is in.
for _ in $(seq 60); do
  trace=$(curl -sf $DASHBOARD/api/telemetry/traces | jq -r --arg path "/api/stores/$id" '[.data.resourceSpans[].scopeSpans[].spans[]
    | select(.name == "PUT /api/stores/{id}" and any(.attributes[]; .value.stringValue == $path)) | .traceId][0] // empty')
  if [[ -n $trace ]] && curl -sf "$DASHBOARD/api/telemetry/traces/$trace" | grep -q '"smtp send"'; then
    break
  fi
  sleep 1
done
[[ -n ${trace:-} ]] || { echo "no trace of the edit of store $id in the dashboard" >&2; exit 1; }
dotnet run docs/images/capture-trace.cs -- $DASHBOARD "$trace" docs/images/trace-store-update.png
curl -sf -X DELETE "$G/store/api/stores/$id" -H "$H"
echo "trace $trace saved to docs/images/trace-store-update.png"
