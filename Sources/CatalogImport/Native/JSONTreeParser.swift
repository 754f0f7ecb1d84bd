/// A strict JSON (RFC 8259) parser that keeps where every value starts.
///
/// Foundation's parsers report only the first problem as a character index and silently keep
/// the last of two duplicate keys. The native reader needs byte offsets for every value (to
/// turn a problem into `file:line:column` as well as a JSON pointer), must see duplicate keys
/// (a maintainer's copy-paste slip must not silently drop data), and must bound nesting depth
/// and string size on untrusted input. Invalid UTF-8 is an error, never replaced.
struct JSONTreeParser {
    struct SyntaxError: Error {
        /// Byte offset in the input where the problem was found.
        var offset: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var index: Int
    private let maxDepth: Int
    private let maxStringBytes: Int

    /// Parses one JSON document starting at `start` (after a byte-order mark, if any).
    static func parse(_ bytes: [UInt8], from start: Int = 0, maxDepth: Int, maxStringBytes: Int) throws(SyntaxError) -> NativeNode {
        var parser = JSONTreeParser(bytes: bytes, index: start, maxDepth: maxDepth, maxStringBytes: maxStringBytes)
        parser.skipWhitespace()
        let root = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw SyntaxError(offset: parser.index, message: "expected the end of the document after the top-level value, found \(parser.describeCurrent())")
        }
        return root
    }

