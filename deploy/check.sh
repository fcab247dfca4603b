#!/usr/bin/env bash
# Checks this project's Prometheus and Alertmanager configuration with the tools' own validators,
# when they are installed (Debian: apt-get install prometheus prometheus-alertmanager):
#   - promtool check config   deploy/prometheus/prometheus.yml (syntax: it names container paths)
#   - promtool test rules     deploy/prometheus/tests/*.test.yml (the alert fires and resolves)
#   - amtool check-config     deploy/alertmanager/alertmanager.yml
#   - the same two configurations rendered for loopback ports (deploy/render-local-config.sh),
#     the Prometheus one in full (the rule files it loads, the credential files)
#   - promtool check metrics  on the demo service's /metrics, when its jar is built
# A missing tool is reported and its checks skipped; REQUIRE_TOOLS=1 makes that a failure.
# Exit status: 0 when every check that ran passed.
set -euo pipefail
deploy=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$deploy")
failed=0
ran=0
tmp=$(mktemp -d)
demo_pid=""
cleanup() {
  if [ -n "$demo_pid" ]; then kill "$demo_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

check() {
  echo "--- $*"
  ran=$((ran + 1))
  if ! "$@"; then
    echo "FAILED: $*" >&2
    failed=$((failed + 1))
  fi
}

missing() {
  echo "skipped: $1 not found ($2)" >&2
  if [ "${REQUIRE_TOOLS:-0}" = 1 ]; then failed=$((failed + 1)); fi
}

"$deploy/render-local-config.sh" "$tmp/local" >/dev/null

if command -v promtool >/dev/null; then
  # the compose file names container paths (/run/secrets/...): its syntax here, the whole of it
  # (rule files, credential files) in the loopback copy, which loads the same files
  check promtool check config --syntax-only "$deploy/prometheus/prometheus.yml"
  check promtool check config "$tmp/local/prometheus.yml"
  for test in "$deploy"/prometheus/tests/*.test.yml; do
    check promtool test rules "$test"
  done
else
  missing promtool "apt-get install prometheus"
fi

if command -v amtool >/dev/null; then
  check amtool check-config "$deploy/alertmanager/alertmanager.yml"
  check amtool check-config "$tmp/local/alertmanager.yml"
else
  missing amtool "apt-get install prometheus-alertmanager"
fi

jar=$(ls "$root"/demo-service/target/demo-service-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  echo "skipped: demo-service jar not built (./mvnw -pl demo-service package)" >&2
elif ! command -v promtool >/dev/null || ! command -v curl >/dev/null; then
  missing "promtool or curl" "apt-get install prometheus curl"
else
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  PORT=$port LOAD_RPS=20 java -jar "$jar" >"$tmp/demo.log" 2>&1 &
  demo_pid=$!
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/metrics" >"$tmp/metrics.txt" || true
  check promtool check metrics <"$tmp/metrics.txt"
  check grep -q '^http_requests_total{status="500"}' "$tmp/metrics.txt"
  check grep -q '^http_request_duration_seconds_bucket{le="+Inf"}' "$tmp/metrics.txt"
fi

echo "$((ran - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
