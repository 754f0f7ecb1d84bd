import Foundation
import Matching
import SupportModel
import Testing

@Suite struct Ranking {
    @Test func specificProgrammeBeatsNationwideCatchAllAtEqualRelevance() throws {
        let text = "Zuschuss für die Digitalisierung kleiner Unternehmen."
        let offers = [
            makeOffer("a-bund", title: "Digitalisierung", summary: text, regions: ["DE"], level: .federal),
            makeOffer("b-sachsen", title: "Digitalisierung", summary: text, regions: ["DE-SN"]),
            makeOffer("c-dresden", title: "Digitalisierung", summary: text, regions: ["DED21"], level: .municipal),
        ]
        let profile = Profile(location: Profile.Location(state: "DE-SN", district: "DED21"), projectDescription: "Digitalisierung")
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        #expect(answer.results.map(\.id.localID) == ["c-dresden", "b-sachsen", "a-bund"])
    }

    @Test func tiesBreakByID() throws {
        let offers = ["zeta", "alpha", "mu"].map { makeOffer($0, title: "Gleich") }
        let answer = try index(offers).recommend(RecommendationRequest(profile: Profile(), today: testToday))
        #expect(answer.results.map(\.id.localID) == ["alpha", "mu", "zeta"])
    }

    @Test func textRelevanceOrdersResultsAndIsExplained() throws {
        let offers = [
            makeOffer("breitband", title: "Förderung des Breitbandausbaus", summary: "Glasfaser für unterversorgte Gebiete."),
            makeOffer("sport", title: "Sportstättenförderung", summary: "Sanierung von Sportplätzen und Turnhallen."),
            makeOffer("kultur", title: "Kulturförderung", summary: "Projekte von Kulturvereinen."),
        ]
        let profile = Profile(projectDescription: "Wir wollen unsere Turnhalle sanieren.")
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        let top = try #require(answer.results.first)
        #expect(top.id.localID == "sport")
        #expect(top.explanation.score.text > 0)
        #expect(top.explanation.matchedTerms.contains { $0.queryWords == "Turnhalle" })
        #expect(top.explanation.snippet?.marked(open: "«", close: "»").contains("«Turnhallen»") == true)
        #expect(answer.textLanguage == .german)
    }

    @Test func synonymsMatchAcrossWording() throws {
        let offers = [
            makeOffer("ki", title: "Förderung künstlicher Intelligenz", summary: "Zuschuss für Vorhaben mit künstlicher Intelligenz im Mittelstand."),
            makeOffer("bau", title: "Bauförderung", summary: "Zuschuss für den Neubau von Gebäuden."),
        ]
        let profile = Profile(projectDescription: "KI für unsere Qualitätssicherung")
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        let top = try #require(answer.results.first)
        #expect(top.id.localID == "ki")
        #expect(top.explanation.matchedTerms.contains { $0.via == .synonym && $0.queryWords == "KI" })
    }

    @Test func compoundPartsOfTheQueryMatch() throws {
        let offers = [
            makeOffer("pruef", title: "Prüfung und Zertifizierung", summary: "Zuschuss zur Prüfung neuer Produkte. Die Prüfung erfolgt extern."),
            makeOffer("messe", title: "Messeförderung", summary: "Zuschuss für Messen und Ausstellungen. Messen im Ausland."),
            makeOffer("qualitaet", title: "Qualität im Handwerk", summary: "Qualität und Ausbildung. Qualität sichern."),
        ]
        let profile = Profile(projectDescription: "Qualitätsprüfung")
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        let matched = answer.results.filter { $0.explanation.score.text > 0 }.map(\.id.localID)
        #expect(Set(matched) == ["pruef", "qualitaet"])
        #expect(answer.results[0].explanation.matchedTerms.contains { $0.via == .compoundPart })
    }

