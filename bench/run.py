#!/usr/bin/env python3
"""gitspaces benchmarks. Every number is printed next to a baseline measured in the same run.

1. validate: `gitspaces validate --repo R --ref HEAD` over N manifests (one Gitspace of ~20 lines
   per file) read from a git revision, against loading the same files with PyYAML's CSafeLoader
   (libyaml's C loader). Target ratio <= 0.5; 1,000 -> 10,000 scaling <= 11 (linear).
2. plan: the pure planner, 10,000 desired against 10,000 observed with 1% changed
   (`gitspaces-bench plan`), and its 1,000 -> 10,000 scaling (target <= 11).
3. diff: `gitspaces diff --base A --head B` over a 10,000-manifest repository against
   `git diff --stat A B` of the same revisions: without the manifest cache, cold (empty cache) and warm (the
   cache an earlier run on the base revision left), interleaved, with `gitspaces --version` as the start-up floor.
4. apply: a no-op `gitspaces apply` with 200 managed containers (one list call, no writes)
   against `docker ps -a --filter label=dev.gitspaces.instance=...` in the same run
   (target ratio <= 1.3). Needs a Docker Engine; the containers are removed at the end.
   create: `gitspaces apply --parallel 8` creating 20 running Gitspaces from nothing against a
   serial loop of 20 `docker run -d` of the same image, interleaved (target ratio <= 0.5).
5. workspaces: the first workspace of a repository against `git clone`, the second against the
   first and against `git clone --local`, interleaved rounds with write-back settled before each
   side, and the second's extra disk against a full clone (bench/workspaces.py).
6. daemon: commit -> running latency with a signed webhook against polling at the default
   interval (30 s), and their ratio; then with 1,000 Gitspaces declared (stopped), the daemon's
   resident memory, its CPU seconds per idle minute (polling at the default interval), and the
   time of a no-op pass (read from its own gitspaces_reconcile_duration_seconds histogram).
7. features: the first apply of a Gitspace whose devcontainer.json asks for two features (a local one
   and one from a `docker-registry` on 127.0.0.1) against a second Gitspace of the same source, which
   shares the features image and cache (target ratio <= 0.1, and 0 registry requests), see
   bench/features.py. `--features-registry no` uses a second local feature instead.

8. swarm: creating 20 Gitspaces on a 3-node test swarm (`gitspaces-testswarm up 3`, needs root)
   against the same 20 with `--backend docker` on one engine; the ratio and the placement spread
   (Gitspaces per node), see bench/swarm.py.

Timings are the median of several runs after a warm-up (wall clock), so a busy machine moves them less.
At the end every target of issue #17 is printed again with its ratio and whether it is met.
"""
import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time

from features import bench_features
from swarm import bench_swarm
from workspaces import bench_workspaces

try:
    import yaml
    LOADER = yaml.CSafeLoader
except (ImportError, AttributeError):
    sys.exit("bench: PyYAML with libyaml (yaml.CSafeLoader) is needed: pip install pyyaml, or apt-get install python3-yaml")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@gitspaces.invalid", "-c", "gc.auto=0"]

MANIFEST = """\
# Gitspace {i} of the benchmark
apiVersion: gitspaces/v1
kind: Gitspace
metadata:
  name: dev-{i:05d}
  labels:
    team: team-{team}
    cost-center: "cc-{cc}"
spec:
  repo: https://git.example.com/acme/service-{repo}.git
  branch: feature/work-{i}
  hardware:
    cpus: {cpus}
    memory: {memory}
    disk: 32Gi
  state: running
  owner: user-{i}
  env:
    TZ: Europe/Berlin
    LOG_LEVEL: debug
  deletionPolicy: Retain
"""


def manifest(i, bump=False):
    cpus = 2 + (i % 3) + (1 if bump else 0)
    return MANIFEST.format(i=i, team=i % 17, cc=i % 5, repo=i % 50, cpus=cpus, memory=f"{4 + (i % 4) * 2}Gi")


