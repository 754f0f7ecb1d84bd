import Foundation

/// A step in a path to a field of an offer: a key (`schedule`) or a list position.
public enum FieldPathComponent: Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }

    public var description: String {
        switch self {
        case .key(let key): key
        case .index(let index): String(index)
        }
    }
}

/// Where in an offer a problem is: `["eligibility", "regions", 2]`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var components: [FieldPathComponent]

    public init(_ components: [FieldPathComponent]) { self.components = components }
    public init(arrayLiteral elements: FieldPathComponent...) { self.components = elements }

    public func appending(_ key: String) -> FieldPath { FieldPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> FieldPath { FieldPath(components + [.index(index)]) }

    /// Dotted form used in reports: `eligibility.regions[2]`.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// RFC 6901 JSON pointer relative to the offer: `/eligibility/regions/2`.
    public var jsonPointer: String {
        components.map { component in
            "/" + component.description.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }.joined()
    }
}

/// A rule an offer breaks, with what was expected.
public struct FieldIssue: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var path: FieldPath
    public var message: String
    public var severity: Severity

    public init(_ path: FieldPath, _ message: String, severity: Severity = .error) {
        self.path = path
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(path): \(message)" }
}

/// The validation rules every offer must satisfy, whatever format it came from.
///
/// Structural problems (a missing key, a string where a number belongs) are found by the
/// readers; this validator checks meaning: codes exist in the taxonomies, amounts and rates
/// are sane, texts are present, links are web addresses.
public struct OfferValidator: Sendable {
    public var taxonomies: Taxonomies

    /// Offer ids of the native format: lowercase letters, digits, `-`, `_`, `.`; 1–200 characters.
    /// Imported sources may use other ids (they are the source's own), so this is per format.
    public static let nativeIDPattern = #"^[a-z0-9][a-z0-9._-]{0,199}$"#

    public init(taxonomies: Taxonomies) { self.taxonomies = taxonomies }

    public func issues(in offer: Offer) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        func error(_ path: FieldPath, _ message: String) { issues.append(FieldIssue(path, message)) }

        // `count` walks grapheme clusters; it is never above the UTF-8 length, so that length
        // decides first (the validator runs once per imported record).
        if offer.id.localID.isEmpty || (offer.id.localID.utf8.count > 500 && offer.id.localID.count > 500) {
            error(["id"], "expected a non-empty id of at most 500 characters")
        }
        if offer.id.source.isEmpty { error(["source"], "expected a non-empty source") }
        if Self.isBlank(offer.title) {
            error(["title"], "expected a non-empty title")
        }
        if offer.title.utf8.count > 1000 && offer.title.count > 1000 {
            error(["title"], "expected a title of at most 1,000 characters, found \(offer.title.count)")
        }
        if !["de", "en"].contains(offer.language.rawValue) && offer.language.rawValue.range(of: "^[a-z]{2}$", options: .regularExpression) == nil {
            error(["language"], "expected a two-letter language code such as \"de\" or \"en\", found \"\(offer.language)\"")
        }
        if Self.isBlank(offer.provider.name) {
            error(["provider", "name"], "expected the provider's name")
        }
        for (index, link) in offer.links.enumerated() where !Self.isWebAddress(link.url) {
            error(FieldPath(["links", .index(index), "url"]), "expected an http(s) URL, found \"\(link.url.prefix(80))\"")
        }
        // The contact's address is rendered as a link too: `javascript:`, `data:` and any other
        // scheme but http(s) must not pass. Exports name some sites without a scheme
        // (`www.example.de`); those stay, as the links they are.
        if let url = offer.provider.contact?.url, !Self.isWebAddress(url),
           url.trimmingCharacters(in: .whitespaces).firstMatch(of: /^[A-Za-z][A-Za-z0-9+.\-]*:/) != nil {
            error(["provider", "contact", "url"], "expected an http(s) URL, found \"\(url.prefix(80))\"")
        }
        if let url = offer.sourceURL, !Self.isWebAddress(url) {
            error(["sourceURL"], "expected an http(s) URL, found \"\(url.prefix(80))\"")
        }
        if offer.instruments.isEmpty { error(["instruments"], "expected at least one instrument (\(taxonomies.instruments.codes.joined(separator: ", ")))") }
        check(offer.instruments, in: taxonomies.instruments, at: ["instruments"], &issues)
        check(offer.topics, in: taxonomies.topics, at: ["topics"], &issues)
        duplicates(offer.instruments, at: ["instruments"], &issues)
        duplicates(offer.topics, at: ["topics"], &issues)

        let eligibility = offer.eligibility
        let base: FieldPath = ["eligibility"]
        if let types = eligibility.applicantTypes {
            check(types, in: taxonomies.applicantTypes, at: base.appending("applicantTypes"), &issues)
        }
        if let regions = eligibility.regions {
            check(regions, in: taxonomies.regions, at: base.appending("regions"), &issues)
        }
        if let sectors = eligibility.sectors {
            for (key, list) in [("include", sectors.include), ("exclude", sectors.exclude)] {
                for (index, code) in list.enumerated() where !taxonomies.isKnownSector(code) {
                    error(base.appending("sectors").appending(key).appending(index),
                          "expected a NACE/WZ code (section A–U, division NN, group NN.N or class NN.NN), found \"\(code)\"")
                }
            }
        }
        if let age = eligibility.companyAge {
            if let min = age.minYears, min < 0 { error(base.appending("companyAge").appending("minYears"), "expected a number of years ≥ 0, found \(min)") }
            if let max = age.maxYears, max < 0 { error(base.appending("companyAge").appending("maxYears"), "expected a number of years ≥ 0, found \(max)") }
            if let min = age.minYears, let max = age.maxYears, min > max {
                error(base.appending("companyAge"), "expected minYears ≤ maxYears, found \(min) > \(max)")
            }
        }

