#!/usr/bin/env bash
# Times ./incidentctl: N calls each of `list` and `show ID`, median and p90 in milliseconds, plus
# the first call after a build (which writes the class-data sharing archive).
#   scripts/bench-incidentctl.sh [N]              against a stub answering the starter's recorded
#                                                 answers (cli/src/test/resources/api), python3
#   BENCH_URL=http://127.0.0.1:8080 INCIDENT_API_KEY=... BENCH_ID=incident-... \
#     scripts/bench-incidentctl.sh [N]            against a running starter
# Build first: ./mvnw -q -pl cli -am -DskipTests package
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n=${1:-20}
jar="$root/cli/target/incidentctl.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -pl cli -am -DskipTests package" >&2; exit 1; }

stub_pid=
cleanup() { [ -n "$stub_pid" ] && kill "$stub_pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ -n "${BENCH_URL:-}" ]; then
  url=$BENCH_URL
  id=${BENCH_ID:?BENCH_ID: an incident id on that starter}
else
  id=incident-checkout-declared-dd3a2e
  port_file=$(mktemp)
  python3 - "$root/cli/src/test/resources/api" "$port_file" <<'PY' &
import http.server, json, sys, pathlib
api = pathlib.Path(sys.argv[1])
state = (api / "incident-state.json").read_bytes()
s = json.loads(state)
row = {"incidentId": s["incidentId"], "runId": "r1", "status": "RUNNING",
       "startedAt": s["detectedAt"], "closedAt": None, "severity": s["severity"],
       "service": s["service"], "phase": s["phase"], "acknowledged": False}
listing = json.dumps([dict(row, incidentId=row["incidentId"] + str(i)) for i in range(20)]).encode()
class Stub(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = listing if self.path.startswith("/api/incidents?") or self.path == "/api/incidents" else state
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
pathlib.Path(sys.argv[2]).write_text(str(server.server_address[1]))
server.serve_forever()
PY
  stub_pid=$!
  for _ in $(seq 1 50); do [ -s "$port_file" ] && break; sleep 0.1; done
  url="http://127.0.0.1:$(cat "$port_file")"
  rm -f "$port_file"
  export INCIDENT_API_KEY=${INCIDENT_API_KEY:-bench}
fi
export INCIDENT_API_URL=$url

# ms CMD...: runs CMD once (output discarded), prints its wall time in milliseconds
ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

# stats LABEL TIMES...: median and p90
stats() {
  local label=$1; shift
  local sorted count
  sorted=($(printf '%s\n' "$@" | sort -n))
  count=${#sorted[@]}
  printf '%-6s n=%-3d median %4d ms   p90 %4d ms   min %4d ms   max %4d ms\n' "$label" "$count" \
    "${sorted[$(((count - 1) / 2))]}" "${sorted[$(((count * 9 + 9) / 10 - 1))]}" \
    "${sorted[0]}" "${sorted[$((count - 1))]}"
}

rm -f "$root"/cli/target/incidentctl-*.jsa
first=$(ms "$root/incidentctl" show "$id")
list=(); show=()
for _ in $(seq 1 "$n"); do
  list+=("$(ms "$root/incidentctl" list --open)")
  show+=("$(ms "$root/incidentctl" show "$id")")
done
echo "incidentctl against $url, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "first call after a build (writes the CDS archive): $first ms"
stats list "${list[@]}"
stats show "${show[@]}"