def make_repo(count):
    """A repository with `count` manifests at HEAD~1 and 1% of them changed at HEAD."""
    path = os.path.join(OUT, f"repo-{count}")
    marker = os.path.join(path, ".git", "bench-complete")
    if os.path.exists(marker):
        return path
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.join(path, "gitspaces"))
    subprocess.run(GIT + ["init", "-q", "-b", "main", path], check=True)
    for i in range(count):
        with open(os.path.join(path, "gitspaces", f"dev-{i:05d}.yaml"), "w") as f:
            f.write(manifest(i))
    subprocess.run(GIT + ["-C", path, "add", "-A"], check=True)
    subprocess.run(GIT + ["-C", path, "commit", "-q", "-m", "base"], check=True)
    for i in range(0, count, 100):
        with open(os.path.join(path, "gitspaces", f"dev-{i:05d}.yaml"), "w") as f:
            f.write(manifest(i, bump=True))
    subprocess.run(GIT + ["-C", path, "commit", "-q", "-a", "-m", "1% changed"], check=True)
    open(marker, "w").close()
    return path


def best(function, runs):
    """The median of `runs` timings, after one warm-up run: steadier than the minimum on a busy machine."""
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(functions, runs):
    """Medians of `runs` timings of each function, taken in turn (a, b, a, b, ...) after one warm-up of each, so a
    busy machine weighs on both sides alike."""
    times = [[] for _ in functions]
    for counted in [False] + [True] * runs:
        for function, measured in zip(functions, times):
            start = time.perf_counter()
            function()
            if counted:
                measured.append(time.perf_counter() - start)
    return [statistics.median(measured) for measured in times]


def run(command, expect=(0,), env=None):
    environment = dict(os.environ, **env) if env else None
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    if result.returncode not in expect:
        sys.exit(f"bench: {' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-500:]}")


def pyyaml_load(path):
    folder = os.path.join(path, "gitspaces")
    count = 0
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            for document in yaml.load_all(f.read(), Loader=LOADER):
                count += document is not None
    return count


TARGETS = []


def target(label, value, limit, unit=""):
    """Remembers a target for the summary at the end."""
    TARGETS.append((label, value, limit, unit))


def print_targets():
    if not TARGETS:
        return
    print("\ntargets (issue #17): value, target, met")
    for label, value, limit, unit in TARGETS:
        shown = f"{value:.2f}{' ' + unit if unit else 'x'}"
        print(f"  {label:<58} {shown:>10}  <= {limit:g}{' ' + unit if unit else 'x'}  "
              f"{'met' if value <= limit else 'MISSED'}")


def line(label, value, unit="s"):
    print(f"  {label:<58} {value:>10.4f} {unit}" if unit else f"  {label:<58} {value:>10.2f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/gitspaces")
    parser.add_argument("--bench-binary", default=".build/release/gitspaces-bench")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--daemon-count", type=int, default=1000, help="Gitspaces declared for the idle daemon")
    parser.add_argument("--idle-seconds", type=float, default=60, help="the idle window, scaled to a minute")
    parser.add_argument("--only", choices=["validate", "diff", "apply", "create", "daemon", "workspaces", "features",
                                           "swarm"],
                        help="run only this benchmark")
    parser.add_argument("--swarm-binary", default=".build/release/gitspaces-testswarm")
    parser.add_argument("--create-trials", type=int, default=3, help="interleaved create/docker run pairs")
    parser.add_argument("--features-trials", type=int, default=3, help="first/second apply pairs, each from nothing")
    parser.add_argument("--features-registry", choices=["auto", "yes", "no"], default="auto",
                        help="whether the second feature comes from a loopback registry (auto: when apply fetches them)")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    try:
        run_benchmarks(args)
    finally:
        print_targets()


