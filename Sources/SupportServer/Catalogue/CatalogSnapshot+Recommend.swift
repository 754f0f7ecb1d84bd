import Foundation
import Hummingbird
import Matching
import SupportModel
import TextAnalysis

/// Recommendations from the snapshot's index, in the two forms the server answers with.
///
/// The JSON is `Recommendations` as `JSONEncoder` encodes it with sorted keys and unescaped
/// slashes, without indentation (the CLI's `--json` pretty-prints the same structure), written
/// by ``JSONWriter`` at a fraction of the encoder's cost.
extension CatalogSnapshot {
    /// `language` chooses the texts of the page's view (reasons, questions); the JSON carries both.
    func recommend(_ profile: Profile, limit: Int, today: Day, language: LanguageCode) throws -> RecommendationOutcome {
        let recommendations = try index.recommend(RecommendationRequest(profile: profile, today: today, limit: limit))
        return RecommendationOutcome(json: Data(try JSONWriter.encode(recommendations)), view: try view(of: recommendations, language: language))
    }

    /// Only the JSON (the API's answer), written straight into the response's buffer: no view
    /// model for a page that is not shown, no intermediate array of the 30-odd KB.
    func recommendJSON(_ profile: Profile, limit: Int, today: Day) throws -> ByteBuffer {
        try JSONWriter.encode(try index.recommend(RecommendationRequest(profile: profile, today: today, limit: limit))) {
            ByteBuffer(bytes: $0)
        }
    }

    func view(of recommendations: Recommendations, language: LanguageCode) throws -> RecommendationView {
        let results = try recommendations.results.map { result -> RecommendationView.Result in
            let offer = try index.offer(result.id)
            return RecommendationView.Result(
                rank: result.rank, offerID: result.id.description, title: result.title, provider: result.provider,
                instruments: result.instruments.map(\.rawValue), amountMin: offer?.funding?.amountMin,
                amountMax: offer?.funding?.amountMax, currency: offer?.funding?.currency, rateMax: offer?.funding?.rateMax,
                nextDeadline: result.nextDeadline, status: result.closed ? "closed" : (offer?.schedule.status.rawValue ?? "rolling"),
                score: result.score,
                reasons: [result.reason.text(language)] + result.explanation.passed.map { $0.message.text(language) },
                matchedTopics: result.explanation.matchedTopics.map(\.code.rawValue),
                snippet: result.explanation.snippet,
                unknowns: result.explanation.unknown.map { $0.message.text(language) } + result.explanation.notes.map { $0.text(language) },
                url: result.url, alsoPublishedBy: result.alsoPublishedBy.map(\.id.description))
        }
        let nearMisses = recommendations.nearMisses.map { miss in
            RecommendationView.NearMiss(
                offerID: miss.id.description, title: miss.title, provider: miss.provider,
                failingCriterion: miss.explanation.failed.map { $0.message.text(language) }.joined(separator: "; "),
                url: miss.url)
        }
        let next = recommendations.nextQuestion.map { question in
            RecommendationView.NextQuestion(
                field: question.field.definition.name,
                text: question.message.text(language), settles: question.settles, among: question.among)
        }
        return RecommendationView(
            results: results, nearMisses: nearMisses, nextQuestion: next, eligibleCount: recommendations.counts.eligible)
    }
}
