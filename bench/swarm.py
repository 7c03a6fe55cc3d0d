"""Swarm benchmark for bench/run.py (issue #16).

Creating 20 Gitspaces with `gitspaces apply --backend swarm` on a 3-node test swarm (three namespaced
dockerd on a bridge, built by `gitspaces-testswarm up 3 IMAGE`, which is GitspacesTestSupport's
SwarmCluster as the swarm tests use; needs root) against creating the same 20 with `--backend docker`
on the host's one engine. Both applies run with `--parallel 1`: placement counts what each node has
reserved from the services already pinned there, so creates placed at once could land on one node.

Each Gitspace asks for 0.25 cpus and 64Mi, on the busybox image (loaded on every node): the most-allocated
node that fits takes the next one, so the spread (Gitspaces per node) fills one node before the next.
Prints both times, their ratio, and the spread. Everything is removed at the end (the swarm torn down,
the host's containers removed).
"""
import collections
import os
import shutil
import subprocess
import tempfile
import time

MANIFEST = """\
apiVersion: gitspaces/v1
kind: Gitspace
metadata: {{name: {name}}}
spec:
  repo: file://{source}
  hardware: {{cpus: 0.25, memory: 64Mi}}
  deletionPolicy: Delete
---
"""


def _source(folder, git, image):
    source = os.path.join(folder, "source")
    os.makedirs(os.path.join(source, ".devcontainer"))
    with open(os.path.join(source, ".devcontainer", "devcontainer.json"), "w") as f:
        f.write('{"image": "%s"}\n' % image)
    with open(os.path.join(source, "README.md"), "w") as f:
        f.write("bench\n")
    subprocess.run(git + ["-C", source, "init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["-C", source, "add", "-A"], check=True)
    subprocess.run(git + ["-C", source, "commit", "-q", "-m", "source"], check=True)
    return source


def _config(folder, source, prefix, count):
    config = os.path.join(folder, "config-" + prefix)
    os.makedirs(config)
    with open(os.path.join(config, "gitspaces.yaml"), "w") as f:
        for i in range(count):
            f.write(MANIFEST.format(name=f"{prefix}-{i:02d}", source=source))
    return config


def _apply(binary, config, flags):
    start = time.monotonic()
    result = subprocess.run([binary, "apply", config, "--parallel", "1"] + flags, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"bench swarm: apply failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed


def bench_swarm(out, git, binary, swarm_binary, line, image, ensure_image, count=20):
    print(f"\nswarm: creating {count} Gitspaces on a 3-node test swarm vs with --backend docker on one engine")
    if os.geteuid() != 0 or not os.path.exists(swarm_binary):
        print(f"  skipped: needs root and {swarm_binary} (swift build --product gitspaces-testswarm)")
        return
    ensure_image()
    folder = tempfile.mkdtemp(prefix="swarm-", dir=out)
    swarm = subprocess.Popen([swarm_binary, "up", "3", image], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    host_instance = f"bench-docker-{os.getpid()}"
    try:
        manager, nodes = None, []
        for text in swarm.stdout:
            words = text.split()
            if words[:1] == ["manager"]:
                manager = words[1]
            elif words[:1] == ["node"]:
                nodes.append(words[1])
            elif words[:1] == ["ready"]:
                break
        if manager is None or len(nodes) != 3:
            raise SystemExit("bench swarm: the test swarm did not come up")
        source = _source(folder, git, image)
        on_swarm = _apply(binary, _config(folder, source, "sw", count), [
            "--backend", "swarm", "--docker-host", manager, "--instance", f"bench-swarm-{os.getpid()}",
            "--state-dir", os.path.join(folder, "state-swarm")])
        on_docker = _apply(binary, _config(folder, source, "dk", count), [
            "--instance", host_instance, "--state-dir", os.path.join(folder, "state-docker")])
        constraints = subprocess.run(
            ["sh", "-c", 'docker -H "$1" service inspect $(docker -H "$1" service ls -q) '
             '--format "{{range .Spec.TaskTemplate.Placement.Constraints}}{{.}}{{end}}"', "sh", manager],
            check=True, capture_output=True, text=True).stdout.split()
        spread = collections.Counter(c.split("==", 1)[1] for c in constraints if c.startswith("node.id=="))
        line(f"apply --backend swarm, {count} Gitspaces, 3 nodes", on_swarm)
        line(f"apply --backend docker, {count} Gitspaces, one engine", on_docker)
        line("ratio swarm / docker", on_swarm / on_docker, "")
        print("  placement spread (Gitspaces per node): "
              + ", ".join(f"node {i + 1} ({node[:12]}): {spread.get(node, 0)}" for i, node in enumerate(nodes)))
    finally:
        swarm.stdin.close()
        swarm.wait(timeout=120)
        subprocess.run(["sh", "-c", "docker ps -aq --filter label=dev.gitspaces.instance=\"$1\" | xargs -r docker rm -f",
                        "sh", host_instance], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
