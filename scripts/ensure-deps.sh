#!/usr/bin/env bash
# Installs the Debian packages gitspaces builds, tests and demos with, when missing.
set -euo pipefail

packages=(libgit2-dev libyaml-dev zlib1g-dev pkg-config git docker.io docker-registry busybox-static debootstrap openssh-server openssh-client gpgv gpg gpg-agent e2fsprogs openssl python3 curl binutils chromium)
# The test swarm: network namespaces and veth links (iproute2), the DOCKER-USER rule for its bridge (iptables).
packages+=(iproute2 iptables)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "gitspaces needs these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
