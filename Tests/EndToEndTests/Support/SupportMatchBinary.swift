import Foundation

/// Runs the built `supportmatch` executable as a user would: in its own process, with
/// arguments, environment and captured output.
enum SupportMatchBinary {
    /// The executable in the build products folder (next to the test bundle). `swift test`
    /// builds it because this test target depends on it.
    static let url: URL? = {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["SUPPORTMATCH_BINARY"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("supportmatch"))
        if let main = Bundle.main.executableURL {
            candidates.append(main.deletingLastPathComponent().appendingPathComponent("supportmatch"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("supportmatch"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static var isAvailable: Bool { url != nil }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `supportmatch arguments…` to completion. `SUPPORTMATCH_DATABASE` and the locale
    /// variables (which choose the output language) are removed from the inherited environment
    /// unless given, so a developer's setting never leaks in. `input` is the child's standard
    /// input (none when nil). After
    /// `timeout` seconds the process gets SIGTERM (a command that should have stopped at once,
    /// such as `serve` on a taken port, must not hang the test run). `executable` runs another
    /// program instead (`script`, to give `supportmatch` a terminal), with the same environment.
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
                    timeout: TimeInterval? = nil, input: String? = nil, executable: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try executable.map(URL.init(fileURLWithPath:)) ?? requireURL()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for name in ["SUPPORTMATCH_DATABASE", "LC_ALL", "LC_MESSAGES", "LANG"] { env.removeValue(forKey: name) }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        if let timeout {
            let running = RunningProcess(process)
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { running.terminate() }
        }
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let errData = LockedData()
        let errThread = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }

    private static func requireURL() throws -> URL {
        guard let url else { throw MissingBinary() }
        return url
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "the supportmatch executable was not found next to the test bundle" }
    }
}

/// A child process that another thread may stop (Process itself is not Sendable).
final class RunningProcess: @unchecked Sendable {
    // @unchecked: Process is thread-safe for isRunning and terminate().
    let process: Process

    init(_ process: Process) { self.process = process }

    func terminate() {
        if process.isRunning { process.terminate() }
    }
}

/// Data handed from a reader thread to the test thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}

/// A fresh folder for one test, removed afterwards.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("supportmatch-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
