import Foundation

/// Where `POST /v1/imports` writes an upload while it is imported: one folder per upload,
/// `<parent>/<pid>-<uuid>`, removed when the import ends. A server killed mid-import (SIGKILL,
/// out of memory, power loss) cannot remove its folder, and an upload may be 64 MiB; so at
/// start the server removes every folder of a process that no longer runs. The pid in the name
/// is what makes that safe next to other servers sharing the parent (another server's upload in
/// progress is left alone). Folders carrying this process's own pid are removed at start too:
/// in a container the restarted server often gets the pid of the one that was killed, and at
/// start this process has written none yet. A folder whose pid was reused by an unrelated
/// process stays until a later start finds that process gone.
struct UploadFolders: Sendable {
    let parent: URL

    /// A new, empty folder for one upload.
    func make() throws -> URL {
        let folder = parent.appendingPathComponent("\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Removes the folders of processes that no longer run (and this process's own, see above);
    /// returns the names removed. Entries it does not recognise are left alone: the parent may
    /// be a shared folder.
    @discardableResult
    func removeAbandoned() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return [] }
        var removed: [String] = []
        for name in names.sorted() {
            guard let pid = Self.owner(of: name), pid == getpid() || !Self.isRunning(pid) else { continue }
            if (try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))) != nil {
                removed.append(name)
            }
        }
        return removed
    }

    /// The pid in a folder name `<pid>-<uuid>`, nil for any other name.
    static func owner(of name: String) -> pid_t? {
        let parts = name.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, UUID(uuidString: String(parts[1])) != nil else { return nil }
        return pid
    }

    /// Signal 0 checks that a process exists without touching it; EPERM means it exists but
    /// belongs to another user.
    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
