import Foundation
import Prometheus

/// The service's Prometheus metrics, in a registry of its own (not the process-wide
/// `MetricsSystem`), so every test builds an application with fresh counters.
///
/// Labels are route *patterns* (`/v1/offers/{id}`), never raw paths, so the number of series
/// stays bounded whatever clients request.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    /// Request latency buckets: from 0.1 ms (a cached route on loopback) to 5 s.
    static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    private let indexOffers: Gauge
    private let catalogLoadedAt: Gauge
    private let lastImportAt: Gauge
    private let importsTotal: Counter

    public init() {
        indexOffers = registry.makeGauge(descriptor: .init(
            namespace: "supportmatch", metricName: "index_offers", unitName: "",
            helpText: "Offers in the matching index currently served."))
        catalogLoadedAt = registry.makeGauge(descriptor: .init(
            namespace: "supportmatch", metricName: "index_loaded_timestamp", unitName: "seconds",
            helpText: "When the index currently served was built (Unix time)."))
        lastImportAt = registry.makeGauge(descriptor: .init(
            namespace: "supportmatch", metricName: "last_import_timestamp", unitName: "seconds",
            helpText: "When the last successful import of the catalogue finished (Unix time); 0 if none is recorded."))
        importsTotal = registry.makeCounter(descriptor: .init(
            namespace: "supportmatch", metricName: "imports", unitName: "total",
            helpText: "Imports run through the HTTP API, dry runs included."))
    }

    /// Counts one request and records its latency under its route pattern.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(
                namespace: "supportmatch", subsystem: "http", metricName: "requests", unitName: "total",
                helpText: "HTTP requests by method, route pattern and status."),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "supportmatch", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                helpText: "HTTP request latency by method and route pattern."),
            labels: [("method", method), ("route", route)],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    func recordSnapshot(_ snapshot: CatalogSnapshot) {
        indexOffers.set(Double(snapshot.offerCount))
        catalogLoadedAt.set(snapshot.loadedAt.timeIntervalSince1970)
        lastImportAt.set(snapshot.lastImportAt?.timeIntervalSince1970 ?? 0)
    }

    func recordImport() { importsTotal.increment() }

    /// The Prometheus text exposition format (version 0.0.4).
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
