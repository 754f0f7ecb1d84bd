public import CatalogStore
public import Foundation
import PostgresStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The engines the store suites run on, as a Swift Testing argument.
public enum StoreKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// A throwaway PostgreSQL cluster for the test process: `initdb` in a temporary folder, a
/// server on a loopback port, stopped and removed when the process exits. Started once, on
/// first use; every store gets a database of its own (`createdb`), so tests never see each
/// other's rows.
///
/// `SUPPORTMATCH_TEST_POSTGRES=postgres://user@host:port` uses a running server instead (it
/// must allow `createdb` for that user). When neither works, ``unavailable`` says why and the
/// PostgreSQL cases skip with that message.
public final class TestCluster: Sendable {
    public let host: String
    public let port: Int
    public let user: String
    let binaries: String

    /// The cluster, or why there is none.
    public static let shared: Result<TestCluster, ClusterUnavailable> = Result { try start() }
        .mapError { $0 as? ClusterUnavailable ?? ClusterUnavailable(reason: "\($0)") }

    public static var unavailable: String? {
        if case .failure(let failure) = shared { return failure.reason }
        return nil
    }

    init(host: String, port: Int, user: String, binaries: String) {
        self.host = host
        self.port = port
        self.user = user
        self.binaries = binaries
    }

    /// A new empty database on the cluster; returns its URL.
    public func makeDatabase() throws -> String {
        let name = "sm_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try Self.run(binaries + "/createdb", ["-h", host, "-p", "\(port)", "-U", user, name], asPostgres: false)
        return url(database: name)
    }

    public func url(database: String) -> String { "postgres://\(user)@\(host):\(port)/\(database)" }

    // MARK: Starting

    static func start() throws -> TestCluster {
        if let given = ProcessInfo.processInfo.environment["SUPPORTMATCH_TEST_POSTGRES"], !given.isEmpty,
           let url = URLComponents(string: given), let host = url.host, let user = url.user {
            let binaries = try findBinaries(optional: true) ?? "/usr/bin"
            return TestCluster(host: host, port: url.port ?? 5432, user: user, binaries: binaries)
        }
        guard let binaries = try findBinaries(optional: false) else { throw ClusterUnavailable(reason: "no PostgreSQL binaries") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportmatch-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let asPostgres = getuid() == 0
        if asPostgres {
            // initdb refuses root: the cluster belongs to Debian's `postgres` user.
            guard let account = getpwnam("postgres") else {
                throw ClusterUnavailable(reason: "running as root and there is no `postgres` user to own the cluster")
            }
            guard chown(folder.path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw ClusterUnavailable(reason: "cannot hand \(folder.path) to the postgres user")
            }
        }
        let data = folder.appendingPathComponent("data").path
        try run(binaries + "/initdb", ["-D", data, "-A", "trust", "-U", "sm", "--no-locale", "-E", "UTF8", "--no-sync"],
                asPostgres: asPostgres)
        // fsync off: the tests kill processes, never the machine, and a killed client's
        // transaction is rolled back by the server either way.
        var lastFailure = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            do {
                try run(binaries + "/pg_ctl", [
                    "-D", data, "-l", folder.appendingPathComponent("log").path, "-w", "-t", "60",
                    "-o", "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    "start",
                ], asPostgres: asPostgres)
                ClusterShutdown.register(pgCtl: binaries + "/pg_ctl", data: data, folder: folder.path, asPostgres: asPostgres)
                return TestCluster(host: "127.0.0.1", port: port, user: "sm", binaries: binaries)
            } catch {
                lastFailure = "\(error)"
            }
        }
        throw ClusterUnavailable(reason: "the PostgreSQL server did not start: \(lastFailure)")
    }

    /// The newest `/usr/lib/postgresql/N/bin` with initdb (Debian's layout), or a PATH entry.
    static func findBinaries(optional: Bool) throws -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(directory)/initdb") {
            return String(directory)
        }
        if optional { return nil }
        throw ClusterUnavailable(reason: "PostgreSQL is not installed (no initdb under /usr/lib/postgresql or on PATH; Debian: apt-get install postgresql)")
    }

    /// Runs a program to its end, output to a file. posix_spawn and waitpid rather than
    /// Foundation's Process: Process notices a child's exit through a descriptor the child
    /// inherits, and the server `pg_ctl start` leaves running inherits it too, so Process
    /// would wait for the server to stop.
    static func run(_ program: String, _ arguments: [String], asPostgres: Bool) throws {
        let command = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("supportmatch-pg-run-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw ClusterUnavailable(reason: "cannot start \(command[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS by hand: the C macros are not imported.
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw ClusterUnavailable(reason: "\((program as NSString).lastPathComponent) failed (status \(status)): \(text.suffix(600))")
        }
    }
}

public struct ClusterUnavailable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// Stops the cluster when the test process ends, however it ends (a crash or a SIGKILL skips
/// `atexit` handlers, and Swift Testing's exit path skips them too): a shell watches the test
/// process and stops the server, then removes its folder, once the process is gone.
enum ClusterShutdown {
    static func register(pgCtl: String, data: String, folder: String, asPostgres: Bool) {
        let stop = (asPostgres ? "/usr/sbin/runuser -u postgres -- " : "") + "'\(pgCtl)' -D '\(data)' -m immediate -w stop"
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf '\(folder)'"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let words: [String] = ["/bin/sh", "-c", script]
        let argv = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        _ = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
    }
}

/// Opens a store of `kind` for one test: a SQLite file in `folder`, or a fresh database on the
/// throwaway cluster. The PostgreSQL case is skipped, with the reason, when no server can be
/// started.
public func openTestStore(_ kind: StoreKind, in folder: URL) throws -> CatalogStore {
    switch kind {
    case .sqlite:
        return try CatalogStore(path: folder.appendingPathComponent("catalogue.sqlite").path)
    case .postgres:
        return try CatalogStore.open(try postgresTestDatabase())
    }
}

/// A fresh database URL on the throwaway cluster; cancels (skips) the current test case with
/// the reason when no server can be started.
public func postgresTestDatabase() throws -> String {
    switch TestCluster.shared {
    case .success(let cluster): return try cluster.makeDatabase()
    case .failure(let failure): try Test.cancel("PostgreSQL case skipped: \(failure.reason)")
    }
}
