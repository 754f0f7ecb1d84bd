import CatalogStore
import Foundation
import StoreTestSupport
import Synchronization
import Testing

/// PostgreSQL's watch on imports (LISTEN/NOTIFY), which `serve` replicas follow the catalogue
/// by: a committed import is reported, a dry or rejected one is not, and a cut connection is
/// reported and re-established. Skips with the reason when no PostgreSQL server can be started.
@Suite("Import notifications on PostgreSQL")
struct ImportNotificationTests {
    /// Liveness only: a notification takes milliseconds; the bound is for a loaded machine.
    static let bound: TimeInterval = 30

    @Test("A committed import is reported, a dry or rejected one is not; a cut watch comes back")
    func notifications() async throws {
        // Off the default executor's two threads, which a full run's synchronous tests hold for
        // minutes: the watch must not wait for one (see ``ElasticTaskExecutor``).
        try await withTaskExecutorPreference(ElasticTaskExecutor.shared) { try await checkNotifications() }
    }

    private func checkNotifications() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openTestStore(.postgres, in: directory.url)
        let signals = Signals()
        let watch = Task(executorPreference: ElasticTaskExecutor.shared) { await store.engine.watchImports { signals.append($0) } }
        defer { watch.cancel() }
        try await signals.waitFor(.watching, count: 1)

        let file = try Fixture.write([Fixture.offer("one")], to: directory.path("catalogue.json"))
        let bad = directory.path("bad.json")
        try Data(#"{"format": "supportmatch-catalogue", "version": 1, "source": "test", "offers": [{"id": "x"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: bad))
        // Notifications arrive in commit order: had the dry or the rejected run notified, its
        // signal would come before the committed run's.
        let dry = Fixture.importer(store).run(ImportRequest(paths: [file], dryRun: true))
        #expect(dry.outcome == .succeeded && dry.dryRun)
        let rejected = Fixture.importer(store).run(ImportRequest(paths: [bad]))
        #expect(rejected.outcome == .rejected)
        let committed = Fixture.importer(store).run(ImportRequest(paths: [file]))
        #expect(committed.outcome == .succeeded)
        try await signals.waitFor(.imported, count: 1)
        #expect(signals.all == [.watching, .imported])

        // Cut the watch's connection, as a database restart or a network fault would.
        let cut = try store.engine.write { db in
            try db.fetch("""
                SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'
                """, []).count
        }
        #expect(cut == 1)
        try await signals.waitFor(.lost, count: 1)
        try await signals.waitFor(.watching, count: 2)
        let again = Fixture.importer(store).run(ImportRequest(paths: [file]))
        #expect(again.outcome == .succeeded)
        try await signals.waitFor(.imported, count: 2)
        #expect(signals.all == [.watching, .imported, .lost, .watching, .imported])
    }
}

/// The signals a watch reported, in order.
private final class Signals: Sendable {
    private let list = Mutex<[ImportSignal]>([])

    func append(_ signal: ImportSignal) { list.withLock { $0.append(signal) } }
    var all: [ImportSignal] { list.withLock { $0 } }

    func waitFor(_ signal: ImportSignal, count: Int) async throws {
        let deadline = Date().addingTimeInterval(ImportNotificationTests.bound)
        while all.filter({ $0 == signal }).count < count {
            guard Date() < deadline else {
                Issue.record("no \(signal) number \(count) within \(ImportNotificationTests.bound) s; signals: \(all)")
                throw Timeout()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct Timeout: Error {}
}
