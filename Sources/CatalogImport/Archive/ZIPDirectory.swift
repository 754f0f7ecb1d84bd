import Foundation

/// The central directory of a ZIP archive as the archive declares it, read and checked by us
/// before ZIPFoundation reads a single structure.
///
/// ZIPFoundation trusts the sizes and offsets it finds: a size of 2^64−1 in a zip64 extra field
/// traps on overflow in its own arithmetic (`offset + size`) or in `Int64(size)` while
/// inflating, and a wrong central-directory offset silently yields no entries. So every number
/// that ZIPFoundation will compute with is checked here first, with overflow-safe arithmetic,
/// against the file's real size and against ``ReadLimits``. Zip64 is refused outright: every
/// archive within the limits (2 GiB file, ``ReadLimits/maxArchiveEntryBytes`` per entry) fits
/// the 32-bit fields, and without zip64 ZIPFoundation's values are exactly the 32-bit ones
/// checked here.
struct ZIPDirectory {
    /// One central-directory record, with every number already checked.
    struct Record: Equatable {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    var records: [Record]
    /// Entries below this size are not held to the ratio limit: tiny files of repeated
    /// markup legitimately compress far better than 200:1 is reachable only with megabytes.
    static let ratioCheckFloor: UInt64 = 1 << 20

    private static let eocdSignature: UInt32 = 0x0605_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50

    /// Reads and checks the directory of `bytes` (the whole archive, memory-mapped: only the
    /// directory and the local headers are touched).
    init(bytes: Data, displayName: String, limits: ReadLimits) throws {
        func fail(_ message: String, entry: String? = nil) -> CatalogReadError {
            CatalogReadError(at: SourceLocation(file: displayName, entry: entry), message)
        }
        records = try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Record] in
            let size = UInt64(raw.count)
            /// A little-endian integer at `offset`, or `nil` when it does not fit in the file.
            func value<T: FixedWidthInteger>(_: T.Type, at offset: UInt64) -> T? {
                let (end, overflow) = offset.addingReportingOverflow(UInt64(MemoryLayout<T>.size))
                guard !overflow, end <= size else { return nil }
                var result: T = 0
                for index in (0..<MemoryLayout<T>.size).reversed() {
                    result = result << 8 | T(raw[Int(offset) + index])
                }
                return result
            }
            func sum(_ values: UInt64...) -> UInt64? {
                var total: UInt64 = 0
                for value in values {
                    let (next, overflow) = total.addingReportingOverflow(value)
                    if overflow { return nil }
                    total = next
                }
                return total
            }

            // End of central directory: the last signature within the 64 KiB comment window,
            // the one ZIPFoundation's backwards scan finds first.
            guard size >= 22 else { throw fail("not a readable ZIP archive (shorter than an end-of-directory record)") }
            var eocd: UInt64?
            var candidate = size - 22
            let lowest = size >= 22 + 0xFFFF ? size - 22 - 0xFFFF : 0
            while true {
                if value(UInt32.self, at: candidate) == Self.eocdSignature { eocd = candidate; break }
                if candidate == lowest { break }
                candidate -= 1
            }
            guard let eocd else { throw fail("not a readable ZIP archive (no end-of-central-directory record)") }
            if eocd >= 20, value(UInt32.self, at: eocd - 20) == Self.zip64LocatorSignature {
                throw fail("zip64 archives are not accepted: every archive within the limits fits ZIP's 32-bit fields")
            }
            guard let disk = value(UInt16.self, at: eocd + 4), let cdDisk = value(UInt16.self, at: eocd + 6),
                  let entriesOnDisk = value(UInt16.self, at: eocd + 8), let entries = value(UInt16.self, at: eocd + 10),
                  let cdSize = value(UInt32.self, at: eocd + 12), let cdOffset = value(UInt32.self, at: eocd + 16) else {
                throw fail("not a readable ZIP archive (truncated end-of-central-directory record)")
            }
            guard disk == 0, cdDisk == 0, entriesOnDisk == entries else {
                throw fail("multi-part (spanned) ZIP archives are not accepted")
            }
            if Int(entries) > limits.maxArchiveEntries {
                throw fail("the archive has more than \(limits.maxArchiveEntries) entries (the limit)")
            }
            guard let cdEnd = sum(UInt64(cdOffset), UInt64(cdSize)), cdEnd <= eocd else {
                throw fail("the central directory (offset \(cdOffset), \(cdSize) bytes) does not end before the end-of-directory record at \(eocd): a wrong or forged directory offset")
            }

