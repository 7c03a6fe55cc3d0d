import CoreMetrics
import Prometheus

/// A swift-metrics factory over one Prometheus registry that also writes each family's `# HELP` line.
///
/// `PrometheusMetricsFactory` registers every metric with an empty help text, and the registry refuses a second
/// help text for a name it knows, so the described families are registered here with theirs; everything else
/// (buckets, the metrics without a description, destroying) goes through `PrometheusMetricsFactory`.
struct PrometheusHelpFactory: MetricsFactory {
    let base: PrometheusMetricsFactory
    /// Help text by metric name.
    let help: [String: String]

    var registry: PrometheusCollectorRegistry { base.registry }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let text = help[label] else { return base.makeCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(name: label, labels: dimensions, help: text)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let text = help[label] else {
            return base.makeFloatingPointCounter(label: label, dimensions: dimensions)
        }
        return registry.makeCounter(name: label, labels: dimensions, help: text)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let text = help[label] else {
            return base.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
        }
        guard aggregate else { return registry.makeGauge(name: label, labels: dimensions, help: text) }
        let buckets = base.valueHistogramBuckets[label] ?? base.defaultValueHistogramBuckets
        return registry.makeValueHistogram(name: label, labels: dimensions, buckets: buckets, help: text)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let text = help[label] else { return base.makeMeter(label: label, dimensions: dimensions) }
        return registry.makeGauge(name: label, labels: dimensions, help: text)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let text = help[label] else { return base.makeTimer(label: label, dimensions: dimensions) }
        let buckets = base.durationHistogramBuckets[label] ?? base.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(name: label, labels: dimensions, buckets: buckets, help: text)
    }

    func destroyCounter(_ handler: any CounterHandler) { base.destroyCounter(handler) }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        base.destroyFloatingPointCounter(handler)
    }

    func destroyRecorder(_ handler: any RecorderHandler) { base.destroyRecorder(handler) }

    func destroyMeter(_ handler: any MeterHandler) { base.destroyMeter(handler) }

    func destroyTimer(_ handler: any TimerHandler) { base.destroyTimer(handler) }
}
