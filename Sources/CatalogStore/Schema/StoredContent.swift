/// The stored form of an offer's canonical content (`offer.content`): the canonical JSON with
/// every object key that is in ``keys`` replaced by a one- or two-byte code.
///
/// Why: the keys were 18 % of the canonical JSON of a Grants.gov record, and the store was
/// twice the size of the XML it came from. A general compressor would shrink it more but costs
/// more CPU per record than the whole rest of the store side; this pass is one linear scan each
/// way, and the canonical bytes (and so the stored hash) come back exactly.
///
/// Format (the same text in SQLite's and PostgreSQL's `TEXT` column, so the schema, the copy
/// between engines and every reader stay engine-neutral):
/// - a value that starts with `{` is the canonical JSON itself (rows written before migration
///   `v3-compact-offers` keep that form until the offer changes; so does the history);
/// - a value that starts with U+0001 is coded: after that marker, byte `b` in 0x01…0x1E
///   stands for `"` + `keys[b - 1]` + `":`, the pair 0x1F `c` (`c` in 0x20…0x7F) for
///   `"` + `keys[30 + c - 0x20]` + `":`, every other byte is itself.
///
/// The codes cannot collide with content: canonical JSON (``Offer/canonicalContentBytes()``)
/// has no whitespace between tokens and escapes every byte below 0x20 inside strings, so no
/// byte below 0x20 occurs in it. Every code is ASCII and none is NUL, so the coded form is
/// valid UTF-8 text that PostgreSQL accepts. Only keys without escapes are coded. ``keys`` is
/// append-only: stored rows depend on the position of every entry.
package enum StoredContent {
    /// Dictionary v1. The first 30 entries have one-byte codes: the keys every offer has, then
    /// the most common optional ones. Never reorder or remove an entry; append new ones.
    package static let keys: [String] = [
        // 0x01…0x1E
        "description", "eligibility", "conditions", "regions", "id", "instruments", "language",
        "lastUpdated", "links", "kind", "url", "originalCodes", "provider", "level", "name",
        "schedule", "opens", "status", "source", "sourceURL", "summary", "title", "deadlines",
        "funding", "amountMax", "currency", "amountMin", "applicantTypes", "topics", "companySizes",
        // 0x1F 0x00…
        "keywords", "asOf", "contact", "email", "phone", "address", "sectors", "include", "exclude",
        "companyAge", "minYears", "maxYears", "rateMin", "rateMax", "totalBudget",
        // Grants.gov and CommonGrants `originalCodes` names (fixed by their readers).
        "AgencyCode", "CFDANumbers", "CategoryOfFundingActivity", "EligibleApplicants",
        "FundingInstrumentType", "OpportunityNumber", "OpportunityCategory", "acceptedApplicantTypes",
    ]

    static let codedMarker: UInt8 = 0x01
    private static let oneByteCodes = 30
    private static let escapeByte: UInt8 = 0x1F
    /// The second byte of a two-byte code is this plus the code's offset: printable ASCII.
    private static let secondByteBase: UInt8 = 0x20

    /// The key bytes per code index, for decoding.
    private static let keyBytes: [[UInt8]] = keys.map { Array($0.utf8) }

    /// Code index by key length, then candidates of that length: a lookup compares a handful
    /// of byte runs instead of hashing a new array per key.
    private static let byLength: [[(bytes: [UInt8], index: Int)]] = {
        var table = [[(bytes: [UInt8], index: Int)]](repeating: [], count: (keyBytes.map(\.count).max() ?? 0) + 1)
        for (index, bytes) in keyBytes.enumerated() { table[bytes.count].append((bytes, index)) }
        return table
    }()

    /// The stored form of canonical content. Content with a byte below 0x20 (not canonical)
    /// is stored as it is, which the reader takes as plain JSON.
    package static func encode(_ canonical: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(canonical.count)
        out.append(codedMarker)
        let coded: Bool = canonical.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var i = 0
            while i < count {
                let byte = bytes[i]
                if byte < 0x20 { return false }
                guard byte == UInt8(ascii: "\"") else {
                    out.append(byte)
                    i += 1
                    continue
                }
                // A string starts here (the scan is always outside strings at this point).
                var end = i + 1
                var escaped = false
                while end < count && bytes[end] != UInt8(ascii: "\"") {
                    if bytes[end] < 0x20 { return false }
                    if bytes[end] == UInt8(ascii: "\\") {
                        escaped = true
                        end += 2
                    } else {
                        end += 1
                    }
                }
                guard end < count else { return false }
                if !escaped, end + 1 < count, bytes[end + 1] == UInt8(ascii: ":"),
                   let index = code(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<end])) {
                    if index < oneByteCodes {
                        out.append(UInt8(index + 1))
                    } else {
                        out.append(escapeByte)
                        out.append(secondByteBase + UInt8(index - oneByteCodes))
                    }
                    i = end + 2
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i...end]))
                    i = end + 1
                }
            }
            return true
        }
        return coded ? out : canonical
    }

    private static func code(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard key.count < byLength.count else { return nil }
        for candidate in byLength[key.count] where candidate.bytes.elementsEqual(key) {
            return candidate.index
        }
        return nil
    }

    /// The canonical JSON of a stored value (either form).
    package static func decode(_ stored: [UInt8]) throws(Malformed) -> [UInt8] {
        guard let first = stored.first else { throw Malformed(reason: "empty") }
        if first == UInt8(ascii: "{") { return stored }
        guard first == codedMarker else { throw Malformed(reason: "unknown format byte \(first)") }
        var out: [UInt8] = []
        out.reserveCapacity(stored.count + stored.count / 4)
        var i = 1
        while i < stored.count {
            let byte = stored[i]
            i += 1
            guard byte < 0x20 else {
                out.append(byte)
                continue
            }
            var index = Int(byte) - 1
            if byte == escapeByte {
                guard i < stored.count else { throw Malformed(reason: "a key code is cut off") }
                guard stored[i] >= secondByteBase else { throw Malformed(reason: "a two-byte key code ends in a control byte") }
                index = oneByteCodes + Int(stored[i] - secondByteBase)
                i += 1
            }
            guard index >= 0, index < keyBytes.count else { throw Malformed(reason: "unknown key code \(index)") }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: keyBytes[index])
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        return out
    }

    /// A PostgreSQL expression for the canonical JSON of the stored text in `column` (either
    /// form), so the server can check stored hashes without sending every row to the client
    /// (`PostgresEngine.integrityCheck()`). Two-byte codes are replaced before the one-byte
    /// ones: 0x1F occurs only as their first byte.
    package static func postgresCanonical(_ column: String) -> String {
        func key(_ index: Int) -> String { "'\"\(keys[index])\":'" }
        var expression = "substr(\(column), 2)"
        for index in oneByteCodes..<keys.count {
            expression = "replace(\(expression), chr(\(escapeByte)) || chr(\(Int(secondByteBase) + index - oneByteCodes)), \(key(index)))"
        }
        for index in 0..<min(oneByteCodes, keys.count) {
            expression = "replace(\(expression), chr(\(index + 1)), \(key(index)))"
        }
        return "(CASE WHEN left(\(column), 1) = chr(\(codedMarker)) THEN \(expression) ELSE \(column) END)"
    }

    package struct Malformed: Error, CustomStringConvertible {
        var reason: String
        package var description: String { "stored offer content is malformed: \(reason)" }
    }
}
