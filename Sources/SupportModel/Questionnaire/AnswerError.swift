/// An answer that cannot be read, said in both languages: what was read and what was expected,
/// with a hint where one helps ("did you mean …", "1,5 Mio?"). Never replaced by a guess.
public struct AnswerError: Error, Hashable, Sendable {
    /// Where inside the answer: `""`, or `/1` for the second element of a list.
    public var pointerSuffix: String
    /// What was read, as the person typed it (or the JSON value).
    public var found: String
    /// Whether `found` was text (quoted in messages) rather than a JSON number or boolean.
    public var foundIsText: Bool
    public var expected: LocalizedText
    public var hint: LocalizedText?

    public init(found: String, foundIsText: Bool = true, expected: LocalizedText, hint: LocalizedText? = nil, pointerSuffix: String = "") {
        self.found = found
        self.foundIsText = foundIsText
        self.expected = expected
        self.hint = hint
        self.pointerSuffix = pointerSuffix
    }

    /// "expected a year such as 2019, found "19x"" / "erwartet: eine Jahreszahl wie 2019; gelesen: „19x“".
    public func message(_ language: LanguageCode) -> String {
        let shown = String(found.prefix(60))
        if language == .german {
            let read = foundIsText ? "„\(shown)“" : shown
            return "erwartet: \(expected.de); gelesen: \(read)" + (hint.map { "; \($0.de)" } ?? "")
        }
        let read = foundIsText ? "\"\(shown)\"" : shown
        return "expected \(expected.en), found \(read)" + (hint.map { "; \($0.en)" } ?? "")
    }
}