def run_benchmarks(args):
    if args.only == "daemon":
        bench_daemon(args.binary, args.daemon_count, args.idle_seconds)
        return
    if args.only == "workspaces":
        workspace_targets(bench_workspaces(OUT, GIT, args.bench_binary, args.runs, line))
        return
    if args.only == "swarm":
        bench_swarm(OUT, GIT, args.binary, args.swarm_binary, line, BUSYBOX_IMAGE, ensure_busybox_image)
        return
    if args.only == "features":
        bench_features(OUT, GIT, args.binary, line, BUSYBOX_IMAGE, ensure_busybox_image, args.features_trials,
                       args.features_registry)
        return
    if args.only == "diff":
        bench_diff(args)
        return
    if args.only == "apply":
        bench_apply(args.binary, args.runs)
        return
    if args.only == "create":
        bench_create(args.binary, args.create_trials)
        return
    bench_validate(args)
    if args.only == "validate":
        return

    if os.path.exists(args.bench_binary):
        print("\nplan: pure planner, N desired against N observed, 1% changed")
        output = subprocess.run([args.bench_binary, "plan"], check=True, capture_output=True, text=True).stdout
        print(output, end="")

    bench_diff(args)

    if os.path.exists(args.bench_binary):
        workspace_targets(bench_workspaces(OUT, GIT, args.bench_binary, args.runs, line))

    bench_apply(args.binary, args.runs)
    bench_create(args.binary, args.create_trials)
    bench_features(OUT, GIT, args.binary, line, BUSYBOX_IMAGE, ensure_busybox_image, args.features_trials,
                   args.features_registry)
    bench_swarm(OUT, GIT, args.binary, args.swarm_binary, line, BUSYBOX_IMAGE, ensure_busybox_image)
    bench_daemon(args.binary, args.daemon_count, args.idle_seconds)


def workspace_targets(results):
    for label, (value, limit) in (results or {}).items():
        target(label, value, limit)


def bench_validate(args):
    state = os.path.join(OUT, "state")
    print("validate: manifests read from a git revision vs PyYAML CSafeLoader on the same files")
    results = {}
    for count in (1000, 10000):
        repo = make_repo(count)
        ours = best(lambda: run([args.binary, "validate", "--repo", repo, "--ref", "HEAD~1", "--state-dir", state]), args.runs)
        theirs = best(lambda: pyyaml_load(repo), args.runs)
        results[count] = (ours, theirs)
        line(f"gitspaces validate, {count} manifests", ours)
        line(f"PyYAML CSafeLoader, {count} files (in-process, no startup)", theirs)
        line(f"ratio gitspaces / PyYAML at {count} (target <= 0.4)", ours / theirs, "")
    target("validate 10,000 manifests / PyYAML CSafeLoader", results[10000][0] / results[10000][1], 0.4)
    line("scaling 1,000 -> 10,000, gitspaces (target <= 11)", results[10000][0] / results[1000][0], "")
    line("scaling 1,000 -> 10,000, PyYAML", results[10000][1] / results[1000][1], "")


