#!/usr/bin/env bash
# Builds the base of the gitspaces image, gitspaces/runtime-base:bookworm, when the engine does not have it:
# a minimal Debian bookworm made by debootstrap, as the dev base is, with the runtime libraries the binary links
# (libgit2 and its own, libyaml) and ca-certificates for HTTPS remotes. scripts/build-image.sh adds the binary.
# Idempotent: an existing image is kept (a fresh machine builds it once). GITSPACES_RUNTIME_BASE_REBUILD=1 rebuilds.
set -euo pipefail
image=${GITSPACES_RUNTIME_BASE_IMAGE:-gitspaces/runtime-base:bookworm}
mirror=${GITSPACES_DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages=libgit2-1.5,libyaml-0-2,ca-certificates

if [ "${GITSPACES_RUNTIME_BASE_REBUILD:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
    exit 0
fi
[ "$(id -u)" = 0 ] || { echo "runtime-base: building $image needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || {
    echo "runtime-base: debootstrap is missing: run scripts/ensure-deps.sh" >&2
    exit 1
}

root=$(mktemp -d /var/tmp/gitspaces-runtime-base.XXXXXX)
trap 'rm -rf "$root" "$root.log"' EXIT
echo "runtime-base: debootstrap bookworm ($packages) from $mirror (a minute or two, once)" >&2
debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" >"$root.log" 2>&1 ||
    { tail -20 "$root.log" >&2; exit 1; }

chroot "$root" /bin/sh -e <<'SETUP'
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/*.log /usr/share/doc/* /usr/share/man/* /usr/share/info/*
SETUP

tar -C "$root" -c . | docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'LABEL org.opencontainers.image.title="gitspaces runtime base (Debian bookworm)"' \
    - "$image" >/dev/null
echo "runtime-base: built $image" >&2
