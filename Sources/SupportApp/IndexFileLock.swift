#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// An advisory lock (`flock`) on `<store>.index.lock`, so a server that follows another
/// process's import waits for that process's index file instead of building the same index
/// itself (at 100,000 offers a second build of a minute or more, next to the index it serves).
///
/// An importer holds it exclusively from before its commit until its index file is saved
/// (``CatalogWorkflow/importCatalog(_:today:progress:publish:)``); a process that finds the
/// index file stale takes it shared before building (``waitForWriter(path:timeout:log:)``) and
/// opens the file again once it gets it. The kernel drops the lock with the process, so a
/// crashed importer leaves no lock behind; the lock file itself stays (removing it would race).
final class IndexFileLock: @unchecked Sendable {
    private let descriptor: Int32
    private let path: String

    /// Paths this process holds exclusively: it never waits for itself (an HTTP import's
    /// publish loads the index while its own import holds the lock).
    private static let heldHere = Mutex<Set<String>>([])

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    private static func open(_ path: String) -> Int32? {
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #else
        let fd = Darwin.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #endif
        return fd >= 0 ? fd : nil
    }

    /// The lock held exclusively, waiting for holders of a shared one (a follower only holds it
    /// for an instant); `nil` when the lock file cannot be made (a read-only folder: then no
    /// index file can be saved there either, and nobody waits for one).
    static func exclusive(path: String) -> IndexFileLock? {
        guard let fd = open(path) else { return nil }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(fd)
            return nil
        }
        heldHere.withLock { _ = $0.insert(path) }
        return IndexFileLock(descriptor: fd, path: path)
    }

    deinit {
        Self.heldHere.withLock { _ = $0.remove(path) }
        // Closing the descriptor releases the lock.
        close(descriptor)
    }

    /// Whether another process held the lock exclusively (an import writing the index file)
    /// and released it within `timeout`: then its file is worth opening again. Returns `false`
    /// at once when nobody holds it, this process does, or the lock file cannot be opened; and
    /// after `timeout` when the writer is still at it (the caller then builds the index
    /// itself). `log` is told when the wait starts and how it ended.
    static func waitForWriter(path: String, timeout: Duration, log: (String) -> Void) -> Bool {
        guard !heldHere.withLock({ $0.contains(path) }), let fd = open(path) else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        log("another process is writing the index file (it holds \(path)); waiting up to \(timeout) for it")
        let start = ContinuousClock.now
        while start.duration(to: .now) < timeout {
            usleep(50_000)
            if flock(fd, LOCK_SH | LOCK_NB) == 0 {
                flock(fd, LOCK_UN)
                log("the other process finished its index file after \(start.duration(to: .now))")
                return true
            }
        }
        log("gave up waiting for another process's index file after \(timeout); building the index here")
        return false
    }
}
