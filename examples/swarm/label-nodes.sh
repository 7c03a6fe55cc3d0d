#!/bin/sh
# Labels every node of the swarm with the endpoint gitspaces reaches its engine at (run on a manager).
# Here each engine listens on tcp://NODE-ADDRESS:2375 on a private network, or with PORT=2376 on
# tcp://NODE-ADDRESS:2376 with --tlsverify (gitspaces then needs DOCKER_CERT_PATH with ca.pem, cert.pem
# and key.pem; interactive exec and ssh still need a unix:// endpoint). A node whose engine gitspaces
# cannot reach must stay unlabelled: it is then not used.
set -eu
port=${PORT:-2375}
for node in $(docker node ls -q); do
    address=$(docker node inspect --format '{{.Status.Addr}}' "$node")
    docker node update --label-add "dev.gitspaces.engine=tcp://$address:$port" "$node" >/dev/null
    echo "$node -> tcp://$address:$port"
done
