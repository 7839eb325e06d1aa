#!/usr/bin/env bash
# Makes a Docker engine available for the node-adapter tests: installs
# Debian's docker.io + iptables (the engine needs them for its bridge network) and busybox-static
# and bash-static (the test image's rootfs is built from them, since no registry is reachable), then starts dockerd
# in the background when no daemon answers. Idempotent: safe to run again while dockerd runs.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v iptables >/dev/null || need+=(iptables)
[ -x /bin/busybox ] || need+=(busybox-static)
[ -x /bin/bash-static ] || need+=(bash-static)
if [ "${#need[@]}" -gt 0 ]; then
  # policy-rc.d 101 keeps the package's postinst from starting a service we start ourselves.
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi

# No init system to rely on in CI containers: run dockerd detached, log to a file for debugging.
log=${DOCKERD_LOG:-/tmp/kubedrill-dockerd.log}
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    docker version --format 'docker engine {{.Server.Version}}'
    exit 0
  fi
  sleep 1
done
echo "dockerd did not answer within 60 s; see $log" >&2
tail -n 20 "$log" >&2 || true
exit 1
