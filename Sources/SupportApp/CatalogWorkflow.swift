public import BundledCatalog
public import CatalogStore
public import Consultations
public import Foundation
public import Matching
public import SupportModel

/// The catalogue workflows, written once for the command line and the server:
/// open the store → build the index (``index(sources:weights:)``, ``load()``), and
/// import → publish → detect changes for saved consultations (``importCatalog(_:today:progress:publish:)``).
///
/// Everything here is synchronous (GRDB and the index build are): the server runs it off the
/// cooperative pool, the CLI on its one thread.
public struct CatalogWorkflow: Sendable {
    public let store: CatalogStore
    public let taxonomies: Taxonomies
    /// Saved consultations re-matched after every import; `nil` leaves them out (the server's
    /// consultation routes are then off).
    public let consultations: ConsultationStore?
    /// Told where the served catalogue's index came from (``catalogIndex()``) and how long it
    /// took: the server logs it, so a slow start says why (a missing or stale index file).
    public var indexLog: (@Sendable (_ outcome: OfferIndex.FileOutcome?, _ message: String) -> Void)?
    /// How long a stale index file is waited for while another process writes it (an import
    /// in another process holds ``IndexFileLock``) before the index is built here instead.
    public var indexWriterTimeout: Duration = .seconds(600)

    public init(store: CatalogStore, taxonomies: Taxonomies = BundledCatalog.taxonomies, consultations: ConsultationStore?) {
        self.store = store
        self.taxonomies = taxonomies
        self.consultations = consultations
    }

    // MARK: Open the store, build the index

    /// The matcher's index over `offers` with the bundled matching resources (synonyms,
    /// derivation rules, concepts, ranking weights); `weights` replaces the bundled weights.
    public func index(of offers: [Offer], weights: URL? = nil) throws -> OfferIndex {
        OfferIndex(offers: offers, taxonomies: taxonomies, resources: try resources(weights: weights))
    }

    private func resources(weights: URL? = nil) throws -> MatchingResources {
        do {
            return try MatchingResources.load(from: BundledCatalog.analysisDirectory, weights: weights)
        } catch {
            throw WorkflowError.resources(String(describing: error))
        }
    }

    /// The index file of a SQLite store: `<store>.index` next to it (see `IndexFile` in
    /// Matching). `nil` for PostgreSQL: a replica has no local file of the store, and builds
    /// the index in memory at every load.
    public var indexFile: String? { (store.engine as? SQLiteEngine).map { $0.path + ".index" } }

    /// The index of the whole active catalogue. With an index file (SQLite) it reads only the
    /// offers' ids and content hashes (``CatalogStore/activeOfferVersions()``) and, when the
    /// file holds the current index, no offer at all: the index reads the records it shows from
    /// the store (``OfferRecords``), so a server holds the index, not the catalogue. Without a
    /// file (PostgreSQL) the offers are read and the index built in memory.
    public func catalogIndex() throws -> OfferIndex {
        let resources = try resources()
        let start = ContinuousClock.now
        guard let file = indexFile else {
            let index = OfferIndex(offers: try store.activeOffers(), taxonomies: taxonomies, resources: resources)
            indexLog?(nil, "built the index in memory (no local index file for \(store.path)) in \(start.duration(to: .now)) for \(index.count) offers")
            return index
        }
        let records = try activeRecords()
        // A rebuild streams the offers from the store into the file instead of holding them
        // and the whole index (1.3 GB at 100,000 offers).
        // A server that notices another process's import before that process has saved its
        // index file waits for the file rather than building the same index next to the one it
        // serves (the old catalogue is served meanwhile).
        let log = indexLog, timeout = indexWriterTimeout
        let (index, outcome) = try OfferIndex.open(
            records: records, taxonomies: taxonomies, resources: resources, file: file,
            awaitWriter: { IndexFileLock.waitForWriter(path: file + ".lock", timeout: timeout) { log?(nil, $0) } }
        ) { body in
            try store.activeOffers(batchSize: 512, body)
        }
        indexLog?(outcome, "\(outcome) in \(start.duration(to: .now)) for \(index.count) offers: \(file)")
        return index
    }