        if let funding = offer.funding {
            let path: FieldPath = ["funding"]
            if !(funding.currency.utf8.count == 3 && funding.currency.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }) {
                error(path.appending("currency"), "expected an ISO 4217 currency code such as EUR, found \"\(funding.currency)\"")
            }
            // One call per field rather than a loop over a literal array of (name, value)
            // pairs, which would allocate for every offer.
            func amount(_ name: String, _ value: Double?) {
                guard let value else { return }
                if !value.isFinite || value < 0 || value > 1e15 {
                    error(path.appending(name), "expected an amount between 0 and 10^15, found \(value)")
                }
            }
            func rate(_ name: String, _ value: Double?) {
                guard let value else { return }
                if !value.isFinite || value < 0 || value > 100 {
                    error(path.appending(name), "expected a percentage between 0 and 100, found \(value)")
                }
            }
            amount("amountMin", funding.amountMin)
            amount("amountMax", funding.amountMax)
            amount("totalBudget", funding.totalBudget)
            rate("rateMin", funding.rateMin)
            rate("rateMax", funding.rateMax)
            if let min = funding.amountMin, let max = funding.amountMax, min > max {
                error(path.appending("amountMin"), "expected amountMin ≤ amountMax, found \(min) > \(max)")
            }
            if let min = funding.rateMin, let max = funding.rateMax, min > max {
                error(path.appending("rateMin"), "expected rateMin ≤ rateMax, found \(min) > \(max)")
            }
        }
        return issues
    }

    private func check<Code: VocabularyCode>(_ codes: [Code], in taxonomy: Taxonomy, at path: FieldPath, _ issues: inout [FieldIssue]) {
        for (index, code) in codes.enumerated() where !taxonomy.contains(code.rawValue) {
            var hint = ""
            if let term = taxonomy.resolve(code.rawValue) { hint = " (did you mean \"\(term.code)\"?)" }
            issues.append(FieldIssue(path.appending(index), "unknown \(taxonomy.name) code \"\(code)\"\(hint)"))
        }
    }

    private func duplicates<Code: VocabularyCode>(_ codes: [Code], at path: FieldPath, _ issues: inout [FieldIssue]) {
        // Code lists are short: comparing with the earlier codes beats building a set per offer.
        if codes.count < 16 {
            for index in codes.indices.dropFirst() where codes[..<index].contains(codes[index]) {
                issues.append(FieldIssue(path.appending(index), "duplicate code \"\(codes[index])\"", severity: .warning))
            }
            return
        }
        var seen: Set<Code> = []
        for (index, code) in codes.enumerated() where !seen.insert(code).inserted {
            issues.append(FieldIssue(path.appending(index), "duplicate code \"\(code)\"", severity: .warning))
        }
    }

    /// Whether every character is whitespace (`Character.isWhitespace`, true for ""). A
    /// character is whitespace when its first scalar is, so ASCII decides byte by byte — an
    /// ASCII scalar other than CR-LF never joins the character before it — and only text
    /// reaching a non-ASCII byte among leading whitespace needs the full Unicode check.
    static func isBlank(_ text: String) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return text.allSatisfy(\.isWhitespace)
            default: return false
            }
        }
        return true
    }

    static func isWebAddress(_ text: String) -> Bool {
        // Nearly every address in a feed is a plain RFC 3986 http(s) URL: accept those with a
        // byte scan, and leave anything unusual (spaces, non-ASCII, odd hosts) to Foundation's
        // parser, which is exact but costs more than the rest of a Grants.gov record's checks.
        if isPlainWebAddress(text) { return true }
        guard text.count <= 2000, let url = URL(string: text.first?.isWhitespace == true || text.last?.isWhitespace == true ? text.trimmingCharacters(in: .whitespaces) : text),
              let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty else { return false }
        return true
    }

    /// `http(s)://host[:port][/path][?query][#fragment]` in ASCII, every byte one RFC 3986
    /// allows, percent signs followed by two hex digits, the host a registered name.
    static func isPlainWebAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 2000 else { return false }
        // Native strings are contiguous UTF-8: scan them in place, without copying.
        if let result = text.utf8.withContiguousStorageIfAvailable({ isPlainWebAddress(bytes: $0) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { isPlainWebAddress(bytes: $0) }
    }

    private static func isPlainWebAddress(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard bytes.count >= count else { return false }
            return (0..<count).allSatisfy { index in
                let expected = prefix.utf8Start[index], byte = bytes[index]
                return byte == expected || ((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(expected) && byte | 0x20 == expected)
            }
        }
        var index: Int
        if hasPrefix("https://") { index = 8 } else if hasPrefix("http://") { index = 7 } else { return false }
        func endsAuthority(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
        }
        // Host, then an optional port, up to the path, query or fragment.
        let hostStart = index
        while index < bytes.count, !endsAuthority(bytes[index]), bytes[index] != UInt8(ascii: ":") {
            guard isHostByte(bytes[index]) else { return false }
            index += 1
        }
        guard index > hostStart else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            while index < bytes.count, !endsAuthority(bytes[index]) {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return false }
                index += 1
            }
        }
        // Path, query and fragment.
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else { return false }
                index += 3
                continue
            }
            guard isURLByte(bytes[index]) else { return false }
            index += 1
        }
        return true
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }

    /// Letters, digits, `-` and `.` (a registered host name).
    private static func isHostByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// RFC 3986 unreserved and reserved characters (`%` is handled by the caller).
    private static func isURLByte(_ byte: UInt8) -> Bool {
        if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { return true }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"),
             UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "@"), UInt8(ascii: "!"),
             UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
             UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
