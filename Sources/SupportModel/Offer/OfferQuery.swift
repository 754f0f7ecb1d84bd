import Foundation

/// Which offers to list: the one catalogue query of `supportmatch offers` and `GET /v1/offers`.
///
/// Every criterion is optional and all given ones must hold; a set criterion holds when the
/// offer lists any of its values. Text search has one meaning everywhere: every word of the
/// text (folded as answers are, ``SpellingFold``) occurs in the offer's id, title, summary, description,
/// keywords or provider, and offers with every word in the title come first. Ranking by
/// relevance beyond that is the matcher's job (`recommend`, `POST /v1/recommendations`).
public struct OfferQuery: Sendable, Equatable {
    public var source: String?
    /// Folded words (``SpellingFold``), each of which must occur.
    public var words: [String]
    public var topics: Set<TopicCode>
    /// Offers usable in one of the regions or aimed at part of it
    /// (``Taxonomies/offer(areas:touches:)``, the one region rule).
    public var regions: Set<RegionCode>
    /// An offer that states no applicant types is open to all and always holds.
    public var applicantTypes: Set<ApplicantType>
    public var instruments: Set<Instrument>
    public var statuses: Set<OfferStatus>

    public init(source: String? = nil, text: String? = nil, topics: Set<TopicCode> = [], regions: Set<RegionCode> = [],
                applicantTypes: Set<ApplicantType> = [], instruments: Set<Instrument> = [], statuses: Set<OfferStatus> = []) {
        self.source = source
        words = text.map(Self.words) ?? []
        self.topics = topics
        self.regions = regions
        self.applicantTypes = applicantTypes
        self.instruments = instruments
        self.statuses = statuses
    }

    /// Folded words (``SpellingFold``) of a search text.
    public static func words(_ text: String) -> [String] {
        SpellingFold.key(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// The text the words are looked for in, folded once; a snapshot keeps it per offer so a
    /// search does not fold the whole catalogue again.
    public static func searchText(of offer: Offer) -> String {
        SpellingFold.key(([offer.id.description, offer.title, offer.summary, offer.description, offer.provider.name] + offer.keywords)
            .joined(separator: "\n"))
    }


    /// Whether the offer meets every criterion; `searchText` is ``searchText(of:)`` of it.
    public func matches(_ offer: Offer, searchText: @autoclosure () -> String, taxonomies: Taxonomies) -> Bool {
        if let source, offer.id.source != source { return false }
        if !topics.isEmpty && topics.isDisjoint(with: offer.topics) { return false }
        if !instruments.isEmpty && instruments.isDisjoint(with: offer.instruments) { return false }
        if !statuses.isEmpty && !statuses.contains(offer.schedule.status) { return false }
        if !applicantTypes.isEmpty, let types = offer.eligibility.applicantTypes,
           applicantTypes.isDisjoint(with: types) { return false }
        // A nationwide offer fits Saxony, and a Leipzig programme shows up when browsing Saxony.
        if !regions.isEmpty,
           !regions.contains(where: { taxonomies.offer(areas: offer.eligibility.regions, touches: $0) }) { return false }
        if !words.isEmpty {
            let text = searchText()
            if !words.allSatisfy({ text.contains($0) }) { return false }
        }
        return true
    }

    /// The items whose offer matches, in the query's order: by id, and with a text those with
    /// every word in the title first.
    public func select<Item>(_ items: [Item], offer: (Item) -> Offer, searchText: ((Int) -> String)? = nil,
                             taxonomies: Taxonomies) -> [Item] {
        var inTitle: [(id: OfferID, item: Item)] = []
        var elsewhere: [(id: OfferID, item: Item)] = []
        for (position, item) in items.enumerated() {
            let candidate = offer(item)
            guard matches(candidate, searchText: searchText?(position) ?? Self.searchText(of: candidate),
                          taxonomies: taxonomies) else { continue }
            if !words.isEmpty, SpellingFold.key(candidate.title).containsAll(words) {
                inTitle.append((candidate.id, item))
            } else {
                elsewhere.append((candidate.id, item))
            }
        }
        return (inTitle.sorted { $0.id < $1.id } + elsewhere.sorted { $0.id < $1.id }).map(\.item)
    }
}

private extension String {
    func containsAll(_ words: [String]) -> Bool { words.allSatisfy { contains($0) } }
}
