import Foundation

/// The native JSON document read in chunks, so a 100,000-offer file never lies in memory whole:
/// the envelope members are parsed as they come, and the `offers` list one offer at a time,
/// each with ``JSONTreeParser`` on that offer's bytes alone.
///
/// Why two passes: an offer cannot be decoded before the document's `source` and `sources`
/// are known, and a valid document may name them after `offers`. The first pass only finds
/// where each envelope member's value lies (strings and nesting, no tree, no allocation); the
/// second parses the small members, then the offers. A document whose envelope is anything
/// but an object of distinct members is left to the whole-document parse, and so is every
/// document in which the streaming read finds an error: that parse reports the same problem,
/// with the same precedence, as before streaming (records already handed out are discarded by
/// the import, as for any reader that fails part way).
struct NativeJSONStream {
    /// Where one envelope member's value lies in the file (absolute byte offsets), and its
    /// bytes unless it is the `offers` list.
    struct Member {
        var key: String
        var valueStart: Int
        var valueEnd: Int
        var value: [UInt8]?
    }

    /// Envelope members other than `offers` are names and codes; a larger one is read whole.
    static let maxEnvelopeValueBytes = 64 * 1024

    /// Unusual layout: the caller reads the document whole.
    struct NotStreamable: Error {}

    static let chunkSize = 1 << 20

    private let handle: FileHandle
    /// Bytes from absolute offset `base` on.
    private(set) var buffer: [UInt8] = []
    private(set) var base = 0
    private var atEnd = false

    init(url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
    }

    func close() { try? handle.close() }

    /// Moves back to the start of the file (for the second pass).
    mutating func rewind() throws {
        try handle.seek(toOffset: 0)
        buffer.removeAll(keepingCapacity: true)
        base = 0
        atEnd = false
    }

    /// The available bytes from absolute `offset` on.
    func available(from offset: Int) -> ArraySlice<UInt8> {
        buffer[(offset - base)...]
    }

    /// Makes the byte at absolute `offset` available; false at the end of the file.
    @inline(__always)
    mutating func has(_ offset: Int) throws -> Bool {
        if offset - base < buffer.count { return true }
        return try fill(until: offset)
    }

    @inline(__always)
    func byte(_ offset: Int) -> UInt8 { buffer[offset - base] }

    private mutating func fill(until offset: Int) throws -> Bool {
        while offset - base >= buffer.count {
            if atEnd { return false }
            let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
            if chunk.isEmpty {
                atEnd = true
                return false
            }
            buffer.append(contentsOf: chunk)
        }
        return true
    }

    /// Drops the bytes before absolute `offset` (nothing before it is read again).
    mutating func discard(before offset: Int) {
        let count = offset - base
        guard count >= Self.chunkSize, count <= buffer.count else { return }
        buffer.removeFirst(count)
        base = offset
    }

    /// Copies the bytes of `start..<end` (available, as after ``valueEnd(from:)``).
    func bytes(_ start: Int, _ end: Int) -> [UInt8] {
        Array(buffer[(start - base)..<(end - base)])
    }

    mutating func skipWhitespace(from offset: Int) throws -> Int {
        var offset = offset
        while try has(offset) {
            switch byte(offset) {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return offset
            }
        }
        return offset
    }

