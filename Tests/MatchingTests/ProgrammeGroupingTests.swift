import Matching
import SupportModel
import Testing

/// A programme that two sources publish takes one place in a ranking, lists the other source's
/// record, and is counted and scored once.
@Suite("One offer per programme across sources")
struct ProgrammeGroupingTests {
    static let fdbPage = "https://www.foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Bund/BMWi/zentrales-innovationsprogramm-zim.html"

    /// A company in Saxony looking for an innovation grant; every offer below admits it.
    static let profile = Profile(
        applicantType: .company, location: Profile.Location(country: "DE", state: "DE-SN"), employees: 20,
        projectDescription: "Innovationsprojekt: Entwicklung eines neuen Produkts mit Forschung", language: .german)

    static func offer(_ source: String, _ id: String, title: String, provider: String = "BMWE",
                      text: String = "Zuschuss für Forschung und Entwicklung innovativer Produkte",
                      sourceURL: String? = nil, links: [String] = [], applicantTypes: [ApplicantType]? = nil) -> Offer {
        Offer(id: OfferID(source: source, localID: id), title: title, summary: text,
              provider: Provider(name: provider, level: .federal), links: links.map { Link(kind: .information, url: $0) },
              instruments: [.grant], eligibility: Eligibility(applicantTypes: applicantTypes), sourceURL: sourceURL)
    }

    /// The starter record links the Förderdatenbank page that is the other record's source page
    /// (spelt differently: http, no www, trailing slash).
    static let starterZIM = offer("supportmatch", "zim", title: "Zentrales Innovationsprogramm Mittelstand (ZIM)",
                                  sourceURL: "https://www.ihk.de/zim", links: ["https://www.zim.de", fdbPage])
    static let fdbZIM = offer("fdb", "Foerderprogramm/Bund/BMWi/zentrales-innovationsprogramm-zim", title: "ZIM",
                              provider: "Bundesministerium für Wirtschaft und Energie",
                              sourceURL: "http://foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Bund/BMWi/zentrales-innovationsprogramm-zim.html/")
    static let other = offer("fdb", "Foerderprogramm/Bund/BMBF/kmu-innovativ", title: "KMU-innovativ",
                             text: "Forschung und Entwicklung in kleinen Unternehmen",
                             sourceURL: "https://www.foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Bund/BMBF/kmu-innovativ.html")

    @Test("the same source page makes one result that names the other source's record")
    func samePage() throws {
        let catalogue = index([Self.starterZIM, Self.fdbZIM, Self.other])
        let answer = try catalogue.recommend(RecommendationRequest(profile: Self.profile, today: testToday, limit: 2))
        #expect(answer.results.count == 2, "the limit is still filled with another programme")
        let zim = answer.results.filter { [Self.starterZIM.id, Self.fdbZIM.id].contains($0.id) }
        guard zim.count == 1, let shown = zim.first else {
            Issue.record("expected ZIM once, found \(zim.map(\.id))")
            return
        }
        let hidden = shown.id == Self.starterZIM.id ? Self.fdbZIM.id : Self.starterZIM.id
        #expect(shown.alsoPublishedBy.map(\.id) == [hidden])
        #expect(answer.results.contains { $0.id == Self.other.id && $0.alsoPublishedBy.isEmpty })
        #expect(answer.results.map(\.rank) == [1, 2])
        #expect(answer.counts.eligible == 2, "three offers, two programmes")
        #expect(catalogue.rankedOfferIDs(RecommendationRequest(profile: Self.profile, today: testToday), limit: 2)
            == answer.results.map(\.id), "change detection sees the same list")
    }

    @Test("the same title and provider across sources group; within one source they do not")
    func sameTitle() throws {
        let a = Self.offer("supportmatch", "a", title: "Digitalbonus Sachsen", provider: "Sächsische Aufbaubank")
        let b = Self.offer("fdb", "b", title: "Digitalbonus  Sachsen.", provider: "sächsische aufbaubank")
        let c = Self.offer("grants.gov", "c1", title: "Rural Water Grants", provider: "Rural Utilities Service")
        let d = Self.offer("grants.gov", "c2", title: "Rural Water Grants", provider: "Rural Utilities Service")
        let answer = try index([a, b, c, d]).recommend(RecommendationRequest(profile: Profile(), today: testToday, limit: 10))
        #expect(answer.results.count == 3)
        let digital = answer.results.first { $0.id == a.id || $0.id == b.id }
        #expect(digital?.alsoPublishedBy.count == 1)
        #expect(answer.results.filter { $0.id == c.id || $0.id == d.id }.allSatisfy { $0.alsoPublishedBy.isEmpty },
                "one source's records are distinct by its own account")
    }

    @Test("an offer whose programme is already a result is not also a near miss")
    func nearMisses() throws {
        // The starter record is for associations only (fails for a company); the other source
        // leaves the applicant open. The programme is eligible, so it is no near miss.
        var starter = Self.starterZIM
        starter.eligibility.applicantTypes = [.association]
        let answer = try index([starter, Self.fdbZIM, Self.other])
            .recommend(RecommendationRequest(profile: Self.profile, today: testToday))
        #expect(answer.results.contains { $0.id == Self.fdbZIM.id && $0.alsoPublishedBy.map(\.id) == [starter.id] })
        #expect(!answer.nearMisses.contains { $0.id == starter.id })
        #expect(answer.counts.failingOneCriterion == 1, "the counts describe each list: the failing record is counted there")
    }

    @Test("evaluation scores a programme once, by the judged one of its records")
    func evaluation() throws {
        let catalogue = index([Self.starterZIM, Self.fdbZIM, Self.other])
        var judgments = Judgments()
        judgments.set(3, doc: Self.fdbZIM.id.description, query: "p")
        judgments.set(1, doc: Self.other.id.description, query: "p")
        let ranking = try RankingEvaluator(index: catalogue, mode: .full).ranking(for: Self.profile, today: testToday)
        #expect(ranking.count == 2)
        var run = Run()
        run.rankings["p"] = ranking.map { judgments.judgedID(of: $0, for: "p") }
        #expect(run.rankings["p"]?.contains(Self.fdbZIM.id.description) == true, "whichever record ranks first")
        let report = EvaluationReport(mode: .full, run: run, judgments: judgments, queries: ["p"], k: 10, precisionK: 5, today: testToday)
        #expect(report.mean.eligibleReturned == 1)
        #expect(report.profiles[0].returned == 2)
    }

    @Test("a limit near Int.max is the whole list, not an overflow")
    func hugeLimit() throws {
        let catalogue = index([Self.starterZIM, Self.fdbZIM, Self.other])
        let request = RecommendationRequest(profile: Self.profile, today: testToday, limit: Int.max)
        #expect(try catalogue.recommend(request).results.count == 2)
        #expect(catalogue.rankedOfferIDs(request, limit: Int.max).count == 2)
    }

    @Test("without duplicates nothing changes: every offer is its own entry")
    func noDuplicates() throws {
        let answer = try Catalogue.index.recommend(RecommendationRequest(profile: Self.profile, today: Catalogue.today, limit: 200))
        #expect(answer.results.allSatisfy { $0.alsoPublishedBy.isEmpty })
        #expect(answer.counts.eligible == answer.results.count)
    }
}
