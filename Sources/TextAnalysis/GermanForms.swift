/// German word forms the Snowball stemmer does not reduce but matching should.
enum GermanForms {
    /// `gründerinnen`, `gründerin`, `gründer*innen` → `gründer`: funding texts address
    /// `Gründerinnen und Gründer`, and a profile saying `Gründerin` must find offers for `Gründer`.
    /// Only after `-er`, where the feminine reading is (nearly) the only one.
    static func removingFeminineSuffix(_ word: String) -> String {
        let bytes = word.utf8
        guard bytes.count >= 7, bytes.last == UInt8(ascii: "n") else { return word }
        if bytes.count >= 10, word.hasSuffix("erinnen") { return String(word.dropLast(5)) }
        if word.hasSuffix("erin") { return String(word.dropLast(2)) }
        return word
    }
}
