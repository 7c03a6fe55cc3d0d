"""Workspace benchmark for bench/run.py (issue #5).

A generated repository of a few thousand files and commits is served by `git daemon` on 127.0.0.1.
- first workspace: a pass's cost for the first Gitspace of the repository (fetch the mirror over
  git://, check out from it), against `git clone git://...` of the same repository. Target <= 1.2.
- second workspace: the next Gitspace of the repository (check the mirror is current, check out
  locally) against the first. Target <= 0.3.
- extra disk of the second workspace (what it adds next to the mirror and the first workspace)
  against a full `git clone`. Target <= 10%. The checked-out files are part of any workspace, so
  the repository data (.git) the second workspace adds is also shown against the clone's .git.
"""
import os
import random
import shutil
import socket
import statistics
import subprocess
import time

FILES = 3000
COMMITS = 2000
WORDS = [f"w{n:x}" for n in range(4096)]  # text that compresses about as well as source code


def make_source(out, git):
    """A repository with FILES files (about 2 KiB each) and COMMITS commits, made with fast-import."""
    path = os.path.join(out, "workspace-source.git")
    marker = os.path.join(path, "bench-complete")
    if os.path.exists(marker):
        return path
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run(git + ["init", "-q", "--bare", "-b", "main", path], check=True)
    random.seed(5)
    stream = []
    for commit in range(COMMITS):
        # The first commit adds every file; each later one changes three.
        changed = range(FILES) if commit == 0 else [(commit * 7 + k * 1009) % FILES for k in range(3)]
        message = f"change {commit}\n"
        stream.append(f"commit refs/heads/main\nmark :{commit + 1}\n"
                      f"committer bench <bench@gitspaces.invalid> {1700000000 + commit} +0000\n"
                      f"data {len(message)}\n{message}")
        if commit:
            stream.append(f"from :{commit}\n")
        for index in changed:
            body = f"file {index} revision {commit}\n" + " ".join(random.choice(WORDS) for _ in range(150)) + "\n"
            stream.append(f"M 100644 inline src/dir{index % 50}/file{index}.txt\ndata {len(body)}\n{body}\n")
    subprocess.run(git + ["-C", path, "fast-import", "--quiet"], input="".join(stream).encode(), check=True)
    subprocess.run(git + ["-C", path, "repack", "-a", "-d", "-q"], check=True)
    open(marker, "w").close()
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def disk_kib(*paths):
    """Disk used by the paths together, each inode counted once (hard links shared by them count once)."""
    output = subprocess.run(["du", "-s", "-k", "-c"] + list(paths), check=True, capture_output=True, text=True).stdout
    return int(output.strip().splitlines()[-1].split()[0])


def bench_workspaces(out, git, bench_binary, runs, line):
    source = make_source(out, git)
    port = free_port()
    exec_path = subprocess.run(["git", "--exec-path"], check=True, capture_output=True, text=True).stdout.strip()
    daemon = subprocess.Popen(
        [os.path.join(exec_path, "git-daemon"), "--reuseaddr", "--export-all", "--listen=127.0.0.1",
         f"--port={port}", f"--base-path={out}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        url = f"git://127.0.0.1:{port}/workspace-source.git"
        work = os.path.join(out, "workspaces")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)

        # Interleaved, one of each per round, with dirty pages flushed before each timing: the disk is the
        # bottleneck here, and a run must not pay for the writes of the one before it.
        clone = os.path.join(work, "clone")
        state = os.path.join(work, "state")
        clones, firsts, seconds = [], [], []
        for _ in range(runs):
            shutil.rmtree(clone, ignore_errors=True)
            os.sync()
            start = time.perf_counter()
            subprocess.run(["git", "clone", "-q", url, clone], check=True)
            clones.append(time.perf_counter() - start)
            os.sync()
            output = subprocess.run([bench_binary, "workspaces", url, state, "1"],
                                    check=True, capture_output=True, text=True).stdout
            measured = dict(l.split() for l in output.splitlines())
            firsts.append(float(measured["first"]))
            seconds.append(float(measured["second"]))
        git_clone, first, second = statistics.median(clones), statistics.median(firsts), statistics.median(seconds)
        mirror = os.path.join(state, "mirrors")
        workspaces = os.path.join(state, "instances", "bench", "workspaces")
        extra = disk_kib(mirror, workspaces + "/first", workspaces + "/second") - disk_kib(mirror, workspaces + "/first")
        extra_git = (disk_kib(mirror, workspaces + "/first", workspaces + "/second/.git")
                     - disk_kib(mirror, workspaces + "/first"))
        full = disk_kib(clone)
        full_git = disk_kib(clone + "/.git")

        print(f"\nworkspaces: a repository of {FILES} files and {COMMITS} commits over git:// on 127.0.0.1")
        line("git clone", git_clone)
        line("first workspace (fetch the mirror, check out)", first)
        line("ratio first workspace / git clone (target <= 1.2)", first / git_clone, "")
        line("second workspace (mirror current, local checkout)", second)
        line("ratio second / first (target <= 0.3)", second / first, "")
        line("full git clone on disk", full / 1024, "MiB")
        line("extra disk of the second workspace", extra / 1024, "MiB")
        line("ratio extra disk / full clone (target <= 0.10)", extra / full, "")
        line("  of which the checked-out files (a checkout needs them)", (extra - extra_git) / 1024, "MiB")
        line("  repository data (.git) of the second / clone's .git", extra_git / full_git, "")
        shutil.rmtree(work, ignore_errors=True)
    finally:
        daemon.kill()
        daemon.wait()
