#!/usr/bin/env bash
# Docker engine for PackageImage container validation and the docker deployment target, plus Debian's
# docker-registry (the Registry v2 server the packaging tests push to; tests start their own instance).
# Idempotent: installs only what is missing, starts dockerd only when no engine answers.
set -euo pipefail

TAG=30-docker
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
engine_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
if [ "${#missing[@]}" -gt 0 ]; then
  if engine_answers && [ "${missing[*]}" = "docker.io" ]; then
    log "an engine already answers; not installing docker.io"
  else
    apt_install "${missing[@]}"
  fi
fi

# The Debian package may start its own registry service; the tests start a private one on an ephemeral port instead.
if engine_answers; then
  log "docker engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
  exit 0
fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix://}" = "$DOCKER_HOST" ]; then
  log "DOCKER_HOST=$DOCKER_HOST does not answer and is not a local socket; start that engine or unset DOCKER_HOST"; exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  log "no engine answers and starting dockerd needs root; run: sudo dockerd >/var/log/dockerd.log 2>&1 &"; exit 1
fi

logfile=/var/log/pipeline-dockerd.log
log "starting dockerd (log: $logfile)"
# setsid + nohup: the daemon outlives this script and the build that ran it.
setsid nohup dockerd >"$logfile" 2>&1 </dev/null &
if wait_until 60 timeout 5 docker info >/dev/null 2>&1; then
  log "dockerd is ready ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi
log "dockerd did not answer within 60 s; last log lines:"
tail -30 "$logfile"
exit 1
