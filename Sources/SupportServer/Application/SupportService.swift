import CatalogStore
import Consultations
import Foundation
import Logging
import Matching
import SupportModel

/// Everything the routes share: configuration, vocabularies, the snapshot being served, the
/// store, metrics. Built once per application.
public final class SupportService: Sendable {
    public let configuration: ServerConfiguration
    public let taxonomies: Taxonomies
    public let state: CatalogueState
    public let metrics: ServerMetrics
    let backend: CatalogueBackend
    /// Saved consultations; `nil` turns the `/v1/profiles` and `/consultations` routes off.
    let consultations: ConsultationStore?
    let makeEngine: @Sendable ([Offer], Taxonomies) throws -> any RecommendationEngine
    let imports = ImportSerializer()

    public init(
        configuration: ServerConfiguration, taxonomies: Taxonomies, backend: CatalogueBackend,
        makeEngine: @escaping @Sendable ([Offer], Taxonomies) throws -> any RecommendationEngine,
        consultations: ConsultationStore? = nil
    ) {
        self.configuration = configuration
        self.taxonomies = taxonomies
        self.backend = backend
        self.consultations = consultations
        self.makeEngine = makeEngine
        state = CatalogueState()
        metrics = ServerMetrics()
    }

    /// Reads the store and publishes a new snapshot. The matcher's index is built here, off
    /// the request path; requests keep using the previous snapshot until `publish`.
    @discardableResult
    public func reloadCatalogue() async throws -> CatalogueSnapshot {
        let catalogue = try await backend.load()
        let engine = try makeEngine(catalogue.offers, taxonomies)
        let snapshot = CatalogueSnapshot(catalogue: catalogue, taxonomies: taxonomies, engine: engine)
        state.publish(snapshot)
        metrics.recordSnapshot(snapshot)
        return snapshot
    }

    /// Serves imports made by other processes: every `interval` (a quarter second: the check is
    /// one indexed `MAX` query, and the promise is a new catalogue within 2 s), compares the stored catalogue
    /// version with the served one and, when they differ, loads the store and swaps the index as
    /// an HTTP import does (through the same serializer, so the two never race). Returns when
    /// the task is cancelled; a failed poll is logged and retried.
    public func followStoredCatalogue(every interval: Duration = .milliseconds(250), logger: Logger) async {
        guard let storedVersion = backend.storedVersion else { return }
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                guard try await storedVersion() != state.snapshot?.version else { continue }
                try await imports.run {
                    // An HTTP import may have published it meanwhile.
                    let stored = try await storedVersion()
                    guard stored != state.snapshot?.version else { return }
                    let snapshot = try await reloadCatalogue()
                    logger.info("catalogue changed in the database; now serving it", metadata: [
                        "catalogueVersion": .string(snapshot.version), "offers": .stringConvertible(snapshot.engine.offerCount),
                    ])
                }
            } catch {
                logger.warning("could not check the database for a new catalogue", metadata: ["error": .string("\(error)")])
            }
        }
    }

    /// The snapshot, or 503 while the first one is still loading.
    func requireSnapshot() throws -> CatalogueSnapshot {
        guard let snapshot = state.snapshot else {
            throw Problem(.serviceUnavailable, type: "/problems/not-ready", title: "Not ready",
                          detail: "the catalogue index is still loading")
        }
        return snapshot
    }

    /// The served catalogue as a baseline for saved consultations (the matcher's own index).
    func baseline() throws -> Baseline {
        let snapshot = try requireSnapshot()
        guard let engine = snapshot.engine as? MatchingEngine else {
            throw Problem(.serviceUnavailable, type: "/problems/not-ready", title: "Not ready",
                          detail: "saved consultations need the matching engine")
        }
        return Baseline(index: engine.index, today: today)
    }

    /// After a successful import and the swap to its snapshot: re-matches the saved profiles
    /// and stores what changed for them. `nil` when consultations are off or none is saved.
    func detectChanges(runID: Int64?) async throws -> SavedProfileImpact? {
        guard let consultations, let runID, try consultations.count() > 0 else { return nil }
        let baseline = try baseline()
        return try await offPool {
            try ChangeDetector(baseline: baseline).run(store: consultations, runID: runID).impact
        }
    }

    /// "Today" for deadline checks: fixed in tests, the UTC date otherwise.
    var today: Day {
        if let fixed = configuration.today?(), let day = Day(iso: fixed) { return day }
        return Day.todayUTC()
    }
}

/// Runs imports one at a time: two uploads at once would race for the write lock and for the
/// snapshot swap, and an advisor gains nothing from parallel imports.
/// (An actor alone would not do: it is re-entrant at every `await`.)
actor ImportSerializer {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        while busy {
            await withCheckedContinuation { waiting.append($0) }
        }
        busy = true
        defer {
            busy = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await work()
    }
}
