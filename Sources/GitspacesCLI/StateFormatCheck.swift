import ArgumentParser
import Reconciler

/// How commands meet the state directory: one of a newer format (`StateFormat`) is refused with exit 5 before
/// anything is touched; writers bring an older or unversioned one to this release's format under the state lock;
/// `apply` in a container refuses a state directory the engine does not see at the same path (exit 2).
enum StateFormatCheck {
    /// Exits 5 (with the message) when the state directory has a newer format than this release reads.
    static func refuseNewer(stateDirectory: String) throws {
        do {
            try StateFormat.check(stateDirectory: stateDirectory)
        } catch {
            throw fail(error)
        }
    }

    /// Migrates or stamps the state directory; the caller holds the state lock.
    static func prepare(stateDirectory: String) throws {
        do {
            let preparation = try StateFormat.prepare(stateDirectory: stateDirectory)
            for step in preparation.migrated {
                printWarning("migrated the state directory \(stateDirectory): \(step)")
            }
        } catch {
            throw fail(error)
        }
    }

    /// Exits 2 (with the fix) when this runs in a container whose engine does not see the state directory at the
    /// same path, so workspaces could not be bind-mounted (see `StateDirectoryMount`).
    static func refuseHiddenState(stateDirectory: String, runtime: any ContainerRuntime) async throws {
        do {
            try await StateDirectoryMount.verify(stateDirectory: stateDirectory, runtime: runtime)
        } catch {
            printError(error.message)
            throw ExitStatus.invalid.exitCode
        }
    }

    /// Prints the error; the exit code for it.
    static func fail(_ error: StateFormatError) -> ExitCode {
        printError(error.message)
        return error.code == .newer ? ExitStatus.newerState.exitCode : ExitStatus.failure.exitCode
    }
}
