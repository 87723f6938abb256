#!/bin/sh
# Creates the database and the users each irisnet-telemetry process needs on an InfluxDB 1.x with
# `auth-enabled = true` (InfluxDB 2.x/3.x: create tokens with the same scopes instead; see README "Production").
#   collector (INFLUX_USER of collector.env)   ALL on the database: it writes points, and its 5-minute rollups
#                                              SELECT them back (a WRITE-only user breaks the rollups)
#   reader (INFLUX_USER of api.env, alerts.env) READ on the database: the API and the evaluator only query
# Idempotent: run it again to reset the passwords. Secrets come from the environment, never from arguments
# (arguments are visible in ps):
#   INFLUX_URL (default http://127.0.0.1:8086), INFLUX_ADMIN_USER, INFLUX_ADMIN_PASSWORD (an admin user; on a
#   fresh server create it first: influx -execute "CREATE USER admin WITH PASSWORD '…' WITH ALL PRIVILEGES"),
#   INFLUX_DB (default irisnet), COLLECTOR_USER (default irisnet_collector), COLLECTOR_PASSWORD,
#   READER_USER (default irisnet_reader), READER_PASSWORD,
#   INFLUX_CA (optional: the CA file of an https INFLUX_URL).
set -eu
: "${INFLUX_ADMIN_USER:?INFLUX_ADMIN_USER is not set}"
: "${INFLUX_ADMIN_PASSWORD:?INFLUX_ADMIN_PASSWORD is not set}"
: "${COLLECTOR_PASSWORD:?COLLECTOR_PASSWORD is not set}"
: "${READER_PASSWORD:?READER_PASSWORD is not set}"
url="${INFLUX_URL:-http://127.0.0.1:8086}"
db="${INFLUX_DB:-irisnet}"
collector="${COLLECTOR_USER:-irisnet_collector}"
reader="${READER_USER:-irisnet_reader}"

# InfluxQL literals: identifiers in "…", strings in '…' with \ and ' escaped.
ident() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
str() { printf "'%s'" "$(printf '%s' "$1" | sed "s/\\\\/\\\\\\\\/g; s/'/\\\\'/g")"; }

# A curl config on stdin carries the admin's credentials and the statement (passwords included), so that
# no secret appears on a command line. cfg quotes a value for it.
cfg() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
post() {
  printf 'user = %s\ndata-urlencode = %s\n' "$(cfg "$INFLUX_ADMIN_USER:$INFLUX_ADMIN_PASSWORD")" "$(cfg "q=$1")" | \
    curl -sS -K - ${INFLUX_CA:+--cacert "$INFLUX_CA"} -XPOST "$url/query"
}
q() {
  out=$(post "$1") || { echo "create-users: InfluxDB at $url unreachable" >&2; exit 1; }
  case "$out" in *'"error"'*) echo "create-users: InfluxDB at $url refused: $(printf '%s' "$out" | head -c 300)" >&2; exit 1 ;; esac
}
# CREATE USER fails when the user exists: create it if missing, then (re)set its password.
user() {
  out=$(post "SHOW USERS") || { echo "create-users: InfluxDB at $url unreachable" >&2; exit 1; }
  case "$out" in
    *'"error"'*) echo "create-users: InfluxDB at $url refused: $(printf '%s' "$out" | head -c 300)" >&2; exit 1 ;;
    *"[\"$1\","*) ;;
    *) q "CREATE USER $(ident "$1") WITH PASSWORD $(str "$2")" ;;
  esac
  q "SET PASSWORD FOR $(ident "$1") = $(str "$2")"
}

q "CREATE DATABASE $(ident "$db")"
user "$collector" "$COLLECTOR_PASSWORD"
q "REVOKE ALL PRIVILEGES ON $(ident "$db") FROM $(ident "$collector")"
q "GRANT ALL ON $(ident "$db") TO $(ident "$collector")"
user "$reader" "$READER_PASSWORD"
q "REVOKE ALL PRIVILEGES ON $(ident "$db") FROM $(ident "$reader")"
q "GRANT READ ON $(ident "$db") TO $(ident "$reader")"
echo "create-users: database $db; $collector has ALL (write and rollup reads), $reader has READ (API, evaluator)"
