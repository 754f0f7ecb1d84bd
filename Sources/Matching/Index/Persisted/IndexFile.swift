#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if _endian(big)
#error("The index file stores little-endian columns and maps them in place; a big-endian host would have to swap bytes")
#endif

/// The file an ``OfferIndex`` is stored in next to its store, so `serve` maps it instead of
/// analysing every offer's text again (issue 16: 35 s and 1.1 GB before the first answer at
/// 100,000 offers).
///
/// Layout (every number little-endian, every section 8-byte aligned):
///
/// ```
/// header   0..<64    magic "SMINDEX\0", format version (UInt32), 0 (UInt32),
///                    key (32 bytes, see ``PersistedIndex/key``), 0 (16 bytes)
/// sections           raw column bytes, each padded with zeros to a multiple of 8
/// table              per section: tag (UInt32), element size (UInt32), offset (UInt64),
///                    element count (UInt64)
/// footer   last 40   table offset (UInt64), section count (UInt64), checksum of every byte
///                    before the footer (UInt64), file length (UInt64), magic "SMIDXEND"
/// ```
///
/// A file is used only when its magic, format version and key are the expected ones (else it
/// is *stale*: another catalogue, build or format), its length is the one its footer states
/// (else *torn*), and its checksum and table hold (else *corrupt*). It is written under a
/// temporary name, synced and renamed (``Writer``), so a crash leaves the old file or none,
/// never half of one under the real name.
enum IndexFile {
    static let headerMagic: [UInt8] = Array("SMINDEX\0".utf8)
    static let footerMagic: [UInt8] = Array("SMIDXEND".utf8)
    /// Bumped whenever the layout or the meaning of a section changes.
    /// 3 (session 12): the synonym entries' lists (``SynonymLists``).
    /// 4 (session 16): the programmes by narrow purpose (``DerivedSignals/byPurpose``).
    static let formatVersion: UInt32 = 4
    static let headerSize = 64
    static let footerSize = 40
    static let tableEntrySize = 24

    /// Why a file was not used.
    enum Rejection: Error, Equatable, CustomStringConvertible {
        case missing
        case unreadable(String)
        case stale(String)
        case torn(String)
        case corrupt(String)

        var description: String {
            switch self {
            case .missing: "no index file"
            case .unreadable(let reason): "index file unreadable (\(reason))"
            case .stale(let reason): "index file is stale (\(reason))"
            case .torn(let reason): "index file is torn (\(reason))"
            case .corrupt(let reason): "index file is corrupt (\(reason))"
            }
        }
    }

    struct Section {
        var elementSize: Int
        var offset: Int
        var count: Int
    }

    /// A read-only private mapping of a whole file, unmapped when the last column that reads
    /// it goes away.
    final class Mapping: @unchecked Sendable {
        let base: UnsafeRawPointer
        let length: Int

        init(base: UnsafeRawPointer, length: Int) {
            self.base = base
            self.length = length
        }

        deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }
    }

    /// A mapped, checked index file.
    struct Reader {
        let mapping: Mapping
        let sections: [UInt32: Section]

        /// Maps the file at `path` and checks it against `key`.
        init(path: String, key: [UInt8]) throws {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                if errno == ENOENT { throw IndexFile.Rejection.missing }
                throw IndexFile.Rejection.unreadable(String(cString: strerror(errno)))
            }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw IndexFile.Rejection.unreadable(String(cString: strerror(errno))) }
            let length = Int(info.st_size)
            guard length >= IndexFile.headerSize + IndexFile.footerSize else {
                throw IndexFile.Rejection.torn("\(length) bytes, shorter than a header and a footer")
            }
            guard let raw = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else {
                throw IndexFile.Rejection.unreadable("mmap: \(String(cString: strerror(errno)))")
            }
            let mapping = Mapping(base: UnsafeRawPointer(raw), length: length)
            let base = mapping.base
            func bytes(_ offset: Int, _ count: Int) -> [UInt8] {
                Array(UnsafeRawBufferPointer(start: base + offset, count: count))
            }
            func word(_ offset: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }

            guard bytes(0, 8) == IndexFile.headerMagic else { throw IndexFile.Rejection.corrupt("not an index file: wrong magic") }
            let version = base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
            guard version == IndexFile.formatVersion else {
                throw IndexFile.Rejection.stale("format version \(version), this build reads \(IndexFile.formatVersion)")
            }
            guard bytes(16, 32) == key else { throw IndexFile.Rejection.stale("built for another catalogue, analysis data or build") }
            let footer = length - IndexFile.footerSize
            guard bytes(footer + 32, 8) == IndexFile.footerMagic else {
                throw IndexFile.Rejection.torn("\(length) bytes and no footer at the end")
            }
            let stated = Int(truncatingIfNeeded: word(footer + 24))
            guard stated == length else { throw IndexFile.Rejection.torn("\(length) bytes, the footer says \(stated)") }
            let tableOffset = Int(truncatingIfNeeded: word(footer))
            let sectionCount = Int(truncatingIfNeeded: word(footer + 8))
            guard tableOffset >= IndexFile.headerSize, sectionCount >= 0, sectionCount < 1 << 20,
                  tableOffset + sectionCount * IndexFile.tableEntrySize == footer else {
                throw IndexFile.Rejection.corrupt("section table out of place")
            }
            // Each 16 MiB read is given back at once: the whole file resident at once was the
            // peak of a start at 100,000 offers (a 230 MB file; 290 MB peak, 160 MB after).
            let checksum = IndexFile.checksum(UnsafeRawBufferPointer(start: base, count: footer)) { chunk in
                _ = madvise(UnsafeMutableRawPointer(mutating: chunk.baseAddress!), chunk.count, MADV_DONTNEED)
            }
            guard checksum == word(footer + 16) else { throw IndexFile.Rejection.corrupt("checksum mismatch") }
            var sections: [UInt32: Section] = [:]
            for number in 0..<sectionCount {
                let entry = tableOffset + number * IndexFile.tableEntrySize
                let tag = base.loadUnaligned(fromByteOffset: entry, as: UInt32.self)
                let size = Int(base.loadUnaligned(fromByteOffset: entry + 4, as: UInt32.self))
                let offset = Int(truncatingIfNeeded: word(entry + 8))
                let count = Int(truncatingIfNeeded: word(entry + 16))
                guard size > 0, offset >= IndexFile.headerSize, offset % 8 == 0, count >= 0,
                      count <= (tableOffset - offset) / size, sections[tag] == nil else {
                    throw IndexFile.Rejection.corrupt("section \(tag) out of bounds")
                }
                sections[tag] = Section(elementSize: size, offset: offset, count: count)
            }
            // Checking read every page; give them back (they stay in the page cache), so the
            // process holds only what queries touch.
            _ = madvise(UnsafeMutableRawPointer(raw), length, MADV_DONTNEED)
            self.mapping = mapping
            self.sections = sections
        }

        /// The section `tag` read in place as a column of `Element`.
        func column<Element: BitwiseCopyable>(_ tag: UInt32, as type: Element.Type = Element.self) throws -> Column<Element> {
            guard let section = sections[tag] else { throw IndexFile.Rejection.corrupt("section \(tag) missing") }
            guard section.elementSize == MemoryLayout<Element>.stride, section.offset % MemoryLayout<Element>.alignment == 0 else {
                throw IndexFile.Rejection.corrupt("section \(tag) holds \(section.elementSize)-byte values, expected \(MemoryLayout<Element>.stride)")
            }
            return Column(unsafeStart: mapping.base + section.offset, count: section.count, owner: mapping)
        }

        /// Strings stored by ``Writer/appendStrings(_:_:_:)``, copied out.
        func strings(_ bytesTag: UInt32, _ endsTag: UInt32) throws -> [String] {
            let bytes: Column<UInt8> = try column(bytesTag)
            let ends: Column<UInt32> = try column(endsTag)
            var result: [String] = []
            result.reserveCapacity(ends.count)
            var start = 0
            try bytes.withUnsafeBufferPointer { buffer in
                for end in ends {
                    let end = Int(end)
                    guard end >= start, end <= buffer.count else { throw IndexFile.Rejection.corrupt("string section \(bytesTag) out of bounds") }
                    result.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
                    start = end
                }
            }
            return result
        }
    }

    /// Writes a new index file under a temporary name next to `path`; ``finish()`` syncs it
    /// and renames it over `path`, ``abandon()`` removes it.
    final class Writer {
        let path: String
        let temporaryPath: String
        private var fd: Int32 = -1
        private var offset = 0
        private var table: [(tag: UInt32, elementSize: Int, offset: Int, count: Int)] = []

        init(path: String, key: [UInt8]) throws {
            precondition(key.count == 32)
            self.path = path
            temporaryPath = "\(path).tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
            fd = open(temporaryPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw IndexFile.Rejection.unreadable("cannot create \(temporaryPath): \(String(cString: strerror(errno)))") }
            var header = IndexFile.headerMagic
            withUnsafeBytes(of: IndexFile.formatVersion.littleEndian) { header += $0 }
            header += [0, 0, 0, 0] + key
            header += [UInt8](repeating: 0, count: IndexFile.headerSize - header.count)
            try write(header)
        }

        private func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { buffer in try write(buffer) }
        }

        private func write(_ buffer: UnsafeRawBufferPointer) throws {
            try write(buffer, at: offset)
            offset += buffer.count
        }

        /// Writes at a position of the file, leaving the end where it is.
        private func write(_ buffer: UnsafeRawBufferPointer, at position: Int) throws {
            var done = 0
            while done < buffer.count {
                let written = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(position + done))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw IndexFile.Rejection.unreadable("cannot write \(temporaryPath): \(String(cString: strerror(errno)))")
                }
                done += written
            }
        }

        /// Appends a section of `count` values of `Element` whose bytes are written later with
        /// ``fill(_:at:)``, and returns where it starts: a build that produces several sections at
        /// once (``StreamedIndexBuild``'s merge) writes each in place instead of holding them. Bytes
        /// never filled read as zeros.
        func reserve<Element: BitwiseCopyable>(_ tag: UInt32, _ type: Element.Type, count: Int) -> Int {
            let start = offset
            table.append((tag, MemoryLayout<Element>.stride, start, count))
            offset += count * MemoryLayout<Element>.stride
            offset += (8 - offset % 8) % 8
            return start
        }

        /// Reads back bytes written at file position `position` (a reserved section already
        /// filled: ``StreamedIndexBuild`` takes the synonym terms' postings from the file it
        /// writes instead of holding them).
        func read(into buffer: UnsafeMutableRawBufferPointer, at position: Int) throws {
            var done = 0
            while done < buffer.count {
                let read = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(position + done))
                if read < 0, errno == EINTR { continue }
                guard read > 0 else {
                    throw IndexFile.Rejection.unreadable("cannot read back \(temporaryPath): \(read < 0 ? String(cString: strerror(errno)) : "short file")")
                }
                done += read
            }
        }

        /// Writes bytes of a reserved section at file position `position`.
        func fill(_ buffer: UnsafeRawBufferPointer, at position: Int) throws {
            try write(buffer, at: position)
        }

        /// Appends a section of `count` values of `Element` copied from the start of the open
        /// file `source`, a chunk at a time.
        func append<Element: BitwiseCopyable>(_ tag: UInt32, _ type: Element.Type, count: Int, copyingFrom source: Int32) throws {
            table.append((tag, MemoryLayout<Element>.stride, offset, count))
            var remaining = count * MemoryLayout<Element>.stride
            var position = 0
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
            defer { chunk.deallocate() }
            while remaining > 0 {
                let read = pread(source, chunk.baseAddress!, min(chunk.count, remaining), off_t(position))
                if read < 0, errno == EINTR { continue }
                guard read > 0 else {
                    throw IndexFile.Rejection.unreadable("cannot read a spilled section: \(read < 0 ? String(cString: strerror(errno)) : "short file")")
                }
                try write(UnsafeRawBufferPointer(rebasing: chunk[0..<read]))
                remaining -= read
                position += read
            }
            let padding = (8 - offset % 8) % 8
            if padding > 0 { try write([UInt8](repeating: 0, count: padding)) }
        }

        func append<Element: BitwiseCopyable>(_ tag: UInt32, _ values: some Collection<Element>) throws {
            table.append((tag, MemoryLayout<Element>.stride, offset, values.count))
            let contiguous = values.withContiguousStorageIfAvailable { UnsafeRawBufferPointer($0) }
            if let contiguous {
                // Still valid: `values` is alive for the whole call.
                try write(contiguous)
            } else {
                try Array(values).withUnsafeBytes { buffer in try write(buffer) }
            }
            let padding = (8 - offset % 8) % 8
            if padding > 0 { try write([UInt8](repeating: 0, count: padding)) }
        }

        func append<Element: BitwiseCopyable>(_ tag: UInt32, _ column: Column<Element>) throws {
            table.append((tag, MemoryLayout<Element>.stride, offset, column.count))
            try column.withUnsafeBufferPointer { buffer in try write(UnsafeRawBufferPointer(buffer)) }
            let padding = (8 - offset % 8) % 8
            if padding > 0 { try write([UInt8](repeating: 0, count: padding)) }
        }

        /// Strings as one section of their UTF-8 bytes and one of their end offsets.
        func appendStrings(_ bytesTag: UInt32, _ endsTag: UInt32, _ strings: some Sequence<String>) throws {
            var bytes: [UInt8] = []
            var ends: [UInt32] = []
            for string in strings {
                bytes += string.utf8
                ends.append(UInt32(bytes.count))
            }
            try append(bytesTag, bytes)
            try append(endsTag, ends)
        }

        /// Writes the table and footer, syncs, and renames the file to `path`.
        func finish() throws {
            let tableOffset = offset
            var bytes: [UInt8] = []
            for entry in table {
                withUnsafeBytes(of: entry.tag.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: UInt32(entry.elementSize).littleEndian) { bytes += $0 }
                withUnsafeBytes(of: UInt64(entry.offset).littleEndian) { bytes += $0 }
                withUnsafeBytes(of: UInt64(entry.count).littleEndian) { bytes += $0 }
            }
            try write(bytes)
            let checksum = try checksumWritten()
            var footer: [UInt8] = []
            for value in [UInt64(tableOffset), UInt64(table.count), checksum, UInt64(offset + IndexFile.footerSize)] {
                withUnsafeBytes(of: value.littleEndian) { footer += $0 }
            }
            try write(footer + IndexFile.footerMagic)
            guard fsync(fd) == 0 else { throw IndexFile.Rejection.unreadable("fsync \(temporaryPath): \(String(cString: strerror(errno)))") }
            close(fd)
            fd = -1
            guard rename(temporaryPath, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporaryPath)
                throw IndexFile.Rejection.unreadable("rename to \(path): \(reason)")
            }
            // The rename itself is durable once the directory is synced.
            let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
            let directoryFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directoryFD >= 0 {
                _ = fsync(directoryFD)
                close(directoryFD)
            }
        }

        /// The checksum of what has been written so far, read back through a mapping.
        private func checksumWritten() throws -> UInt64 {
            guard offset > 0 else { return IndexFile.checksum(UnsafeRawBufferPointer(start: nil, count: 0)) }
            guard let raw = mmap(nil, offset, PROT_READ, MAP_SHARED, fd, 0), raw != MAP_FAILED else {
                throw IndexFile.Rejection.unreadable("mmap \(temporaryPath): \(String(cString: strerror(errno)))")
            }
            defer { munmap(raw, offset) }
            // Each 16 MiB read is dropped from this process at once (the pages stay cached): the
            // whole file mapped at once would be the peak of a build that holds little else.
            return IndexFile.checksum(UnsafeRawBufferPointer(start: raw, count: offset)) { chunk in
                _ = madvise(UnsafeMutableRawPointer(mutating: chunk.baseAddress!), chunk.count, MADV_DONTNEED)
            }
        }

        /// Removes the temporary file (after a failure).
        func abandon() {
            if fd >= 0 { close(fd) }
            fd = -1
            unlink(temporaryPath)
        }

        deinit { if fd >= 0 { close(fd); unlink(temporaryPath) } }
    }

    /// A 64-bit checksum of `bytes` (four independent multiply-xor lanes over 8-byte words, so
    /// it runs at memory speed): it detects a damaged or torn file, not a forged one.
    ///
    /// `done`, when given, receives each 16 MiB chunk (page-aligned when `bytes` is) as soon as
    /// it has been read; the result does not depend on it.
    static func checksum(_ bytes: UnsafeRawBufferPointer, done: ((UnsafeRawBufferPointer) -> Void)? = nil) -> UInt64 {
        let chunkWords = 1 << 21
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
        let words = bytes.count / 8
        guard let base = bytes.baseAddress else { return 0 }
        var index = 0
        @inline(__always) func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
            let value = (lane ^ word) &* prime
            return value ^ (value >> 29)
        }
        while index + 4 <= words {
            lanes.0 = mix(lanes.0, base.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            lanes.1 = mix(lanes.1, base.loadUnaligned(fromByteOffset: index * 8 + 8, as: UInt64.self))
            lanes.2 = mix(lanes.2, base.loadUnaligned(fromByteOffset: index * 8 + 16, as: UInt64.self))
            lanes.3 = mix(lanes.3, base.loadUnaligned(fromByteOffset: index * 8 + 24, as: UInt64.self))
            index += 4
            if let done, index & (chunkWords - 1) == 0 {
                done(UnsafeRawBufferPointer(start: base + (index - chunkWords) * 8, count: chunkWords * 8))
            }
        }
        var tail: UInt64 = UInt64(bytes.count)
        while index < words {
            tail = mix(tail, base.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            index += 1
        }
        for byte in bytes[(words * 8)...] { tail = mix(tail, UInt64(byte)) }
        return mix(mix(mix(mix(tail, lanes.0), lanes.1), lanes.2), lanes.3)
    }
}
