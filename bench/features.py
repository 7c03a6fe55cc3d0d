"""devcontainer Features benchmark for bench/run.py (issue #13).

A source repository whose devcontainer.json asks for two features on the busybox image:
- `./tools`, a local feature (a folder beside devcontainer.json, read from git at the commit);
- `127.0.0.1:PORT/bench/hello:1`, published to Debian's `docker-registry` on loopback by
  `publish_feature` (blobs uploaded, then the manifest PUT with the reference's media types and the
  `dev.containers.metadata` annotation). With `registry=False` a second local feature, `./hello`,
  stands in for it (the same files).

first:  `gitspaces apply` of one Gitspace of that source with an empty state directory and no features
        image on the engine: fetch the source, fetch the registry feature, build the features image
        (one layer per feature), create and start the container, run the features' hooks.
second: `gitspaces apply` with a second Gitspace of the same source added: the image and the feature
        cache are shared, so it only makes the workspace and the container. Target <= 0.1x the first,
        and no registry request (counted in the registry's access log while the second apply runs).

Each trial starts from nothing (its own state directory and instance, the features image removed);
the median of the trials is printed. Containers, the features images and the registry are removed at
the end.
"""
import hashlib
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request

SOURCE_NAME = "bench-features"  # the features image is gitspaces-features/bench-features:<digest>
IMAGE_REPOSITORY = "gitspaces-features/" + SOURCE_NAME
REGISTRY = "/usr/bin/docker-registry"

TOOLS = {
    "devcontainer-feature.json": json.dumps({
        "id": "tools", "version": "1.0.0", "name": "Tools",
        "options": {"flavour": {"type": "string", "enum": ["plain", "fancy"], "default": "plain"}},
        "containerEnv": {"TOOLS_HOME": "/opt/tools"},
        "postCreateCommand": "tools-info > /tmp/tools-info",
    }, indent=2) + "\n",
    # A small but real install: a folder of commands made from what the image has.
    "install.sh": """#!/bin/sh
set -e
mkdir -p /opt/tools/bin /usr/local/bin
for tool in ls cat sed awk grep sort uniq wc tr head tail; do
    ln -sf "$(command -v "$tool")" "/opt/tools/bin/$tool"
done
cat >/usr/local/bin/tools-info <<EOF
#!/bin/sh
echo "tools ($FLAVOUR) for $_REMOTE_USER: \\$(ls /opt/tools/bin | wc -l) commands"
EOF
chmod 755 /usr/local/bin/tools-info
""",
}

