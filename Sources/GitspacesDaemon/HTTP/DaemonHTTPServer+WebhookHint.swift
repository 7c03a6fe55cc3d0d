import Hummingbird
import Logging
import NIOConcurrencyHelpers
import Redaction

extension DaemonHTTPServer {
    /// A signed call whose payload names repositories: a pass (which fetches every mirror, the named one with
    /// them) when one of them is followed; otherwise nothing, and the answer says so.
    func hinted(_ hint: WebhookHint, remote: String, event: String) -> Response {
        guard let repository = hint.match(backend.knownRepositories) else {
            logger.info(
                "webhook accepted: the repository it names is not followed, nothing fetched",
                metadata: ["remote": "\(remote)", "event": "\(event)"])
            return .text(
                .ok,
                "unknown repository: no Gitspace and not the config follow the repository in the payload; nothing fetched"
            )
        }
        let shown = Redact.url(repository)
        logger.info(
            "webhook accepted: fetching now",
            metadata: ["remote": "\(remote)", "event": "\(event)", "repository": "\(shown)"])
        backend.trigger()
        return .text(.accepted, "fetching \(shown)")
    }
}

extension DaemonHTTPBackend {
    /// None: a backend without a reconcile loop knows no repository.
    package var knownRepositories: Set<String> { [] }
}

extension DaemonReconciler {
    package var knownRepositories: Set<String> {
        shared.withLockedValue { $0.repositories }.union([configuration.repo])
    }
}
