import CatalogImport
import Foundation

/// Turns the paths a user named into readable inputs, each with its reader.
///
/// A named file that no reader recognises is an error; a file inside a named folder that no
/// reader recognises (a README next to the catalogue) is skipped with a warning, but a named
/// folder in which no file is recognised is an error. A folder that a reader recognises as a
/// whole (an export laid out as a folder) is one input.
struct InputResolver {
    var readers: [any CatalogReader]
    var forcedFormat: CatalogFormat?

    struct Resolved {
        var inputs: [(input: CatalogInput, reader: any CatalogReader)] = []
        /// Inputs that cannot be read, with why (`format` unknown).
        var unreadable: [(file: String, diagnostic: Diagnostic)] = []
        /// Files inside named folders that no reader recognises, with why.
        var skipped: [Diagnostic] = []
    }

    func resolve(_ paths: [String]) -> Resolved {
        var resolved = Resolved()
        let forcedReader = forcedFormat.flatMap { format in readers.first { $0.format == format } }
        if let forcedFormat, forcedReader == nil {
            let known = readers.map(\.format.rawValue).joined(separator: ", ")
            for path in paths {
                resolved.unreadable.append((path, Diagnostic(.error, at: SourceLocation(file: path),
                    message: "unknown format \"\(forcedFormat)\"; expected one of: \(known)")))
            }
            return resolved
        }
        let fileManager = FileManager.default
        for path in paths {
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                resolved.unreadable.append((path, Diagnostic(.error, at: SourceLocation(file: path), message: "no such file or folder")))
                continue
            }
            if !isDirectory.boolValue {
                if let reader = forcedReader ?? detect(url) {
                    resolved.inputs.append((CatalogInput(url: url, displayName: path), reader))
                } else {
                    resolved.unreadable.append((path, Diagnostic(.error, at: SourceLocation(file: path),
                        message: "format not recognised; expected one of: \(readers.map(\.format.rawValue).joined(separator: ", ")) (or give --format)")))
                }
                continue
            }
            if let reader = forcedReader ?? readers.first(where: { $0.recognizes(head: Data(), url: url) }) {
                resolved.inputs.append((CatalogInput(url: url, displayName: path), reader))
                continue
            }
            let files = filesInside(url)
            let found = resolved.inputs.count
            for file in files {
                let name = displayName(of: file, under: url, given: path)
                if let reader = forcedReader ?? detect(file) {
                    resolved.inputs.append((CatalogInput(url: file, displayName: name), reader))
                } else {
                    resolved.skipped.append(Diagnostic(.warning, at: SourceLocation(file: name),
                        message: "skipped: not a catalogue in a known format"))
                }
            }
            // A folder that yields nothing was named by mistake (or is the wrong one): importing
            // "nothing" would look like success.
            if resolved.inputs.count == found {
                let why = files.isEmpty ? "the folder holds no files" : "none of its \(files.count) files is a catalogue in a known format"
                resolved.unreadable.append((path, Diagnostic(.error, at: SourceLocation(file: path),
                    message: "no catalogue to import: \(why); expected one of: \(readers.map(\.format.rawValue).joined(separator: ", "))")))
            }
        }
        return resolved
    }

    private func detect(_ url: URL) -> (any CatalogReader)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        let head = Self.utf8Head((try? handle.read(upToCount: 64 * 1024)) ?? Data())
        return readers.first { $0.recognizes(head: head, url: url) }
    }

    /// Readers recognise their formats by UTF-8 markers; a head in UTF-16 with a byte-order
    /// mark (which libxml2 reads) is transcoded first, so `--format` is not needed for it.
    static func utf8Head(_ head: Data) -> Data {
        let encoding: String.Encoding
        if head.starts(with: [0xFF, 0xFE]) { encoding = .utf16LittleEndian } else if head.starts(with: [0xFE, 0xFF]) { encoding = .utf16BigEndian } else { return head }
        // An even number of bytes after the mark, so a cut code unit does not fail the decoding.
        let body = head.dropFirst(2).prefix((head.count - 2) & ~1)
        guard let text = String(data: Data(body), encoding: encoding) ?? String(data: Data(body.dropLast(2)), encoding: encoding) else { return head }
        return Data(text.utf8)
    }

    /// Regular files below `folder`, hidden ones excluded, in a stable order.
    private func filesInside(_ folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// `given/sub/file.json`: the path relative to what the user typed, so diagnostics point
    /// at something the user recognises.
    private func displayName(of file: URL, under folder: URL, given: String) -> String {
        let base = folder.standardizedFileURL.path
        let full = file.standardizedFileURL.path
        guard full.hasPrefix(base) else { return full }
        var relative = String(full.dropFirst(base.count))
        if relative.hasPrefix("/") { relative.removeFirst() }
        return given.hasSuffix("/") ? given + relative : given + "/" + relative
    }
}
