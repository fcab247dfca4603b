#!/usr/bin/env bash
# Writes copies of this project's Prometheus and Alertmanager configurations for processes on
# loopback ports (no Docker): the compose host names become host:port addresses, the rule files and
# the webhook token and starter metrics key files become absolute paths. The rules themselves are not copied: the rendered
# prometheus.yml loads deploy/prometheus/rules/*.yml, so there is one set of rules.
#
#   deploy/render-local-config.sh OUT_DIR
#
# Addresses (host:port), with their defaults:
#   CHECKOUT_TARGET=127.0.0.1:8090  WORKER_TARGET=127.0.0.1:8081  STARTER_TARGET=127.0.0.1:8080
#   PROMETHEUS_TARGET=127.0.0.1:9090  ALERTMANAGER_TARGET=127.0.0.1:9093
# WEBHOOK_TOKEN_FILE  file holding the starter's Alertmanager bearer token
#                     (default: deploy/secrets/alertmanager-webhook-token)
# METRICS_KEY_FILE    file holding the API key Prometheus scrapes the starter with
#                     (default: deploy/secrets/starter-metrics-key)
# Writes OUT_DIR/prometheus.yml and OUT_DIR/alertmanager.yml; fails if a compose host name is left.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
deploy=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

checkout=${CHECKOUT_TARGET:-127.0.0.1:8090}
worker=${WORKER_TARGET:-127.0.0.1:8081}
starter=${STARTER_TARGET:-127.0.0.1:8080}
prometheus=${PROMETHEUS_TARGET:-127.0.0.1:9090}
alertmanager=${ALERTMANAGER_TARGET:-127.0.0.1:9093}
token_file=${WEBHOOK_TOKEN_FILE:-$deploy/secrets/alertmanager-webhook-token}
if [ ! -r "$token_file" ]; then
  echo "$0: webhook token file '$token_file' is missing or unreadable (set WEBHOOK_TOKEN_FILE)" >&2
  exit 1
fi
token_file=$(cd "$(dirname "$token_file")" && pwd)/$(basename "$token_file")
metrics_key_file=${METRICS_KEY_FILE:-$deploy/secrets/starter-metrics-key}
if [ ! -r "$metrics_key_file" ]; then
  echo "$0: metrics key file '$metrics_key_file' is missing or unreadable (set METRICS_KEY_FILE)" >&2
  exit 1
fi
metrics_key_file=$(cd "$(dirname "$metrics_key_file")" && pwd)/$(basename "$metrics_key_file")

sed -e "s|\"checkout:8090\"|\"$checkout\"|" \
  -e "s|\"worker:8081\"|\"$worker\"|" \
  -e "s|\"starter:8080\"|\"$starter\"|" \
  -e "s|\"alertmanager:9093\"|\"$alertmanager\"|g" \
  -e "s|\"localhost:9090\"|\"$prometheus\"|" \
  -e "s|^  - rules/\*\.yml$|  - $deploy/prometheus/rules/*.yml|" \
  -e "s|credentials_file: /run/secrets/starter-metrics-key|credentials_file: $metrics_key_file|" \
  "$deploy/prometheus/prometheus.yml" >"$out/prometheus.yml"

sed -e "s|url: http://starter:8080/|url: http://$starter/|" \
  -e "s|credentials_file: /run/secrets/alertmanager-webhook-token|credentials_file: $token_file|" \
  "$deploy/alertmanager/alertmanager.yml" >"$out/alertmanager.yml"

# A compose name left behind means the source changed and this script was not updated with it.
if grep -nE '"(checkout|worker|starter|alertmanager|localhost):[0-9]+"|- rules/|//starter:|/run/secrets/' \
  "$out/prometheus.yml" "$out/alertmanager.yml" >&2; then
  echo "$0: the lines above still name compose hosts or paths; update this script" >&2
  exit 1
fi
echo "wrote $out/prometheus.yml and $out/alertmanager.yml"
