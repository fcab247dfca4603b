#!/usr/bin/env bash
# The runbook's maintenance mode: a thin wrapper over `incidentctl maintenance`, which starts a
# durable Maintenance workflow (an Alertmanager silence, alerts held instead of opening incidents,
# a scheduled maintenance on the status page, optionally traffic to a maintenance backend, an end
# by itself at the deadline).
#
#   scripts/maintenance-mode.sh enable [--for 2h] [--service checkout] [--reason "db upgrade"]
#        [--no-status-page] [--backend app=maintenance-page [--namespace shop]]
#   scripts/maintenance-mode.sh extend --for 1h [--service checkout]
#   scripts/maintenance-mode.sh disable [--service checkout]
#   scripts/maintenance-mode.sh show [checkout] | list
#
# Without --service, every service. `enable` without --for lasts 1h. Needs INCIDENT_API_KEY (a
# commander's key) and INCIDENT_API_URL as incidentctl does; its exit codes are incidentctl's.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
command=${1:-}
case "$command" in
  enable)
    shift
    case " $* " in *" --for "* | *" --for="*) ;; *) set -- --for 1h "$@" ;; esac
    exec "$here/incidentctl" maintenance enable "$@"
    ;;
  disable | extend | show | list)
    shift
    exec "$here/incidentctl" maintenance "$command" "$@"
    ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
    ;;
esac
