#!/usr/bin/env bash
# Installs what the end-to-end test runs on: Debian's Prometheus, Alertmanager, PostgreSQL,
# Chromium with ChromeDriver and docker-compose, and the Temporal CLI (dev server + Web UI) built
# with Go. Idempotent: what is already there is kept, so a second run takes seconds.
#
#   scripts/e2e-install.sh
#
# Settings (environment):
#   TEMPORAL_CLI        where the Temporal CLI is or goes (default: $(go env GOPATH)/bin/temporal)
#   E2E_GO_TOOLCHAIN    Go used when the machine's is older than 1.25 (default go1.25.5)
#   E2E_DIR             where versions.txt is written (default ./target/e2e)
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

# Prints the path of a `go` that is 1.25 or newer, fetching a toolchain from the Go module proxy
# when the machine's Go is older.
go_command() {
  local go_bin minor dir
  go_bin=$(command -v go || true)
  if [ -z "$go_bin" ]; then
    # Debian's golang-go (1.19 on bookworm) is only a bootstrap: it fetches the toolchain below.
    [ "$(dpkg-query -W -f='${db:Status-Status}' golang-go 2>/dev/null)" = installed ] || {
      apt-get install -y -q --no-install-recommends golang-go >"$E2E_DIR/apt-go.log" 2>&1 || {
        e2e_tail "$E2E_DIR/apt-go.log" 15
        e2e_fail "no Go toolchain, and installing Debian's golang-go failed" \
          "apt-get install -y golang-go" "install Go 1.25+ and put it on the PATH"
        return 1
      }
    }
    go_bin=/usr/bin/go
  fi
  minor=$("$go_bin" env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
  if [ "$minor" -ge 25 ]; then
    echo "$go_bin"
  elif [ "$minor" -ge 21 ]; then
    # Go 1.21+ switches toolchains itself, through the module proxy.
    GOTOOLCHAIN=$E2E_GO_TOOLCHAIN "$go_bin" version >/dev/null 2>&1 || {
      e2e_fail "fetching Go $E2E_GO_TOOLCHAIN through the Go module proxy" \
        "GOTOOLCHAIN=$E2E_GO_TOOLCHAIN go version" \
        "check that the Go module proxy is reachable (go env GOPROXY), or install Go 1.25+"
      return 1
    }
    echo "env GOTOOLCHAIN=$E2E_GO_TOOLCHAIN $go_bin"
  else
    # Older Go cannot switch toolchains: download the toolchain module by hand. Module zips keep
    # no file modes, so copy it out of the read-only module cache and mark its programs.
    local module arch
    arch=$("$go_bin" env GOARCH)
    module="golang.org/toolchain@v0.0.1-${E2E_GO_TOOLCHAIN}.linux-$arch"
    dir="$E2E_DIR/go-toolchain/$E2E_GO_TOOLCHAIN"
    if [ ! -x "$dir/bin/go" ]; then
      local src
      src=$(cd /tmp && "$go_bin" mod download -json "$module" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
      if [ -z "$src" ] || [ ! -d "$src" ]; then
        e2e_fail "downloading $module from the Go module proxy" "go mod download -json $module" \
          "check that the Go module proxy is reachable, or install Go 1.25+"
        return 1
      fi
      rm -rf "$dir" && mkdir -p "$dir" && cp -r "$src/." "$dir/" && chmod -R u+w "$dir"
      chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/*
    fi
    echo "$dir/bin/go"
  fi
}

# Is the CLI at $1 the wanted one? `go install` leaves its version string at 0.0.0-DEV unless
# -ldflags sets it, so the module version in the binary's build information counts too.
temporal_cli_ok() {
  [ -x "$1" ] || return 1
  local version
  version=$("$1" --version 2>/dev/null) || return 1
  case "$version" in *"Server $E2E_TEMPORAL_SERVER_VERSION, UI $E2E_TEMPORAL_UI_VERSION"*) ;; *) return 1 ;; esac
  case "$version" in *"version $E2E_TEMPORAL_CLI_VERSION "*) return 0 ;; esac
  local info
  info=$(go version -m "$1" 2>/dev/null) || return 1
  grep -qE "^\s+mod\s+github.com/temporalio/cli\s+v$E2E_TEMPORAL_CLI_VERSION\s" <<<"$info"
}

install_temporal_cli() {
  local target=${TEMPORAL_CLI:-}
  if [ -z "$target" ]; then
    if command -v go >/dev/null; then
      target="$(go env GOPATH)/bin/temporal"
    else
      target="$HOME/go/bin/temporal"
    fi
  fi
  if temporal_cli_ok "$target"; then
    e2e_log "Temporal CLI $E2E_TEMPORAL_CLI_VERSION already at $target"
  else
    local go_words go
    go_words=$(go_command) || return 1
    read -ra go <<<"$go_words" # "go" or "env GOTOOLCHAIN=... go"
    e2e_log "building the Temporal CLI $E2E_TEMPORAL_CLI_VERSION with ${go[*]} (minutes the first time)"
    local args=(install -trimpath
      -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$E2E_TEMPORAL_CLI_VERSION"
      "github.com/temporalio/cli/cmd/temporal@v$E2E_TEMPORAL_CLI_VERSION")
    mkdir -p "$(dirname "$target")"
    (cd /tmp && CGO_ENABLED=0 GOBIN="$(dirname "$target")" "${go[@]}" "${args[@]}") \
      >"$E2E_DIR/go-install.log" 2>&1 || {
      e2e_tail "$E2E_DIR/go-install.log" 20
      e2e_fail "building the Temporal CLI" "CGO_ENABLED=0 GOBIN=$(dirname "$target") ${go[*]} ${args[*]}" \
        "read $E2E_DIR/go-install.log; later CLI tags carry a replace directive and cannot be installed this way, keep v$E2E_TEMPORAL_CLI_VERSION"
      return 1
    }
    [ "$(basename "$target")" = temporal ] || mv "$(dirname "$target")/temporal" "$target"
    temporal_cli_ok "$target" || {
      e2e_fail "the Temporal CLI built at $target does not report $E2E_TEMPORAL_CLI_VERSION (server $E2E_TEMPORAL_SERVER_VERSION, UI $E2E_TEMPORAL_UI_VERSION)" \
        "$target --version" "remove $target and run this script again"
      return 1
    }
  fi
  record "temporal-cli $("$target" --version | sed 's/^temporal version //') at $target"
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
