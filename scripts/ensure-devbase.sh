#!/usr/bin/env bash
# Builds the development base image gitspaces/devbase:bookworm when the engine does not have it:
# a minimal Debian bookworm made by debootstrap (git, openssh-server, bash, sudo, ca-certificates, python3),
# imported into the engine, with a `dev` user (uid 1000, passwordless sudo) for IDEs to log in as.
# Idempotent: an existing image is kept. GITSPACES_DEVBASE_REBUILD=1 forces a rebuild.
set -euo pipefail
image=${GITSPACES_DEVBASE_IMAGE:-gitspaces/devbase:bookworm}
mirror=${GITSPACES_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "${GITSPACES_DEVBASE_REBUILD:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
    echo "devbase: $image is on the engine"
    exit 0
fi
[ "$(id -u)" = 0 ] || { echo "devbase: building $image needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "devbase: debootstrap is missing: run scripts/ensure-deps.sh" >&2; exit 1; }

root=$(mktemp -d /var/tmp/gitspaces-devbase.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "devbase: debootstrap bookworm from $mirror into $root (a minute or two)"
debootstrap --variant=minbase --include=git,openssh-server,bash,sudo,ca-certificates,procps,less,python3 \
    bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

# A login user for IDEs and a place for workspaces; host keys are made per container, not baked in.
chroot "$root" /bin/sh -e <<'SETUP'
useradd --create-home --uid 1000 --shell /bin/bash dev
echo 'dev ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/dev && chmod 0440 /etc/sudoers.d/dev
rm -f /etc/ssh/ssh_host_*
mkdir -p /workspaces /run/sshd
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/*
SETUP

tar -C "$root" -c . | docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --change 'LABEL org.opencontainers.image.title="gitspaces devbase (Debian bookworm)"' \
    - "$image" >/dev/null
echo "devbase: built $image"
