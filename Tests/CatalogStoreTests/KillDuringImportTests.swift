import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import SupportModel
import Testing

/// Proves the crash guarantee with a real crash: the built `supportmatch` binary imports a
/// large catalogue, is killed with SIGKILL part-way through, and the database must open
/// cleanly and hold exactly the catalogue it had before.
@Suite("SIGKILL during an import", .serialized,
       .enabled(if: BuiltBinary.supportmatch != nil, "needs the built supportmatch executable next to the test bundle (swift test builds it)"))
struct KillDuringImportTests {
    static let generatedOffers = 40_000

    @Test("The store keeps the previous catalogue when the importer is killed", arguments: [0.0, 0.15, 0.4, 0.8])
    func killMidImport(delayAfterFirstRecord: Double) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = directory.path("catalogue.sqlite")
        let binary = try #require(BuiltBinary.supportmatch)

        // The previous catalogue: the bundled one, imported on first use.
        let setup = try ChildProcess.run(binary, ["imports", "--database", database])
        try #require(setup.status == 0, "\(setup.stderr)")
        let before = try Self.snapshot(database)
        try #require(before.offers.count > 50)

        // A big replacement for the same source: every bundled offer would be withdrawn.
        let big = directory.path("big.json")
        try Fixture.write((0..<Self.generatedOffers).map { Fixture.offer("generated-\($0)", source: "supportmatch") },
                          source: "supportmatch", to: big)

        let child = try ChildProcess.start(binary, ["import", big, "--database", database, "--progress", "always"])
        let records = try child.waitForProgress(atLeast: 1)
        if delayAfterFirstRecord > 0 { usleep(UInt32(delayAfterFirstRecord * 1_000_000)) }
        let lastSeen = child.lastProgress
        child.kill()
        let (reason, _) = child.wait()

        #expect(records >= 1)
        #expect(reason == .uncaughtSignal, "the import ended before it could be killed; make the input larger")
        #expect(lastSeen < Self.generatedOffers)
        let after = try Self.snapshot(database)
        #expect(after.integrity == ["ok"])
        #expect(after.offers == before.offers)
        #expect(after.runs == before.runs)
        #expect(after.version == before.version)
    }

    @Test("After a killed import the next import runs normally")
    func importAfterKill() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = directory.path("catalogue.sqlite")
        let binary = try #require(BuiltBinary.supportmatch)
        let big = directory.path("big.json")
        try Fixture.write((0..<Self.generatedOffers).map { Fixture.offer("generated-\($0)", source: "other") },
                          source: "other", to: big)
        let child = try ChildProcess.start(binary, ["import", big, "--database", database, "--progress", "always"])
        _ = try child.waitForProgress(atLeast: 1)
        child.kill()
        _ = child.wait()

        let small = try Fixture.write([Fixture.offer("one", source: "other")], source: "other", to: directory.path("small.json"))
        let rerun = try ChildProcess.run(binary, ["import", small, "--database", database])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        let store = try CatalogStore(path: database)
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.offers(source: "other").map(\.id.localID) == ["one"])
    }

    struct Snapshot {
        var offers: [String: String]
        var runs: [Int64]
        var version: Int64?
        var integrity: [String]
    }

    /// Opens the database afresh, as the next command after a crash would.
    static func snapshot(_ path: String) throws -> Snapshot {
        let store = try CatalogStore(path: path)
        return Snapshot(offers: try Fixture.state(of: store), runs: try store.importRuns().map(\.id),
                        version: try store.catalogueVersion(), integrity: try store.integrityCheck())
    }
}

/// The `supportmatch` executable in the build products folder, next to the test bundle.
enum BuiltBinary {
    static let supportmatch: URL? = {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["SUPPORTMATCH_BINARY"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        candidates.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("supportmatch"))
        if let main = Bundle.main.executableURL {
            candidates.append(main.deletingLastPathComponent().appendingPathComponent("supportmatch"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}

/// A child process whose stderr progress lines ("12,345 records, …") the test follows.
final class ChildProcess {
    private let process = Process()
    private let stderr = Pipe()
    private var buffer = ""
    private(set) var lastProgress = 0

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ binary: URL, _ arguments: [String]) throws -> Result {
        let child = try start(binary, arguments, captureStdout: true)
        let output = child.stdoutPipe?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        let errors = child.stderr.fileHandleForReading.readDataToEndOfFile()
        let (_, status) = child.wait()
        return Result(status: status, stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self))
    }

    private var stdoutPipe: Pipe?

    static func start(_ binary: URL, _ arguments: [String], captureStdout: Bool = false) throws -> ChildProcess {
        let child = ChildProcess()
        child.process.executableURL = binary
        child.process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SUPPORTMATCH_DATABASE")
        child.process.environment = environment
        child.process.standardError = child.stderr
        if captureStdout {
            let pipe = Pipe()
            child.stdoutPipe = pipe
            child.process.standardOutput = pipe
        } else {
            child.process.standardOutput = FileHandle.nullDevice
        }
        try child.process.run()
        return child
    }

    /// Blocks until a progress line reports at least `count` records; returns the count seen.
    func waitForProgress(atLeast count: Int) throws -> Int {
        let handle = stderr.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty { throw ChildEnded(output: buffer) }
            buffer += String(decoding: data, as: UTF8.self)
            for line in buffer.split(separator: "\n") {
                guard let number = line.split(separator: " ").first.flatMap({ Int($0.replacingOccurrences(of: ",", with: "")) }),
                      line.contains("records/s") else { continue }
                lastProgress = max(lastProgress, number)
            }
            if lastProgress >= count { return lastProgress }
        }
    }

    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
    }

    func wait() -> (Process.TerminationReason, Int32) {
        process.waitUntilExit()
        return (process.terminationReason, process.terminationStatus)
    }

    struct ChildEnded: Error, CustomStringConvertible {
        var output: String
        var description: String { "the child process ended before reporting progress: \(output)" }
    }
}
