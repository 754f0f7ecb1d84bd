import Matching
import SupportModel

/// Small offers written for one rule at a time.
func makeOffer(
    _ id: String, title: String = "Förderprogramm", summary: String = "", description: String = "",
    applicantTypes: [ApplicantType]? = nil, sizes: [SizeClass]? = nil, regions: [RegionCode]? = nil,
    sectors: SectorRule? = nil, age: AgeBounds? = nil, topics: [TopicCode] = [], instruments: [Instrument] = [.grant],
    funding: Funding? = nil, schedule: Schedule = Schedule(status: .rolling), level: ProviderLevel = .state,
    keywords: [String] = [], conditions: [String] = [], language: LanguageCode = .german
) -> Offer {
    Offer(
        id: OfferID(source: "test", localID: id), title: title, summary: summary, description: description,
        language: language, provider: Provider(name: "Test", level: level), instruments: instruments, topics: topics,
        keywords: keywords,
        eligibility: Eligibility(applicantTypes: applicantTypes, companySizes: sizes, regions: regions, sectors: sectors,
                                 companyAge: age, conditions: conditions),
        funding: funding, schedule: schedule)
}

let testToday = Day(iso: "2026-06-15")!

func index(_ offers: [Offer]) -> OfferIndex {
    OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, synonyms: Catalogue.synonyms)
}

/// The verdict of one criterion for one offer, through the public explanation API.
func verdict(_ criterion: CriterionKind, _ offer: Offer, _ profile: Profile, today: Day = testToday) throws -> CriterionResult {
    let results = try index([offer]).evaluate(offer.id, profile: profile, today: today)!
    return results.first { $0.criterion == criterion }!
}
