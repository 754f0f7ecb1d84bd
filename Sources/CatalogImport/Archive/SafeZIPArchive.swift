import Foundation
import ZIPFoundation

/// Reads a ZIP archive in place, entry by entry, into memory, with the checks an archive from
/// the internet needs: nothing is ever written to disk, entry names are never trusted, and
/// size, entry count and compression ratio are bounded by ``ReadLimits``.
///
/// Every check happens on the central directory before the first byte is inflated, and again
/// while inflating, because a hostile archive can declare small sizes and inflate to more.
struct SafeZIPArchive {
    let url: URL
    let displayName: String
    let limits: ReadLimits
    /// Entries below this size are not held to the ratio limit: tiny files of repeated
    /// markup legitimately compress far better than 200:1 is reachable only with megabytes.
    static let ratioCheckFloor: UInt64 = 1 << 20

    private let archive: Archive
    /// The file entries in archive order, after validation.
    let entries: [Entry]

    init(url: URL, displayName: String, limits: ReadLimits) throws {
        self.url = url
        self.displayName = displayName
        self.limits = limits
        let location = SourceLocation(file: displayName)

        let fileSize = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        if fileSize > limits.maxArchiveUncompressedBytes {
            throw CatalogReadError(at: location, "the archive is \(fileSize) bytes, more than the limit of \(limits.maxArchiveUncompressedBytes) bytes")
        }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw CatalogReadError(at: location, "not a readable ZIP archive (\(error))")
        }

        var files: [Entry] = []
        var count = 0
        var total: UInt64 = 0
        for entry in archive {
            count += 1
            if count > limits.maxArchiveEntries {
                throw CatalogReadError(at: location, "the archive has more than \(limits.maxArchiveEntries) entries (the limit)")
            }
            let path = entry.path
            let entryLocation = SourceLocation(file: displayName, entry: path)
            if let problem = Self.unsafePathProblem(path) {
                throw CatalogReadError(at: entryLocation, "unsafe entry name: \(problem); expected a relative path without \"..\"")
            }
            switch entry.type {
            case .directory: continue
            case .symlink:
                throw CatalogReadError(at: entryLocation, "the archive contains a symbolic link; expected only files and folders")
            case .file: break
            }
            let size = entry.uncompressedSize
            total += size
            if total > UInt64(limits.maxArchiveUncompressedBytes) {
                throw CatalogReadError(at: entryLocation, "the archive unpacks to more than \(limits.maxArchiveUncompressedBytes) bytes (the limit); a zip bomb?")
            }
            if size > UInt64(limits.maxDocumentBytes) {
                throw CatalogReadError(at: entryLocation, "the entry unpacks to \(size) bytes, more than the limit of \(limits.maxDocumentBytes) bytes for one document")
            }
            if size >= Self.ratioCheckFloor {
                let ratio = Double(size) / Double(max(entry.compressedSize, 1))
                if ratio > limits.maxCompressionRatio {
                    throw CatalogReadError(at: entryLocation, String(format: "the entry inflates %.0f:1, more than the limit of %.0f:1; a zip bomb?", ratio, limits.maxCompressionRatio))
                }
            }
            files.append(entry)
        }
        entries = files
    }

    /// Why a name must not be used as a path, or `nil` when it is a plain relative path.
    static func unsafePathProblem(_ path: String) -> String? {
        if path.isEmpty { return "empty name" }
        if path.utf8.contains(0) { return "NUL byte in \"\(path)\"" }
        if path.hasPrefix("/") || path.hasPrefix("\\") { return "absolute path \"\(path)\"" }
        let bytes = Array(path.utf8)
        if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"), (bytes[0] | 0x20) >= UInt8(ascii: "a"), (bytes[0] | 0x20) <= UInt8(ascii: "z") {
            return "drive-letter path \"\(path)\""
        }
        let components = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        if components.contains("..") { return "parent-folder component in \"\(path)\"" }
        return nil
    }

    /// Inflates one entry into memory, stopping as soon as it yields more than it declared.
    func contents(of entry: Entry) throws -> Data {
        let declared = entry.uncompressedSize
        var data = Data()
        data.reserveCapacity(Int(declared))
        let location = SourceLocation(file: displayName, entry: entry.path)
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if UInt64(data.count) > declared {
                    throw CatalogReadError(at: location, "the entry inflates to more than the \(declared) bytes it declares; a zip bomb?")
                }
            }
        } catch let error as CatalogReadError {
            throw error
        } catch {
            throw CatalogReadError(at: location, "cannot inflate the entry (\(error))")
        }
        return data
    }
}