    /// What the applicant writes twice is what the project is about (Okapi's k3): with query-term
    /// saturation the offer on the repeated word gains on the other; without it nothing changes.
    /// A compound part does not count as a repeat.
    @Test func aWordTheApplicantRepeatsWeighsMore() throws {
        let offers = [
            makeOffer("a-pruef", title: "Prüfung und Zertifizierung", summary: "Zuschuss zur Prüfung neuer Produkte."),
            makeOffer("b-export", title: "Export und Zertifizierung", summary: "Zuschuss zum Export neuer Produkte."),
            // Its word lets the index split "Qualitätsprüfung" (parts are words of the catalogue).
            makeOffer("c-qualitaet", title: "Qualität im Handwerk", summary: "Qualität und Ausbildung. Qualität sichern."),
        ]
        /// The text score of the testing offer over the export offer's.
        func ratio(_ saturation: Double, _ description: String) throws -> Double {
            var configuration = RankingConfiguration.standard
            configuration.queryTermSaturation = saturation
            let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, synonyms: Catalogue.synonyms, configuration: configuration)
            let answer = try index.recommend(RecommendationRequest(profile: Profile(projectDescription: description), today: testToday))
            let text = Dictionary(uniqueKeysWithValues: answer.results.map { ($0.id.localID, $0.explanation.score.text) })
            return try #require(text["a-pruef"]) / #require(text["b-export"])
        }
        let once = "Prüfung und Export", twice = "Prüfung und Export. Prüfung"
        #expect(try abs(ratio(0, twice) - ratio(0, once)) < 1e-9, "k3 0 weighs every word once")
        // Written twice at k3 1: 2·(1 + 1)/(2 + 1) = 4/3 of the weight.
        #expect(try ratio(1, twice) > ratio(1, once) * 1.2)
        let part = "Qualitätsprüfung und Export. Prüfung"
        #expect(try abs(ratio(1, part) - ratio(0, part)) < 1e-9, "Qualitätsprüfung's part does not repeat Prüfung")
    }

    @Test func topicsInstrumentsAndAmountAddUp() throws {
        let offers = [
            makeOffer("loan-fit", topics: ["unternehmensfinanzierung"], instruments: [.loan], funding: Funding(amountMin: 10_000, amountMax: 100_000)),
            makeOffer("loan-small", topics: ["unternehmensfinanzierung"], instruments: [.loan], funding: Funding(amountMax: 20_000)),
            makeOffer("grant-fit", topics: ["unternehmensfinanzierung"], instruments: [.grant], funding: Funding(amountMax: 100_000)),
            makeOffer("other", topics: ["kultur_medien_sport"], instruments: [.loan]),
        ]
        let profile = Profile(topics: ["unternehmensfinanzierung"], amountNeeded: 50_000, preferredInstruments: [.loan])
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        #expect(answer.results.map(\.id.localID) == ["loan-fit", "loan-small", "grant-fit", "other"])
        #expect(answer.results[0].explanation.matchedTopics.map(\.code) == ["unternehmensfinanzierung"])
        #expect(answer.results[1].explanation.score.amount < answer.results[0].explanation.score.amount)
    }

    @Test func englishDescriptionIsDetected() throws {
        let offers = [makeOffer("digital", title: "Digitalisierung", summary: "Zuschuss für Digitalisierung.")]
        let profile = Profile(projectDescription: "We want to digitalise our order processing with new software for the company.")
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        #expect(answer.textLanguage == .english)
    }

    @Test func limitIsHonoured() throws {
        let offers = (0..<30).map { makeOffer(String(format: "o%02d", $0)) }
        let answer = try index(offers).recommend(RecommendationRequest(profile: Profile(), today: testToday, limit: 7))
        #expect(answer.results.count == 7)
        #expect(answer.counts.eligible == 30)
    }

    @Test func resultsEncodeAsJSON() throws {
        let answer = try Catalogue.index.recommend(RecommendationRequest(profile: try Catalogue.profile("saxon-software-sme-ai"), today: Catalogue.today))
        let data = try JSONEncoder().encode(answer)
        let decoded = try JSONDecoder().decode(Recommendations.self, from: data)
        #expect(decoded == answer)
    }
}

@Suite struct NearMissesAndQuestions {
    @Test func nearMissNamesTheFailingCriterion() throws {
        let offers = [
            makeOffer("small-only", title: "Digitalisierung", summary: "Digitalisierung im Mittelstand.", sizes: [.micro, .small]),
            makeOffer("any", title: "Beratung", summary: "Allgemeine Beratung."),
            makeOffer("two-fails", title: "Digitalisierung", summary: "Digitalisierung.", applicantTypes: [.municipality], sizes: [.micro]),
        ]
        let profile = Profile(applicantType: .company, employees: 100, annualTurnover: 20_000_000, projectDescription: "Digitalisierung")
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        #expect(answer.results.map(\.id.localID) == ["any"])
        let miss = try #require(answer.nearMisses.first)
        #expect(answer.nearMisses.count == 1)
        #expect(miss.id.localID == "small-only")
        #expect(miss.explanation.failed.map(\.criterion) == [.companySize])
        #expect(miss.reason.en.contains("near miss"))
    }

    @Test func nearMissesWithoutRelevanceAreNotShown() throws {
        let offers = [makeOffer("bay", title: "Kultur", regions: ["DE-BY"])]
        let profile = Profile(location: Profile.Location(state: "DE-SN"), projectDescription: "Digitalisierung")
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        #expect(answer.nearMisses.isEmpty)
        #expect(answer.counts.failingOneCriterion == 1)
    }

    @Test func nextQuestionSettlesTheMostUnknowns() throws {
        let offers = [
            makeOffer("a", sizes: [.micro, .small]), makeOffer("b", sizes: [.micro]), makeOffer("c", sizes: [.micro, .small, .medium]),
            makeOffer("d", applicantTypes: [.company]), makeOffer("e", regions: ["DE-SN"]),
        ]
        let answer = try index(offers).recommend(RecommendationRequest(profile: Profile(), today: testToday))
        let question = try #require(answer.nextQuestion)
        #expect(question.field == .employees)
        #expect(question.settles == 3)
        #expect(question.among == 5)
        #expect(question.message.en.contains("3"))
        #expect(answer.counts.eligibleWithUnknowns == 5)

        let declined = try index(offers).recommend(RecommendationRequest(profile: Profile(), today: testToday, declined: [.employees]))
        #expect(declined.nextQuestion?.field == .annualTurnover)
    }

