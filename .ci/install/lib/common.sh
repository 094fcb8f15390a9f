# Shared by the .ci/install/*.sh scripts (sourced, not run: the Setup target runs only .ci/install/*.sh).
# Each script sets TAG before sourcing; the functions log as "[TAG] …".

log() { echo "[${TAG:-install}] $*"; }

# apt_install PACKAGE… : installs the Debian packages (no recommends) as root; on failure refreshes the package lists once and
# retries; a second failure prints the log's tail and exits 1. The log is /tmp/pipeline-apt-TAG.log.
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    log "need root to install $* (apt-get install --no-install-recommends $*)"; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local logfile="/tmp/pipeline-apt-${TAG:-install}.log"
  log "installing $* (log: $logfile)"
  if ! apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@" >"$logfile" 2>&1; then
    apt-get -o DPkg::Lock::Timeout=600 update >>"$logfile" 2>&1
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@" >>"$logfile" 2>&1 \
      || { log "apt-get install $* failed; see $logfile"; tail -20 "$logfile"; exit 1; }
  fi
}

# disable_service NAME : where systemd runs the package's own service, stops and disables it (tests start private instances).
disable_service() {
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now "$1" >/dev/null 2>&1 || true
  fi
}

# wait_until SECONDS COMMAND… : runs COMMAND once a second until it succeeds (returns 0) or SECONDS pass (returns 1).
wait_until() {
  local seconds="$1"; shift
  for _ in $(seq 1 "$seconds"); do
    if "$@"; then return 0; fi
    sleep 1
  done
  return 1
}
