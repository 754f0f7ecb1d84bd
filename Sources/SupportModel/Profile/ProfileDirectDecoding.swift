/// The profile decoder's direct path: a well-formed profile whose every answer is accepted is
/// read from its UTF-8 bytes without `JSONSerialization`, without `Any` and without a
/// dynamic cast per answer.
///
/// Why: the server decodes one profile per recommendation, and the general path (parse into
/// `[String: Any]`, cast each value back, sort the keys for the unknown-key check) was 8.9 %
/// of a recommendation's server CPU (Benchmarks/RESULTS.md, "Issue 16.3: session 7").
///
/// The invariant that keeps it honest: this path only ever *accepts*. It returns `nil` for
/// anything it does not read exactly as the general path would — a syntax it does not take
/// (a number that is not a plain whole number of at most 15 digits, a `\u` escape of a
/// surrogate, a repeated key, nesting deeper than a profile has), an unknown key, a value of the
/// wrong type, an answer the parser refuses, a profile the validator refuses — and the caller
/// then runs the general path, which words every problem. So every refusal and its messages
/// come from one place, and an accepted profile equals the general path's
/// (`ProfileDirectDecodingTests` compares them on the bundled profiles and on mutations of them).
extension ProfileDecoder {
    /// The profile when the direct path accepts `bytes`, else `nil` (then decode generally).
    func decodeDirectly(_ bytes: UnsafeRawBufferPointer) -> Profile? {
        var scanner = ProfileJSONScanner(bytes: bytes)
        guard case .object(let members)? = scanner.document() else { return nil }
        for member in members where !Self.fieldNames.contains(member.key) { return nil }
        // The nested objects (`location`): each key must be one of its questions'.
        var nested: [String: [ProfileJSON.Member]] = [:]
        for parent in Self.objectNames {
            guard let value = ProfileJSON.value(of: parent, in: members) else { continue }
            switch value {
            case .null: continue
            case .object(let inner):
                guard let names = Self.namesInObject[parent] else { return nil }
                for member in inner where !names.contains(member.key) { return nil }
                nested[parent] = inner
            default: return nil
            }
        }
        var profile = Profile()
        for question in Questionnaire.questions {
            let container: [ProfileJSON.Member]?
            switch question.parents.count {
            case 0: container = members
            case 1: container = nested[question.parents[0]]
            default: return nil
            }
            guard let container, let value = ProfileJSON.value(of: question.name, in: container) else { continue }
            if case .null = value { continue }
            guard let answer = parser.read(direct: value, for: question) else { return nil }
            question.set(answer, in: &profile)
        }
        if nested["location"] != nil, profile.location == nil { profile.location = Profile.Location() }
        // Each answer came from the parser, which only gives answers its `check` passes; what
        // is left of the validator is whether they contradict each other.
        guard !validator.hasContradictions(in: profile) else { return nil }
        return profile
    }
}

/// A JSON value of the subset the direct path reads (see ``ProfileDecoder/decodeDirectly(_:)``).
enum ProfileJSON {
    typealias Member = (key: String, value: ProfileJSON)

    case null
    case bool(Bool)
    /// A whole number written as at most 15 digits (so exact as a `Double`, as the general
    /// path's `NSNumber` reads it), without sign, fraction or exponent.
    case integer(Int)
    case string(String)
    case array([ProfileJSON])
    /// Members in document order; a key occurs once.
    case object([Member])

    /// A profile has at most a few dozen keys: a linear search costs less than hashing them.
    static func value(of key: String, in members: [Member]) -> ProfileJSON? {
        for member in members where member.key == key { return member.value }
        return nil
    }
}

/// A strict reader of UTF-8 JSON into ``ProfileJSON``: `nil` for invalid JSON and for valid
/// JSON outside the subset. Linear in the input; the depth is capped, so a hostile body of
/// nested brackets cannot recurse deeply.
struct ProfileJSONScanner {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    /// A profile is an object holding one level of objects (`location`) and lists of strings.
    static let maxDepth = 3
    /// Digits of a whole number the direct path takes (10^15 is the parser's limit for amounts).
    static let maxDigits = 15

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The whole input as one value, nothing but white space around it.
    mutating func document() -> ProfileJSON? {
        skipWhiteSpace()
        guard let value = value(depth: 0) else { return nil }
        skipWhiteSpace()
        return index == bytes.count ? value : nil
    }

    private mutating func skipWhiteSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) -> ProfileJSON? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { return nil }
            return object(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { return nil }
            return array(depth: depth + 1)
        case UInt8(ascii: "\""): return string().map(ProfileJSON.string)
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return integer().map(ProfileJSON.integer)
        default: return nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += length
        return true
    }

    private mutating func object(depth: Int) -> ProfileJSON? {
        index += 1  // {
        var members: [ProfileJSON.Member] = []
        skipWhiteSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhiteSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            // A repeated key: which one the general path keeps is its business.
            for member in members where member.key == key { return nil }
            skipWhiteSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhiteSpace()
            guard let value = value(depth: depth) else { return nil }
            members.append((key, value))
            skipWhiteSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: return nil
            }
        }
    }

    private mutating func array(depth: Int) -> ProfileJSON? {
        index += 1  // [
        var elements: [ProfileJSON] = []
        skipWhiteSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhiteSpace()
            guard let element = value(depth: depth) else { return nil }
            elements.append(element)
            skipWhiteSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: return nil
            }
        }
    }

    /// Digits only, no leading zero (JSON has none), at most ``maxDigits``; a sign, fraction or
    /// exponent leaves the number to the general path.
    private mutating func integer() -> Int? {
        let start = index
        var value = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
            guard index - start <= Self.maxDigits else { return nil }
        }
        if index - start > 1, bytes[start] == UInt8(ascii: "0") { return nil }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        return value
    }

    /// A string without escapes is one validated copy of its bytes; escapes other than a
    /// surrogate `\u` are decoded. A raw control character or invalid UTF-8 gives `nil`.
    private mutating func string() -> String? {
        index += 1  // "
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    private mutating func escapedString(from start: Int) -> String? {
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { return nil }
                let escape = bytes[index + 1]
                index += 2
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count else { return nil }
                    var code: UInt32 = 0
                    for offset in 0..<4 {
                        guard let digit = Self.hexValue(bytes[index + offset]) else { return nil }
                        code = code << 4 | digit
                    }
                    index += 4
                    // A surrogate (half of a pair, or a lone one) is the general path's to read.
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    utf8.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                utf8.append(byte)
                index += 1
            }
        }
        return nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
