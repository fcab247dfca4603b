#!/usr/bin/env bash
# The runbook's scale outside an incident: a thin wrapper over `incidentctl scale`, which starts a
# durable Operation workflow. It runs alone when its risk is within incident.operation.auto-run-up-to,
# else waits for approval (`incidentctl operation approve ID`), and the worker's replica bounds
# (incident.mitigation.min-replicas / max-replicas) and namespace allow-list apply.
#
#   scripts/scale.sh <service> <replicas> [--namespace shop] [--reason "traffic"]
#
# Needs INCIDENT_API_URL and INCIDENT_API_KEY (a responder's key) as incidentctl does; its exit
# codes are incidentctl's.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -lt 2 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
fi
exec "$here/incidentctl" scale "$@"
