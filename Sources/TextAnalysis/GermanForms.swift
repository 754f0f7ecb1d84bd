/// German word forms the Snowball stemmer does not reduce but matching should.
enum GermanForms {
    /// `gründerinnen`, `gründerin`, `gründer*innen` → `gründer`: funding texts address
    /// `Gründerinnen und Gründer`, and a profile saying `Gründerin` must find offers for `Gründer`.
    /// Only after `-er`, where the feminine reading is (nearly) the only one.
    ///
    /// The suffixes are ASCII, so they are compared and cut as UTF-8 bytes (a `hasSuffix` on
    /// `String` normalises non-ASCII words first, and this runs for every word analysed).
    static func removingFeminineSuffix(_ word: String) -> String {
        let bytes = word.utf8
        guard bytes.count >= 7, bytes.last == UInt8(ascii: "n") else { return word }
        if bytes.count >= 10, bytes.suffix(7).elementsEqual("erinnen".utf8) { return String(bytes.dropLast(5))! }
        if bytes.suffix(4).elementsEqual("erin".utf8) { return String(bytes.dropLast(2))! }
        return word
    }
}
