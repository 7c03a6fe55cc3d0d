import DockerEngine
import Foundation
import GitspacesCore
import Reconciler
import Redaction
import Shared

/// Opens the engine for a command, turning an unreachable engine into one clear line and exit 3.
enum EngineSession {
    /// `first`, when given, runs before an engine failure is reported: a failure of its own (already reported, an
    /// invalid config read while the engine was asked, say) is what the command exits with.
    static func with<T>(
        _ global: GlobalOptions, reportingAfter first: (() async throws -> Void)? = nil,
        _ body: (DockerClient) async throws -> T
    ) async throws -> T {
        let docker: DockerClient
        do {
            docker = try DockerClient(host: global.dockerHost, directCalls: true)
        } catch {
            try await first?()
            printError("\(error)")
            throw ExitStatus.invalid.exitCode
        }
        do {
            // The first call negotiates the API version, which also tells whether the engine answers.
            _ = try await docker.apiVersion()
            let result = try await body(docker)
            try? await docker.shutdown()
            return result
        } catch let error as EngineError {
            try? await docker.shutdown()
            try await first?()
            printError(error.code == .unreachable ? error.message : "\(error)")
            throw ExitStatus.failure.exitCode
        } catch {
            try? await docker.shutdown()
            throw error
        }
    }

    /// Reads config snapshots (libgit2, off the cooperative pool); a missing folder, revision or path exits 2, a
    /// git failure 3.
    static func readConfig<T: Sendable>(_ read: @escaping @Sendable () throws(ConfigSourceError) -> T) async throws
        -> T
    {
        let result: Result<T, ConfigSourceError> = await BlockingWork.run {
            do throws(ConfigSourceError) {
                return .success(try read())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            // An unverified commit is refused like an invalid one: nothing is read from it, nothing changes.
            printError(error.code == .unverified ? error.message + "; nothing was changed" : error.message)
            throw ([.notFound, .unverified].contains(error.code) ? ExitStatus.invalid : ExitStatus.failure).exitCode
        }
    }

    /// The desired state of a snapshot; invalid manifests print their diagnostics and exit 2.
    static func load(_ snapshot: ConfigSnapshot, describedAs what: String, cache: ManifestCache? = nil) throws
        -> DesiredState
    {
        do {
            return try ManifestLoader.load(snapshot.files, cache: cache)
        } catch {
            throw invalid(error, snapshot, describedAs: what)
        }
    }

    /// Prints the problems of `snapshot`'s manifests; returns the exit status to throw (2).
    static func invalid(_ error: ManifestError, _ snapshot: ConfigSnapshot, describedAs what: String) -> any Error {
        let at = snapshot.commit.map { " (\($0.prefix(12)))" } ?? ""
        printError("the manifests of \(what)\(at) do not validate; nothing was changed:")
        writeOut(error.diagnostics.map { "\($0)\n" }.joined(), to: .standardError)
        return ExitStatus.invalid.exitCode
    }

    /// The desired state of a config source, with the commit read for git sources.
    static func desiredState(
        _ config: ConfigOptions, _ global: GlobalOptions, verifier: CommitVerifier? = nil
    ) async throws -> (DesiredState, String?) {
        try await desiredStateReader(config, global, verifier: verifier)()
    }

    /// Disk sizes are declared but not enforced yet: say so rather than pretend.
    /// Says when declared disk sizes are not enforced, and why (enforced sizes need no words).
    static func printDiskNotice(_ desired: DesiredState, enforcement: DiskEnforcement) {
        let limited = desired.gitspaces.filter { $0.hardware.disk != nil }.count
        guard limited > 0, case .unenforced(let reason) = enforcement else { return }
        printWarning(
            "hardware.disk is not enforced here (\(reason)): \(limited) Gitspace\(limited == 1 ? "" : "s") "
                + "declare a disk size that their workspaces may exceed")
    }

    static func printUnresolved(_ reconciliation: Reconciliation) {
        for (name, reason) in reconciliation.unresolved.sorted(by: { $0.key < $1.key }) {
            if reconciliation.observation.containers[name] != nil {
                printWarning("\(name): \(reason) (its container is kept as it is)")
            } else {
                // A review should see that a create is bound to fail (a refused devcontainer.json, say).
                printWarning("\(name) cannot be created: \(reason)")
            }
        }
    }
}

extension EngineSession {
    /// What devcontainer.json asks that Gitspaces does not do (`initializeCommand`), and its other warnings.
    static func printNotes(_ reconciliation: Reconciliation) {
        for (name, notes) in reconciliation.notes.sorted(by: { $0.key < $1.key }) {
            for note in notes { printWarning("\(name): \(note)") }
        }
    }
}

func printWarning(_ message: String) {
    writeOut("warning: \(Redact.text(message))\n", to: .standardError)
}

/// Writes `data` to `handle`; false when its reader is gone (a closed pipe: `gitspaces apply | head -1`), where
/// `FileHandle.write` would trap. The command goes on without its output: an apply is never cut short by its reader.
@discardableResult
func writeOut(_ data: Data, to handle: FileHandle) -> Bool {
    (try? handle.write(contentsOf: data)) != nil
}

/// `writeOut(_:to:)` for text, written as UTF-8.
@discardableResult
func writeOut(_ text: String, to handle: FileHandle) -> Bool {
    writeOut(Data(text.utf8), to: handle)
}

/// Writes a line to standard output unbuffered, so lines from concurrent actions appear as they end.
func emit(_ line: String) {
    writeOut(Redact.text(line) + "\n", to: .standardOutput)
}
