#!/usr/bin/env bash
# Starts dockerd in the background when no Docker Engine answers on the default socket
# (these machines have no systemd), and waits until it does.
set -euo pipefail

socket=${DOCKER_SOCKET:-/var/run/docker.sock}
if docker -H "unix://$socket" version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "no Docker Engine answers on $socket: start it (sudo systemctl start docker) or set DOCKER_HOST" >&2
    exit 1
fi
log=${DOCKERD_LOG:-/tmp/gitspaces-dockerd.log}
echo "starting dockerd (log: $log)" >&2
# In a session of its own: the engine outlives the shell (or CI step) that started it, whose process
# group may be killed when it ends.
setsid nohup dockerd --host "unix://$socket" >"$log" 2>&1 </dev/null &
for _ in $(seq 1 60); do
    if docker -H "unix://$socket" version --format '{{.Server.Version}}' >/dev/null 2>&1; then
        exit 0
    fi
    sleep 1
done
echo "dockerd did not come up within 60 s; its log:" >&2
tail -n 20 "$log" >&2
exit 1
