import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import PostgresStore
import StoreTestSupport
import SupportModel
import Testing

/// Two catalogues of the same source and the same ids whose every offer differs, so a store
/// holding some offers of each is told apart from one holding either.
enum AlternatingCatalogues {
    static func offers(version: String, count: Int) -> [Offer] {
        (0..<count).map { index in
            var offer = Fixture.offer("loop-\(index)", source: "loop")
            offer.title = "Förderprogramm \(index), Fassung \(version)"
            return offer
        }
    }

    /// The active offers' content hashes: the catalogue as a matcher would see it.
    static func activeHashes(_ store: CatalogStore) throws -> Set<String> {
        Set(try store.offers(source: "loop").map { $0.offer.provenance?.contentHash ?? "" })
    }
}

/// The crash guarantee under many kills: `supportmatch import` killed with SIGKILL at random
/// points while it switches the store between two catalogues. After every kill the store opens,
/// passes its integrity check (`PRAGMA integrity_check`; on PostgreSQL every stored version
/// against its hash), and holds exactly one of the two catalogues. On both engines: with
/// PostgreSQL the killed importer's connection drops and the server rolls its transaction back.
///
/// Opt-in (`SUPPORTMATCH_KILL_LOOP=<kills>`, set by `.ci/run`): it runs the real binary
/// dozens of times. PostgreSQL gets `SUPPORTMATCH_KILL_LOOP_POSTGRES` kills, by default the
/// same number capped at 25 (the issue asks for 20; CI time is shared). The single-kill cases
/// in ``KillDuringImportTests`` always run.
@Suite("SIGKILL loop during imports", .serialized,
       .enabled(if: BuiltBinary.supportmatch != nil, "needs the built supportmatch executable next to the test bundle"),
       .enabled(if: KillLoop.kills != nil, "set SUPPORTMATCH_KILL_LOOP=<kills> (.ci/run sets 60) to run the kill loop"))
struct KillLoopTests {
    @Test("every kill leaves an intact store holding exactly the old or exactly the new catalogue", arguments: StoreKind.allCases)
    func killLoop(_ kind: StoreKind) throws {
        let wantedKills = try #require(kind == .postgres ? KillLoop.postgresKills : KillLoop.kills)
        let binary = try #require(BuiltBinary.supportmatch)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 300 offers keep a debug build's import at a few seconds (debug imports grow faster
        // than linearly); with a release binary (SUPPORTMATCH_BINARY) use a few thousand.
        let count = KillLoop.offers
        let files = ["A", "B"].map { directory.path("catalogue-\($0).json") }
        for (file, version) in zip(files, ["A", "B"]) {
            try Fixture.write(AlternatingCatalogues.offers(version: version, count: count), source: "loop", to: file)
        }
        // The hash sets of each catalogue, from a clean import of each.
        var expected: [Set<String>] = []
        for file in files {
            let path = directory.path("reference-\(expected.count).sqlite")
            let store = try CatalogStore(path: path)
            let report = Fixture.importer(store).run(ImportRequest(paths: [file]))
            try #require(report.outcome == .succeeded)
            expected.append(try AlternatingCatalogues.activeHashes(store))
        }
        try #require(expected[0].count == count && expected[1].count == count && expected[0].isDisjoint(with: expected[1]))

        let database = kind == .postgres ? try postgresTestDatabase() : directory.path("catalogue.sqlite")
        let first = try ChildProcess.run(binary, ["import", files[0], "--database", database])
        try #require(first.status == 0, "\(first.stderr)")
        // How long an uninterrupted import takes, so kills land anywhere in it: the median of
        // three (B, A, B, each a full change), since one import on a loaded machine can take
        // several times the others.
        let clock = ContinuousClock()
        var timings: [Double] = []
        for file in [files[1], files[0], files[1]] {
            let timed = try clock.measure {
                let run = try ChildProcess.run(binary, ["import", file, "--database", database])
                try #require(run.status == 0, "\(run.stderr)")
            }
            timings.append(timed.seconds)
        }
        // A little longer than an import, so some imports commit before the kill and most do
        // not. The window then follows what the imports do under the machine's load of the
        // moment: a finished import shortens it, a kill lengthens it a little.
        let initialWindow = max(0.05, timings.sorted()[1] * 1.5)
        var window = initialWindow

        var generator = SystemRandomNumberGenerator()
        var kills = 0, completed = 0, attempts = 0, held = [0, 0]
        // Always import the catalogue the store does not hold, so every attempt is a full change
        // (re-importing the held one is a quick no-op that would finish before most kills and
        // make the window measure nothing). The timed imports left B.
        var holding = 1
        // Until enough kills and both catalogues seen (some imports of each committed), within a
        // bound on attempts.
        while (kills < wantedKills || held.contains(0)) && attempts < wantedKills * 4 {
            let file = files[1 - holding]
            attempts += 1
            let child = try ChildProcess.start(binary, ["import", file, "--database", database])
            usleep(UInt32(Double.random(in: 0...window, using: &generator) * 1_000_000))
            child.kill()
            let (reason, _) = child.wait()
            if reason == .uncaughtSignal {
                kills += 1
                window = min(window * 1.05, initialWindow * 3)
            } else {
                completed += 1
                window = max(window * 0.8, 0.05)
            }

            let store = try CatalogStore.open(database)
            #expect(try store.integrityCheck() == ["ok"], "after attempt \(attempts)")
            let hashes = try AlternatingCatalogues.activeHashes(store)
            let which = expected.firstIndex(of: hashes)
            #expect(which != nil, "attempt \(attempts): a mix — \(hashes.intersection(expected[0]).count) offers of A, \(hashes.intersection(expected[1]).count) of B")
            if let which { held[which] += 1; holding = which }
            if which == nil { break }
        }
        print("kill loop (\(kind)): \(kills) SIGKILLs during imports, \(completed) imports finished before the kill, \(attempts) attempts; store held A \(held[0]) times, B \(held[1]) times; import window \(String(format: "%.2f", initialWindow)) s at first, \(String(format: "%.2f", window)) s at the end")
        #expect(kills >= wantedKills, "only \(kills) of \(attempts) attempts were killed mid-import")
        #expect(held[0] > 0 && held[1] > 0, "kills landed before and after commits (both catalogues seen)")
    }
}

