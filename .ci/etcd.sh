#!/usr/bin/env bash
# Installs Debian's etcd (server + etcdctl) for the etcd-snapshot / etcd-restore checker tests.
# Idempotent: does nothing when both binaries are present. The tests
# start their own etcd on loopback, so the packaged system service must not keep running.
set -euo pipefail

if command -v etcd >/dev/null && command -v etcdctl >/dev/null; then
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101 stops the package's postinst from starting the service where invoke-rc.d is
# honoured (containers without systemd); we stop/disable it below for the other cases.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends etcd-server etcd-client >/dev/null

# Never leave a system etcd listening on 2379: the tests (and a developer's machine) own that.
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl disable --now etcd >/dev/null 2>&1 || true
fi
if command -v service >/dev/null; then
  service etcd stop >/dev/null 2>&1 || true
fi

etcd --version | head -n 1
etcdctl version | head -n 1
