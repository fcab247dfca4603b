#!/usr/bin/env bash
# The end-to-end test on real components (issues 7 and 11): installs what is missing, builds the
# jars, starts Temporal (dev server + Web UI), PostgreSQL, Prometheus and Alertmanager on loopback
# with this project's rule and receiver, and runs e2e/'s IncidentE2E (which starts the demo
# service, the worker, the starter, the Kubernetes mock and the Slack/PagerDuty/status-page stub
# itself), IncidentCtlE2E (incidentctl list on the dev server's visibility), MaintenanceE2E (a real
# Alertmanager silence), OnCallE2E (a roster without PagerDuty: the
# on-call person paged by Slack DM, acknowledged with its signed button, hand-off reminders on a real
# Temporal Schedule), ServiceDrillE2E (a drill whose fault is
# reverted on time after its worker is killed), then StressE2E (its own worker, starter and
# Slack-paced stub: the storm, the door, redeliveries, monitoring without verification, Temporal
# down), then ScaleOutE2E on its own once they are done (two workers and two starters of its own
# on one Temporal and the stack's PostgreSQL: start-up together, a burst over both, a storm with a
# worker killed, the pair's throughput against one; numbers in scale.log). Everything stops on exit,
# whatever happens. Steps, logs, screenshots and the stress numbers: target/e2e/.
#
#   scripts/e2e.sh
#   E2E_IT_TEST=StressE2E scripts/e2e.sh      # one class only (Failsafe's -Dit.test)
#
# Ports of the processes the tests start: E2E_DEMO_PORT 18090, E2E_STARTER_PORT 18080,
# E2E_WORKER_PORT 18081, E2E_STRESS_STARTER_PORT 18082, E2E_STRESS_WORKER_PORT 18083,
# E2E_MAINT_STARTER_PORT 18084, E2E_MAINT_WORKER_PORT 18085, E2E_DRILL_WORKER_PORT 18086,
# E2E_ONCALL_STARTER_PORT 18087, E2E_ONCALL_WORKER_PORT 18088, E2E_CTL_STARTER_PORT 18091,
# E2E_CTL_WORKER_PORT 18092, E2E_SCALE_WORKER_A_PORT 27401,
# E2E_SCALE_WORKER_B_PORT 27402, E2E_SCALE_STARTER_A_PORT 27411, E2E_SCALE_STARTER_B_PORT 27412
# (the stack's own ports: see scripts/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/e2e-stack.sh

started=$SECONDS
export E2E_DEMO_PORT=${E2E_DEMO_PORT:-18090}
export E2E_STARTER_PORT=${E2E_STARTER_PORT:-18080}
export E2E_WORKER_PORT=${E2E_WORKER_PORT:-18081}
export E2E_STRESS_STARTER_PORT=${E2E_STRESS_STARTER_PORT:-18082}
export E2E_STRESS_WORKER_PORT=${E2E_STRESS_WORKER_PORT:-18083}
export E2E_MAINT_STARTER_PORT=${E2E_MAINT_STARTER_PORT:-18084}
export E2E_MAINT_WORKER_PORT=${E2E_MAINT_WORKER_PORT:-18085}
export E2E_ONCALL_STARTER_PORT=${E2E_ONCALL_STARTER_PORT:-18087}
export E2E_ONCALL_WORKER_PORT=${E2E_ONCALL_WORKER_PORT:-18088}
export E2E_CTL_STARTER_PORT=${E2E_CTL_STARTER_PORT:-18091}
export E2E_CTL_WORKER_PORT=${E2E_CTL_WORKER_PORT:-18092}
export E2E_SCALE_WORKER_A_PORT=${E2E_SCALE_WORKER_A_PORT:-27401}
export E2E_SCALE_WORKER_B_PORT=${E2E_SCALE_WORKER_B_PORT:-27402}
export E2E_SCALE_STARTER_A_PORT=${E2E_SCALE_STARTER_A_PORT:-27411}
export E2E_SCALE_STARTER_B_PORT=${E2E_SCALE_STARTER_B_PORT:-27412}

