import Foundation
import NIOConcurrencyHelpers

/// The daemon's Prometheus metrics, written by hand in the text exposition format (version 0.0.4).
/// Dimensions are fixed, small sets (phase, action kind, result): never a commit or a container id.
public final class DaemonMetrics: Sendable {
    /// Bucket bounds in seconds, shared by the duration histograms.
    static let buckets: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    struct Histogram: Sendable {
        var counts = [UInt64](repeating: 0, count: DaemonMetrics.buckets.count)
        var sum = 0.0
        var count: UInt64 = 0

        mutating func observe(_ seconds: Double) {
            for (index, bound) in DaemonMetrics.buckets.enumerated() where seconds <= bound { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    struct State: Sendable {
        var reconcileDuration = Histogram()
        var reconcileErrors: UInt64 = 0
        var fetchDuration = Histogram()
        var fetchFailures: UInt64 = 0
        var configRejected: UInt64 = 0
        var webhooks: [String: UInt64] = [:]
        var actions: [String: UInt64] = [:]
        var phases: [String: Int] = [:]
        var lastSuccess: Double = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public func reconciled(seconds: Double, failed: Bool) {
        state.withLockedValue {
            $0.reconcileDuration.observe(seconds)
            if failed { $0.reconcileErrors += 1 } else { $0.lastSuccess = Date().timeIntervalSince1970 }
        }
    }

    public func fetched(seconds: Double, failed: Bool) {
        state.withLockedValue {
            $0.fetchDuration.observe(seconds)
            if failed { $0.fetchFailures += 1 }
        }
    }

    public func configRejected() {
        state.withLockedValue { $0.configRejected += 1 }
    }

    /// `result` is `accepted` or `rejected`.
    public func webhook(_ result: String) {
        state.withLockedValue { $0.webhooks[result, default: 0] += 1 }
    }

    /// `kind` is a plan action kind; `result` is `success`, `failure` or `skipped`.
    public func action(kind: String, result: String) {
        state.withLockedValue { $0.actions["\(kind)\u{0}\(result)", default: 0] += 1 }
    }

    public func setPhases(_ counts: [String: Int]) {
        state.withLockedValue { $0.phases = counts }
    }

    /// The exposition text for `GET /metrics`.
    public func render() -> String {
        let state = self.state.withLockedValue { $0 }
        var out = ""
        func histogram(_ name: String, _ help: String, _ value: Histogram) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
            for (index, bound) in Self.buckets.enumerated() {
                out += "\(name)_bucket{le=\"\(Self.format(bound))\"} \(value.counts[index])\n"
            }
            out += "\(name)_bucket{le=\"+Inf\"} \(value.count)\n"
            out += "\(name)_sum \(Self.format(value.sum))\n\(name)_count \(value.count)\n"
        }
        func counter(_ name: String, _ help: String, _ value: UInt64) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name) \(value)\n"
        }
        histogram("gitspaces_reconcile_duration_seconds", "Time of one reconcile pass (fetch, plan, apply).", state.reconcileDuration)
        counter("gitspaces_reconcile_errors_total", "Passes that failed as a whole (engine unreachable, for one).", state.reconcileErrors)
        histogram("gitspaces_fetch_duration_seconds", "Time to fetch and read the config repository.", state.fetchDuration)
        counter("gitspaces_fetch_failures_total", "Fetches of the config repository that failed.", state.fetchFailures)
        counter("gitspaces_config_rejected_total", "Config commits not applied because they do not validate.", state.configRejected)
        out += "# HELP gitspaces_gitspaces Gitspaces by phase.\n# TYPE gitspaces_gitspaces gauge\n"
        for phase in GitspacePhase.allCases {
            out += "gitspaces_gitspaces{phase=\"\(phase.rawValue)\"} \(state.phases[phase.rawValue] ?? 0)\n"
        }
        out += "# HELP gitspaces_apply_actions_total Applied plan actions by kind and result.\n"
        out += "# TYPE gitspaces_apply_actions_total counter\n"
        for key in state.actions.keys.sorted() {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            out += "gitspaces_apply_actions_total{kind=\"\(parts[0])\",result=\"\(parts[1])\"} \(state.actions[key] ?? 0)\n"
        }
        out += "# HELP gitspaces_webhook_requests_total Webhook calls by result.\n"
        out += "# TYPE gitspaces_webhook_requests_total counter\n"
        for result in ["accepted", "rejected"] {
            out += "gitspaces_webhook_requests_total{result=\"\(result)\"} \(state.webhooks[result] ?? 0)\n"
        }
        out += "# HELP gitspaces_last_successful_reconcile_timestamp_seconds When a pass last completed.\n"
        out += "# TYPE gitspaces_last_successful_reconcile_timestamp_seconds gauge\n"
        out += "gitspaces_last_successful_reconcile_timestamp_seconds \(Self.format(state.lastSuccess))\n"
        return out
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
