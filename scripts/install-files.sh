#!/bin/sh
# Installs gitspaces under a prefix: the binary, its man page and the bash, zsh and fish completions
# it generates itself (swift-argument-parser writes both; nothing here is hand-written).
#   scripts/install-files.sh BINARY MANPAGE PREFIX     (PREFIX already includes any DESTDIR)
# make install, make deb and the package test all stage through this one script.
set -eu
if [ $# -ne 3 ]; then
    echo "usage: $0 BINARY MANPAGE PREFIX" >&2
    exit 2
fi
binary=$1 manpage=$2 prefix=$3
for file in "$binary" "$manpage"; do
    [ -f "$file" ] || { echo "$0: $file does not exist (make release / make man build it)" >&2; exit 2; }
done

install -D -m 0755 "$binary" "$prefix/bin/gitspaces"
install -D -m 0644 "$manpage" "$prefix/share/man/man1/gitspaces.1"
mkdir -p "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
    "$prefix/share/fish/vendor_completions.d"
"$binary" --generate-completion-script bash >"$prefix/share/bash-completion/completions/gitspaces"
"$binary" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_gitspaces"
"$binary" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/gitspaces.fish"
chmod 0644 "$prefix/share/bash-completion/completions/gitspaces" "$prefix/share/zsh/site-functions/_gitspaces" \
    "$prefix/share/fish/vendor_completions.d/gitspaces.fish"
