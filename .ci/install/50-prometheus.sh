#!/usr/bin/env bash
# Debian's prometheus server binary for the serving scrape test (tests/Pipeline.Serving.Tests start their own
# instance on 127.0.0.1 with a temp config and temp storage). The package's own service is stopped and disabled
# where systemd runs it, so it neither holds port 9090 nor scrapes anything.
# Idempotent: installs only when the binary is missing.
set -euo pipefail

log() { echo "[50-prometheus] $*"; }

if command -v prometheus >/dev/null 2>&1 || [ -x /usr/bin/prometheus ]; then
  log "prometheus present ($(prometheus --version 2>&1 | head -1))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  log "need root to install prometheus (apt-get install --no-install-recommends prometheus)"; exit 1
fi

export DEBIAN_FRONTEND=noninteractive
logfile=/tmp/pipeline-apt-prometheus.log
log "installing prometheus (log: $logfile)"
if ! apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends prometheus >"$logfile" 2>&1; then
  apt-get -o DPkg::Lock::Timeout=600 update >>"$logfile" 2>&1
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends prometheus >>"$logfile" 2>&1 \
    || { log "apt-get install prometheus failed; see $logfile"; tail -20 "$logfile"; exit 1; }
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
log "installed $(prometheus --version 2>&1 | head -1)"
