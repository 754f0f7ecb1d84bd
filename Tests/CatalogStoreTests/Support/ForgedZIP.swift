import Foundation
import ZIPFoundation

/// Writes ZIP archives byte by byte, with whatever sizes, offsets and checksums a test wants to
/// lie about: ZIPFoundation cannot write a lying archive, and hostile archives lie.
enum ForgedZIP {
    /// One stored (uncompressed) entry, and what its headers should claim instead of the truth.
    struct Entry {
        var name: String
        var data: Data
        /// Written instead of the real CRC-32 (in both headers).
        var crc32: UInt32?
        /// Zip64 sizes in the central directory's extra field (its 32-bit fields then say 0xFFFFFFFF).
        var zip64Uncompressed: UInt64?
        var zip64Compressed: UInt64?
        /// Written instead of the local header's real offset.
        var localHeaderOffset: UInt32?

        init(_ name: String, _ data: Data, crc32: UInt32? = nil, zip64Uncompressed: UInt64? = nil,
             zip64Compressed: UInt64? = nil, localHeaderOffset: UInt32? = nil) {
            self.name = name
            self.data = data
            self.crc32 = crc32
            self.zip64Uncompressed = zip64Uncompressed
            self.zip64Compressed = zip64Compressed
            self.localHeaderOffset = localHeaderOffset
        }
    }

    /// The archive; `directoryOffsetShift` moves the end record's central-directory offset.
    static func archive(_ entries: [Entry], directoryOffsetShift: Int = 0) -> Data {
        var out = Data()
        var directory = Data()
        for entry in entries {
            let offset = UInt32(out.count)
            let crc = entry.crc32 ?? entry.data.crc32(checksum: 0)
            let name = Data(entry.name.utf8)
            let size = UInt32(entry.data.count)
            out.append(le32(0x0403_4B50)); out.append(le16(20)); out.append(le16(0)); out.append(le16(0))
            out.append(le16(0)); out.append(le16(0x21)); out.append(le32(crc)); out.append(le32(size)); out.append(le32(size))
            out.append(le16(UInt16(name.count))); out.append(le16(0)); out.append(name); out.append(entry.data)

            var extra = Data()
            if entry.zip64Uncompressed != nil || entry.zip64Compressed != nil {
                var values = Data()
                if let value = entry.zip64Uncompressed { values.append(le64(value)) }
                if let value = entry.zip64Compressed { values.append(le64(value)) }
                extra.append(le16(0x0001)); extra.append(le16(UInt16(values.count))); extra.append(values)
            }
            directory.append(le32(0x0201_4B50)); directory.append(le16(0x031E)); directory.append(le16(entry.zip64Uncompressed == nil && entry.zip64Compressed == nil ? 20 : 45))
            directory.append(le16(0)); directory.append(le16(0)); directory.append(le16(0)); directory.append(le16(0x21))
            directory.append(le32(crc))
            directory.append(le32(entry.zip64Compressed == nil ? size : 0xFFFF_FFFF))
            directory.append(le32(entry.zip64Uncompressed == nil ? size : 0xFFFF_FFFF))
            directory.append(le16(UInt16(name.count))); directory.append(le16(UInt16(extra.count))); directory.append(le16(0))
            directory.append(le16(0)); directory.append(le16(0)); directory.append(le32(0o100644 << 16))
            directory.append(le32(entry.localHeaderOffset ?? offset)); directory.append(name); directory.append(extra)
        }
        let directoryOffset = out.count
        out.append(directory)
        out.append(le32(0x0605_4B50)); out.append(le16(0)); out.append(le16(0))
        out.append(le16(UInt16(entries.count))); out.append(le16(UInt16(entries.count)))
        out.append(le32(UInt32(directory.count))); out.append(le32(UInt32(directoryOffset + directoryOffsetShift))); out.append(le16(0))
        return out
    }

    private static func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    private static func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    private static func le64(_ value: UInt64) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
}
