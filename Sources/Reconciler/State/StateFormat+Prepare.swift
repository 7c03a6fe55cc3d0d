import Foundation
import Shared

extension StateFormat {
    /// What `prepare` found and did.
    package struct Preparation: Sendable, Hashable {
        /// The format the directory held: nil when it was fresh.
        package var found: StateFormat?
        /// The format it holds now (always `current` after a successful prepare).
        package var format: StateFormat
        /// The summaries of the steps run, in order.
        package var migrated: [String]

        /// Whether the format file was written: a fresh or unversioned directory, or a migration.
        package var wrote: Bool { found?.writtenBy == nil || !migrated.isEmpty }
    }

    /// Brings a state directory to the `current` format before anything else writes to it; the caller holds the
    /// state lock. A newer format is refused before anything is touched; an older one is migrated forward step by
    /// step, the file moved on after each step; a fresh directory or one without a file gets the file. A directory
    /// already at `current` is left as it is.
    @discardableResult
    package static func prepare(
        stateDirectory: String, release: String = Release.number, current: Int = current,
        migrations: [StateMigration] = StateMigration.all
    ) throws(StateFormatError) -> Preparation {
        let found = try check(stateDirectory: stateDirectory, reads: current, release: release)
        guard let found else {
            let format = StateFormat(version: current, writtenBy: release)
            try format.write(stateDirectory: stateDirectory)
            return Preparation(found: nil, format: format, migrated: [])
        }
        // Every step is found before the first runs: a gap stops nothing half way.
        var steps: [StateMigration] = []
        for version in found.version..<max(found.version, current) {
            guard let step = migrations.first(where: { $0.from == version }) else {
                throw StateFormatError(
                    code: .migrationFailed, stateDirectory: stateDirectory, found: found,
                    message: "this gitspaces \(release) cannot migrate the state directory \(stateDirectory) from "
                        + "format \(version): it knows no step from it; nothing was changed: run a release between "
                        + "the one that wrote it and this one first")
            }
            steps.append(step)
        }
        var format = found
        var migrated: [String] = []
        for step in steps {
            let version = format.version
            do {
                try step.run(stateDirectory)
            } catch {
                throw StateFormatError(
                    code: .migrationFailed, stateDirectory: stateDirectory, found: format,
                    message: "migrating the state directory \(stateDirectory) from format \(version) to "
                        + "\(version + 1) (\(step.summary)) failed: \(error); it is still at format \(version): "
                        + "fix the cause and run gitspaces again",
                    cause: error)
            }
            format = StateFormat(version: version + 1, writtenBy: release)
            try format.write(stateDirectory: stateDirectory)
            migrated.append(step.summary)
        }
        if format.writtenBy == nil {
            format.writtenBy = release
            try format.write(stateDirectory: stateDirectory)
        }
        return Preparation(found: found, format: format, migrated: migrated)
    }
}