def bench_diff(args):
    state = os.path.join(OUT, "state")
    print("\ndiff: gitspaces diff --base --head vs git diff --stat, 10,000 manifests, 1% changed")
    repo = make_repo(10000)
    diff = [args.binary, "diff", "--repo", repo, "--base", "HEAD~1", "--head", "HEAD", "--state-dir", state]
    # The manifest cache as a CI job that keeps it would find it: filled by an earlier run on the base revision
    # (a diff of the base against itself), restored before every warm run so each one starts from that.
    base_cache, warm_cache, cold_cache = (os.path.join(OUT, name) for name in ("cache-base", "cache-warm", "cache-cold"))
    for folder in (base_cache, warm_cache, cold_cache):
        shutil.rmtree(folder, ignore_errors=True)
    run([args.binary, "diff", "--repo", repo, "--base", "HEAD~1", "--head", "HEAD~1", "--state-dir", state],
        env={"XDG_CACHE_HOME": base_cache})
    manifests = os.path.join(base_cache, "gitspaces", "manifests")
    cache_files = os.listdir(manifests)
    if len(cache_files) != 1:
        sys.exit(f"bench: expected one manifest cache file in {manifests}, found {cache_files}")
    size = os.path.getsize(os.path.join(manifests, cache_files[0]))

    def fill_warm():
        target_folder = os.path.join(warm_cache, "gitspaces", "manifests")
        os.makedirs(target_folder, exist_ok=True)
        shutil.copyfile(os.path.join(manifests, cache_files[0]), os.path.join(target_folder, cache_files[0]))

    sides = [
        (None, lambda: run(diff + ["--no-cache"], expect=(1,))),
        (lambda: shutil.rmtree(cold_cache, ignore_errors=True),
         lambda: run(diff, expect=(1,), env={"XDG_CACHE_HOME": cold_cache})),
        (fill_warm, lambda: run(diff, expect=(1,), env={"XDG_CACHE_HOME": warm_cache})),
        (None, lambda: run(["git", "-C", repo, "diff", "--stat", "HEAD~1", "HEAD"])),
        (None, lambda: run([args.binary, "--version"])),
    ]
    (uncached, cold, warm, theirs, version), cpu = interleaved_cpu(sides, args.runs)
    print(f"  (manifest cache of the base revision: {size / 1e6:.1f} MB; wall medians of {args.runs}, CPU medians)")
    for label, wall, seconds in [("gitspaces diff --no-cache (parses every manifest)", uncached, cpu[0]),
                                 ("gitspaces diff, cold (empty cache, writes it)", cold, cpu[1]),
                                 ("gitspaces diff, warm (cache of the base revision)", warm, cpu[2]),
                                 ("git diff --stat HEAD~1 HEAD", theirs, cpu[3]),
                                 ("gitspaces --version (process start-up)", version, cpu[4])]:
        print(f"  {label:<58} {wall:>10.4f} s  CPU {seconds:.4f} s")
    line("ratio diff --no-cache / git diff --stat", uncached / theirs, "")
    line("ratio diff cold / git diff --stat", cold / theirs, "")
    line("ratio diff warm / git diff --stat (target <= 10)", warm / theirs, "")
    line("ratio diff warm CPU / git diff --stat CPU", cpu[2] / cpu[3], "")
    line("ratio gitspaces --version / git diff --stat (start-up floor)", version / theirs, "")
    target(f"diff --base --head warm / git diff --stat (cold {cold / theirs:.1f})", warm / theirs, 10)


def interleaved_cpu(sides, runs):
    """Like `interleaved`, for (setup, function) pairs: the setup runs untimed before each timing. Returns the wall
    medians and the medians of the children's CPU time (user + system) of each side."""
    times = [[] for _ in sides]
    cpus = [[] for _ in sides]
    for counted in [False] + [True] * runs:
        for (setup, function), measured, cpu in zip(sides, times, cpus):
            if setup:
                setup()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            function()
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if counted:
                measured.append(wall)
                cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return [statistics.median(measured) for measured in times], [statistics.median(cpu) for cpu in cpus]


BUSYBOX_IMAGE = "gitspaces-bench/busybox:1"


def ensure_busybox_image():
    if subprocess.run(["docker", "image", "inspect", BUSYBOX_IMAGE], capture_output=True).returncode == 0:
        return
    context = os.path.join(OUT, "busybox-context")
    os.makedirs(context, exist_ok=True)
    shutil.copy("/bin/busybox", os.path.join(context, "busybox"))
    with open(os.path.join(context, "Dockerfile"), "w") as f:
        f.write('FROM scratch\nCOPY busybox /bin/busybox\n'
                'RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && mkdir -p /tmp && chmod 1777 /tmp"]\n')
    subprocess.run(["docker", "build", "-q", "-t", BUSYBOX_IMAGE, context], check=True, stdout=subprocess.DEVNULL)