            var records: [Record] = []
            records.reserveCapacity(Int(entries))
            var position = UInt64(cdOffset)
            var declaredTotal: UInt64 = 0
            for index in 0..<Int(entries) {
                guard value(UInt32.self, at: position) == Self.centralSignature,
                      let flags = value(UInt16.self, at: position + 8),
                      let method = value(UInt16.self, at: position + 10),
                      let crc = value(UInt32.self, at: position + 16),
                      let compressed = value(UInt32.self, at: position + 20),
                      let uncompressed = value(UInt32.self, at: position + 24),
                      let nameLength = value(UInt16.self, at: position + 28),
                      let extraLength = value(UInt16.self, at: position + 30),
                      let commentLength = value(UInt16.self, at: position + 32),
                      let diskStart = value(UInt16.self, at: position + 34),
                      let localOffset = value(UInt32.self, at: position + 42),
                      let next = sum(position, 46, UInt64(nameLength), UInt64(extraLength), UInt64(commentLength)),
                      next <= cdEnd else {
                    throw fail("central-directory record \(index + 1) of \(entries) is missing or truncated at offset \(position): a wrong directory offset or entry count")
                }
                let nameBytes = UnsafeRawBufferPointer(rebasing: raw[Int(position + 46)..<Int(position + 46 + UInt64(nameLength))])
                let path = String(decoding: nameBytes, as: UTF8.self)
                if compressed == .max || uncompressed == .max || localOffset == .max || diskStart == .max {
                    throw fail("the entry uses zip64 sizes or offsets, which are not accepted (every archive within the limits fits 32-bit fields)", entry: path)
                }
                let isDirectory = path.hasSuffix("/")
                if !isDirectory {
                    guard method == 0 || method == 8 else {
                        throw fail("compression method \(method) is not supported (expected stored or deflate)", entry: path)
                    }
                    if method == 0 && compressed != uncompressed {
                        throw fail("a stored entry declares \(compressed) bytes stored but \(uncompressed) bytes unpacked", entry: path)
                    }
                    if UInt64(uncompressed) >= Self.ratioCheckFloor {
                        let ratio = Double(uncompressed) / Double(max(compressed, 1))
                        if ratio > limits.maxCompressionRatio {
                            throw fail(String(format: "the entry inflates %.0f:1, more than the limit of %.0f:1; a zip bomb?", ratio, limits.maxCompressionRatio), entry: path)
                        }
                    }
                    if UInt64(uncompressed) > UInt64(limits.maxArchiveEntryBytes) {
                        throw fail("the entry unpacks to \(uncompressed) bytes, more than the limit of \(limits.maxArchiveEntryBytes) bytes for one archive entry", entry: path)
                    }
                    guard let total = sum(declaredTotal, UInt64(uncompressed)), total <= UInt64(limits.maxArchiveInflatedBytes) else {
                        throw fail("the archive unpacks to more than \(limits.maxArchiveInflatedBytes) bytes (the limit); a zip bomb?", entry: path)
                    }
                    declaredTotal = total
                }
                // The local header, its name and extra field, the data and any data descriptor
                // must all lie before the central directory.
                let local = UInt64(localOffset)
                guard value(UInt32.self, at: local) == Self.localSignature,
                      let localMethod = value(UInt16.self, at: local + 8),
                      let localNameLength = value(UInt16.self, at: local + 26),
                      let localExtraLength = value(UInt16.self, at: local + 28),
                      let dataStart = sum(local, 30, UInt64(localNameLength), UInt64(localExtraLength)),
                      let dataEnd = sum(dataStart, UInt64(compressed), flags & 0x08 != 0 ? 12 : 0),
                      dataEnd <= UInt64(cdOffset) else {
                    throw fail("the entry's local header or data (offset \(localOffset), \(compressed) bytes) is not inside the archive before its central directory", entry: path)
                }
                if !isDirectory && localMethod != method {
                    throw fail("the local header says compression method \(localMethod), the central directory \(method)", entry: path)
                }
                records.append(Record(path: path, method: method, flags: flags, crc32: crc, compressedSize: UInt64(compressed),
                                      uncompressedSize: UInt64(uncompressed), localHeaderOffset: local))
                position = next
            }
            if position != cdEnd {
                throw fail("the central directory holds \(cdEnd - position) bytes after its \(entries) declared entries: a wrong entry count")
            }
            return records
        }
    }
}
