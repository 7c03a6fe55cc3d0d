import ArgumentParser
import Reconciler

/// How commands meet the state directory's format (`StateFormat`): a newer one is refused with exit 5 before
/// anything is touched; writers bring an older or unversioned one to this release's format under the state lock.
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

    /// Prints the error; the exit code for it.
    static func fail(_ error: StateFormatError) -> ExitCode {
        printError(error.message)
        return error.code == .newer ? ExitStatus.newerState.exitCode : ExitStatus.failure.exitCode
    }
}
