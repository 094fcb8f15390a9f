#!/usr/bin/env bash
# Debian's prometheus server binary for the serving scrape test (tests/Pipeline.Serving.Tests start their own
# instance on 127.0.0.1 with a temp config and temp storage). The package's own service is stopped and disabled
# where systemd runs it, so it neither holds port 9090 nor scrapes anything.
# Idempotent: installs only when the binary is missing.
set -euo pipefail

TAG=50-prometheus
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if command -v prometheus >/dev/null 2>&1 || [ -x /usr/bin/prometheus ]; then
  log "prometheus present ($(prometheus --version 2>&1 | head -1))"
  exit 0
fi
apt_install prometheus
disable_service prometheus
log "installed $(prometheus --version 2>&1 | head -1)"
