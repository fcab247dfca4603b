#!/usr/bin/env bash
# The runbook's entry point: the toolkit's commands, then the state right now (open incidents,
# who is on call, running maintenance windows and drills), each read through incidentctl.
#
#   scripts/incident-response.sh          the toolkit and the current state
#   scripts/incident-response.sh help     the toolkit only
#
# Needs INCIDENT_API_URL (default http://127.0.0.1:8080) and INCIDENT_API_KEY (or
# INCIDENT_API_TOKEN) as incidentctl does. Exit 0 when every part of the state was read, else the
# first failing incidentctl's exit code (2: the API or Temporal did not answer); a part that fails
# is reported and the others are still shown.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ctl="$here/incidentctl"

toolkit() {
  cat <<'HELP'
incident-response: the runbook as durable Temporal workflows

  Respond
    incidentctl list --open | show ID | watch ID          incidents and their timelines
    incidentctl declare --title T --service S --severity P1
    incidentctl ack | note | approve | reject | resolve ID ...   (incidentctl --help for all)
  Toolkit (each run is a workflow: durable, audited, visible in the Temporal UI)
    scripts/health-check.sh [SERVICE...] [--json]       health of every configured service
    scripts/rollback.sh SERVICE [REVISION]               outside an incident, approved as the
    scripts/scale.sh SERVICE REPLICAS                    policy says (incidentctl operation ...)
    scripts/maintenance-mode.sh enable --for 2h [--service S] | extend | disable | show | list
    incidentctl drill run|list|show|abort                failure drills, always reverted
    incidentctl oncall [--team T] [--at TIME]            who is on call, until when, who is next
  After
    incidentctl postmortem ID | report
HELP
}

if [[ "${1:-}" == "help" || "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  toolkit
  exit 0
fi
if [[ $# -gt 0 ]]; then
  echo "unknown argument: $1 (try: $0 help)" >&2
  exit 64
fi

toolkit
status=0
section() {
  local title=$1
  shift
  printf '\n== %s ==\n' "$title"
  "$ctl" "$@"
  local rc=$?
  if [[ $rc -ne 0 && $status -eq 0 ]]; then
    status=$rc
  fi
}
section "Open incidents" list --open
section "On call" oncall
section "Maintenance windows" maintenance list
section "Drills" drill list
exit $status