def engine_workspace(name):
    """A fresh folder OUT/name with a source repository whose devcontainer.json names the busybox image;
    (None, None) when no Docker Engine answers."""
    if subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        print(f"\n{name}: skipped, no Docker Engine answers (make engine starts one)")
        return None, None
    ensure_busybox_image()
    work = os.path.join(OUT, name)
    shutil.rmtree(work, ignore_errors=True)
    source = os.path.join(work, "source")
    os.makedirs(os.path.join(source, ".devcontainer"))
    with open(os.path.join(source, ".devcontainer", "devcontainer.json"), "w") as f:
        f.write('{"image": "%s"}\n' % BUSYBOX_IMAGE)
    subprocess.run(GIT + ["init", "-q", "-b", "main", source], check=True)
    subprocess.run(GIT + ["-C", source, "add", "-A"], check=True)
    subprocess.run(GIT + ["-C", source, "commit", "-q", "-m", "source"], check=True)
    return work, source


def bench_apply(binary, runs, count=200):
    work, source = engine_workspace("apply")
    if work is None:
        return
    config = os.path.join(work, "config")
    os.makedirs(config)
    with open(os.path.join(config, "gitspaces.yaml"), "w") as f:
        for i in range(count):
            f.write(f"---\napiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {{name: bench-{i:03d}}}\n"
                    f"spec:\n  repo: file://{source}\n  hardware: {{cpus: 0.1, memory: 16Mi}}\n  state: stopped\n")
    instance = f"bench-{os.getpid()}"
    common = ["--instance", instance, "--state-dir", os.path.join(work, "state")]
    try:
        start = time.perf_counter()
        run([binary, "apply", config, "--parallel", "8"] + common)
        print(f"\napply: no-op apply with {count} managed containers vs docker ps with the instance filter")
        line(f"first apply, creating {count} containers (setup, not compared)", time.perf_counter() - start)
        ours, theirs = interleaved(
            [lambda: run([binary, "apply", config] + common),
             lambda: run(["docker", "ps", "-a", "--filter", f"label=dev.gitspaces.instance={instance}"])], runs)
        line(f"gitspaces apply (no-op), {count} containers", ours)
        line("docker ps -a --filter label=dev.gitspaces.instance=...", theirs)
        line("ratio gitspaces apply / docker ps (target <= 1.3)", ours / theirs, "")
        target(f"no-op apply, {count} containers / docker ps -a --filter", ours / theirs, 1.3)
    finally:
        ids = subprocess.run(["docker", "ps", "-aq", "--filter", f"label=dev.gitspaces.instance={instance}"],
                             capture_output=True, text=True).stdout.split()
        if ids:
            subprocess.run(["docker", "rm", "-f"] + ids, stdout=subprocess.DEVNULL)


