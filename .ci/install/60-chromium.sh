#!/usr/bin/env bash
# Debian's chromium (headless browser the report and release-page tests drive through Microsoft.Playwright; Playwright
# cannot download its own browser here) and the DejaVu fonts the charts and pages are rendered with.
# Idempotent: installs only what is missing.
set -euo pipefail

TAG=60-chromium
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then
  log "chromium present ($(chromium --version 2>/dev/null | head -1)), fonts-dejavu-core present"
  exit 0
fi
apt_install "${missing[@]}"
log "installed $(chromium --version 2>/dev/null | head -1)"
