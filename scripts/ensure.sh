#!/usr/bin/env bash
# Installs what a command needs when it is missing: npm dependencies (when node_modules is absent or
# older than the lockfile) and the Debian packages whose binaries the command runs. Idempotent and quiet
# when everything is there. Usage: scripts/ensure.sh start|test|bench
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-test}"

stamp=node_modules/.irisnet-lock-stamp
want=$(sha1sum package-lock.json 2>/dev/null | cut -d' ' -f1 || echo none)
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[ensure] installing npm dependencies (npm ci)…"
  npm ci --no-fund --no-audit --loglevel=error
  # esbuild (used by tsx and vite) ships its binary as an optional dependency; its postinstall only checks it.
  echo "$want" > "$stamp"
fi

# binary -> Debian package, per purpose
declare -A need=()
case "$purpose" in
  start) need=([influxd]=influxdb) ;;
  test)  need=([influxd]=influxdb [snmpbulkwalk]=snmp [snmpd]=snmpd [chromium]=chromium [prometheus-alertmanager]=prometheus-alertmanager [snmpsimd]=snmpsim [curl]=curl [openssl]=openssl) ;;
  bench) need=([influxd]=influxdb [snmpbulkwalk]=snmp [snmpd]=snmpd [chromium]=chromium [prometheus-snmp-exporter]=prometheus-snmp-exporter) ;;
esac
if [ "$purpose" = start ] && [ -n "${INFLUX_URL:-}" ]; then need=(); fi

missing=()
for bin in "${!need[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || [ -x "/usr/bin/$bin" ] || missing+=("${need[$bin]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "[ensure] missing Debian packages: ${missing[*]} — install them as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "[ensure] installing Debian packages: ${missing[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
