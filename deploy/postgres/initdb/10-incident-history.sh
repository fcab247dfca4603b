#!/bin/sh
# Run by the postgres image on its first start (empty data directory), after it created Temporal's
# role: creates the worker's incident history database and its own role. Temporal's auto-setup
# creates its databases (temporal, temporal_visibility) itself.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v role="${INCIDENT_HISTORY_USER:-incidents}" \
  -v password="${INCIDENT_HISTORY_PASSWORD:?INCIDENT_HISTORY_PASSWORD must be set}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE incident_history OWNER :"role";
SQL
