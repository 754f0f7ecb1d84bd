import Foundation
import SupportModel

/// Filters, facets and pages over the offers of one catalogue snapshot.
///
/// Search runs in memory over the snapshot the matcher also uses, so `GET /v1/offers` never
/// touches SQLite on the request path and sees exactly the catalogue version that
/// recommendations see. Text search is a plain case- and accent-insensitive "every word
/// occurs" test: ranking by relevance is the matcher's job (`POST /v1/recommendations`).
struct OfferQuery: Sendable, Equatable {
    var text: [String] = []
    var topics: Set<TopicCode> = []
    var regions: Set<RegionCode> = []
    var applicantTypes: Set<ApplicantType> = []
    var instruments: Set<Instrument> = []
    var statuses: Set<OfferStatus> = []
    var page = 1
    var pageSize = 20

    static let maxPageSize = 100

    /// Reads and validates the query string; every bad parameter is reported, not just the first.
    init(parameters: [(name: String, value: String)], taxonomies: Taxonomies) throws(Problem) {
        var problems: [Problem.InvalidParameter] = []
        func values(_ name: String) -> [String] {
            parameters.filter { $0.name == name }
                .flatMap { $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                .filter { !$0.isEmpty }
        }
        func codes(_ name: String, in taxonomy: Taxonomy) -> [String] {
            values(name).compactMap { value in
                if let term = taxonomy.resolve(value) { return term.code }
                problems.append(.query(name, "unknown code \"\(value)\"; expected one of the \(taxonomy.name) codes (GET /v1/taxonomies)"))
                return nil
            }
        }
        let known: Set<String> = ["q", "topic", "region", "applicantType", "instrument", "status", "page", "pageSize"]
        for name in Set(parameters.map(\.name)) where !known.contains(name) {
            problems.append(.query(name, "unknown parameter; expected one of \(known.sorted().joined(separator: ", "))"))
        }
        text = parameters.filter { $0.name == "q" }.flatMap { Self.words($0.value) }
        topics = Set(codes("topic", in: taxonomies.topics).map(TopicCode.init))
        regions = Set(codes("region", in: taxonomies.regions).map(RegionCode.init))
        applicantTypes = Set(codes("applicantType", in: taxonomies.applicantTypes).map(ApplicantType.init))
        instruments = Set(codes("instrument", in: taxonomies.instruments).map(Instrument.init))
        for value in values("status") {
            if let status = OfferStatus(rawValue: value) { statuses.insert(status) } else {
                problems.append(.query("status", "unknown status \"\(value)\"; expected one of \(OfferStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        func integer(_ name: String, default value: Int, range: ClosedRange<Int>) -> Int {
            guard let text = parameters.last(where: { $0.name == name })?.value else { return value }
            guard let number = Int(text), range.contains(number) else {
                problems.append(.query(name, "expected an integer from \(range.lowerBound) to \(range.upperBound), found \"\(text)\""))
                return value
            }
            return number
        }
        page = integer("page", default: 1, range: 1...100_000)
        pageSize = integer("pageSize", default: 20, range: 1...Self.maxPageSize)
        if !problems.isEmpty { throw Problem.invalid(problems) }
    }

    init() {}

    /// Lower-cased, accent-folded words.
    static func words(_ text: String) -> [String] {
        fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

/// One page of offers plus facet counts over every match.
struct OfferSearchResult: Codable, Sendable {
    struct FacetValue: Codable, Sendable, Equatable {
        var value: String
        var count: Int
    }

    var total: Int
    var page: Int
    var pageSize: Int
    var items: [OfferSummary]
    /// Per facet (`topic`, `region`, `applicantType`, `instrument`, `status`), the values found
    /// among all matches (not only this page), most frequent first.
    var facets: [String: [FacetValue]]
}

/// An offer as listed: enough to choose one, with a link to the full record.
struct OfferSummary: Codable, Sendable {
    var id: String
    var title: String
    var summary: String
    var provider: String
    var providerLevel: ProviderLevel
    var instruments: [Instrument]
    var topics: [TopicCode]
    var regions: [RegionCode]?
    var status: OfferStatus
    var deadlines: [Day]
    var amountMax: Double?
    var currency: String?
    var href: String

    static let segmentAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:@!$&'()*+,;=")

    init(_ offer: Offer) {
        id = offer.id.description
        title = offer.title
        summary = offer.summary
        provider = offer.provider.name
        providerLevel = offer.provider.level
        instruments = offer.instruments
        topics = offer.topics
        regions = offer.eligibility.regions
        status = offer.schedule.status
        deadlines = offer.schedule.deadlines
        amountMax = offer.funding?.amountMax
        currency = offer.funding?.currency
        // ":" may stand in a path segment (RFC 3986 pchar), so ids stay readable in links.
        href = "/v1/offers/" + (offer.id.description.addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? offer.id.description)
    }
}

/// The searchable form of a snapshot's offers, built once per snapshot.
struct OfferSearchIndex: Sendable {
    private let offers: [Offer]
    private let haystacks: [String]
    private let taxonomies: Taxonomies

    init(offers: [Offer], taxonomies: Taxonomies) {
        self.offers = offers.sorted { $0.id < $1.id }
        self.taxonomies = taxonomies
        haystacks = self.offers.map { offer in
            OfferQuery.fold(([offer.title, offer.summary, offer.description, offer.provider.name] + offer.keywords)
                .joined(separator: "\n"))
        }
    }

    func search(_ query: OfferQuery) -> OfferSearchResult {
        var matches: [Offer] = []
        for (offer, haystack) in zip(offers, haystacks) where self.matches(offer, haystack: haystack, query: query) {
            matches.append(offer)
        }
        let start = min((query.page - 1) * query.pageSize, matches.count)
        let end = min(start + query.pageSize, matches.count)
        return OfferSearchResult(
            total: matches.count, page: query.page, pageSize: query.pageSize,
            items: matches[start..<end].map(OfferSummary.init), facets: facets(of: matches))
    }

    private func matches(_ offer: Offer, haystack: String, query: OfferQuery) -> Bool {
        if !query.text.allSatisfy({ haystack.contains($0) }) { return false }
        if !query.topics.isEmpty && query.topics.isDisjoint(with: offer.topics) { return false }
        if !query.instruments.isEmpty && query.instruments.isDisjoint(with: offer.instruments) { return false }
        if !query.statuses.isEmpty && !query.statuses.contains(offer.schedule.status) { return false }
        if !query.applicantTypes.isEmpty, let types = offer.eligibility.applicantTypes,
            query.applicantTypes.isDisjoint(with: types) { return false }
        // A nationwide offer fits Saxony, and a Leipzig programme shows up when browsing Saxony.
        if !query.regions.isEmpty,
           !query.regions.contains(where: { taxonomies.offer(areas: offer.eligibility.regions, touches: $0) }) { return false }
        return true
    }

    private func facets(of offers: [Offer]) -> [String: [OfferSearchResult.FacetValue]] {
        var counts: [String: [String: Int]] = [:]
        func count(_ facet: String, _ values: some Sequence<String>) {
            for value in Set(values) { counts[facet, default: [:]][value, default: 0] += 1 }
        }
        for offer in offers {
            count("topic", offer.topics.map(\.rawValue))
            count("region", (offer.eligibility.regions ?? []).map(\.rawValue))
            count("applicantType", (offer.eligibility.applicantTypes ?? []).map(\.rawValue))
            count("instrument", offer.instruments.map(\.rawValue))
            count("status", [offer.schedule.status.rawValue])
        }
        var result: [String: [OfferSearchResult.FacetValue]] = [:]
        for facet in ["topic", "region", "applicantType", "instrument", "status"] {
            result[facet] = (counts[facet] ?? [:]).map { .init(value: $0.key, count: $0.value) }
                .sorted { ($0.count, $1.value) > ($1.count, $0.value) }
        }
        return result
    }
}
