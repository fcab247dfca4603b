#!/usr/bin/env bash
# Installs the moto server (a local AWS API endpoint, PyPI package moto[server]) into a venv for
# the AWS tests, and prints the path of its moto_server. Idempotent: when the venv already holds
# the wanted version it only prints the path (well under a second); a fresh install takes about
# 2 minutes. Run by the tests themselves (NodeReplacementTest); run it by hand to prepare a machine.
#
#   scripts/install-moto.sh            # prints e.g. /root/.cache/incident-response/moto/bin/moto_server
#
# Settings (environment):
#   MOTO_VENV     the venv moto is installed into (default ~/.cache/incident-response/moto)
#   MOTO_VERSION  the moto version (default 5.2.5)
# Needs python3 with its venv module; when the module is missing and the script runs as root it
# installs Debian's python3-venv (as scripts/e2e-install.sh does). Messages go to stderr.
set -euo pipefail

MOTO_VERSION=${MOTO_VERSION:-5.2.5}
MOTO_VENV=${MOTO_VENV:-$HOME/.cache/incident-response/moto}
LOG="$MOTO_VENV.install.log"

# The marker is written last, so a run killed half-way leaves a venv the next run replaces.
installed() {
  [ -f "$MOTO_VENV/.installed-$MOTO_VERSION" ] && [ -x "$MOTO_VENV/bin/moto_server" ]
}

ensure_venv_module() {
  # Debian's python3 without python3-venv imports venv but cannot create one: try it for real.
  local probe
  probe=$(mktemp -d)
  if command -v python3 >/dev/null 2>&1 && python3 -m venv "$probe/venv" >/dev/null 2>&1; then
    rm -rf "$probe"
    return 0
  fi
  rm -rf "$probe"
  if [ "$(id -u)" -ne 0 ]; then
    echo "python3 with its venv module is needed to install moto (Debian: sudo apt-get install -y python3-venv)" >&2
    return 1
  fi
  echo "installing Debian's python3-venv for moto..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q -o DPkg::Lock::Timeout=300 >"$LOG" 2>&1 \
    && apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends python3-venv >>"$LOG" 2>&1 || {
    tail -n 20 "$LOG" >&2
    echo "could not install python3-venv (whole output: $LOG)" >&2
    return 1
  }
}

if ! installed; then
  mkdir -p "$(dirname "$MOTO_VENV")"
  # Two test runs at once (two worktrees, say) install once: the second waits, then finds it.
  exec 9>"$MOTO_VENV.lock"
  flock 9
fi
if ! installed; then
  ensure_venv_module
  echo "installing moto[server]==$MOTO_VERSION from PyPI into $MOTO_VENV (about 2 minutes)..." >&2
  rm -rf "$MOTO_VENV"
  if python3 -m venv "$MOTO_VENV" >"$LOG" 2>&1 \
    && "$MOTO_VENV/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION" >>"$LOG" 2>&1 \
    && [ -x "$MOTO_VENV/bin/moto_server" ]; then
    touch "$MOTO_VENV/.installed-$MOTO_VERSION"
  else
    tail -n 20 "$LOG" >&2
    rm -rf "$MOTO_VENV"
    echo "could not install moto[server]==$MOTO_VERSION (whole output: $LOG): it needs PyPI reachable and python3's venv module (Debian: python3-venv)" >&2
    exit 1
  fi
fi
echo "$MOTO_VENV/bin/moto_server"
