#!/usr/bin/env bash
# Builds the daemon's container image from a gitspaces binary and tags it IMAGE (and every further IMAGE):
#   scripts/build-image.sh BINARY VERSION IMAGE [IMAGE...]
# The base is gitspaces/runtime-base:bookworm (Debian packages, made once by scripts/ensure-runtime-base.sh); the
# binary goes to /usr/bin/gitspaces, its debug information stripped. Libraries it links that no Debian package owns
# (a debug build's Swift runtime; a release build links it statically and has none) are copied to the same path,
# which its RUNPATH names. The image is labelled with the OCI version, revision and source, and is run as
# `docker run IMAGE daemon --repo URL` (see README, "Run the daemon in a container").
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 BINARY VERSION IMAGE [IMAGE...]" >&2
    exit 2
fi
binary=$1 version=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
base=${GITSPACES_RUNTIME_BASE_IMAGE:-gitspaces/runtime-base:bookworm}
[ -x "$binary" ] || { echo "$0: $binary is not an executable (make release builds it)" >&2; exit 2; }
revision=${GITSPACES_REVISION:-$(git -C "$root" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)}
source=https://github.com/gitspaces/gitspaces

GITSPACES_RUNTIME_BASE_IMAGE=$base "$root/scripts/ensure-runtime-base.sh"

stage=$(mktemp -d "${TMPDIR:-/tmp}/gitspaces-image.XXXXXX")
container=""
cleanup() {
    rm -rf "$stage"
    if [ -n "$container" ]; then docker rm -f "$container" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
install -D -m 0755 "$binary" "$stage/usr/bin/gitspaces"
strip --strip-debug "$stage/usr/bin/gitspaces"

# Every library the loader resolves (the whole closure, as ldd prints it) that no Debian package owns.
for library in $(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do
    owned=""
    for path in "$library" "$(readlink -f "$library")" "${library#/usr}" "/usr$library"; do
        if dpkg -S "$path" >/dev/null 2>&1; then owned=yes; break; fi
    done
    [ -n "$owned" ] && continue
    install -D -m 0644 "$(readlink -f "$library")" "$stage$library"
done

container=$(docker create "$base" /bin/true)
docker cp "$stage/." "$container:/"
first=$1
docker commit \
    --change 'ENTRYPOINT ["/usr/bin/gitspaces"]' \
    --change 'CMD ["--help"]' \
    --change "LABEL org.opencontainers.image.title=gitspaces" \
    --change "LABEL org.opencontainers.image.description=\"GitOps for development containers: the gitspaces daemon\"" \
    --change "LABEL org.opencontainers.image.version=$version" \
    --change "LABEL org.opencontainers.image.revision=$revision" \
    --change "LABEL org.opencontainers.image.source=$source" \
    "$container" "$first" >/dev/null
shift
for tag in "$@"; do docker tag "$first" "$tag"; done

# The image must run: every library the binary needs is in it.
if ! docker run --rm --network none "$first" --help >/dev/null; then
    echo "$0: $first does not run gitspaces --help (a library missing from $base?)" >&2
    exit 1
fi
echo "$first"
