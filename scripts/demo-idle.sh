#!/usr/bin/env bash
# Idle stop and wake on connect, end to end on this machine, in about a minute:
#   1. a source repository and a config repository with one Gitspace whose idleTimeout is 10s;
#   2. the gitspaces daemon (a pass every 2s) until it runs;
#   3. nobody uses it: the daemon stops it, status shows it Idle, and passes leave it stopped;
#   4. `gitspaces exec` starts it again ("starting idle gitspace …") and runs the command;
#   5. everything it made is removed again (the daemon stopped, the Gitspace deleted, the folder removed).
# Independent of `make demo`: its own folder, instance and port.
#
# Settings (environment): GITSPACES_DEMO_IDLE_DIR (default /tmp/gitspaces-demo-idle), GITSPACES_DEMO_IDLE_LISTEN
# (127.0.0.1:7421), GITSPACES_DEMO_IDLE_INSTANCE (demo-idle), GITSPACES_DEMO_IDLE_NAME (the Gitspace, idle-demo),
# GITSPACES_DEMO_BASE_IMAGE (use this image instead of
# building gitspaces/devbase:bookworm), GITSPACES_DEMO_TIMEOUT (seconds to wait for each step, 300).
set -euo pipefail
bin=${1:-.build/debug/gitspaces}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
root=$(cd "$(dirname "$0")/.." && pwd)
demo=${GITSPACES_DEMO_IDLE_DIR:-/tmp/gitspaces-demo-idle}
listen=${GITSPACES_DEMO_IDLE_LISTEN:-127.0.0.1:7421}
instance=${GITSPACES_DEMO_IDLE_INSTANCE:-demo-idle}
image=${GITSPACES_DEMO_BASE_IMAGE:-gitspaces/devbase:bookworm}
timeout=${GITSPACES_DEMO_TIMEOUT:-300}
state=$demo/state
common=(--state-dir "$state" --instance "$instance")
gitc=(git -c user.name=gitspaces-demo -c user.email=demo@gitspaces.invalid -c init.defaultBranch=main)
name=${GITSPACES_DEMO_IDLE_NAME:-idle-demo}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
phase() {
    "$bin" status "$name" --format json --listen "$listen" "${common[@]}" 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["gitspaces"][0]["phase"])' 2>/dev/null || echo none
}
wait_for() { # phase
    local deadline=$((SECONDS + timeout))
    until [ "$(phase)" = "$1" ]; do
        if [ $SECONDS -ge $deadline ]; then
            echo "$name is not $1 after ${timeout}s: see $demo/daemon.log" >&2
            tail -20 "$demo/daemon.log" >&2
            exit 1
        fi
        sleep 1
    done
}
cleanup() {
    if [ -f "$demo/daemon.pid" ]; then
        kill -TERM "$(cat "$demo/daemon.pid")" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$(cat "$demo/daemon.pid")" 2>/dev/null || break; sleep 0.2; done
    fi
    if [ -d "$state" ]; then
        local empty; empty=$(mktemp -d)
        "$bin" apply "$empty" --allow-mass-delete "${common[@]}" >/dev/null 2>&1 || true
        rmdir "$empty"
    fi
    rm -rf "$demo"
}
cleanup
trap cleanup EXIT
mkdir -p "$demo"

say "the image"
if [ -n "${GITSPACES_DEMO_BASE_IMAGE:-}" ]; then echo "using $image"; else "$root/scripts/ensure-devbase.sh"; fi

say "a source repository and a config repository: $name with idleTimeout: 10s"
"${gitc[@]}" init -q "$demo/source"
mkdir -p "$demo/source/.devcontainer"
printf '{"image": "%s"}\n' "$image" >"$demo/source/.devcontainer/devcontainer.json"
echo "a Gitspace that sleeps when nobody uses it" >"$demo/source/README.md"
"${gitc[@]}" -C "$demo/source" add -A && "${gitc[@]}" -C "$demo/source" commit -q -m source
"${gitc[@]}" init -q "$demo/config"
cat >"$demo/config/$name.yaml" <<YAML
apiVersion: gitspaces/v1
kind: Gitspace
metadata: {name: $name}
spec:
  repo: file://$demo/source
  hardware: {cpus: 0.5, memory: 256Mi}
  deletionPolicy: Delete
  idleTimeout: 10s
YAML
cat "$demo/config/$name.yaml"
"${gitc[@]}" -C "$demo/config" add -A && "${gitc[@]}" -C "$demo/config" commit -q -m config

say "the daemon, a pass every 2s"
nohup "$bin" daemon --repo "file://$demo/config" --branch main --interval 2s --listen "$listen" "${common[@]}" \
    </dev/null >>"$demo/daemon.log" 2>&1 &
echo $! >"$demo/daemon.pid"
wait_for Running
"$bin" status --listen "$listen" "${common[@]}"

say "nobody uses it: 10s later the daemon stops it"
start=$SECONDS
wait_for Idle
echo "Idle after $((SECONDS - start))s"
"$bin" status --listen "$listen" "${common[@]}"
sleep 5
echo "5s (two passes) later: $(phase), container $(docker inspect -f '{{.State.Status}}' "gitspace-$name" 2>/dev/null || echo '?')"
curl -fsS "http://$listen/metrics" | grep -E '^gitspaces_idle_stops_total [0-9]+' || true

say "gitspaces exec wakes it"
echo "\$ gitspaces exec $name -- cat README.md"
"$bin" exec "${common[@]}" "$name" -- cat README.md
"$bin" status --listen "$listen" "${common[@]}"

say "done: the daemon stops, the Gitspace is deleted, $demo is removed"