def bench_create(binary, trials, count=20):
    """`gitspaces apply --parallel 8` creating `count` running Gitspaces from nothing, against a serial loop of
    `docker run -d` of the same image; interleaved, each side from nothing, `trials` pairs after a warm-up pair."""
    work, source = engine_workspace("create")
    if work is None:
        return
    config = os.path.join(work, "config")
    os.makedirs(config)
    with open(os.path.join(config, "gitspaces.yaml"), "w") as f:
        for i in range(count):
            f.write(f"---\napiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {{name: create-{i:02d}}}\n"
                    f"spec:\n  repo: file://{source}\n  hardware: {{cpus: 0.1, memory: 16Mi}}\n  state: running\n")
    instance = f"bench-create-{os.getpid()}"
    label = f"dev.gitspaces.instance={instance}"
    state = os.path.join(work, "state")

    def remove():
        ids = subprocess.run(["docker", "ps", "-aq", "--filter", f"label={label}"],
                             capture_output=True, text=True).stdout.split()
        if ids:
            subprocess.run(["docker", "rm", "-f"] + ids, stdout=subprocess.DEVNULL)
        shutil.rmtree(state, ignore_errors=True)

    def ours():
        run([binary, "apply", config, "--parallel", "8", "--instance", instance, "--state-dir", state])

    def theirs():
        for i in range(count):
            run(["docker", "run", "-d", "--label", label, "--name", f"{instance}-run-{i:02d}", "--cpus", "0.1",
                 "--memory", "16m", BUSYBOX_IMAGE, "sleep", "3600"])

    mine, loop = [], []
    try:
        for counted in [False] + [True] * trials:
            for function, times in ((ours, mine), (theirs, loop)):
                remove()
                os.sync()
                start = time.perf_counter()
                function()
                if counted:
                    times.append(time.perf_counter() - start)
        print(f"\ncreate: {count} running Gitspaces from nothing vs a serial docker run -d loop "
              f"(median of {trials}, interleaved)")
        line(f"gitspaces apply --parallel 8, {count} Gitspaces", statistics.median(mine))
        line(f"{count} x docker run -d {BUSYBOX_IMAGE} sleep 3600", statistics.median(loop))
        ratio = statistics.median(mine) / statistics.median(loop)
        line("ratio gitspaces apply / docker run loop (target <= 0.5)", ratio, "")
        target(f"create {count} Gitspaces / serial docker run -d loop", ratio, 0.5)
    finally:
        remove()


def http(port, method, path, body=None, headers=None):
    import urllib.request
    import urllib.error
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None, b""


def daemon_status(port, name=None):
    """The daemon's status; for one Gitspace only with `name` (cheaper: no workspace reads for the others)."""
    import json
    code, body = http(port, "GET", "/status" + (f"/{name}" if name else ""))
    return json.loads(body) if code == 200 else None


def wait_for(what, condition, timeout, every=0.05):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    sys.exit(f"bench: timed out waiting for {what}")


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for entry in f:
            if entry.startswith("VmRSS:"):
                return int(entry.split()[1]) / 1024
    return 0.0


def histogram(port, name):
    code, body = http(port, "GET", "/metrics")
    values = {}
    for entry in body.decode().splitlines():
        for suffix in ("_sum", "_count"):
            if entry.startswith(name + suffix + " "):
                values[suffix] = float(entry.split()[1])
    return values.get("_sum", 0.0), values.get("_count", 0.0)