enum KillLoop {
    static let kills: Int? = ProcessInfo.processInfo.environment["SUPPORTMATCH_KILL_LOOP"].flatMap(Int.init)
    static let offers: Int = ProcessInfo.processInfo.environment["SUPPORTMATCH_KILL_LOOP_OFFERS"].flatMap(Int.init) ?? 300
    static let postgresKills: Int? = ProcessInfo.processInfo.environment["SUPPORTMATCH_KILL_LOOP_POSTGRES"].flatMap(Int.init)
        ?? kills.map { min($0, 25) }
}

/// Storage faults: the disk fills up, the database is read-only, or another process holds
/// the write lock. Each gives a clear error and leaves the store as it was.
@Suite("Storage faults during imports", .serialized)
struct StorageFaultTests {
    /// `supportmatch import` under a file-size limit (RLIMIT_FSIZE via `ulimit -f`, SIGXFSZ
    /// ignored so writes fail with EFBIG instead of killing the process): SQLite cannot grow
    /// the write-ahead log, as on a full disk.
    @Test("disk full: the import fails with a clear error and the store is intact and unchanged",
          .enabled(if: BuiltBinary.supportmatch != nil, "needs the built supportmatch executable"))
    func diskFull() throws {
        let binary = try #require(BuiltBinary.supportmatch)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = directory.path("catalogue.sqlite")
        let setup = try ChildProcess.run(binary, ["imports", "--database", database])
        try #require(setup.status == 0, "\(setup.stderr)")
        let before = try Fixture.state(of: try CatalogStore(path: database))
        let big = try Fixture.write(AlternatingCatalogues.offers(version: "A", count: 5_000), source: "loop", to: directory.path("big.json"))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: database)[.size] as? NSNumber).intValue
        // 512-byte blocks: room for the existing file and a little more, not for 5,000 offers.
        let blocks = size / 512 + 256
        let script = "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" \"$@\""
        let result = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script, binary.path, "import", big, "--database", database])
        #expect(result.status != 0)
        let output = result.stdout + result.stderr
        #expect(output.contains("disk is full") || output.contains("disk I/O error") || output.contains("File too large"), "\(output)")
        let store = try CatalogStore(path: database)
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try Fixture.state(of: store) == before)
    }

    /// A database the importing user may not write. Tests run as root in CI, and root ignores
    /// file modes, so as root the child runs as `nobody` (setpriv) against a root-owned 0644
    /// file; otherwise the file and its folder are made read-only with chmod.
    @Test("read-only database: a clear error, nothing changed",
          .enabled(if: BuiltBinary.supportmatch != nil, "needs the built supportmatch executable"),
          .enabled(if: ReadOnlyRunner.isAvailable, "needs setpriv when running as root"))
    func readOnlyDatabase() throws {
        let binary = try #require(BuiltBinary.supportmatch)
        let directory = try TemporaryDirectory()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.url.path)
            directory.remove()
        }
        let database = directory.path("catalogue.sqlite")
        let setup = try ChildProcess.run(binary, ["imports", "--database", database])
        try #require(setup.status == 0, "\(setup.stderr)")
        let before = try Fixture.state(of: try CatalogStore(path: database))
        let file = try Fixture.write([Fixture.offer("neu", source: "supportmatch")], source: "supportmatch", to: directory.path("one.json"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.url.path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: directory.path(name))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.url.path)

        let result = try ReadOnlyRunner.run(binary, ["import", file, "--database", database])
        #expect(result.status != 0)
        let output = result.stdout + result.stderr
        #expect(output.contains("readonly") || output.contains("read-only") || output.contains("unable to open"), "\(output)")
        #expect(!output.contains("Fatal error"), "\(output)")

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.url.path)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.url.path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory.path(name))
        }
        let store = try CatalogStore(path: database)
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try Fixture.state(of: store) == before)
    }

    /// Another writer holds the lock: an import in this process is parked inside its
    /// transaction (its progress callback waits), and a second store on the same file, with a
    /// one-second busy timeout, tries to import.
    @Test("locked database: the second import fails with \"database is locked\" and the first commits")
    func lockedDatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = directory.path("catalogue.sqlite")
        let holder = try CatalogStore(path: database)
        let first = try Fixture.write([Fixture.offer("eins", source: "lock")], source: "lock", to: directory.path("first.json"))
        let second = try Fixture.write([Fixture.offer("zwei", source: "other")], source: "other", to: directory.path("second.json"))

        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let firstOutcome = OutcomeBox()
        Thread.detachNewThread {
            let report = Fixture.importer(holder).run(ImportRequest(paths: [first])) { _ in
                inside.signal()
                release.wait()
            }
            firstOutcome.set(report.outcome)
            finished.signal()
        }
        #expect(inside.wait(timeout: .now() + 30) == .success)
        let contender = try CatalogStore(path: database, busyTimeout: 1)
        let report = Fixture.importer(contender).run(ImportRequest(paths: [second]))
        release.signal()
        #expect(finished.wait(timeout: .now() + 30) == .success)

        #expect(report.outcome == .failed)
        #expect(report.failure?.contains("database is locked") == true, "\(report.failure ?? "no failure text")")
        #expect(firstOutcome.get() == .succeeded)
        #expect(try holder.integrityCheck() == ["ok"])
        #expect(try holder.offers(status: .all).map(\.id.description).sorted() == ["lock:eins"])
    }
}

final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: ImportOutcome?
    func set(_ value: ImportOutcome) { lock.withLock { outcome = value } }
    func get() -> ImportOutcome? { lock.withLock { outcome } }
}

/// Runs a child as a user who cannot write root's files.
enum ReadOnlyRunner {
    static let isRoot = geteuid() == 0
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isAvailable: Bool { !isRoot || setpriv != nil }

    static func run(_ binary: URL, _ arguments: [String]) throws -> ChildProcess.Result {
        guard isRoot, let setpriv else { return try ChildProcess.run(binary, arguments) }
        return try ChildProcess.run(URL(fileURLWithPath: setpriv),
                                    ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
