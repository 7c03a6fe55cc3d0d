import ArgumentParser
import Foundation
import Reconciler

/// Flags every command that touches the engine or the state accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The Docker Engine to talk to (default: DOCKER_HOST or unix:///var/run/docker.sock).")
    var dockerHost: String?

    /// As given; nil lets the daemon take it from its config file.
    @Option(
        name: .customLong("backend"),
        help: "docker: --docker-host runs the Gitspaces; swarm: it is a Swarm manager placing them on its nodes.")
    var backendOption: Backend?

    var backend: Backend { backendOption ?? .docker }

    @Option(
        help:
            "With --backend swarm: HOST/NAMESPACE of a registry; images are built once through the manager, pushed there, and pulled by the nodes."
    )
    var registry: String?

    @Option(
        help:
            "Where mirrors, workspaces and state live (default: /var/lib/gitspaces, or XDG_STATE_HOME/gitspaces when not root)."
    )
    var stateDir: String?

    /// As given; nil lets the daemon take it from its config file.
    @Option(
        name: .customLong("instance"),
        help: "The ownership label value: which instance's containers this is (default: default).")
    var instanceOption: String?

    var instance: String { instanceOption ?? "default" }

    /// Always absolute: workspaces under it are bind-mounted, and the engine takes absolute paths only.
    var resolvedStateDir: String { Self.stateDirectory(stateDir) }

    /// `given` made absolute, or the default.
    static func stateDirectory(_ given: String?) -> String {
        if let stateDir = given { return URL(fileURLWithPath: stateDir).standardizedFileURL.path }
        return StateLayout.defaultRoot()
    }

    var mirrorsDirectory: String { resolvedStateDir + "/mirrors" }
}

/// `--lock-timeout` of the commands that write state (see `StateLock`).
struct StateLockOptions: ParsableArguments {
    @Option(help: "How long to wait for the state lock another apply or daemon pass holds: 60s, 5m, 0 (no wait).")
    var lockTimeout: String = "60s"

    func validate() throws { _ = try timeout }

    var timeout: Duration {
        get throws {
            if let seconds = Double(lockTimeout), seconds == 0 { return .zero }
            return try DaemonCommand.duration(lockTimeout, flag: "lock-timeout")
        }
    }

    /// Takes the state lock for `command`; a timeout prints the holder and exits 3. The state directory is brought
    /// to this release's format (`StateFormat`) under the lock; one of a newer format is refused first, before the
    /// lock file is made, and exits 5.
    func acquire(stateDirectory: String, command: String) async throws -> StateLock {
        let timeout = try timeout
        try StateFormatCheck.refuseNewer(stateDirectory: stateDirectory)
        let lock: StateLock
        do {
            lock = try await StateLock.acquire(
                stateDirectory: stateDirectory, command: command, timeout: timeout,
                waiting: { holder in
                    printWarning(
                        "waiting for the state lock of \(stateDirectory), held by "
                            + (holder.map { "gitspaces \($0)" } ?? "another gitspaces process"))
                },
                tookOver: { holder in
                    printWarning(
                        "took over the state lock left by gitspaces \(holder), which ended without releasing it")
                })
        } catch {
            printError(error.message)
            throw ExitStatus.failure.exitCode
        }
        try StateFormatCheck.prepare(stateDirectory: stateDirectory)
        return lock
    }
}

/// Where a command reads manifests: a folder (PATH) or a git repository at a revision.
struct ConfigOptions: ParsableArguments {
    @Argument(help: "A folder (or file) of manifests. Default: the current folder, when --repo is not given.")
    var path: String?

    @Option(help: "Read manifests from this git repository (a local path or a URL) instead of a folder.")
    var repo: String?

    @Option(help: "The revision of --repo to read: a branch, tag or commit (default: HEAD).")
    var ref: String?

    @Option(name: .customLong("path"), help: "Read only this folder of --repo.")
    var subdirectory: String?

    func validate() throws {
        if repo != nil, path != nil {
            throw ValidationError("Give either a folder PATH or --repo, not both.")
        }
        if repo == nil, ref != nil || subdirectory != nil {
            throw ValidationError("--ref and --path read from a git repository: add --repo.")
        }
    }

    var source: ConfigSource {
        if let repo { return .git(repo: repo, revision: ref ?? "HEAD", path: subdirectory) }
        return .directory(path ?? ".")
    }
}

/// How diagnostics are printed.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    /// `FILE:LINE:COLUMN: error: MESSAGE`, one per line.
    case text
    case json
    /// GitHub Actions workflow commands, which annotate the pull request's files.
    case github
}

/// How workspaces are made: today, whether `hardware.disk` is enforced.
struct WorkspaceOptions: ParsableArguments {
    enum DiskMode: String, ExpressibleByArgument, CaseIterable {
        case auto, off
    }

    @Option(
        help: """
            auto: give each workspace that declares hardware.disk its own loop-mounted ext4 filesystem of that \
            size when the host allows it (root, loop devices); off: never (the size is only declared).
            """)
    var diskEnforcement: DiskMode = .auto

    var enforcement: DiskEnforcement {
        switch diskEnforcement {
        case .auto: DiskEnforcement.detect()
        case .off: .unenforced(reason: "--disk-enforcement off")
        }
    }
}
