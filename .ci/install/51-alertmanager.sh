#!/usr/bin/env bash
# Debian's prometheus-alertmanager for the monitoring alert test (tests/Pipeline.Monitoring.Tests start their own
# Prometheus + Alertmanager on 127.0.0.1 with temp configs, loading the alerting rules the project writes, and see an
# alert delivered to a local webhook receiver). The package's own service is stopped and disabled where systemd runs it.
# Idempotent: installs only when the binary is missing.
set -euo pipefail

log() { echo "[51-alertmanager] $*"; }

if command -v prometheus-alertmanager >/dev/null 2>&1 || [ -x /usr/bin/prometheus-alertmanager ]; then
  log "alertmanager present ($(prometheus-alertmanager --version 2>&1 | head -1))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  log "need root to install alertmanager (apt-get install --no-install-recommends prometheus-alertmanager)"; exit 1
fi

export DEBIAN_FRONTEND=noninteractive
logfile=/tmp/pipeline-apt-alertmanager.log
log "installing prometheus-alertmanager (log: $logfile)"
if ! apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends prometheus-alertmanager >"$logfile" 2>&1; then
  apt-get -o DPkg::Lock::Timeout=600 update >>"$logfile" 2>&1
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends prometheus-alertmanager >>"$logfile" 2>&1 \
    || { log "apt-get install prometheus-alertmanager failed; see $logfile"; tail -20 "$logfile"; exit 1; }
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now prometheus-alertmanager >/dev/null 2>&1 || true
fi
log "installed $(prometheus-alertmanager --version 2>&1 | head -1)"
