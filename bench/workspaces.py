"""Workspace benchmark for bench/run.py (issues #5 and #17).

A generated repository of a few thousand files and commits is served by `git daemon` on 127.0.0.1.
- first workspace: a pass's cost for the first Gitspace of the repository (fetch the mirror over
  git://, check out from it), against `git clone git://...` of the same repository. Target <= 1.0.
- second workspace: the next Gitspace of the repository (check the mirror is current, check out
  locally) against the first. Target <= 0.2. `git clone --local` of the mirror (hard-linked objects
  and a checkout, no network) is shown as the floor of a second copy.
- extra disk of the second workspace (what it adds next to the mirror and the first workspace)
  against a full `git clone`. Target <= 10%. The checked-out files are part of any workspace, so
  the repository data (.git) the second workspace adds is also shown against the clone's .git.

The disk's write-back dominates these timings (3,000 files per checkout): a side measured right
after another pays for that one's dirty pages. So the sides are interleaved, one of each per round
(git clone, first workspace, second workspace, git clone --local), for at least five rounds, and
before every side the page cache is settled the same way: `sync`, then waiting until the kernel's
Dirty + Writeback (/proc/meminfo) is below a few MiB (other processes on the machine may write
too). Each side is reported as the median with min-max; ratios are medians of the per-round ratios.
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


SETTLED_KIB = 4096  # Dirty + Writeback below this counts as settled
SETTLE_TIMEOUT = 20.0


def dirty_kib():
    values = {}
    with open("/proc/meminfo") as f:
        for entry in f:
            key, _, rest = entry.partition(":")
            if key in ("Dirty", "Writeback"):
                values[key] = int(rest.split()[0])
    return values.get("Dirty", 0) + values.get("Writeback", 0)


def settle():
    """Flushes dirty pages and waits for write-back to finish, the same way before every side; returns the
    Dirty + Writeback KiB left when it stopped waiting."""
    deadline = time.perf_counter() + SETTLE_TIMEOUT
    while True:
        os.sync()
        left = dirty_kib()
        if left < SETTLED_KIB or time.perf_counter() > deadline:
            return left
        time.sleep(0.1)


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def spread(values):
    return f"{statistics.median(values):.4f} s  ({min(values):.4f}-{max(values):.4f})"


def bench_workspaces(out, git, bench_binary, runs, line, report=None):
    """Returns {label: (ratio, target)} for the targets, and prints every side with median and min-max."""
    rounds = max(runs, 5)
    source = make_source(out, git)
    work = os.path.join(out, "workspaces")
    stale = work + ".stale"  # a run cut short: deleted at the end, not right before the timings
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
        if os.path.exists(work):
            shutil.rmtree(stale, ignore_errors=True)
            os.rename(work, stale)
        os.makedirs(work)

        def workspace(state, name):
            output = subprocess.run([bench_binary, "workspace", url, state, name],
                                    check=True, capture_output=True, text=True).stdout
            return float(dict(entry.split() for entry in output.splitlines())["seconds"])

        sides = {"clone": [], "first": [], "second": [], "local": []}
        left = []
        # Each round writes into folders of its own, and nothing is deleted until the end: without a journal,
        # ext4 skips inodes freed in the last minute when it allocates one (recently_deleted), so a checkout
        # right after deleting the last one paid for a scan of 3,000 freed inodes per side.
        # A warm-up round (not counted) puts the source's pack in the page cache and loads the binaries.
        for round in range(rounds + 1):
            here = os.path.join(work, f"round-{round}")
            clone, local, state = (os.path.join(here, name) for name in ("clone", "local", "state"))
            mirror = os.path.join(state, "mirrors", "bench.git")
            steps = (("clone", lambda: timed(["git", "clone", "-q", url, clone])),
                     ("first", lambda: workspace(state, "first")),
                     ("second", lambda: workspace(state, "second")),
                     ("local", lambda: timed(["git", "clone", "-q", "--local", mirror, local])))
            for side, measure in steps:
                left.append(settle())
                seconds = measure()
                if round:
                    sides[side].append(seconds)
        ratio = {
            "first": [f / c for f, c in zip(sides["first"], sides["clone"])],
            "second": [s / f for s, f in zip(sides["second"], sides["first"])],
            "local": [s / l for s, l in zip(sides["second"], sides["local"])],
        }
        workspaces = os.path.join(state, "instances", "bench", "workspaces")
        mirror_dir = os.path.join(state, "mirrors")
        extra = disk_kib(mirror_dir, workspaces + "/first", workspaces + "/second") - disk_kib(mirror_dir, workspaces + "/first")
        extra_git = (disk_kib(mirror_dir, workspaces + "/first", workspaces + "/second/.git")
                     - disk_kib(mirror_dir, workspaces + "/first"))
        full = disk_kib(clone)
        full_git = disk_kib(clone + "/.git")
        second_links = hard_linked_pack(workspaces + "/second/.git", mirror)

        print(f"\nworkspaces: a repository of {FILES} files and {COMMITS} commits over git:// on 127.0.0.1")
        print(f"  {rounds} interleaved rounds after a warm-up; before each side: sync, then Dirty+Writeback "
              f"< {SETTLED_KIB // 1024} MiB (median left {statistics.median(left) / 1024:.1f} MiB, "
              f"max {max(left) / 1024:.1f} MiB)")
        print(f"  {'side':<58} median (min-max)")
        print(f"  {'git clone git://':<58} {spread(sides['clone'])}")
        print(f"  {'first workspace (fetch the mirror, check out)':<58} {spread(sides['first'])}")
        print(f"  {'second workspace (mirror current, local checkout)':<58} {spread(sides['second'])}")
        print(f"  {'git clone --local of the mirror (floor of a second copy)':<58} {spread(sides['local'])}")
        results = {}
        for key, label, target in (("first", "ratio first workspace / git clone", 1.0),
                                   ("second", "ratio second workspace / first", 0.2)):
            values = ratio[key]
            median = statistics.median(values)
            print(f"  {label + f' (target <= {target})':<58} {median:10.2f}  ({min(values):.2f}-{max(values):.2f})"
                  f"  {'met' if median <= target else 'MISSED'}")
            results[label] = (median, target)
        values = ratio["local"]
        print(f"  {'ratio second workspace / git clone --local (floor)':<58} {statistics.median(values):10.2f}"
              f"  ({min(values):.2f}-{max(values):.2f})")
        print(f"  {'objects of the second workspace hard-linked to the mirror':<58} "
              f"{'yes' if second_links else 'NO (copied)'}")
        line("full git clone on disk", full / 1024, "MiB")
        line("extra disk of the second workspace", extra / 1024, "MiB")
        line("ratio extra disk / full clone (target <= 0.10)", extra / full, "")
        line("  of which the checked-out files (a checkout needs them)", (extra - extra_git) / 1024, "MiB")
        line("  repository data (.git) of the second / clone's .git", extra_git / full_git, "")
        return results
    finally:
        daemon.kill()
        daemon.wait()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)


def hard_linked_pack(git_dir, mirror):
    """Whether the pack files of `git_dir` are the mirror's (same inodes), i.e. shared rather than copied."""
    def inodes(path):
        pack = os.path.join(path, "objects", "pack")
        return {os.stat(os.path.join(pack, name)).st_ino for name in os.listdir(pack) if name.endswith(".pack")}
    ours, theirs = inodes(git_dir), inodes(mirror)
    return bool(ours) and ours <= theirs
