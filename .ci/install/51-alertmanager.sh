#!/usr/bin/env bash
# Debian's prometheus-alertmanager for the monitoring alert test (tests/Pipeline.Monitoring.Tests start their own
# Prometheus + Alertmanager on 127.0.0.1 with temp configs, loading the alerting rules the project writes, and see an
# alert delivered to a local webhook receiver). The package's own service is stopped and disabled where systemd runs it.
# Idempotent: installs only when the binary is missing.
set -euo pipefail

TAG=51-alertmanager
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if command -v prometheus-alertmanager >/dev/null 2>&1 || [ -x /usr/bin/prometheus-alertmanager ]; then
  log "alertmanager present ($(prometheus-alertmanager --version 2>&1 | head -1))"
  exit 0
fi
apt_install prometheus-alertmanager
disable_service prometheus-alertmanager
log "installed $(prometheus-alertmanager --version 2>&1 | head -1)"
