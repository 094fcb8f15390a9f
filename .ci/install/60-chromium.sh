#!/usr/bin/env bash
# Debian's chromium (headless browser the report and release-page tests drive through Microsoft.Playwright; Playwright
# cannot download its own browser here) and the DejaVu fonts the charts and pages are rendered with.
# Idempotent: installs only what is missing.
set -euo pipefail

log() { echo "[60-chromium] $*"; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then
  log "chromium present ($(chromium --version 2>/dev/null | head -1)), fonts-dejavu-core present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  log "need root to install ${missing[*]} (apt-get install --no-install-recommends ${missing[*]})"; exit 1
fi

export DEBIAN_FRONTEND=noninteractive
logfile=/tmp/pipeline-apt-chromium.log
log "installing ${missing[*]} (log: $logfile)"
if ! apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >"$logfile" 2>&1; then
  apt-get -o DPkg::Lock::Timeout=600 update >>"$logfile" 2>&1
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >>"$logfile" 2>&1 \
    || { log "apt-get install ${missing[*]} failed; see $logfile"; tail -20 "$logfile"; exit 1; }
fi
log "installed $(chromium --version 2>/dev/null | head -1)"