    /// The offset just after the JSON value that starts at `start`, found by nesting and
    /// string boundaries only (``JSONTreeParser`` checks the value itself); the end of the file
    /// when the value is not closed.
    /// `discarding`: the value's bytes are not needed afterwards (the first pass over `offers`),
    /// so they are dropped as the scan goes instead of piling up.
    mutating func valueEnd(from start: Int, discarding: Bool = false) throws -> Int {
        var offset = start
        var depth = 0
        while try has(offset) {
            if discarding, offset - base >= 2 * Self.chunkSize { discard(before: offset) }
            let byte = byte(offset)
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                while true {
                    guard try has(offset) else { return offset }
                    let inner = self.byte(offset)
                    if inner == UInt8(ascii: "\"") { break }
                    if inner == UInt8(ascii: "\\") {
                        // A backslash as the file's last byte: the string is unclosed and the
                        // value ends with the file — never one past it, which callers would slice.
                        guard try has(offset + 1) else { return offset + 1 }
                        offset += 2
                    } else {
                        offset += 1
                    }
                }
                offset += 1
                if depth == 0 { return offset }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                offset += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return offset }
                depth -= 1
                offset += 1
                if depth == 0 { return offset }
            case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                if depth == 0 { return offset }
                offset += 1
            default:
                offset += 1
            }
        }
        return offset
    }

    /// First pass: the envelope's members, in order. Throws ``NotStreamable`` for anything
    /// but `{ "key": value, … }` followed by whitespace, with distinct keys.
    mutating func members(from start: Int) throws -> [Member] {
        var offset = try skipWhitespace(from: start)
        guard try has(offset), byte(offset) == UInt8(ascii: "{") else { throw NotStreamable() }
        offset += 1
        var members: [Member] = []
        offset = try skipWhitespace(from: offset)
        guard try has(offset) else { throw NotStreamable() }
        if byte(offset) != UInt8(ascii: "}") {
            while true {
                offset = try skipWhitespace(from: offset)
                guard try has(offset), byte(offset) == UInt8(ascii: "\"") else { throw NotStreamable() }
                let keyStart = offset
                let keyEnd = try valueEnd(from: offset)
                guard case .string(let key)? = try? JSONTreeParser.parse(bytes(keyStart, keyEnd), maxDepth: 1, maxStringBytes: 4096).value,
                      !members.contains(where: { $0.key == key }) else { throw NotStreamable() }
                offset = try skipWhitespace(from: keyEnd)
                guard try has(offset), byte(offset) == UInt8(ascii: ":") else { throw NotStreamable() }
                let valueStart = try skipWhitespace(from: offset + 1)
                guard try has(valueStart) else { throw NotStreamable() }
                let valueEnd = try valueEnd(from: valueStart, discarding: key == "offers")
                guard valueEnd > valueStart else { throw NotStreamable() }
                var value: [UInt8]?
                if key != "offers" {
                    guard valueEnd - valueStart <= Self.maxEnvelopeValueBytes else { throw NotStreamable() }
                    value = bytes(valueStart, valueEnd)
                }
                members.append(Member(key: key, valueStart: valueStart, valueEnd: valueEnd, value: value))
                discard(before: valueEnd)
                offset = try skipWhitespace(from: valueEnd)
                guard try has(offset) else { throw NotStreamable() }
                if byte(offset) == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                guard byte(offset) == UInt8(ascii: "}") else { throw NotStreamable() }
                break
            }
        }
        offset = try skipWhitespace(from: offset + 1)
        guard try !has(offset) else { throw NotStreamable() }
        return members
    }
}

/// Lines and columns of absolute offsets met in increasing order, without an index of the
/// whole file: the position at one offset (normally the start of the current offer) is kept,
/// and later offsets are counted from it. Columns count Unicode scalars, as ``UTF8LineIndex``.
struct StreamingLinePosition {
    private(set) var offset: Int
    private(set) var line = 1
    private(set) var column = 1

    init(start: Int) { offset = start }

    /// Moves to `target` over `bytes`, the file's bytes from ``offset`` on.
    mutating func advance(to target: Int, over bytes: some Collection<UInt8>) {
        guard target > offset else { return }
        var (line, column) = (self.line, self.column)
        for byte in bytes.prefix(target - offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        (self.line, self.column, self.offset) = (line, column, target)
    }

    /// Line and column of `target` (≥ ``offset``), given the bytes from ``offset`` on.
    func position(of target: Int, over bytes: some Collection<UInt8>) -> (line: Int, column: Int?) {
        var copy = self
        copy.advance(to: target, over: bytes)
        return (copy.line, copy.column)
    }
}

extension NativeNode {
    /// The node with every mark moved by `distance` (a value parsed from a slice of the file).
    func shifted(by distance: Int) -> NativeNode {
        switch value {
        case .object(let members):
            NativeNode(value: .object(members.map { NativeMember(key: $0.key, node: $0.node.shifted(by: distance)) }), mark: mark + distance)
        case .array(let items):
            NativeNode(value: .array(items.map { $0.shifted(by: distance) }), mark: mark + distance)
        default:
            NativeNode(value: value, mark: mark + distance)
        }
    }
}
