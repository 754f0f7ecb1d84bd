/// German word forms the Snowball stemmer does not reduce but matching should.
enum GermanForms {
    /// `gründerinnen`, `gründerin`, `gründer*innen` → `gründer`: funding texts address
    /// `Gründerinnen und Gründer`, and a profile saying `Gründerin` must find offers for `Gründer`.
    /// Only after `-er`, where the feminine reading is (nearly) the only one.
    static func removingFeminineSuffix(_ word: String) -> String {
        if word.hasSuffix("erinnen"), word.count >= 10 { return String(word.dropLast(5)) }
        if word.hasSuffix("erin"), word.count >= 7 { return String(word.dropLast(2)) }
        return word
    }
}
