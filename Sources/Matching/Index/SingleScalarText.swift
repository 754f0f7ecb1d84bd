/// Text in which every Unicode scalar is a character of its own, so that a walk over its UTF-8
/// bytes finds the same characters at the same places as a walk over `Character`s, without
/// grapheme breaking (which dominated the phrase matching of an index build and the snippets
/// of a query).
///
/// A scalar is *single* when it never joins a neighbour into one character: its grapheme
/// cluster break property is Other or Control (CR aside, which joins a following LF). That
/// holds for everything below the combining marks (U+0300) and for the dashes, quotes,
/// bullets, ellipsis and currency signs of General Punctuation, which German and English
/// catalogue text uses. A text of single scalars only therefore has one character per scalar,
/// and no two of its different scalars are canonically equivalent. The test
/// `SingleScalarTextTests` checks this against `String.count` for every single scalar.
enum SingleScalarText {
    /// Whether `scalar` never joins a neighbour into one character (see the type's comment).
    @inline(__always)
    static func isSingle(_ scalar: UInt32) -> Bool {
        (scalar < 0x300 && scalar != 0x0D) || (0x2010...0x2027).contains(scalar)
            || (0x202F...0x205F).contains(scalar) || (0x20A0...0x20BF).contains(scalar)
    }

    /// Every single scalar, ascending (for tests).
    static var allSingle: [Unicode.Scalar] {
        ((0..<0x300).filter { $0 != 0x0D } + Array(0x2010...0x2027) + Array(0x202F...0x205F) + Array(0x20A0...0x20BF))
            .map { Unicode.Scalar(UInt32($0))! }
    }

    /// `Character(scalar).isLetter || Character(scalar).isNumber` for the single scalars,
    /// indexed by ``tableSlot(_:)``.
    private static let letterOrNumber: [Bool] = allSingle.map { scalar in
        let character = Character(scalar)
        return character.isLetter || character.isNumber
    }

    private static func tableSlot(_ scalar: UInt32) -> Int {
        switch scalar {
        case ..<0x0D: Int(scalar)
        case ..<0x300: Int(scalar) - 1
        case ..<0x2028: Int(scalar) - 0x2010 + 0x2FF
        case ..<0x2060: Int(scalar) - 0x202F + 0x2FF + 0x18
        default: Int(scalar) - 0x20A0 + 0x2FF + 0x18 + 0x31
        }
    }

    /// Whether the character of the single scalar `scalar` is a letter or a number, as
    /// `Character.isLetter` and `Character.isNumber` say.
    @inline(__always)
    static func isLetterOrNumber(_ scalar: UInt32) -> Bool { letterOrNumber[tableSlot(scalar)] }

    /// Calls `body` with each scalar of `text` and where it starts and ends, in order, and
    /// returns `true`; stops and returns `false` at the first scalar that is not single.
    ///
    /// A native string's bytes are read in place and the indices made from byte offsets (O(1)
    /// for UTF-8 storage); stepping `String.UTF8View` indices byte by byte was a tenth of an
    /// explanation's cost. A string without contiguous UTF-8 (bridged) takes the view.
    static func forEachScalar(in text: String, _ body: (_ scalar: UInt32, _ start: String.Index, _ end: String.Index) -> Void) -> Bool {
        let utf8 = text.utf8
        let contiguous = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let origin = utf8.startIndex
            var offset = 0
            var start = origin
            while offset < bytes.count {
                let lead = bytes[offset]
                var scalar = UInt32(lead)
                var next = offset + 1
                if lead >= 0x80 {
                    // A String is valid UTF-8: a lead byte and one to three continuation bytes.
                    let extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
                    scalar = UInt32(lead) & (0x7F >> (extra + 1))
                    for position in next..<next + extra { scalar = scalar << 6 | UInt32(bytes[position] & 0x3F) }
                    next += extra
                }
                guard isSingle(scalar) else { return false }
                let end = utf8.index(origin, offsetBy: next)
                body(scalar, start, end)
                start = end
                offset = next
            }
            return true
        }
        return contiguous ?? forEachScalarOfView(in: text, body)
    }

    /// ``forEachScalar(in:_:)`` over `String.UTF8View` indices, for a string without contiguous
    /// UTF-8 (and the tests, which compare both walks).
    static func forEachScalarOfView(in text: String, _ body: (_ scalar: UInt32, _ start: String.Index, _ end: String.Index) -> Void) -> Bool {
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let lead = utf8[index]
            var next = utf8.index(after: index)
            var scalar = UInt32(lead)
            if lead >= 0x80 {
                // A String is valid UTF-8: a lead byte and one to three continuation bytes.
                let extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
                scalar = UInt32(lead) & (0x7F >> (extra + 1))
                for _ in 0..<extra {
                    scalar = scalar << 6 | UInt32(utf8[next] & 0x3F)
                    next = utf8.index(after: next)
                }
            }
            guard isSingle(scalar) else { return false }
            body(scalar, index, next)
            index = next
        }
        return true
    }
}
