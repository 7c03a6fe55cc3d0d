#!/usr/bin/env bash
# The demo, end to end on this machine:
#   1. the base image gitspaces/devbase:bookworm (debootstrap, once);
#   2. examples/ as source repositories served by a git daemon on 127.0.0.1;
#   3. manifests/ as a local config repository (plus a demo ssh key in each Gitspace);
#   4. the gitspaces daemon reconciling it, until every Gitspace runs; status and how to get in;
#   5. a change on a branch of the config repository, and its pull-request review (markdown).
# Idempotent: a second run reuses what exists. `make demo-clean` (scripts/demo-clean.sh) undoes it.
#
# Settings (environment): GITSPACES_DEMO_DIR (default /tmp/gitspaces-demo), GITSPACES_DEMO_GIT_PORT
# (9418), GITSPACES_DEMO_LISTEN (127.0.0.1:7420), GITSPACES_DEMO_INSTANCE (demo),
# GITSPACES_DEMO_BASE_IMAGE (use this image instead of building gitspaces/devbase:bookworm; the suite
# uses its small busybox image), GITSPACES_DEMO_TIMEOUT (seconds to wait for running Gitspaces, 600).
set -euo pipefail
bin=${1:-.build/debug/gitspaces}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
root=$(cd "$(dirname "$0")/.." && pwd)
demo=${GITSPACES_DEMO_DIR:-/tmp/gitspaces-demo}
git_port=${GITSPACES_DEMO_GIT_PORT:-9418}
listen=${GITSPACES_DEMO_LISTEN:-127.0.0.1:7420}
instance=${GITSPACES_DEMO_INSTANCE:-demo}
base_image=${GITSPACES_DEMO_BASE_IMAGE:-}
timeout=${GITSPACES_DEMO_TIMEOUT:-600}
config=$demo/config
state=$demo/state
common=(--state-dir "$state" --instance "$instance")
gitc=(git -c user.name=gitspaces-demo -c user.email=demo@gitspaces.invalid -c init.defaultBranch=main)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Starts "$@" in the background with only stdin, stdout and stderr open: a long-lived child must not keep
# whatever pipes or sockets started this script (a test harness waits for them to close).
background() {
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
        done
        exec "$@"
    ) </dev/null &
}
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
mkdir -p "$demo"

say "the base image"
if [ -n "$base_image" ]; then
    echo "using $base_image instead of gitspaces/devbase:bookworm"
else
    "$root/scripts/ensure-devbase.sh"
fi

say "source repositories from examples/, served on git://127.0.0.1:$git_port/"
for example in hello-python web-app; do
    work=$demo/sources/$example
    rm -rf "$work" && mkdir -p "$work" && cp -r "$root/examples/$example/." "$work/"
    if [ -n "$base_image" ]; then
        # The small image stands in for the base image; it has sh but no git, python or dev user.
        # Files only: .devcontainer/ also holds folders (web-app's local feature ./welcome).
        find "$work/.devcontainer" -type f -exec sed -i "s#gitspaces/devbase:bookworm#$base_image#" {} +
        sed -i -e '/"containerUser": "dev",/d' -e '/"remoteUser": "dev",/d' \
            -e 's#"postCreateCommand": "git log --oneline -1 > /tmp/created-from"#"postCreateCommand": "ls > /tmp/created-from"#' \
            -e 's#"postStartCommand": "nohup python3 app.py > /tmp/app.log 2>&1 &"#"postStartCommand": "echo started > /tmp/started"#' \
            "$work/.devcontainer/devcontainer.json"
    fi
    served=$demo/served/$example.git
    [ -d "$served" ] || "${gitc[@]}" init -q --bare "$served"
    "${gitc[@]}" -C "$work" init -q
    "${gitc[@]}" -C "$work" add -A
    "${gitc[@]}" -C "$work" commit -q -m "$example from examples/"
    # The served history only moves when examples/ changed: the same tree keeps the same commit.
    if [ "$(git -C "$served" rev-parse -q --verify 'main^{tree}' 2>/dev/null)" != "$(git -C "$work" rev-parse 'HEAD^{tree}')" ]; then
        "${gitc[@]}" -C "$work" push -q --force "$served" HEAD:main
    fi
    rm -rf "$work"
