#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine (none runs here or in CI):
#   1. `docker compose config -q` (or docker-compose v1) accepts the file;
#   2. every file or directory it mounts, every secret file, every build context and Dockerfile,
#      and every file a Dockerfile COPYs exists (jars under */target/ only once Maven built them:
#      missing ones are reported, and are an error with REQUIRE_JARS=1);
#   3. every image, in the compose file and in the Dockerfiles' FROM lines, names an explicit tag
#      other than "latest" (or a digest);
#   4. every service has a health check, so each `depends_on: condition: service_healthy` can hold.
# It installs nothing: it fails with a clear message when neither `docker compose` nor
# `docker-compose` (Debian package docker-compose) is on the PATH.
#
#   scripts/validate-compose.sh [COMPOSE_FILE]     (default: docker-compose.yml at the repo root)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
file=${1:-$root/docker-compose.yml}
if [ ! -f "$file" ]; then
  echo "validate-compose: $file does not exist" >&2
  exit 1
fi
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
  format=json
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
  format=yaml
else
  cat >&2 <<'MSG'
validate-compose: neither `docker compose` (the Docker CLI plugin) nor `docker-compose` is
installed. Install one, e.g. on Debian/Ubuntu: apt-get install docker-compose
MSG
  exit 1
fi
echo "validate-compose: $("${compose[@]}" version 2>/dev/null | head -1)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "${compose[@]}" -f "$file" config -q 2>"$tmp/config.err"; then
  echo "validate-compose: '${compose[*]} -f $file config -q' refused the file:" >&2
  cat "$tmp/config.err" >&2
  exit 1
fi
echo "ok: ${compose[*]} config -q"

if [ "$format" = json ]; then
  "${compose[@]}" -f "$file" config --format json >"$tmp/config" 2>"$tmp/config.err"
else
  "${compose[@]}" -f "$file" config >"$tmp/config" 2>"$tmp/config.err"
  if ! python3 -c 'import yaml' 2>/dev/null; then
    echo "validate-compose: docker-compose v1 prints YAML and python3 has no PyYAML to read it" \
      "(apt-get install python3-yaml)" >&2
    exit 1
  fi
fi

python3 - "$tmp/config" "$format" "$(dirname "$file")" "${REQUIRE_JARS:-0}" <<'PY'
import glob
import json
import os
import re
import sys

config_path, fmt, project_dir, require_jars = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
with open(config_path) as f:
    if fmt == "json":
        config = json.load(f)
    else:
        import yaml

        config = yaml.safe_load(f)

errors, notes = [], []


def resolve(path, base=project_dir):
    return os.path.normpath(path if os.path.isabs(path) else os.path.join(base, path))


def image_problem(ref):
    """None when the image reference has an explicit tag other than latest, or a digest."""
    if "@sha256:" in ref:
        return None
    last = ref.rsplit("/", 1)[-1]
    if ":" not in last:
        return "has no tag (it would pull 'latest')"
    if last.split(":", 1)[1] in ("", "latest"):
        return "uses the 'latest' tag"
    if "${" in ref or "$" in last:
        return "takes its tag from an unset variable"
    return None


def dockerfile_checks(service, context, dockerfile):
    stages = set()
    with open(dockerfile) as f:
        text = re.sub(r"\\\n", " ", f.read())
    for line in text.splitlines():
        words = line.strip().split()
        if not words or words[0].startswith("#"):
            continue
        op = words[0].upper()
        if op == "FROM":
            args = [w for w in words[1:] if not w.startswith("--")]
            if args and args[0].lower() not in stages and args[0] != "scratch":
                problem = image_problem(args[0])
                if problem:
                    errors.append(f"{service}: {dockerfile}: FROM {args[0]} {problem}")
            if len(args) >= 3 and args[1].lower() == "as":
                stages.add(args[2].lower())
        elif op in ("COPY", "ADD"):
            args = [w for w in words[1:] if not w.startswith("--")]
            if any(w.startswith("--from") for w in words[1:]) or len(args) < 2:
                continue
            for source in args[:-1]:
                if re.match(r"^[a-z]+://", source):
                    continue
                matches = glob.glob(os.path.join(context, source))
                if matches:
                    continue
                message = f"{service}: {os.path.relpath(dockerfile, project_dir)} copies {source}, which does not exist"
                if "/target/" in source and not require_jars:
                    notes.append(message + " yet (build it: ./mvnw -DskipTests package)")
                else:
                    errors.append(message)


services = config.get("services") or {}
if not services:
    errors.append("the compose file defines no services")
for name, service in sorted(services.items()):
    image = service.get("image")
    build = service.get("build")
    if not image and not build:
        errors.append(f"{name}: neither image nor build")
    if image:
        problem = image_problem(image)
        if problem:
            errors.append(f"{name}: image {image} {problem}")
    if build:
        if isinstance(build, str):
            build = {"context": build}
        context = resolve(build.get("context", "."))
        if not os.path.isdir(context):
            errors.append(f"{name}: build context {context} does not exist")
        else:
            dockerfile = resolve(build.get("dockerfile", "Dockerfile"), context)
            if not os.path.isfile(dockerfile):
                errors.append(f"{name}: Dockerfile {dockerfile} does not exist")
            else:
                dockerfile_checks(name, context, dockerfile)
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            parts = volume.split(":")
            source = parts[0] if len(parts) > 1 else None
            kind = "bind" if source and (source.startswith(("/", ".", "~"))) else "volume"
        else:
            source, kind = volume.get("source"), volume.get("type", "volume")
        if kind == "bind" and source:
            path = resolve(os.path.expanduser(source))
            if not os.path.exists(path):
                errors.append(f"{name}: mounts {path}, which does not exist")
    healthcheck = service.get("healthcheck") or {}
    if not healthcheck.get("test") or healthcheck.get("disable"):
        errors.append(f"{name}: has no health check")
    depends = service.get("depends_on") or {}
    if isinstance(depends, dict):
        for other, condition in depends.items():
            if (condition or {}).get("condition") == "service_healthy":
                if not (services.get(other, {}).get("healthcheck") or {}).get("test"):
                    errors.append(f"{name}: waits for {other} to be healthy, which has no health check")

for kind in ("secrets", "configs"):
    for name, item in sorted((config.get(kind) or {}).items()):
        path = (item or {}).get("file")
        if path and not os.path.exists(resolve(path)):
            errors.append(f"{kind[:-1]} {name}: file {resolve(path)} does not exist")

for note in notes:
    print("note: " + note)
for error in errors:
    print("error: " + error, file=sys.stderr)
if errors:
    print(f"validate-compose: {len(errors)} problem(s) in the compose file", file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(services)} services: every mounted file, secret, build context and Dockerfile exists;"
      " every image is pinned; every service has a health check")
PY