    @Test func whenNothingIsUnknownTheQuestionSharpensTheRanking() throws {
        let answer = try index([makeOffer("x")]).recommend(RecommendationRequest(profile: Profile(), today: testToday))
        #expect(answer.nextQuestion?.field == .topics)
        #expect(answer.nextQuestion?.settles == 0)
    }

    @Test func projectStartedProducesANoteQuotingTheCondition() throws {
        let offer = makeOffer("vorab", conditions: ["Antrag vor Vorhabenbeginn."])
        let started = try index([offer]).recommend(RecommendationRequest(profile: Profile(projectStarted: true), today: testToday))
        #expect(started.results.first?.explanation.notes.first?.de.contains("Antrag vor Vorhabenbeginn.") == true)
        let notStarted = try index([offer]).recommend(RecommendationRequest(profile: Profile(projectStarted: false), today: testToday))
        #expect(notStarted.results.first?.explanation.notes.isEmpty == true)
    }
}

@Suite struct IndexSwapping {
    @Test func duplicateIDsKeepOneOffer() throws {
        let offers = [makeOffer("same", title: "Alt"), makeOffer("same", title: "Neu")]
        let built = index(offers)
        #expect(built.count == 1)
        #expect(try built.offers.record(0).title == "Neu")
    }
}

@Suite struct IndexAgreesWithEvaluator {
    /// Profiles that exercise every answer being present, absent or coarse.
    static let variants: [Profile] = {
        var profiles = ExampleProfiles.names.compactMap { try? Catalogue.profile($0) }
        profiles.append(Profile())
        profiles.append(Profile(applicantType: .company, location: Profile.Location(country: "DE"), employees: 12))
        profiles.append(Profile(applicantType: .founder, location: Profile.Location(state: "DE-BY")))
        profiles.append(Profile(applicantType: .company, location: Profile.Location(state: "DE-SN"), employees: 300, yearFounded: 2025, sector: "C"))
        profiles.append(Profile(applicantType: .municipality, location: Profile.Location(country: "CZ")))
        return profiles
    }()

    @Test func fastPathEqualsPerOfferEvaluation() throws {
        let index = Catalogue.index
        for profile in Self.variants {
            let answer = try index.recommend(RecommendationRequest(profile: profile, today: Catalogue.today, limit: 1000, includeClosed: true))
            let eligibleFast = Set(answer.results.map(\.id))
            var eligibleSlow: Set<OfferID> = []
            var unknownSlow = 0
            for offer in try index.offers.all() {
                let results = try index.evaluate(offer.id, profile: profile, today: Catalogue.today)!.filter { $0.criterion != .schedule }
                if !results.contains(where: { $0.verdict == .fail }) {
                    eligibleSlow.insert(offer.id)
                    if results.contains(where: { $0.verdict == .unknown }) { unknownSlow += 1 }
                }
            }
            #expect(eligibleFast == eligibleSlow, "\(profile.id ?? "variant")")
            #expect(answer.counts.eligibleWithUnknowns == unknownSlow)
        }
    }
}

/// Issue 15, acceptance 1: the question added with one definition entry and its rule.
@Suite struct DeMinimisQuestion {
    @Test func theRemainingRoomIsANoteOnDeMinimisOffers() throws {
        let offer = makeOffer("dm", description: "Die Förderung wird als De-minimis-Beihilfe gewährt.",
                              funding: Funding(amountMin: 100_000, amountMax: 200_000))
        let other = makeOffer("plain", description: "Zuschuss für Beratung.")
        func notes(_ received: Double?) throws -> [String: [LocalizedText]] {
            let answer = try index([offer, other]).recommend(RecommendationRequest(profile: Profile(deMinimisReceived: received), today: testToday))
            return Dictionary(uniqueKeysWithValues: answer.results.map { ($0.id.localID, $0.explanation.notes) })
        }
        #expect(try notes(nil)["dm"] == [])
        #expect(try notes(50_000)["dm"] == [LocalizedText(
            de: "als De-minimis-Beihilfe gewährt: nach Ihren Angaben bleiben bis zur Obergrenze von 300.000 € noch 250.000 €",
            en: "granted as de-minimis aid: by your answers €250,000 remain below the ceiling of €300,000")])
        #expect(try notes(250_000)["dm"]?.first?.en.hasSuffix("less than the minimum of €100,000") == true)
        #expect(try notes(320_000)["dm"]?.first?.de.hasSuffix("Obergrenze von 300.000 € in drei Jahren erreicht") == true)
        #expect(try notes(320_000)["plain"] == [])
    }

    @Test func theAnswerIsReadLikeEveryOther() throws {
        let decoder = ProfileDecoder(taxonomies: Catalogue.taxonomies, today: testToday, language: .german)
        #expect(try decoder.decode(Data(#"{"deMinimisReceived": "120.000"}"#.utf8)).deMinimisReceived == 120_000)
        #expect(throws: ProfileError.self) { try decoder.decode(Data(#"{"deMinimisReceived": "1,2"}"#.utf8)) }
    }
}
