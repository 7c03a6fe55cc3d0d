#!/usr/bin/env bash
# Removes what scripts/demo.sh made: the daemon, the Gitspaces of the demo instance, the git daemon,
# the repositories, and clean workspaces. A workspace holding work (uncommitted, stashed or unpushed)
# is kept in the demo's state/retained folder and named. The base image stays (it takes minutes to build).
set -euo pipefail
bin=${1:-.build/debug/gitspaces}
demo=${GITSPACES_DEMO_DIR:-/tmp/gitspaces-demo}
instance=${GITSPACES_DEMO_INSTANCE:-demo}
state=$demo/state
[ -d "$demo" ] || { echo "demo-clean: nothing to clean ($demo does not exist)"; exit 0; }

stop() { # pid file, name
    [ -f "$1" ] || return 0
    local pid; pid=$(cat "$1")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
        echo "stopped $2"
    fi
    rm -f "$1"
}
stop "$demo/daemon.pid" "the gitspaces daemon"

# Deleting every Gitspace of the instance: the product's own data rules decide about each workspace.
empty=$(mktemp -d)
"$bin" apply "$empty" --allow-mass-delete --state-dir "$state" --instance "$instance" || true
rmdir "$empty"
stop "$demo/git-daemon.pid" "the git daemon"

kept=()
if [ -d "$state/retained" ]; then
    for workspace in "$state/retained"/*; do
        [ -d "$workspace" ] || continue
        if [ -n "$(git -C "$workspace" status --porcelain 2>/dev/null)" ] ||
            [ -n "$(git -C "$workspace" stash list 2>/dev/null)" ] ||
            [ -n "$(git -C "$workspace" log --branches --not --remotes --oneline 2>/dev/null)" ]; then
            kept+=("$workspace")
        else
            rm -rf "$workspace"
        fi
    done
fi
if [ ${#kept[@]} -eq 0 ]; then
    rm -rf "$demo"
    echo "demo-clean: removed $demo"
else
    find "$demo" -mindepth 1 -maxdepth 1 ! -name state -exec rm -rf {} +
    find "$state" -mindepth 1 -maxdepth 1 ! -name retained -exec rm -rf {} +
    echo "demo-clean: removed the demo, except these workspaces, which hold work:"
    printf '  %s\n' "${kept[@]}"
fi
