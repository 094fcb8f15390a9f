#!/usr/bin/env bash
# RabbitMQ broker for the queue-consumer tests and bench (tests/Pipeline.Serving.Tests/Streaming, bench/Streaming): Debian's
# rabbitmq-server, started in the background on 127.0.0.1:5672 (no systemd here) with the default guest user, which may
# log in from localhost only. Idempotent: installs only when the package is missing, starts only when the broker does
# not answer `rabbitmq-diagnostics ping`, and waits until it accepts AMQP connections on port 5672.
set -euo pipefail

TAG=37-rabbitmq
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

port_open() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
broker_up() { rabbitmq-diagnostics -q ping >/dev/null 2>&1 && port_open; }

if ! command -v rabbitmq-server >/dev/null 2>&1; then
  # The package's post-install may try to start the service; without an init system that fails harmlessly or is refused.
  apt_install rabbitmq-server
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl enable --now rabbitmq-server >/dev/null 2>&1 || true
  fi
fi

if broker_up; then
  log "broker answers on 127.0.0.1:5672 ($(rabbitmq-diagnostics -q server_version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

mkdir -p /var/log/rabbitmq /var/lib/rabbitmq
chown -R rabbitmq:rabbitmq /var/log/rabbitmq /var/lib/rabbitmq 2>/dev/null || true
startlog=/var/log/rabbitmq/pipeline-start.log
log "starting rabbitmq-server in the background (log: $startlog)"
# /usr/sbin/rabbitmq-server switches to the rabbitmq user itself; setsid keeps it alive after this script's session ends.
setsid nohup rabbitmq-server >"$startlog" 2>&1 < /dev/null &

if wait_until 120 broker_up; then
  log "broker up on 127.0.0.1:5672 ($(rabbitmq-diagnostics -q server_version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
log "rabbitmq-server did not answer rabbitmq-diagnostics ping and port 5672 within 120 s; see $startlog"
tail -30 "$startlog" || true
exit 1
