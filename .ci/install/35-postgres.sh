#!/usr/bin/env bash
# PostgreSQL server binaries for the registry tests (tests/Pipeline.Registry.Tests start a throwaway cluster with
# initdb + pg_ctl from /usr/lib/postgresql/<version>/bin on an ephemeral 127.0.0.1 port; no system service is needed).
set -euo pipefail

have_server() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null
}

if have_server && id postgres >/dev/null 2>&1; then
  echo "postgres: server binaries present ($(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' '))"
  exit 0
fi

echo "postgres: installing Debian package postgresql"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql

have_server || { echo "postgres: postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin" >&2; exit 1; }
id postgres >/dev/null 2>&1 || { echo "postgres: the postgres user was not created by the package" >&2; exit 1; }
echo "postgres: server binaries in $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
