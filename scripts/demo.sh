#!/usr/bin/env bash
# The demo: turns manifests/ into a local config repository, validates it, and shows the
# pull-request review of a change. Idempotent: a second run reuses what exists.
set -euo pipefail
bin=${1:-.build/debug/gitspaces}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
root=$(cd "$(dirname "$0")/.." && pwd)
demo=${GITSPACES_DEMO_DIR:-/tmp/gitspaces-demo}
config=$demo/config
git_=(git -C "$config" -c user.name=gitspaces-demo -c user.email=demo@gitspaces.invalid)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "gitspaces validate manifests/"
"$bin" validate "$root/manifests"

say "config repository: $config (from manifests/)"
mkdir -p "$config"
[ -d "$config/.git" ] || git -C "$config" init -q -b main
"${git_[@]}" rev-parse -q --verify main >/dev/null && "${git_[@]}" checkout -q main
rm -rf "${config:?}"/* && cp -r "$root/manifests/." "$config/"
"${git_[@]}" add -A
"${git_[@]}" diff --cached --quiet || "${git_[@]}" commit -q -m "Config from manifests/"
"${git_[@]}" log --oneline -1

say "gitspaces validate --repo $config --ref main"
"$bin" validate --repo "$config" --ref main --state-dir "$demo/state"

say "a pull request: bob gets more hardware, erin joins, carol's Gitspace is stopped"
"${git_[@]}" checkout -q -B demo/change main
sed -i 's/hardware: small/hardware: medium/' "$config/gitspaces/bob-hello-python.yaml"
sed -i 's/state: running/state: stopped/' "$config/gitspaces/carol-web-app.yaml"
sed -e 's/alice-hello-python/erin-hello-python/' -e 's/owner: alice/owner: erin/' \
    "$config/gitspaces/alice-hello-python.yaml" >"$config/gitspaces/erin-hello-python.yaml"
"${git_[@]}" add -A
"${git_[@]}" diff --cached --quiet || "${git_[@]}" commit -q -m "More hardware for bob, a Gitspace for erin, carol's stopped"
"${git_[@]}" rev-parse -q --verify main >/dev/null && "${git_[@]}" checkout -q main

say "gitspaces diff --repo $config --base main --head demo/change (text)"
"$bin" diff --repo "$config" --base main --head demo/change --exit-code=false --state-dir "$demo/state"

say "the same plan as a pull-request comment (--format markdown)"
"$bin" diff --repo "$config" --base main --head demo/change --format markdown --exit-code=false \
    --state-dir "$demo/state"

cat <<'NEXT'

What's next in the demo: building gitspaces/devbase:bookworm, serving examples/ over a git daemon
on 127.0.0.1 and running `gitspaces apply` on this config (issue #9). `gitspaces apply DIR` works
today on a config whose repositories are reachable; see README.md.
NEXT