def bench_daemon(binary, count, idle_seconds):
    import hmac
    import hashlib
    work, source = engine_workspace("daemon")
    if work is None:
        return
    config = os.path.join(work, "config")
    os.makedirs(config)
    subprocess.run(GIT + ["init", "-q", "-b", "main", config], check=True)

    def commit(documents, message):
        with open(os.path.join(config, "gitspaces.yaml"), "w") as f:
            for name, state in documents:
                f.write(f"---\napiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {{name: {name}}}\n"
                        f"spec:\n  repo: file://{source}\n  hardware: {{cpus: 0.1, memory: 16Mi}}\n  state: {state}\n")
        subprocess.run(GIT + ["-C", config, "add", "-A"], check=True)
        subprocess.run(GIT + ["-C", config, "commit", "-q", "--allow-empty", "-m", message], check=True)

    secret = b"bench-secret"
    with open(os.path.join(work, "secret"), "wb") as f:
        f.write(secret)
    instance = f"bench-daemon-{os.getpid()}"
    port = free_port()
    prefix = f"bd{os.getpid()}"
    declared = []
    commit(declared, "empty")
    log = open(os.path.join(work, "daemon.log"), "w")
    daemon = subprocess.Popen(
        [binary, "daemon", "--repo", config, "--instance", instance, "--state-dir", os.path.join(work, "state"),
         "--listen", f"127.0.0.1:{port}", "--webhook-secret-file", os.path.join(work, "secret"), "--parallel", "8"],
        stdout=log, stderr=log)
    try:
        wait_for("the daemon's first pass", lambda: (daemon_status(port) or {}).get("daemon", {}).get("passes", 0) >= 1, 60)

        def running(name):
            status = daemon_status(port, name) or {"gitspaces": []}
            return any(g["name"] == name and g["phase"] == "Running" for g in status["gitspaces"])

        print("\ndaemon: commit -> running, webhook vs polling at the default interval (30 s)")
        hooked, polled = [], []
        for trial in range(3):
            name = f"{prefix}-hook-{trial}"
            declared.append((name, "running"))
            commit(declared, name)
            body = b'{"ref": "refs/heads/main"}'
            signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            start = time.perf_counter()
            code, _ = http(port, "POST", "/hooks/git", body, {"X-Hub-Signature-256": signature})
            if code != 202:
                sys.exit(f"bench: the webhook answered {code}")
            wait_for(f"{name} running", lambda: running(name), 120)
            hooked.append(time.perf_counter() - start)
        for trial in range(2):
            name = f"{prefix}-poll-{trial}"
            declared.append((name, "running"))
            # A commit lands at a random moment of the interval, not right after a pass.
            time.sleep(random.uniform(0, 30))
            start = time.perf_counter()
            commit(declared, name)
            wait_for(f"{name} running", lambda: running(name), 120)
            polled.append(time.perf_counter() - start)
        line("commit -> running with the webhook (median of 3)", statistics.median(hooked))
        line("commit -> running by polling, 30 s interval (median of 2, random commit times)", statistics.median(polled))
        line("ratio webhook / polling", statistics.median(hooked) / statistics.median(polled), "")

        print(f"\ndaemon: idle with {count} Gitspaces declared (stopped)")
        declared = [(f"{prefix}-{i:04d}", "stopped") for i in range(count)]
        start = time.perf_counter()
        commit(declared, f"{count} stopped")
        body = b"{}"
        signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        http(port, "POST", "/hooks/git", body, {"X-Hub-Signature-256": signature})

        def converged():
            status = daemon_status(port)
            if not status:
                return False
            stopped = sum(1 for g in status["gitspaces"] if g["phase"] == "Stopped" and g["ready"]["status"])
            return stopped == count and len(status["gitspaces"]) == count
        wait_for(f"{count} Gitspaces stopped", converged, 3600, every=2)
        line(f"creating {count} stopped Gitspaces (setup, not compared)", time.perf_counter() - start)
        # No-op passes on demand: each webhook asks for one.
        before = histogram(port, "gitspaces_reconcile_duration_seconds")
        probe = declared[0][0]
        passes = daemon_status(port, probe)["daemon"]["passes"]
        for _ in range(5):
            http(port, "POST", "/hooks/git", body, {"X-Hub-Signature-256": signature})
            passes += 1
            wait_for("a no-op pass", lambda: daemon_status(port, probe)["daemon"]["passes"] >= passes, 120, every=0.2)
        after = histogram(port, "gitspaces_reconcile_duration_seconds")
        line(f"no-op pass with {count} Gitspaces (mean of 5, from /metrics)", (after[0] - before[0]) / (after[1] - before[1]))
        cpu_before = cpu_seconds(daemon.pid)
        time.sleep(idle_seconds)
        cpu_after = cpu_seconds(daemon.pid)
        line(f"CPU seconds per idle minute ({idle_seconds:.0f} s window, 30 s interval)",
             (cpu_after - cpu_before) * 60 / idle_seconds)
        line(f"resident memory with {count} Gitspaces", rss_mib(daemon.pid), "MiB")
        target(f"daemon resident memory, {count} Gitspaces declared", rss_mib(daemon.pid), 64, "MiB")
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
        log.close()
        ids = subprocess.run(["docker", "ps", "-aq", "--filter", f"label=dev.gitspaces.instance={instance}"],
                             capture_output=True, text=True).stdout.split()
        for chunk in range(0, len(ids), 200):
            subprocess.run(["docker", "rm", "-f"] + ids[chunk:chunk + 200], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
