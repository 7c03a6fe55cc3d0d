import GitspacesDaemon
import GitspacesTestScope
import Testing

/// The exposition that swift-prometheus writes for `DaemonMetrics`: the families, types and help texts the daemon
/// has always exposed, the fixed label sets, and a registry per daemon.
@Suite(.onWidePool)
struct DaemonMetricsExpositionTests {
    static let families: [(name: String, type: String, help: String)] = [
        ("gitspaces_reconcile_duration_seconds", "histogram", "Time of one reconcile pass (fetch, plan, apply)."),
        ("gitspaces_reconcile_errors_total", "counter", "Passes that failed as a whole (engine unreachable, for one)."),
        ("gitspaces_fetch_duration_seconds", "histogram", "Time to fetch and read the config repository."),
        ("gitspaces_fetch_failures_total", "counter", "Fetches of the config repository that failed."),
        (
            "gitspaces_config_rejected_total", "counter",
            "Config commits not applied because they do not validate or their signature is not trusted."
        ),
        ("gitspaces_gitspaces", "gauge", "Gitspaces by phase."),
        ("gitspaces_apply_actions_total", "counter", "Applied plan actions by kind and result."),
        ("gitspaces_webhook_requests_total", "counter", "Webhook calls by result."),
        ("gitspaces_last_successful_reconcile_timestamp_seconds", "gauge", "When a pass last completed."),
        (
            "gitspaces_idle_stops_total", "counter",
            "Gitspaces stopped after their idle timeout without an ssh/exec session or CPU use."
        ),
    ]

    @Test func everyFamilyHasItsTypeAndHelpText() {
        let metrics = DaemonMetrics()
        metrics.action(kind: "create", result: "success")
        let text = metrics.render()
        for family in Self.families {
            #expect(text.contains("# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type)\n"))
        }
        let typeLines = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
        #expect(typeLines.count == Self.families.count)
    }

    @Test func fixedLabelSetsAndZeroesAreExposedBeforeAnythingHappens() {
        let text = DaemonMetrics().render()
        for phase in ["Pending", "Creating", "Running", "Stopped", "Failed", "Blocked"] {
            #expect(text.contains("gitspaces_gitspaces{phase=\"\(phase)\"} 0.0\n"))
        }
        #expect(text.contains("gitspaces_webhook_requests_total{result=\"accepted\"} 0\n"))
        #expect(text.contains("gitspaces_webhook_requests_total{result=\"rejected\"} 0\n"))
        #expect(text.contains("gitspaces_reconcile_errors_total 0\n"))
        #expect(text.contains("gitspaces_last_successful_reconcile_timestamp_seconds 0.0\n"))
        #expect(!text.contains("gitspaces_apply_actions_total{"))
    }

    @Test func durationsFallIntoTheDaemonsBucketsInSeconds() {
        let metrics = DaemonMetrics()
        metrics.fetched(seconds: 0.25, failed: false)
        metrics.fetched(seconds: 7, failed: false)
        metrics.fetched(seconds: 500, failed: true)
        let text = metrics.render()
        let bounds = ["0.01", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "120.0"]
        let counts = [0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2]
        for (bound, count) in zip(bounds, counts) {
            #expect(text.contains("gitspaces_fetch_duration_seconds_bucket{le=\"\(bound)\"} \(count)\n"))
        }
        #expect(text.contains("gitspaces_fetch_duration_seconds_bucket{le=\"+Inf\"} 3\n"))
        #expect(text.contains("gitspaces_fetch_duration_seconds_sum 507.25\n"))
        #expect(text.contains("gitspaces_fetch_duration_seconds_count 3\n"))
        #expect(text.contains("gitspaces_fetch_failures_total 1\n"))
    }

    @Test func eachDaemonCountsInItsOwnRegistry() {
        let first = DaemonMetrics()
        let second = DaemonMetrics()
        first.webhook("accepted")
        first.configRejected()
        first.action(kind: "delete", result: "failure")
        #expect(first.render().contains("gitspaces_webhook_requests_total{result=\"accepted\"} 1\n"))
        #expect(first.render().contains("gitspaces_config_rejected_total 1\n"))
        #expect(second.render().contains("gitspaces_webhook_requests_total{result=\"accepted\"} 0\n"))
        #expect(second.render().contains("gitspaces_config_rejected_total 0\n"))
        #expect(!second.render().contains("kind=\"delete\""))
    }

    @Test func phaseCountsReplaceTheLastOnes() {
        let metrics = DaemonMetrics()
        metrics.setPhases(["Running": 3, "Failed": 1])
        metrics.setPhases(["Running": 2])
        let text = metrics.render()
        #expect(text.contains("gitspaces_gitspaces{phase=\"Running\"} 2.0\n"))
        #expect(text.contains("gitspaces_gitspaces{phase=\"Failed\"} 0.0\n"))
    }
}