HELLO = {
    "devcontainer-feature.json": json.dumps({
        "id": "hello", "version": "1.0.0", "name": "Hello",
        "options": {"greeting": {"type": "string", "default": "hello"}},
        "containerEnv": {"HELLO_FEATURE": "1"},
    }, indent=2) + "\n",
    "install.sh": """#!/bin/sh
set -e
mkdir -p /usr/local/share /usr/local/bin
echo "$GREETING" > /usr/local/share/hello-installed
printf '#!/bin/sh\\necho "%s from the hello feature"\\n' "$GREETING" > /usr/local/bin/hello
chmod 755 /usr/local/bin/hello
""",
}


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def feature_layer(files):
    """The feature's files as a plain tar with `./` entries, as `devcontainer features publish` makes it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in sorted(files):
            data = files[name].encode()
            info = tarfile.TarInfo("./" + name)
            info.size = len(data)
            info.mode = 0o755 if name.endswith(".sh") else 0o644
            info.mtime = 0
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def request(method, url, body=None, headers=None):
    call = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(call, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def publish_feature(address, repository, tag, files):
    """Pushes a feature to the plain-HTTP registry at `address` (`127.0.0.1:PORT`): the config blob (`{}`) and
    the layer (`POST /v2/NAME/blobs/uploads/`, then `PUT <location>&digest=`), then the manifest under `tag`
    with the reference's media types and the `dev.containers.metadata` annotation. Returns the manifest digest."""
    base = f"http://{address}/v2/{repository}"
    config = b"{}"
    layer = feature_layer(files)
    for blob in (config, layer):
        status, headers, _ = request("POST", f"{base}/blobs/uploads/")
        location = headers.get("Location")
        if status != 202 or not location:
            sys.exit(f"bench: POST {base}/blobs/uploads/ answered {status}")
        if not location.startswith("http"):
            location = f"http://{address}{location}"
        separator = "&" if "?" in location else "?"
        status, _, body = request("PUT", f"{location}{separator}digest={digest(blob)}", blob,
                                  {"Content-Type": "application/octet-stream"})
        if status != 201:
            sys.exit(f"bench: uploading blob {digest(blob)} answered {status}: {body[:200]!r}")
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.devcontainers", "digest": digest(config), "size": len(config)},
        "layers": [{
            "mediaType": "application/vnd.devcontainers.layer.v1+tar", "digest": digest(layer), "size": len(layer),
            "annotations": {"org.opencontainers.image.title": f"devcontainer-feature-{repository.split('/')[-1]}.tgz"},
        }],
        "annotations": {
            "dev.containers.metadata": files["devcontainer-feature.json"],
            "com.github.package.type": "devcontainer_feature",
        },
    }, sort_keys=True, separators=(",", ":")).encode()
    status, _, body = request("PUT", f"{base}/manifests/{tag}", manifest,
                              {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
    if status != 201:
        sys.exit(f"bench: PUT manifest {repository}:{tag} answered {status}: {body[:200]!r}")
    return digest(manifest)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Registry:
    """Debian's `docker-registry` on 127.0.0.1, storing under `folder`; every request is a line of its access
    log (`requests()` counts them)."""

    def __init__(self, folder):
        if not os.access(REGISTRY, os.X_OK):
            sys.exit(f"bench: {REGISTRY} is missing: apt-get install docker-registry (scripts/ensure-deps.sh)")
        os.makedirs(folder, exist_ok=True)
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        config = os.path.join(folder, "config.yml")
        with open(config, "w") as f:
            f.write(f"version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: false\n"
                    f"storage:\n  filesystem:\n    rootdirectory: {os.path.join(folder, 'data')}\n"
                    f"http:\n  addr: {self.address}\n  secret: bench-{self.port}\n")
        self.log_path = os.path.join(folder, "access.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([REGISTRY, "serve", config], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()
        sys.exit(f"bench: docker-registry did not start on {self.address}; see {self.log_path}")

    def requests(self):
        """The requests answered so far: access-log lines (`"GET /v2/… HTTP/1.1" 200 …`)."""
        self.log.flush()
        with open(self.log_path, errors="replace") as f:
            return sum(1 for entry in f if '"GET /v2/' in entry or '"HEAD /v2/' in entry
                       or '"POST /v2/' in entry or '"PUT /v2/' in entry or '"PATCH /v2/' in entry)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def supports_registry_features(binary):
    """Whether this binary fetches registry features in apply (it then takes `--insecure-registry`)."""
    help_text = subprocess.run([binary, "apply", "--help"], capture_output=True, text=True).stdout
    return "--insecure-registry" in help_text


def make_source(work, git, image, hello_reference):
    """The source repository: devcontainer.json with `./tools` and the hello feature (registry or local)."""
    source = os.path.join(work, SOURCE_NAME)
    folder = os.path.join(source, ".devcontainer")
    features = {"./tools": {"flavour": "fancy"}, hello_reference: {"greeting": "hi"}}
    layout = {"tools": TOOLS}
    if hello_reference.startswith("./"):
        layout["hello"] = HELLO
    for name, files in layout.items():
        os.makedirs(os.path.join(folder, name))
        for file, text in files.items():
            path = os.path.join(folder, name, file)
            with open(path, "w") as f:
                f.write(text)
            os.chmod(path, 0o755 if file.endswith(".sh") else 0o644)
    with open(os.path.join(folder, "devcontainer.json"), "w") as f:
        json.dump({"image": image, "features": features}, f, indent=2)
    subprocess.run(git + ["init", "-q", "-b", "main", source], check=True)
    subprocess.run(git + ["-C", source, "add", "-A"], check=True)
    subprocess.run(git + ["-C", source, "commit", "-q", "-m", "source with two features"], check=True)
    return source


def make_plain_source(work, git, image):
    """A source repository without features on the same image: the cost of any new Gitspace."""
    source = os.path.join(work, "bench-plain")
    os.makedirs(os.path.join(source, ".devcontainer"))
    with open(os.path.join(source, ".devcontainer", "devcontainer.json"), "w") as f:
        json.dump({"image": image}, f)
    subprocess.run(git + ["init", "-q", "-b", "main", source], check=True)
    subprocess.run(git + ["-C", source, "add", "-A"], check=True)
    subprocess.run(git + ["-C", source, "commit", "-q", "-m", "source without features"], check=True)
    return source


def write_config(config, gitspaces):
    """`gitspaces`: (name, source) pairs."""
    with open(os.path.join(config, "gitspaces.yaml"), "w") as f:
        for name, source in gitspaces:
            f.write(f"---\napiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {{name: {name}}}\n"
                    f"spec:\n  repo: file://{source}\n  hardware: {{cpus: 0.5, memory: 64Mi}}\n  state: running\n")


def timed_apply(binary, config, common):
    start = time.perf_counter()
    result = subprocess.run([binary, "apply", config] + common, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: gitspaces apply exited {result.returncode}:\n{result.stdout[-1500:]}{result.stderr[-1500:]}")
    return elapsed, result.stdout


def container_output(name, command):
    result = subprocess.run(["docker", "exec", f"gitspace-{name}", "sh", "-c", command], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else f"(exit {result.returncode}: {result.stderr.strip()})"


def remove_features_images():
    images = subprocess.run(["docker", "images", "-q", IMAGE_REPOSITORY], capture_output=True, text=True).stdout.split()
    if images:
        subprocess.run(["docker", "rmi", "-f"] + sorted(set(images)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def remove_instance(instance):
    ids = subprocess.run(["docker", "ps", "-aq", "--filter", f"label=dev.gitspaces.instance={instance}"],
                         capture_output=True, text=True).stdout.split()
    if ids:
        subprocess.run(["docker", "rm", "-f", "-v"] + ids, stdout=subprocess.DEVNULL)


def bench_features(out, git, binary, line, image, ensure_image, trials=3, registry="auto"):
    """Prints the first apply of a Gitspace with two features, the second Gitspace of the same source, their
    ratio and the registry requests of the second, with the features installed on `image` (`ensure_image()`
    makes it). `registry`: "yes", "no", or "auto" (yes when the binary fetches registry features)."""
    if subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        print("\nfeatures: skipped, no Docker Engine answers (make engine starts one)")
        return
    ensure_image()
    use_registry = registry == "yes" or (registry == "auto" and supports_registry_features(binary))
    work = os.path.join(out, "features")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    server = Registry(os.path.join(work, "registry")) if use_registry else None
    instances = []
    try:
        if server:
            hello = f"{server.address}/bench/hello:1"
            publish_feature(server.address, "bench/hello", "1", HELLO)
        else:
            hello = "./hello"
        source = make_source(work, git, image, hello)
        plain = make_plain_source(work, git, image)
        print(f"\nfeatures: first apply of a Gitspace with two features (./tools and {hello}) "
              "vs a second Gitspace of the same source")
        if not server:
            print("  (registry feature off: a second local feature stands in; `--features-registry yes` once apply "
                  "fetches registry features)")
        firsts, seconds, plains, requests = [], [], [], []
        remove_features_images()
        for trial in range(trials):
            instance = f"bench-features-{os.getpid()}-{trial}"
            instances.append(instance)
            common = ["--instance", instance, "--state-dir", os.path.join(work, f"state-{trial}")]
            config = os.path.join(work, f"config-{trial}")
            os.makedirs(config)
            first_name, second_name = f"bf{trial}-first", f"bf{trial}-second"
            gitspaces = [(first_name, source)]
            write_config(config, gitspaces)
            first, output = timed_apply(binary, config, common)
            if "built" not in output:
                sys.exit(f"bench: the first apply did not build the features image:\n{output[-1500:]}")
            gitspaces.append((second_name, source))
            write_config(config, gitspaces)
            before = server.requests() if server else 0
            second, output = timed_apply(binary, config, common)
            after = server.requests() if server else 0
            if "already built" not in output:
                sys.exit(f"bench: the second apply did not reuse the features image:\n{output[-1500:]}")
            # The same apply for a Gitspace of a source without features: what any new Gitspace costs.
            gitspaces.append((f"bf{trial}-plain", plain))
            write_config(config, gitspaces)
            plains.append(timed_apply(binary, config, common)[0])
            firsts.append(first)
            seconds.append(second)
            requests.append(after - before)
            if trial == 0:
                check = "tools-info; hello; cat /tmp/tools-info"
                print(f"  (in {second_name}: {' | '.join(container_output(second_name, check).splitlines())})")
            remove_instance(instance)
            remove_features_images()
        first, second, bare = statistics.median(firsts), statistics.median(seconds), statistics.median(plains)
        line(f"first Gitspace: fetch, build, create (median of {trials})", first)
        line(f"second Gitspace of the same source (median of {trials})", second)
        line("ratio second / first (target <= 0.1)", second / first, "")
        line("a Gitspace of a source without features (baseline)", bare)
        line("ratio second / without features", second / bare, "")
        if server:
            line("registry requests of the second apply (target 0, max)", max(requests), "")
        else:
            print(f"  {'registry requests of the second apply':<58} {'n/a (no registry feature)':>10}")
    finally:
        for instance in instances:
            remove_instance(instance)
        remove_features_images()
        if server:
            server.stop()
