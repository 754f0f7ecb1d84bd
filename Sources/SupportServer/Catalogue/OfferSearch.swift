import Foundation
import SupportModel

/// `GET /v1/offers`: the catalogue's one ``OfferQuery`` read from the query string, and a page.
///
/// Search runs in memory over the records of the snapshot the matcher also uses (read once,
/// at the snapshot's first search: ``CatalogSnapshot/search()``), so `GET /v1/offers` sees
/// exactly the catalogue version that recommendations see.
struct OfferSearchRequest: Sendable, Equatable {
    var query = OfferQuery()
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
        query.words = parameters.filter { $0.name == "q" }.flatMap { OfferQuery.words($0.value) }
        query.topics = Set(codes("topic", in: taxonomies.topics).map(TopicCode.init))
        query.regions = Set(codes("region", in: taxonomies.regions).map(RegionCode.init))
        query.applicantTypes = Set(codes("applicantType", in: taxonomies.applicantTypes).map(ApplicantType.init))
        query.instruments = Set(codes("instrument", in: taxonomies.instruments).map(Instrument.init))
        for value in values("status") {
            if let status = OfferStatus(rawValue: value) { query.statuses.insert(status) } else {
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
    /// ``OfferQuery/searchText(of:)`` per offer: folding the catalogue per request would cost
    /// more than the search.
    private let searchTexts: [String]
    private let taxonomies: Taxonomies

    init(offers: [Offer], taxonomies: Taxonomies) {
        self.offers = offers.isInIDOrder ? offers : offers.sorted { $0.id < $1.id }
        self.taxonomies = taxonomies
        searchTexts = self.offers.map(OfferQuery.searchText(of:))
    }

    func search(_ request: OfferSearchRequest) -> OfferSearchResult {
        let matches = request.query.select(offers, offer: { $0 }, searchText: { searchTexts[$0] }, taxonomies: taxonomies)
        let start = min((request.page - 1) * request.pageSize, matches.count)
        let end = min(start + request.pageSize, matches.count)
        return OfferSearchResult(
            total: matches.count, page: request.page, pageSize: request.pageSize,
            items: matches[start..<end].map(OfferSummary.init), facets: facets(of: matches))
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
