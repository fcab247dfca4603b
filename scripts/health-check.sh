#!/usr/bin/env bash
# The runbook's health check: a thin wrapper over `incidentctl health`, which runs a durable
# HealthCheck workflow (rollout, ready replicas, health endpoint, up, error ratio, p95 per service)
# and prints a table, or JSON with --json.
#
#   scripts/health-check.sh [SERVICE...] [--json]
#
# Without a service, every configured one. Exit 0 healthy, 10 something unhealthy, 11 nothing
# unhealthy but a check could not look; otherwise incidentctl's codes. Needs INCIDENT_API_URL and
# INCIDENT_API_KEY (any role) as incidentctl does.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in
  -h | --help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 0
    ;;
esac
exec "$here/incidentctl" health "$@"
