import CoreMetrics
import Metrics
import Prometheus
import Vapor

/// Prometheus metrics. Vapor reports request counts and durations through swift-metrics once the
/// system is bootstrapped; Tandem adds its own counters.
enum Metrics {
    static let registry = PrometheusCollectorRegistry()

    /// Bootstrapping twice traps, and tests build many apps in one process.
    private static let bootstrap: Void = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }()

    static func bootstrapOnce() { _ = bootstrap }

    static let outboxSent = Counter(label: "tandem_outbox_sent_total")
    static let outboxFailed = Counter(label: "tandem_outbox_failed_total")
    static let signIns = Counter(label: "tandem_sign_ins_total")

    static func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