# On any exit: stop the stack first (errexit is off here, so nothing skips it), then report.
finish() {
  local rc=$?
  set +e
  # In a subshell: e2e_stack_down's `wait` would otherwise also wait for the components this
  # shell spawned, which only stop after that wait.
  (e2e_stack_down)
  [ -f "$E2E_DIR/steps.log" ] && cut -c1-400 "$E2E_DIR/steps.log" >&2
  if [ -f "$E2E_DIR/stress.log" ]; then
    e2e_log "stress numbers ($E2E_DIR/stress.log):"
    grep -v ' stub: ' "$E2E_DIR/stress.log" | cut -c1-400 >&2
  fi
  if [ -f "$E2E_DIR/scale.log" ]; then
    e2e_log "scale-out numbers ($E2E_DIR/scale.log):"
    grep -v ' stub: ' "$E2E_DIR/scale.log" | cut -c1-600 >&2
  fi
  [ "$rc" -eq 0 ] || e2e_log "failed: the FAIL lines above say what and where; test output in" \
    "e2e/target/failsafe-reports/, process logs in $E2E_DIR/logs/"
  e2e_log "e2e.sh finished with exit code $rc in $((SECONDS - started)) s"
  exit "$rc"
}

scripts/e2e-install.sh
./mvnw -B -ntp -DskipTests package
# The full-stack compose file cannot start here (no Docker engine): validate it, and check the
# Prometheus/Alertmanager configuration and the alert rule's tests with promtool and amtool.
REQUIRE_JARS=1 scripts/validate-compose.sh
REQUIRE_TOOLS=1 deploy/check.sh

e2e_dirs
for port in E2E_DEMO_PORT E2E_STARTER_PORT E2E_WORKER_PORT E2E_STRESS_STARTER_PORT E2E_STRESS_WORKER_PORT \
  E2E_MAINT_STARTER_PORT E2E_MAINT_WORKER_PORT E2E_ONCALL_STARTER_PORT E2E_ONCALL_WORKER_PORT \
  E2E_CTL_STARTER_PORT E2E_CTL_WORKER_PORT \
  E2E_SCALE_WORKER_A_PORT E2E_SCALE_WORKER_B_PORT E2E_SCALE_STARTER_A_PORT E2E_SCALE_STARTER_B_PORT; do
  e2e_free_port test "${!port}" "$port"
done
CHECKOUT_TARGET=127.0.0.1:$E2E_DEMO_PORT \
  STARTER_TARGET=127.0.0.1:$E2E_STARTER_PORT \
  WORKER_TARGET=127.0.0.1:$E2E_WORKER_PORT \
  PROMETHEUS_TARGET=127.0.0.1:$E2E_PROMETHEUS_PORT \
  ALERTMANAGER_TARGET=127.0.0.1:$E2E_ALERTMANAGER_PORT \
  deploy/render-local-config.sh "$E2E_DIR/config"

# A clean start: an incident left running by an earlier run would answer this run's alert.
rm -rf "$E2E_DIR/temporal" "$E2E_DIR/prometheus/data" "$E2E_DIR/alertmanager/data"
trap finish EXIT
trap 'exit 130' INT TERM
E2E_PROMETHEUS_CONFIG=$E2E_DIR/config/prometheus.yml \
  E2E_ALERTMANAGER_CONFIG=$E2E_DIR/config/alertmanager.yml \
  e2e_stack_up
# shellcheck source=/dev/null
. "$E2E_DIR/env"
# StressE2E reads history sizes and visibility through the server's HTTP API.
export E2E_TEMPORAL_HTTP_URL=http://127.0.0.1:$E2E_TEMPORAL_HTTP_PORT
rm -rf "$E2E_DIR/screenshots" "$E2E_DIR/steps.log" "$E2E_DIR/stress.log" "$E2E_DIR/scale.log"
if [ -n "${E2E_IT_TEST:-}" ]; then
  ./mvnw -B -ntp -Pe2e -pl e2e verify -Dit.test="$E2E_IT_TEST"
else
  # ScaleOutE2E last, on its own (Failsafe runs the others in alphabetical order, where it would
  # come before ServiceDrillE2E and StressE2E), and also when one of the others failed.
  rc=0
  ./mvnw -B -ntp -Pe2e -pl e2e verify -Dit.test='*E2E, !ScaleOutE2E' || rc=$?
  ./mvnw -B -ntp -Pe2e -pl e2e verify -Dit.test=ScaleOutE2E || rc=$?
  exit "$rc"
fi