done
if ! alive "$demo/git-daemon.pid"; then
    background "$(git --exec-path)/git-daemon" --reuseaddr --export-all --listen=127.0.0.1 --port="$git_port" \
        --base-path="$demo/served" >>"$demo/git-daemon.log" 2>&1
    echo $! >"$demo/git-daemon.pid"
    for _ in $(seq 1 50); do git ls-remote "git://127.0.0.1:$git_port/hello-python.git" >/dev/null 2>&1 && break; sleep 0.1; done
fi
git ls-remote "git://127.0.0.1:$git_port/hello-python.git" main

say "config repository $config (from manifests/)"
mkdir -p "$demo/ssh"
[ -f "$demo/ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "gitspaces-demo" -f "$demo/ssh/id_ed25519"
key=$(cat "$demo/ssh/id_ed25519.pub")
[ -d "$config/.git" ] || "${gitc[@]}" init -q "$config"
"${gitc[@]}" -C "$config" checkout -q -B main 2>/dev/null || true
find "$config" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
cp -r "$root/manifests/." "$config/"
for file in "$config"/gitspaces/*.yaml; do
    # The demo's key logs in to every Gitspace (a real config lists each owner's keys).
    printf '  ssh:\n    authorizedKeys: ["%s"]\n' "$key" >>"$file"
done
if [ "$git_port" != 9418 ]; then
    sed -i "s#git://127.0.0.1:9418/#git://127.0.0.1:$git_port/#" "$config"/gitspaces/*.yaml "$config/policy.yaml"
fi
"${gitc[@]}" -C "$config" add -A
"${gitc[@]}" -C "$config" diff --cached --quiet || "${gitc[@]}" -C "$config" commit -q -m "Config from manifests/"
git -C "$config" log --oneline -1
"$bin" validate --repo "$config" --ref main --state-dir "$state"

say "the daemon: gitspaces daemon --repo file://$config --branch main"
if ! alive "$demo/daemon.pid"; then
    background nohup "$bin" daemon --repo "file://$config" --branch main --interval 10s --listen "$listen" \
        "${common[@]}" >>"$demo/daemon.log" 2>&1
    echo $! >"$demo/daemon.pid"
fi
echo "pid $(cat "$demo/daemon.pid"), log $demo/daemon.log, status http://$listen/status"

say "waiting until every Gitspace runs (the first time fetches the sources, builds web-app's image and installs its feature)"
deadline=$((SECONDS + timeout))
want=$(ls "$config"/gitspaces/*.yaml | wc -l)
while :; do
    running=$("$bin" status --format json --listen "$listen" "${common[@]}" 2>/dev/null |
        python3 -c 'import json,sys; print(sum(1 for g in json.load(sys.stdin)["gitspaces"] if g.get("phase") == "Running"))' \
        2>/dev/null || echo 0)
    [ "$running" -ge "$want" ] && break
    if [ $SECONDS -ge $deadline ] || ! alive "$demo/daemon.pid"; then
        echo "not every Gitspace runs after ${timeout}s ($running of $want): see $demo/daemon.log" >&2
        "$bin" status --listen "$listen" "${common[@]}" >&2 || true
        tail -20 "$demo/daemon.log" >&2
        exit 1
    fi
    sleep 2
done
"$bin" status --listen "$listen" "${common[@]}"
port=${listen##*:}
echo "dashboard: http://$listen/  (read-only; from another machine: ssh -L $port:$listen THIS_HOST, then open http://localhost:$port/)"

say "getting in"
"$bin" ssh-config "${common[@]}" >"$demo/ssh/config"
# The demo's own key, so that the demo never touches ~/.ssh.
sed -i "s#^Host \(.*\)#Host \1\n  IdentityFile $demo/ssh/id_ed25519\n  IdentitiesOnly yes#" "$demo/ssh/config"
echo "\$ gitspaces exec alice-hello-python -- ls /workspaces/hello-python"
"$bin" exec "${common[@]}" alice-hello-python -- ls /workspaces/hello-python
if [ -z "$base_image" ]; then
    echo "\$ ssh -F $demo/ssh/config alice-hello-python.gitspaces 'git -C /workspaces/hello-python log --oneline -1'"
    ssh -F "$demo/ssh/config" alice-hello-python.gitspaces 'git -C /workspaces/hello-python log --oneline -1'
    # hello-python's postStartCommand runs its app on the forwarded port 8000; status says where it is published.
    address=$("$bin" status alice-hello-python --format json --listen "$listen" "${common[@]}" | python3 -c '
import json, sys
report = json.load(sys.stdin)
ports = [p for g in report["gitspaces"] for p in g.get("ports") or [] if p["container"] == "8000/tcp"]
print(ports[0]["hostIP"] + ":" + ports[0]["hostPort"] if ports else "")')
    if [ -n "$address" ]; then
        echo "\$ curl http://$address/   (port 8000 of alice-hello-python, forwarded)"
        for _ in $(seq 1 20); do curl -fsS "http://$address/" 2>/dev/null && break; sleep 0.5; done
    fi
fi

say "a devcontainer Feature: web-app's ./welcome, installed on its Dockerfile's image"
# examples/web-app/.devcontainer/devcontainer.json asks for "./welcome": {"greeting": "hi"}; its install.sh
# put a `welcome` command in the image, its containerEnv an ENV, and its postCreateCommand ran before the config's.
echo "\$ gitspaces exec carol-web-app -- welcome"
"$bin" exec "${common[@]}" carol-web-app -- welcome
echo "\$ gitspaces exec carol-web-app -- sh -c 'echo WELCOME_FEATURE=\$WELCOME_FEATURE; cat /tmp/welcome'"
"$bin" exec "${common[@]}" carol-web-app -- sh -c 'echo "WELCOME_FEATURE=$WELCOME_FEATURE"; cat /tmp/welcome'
echo "\$ gitspaces logs carol-web-app   (the feature's install and postCreateCommand output, excerpt)"
"$bin" logs "${common[@]}" carol-web-app | grep -E '^==>|welcome' | grep -v -e 'container output' -e '^Step ' || true

cat <<GETIN

  a shell:          $bin ssh ${common[*]} alice-hello-python
  ssh / VS Code:    ssh -F $demo/ssh/config alice-hello-python.gitspaces
                    (or \`$bin ssh-config ${common[*]} --write\` for ~/.ssh/config)
  logs:             $bin logs ${common[*]} alice-hello-python
GETIN

say "a pull request: bob gets more hardware, erin joins, carol's Gitspace is stopped"
"${gitc[@]}" -C "$config" checkout -q -B demo/change main
sed -i 's/hardware: small/hardware: medium/' "$config/gitspaces/bob-hello-python.yaml"
sed -i 's/state: running/state: stopped/' "$config/gitspaces/carol-web-app.yaml"
sed -e 's/alice-hello-python/erin-hello-python/' -e 's/owner: alice/owner: erin/' \
    "$config/gitspaces/alice-hello-python.yaml" >"$config/gitspaces/erin-hello-python.yaml"
"${gitc[@]}" -C "$config" add -A
"${gitc[@]}" -C "$config" diff --cached --quiet ||
    "${gitc[@]}" -C "$config" commit -q -m "More hardware for bob, a Gitspace for erin, carol's stopped"
"${gitc[@]}" -C "$config" checkout -q main

say "gitspaces diff --repo $config --base main --head demo/change --format markdown (the PR comment)"
"$bin" diff --repo "$config" --base main --head demo/change --format markdown --exit-code=false --state-dir "$state"

cat <<NEXT

The daemon keeps running: merge the branch (git -C $config merge demo/change) and watch
\`$bin status ${common[*]}\` or the dashboard at http://$listen/ converge, or run \`make demo-clean\` to remove what the demo made
(workspaces holding work are kept and named).
NEXT
