#!/bin/sh
# Builds the Debian package gitspaces_VERSION_ARCH.deb into OUTDIR and prints its path.
#   scripts/build-deb.sh BINARY VERSION OUTDIR MANPAGE
# The tree is staged by scripts/install-files.sh (as make install does) under /usr, plus the systemd
# unit and the example daemon config. Depends lists the Debian packages that own the shared libraries
# the binary links (readelf NEEDED, ldd, dpkg -S), at least at the installed upstream versions. Libraries no package
# owns (a debug build's Swift runtime) are named on stderr and left out.
set -eu
if [ $# -ne 4 ]; then
    echo "usage: $0 BINARY VERSION OUTDIR MANPAGE" >&2
    exit 2
fi
binary=$1 version=$2 outdir=$3 manpage=$4
root=$(cd "$(dirname "$0")/.." && pwd)
arch=$(dpkg --print-architecture)
stage=$(mktemp -d "${TMPDIR:-/tmp}/gitspaces-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT

chmod 0755 "$stage"
"$root/scripts/install-files.sh" "$binary" "$manpage" "$stage/usr"
# Debug information is most of a release binary's size; the symbols stay for backtraces.
strip --strip-debug "$stage/usr/bin/gitspaces"
# The unit's ExecStart names /usr/local/bin (where make install puts the binary); the package's is /usr/bin.
install -D -m 0644 "$root/examples/systemd/gitspaces.service" "$stage/lib/systemd/system/gitspaces.service"
sed -i 's#^ExecStart=/usr/local/bin/gitspaces#ExecStart=/usr/bin/gitspaces#' "$stage/lib/systemd/system/gitspaces.service"
install -D -m 0644 "$root/examples/daemon/gitspaces.conf" "$stage/usr/share/doc/gitspaces/examples/gitspaces.conf"
install -D -m 0644 "$root/examples/systemd/gitspaces.service" \
    "$stage/usr/share/doc/gitspaces/examples/gitspaces.service"

depends=""
# Direct dependencies only (the NEEDED entries), as dpkg-shlibdeps takes them: libgit2's own libraries are its
# package's business.
for needed in $(readelf -d "$binary" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    library=$(ldd "$binary" | awk -v name="$needed" '$1 == name && $2 == "=>" { print $3 }
        $1 ~ "/" name "$" { print $1 }')
    [ -n "$library" ] || { echo "$0: $needed is not found by ldd" >&2; exit 1; }
    # dpkg knows /lib/... and /usr/lib/... apart on merged-/usr systems; try the resolved path and the other.
    owner=""
    for path in "$library" "$(readlink -f "$library")" "${library#/usr}" "/usr$library"; do
        owner=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1) && [ -n "$owner" ] && break
    done
    if [ -z "$owner" ]; then
        echo "$0: $library belongs to no Debian package; not in Depends" >&2
        continue
    fi
    upstream=$(dpkg-query -W -f='${Version}' "$owner" | sed 's/^[0-9]*://; s/-[^-]*$//')
    depends="$depends${depends:+
}$owner (>= $upstream)"
done
depends=$(printf '%s\n' "$depends" | sort -u | paste -sd, - | sed 's/,/, /g')
size=$(du -sk "$stage" | cut -f1)

mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: gitspaces
Version: $version
Architecture: $arch
Maintainer: Gitspaces <dev@gitspaces.invalid>
Installed-Size: $size
Depends: $depends
Recommends: docker.io | docker-ce, git, openssh-client, gpgv
Section: devel
Priority: optional
Homepage: https://github.com/gitspaces/gitspaces
Description: GitOps for development containers
 Manifests in a git repository declare the wanted development containers
 (Gitspaces); gitspaces validates them, shows the plan of what would change and
 applies it to a Docker Engine, once or continuously as a daemon.
CONTROL

mkdir -p "$outdir"
package="$outdir/gitspaces_${version}_${arch}.deb"
# GITSPACES_DEB_COMPRESSION (dpkg-deb -Z: xz, gzip, zstd, none) lets the test skip xz's tens of seconds.
dpkg-deb --root-owner-group -Z"${GITSPACES_DEB_COMPRESSION:-xz}" --build "$stage" "$package" >/dev/null
echo "$package"
