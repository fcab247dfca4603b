#!/usr/bin/env bash
# The runbook's rollback outside an incident: a thin wrapper over `incidentctl rollback`, which
# starts a durable Operation workflow. It waits for approval as the incident policy says (approve
# with `incidentctl operation approve ID`), expires unapproved after
# incident.operation.approval-timeout, and runs once under the worker's guardrails.
#
#   scripts/rollback.sh <service> [revision] [--namespace shop] [--reason "bad deploy"]
#
# Without a revision, the previous one. Needs INCIDENT_API_URL and INCIDENT_API_KEY (a responder's
# key) as incidentctl does; its exit codes are incidentctl's.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -lt 1 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
fi
exec "$here/incidentctl" rollback "$@"
