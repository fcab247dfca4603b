#!/usr/bin/env bash
# The end-to-end stack on loopback: Temporal dev server + Web UI, PostgreSQL, Prometheus,
# Alertmanager, with data, logs and PIDs under E2E_DIR (default ./target/e2e of the repository).
#
#   scripts/e2e-stack.sh up [COMPONENT...]       start (all by default), wait until ready
#   scripts/e2e-stack.sh down                    stop everything it started; always exits 0
#   scripts/e2e-stack.sh status                  one line per component; exit 1 if one is down
#   scripts/e2e-stack.sh smoke                   one check per component, Chromium, ChromeDriver
#   scripts/e2e-stack.sh restart COMPONENT       stop (SIGTERM) and start again
#   scripts/e2e-stack.sh kill9 COMPONENT         SIGKILL, for crash tests (start it with `up C`)
#   scripts/e2e-stack.sh logs COMPONENT          the last 50 lines of its log
#
# Components: temporal postgres alertmanager prometheus. `up` leaves the stack running; if a
# component fails, everything started so far is stopped. Settings: see scripts/lib/e2e-stack.sh
# (ports E2E_*_PORT, configs E2E_PROMETHEUS_CONFIG / E2E_ALERTMANAGER_CONFIG). After `up`,
# `. target/e2e/env` gives TEMPORAL_ADDRESS, PROMETHEUS_URL, INCIDENT_DATABASE_URL... to the
# worker, the starter and the test. A script can also `source scripts/lib/e2e-stack.sh` and call
# e2e_stack_trap, e2e_stack_up, e2e_spawn, e2e_kill9 directly.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib/e2e-stack.sh"

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  up)
    [ $# -eq 0 ] || E2E_COMPONENTS="$*"
    e2e_dirs
    # Components already running are left as they are.
    todo=""
    for c in $E2E_COMPONENTS; do
      if { [ "$c" = postgres ] && e2e_pg_running; } || e2e_pid "$c" >/dev/null; then
        e2e_log "$c already running"
      else
        todo="$todo $c"
      fi
    done
    if ! E2E_COMPONENTS=$todo e2e_stack_up; then
      e2e_log "stopping what was started"
      for c in $todo; do e2e_stop_component "$c"; done
      exit 1
    fi
    ;;
  down) e2e_stack_down ;;
  status) e2e_stack_status ;;
  smoke) e2e_dirs && e2e_stack_smoke ;;
  restart)
    [ $# -eq 1 ] || usage
    e2e_stop_component "$1" && e2e_start "$1"
    ;;
  kill9)
    [ $# -eq 1 ] || usage
    if [ "$1" = postgres ]; then
      e2e_pg_running && kill -KILL "$(head -1 "$(cat "$E2E_DIR/run/postgres.dir")/data/postmaster.pid")"
    else
      e2e_kill9 "$1"
    fi
    ;;
  logs)
    [ $# -eq 1 ] || usage
    e2e_dirs
    tail -n 50 "$E2E_DIR/logs/$1.log"
    ;;
  *) usage ;;
esac
