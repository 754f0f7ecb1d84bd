import Matching
import SupportModel

/// `Recommendations` as `JSONEncoder` (sorted keys, unescaped slashes, no indentation) encodes
/// its synthesized `Codable` form, written directly (see ``JSONWriter``): the body of
/// `POST /v1/recommendations` and of the page's JSON download.
///
/// Keys appear in each type's sorted order and optional properties that are `nil` are left
/// out, as the synthesized `encode(to:)` does with `encodeIfPresent`. A property added to one
/// of these types must be added here too: `RecommendationsJSONTests` compares the bytes with
/// `JSONEncoder`'s on real answers and fails until it is.
extension JSONWriter {
    static func encode(_ recommendations: Recommendations) throws -> [UInt8] {
        try encode(recommendations) { Array($0) }
    }

    /// The bytes lent to `body` (the server copies them into the response's buffer once).
    static func encode<R>(_ recommendations: Recommendations, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        // A typical answer of 10 results with explanations is 25–35 KB.
        var writer = JSONWriter(capacity: 8192 + 3072 * (recommendations.results.count + recommendations.nearMisses.count))
        try writer.write(recommendations)
        return try writer.withWritten(body)
    }

    mutating func write(_ value: Recommendations) throws {
        beginObject()
        key("counts")
        write(value.counts)
        key("nearMisses")
        beginArray()
        // Through the buffer, not `for … in` or the array's subscript: both copied each element
        // out first, retaining every string and list in it (titles shared with the record cache).
        try value.nearMisses.withUnsafeBufferPointer { offers in
            for position in offers.indices { try write(offers[position]) }
        }
        endArray()
        if let question = value.nextQuestion {
            key("nextQuestion")
            write(question)
        }
        key("results")
        beginArray()
        try value.results.withUnsafeBufferPointer { offers in
            for position in offers.indices { try write(offers[position]) }
        }
        endArray()
        if let language = value.textLanguage {
            key("textLanguage")
            string(language.rawValue)
        }
        key("today")
        write(value.today)
        endObject()
    }

    mutating func write(_ counts: Recommendations.Counts) {
        beginObject()
        key("considered")
        number(counts.considered)
        key("eligible")
        number(counts.eligible)
        key("eligibleWithUnknowns")
        number(counts.eligibleWithUnknowns)
        key("failingOneCriterion")
        number(counts.failingOneCriterion)
        key("offers")
        number(counts.offers)
        endObject()
    }

    mutating func write(_ offer: RecommendedOffer) throws {
        beginObject()
        key("alsoPublishedBy")
        beginArray()
        for publication in offer.alsoPublishedBy { write(publication) }
        endArray()
        key("closed")
        bool(offer.closed)
        key("explanation")
        try write(offer.explanation)
        key("id")
        write(offer.id)
        key("instruments")
        beginArray()
        for instrument in offer.instruments { string(instrument.rawValue) }
        endArray()
        if let deadline = offer.nextDeadline {
            key("nextDeadline")
            write(deadline)
        }
        key("provider")
        string(offer.provider)
        key("providerLevel")
        string(offer.providerLevel.rawValue)
        key("rank")
        number(offer.rank)
        key("reason")
        write(offer.reason)
        key("score")
        try number(offer.score)
        key("title")
        string(offer.title)
        if let url = offer.url {
            key("url")
            string(url)
        }
        endObject()
    }

    mutating func write(_ publication: Publication) {
        beginObject()
        key("id")
        write(publication.id)
        key("provider")
        string(publication.provider)
        key("title")
        string(publication.title)
        if let url = publication.url {
            key("url")
            string(url)
        }
        endObject()
    }

    mutating func write(_ explanation: Explanation) throws {
        beginObject()
        key("failed")
        write(explanation.failed)
        key("matchedTerms")
        beginArray()
        for term in explanation.matchedTerms {
            beginObject()
            key("matched")
            string(term.matched)
            key("queryWords")
            string(term.queryWords)
            key("via")
            string(term.via.rawValue)
            endObject()
        }
        endArray()
        key("matchedTopics")
        beginArray()
        for topic in explanation.matchedTopics {
            beginObject()
            key("code")
            string(topic.code.rawValue)
            key("label")
            write(topic.label)
            endObject()
        }
        endArray()
        key("notes")
        beginArray()
        for note in explanation.notes { write(note) }
        endArray()
        key("passed")
        write(explanation.passed)
        key("score")
        try write(explanation.score)
        if let snippet = explanation.snippet {
            key("snippet")
            beginObject()
            key("fragment")
            string(snippet.fragment)
            key("highlighted")
            beginArray()
            for highlight in snippet.highlighted {
                beginObject()
                key("end")
                number(highlight.end)
                key("start")
                number(highlight.start)
                endObject()
            }
            endArray()
            endObject()
        }
        key("unknown")
        write(explanation.unknown)
        endObject()
    }

    mutating func write(_ criteria: [CriterionResult]) {
        beginArray()
        criteria.withUnsafeBufferPointer { criteria in
            for position in criteria.indices { write(criteria[position]) }
        }
        endArray()
    }

    mutating func write(_ criterion: CriterionResult) {
        beginObject()
        key("code")
        string(criterion.code)
        key("criterion")
        string(criterion.criterion.rawValue)
        key("message")
        write(criterion.message)
        key("missing")
        beginArray()
        for field in criterion.missing { string(field.rawValue) }
        endArray()
        key("parameters")
        object(criterion.parameters)
        key("verdict")
        string(criterion.verdict.rawValue)
        endObject()
    }

    mutating func write(_ score: ScoreBreakdown) throws {
        beginObject()
        key("amount")
        try number(score.amount)
        key("deadline")
        try number(score.deadline)
        key("derived")
        try number(score.derived)
        key("instruments")
        try number(score.instruments)
        key("specificity")
        try number(score.specificity)
        key("text")
        try number(score.text)
        key("topics")
        try number(score.topics)
        key("total")
        try number(score.total)
        endObject()
    }

    mutating func write(_ question: NextQuestion) {
        beginObject()
        key("among")
        number(question.among)
        key("field")
        string(question.field.rawValue)
        key("message")
        write(question.message)
        key("question")
        write(question.question)
        key("settles")
        number(question.settles)
        endObject()
    }

    mutating func write(_ text: LocalizedText) {
        beginObject()
        key("de")
        string(text.de)
        key("en")
        string(text.en)
        endObject()
    }

    mutating func write(_ id: OfferID) {
        string(id.source, UInt8(ascii: ":"), id.localID)
    }

    mutating func write(_ day: Day) {
        string(day.description)
    }
}
