import CatalogImport
import CatalogStore
import Foundation
import SupportModel

extension CatalogueBackend {
    /// The backend over a ``CatalogStore``: the same import pipeline and report as
    /// `supportmatch import`. Store calls are synchronous (GRDB), so they run on a dispatch
    /// queue rather than tying up one of the few threads of Swift's cooperative pool.
    public static func store(_ store: CatalogStore, taxonomies: Taxonomies) -> CatalogueBackend {
        CatalogueBackend(
            load: {
                try await offPool {
                    let offers = try store.activeOffers()
                    let version = try store.catalogueVersion()
                    let lastRun = try store.importRuns(limit: 50).first { $0.outcome == .succeeded && !$0.dryRun }
                    return LoadedCatalogue(
                        offers: offers, version: versionName(version),
                        lastImportAt: lastRun?.finishedAt.date)
                }
            },
            runImport: { upload in
                try await offPool {
                    let request = ImportRequest(
                        paths: [upload.file.path], format: upload.format.map { CatalogFormat(named: $0) },
                        policy: upload.skipInvalid ? .skipInvalid : .rejectImport, dryRun: upload.dryRun)
                    return CatalogImporter(store: store, taxonomies: taxonomies).run(request)
                }
            },
            history: { limit in
                try await offPool { try ImportReport.jsonEncoder().encode(try store.importRuns(limit: limit)) }
            },
            storedVersion: {
                // One indexed MAX over the import runs: cheap enough to ask every second.
                try await offPool { versionName(try store.catalogueVersion()) }
            })
    }

    /// `run-N` for the last successful import run, `empty` before any.
    private static func versionName(_ run: Int64?) -> String {
        run.map { "run-\($0)" } ?? "empty"
    }
}

/// Runs blocking work on a global dispatch queue and awaits its result.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}
