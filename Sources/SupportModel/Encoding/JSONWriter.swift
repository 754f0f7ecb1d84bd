/// Writes JSON straight into UTF-8 bytes, exactly as Foundation's `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` and no indentation would: for the hot paths (the
/// server's recommendation answers).
///
/// Why: `JSONEncoder` builds a tree of boxed values, sorts every object's keys at run time and
/// walks the tree again to print it; for the ~1,450 values of a recommendation that was 43 % of
/// the request's CPU. Here each type writes its keys in their sorted order as literals and
/// every string is copied as a run of bytes, escaped only where it must be.
///
/// The output is defined by `JSONEncoder`'s, byte for byte (`JSONWriterTests` compares them on
/// real responses and on every ASCII character), so:
/// - `"`, `\` and U+0000–U+001F are escaped (`\b \t \n \f \r` short, the rest `\u00xx` with
///   lowercase hex); `/`, DEL and every non-ASCII character, U+2028 and U+2029 included, are
///   written as their UTF-8 bytes — valid JSON (RFC 8259 requires no more), and what
///   `JSONEncoder` writes;
/// - a `Double` is written as its shortest round-trip `description` without a trailing `.0`
///   (`1e+20`, `0.5`, `12`); NaN and infinities throw, as they do in `JSONEncoder`;
/// - keys of a dictionary are sorted by their UTF-8 bytes.
///
/// Commas are placed automatically: a value, key or container after a completed value is
/// preceded by one.
///
/// The output is a buffer the writer owns (noncopyable, so no two writers share it): every
/// `Array.append` checked the array's uniqueness through a runtime call and its capacity, and
/// a recommendation's ~1,450 values are written in ~6,000 small appends (Benchmarks/RESULTS.md,
/// "Issue 16.3: session 7").
package struct JSONWriter: ~Copyable {
    package struct InvalidNumber: Error, CustomStringConvertible {
        package var value: Double
        package var description: String { "cannot write \(value) as a JSON number" }
    }

    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// A value was completed at this level: the next key or value needs a comma.
    private var needsComma = false

    package init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// What was written so far.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// What was written so far, lent to `body` without a copy (the server copies it once, into
    /// the response's buffer, instead of twice through ``bytes``).
    package func withWritten<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    // MARK: Output

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func put(_ start: UnsafePointer<UInt8>, count length: Int) {
        reserve(length)
        (base + count).initialize(from: start, count: length)
        count += length
    }

    private mutating func put(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let start = buffer.baseAddress else { return }
        put(start, count: buffer.count)
    }

    // MARK: Containers

    package mutating func beginObject() {
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
    }

    package mutating func endObject() {
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func beginArray() {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
    }

    package mutating func endArray() {
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A key the caller knows needs no escaping (a Swift property name); keys must be written
    /// in sorted order by the caller. Copied as it is: a key from data goes through
    /// ``key(escaping:)``, a separate name because a literal argument would otherwise pick the
    /// `String` overload (the default literal type) and pay the escaping scan for every key.
    package mutating func key(_ name: StaticString) {
        // One reservation for the comma, quotes, colon and name (`withUTF8Buffer`: a literal of
        // one scalar has no pointer of its own).
        name.withUTF8Buffer { name in
            let length = name.count
            reserve(length + 4)
            if needsComma {
                base[count] = UInt8(ascii: ",")
                count += 1
            }
            base[count] = UInt8(ascii: "\"")
            if let start = name.baseAddress { (base + count + 1).initialize(from: start, count: length) }
            base[count + 1 + length] = UInt8(ascii: "\"")
            base[count + 2 + length] = UInt8(ascii: ":")
            count += length + 3
        }
        needsComma = false
    }

    /// A key from data (a dictionary's), escaped like any string.
    package mutating func key(escaping name: String) {
        string(name)
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Values

    package mutating func string(_ text: String) {
        separate()
        put(UInt8(ascii: "\""))
        appendEscaped(text)
        put(UInt8(ascii: "\""))
        needsComma = true
    }

    /// One string value made of two parts and a separator (an offer id `source:localID`),
    /// without building the joined string.
    package mutating func string(_ first: String, _ separator: UInt8, _ second: String) {
        separate()
        put(UInt8(ascii: "\""))
        appendEscaped(first)
        appendEscaped(separator)
        appendEscaped(second)
        put(UInt8(ascii: "\""))
        needsComma = true
    }

    package mutating func strings(_ texts: [String]) {
        beginArray()
        for text in texts { string(text) }
        endArray()
    }

    package mutating func number(_ value: Int) {
        separate()
        var text = value.description
        text.withUTF8 { put($0) }
        needsComma = true
    }

    package mutating func number(_ value: Double) throws {
        guard value.isFinite else { throw InvalidNumber(value: value) }
        separate()
        // `description` is the shortest text that reads back as the same Double (SwiftDtoa,
        // written into a small string, no allocation); JSONEncoder drops a final ".0".
        var text = value.description
        text.withUTF8 { utf8 in
            let count = utf8.count
            if count >= 2, utf8[count - 1] == UInt8(ascii: "0"), utf8[count - 2] == UInt8(ascii: ".") {
                put(UnsafeBufferPointer(rebasing: utf8[..<(count - 2)]))
            } else {
                put(utf8)
            }
        }
        needsComma = true
    }

    package mutating func bool(_ value: Bool) {
        separate()
        let literal: StaticString = value ? "true" : "false"
        literal.withUTF8Buffer { put($0) }
        needsComma = true
    }

    /// A dictionary of strings, keys in UTF-8 byte order (JSONEncoder's `.sortedKeys`).
    package mutating func object(_ dictionary: [String: String]) {
        beginObject()
        if dictionary.count == 1, let (name, value) = dictionary.first {
            key(escaping: name)
            string(value)
        } else if !dictionary.isEmpty {
            for (name, value) in dictionary.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                key(escaping: name)
                string(value)
            }
        }
        endObject()
    }

    // MARK: Escaping

    private mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    private mutating func appendEscaped(_ text: String) {
        // Read in place: `withUTF8` is mutating, and the copy it needed retained and released
        // every string written (titles and labels shared with the record cache by every request
        // thread). Only a bridged string, not contiguous, is made so once.
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped(utf8: $0) }) != nil { return }
        var text = text
        text.withUTF8 { appendEscaped(utf8: $0) }
    }

    private mutating func appendEscaped(utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        let count = utf8.count
        var runStart = 0
        var index = 0
        while index < count {
            // Eight bytes at a time while none may need escaping: most strings of an answer
            // (titles, messages, fragments) need none, and a byte at a time was a fifth of
            // the writer's cost.
            while index + 8 <= count, !Self.mayNeedEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
            guard index < count else { break }
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if runStart < index { put(base + runStart, count: index - runStart) }
                appendEscaped(byte)
                runStart = index + 1
            }
            index += 1
        }
        if runStart < count { put(base + runStart, count: count - runStart) }
    }

    /// Whether any of the eight bytes of `word` is below 0x20, `"` or `\\` (never false when one
    /// is; may be true when none is, which only sends those bytes through the byte loop).
    /// The tests are Hacker's Delight's "has a byte less than n" (n ≤ 128) and "has a zero byte"
    /// of the word XORed with the byte repeated; byte order does not matter for either.
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\""))))
        let backslash = hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\\"))))
        return control | quote | backslash != 0
    }

    /// Only the bytes `appendEscaped(_: String)` stops at, plus the separator of a two-part string.
    private mutating func appendEscaped(_ byte: UInt8) {
        let short: UInt8
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): short = byte
        case 0x08: short = UInt8(ascii: "b")
        case 0x09: short = UInt8(ascii: "t")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0D: short = UInt8(ascii: "r")
        case ..<0x20:
            put(UInt8(ascii: "\\"))
            put(UInt8(ascii: "u"))
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "0"))
            put(Self.hexDigit(byte >> 4))
            put(Self.hexDigit(byte & 0xF))
            return
        default:
            put(byte)
            return
        }
        put(UInt8(ascii: "\\"))
        put(short)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