    private init(bytes: [UInt8], index: Int, maxDepth: Int, maxStringBytes: Int) {
        self.bytes = bytes
        self.index = index
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> NativeNode {
        guard index < bytes.count else { throw truncated("a value") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return NativeNode(value: try parseObject(depth: depth + 1), mark: start)
        case UInt8(ascii: "["):
            return NativeNode(value: try parseArray(depth: depth + 1), mark: start)
        case UInt8(ascii: "\""):
            return NativeNode(value: .string(try parseString()), mark: start)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return NativeNode(value: .bool(true), mark: start)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return NativeNode(value: .bool(false), mark: start)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return NativeNode(value: .null, mark: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return NativeNode(value: .number(try parseNumber()), mark: start)
        default:
            throw SyntaxError(offset: index, message: "expected a value (object, list, string, number, true, false or null), found \(describeCurrent())")
        }
    }

    private mutating func parseObject(depth: Int) throws(SyntaxError) -> NativeValue {
        try checkDepth(depth)
        index += 1  // {
        var members: [NativeMember] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw truncated("a member name in quotes") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw SyntaxError(offset: index, message: "expected a member name in double quotes, found \(describeCurrent())")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw truncated("':' after the member name \"\(key)\"") }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw SyntaxError(offset: index, message: "expected ':' after the member name \"\(key)\", found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(NativeMember(key: key, node: value))
            skipWhitespace()
            guard index < bytes.count else { throw truncated("',' or '}'") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw SyntaxError(offset: index, message: "expected ',' or '}' after the value of \"\(key)\", found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(SyntaxError) -> NativeValue {
        try checkDepth(depth)
        index += 1  // [
        var items: [NativeNode] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw truncated("',' or ']'") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(items)
            default: throw SyntaxError(offset: index, message: "expected ',' or ']' after a list item, found \(describeCurrent())")
            }
        }
    }

    // MARK: Scalars

    private mutating func parseString() throws(SyntaxError) -> String {
        let open = index
        index += 1  // opening quote
        let contentStart = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try decodeUTF8(bytes[contentStart..<index], at: contentStart)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            index += 1
            if index - contentStart > maxStringBytes { throw tooLong(open) }
        }
        guard index < bytes.count else { throw SyntaxError(offset: open, message: "unexpected end of file inside a string that starts here (the file looks truncated)") }

        var buffer = Array(bytes[contentStart..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let text = try decodeUTF8(buffer[...], at: contentStart)
                index += 1
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw SyntaxError(offset: index - 2, message: "invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
                }
            default:
                if byte < 0x20 { throw controlCharacter(byte) }
                buffer.append(byte)
                index += 1
            }
            if buffer.count > maxStringBytes { throw tooLong(open) }
        }
        throw SyntaxError(offset: open, message: "unexpected end of file inside a string that starts here (the file looks truncated)")
    }

    /// Reads `XXXX` after `\u`, combining a UTF-16 surrogate pair when one follows.
    private mutating func parseUnicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
        let escapeStart = index - 2
        let first = try hex4()
        if (0xD800...0xDBFF).contains(first) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw SyntaxError(offset: escapeStart, message: "lone UTF-16 surrogate \\u\(String(first, radix: 16, uppercase: true)) (expected a low surrogate \\uDC00–\\uDFFF to follow)")
            }
            index += 2
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second) else {
                throw SyntaxError(offset: escapeStart, message: "invalid UTF-16 surrogate pair in a \\u escape")
            }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            return Unicode.Scalar(value)!
        }
        guard let scalar = Unicode.Scalar(first) else {
            throw SyntaxError(offset: escapeStart, message: "lone UTF-16 surrogate \\u\(String(first, radix: 16, uppercase: true))")
        }
        return scalar
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw truncated("four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw SyntaxError(offset: index, message: "expected a hex digit in a \\u escape, found \(describeCurrent())")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(SyntaxError) -> Double {
        let start = index
        func digits(_ parser: inout JSONTreeParser) -> Int {
            let begin = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) {
                parser.index += 1
            }
            return parser.index - begin
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw truncated("digits of a number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                throw SyntaxError(offset: start, message: "numbers must not have leading zeros")
            }
        } else if digits(&self) == 0 {
            throw SyntaxError(offset: index, message: "expected digits in a number, found \(describeCurrent())")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw SyntaxError(offset: index, message: "expected digits after the decimal point, found \(describeCurrent())") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw SyntaxError(offset: index, message: "expected digits in the exponent, found \(describeCurrent())") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw SyntaxError(offset: start, message: "number \(text) is out of range")
        }
        return value
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
        let start = index
        let expected = literal.withUTF8Buffer { Array($0) }
        for byte in expected {
            guard index < bytes.count else { throw truncated("'\(literal)'") }
            guard bytes[index] == byte else {
                throw SyntaxError(offset: start, message: "expected a value (object, list, string, number, true, false or null), found \(describe(at: start))")
            }
            index += 1
        }
    }

    // MARK: Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func checkDepth(_ depth: Int) throws(SyntaxError) {
        if depth > maxDepth {
            throw SyntaxError(offset: index, message: "nesting deeper than \(maxDepth) levels (limit of ReadLimits.maxDepth)")
        }
    }

    /// Decodes string content; `offset` is where the content starts in the file, for locating
    /// the first invalid byte.
    private func decodeUTF8(_ slice: ArraySlice<UInt8>, at offset: Int) throws(SyntaxError) -> String {
        if let text = String(validating: slice, as: UTF8.self) { return text }
        var valid = 0
        var iterator = slice.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { valid += UTF8.width(scalar) }
        throw SyntaxError(offset: offset + valid, message: "invalid UTF-8 byte sequence in a string (the file must be UTF-8 encoded)")
    }

    private func truncated(_ expected: String) -> SyntaxError {
        SyntaxError(offset: bytes.count, message: "unexpected end of file: expected \(expected) (the file looks truncated)")
    }

    private func controlCharacter(_ byte: UInt8) -> SyntaxError {
        let hex = String(byte, radix: 16, uppercase: true)
        return SyntaxError(offset: index, message: "raw control character U+\(hex.count < 2 ? "000" : "00")\(hex) in a string (write it as an escape such as \\n or \\t)")
    }

    private func tooLong(_ start: Int) -> SyntaxError {
        SyntaxError(offset: start, message: "string longer than \(maxStringBytes) bytes (limit of ReadLimits.maxTextBytes)")
    }

    private func describeCurrent() -> String { describe(at: index) }

    private func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let byte = bytes[offset]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == 0x20 { return "a space" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}

/// Converts byte offsets of a UTF-8 document into 1-based lines and columns (columns count
/// characters, i.e. Unicode scalars, as editors do).
struct UTF8LineIndex {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(_ bytes: [UInt8], start: Int = 0) {
        self.bytes = bytes
        var starts = [start]
        var offset = start
        while offset < bytes.count {
            if bytes[offset] == 0x0A { starts.append(offset + 1) }
            offset += 1
        }
        self.lineStarts = starts
    }

    func lineAndColumn(of offset: Int) -> (line: Int, column: Int?) {
        // Last line start ≤ offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let lineStart = lineStarts[low]
        var column = 1
        var position = lineStart
        let end = min(offset, bytes.count)
        while position < end {
            if bytes[position] & 0xC0 != 0x80 { column += 1 }
            position += 1
        }
        if offset < lineStart { column = 1 }
        return (low + 1, column)
    }
}
