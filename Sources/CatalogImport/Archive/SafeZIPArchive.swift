import Foundation
import ZIPFoundation

/// Reads a ZIP archive in place, entry by entry, into memory, with the checks an archive from
/// the internet needs: nothing is ever written to disk, entry names are never trusted, and
/// size, entry count and compression ratio are bounded by ``ReadLimits``.
///
/// Every size and offset is checked by ``ZIPDirectory`` before ZIPFoundation reads the archive
/// (ZIPFoundation computes with them unchecked and traps on overflow); ZIPFoundation's view of
/// each entry must then agree with the checked one. While inflating, an entry may not yield
/// more than it declared, the whole archive not more than ``ReadLimits/maxArchiveInflatedBytes``,
/// and the CRC-32 of what was inflated must be the declared one.
final class SafeZIPArchive {
    let url: URL
    let displayName: String
    let limits: ReadLimits
    private let archive: Archive
    /// The file entries in archive order, after validation.
    let entries: [Entry]
    /// The CRC-32 each entry of `entries` declares in the central directory.
    private let declaredCRC: [UInt32]
    /// Bytes inflated so far from this archive, against ``ReadLimits/maxArchiveInflatedBytes``.
    private(set) var inflatedBytes: UInt64 = 0

    init(url: URL, displayName: String, limits: ReadLimits) throws {
        self.url = url
        self.displayName = displayName
        self.limits = limits
        let location = SourceLocation(file: displayName)

        let fileSize = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        if fileSize > limits.maxArchiveUncompressedBytes {
            throw CatalogReadError(at: location, "the archive is \(fileSize) bytes, more than the limit of \(limits.maxArchiveUncompressedBytes) bytes")
        }
        let mapped: Data
        do { mapped = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw CatalogReadError(at: location, "cannot read the archive: \(error.localizedDescription)")
        }
        let directory = try ZIPDirectory(bytes: mapped, displayName: displayName, limits: limits)
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw CatalogReadError(at: location, "not a readable ZIP archive (\(error))")
        }

        var files: [Entry] = []
        var crcs: [UInt32] = []
        var count = 0
        for entry in archive {
            guard count < directory.records.count else {
                throw CatalogReadError(at: location, "the archive has more entries than its central directory declares")
            }
            let record = directory.records[count]
            count += 1
            let path = entry.path
            let entryLocation = SourceLocation(file: displayName, entry: path)
            // A data descriptor or a name that disagrees with the checked directory would make
            // ZIPFoundation inflate with numbers nobody checked.
            if entry.compressedSize != record.compressedSize || entry.uncompressedSize != record.uncompressedSize
                || (entry.type == .file && entry.checksum != record.crc32) {
                throw CatalogReadError(at: entryLocation, "the entry's sizes or CRC-32 in its data descriptor disagree with the central directory")
            }
            if let problem = Self.unsafePathProblem(path) {
                throw CatalogReadError(at: entryLocation, "unsafe entry name: \(problem); expected a relative path without \"..\"")
            }
            switch entry.type {
            case .directory: continue
            case .symlink:
                throw CatalogReadError(at: entryLocation, "the archive contains a symbolic link; expected only files and folders")
            case .file: break
            }
            crcs.append(record.crc32)
            files.append(entry)
        }
        // ZIPFoundation stops quietly at the first record it cannot read: fewer entries than
        // declared means a forged directory, never an empty catalogue.
        if count != directory.records.count {
            throw CatalogReadError(at: location, "the central directory declares \(directory.records.count) entries but only \(count) could be read: a wrong directory offset?")
        }
        entries = files
        declaredCRC = crcs
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

    /// Inflates one entry into memory, stopping as soon as it yields more than it declared or
    /// the archive more than its budget, and refusing it when its CRC-32 is not the declared one.
    func contents(at index: Int) throws -> Data {
        let entry = entries[index]
        let declared = entry.uncompressedSize
        let budget = UInt64(limits.maxArchiveInflatedBytes)
        var data = Data()
        data.reserveCapacity(Int(min(declared, UInt64(limits.maxArchiveEntryBytes))))
        let location = SourceLocation(file: displayName, entry: entry.path)
        var inflated = inflatedBytes
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                inflated += UInt64(chunk.count)
                if UInt64(data.count) > declared {
                    throw CatalogReadError(at: location, "the entry inflates to more than the \(declared) bytes it declares; a zip bomb?")
                }
                if inflated > budget {
                    throw CatalogReadError(at: location, "the archive inflates to more than \(budget) bytes in total (ReadLimits.maxArchiveInflatedBytes); a zip bomb?")
                }
            }
        } catch let error as CatalogReadError {
            throw error
        } catch {
            throw CatalogReadError(at: location, "cannot inflate the entry (\(error))")
        }
        inflatedBytes = inflated
        if UInt64(data.count) != declared {
            throw CatalogReadError(at: location, "the entry inflates to \(data.count) bytes but declares \(declared)")
        }
        let expected = declaredCRC[index]
        if checksum != expected {
            throw CatalogReadError(at: location, String(format: "the entry's CRC-32 is %08x after inflating, but %08x is declared: a damaged or forged archive", checksum, expected))
        }
        return data
    }
}
