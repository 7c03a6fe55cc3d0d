#!/bin/sh
# Labels every node of the swarm with the endpoint gitspaces reaches its engine at (run on a manager).
# Here each engine listens on tcp://NODE-ADDRESS:2375 on a private network (TLS from DOCKER_CERT_PATH is
# not supported yet); a node whose engine gitspaces cannot reach must stay unlabelled: it is then not used.
set -eu
for node in $(docker node ls -q); do
    address=$(docker node inspect --format '{{.Status.Addr}}' "$node")
    docker node update --label-add "dev.gitspaces.engine=tcp://$address:2375" "$node" >/dev/null
    echo "$node -> tcp://$address:2375"
done
