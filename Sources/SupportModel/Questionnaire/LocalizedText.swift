/// A text in German and English. The questionnaire and Matching produce both so that every
/// front end (CLI, HTTP, web page) can show the user's language without re-deriving the text.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var de: String
    public var en: String

    public init(de: String, en: String) {
        self.de = de
        self.en = en
    }

    /// The same text in both languages (codes, examples such as "2019").
    public init(_ both: String) {
        self.init(de: both, en: both)
    }

    public func text(_ language: LanguageCode) -> String { language == .german ? de : en }
}

extension LocalizedText {
    /// Whole euros as each language writes them: "1.500.000 €" and "€1,500,000".
    public static func euros(_ value: Double) -> LocalizedText {
        let whole = Int(value.rounded())
        return LocalizedText(de: AnswerParser.grouped(whole, .german) + " €", en: "€" + AnswerParser.grouped(whole, .english))
    }
}