    /// The active offers as records the index reads on demand, keyed by their ids and content
    /// hashes (what ``CatalogStore/activeOfferVersions()`` reads: no offer is decoded).
    private func activeRecords() throws -> OfferRecords {
        var (ids, hashes) = try store.activeOfferVersions()
        if !zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) {
            // The store's collation and `OfferID`'s order can differ on non-ASCII ids.
            let order = ids.indices.sorted { ids[$0] < ids[$1] }
            ids = order.map { ids[$0] }
            hashes = order.map { hashes[$0] }
        }
        let store = store
        return OfferRecords(ids: ids, contentHashes: hashes) { ids, hashes in
            // A store error or a missing version fails the query that needed the record
            // (``RecordUnavailable``), not the process.
            try store.offers(ids, contentHashes: hashes).enumerated().map { position, offer in
                guard let offer else { throw RecordUnavailable(id: ids[position], contentHash: hashes[position], cause: nil) }
                return offer
            }
        }
    }

    /// Makes the store's index file current without opening the index (SQLite; nothing for
    /// PostgreSQL): what an import does when nothing in its process serves the catalogue, so
    /// the next `serve` maps the file, and the import holds only the streamed build's bounded
    /// memory, not the opened index too.
    public func saveIndexFile() throws {
        guard let file = indexFile else { return }
        let start = ContinuousClock.now
        let records = try activeRecords()
        let store = store
        let outcome = try OfferIndex.saveFile(records: records, taxonomies: taxonomies, resources: try resources(), file: file) { body in
            try store.activeOffers(batchSize: 512, body)
        }
        indexLog?(outcome, "\(outcome) in \(start.duration(to: .now)) for \(records.count) offers: \(file)")
    }

    /// The index over the store's active offers; with `sources`, over those sources' offers
    /// only, as if the store held nothing else (text statistics included). The whole catalogue
    /// with the bundled weights comes from the store's index file (``catalogIndex()``).
    public func index(sources: Set<String>? = nil, weights: URL? = nil) throws -> OfferIndex {
        if sources == nil, weights == nil { return try catalogIndex() }
        var offers = try store.activeOffers()
        if let sources { offers.removeAll { !sources.contains($0.id.source) } }
        return try index(of: offers, weights: weights)
    }

    /// The active catalogue's index and version: what a server publishes as one snapshot.
    public func load() throws -> LoadedCatalog {
        let version = try storedVersion()
        let lastRun = try store.importRuns(limit: 50).first { $0.outcome == .succeeded && !$0.dryRun }
        return LoadedCatalog(index: try catalogIndex(), version: version, lastImportAt: lastRun?.finishedAt.date)
    }

    /// `run-N` for the last successful import run, `empty` before any: one indexed `MAX` over
    /// the import runs, cheap enough to poll for imports made by another process.
    public func storedVersion() throws -> String {
        try store.catalogueVersion().map { "run-\($0)" } ?? "empty"
    }

    // MARK: Import, publish, detect changes

    /// Runs one import; after a successful (non-dry) one, `publish` swaps in the new catalogue
    /// and returns its index, and the saved consultations are re-matched against that index,
    /// their changes stored in the report (`savedProfiles`). Without `publish` (nothing serves
    /// this store in-process) the store's index file is made current (``saveIndexFile()``,
    /// without opening it; with saved profiles to re-match, ``catalogIndex()`` opens it;
    /// PostgreSQL builds an index only for them).
    public func importCatalog(
        _ request: ImportRequest, today: Day, progress: ((ImportProgress) -> Void)? = nil,
        publish: (() throws -> OfferIndex)? = nil
    ) throws -> ImportReport {
        // Held from before the commit until the index file is saved (or the import fails), so
        // a server following this store waits for this file instead of building its own.
        let lock = request.dryRun ? nil : indexFile.flatMap { IndexFileLock.exclusive(path: $0 + ".lock") }
        var report = withExtendedLifetime(lock) { CatalogImporter(store: store, taxonomies: taxonomies).run(request, progress: progress) }
        guard report.outcome == .succeeded, !request.dryRun, let runID = report.runID else { return report }
        // Without a server to publish to (the CLI), the index is built now and saved next to a
        // SQLite store, so the next `serve` or `recommend` maps it instead of building it.
        let rematch = try consultations.map { try $0.count() > 0 } ?? false
        let published: OfferIndex? = try withExtendedLifetime(lock) {
            if let publish { return try publish() }
            // Nothing to re-match: the file is all this process needs to leave behind.
            guard rematch else { try saveIndexFile(); return nil }
            return indexFile == nil ? nil : try catalogIndex()
        }
        guard let consultations, rematch else { return report }
        let detector = ChangeDetector(baseline: Baseline(index: try published ?? index(), today: today))
        report.savedProfiles = try detector.run(store: consultations, runID: runID).impact
        return report
    }
}

/// A catalogue's index (which reads its offers: ``OfferIndex/offers``) with the store state it
/// was made from.
public struct LoadedCatalog: Sendable {
    public var index: OfferIndex
    /// Identifies the store state (``CatalogWorkflow/storedVersion()``).
    public var version: String
    /// When the last successful import finished, if the store records one.
    public var lastImportAt: Date?

    public init(index: OfferIndex, version: String, lastImportAt: Date? = nil) {
        self.index = index
        self.version = version
        self.lastImportAt = lastImportAt
    }
}

public enum WorkflowError: Error, CustomStringConvertible {
    /// The bundled matching resources (or the weights file given) could not be read.
    case resources(String)

    public var description: String {
        switch self {
        case .resources(let reason): "matching resources: \(reason)"
        }
    }
}
