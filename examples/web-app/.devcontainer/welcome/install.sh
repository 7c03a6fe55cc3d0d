#!/bin/sh
# The welcome feature's installer. Gitspaces runs it as root while it builds the features image, in
# this folder, with the options as environment variables (greeting -> GREETING, shout -> SHOUT) and the
# built-in _REMOTE_USER, _CONTAINER_USER and their homes. It must work on any base image: only
# POSIX sh and coreutils-or-busybox commands.
set -e
text="$GREETING from the welcome feature"
if [ "$SHOUT" = "true" ]; then
    text=$(echo "$text" | tr '[:lower:]' '[:upper:]')
fi
mkdir -p /usr/local/bin
cat >/usr/local/bin/welcome <<SCRIPT
#!/bin/sh
# Installed by the welcome feature (examples/web-app/.devcontainer/welcome), options: greeting=$GREETING shout=$SHOUT.
echo "$text, \$(id -un 2>/dev/null) (in \$(pwd))"
SCRIPT
chmod 755 /usr/local/bin/welcome
echo "welcome feature installed for $_REMOTE_USER: $text"
