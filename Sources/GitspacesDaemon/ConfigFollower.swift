import Foundation
import GitspacesCore
import Logging
import Reconciler
import Redaction
import Shared

/// Follows the config repository: fetches it, loads the manifests once per new commit, and says which
/// commit is in force. A commit that does not validate is never applied: the last good one stays in force,
/// and so it does when a guard refuses the new commit's plan.
struct ConfigFollower: Sendable {
    let configuration: DaemonConfiguration
    let metrics: DaemonMetrics
    let logger: Logger

    /// A config commit and its desired state.
    typealias Candidate = (commit: String, desired: DesiredState)

    /// The commit to apply: the last attempted one when it validated, else the last good one; nil before any
    /// commit validated.
    static func inForce(_ memory: LoopMemory) -> Candidate? {
        if let attempted = memory.attempted, let desired = attempted.desired { return (attempted.commit, desired) }
        return memory.lastGood
    }

    /// The commit to apply instead of `refused`, whose plan a guard refused: the last good one, unless that
    /// is the refused commit itself (nil: apply nothing).
    static func fallback(from refused: Candidate, _ memory: LoopMemory) -> Candidate? {
        guard let good = memory.lastGood, good.commit != refused.commit else { return nil }
        return good
    }

    /// Fetches the config repository and loads the manifests at the fetched commit, once per new commit.
    func fetch(_ memory: inout LoopMemory) async {
        let start = ContinuousClock.now
        let configuration = configuration
        let result = await BlockingWork.run { () -> Result<ConfigSnapshot, ConfigSourceError> in
            let reader = ConfigReader(
                mirrorsDirectory: configuration.stateDirectory + "/mirrors",
                verifier: configuration.commitTrust.map(CommitVerifier.init(trust:)))
            return Result { () throws(ConfigSourceError) in
                try reader.read(
                    repo: configuration.repo, revisions: [configuration.revision], path: configuration.path)[0]
            }
        }
        let seconds = (ContinuousClock.now - start).inSeconds
        switch result {
        case .failure(let error) where error.code == .unverified:
            metrics.fetched(seconds: seconds, failed: false)
            memory.fetchError = nil
            memory.lastFetchAt = Date()
            refuse(error, commit: error.commit ?? "unknown", into: &memory)
        case .failure(let error):
            metrics.fetched(seconds: seconds, failed: true)
            let message = Redact.text(error.message, quoting: configuration.repo)
            if memory.fetchError != message {
                logger.error("fetching the config repository failed", metadata: ["error": "\(message)"])
            }
            memory.fetchError = message
        case .success(let snapshot):
            metrics.fetched(seconds: seconds, failed: false)
            memory.fetchError = nil
            memory.lastFetchAt = Date()
            let commit = snapshot.commit ?? "unknown"
            // A commit refused for its signature is loaded once it verifies (its key was added, say).
            guard memory.attempted?.commit != commit || memory.attempted?.unverified != nil else { return }
            load(snapshot, commit: commit, into: &memory)
        }
    }

    /// A commit whose signature is missing, untrusted or bad: nothing of it is read, as with an invalid commit
    /// the last good one stays in force, and status says why.
    private func refuse(_ error: ConfigSourceError, commit: String, into memory: inout LoopMemory) {
        let reason = Redact.text(error.message, quoting: configuration.repo)
        guard memory.attempted?.commit != commit || memory.attempted?.unverified != reason else { return }
        memory.attempted = LoopMemory.Loaded(commit: commit, desired: nil, errors: [], unverified: reason)
        metrics.configRejected()
        logger.error(
            "config commit not verified: not applied, the last good commit stays in force",
            metadata: ["gitspaces.commit": "\(commit)", "reason": "\(reason)"])
    }

    private func load(_ snapshot: ConfigSnapshot, commit: String, into memory: inout LoopMemory) {
        do {
            let desired = try ManifestLoader.load(snapshot.files, cache: memory.cache)
            memory.attempted = LoopMemory.Loaded(commit: commit, desired: desired, errors: [])
            var metadata: Logger.Metadata = [
                "gitspaces.commit": "\(commit)", "gitspaces.count": "\(desired.gitspaces.count)",
            ]
            if case .verified(let signer, let key) = snapshot.verification {
                metadata["gitspaces.signer"] = "\(signer) (\(key))"
            }
            logger.info("new config commit", metadata: metadata)
        } catch {
            let errors = error.diagnostics.map(\.description)
            memory.attempted = LoopMemory.Loaded(commit: commit, desired: nil, errors: errors)
            metrics.configRejected()
            logger.error(
                "config commit does not validate: not applied, the last good commit stays in force",
                metadata: [
                    "gitspaces.commit": "\(commit)", "errors": "\(errors.count)", "first": "\(errors.first ?? "")",
                ])
        }
        // Unchanged files are decoded once across commits; a fresh cache now and then bounds its memory.
        memory.loads += 1
        if memory.loads % 20 == 0 { memory.cache = ManifestCache() }
    }
}
