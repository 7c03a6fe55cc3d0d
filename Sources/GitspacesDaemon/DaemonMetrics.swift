import CoreMetrics
import Foundation
package import Prometheus

/// The daemon's metrics: swift-metrics instruments on this daemon's own Prometheus registry, which `GET /metrics`
/// renders. Dimensions are fixed, small sets (phase, action kind, result): never a commit or a container id.
///
/// The registry belongs to the instance, not to the process-wide `MetricsSystem` (bootstrapped at most once per
/// process), so several daemons in one process (the tests) each expose only their own numbers.
package final class DaemonMetrics: Sendable {
    /// Bucket bounds in seconds, shared by the duration histograms.
    static let buckets: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    enum Name {
        static let reconcileDuration = "gitspaces_reconcile_duration_seconds"
        static let reconcileErrors = "gitspaces_reconcile_errors_total"
        static let fetchDuration = "gitspaces_fetch_duration_seconds"
        static let fetchFailures = "gitspaces_fetch_failures_total"
        static let configRejected = "gitspaces_config_rejected_total"
        static let gitspaces = "gitspaces_gitspaces"
        static let applyActions = "gitspaces_apply_actions_total"
        static let webhookRequests = "gitspaces_webhook_requests_total"
        static let lastSuccess = "gitspaces_last_successful_reconcile_timestamp_seconds"
        static let idleStops = "gitspaces_idle_stops_total"
    }

    static let help: [String: String] = [
        Name.reconcileDuration: "Time of one reconcile pass (fetch, plan, apply).",
        Name.reconcileErrors: "Passes that failed as a whole (engine unreachable, for one).",
        Name.fetchDuration: "Time to fetch and read the config repository.",
        Name.fetchFailures: "Fetches of the config repository that failed.",
        Name.configRejected:
            "Config commits not applied because they do not validate or their signature is not trusted.",
        Name.gitspaces: "Gitspaces by phase.",
        Name.applyActions: "Applied plan actions by kind and result.",
        Name.webhookRequests: "Webhook calls by result.",
        Name.lastSuccess: "When a pass last completed.",
        Name.idleStops: "Gitspaces stopped after their idle timeout without an ssh/exec session or CPU use.",
    ]

    /// The registry `render()` writes out.
    package let registry: PrometheusCollectorRegistry
    private let factory: PrometheusHelpFactory
    private let reconcileDuration: CoreMetrics.Timer
    private let reconcileErrors: CoreMetrics.Counter
    private let fetchDuration: CoreMetrics.Timer
    private let fetchFailures: CoreMetrics.Counter
    private let configRejectedCount: CoreMetrics.Counter
    private let webhooks: [String: CoreMetrics.Counter]
    private let phases: [String: CoreMetrics.Gauge]
    private let lastSuccess: CoreMetrics.Gauge
    private let idleStops: CoreMetrics.Counter

    /// Metrics on a registry of their own.
    package convenience init() {
        self.init(registry: PrometheusCollectorRegistry())
    }

    /// Metrics on `registry`; every family is registered at once, so the exposition lists them before any event.
    package init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var base = PrometheusMetricsFactory(registry: registry)
        let bounds = Self.buckets.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }
        base.durationHistogramBuckets = [Name.reconcileDuration: bounds, Name.fetchDuration: bounds]
        let factory = PrometheusHelpFactory(base: base, help: Self.help)
        self.factory = factory
        reconcileDuration = CoreMetrics.Timer(label: Name.reconcileDuration, factory: factory)
        reconcileErrors = CoreMetrics.Counter(label: Name.reconcileErrors, factory: factory)
        fetchDuration = CoreMetrics.Timer(label: Name.fetchDuration, factory: factory)
        fetchFailures = CoreMetrics.Counter(label: Name.fetchFailures, factory: factory)
        configRejectedCount = CoreMetrics.Counter(label: Name.configRejected, factory: factory)
        phases = Dictionary(
            uniqueKeysWithValues: GitspacePhase.allCases.map { phase in
                (
                    phase.rawValue,
                    CoreMetrics.Gauge(label: Name.gitspaces, dimensions: [("phase", phase.rawValue)], factory: factory)
                )
            })
        webhooks = Dictionary(
            uniqueKeysWithValues: ["accepted", "rejected"].map { result in
                (
                    result,
                    CoreMetrics.Counter(label: Name.webhookRequests, dimensions: [("result", result)], factory: factory)
                )
            })
        lastSuccess = CoreMetrics.Gauge(label: Name.lastSuccess, factory: factory)
        idleStops = CoreMetrics.Counter(label: Name.idleStops, factory: factory)
    }

    /// A Gitspace stopped for being idle.
    package func idleStopped() {
        idleStops.increment()
    }

    package func reconciled(seconds: Double, failed: Bool) {
        reconcileDuration.recordSeconds(seconds)
        if failed { reconcileErrors.increment() } else { lastSuccess.record(Date().timeIntervalSince1970) }
    }

    package func fetched(seconds: Double, failed: Bool) {
        fetchDuration.recordSeconds(seconds)
        if failed { fetchFailures.increment() }
    }

    package func configRejected() {
        configRejectedCount.increment()
    }

    /// `result` is `accepted` or `rejected`.
    package func webhook(_ result: String) {
        webhooks[result]?.increment()
    }

    /// `kind` is a plan action kind; `result` is `success`, `failure` or `skipped`.
    package func action(kind: String, result: String) {
        // The registry hands back the series it already holds for these labels.
        CoreMetrics.Counter(
            label: Name.applyActions, dimensions: [("kind", kind), ("result", result)], factory: factory
        )
        .increment()
    }

    /// The number of Gitspaces in each phase; a phase left out has none.
    package func setPhases(_ counts: [String: Int]) {
        for (phase, gauge) in phases { gauge.record(counts[phase] ?? 0) }
    }

    /// The exposition text for `GET /metrics` (Prometheus text format, version 0.0.4).
    package func render() -> String {
        registry.emitToString()
    }
}
