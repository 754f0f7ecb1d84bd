import CatalogStore
import Consultations
import Foundation
import HTTPTypes
public import Logging
import Matching
public import SupportApp
public import SupportModel
import Synchronization

/// Everything the routes share: configuration, vocabularies, the snapshot being served, the
/// store, metrics. Built once per application.
public final class SupportService: Sendable {
    public let configuration: ServerConfiguration
    public let taxonomies: Taxonomies
    public let state: CatalogState
    public let metrics: ServerMetrics
    /// The store and the workflows on it, shared with the command line.
    let catalog: CatalogWorkflow
    let imports = ImportSerializer()

    /// Saved consultations (the workflow's); `nil` turns the `/v1/profiles` and
    /// `/consultations` routes off.
    var consultations: ConsultationStore? { catalog.consultations }

    public init(configuration: ServerConfiguration, catalog: CatalogWorkflow) {
        self.configuration = configuration
        self.catalog = catalog
        taxonomies = catalog.taxonomies
        state = CatalogState()
        metrics = ServerMetrics()
    }

    /// Reads the store and publishes a new snapshot. The matcher's index is built here, off
    /// the request path (and off the cooperative pool); requests keep using the previous
    /// snapshot until `publish`.
    @discardableResult
    public func reloadCatalog() async throws -> CatalogSnapshot {
        let catalog = catalog
        return publish(try await offPool { try catalog.load() })
    }

    /// Publishes a catalogue loaded by the workflow as the snapshot being served.
    @discardableResult
    func publish(_ loaded: LoadedCatalog) -> CatalogSnapshot {
        let snapshot = CatalogSnapshot(catalog: loaded, taxonomies: taxonomies)
        state.publish(snapshot)
        metrics.recordSnapshot(snapshot)
        return snapshot
    }

    /// Serves imports made by other processes (another replica, `supportmatch import`): looks
    /// at the stored catalogue version (the last successful import run: one indexed `MAX`) and,
    /// when it differs from the served one, loads the store and swaps the index as an HTTP
    /// import does (through the same serializer, so the two never race). It looks when the
    /// store reports a committed import (PostgreSQL's NOTIFY, ``StoreEngine/watchImports(_:)``)
    /// and otherwise every `interval` (a quarter second: the promise is a new catalogue within
    /// 2 s); while the watch is in place, only every `watchedInterval`, as a safety net.
    /// Returns when the task is cancelled; a failed look is logged and retried.
    public func followStoredCatalog(every interval: Duration = .milliseconds(250), watchedInterval: Duration = .seconds(5),
                                    logger: Logger) async {
        let catalog = catalog
        let storedVersion: @Sendable () async throws -> String = { try await offPool { try catalog.storedVersion() } }
        let wakeup = FollowerWakeup()
        await withDiscardingTaskGroup { group in
            group.addTask {
                await catalog.store.engine.watchImports { signal in
                    switch signal {
                    case .watching:
                        wakeup.watching = true
                        wakeup.signal()
                    case .imported:
                        wakeup.signal()
                    case .lost:
                        if wakeup.watching { logger.warning("lost the database's import notifications; polling until they are back") }
                        wakeup.watching = false
                    }
                }
            }
            while !Task.isCancelled {
                await wakeup.wait(timeout: wakeup.watching ? watchedInterval : interval)
                guard !Task.isCancelled else { break }
                do {
                    guard try await storedVersion() != state.snapshot?.version else { continue }
                    try await imports.run {
                        // An HTTP import may have published it meanwhile.
                        let stored = try await storedVersion()
                        guard stored != state.snapshot?.version else { return }
                        let snapshot = try await reloadCatalog()
                        logger.info("catalogue changed in the database; now serving it", metadata: [
                            "catalogueVersion": .string(snapshot.version), "offers": .stringConvertible(snapshot.index.count),
                        ])
                    }
                } catch {
                    logger.warning("could not check the database for a new catalogue", metadata: ["error": .string("\(error)")])
                }
            }
            group.cancelAll()
        }
    }

    /// The snapshot, or 503 while the first one is still loading.
    func requireSnapshot() throws -> CatalogSnapshot {
        guard let snapshot = state.snapshot else {
            throw Problem(.serviceUnavailable, type: "/problems/not-ready", title: "Not ready",
                          detail: "the catalogue index is still loading")
        }
        return snapshot
    }

    /// The served catalogue as a baseline for saved consultations (the matcher's own index).
    func baseline() throws -> Baseline {
        Baseline(index: try requireSnapshot().index, today: today)
    }

    /// The API's profile decoder for `today` (English messages), made once per day and lent
    /// to every request of that day: each decoder made per request copied the vocabularies
    /// three times (its validator's, its parser's, the validator's parser's), retaining and
    /// releasing about sixty references shared by every request thread.
    func profileDecoder(today: Day) -> DayDecoder {
        if let current = decoder.withLock({ $0 }), current.day == today { return current }
        let made = DayDecoder(day: today, decoder: ProfileDecoder(taxonomies: taxonomies, today: today))
        decoder.withLock { $0 = made }
        return made
    }

    private let decoder = Mutex<DayDecoder?>(nil)

    /// "Today" for deadline checks: fixed in tests, the UTC date otherwise.
    var today: Day {
        if let fixed = configuration.today?(), let day = Day(iso: fixed) { return day }
        return Day.todayUTC()
    }
}

/// A profile decoder for one day (``SupportService/profileDecoder(today:)``); a class, so a
/// request borrows the decoder instead of copying its vocabularies.
final class DayDecoder: Sendable {
    let day: Day
    let decoder: ProfileDecoder

    init(day: Day, decoder: ProfileDecoder) {
        self.day = day
        self.decoder = decoder
    }

    /// ``ProfileDecoder/decode(_:source:)`` on the decoder in place (`box.decoder.decode(…)`
    /// from outside copied the decoder, vocabularies and all, for the call).
    func decode(_ body: Data) throws -> Profile {
        try decoder.decode(body)
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
