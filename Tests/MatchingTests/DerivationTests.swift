import BundledCatalog
import Foundation
@testable import Matching
import SupportModel
import Testing

/// Derived facts of thin records (`Catalog/analysis/derivation.json`): what they read, the
/// evidence they keep, and that they rank but never hide.
@Suite struct Derivation {
    static let rules: DerivationRules = {
        let url = BundledCatalog.analysisDirectory.appendingPathComponent(MatchingResources.derivationFile)
        return try! DerivationRules(jsonData: Data(contentsOf: url))
    }()

    static func resources(_ configuration: RankingConfiguration = .standard) -> MatchingResources {
        MatchingResources(synonyms: Catalogue.synonyms, derivation: rules, configuration: configuration)
    }

    @Test func subjectOfTheSentenceNamesTheApplicantWithEvidence() throws {
        let offer = makeOffer("gigabit", title: "Gigabitrichtlinie",
                              summary: "Wenn Sie als Kommune in den Aufbau eines gigabitfähigen Breitbandnetzes investieren, können Sie einen Zuschuss bekommen.")
        let facts = Self.rules.derive(offer)
        #expect(facts.applicantTypes.map(\.value) == [.municipality])
        let evidence = try #require(facts.applicantTypes.first?.evidence)
        #expect(evidence.contains("Wenn Sie als Kommune"))
        #expect(facts.topics.map(\.value).contains("infrastruktur"))
    }

    @Test func aSubjectListRunsOverCommasAndStopsAtTheObject() {
        let list = makeOffer("list", summary: "Wenn Sie als Existenzgründerin, Existenzgründer oder kleines Unternehmen investieren wollen, können Sie ein Darlehen erhalten.")
        #expect(Set(Self.rules.derive(list).applicantTypes.map(\.value)) == [.founder, .company])
        let object = makeOffer("object", summary: "Wenn Sie als Hochschule mit Unternehmen ein Projekt planen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(object).applicantTypes.map(\.value) == [.university])
        let provider = makeOffer("provider", summary: "Wenn Sie als Weiterbildungsanbieterin und Weiterbildungsanbieter Qualifizierungsprojekte für Arbeitslose durchführen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(provider).applicantTypes.map(\.value) == [.educationProvider])
    }

    @Test func aTypeDirectlyAfterTheSubjectIsItsObject() {
        let object = makeOffer("object", summary: "Wenn Sie als Hochschule Gründungsvorhaben aus Ihrer Einrichtung heraus unterstützen wollen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(object).applicantTypes.map(\.value) == [.university], "the founders are whom the university supports")
        let list = makeOffer("list", summary: "Wenn Sie als Hochschule oder Existenzgründerin ein Projekt planen, können Sie einen Zuschuss erhalten.")
        #expect(Set(Self.rules.derive(list).applicantTypes.map(\.value)) == [.university, .founder], "a list word joins them")
        let predicate = makeOffer("predicate", summary: "Wenn Sie als Wissenschaftlerin ein Unternehmen gründen wollen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(predicate).applicantTypes.map(\.value).contains(.founder), "what the subject does, up to its verb")
    }

    @Test func statedFieldsAreNeverDerivedAgain() {
        let offer = makeOffer("stated", summary: "Wenn Sie als Kommune planen, können Sie einen Zuschuss erhalten.",
                              applicantTypes: [.association], topics: ["kultur_medien_sport"])
        let facts = Self.rules.derive(offer)
        #expect(facts.applicantTypes.isEmpty && facts.mentionedApplicantTypes.isEmpty)
        #expect(facts.topics.isEmpty)
    }

    @Test func sizesInstrumentsIntermediaryAndApplyBeforeStart() {
        let offer = makeOffer("kmu", title: "FuE-Projektförderung",
                              summary: "Wenn Sie als kleines oder mittleres Unternehmen investieren, können Sie über Ihre Hausbank ein Darlehen und eine Beratung erhalten. Der Antrag ist vor Beginn des Vorhabens zu stellen.",
                              instruments: [.loan])
        let facts = Self.rules.derive(offer)
        #expect(facts.companySizes?.value == [.micro, .small, .medium])
        #expect(facts.instruments.map(\.value) == [.advice], "the stated loan is not derived again")
        #expect(facts.intermediary?.value == "Hausbank")
        #expect(facts.applyBeforeStart != nil)
        #expect(facts.topics.map(\.value).contains("forschung_innovation_themenoffen"), "FuE inside a hyphenated word")
    }

    /// "Großer Mittelstand" is the banks' name for firms beyond the EU SME limits; in the
    /// Förderdatenbank export it stands only in two KfW titles. A small client reads such a
    /// loan as *likely not* instead of as financing open to anyone.
    @Test func largeMittelstandLimitsTheSize() {
        let offer = makeOffer("gm", title: "KfW-Förderkredit großer Mittelstand",
                              summary: "Wenn Sie als Unternehmen investieren, können Sie einen Kredit erhalten.", instruments: [.loan])
        #expect(Self.rules.derive(offer).companySizes?.value == [.medium, .large])
        let dative = makeOffer("dative", summary: "Das Programm richtet sich an den großen Mittelstand.")
        #expect(Self.rules.derive(dative).companySizes?.value == [.medium, .large])
        let sme = makeOffer("sme", title: "Förderkredit Mittelstand", summary: "Wenn Sie als Unternehmen investieren, können Sie einen Kredit erhalten.")
        #expect(Self.rules.derive(sme).companySizes == nil, "Mittelstand alone sets no limit")
    }

    /// A size limit is read where a record says whom it is for: the title and the summary, or
    /// the description's first sentence when there is no summary. The bundled ZIM record's
    /// description names micro firms for one module ("Durchführbarkeitsstudien (für junge
    /// Unternehmen, Kleinstunternehmen …)"), which made all of ZIM *likely not* for a small
    /// software firm; Grants.gov descriptions list small businesses among many beneficiaries.
    @Test func aSizeLimitIsReadInTheTitleAndSummaryNotInPassingInADescription() throws {
        let zim = makeOffer("zim", title: "Zentrales Innovationsprogramm Mittelstand (ZIM)",
                            summary: "Themenoffene Zuschüsse für Forschungs- und Entwicklungsprojekte mittelständischer Unternehmen.",
                            description: "Gefördert werden Einzel- und Kooperationsprojekte. Daneben gibt es Zuschüsse für Durchführbarkeitsstudien (für junge Unternehmen, Kleinstunternehmen und Erstantragsteller).")
        #expect(Self.rules.derive(zim).companySizes == nil, "a module's applicants in the description")
        let summary = makeOffer("summary", title: "Digitalisierungszuschuss",
                                summary: "Zuschuss für Kleinstunternehmen und Freiberufler in Sachsen.",
                                description: "Gefördert werden Software und Beratung.")
        let read = try #require(Self.rules.derive(summary).companySizes)
        #expect(read.value == [.micro] && read.evidence.contains("Kleinstunternehmen"))
        let title = makeOffer("title", title: "KMU-innovativ", description: "Gefördert werden Forschungsprojekte.")
        #expect(Self.rules.derive(title).companySizes?.value == [.micro, .small, .medium])
        // Without a summary, the description's first sentence is where the record says it.
        let first = makeOffer("first", title: "Research Program",
                              description: "Small Business Innovation Research (SBIR) program: To support research by small businesses. Universities also apply.",
                              language: .english)
        #expect(Self.rules.derive(first).companySizes?.value == [.micro, .small])
        let later = makeOffer("later", title: "Research Program",
                              description: "To support research on hearing. Universities, hospitals and small businesses apply.",
                              language: .english)
        #expect(Self.rules.derive(later).companySizes == nil, "one item of a list in a later sentence")
        // What `derivations --from title-summary` reads: the title and summary only, to the end.
        #expect(Self.rules.derive(summary, text: summary.title + "\n" + summary.summary).companySizes?.value == [.micro])
    }

    /// A guarantee "für Ihren Kredit" secures a loan the client takes elsewhere; the record
    /// gives no loan (`instrumentObject`). The form of the funding itself ("in Form von
    /// Zuschüssen"), a grant "für eine Beratung" (the client gets the advice) and a phrase that
    /// opens its sentence ("Für die Bürgschaft fällt eine Gebühr an") still count.
    @Test func anInstrumentWordAfterAPrepositionIsWhatTheOfferSecures() {
        let guarantee = makeOffer("guarantee", summary: "Wenn Sie als Unternehmen nicht über ausreichende finanzielle Sicherheiten für Ihren Kredit verfügen, kann die Bürgschaftsbank eine Bürgschaft übernehmen.",
                                  instruments: [.guarantee])
        #expect(Self.rules.derive(guarantee).instruments.isEmpty, "the loan is what the guarantee secures")
        let equity = makeOffer("equity", summary: "Wenn Sie als kleines Unternehmen Beteiligungskapital suchen, können Sie eine Garantie für Beteiligungen von privaten Gesellschaften erhalten.",
                               instruments: [.guarantee])
        #expect(Self.rules.derive(equity).instruments.isEmpty, "the equity is what the guarantee secures")
        let form = makeOffer("form", summary: "Wenn Sie als Unternehmen investieren, können Sie eine Förderung in Form von Zuschüssen erhalten.",
                             instruments: [.loan])
        #expect(Self.rules.derive(form).instruments.map(\.value) == [.grant], "in Form von names the funding itself")
        let advice = makeOffer("advice", summary: "Wenn Sie als Unternehmen eine Beratung planen, können Sie einen Zuschuss für eine externe Beratung erhalten.",
                               instruments: [.grant])
        #expect(Self.rules.derive(advice).instruments.map(\.value) == [.advice], "a grant for advice buys the advice")
        let both = makeOffer("both", summary: "Wenn Sie als Unternehmen investieren, können Sie ein Darlehen und dazu einen Zuschuss erhalten.",
                             instruments: [.grant])
        #expect(Self.rules.derive(both).instruments.map(\.value) == [.loan], "a loan named as what is given still counts")
        let theme = makeOffer("theme", summary: "Die Bank sichert Investitionen ab. Für die Bürgschaft fällt eine einmalige Gebühr an.",
                              instruments: [.loan])
        #expect(Self.rules.derive(theme).instruments.map(\.value) == [.guarantee], "a phrase that opens its sentence is its theme")
    }

    @Test func aClauseThatHelpsOthersIsRecognised() {
        let helps = makeOffer("helps", summary: "Wenn Sie Frauen in ihrer Selbstständigkeit unterstützen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(helps).servesOthers != nil)
        let own = makeOffer("own", summary: "Wenn Sie Ihr Unternehmen digitalisieren wollen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(own).servesOthers == nil)
        let relative = makeOffer("relative", summary: "Wenn Sie Fachkräfte beschäftigen, die Geflüchtete bei der Integration in Ausbildung unterstützen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(relative).servesOthers != nil, "the relative clause's verb is the clause's")
        let employs = makeOffer("employs", summary: "Wenn Sie Fachkräfte beschäftigen, die Maschinen warten, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(employs).servesOthers == nil)
    }

    @Test func aCommaInsideTheClausesObjectDoesNotEndIt() {
        // The clause's final verb is the word before the main clause ("können Sie …"), not
        // before the first comma of an enumeration inside it.
        let list = makeOffer("list", summary: "Wenn Sie Fortbildungen für Fachpersonal, ehrenamtliche Helfende und Angehörige im Bereich Pflege anbieten, können Sie einen Zuschuss erhalten.")
        let facts = Self.rules.derive(list)
        #expect(facts.servesOthers?.hasSuffix("Pflege anbieten …") == true, "the evidence is the whole clause")
        let own = makeOffer("own", summary: "Wenn Sie Maschinen, Anlagen und Software für Ihr Unternehmen anschaffen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(own).servesOthers == nil, "a list in a clause about the applicant's own project")
        let long = makeOffer("long", summary: "Wenn Sie Projekte planen. Dabei werden Familien, Kinder und Jugendliche beraten, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(long).servesOthers == nil, "the main clause of another sentence does not end the clause")
    }

    @Test func aClauseAboutOnesOwnExamOrTrainingNamesAPerson() throws {
        let exam = makeOffer("exam", title: "Meisterbonus",
                             summary: "Wenn Sie eine Meister- oder Fortbildungsprüfung erfolgreich abgeschlossen haben, können Sie einen Zuschuss erhalten.")
        let facts = Self.rules.derive(exam)
        #expect(facts.applicantTypes.map(\.value) == [.privatePerson])
        #expect(facts.applicantTypes.first?.evidence.contains("erfolgreich abgeschlossen haben") == true)
        let training = makeOffer("training", summary: "Wenn Sie sich beruflich weiterbilden möchten, übernimmt das Jobcenter die Kosten.")
        #expect(Self.rules.derive(training).applicantTypes.map(\.value) == [.privatePerson])
        let subject = makeOffer("subject", summary: "Wenn Sie als Unternehmen Ihre Gründungsphase erfolgreich abgeschlossen haben, können Sie ein Darlehen erhalten.")
        #expect(Self.rules.derive(subject).applicantTypes.map(\.value) == [.company], "a subject ('Sie als …') decides")
        let staff = makeOffer("staff", summary: "Wenn Sie Ihre Beschäftigten weiterbilden, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(staff).applicantTypes.isEmpty, "training one's staff is not training oneself")

        var configuration = RankingConfiguration.standard
        configuration.applicantMismatchPenalty = 0.5
        let index = OfferIndex(offers: [exam], taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let profile = Profile(applicantType: .company, projectDescription: "Meisterbonus für unsere Gesellen")
        let answer = try index.recommend(RecommendationRequest(profile: profile, today: testToday))
        let result = try #require(answer.results.first)
        #expect(result.explanation.score.derived == -0.5, "a company is likely not the applicant")
        #expect(result.explanation.notes.contains { $0.en.contains("likely not for you") && $0.en.contains("erfolgreich abgeschlossen haben") })
    }

    @Test func aSubjectNamingTheClientOverridesServingOthers() throws {
        let offers = [
            makeOffer("employer", title: "Einstiegsqualifizierung", summary: "Wenn Sie als Arbeitgeber Jugendlichen eine Einstiegsqualifizierung anbieten, können Sie einen Zuschuss erhalten."),
            makeOffer("helpers", title: "Einstiegsqualifizierung", summary: "Wenn Sie Jugendlichen eine Einstiegsqualifizierung anbieten, können Sie einen Zuschuss erhalten."),
        ]
        #expect(offers.allSatisfy { Self.rules.derive($0).servesOthers != nil })
        var configuration = RankingConfiguration.standard
        configuration.servesOthersPenalty = 0.5
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let profile = Profile(applicantType: .company, projectDescription: "Einstiegsqualifizierung für Jugendliche")
        let answer = try index.recommend(RecommendationRequest(profile: profile, today: testToday))
        let scores = Dictionary(uniqueKeysWithValues: answer.results.map { ($0.id.localID, $0.explanation.score.derived) })
        #expect(scores["helpers"] == -0.5, "no subject: serving others counts")
        #expect((scores["employer"] ?? -1) >= 0, "the subject names a company: it does not")
    }

    @Test func anotherApplicantRanksLowerButStaysEligibleWithANote() throws {
        let offers = [
            makeOffer("kommune", title: "Breitbandförderung", summary: "Wenn Sie als Kommune den Breitbandausbau planen, können Sie einen Zuschuss erhalten."),
            makeOffer("firma", title: "Breitbandförderung", summary: "Wenn Sie als Unternehmen den Breitbandausbau planen, können Sie einen Zuschuss erhalten."),
        ]
        var configuration = RankingConfiguration.standard
        configuration.applicantMismatchPenalty = 0.5
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let profile = Profile(applicantType: .company, projectDescription: "Breitbandausbau für unser Gewerbegebiet")
        let answer = try index.recommend(RecommendationRequest(profile: profile, today: testToday))
        #expect(answer.results.map(\.id.localID) == ["firma", "kommune"], "both stay in the list; the other applicant's offer lower")
        let municipal = try #require(answer.results.last)
        #expect(municipal.explanation.failed.isEmpty, "a derivation never fails a criterion")
        #expect(municipal.explanation.score.derived == -0.5)
        #expect(municipal.explanation.notes.contains { $0.en.contains("likely not for you") && $0.en.contains("»") })
    }

    @Test func theApplicantsTradeIsReadFromItsClauseAndTheTitle() {
        let farm = makeOffer("farm", title: "Wachstumskredit",
                             summary: "Wenn Sie als landwirtschaftlicher Betrieb Ihre Produktion umstellen möchten, können Sie ein Darlehen erhalten.")
        #expect(Self.rules.derive(farm).sectors.map(\.value) == ["01"])
        #expect(Self.rules.derive(farm).sectors.first?.evidence.contains("landwirtschaftlicher Betrieb") == true)
        let complement = makeOffer("complement", summary: "Wenn Sie als innovatives Start-up im Agrarbereich Finanzierungsbedarf haben, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(complement).sectors.map(\.value) == ["01"], "the words right after the subject name its trade")
        let object = makeOffer("object", summary: "Wenn Sie als mittelständisches Unternehmen bei der Finanzierung von Aufträgen über ein Kreditinstitut Unterstützung brauchen, können Sie eine Garantie erhalten.")
        #expect(Self.rules.derive(object).sectors.isEmpty, "the object further along the clause is not the applicant")
        let titled = makeOffer("titled", title: "Landwirtschaft – Nachhaltigkeit", summary: "Wenn Sie als Unternehmen investieren, können Sie ein Darlehen erhalten.")
        #expect(Self.rules.derive(titled).sectors.isEmpty)
        #expect(Self.rules.derive(titled).mentionedSectors.map(\.value) == ["01"])
        let fishery = makeOffer("fishery", summary: "Wenn Sie als Unternehmen der Fischerei investieren, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(fishery).sectors.map(\.value) == ["03"], "divisions: a fishery programme is not a farm's")
    }

    @Test func aTitleNamingTheRecipientSaysWhoAppliesWhenTheTextDoesNot() {
        let youthOffice = makeOffer("youth", title: "Unterstützung örtlicher Träger der öffentlichen Jugendhilfe",
                                    summary: "Wenn Sie Maßnahmen der Jugendarbeit planen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(youthOffice).applicantTypes.map(\.value) == [.municipality])
        #expect(Self.rules.derive(youthOffice).applicantTypes.first?.evidence == youthOffice.title)
        let scholarship = makeOffer("scholarship", title: "Begabtenförderung berufliche Bildung (Weiterbildungsstipendium)",
                                    summary: "Wenn Sie Ihre Ausbildung erfolgreich abgeschlossen haben, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(scholarship).applicantTypes.map(\.value) == [.privatePerson], "a compound's ending")
        let subject = makeOffer("subject", title: "EXIST-Gründungsstipendium",
                                summary: "Wenn Sie als Hochschule Gründungsprojekte unterstützen möchten, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(subject).applicantTypes.map(\.value) == [.university], "the text's own subject wins")
        let serves = makeOffer("serves", title: "Startup-Stipendium",
                               summary: "Wenn Sie Gründerinnen und Gründer beim Markteinstieg unterstützen, können Sie einen Zuschuss erhalten.")
        #expect(Self.rules.derive(serves).applicantTypes.isEmpty, "who is served is named in the title, not who applies")
    }

    @Test func anotherTradeRanksLowerAndTheClientsTradeHigher() throws {
        let offers = [
            makeOffer("farm", title: "Investitionskredit", summary: "Wenn Sie als landwirtschaftlicher Betrieb investieren möchten, können Sie ein Darlehen erhalten."),
            makeOffer("any", title: "Investitionskredit", summary: "Wenn Sie als Unternehmen investieren möchten, können Sie ein Darlehen erhalten."),
        ]
        var configuration = RankingConfiguration.standard
        configuration.applicantMismatchPenalty = 0.5
        configuration.sectorMatchWeight = 0.25
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let dairy = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, sector: "01.41", projectDescription: "Investitionskredit für einen Stall"), today: testToday))
        #expect(dairy.results.map(\.id.localID) == ["farm", "any"])
        #expect(dairy.results.first?.explanation.score.derived == 0.25)
        #expect(dairy.results.first?.explanation.notes.contains { $0.en.hasPrefix("sector: ") && $0.en.contains("»") } == true)
        let software = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, sector: "62.01", projectDescription: "Investitionskredit für Server"), today: testToday))
        #expect(software.results.map(\.id.localID) == ["any", "farm"], "both stay in the list; the other trade's offer lower")
        let farm = try #require(software.results.last)
        #expect(farm.explanation.failed.isEmpty, "a derivation never fails a criterion")
        #expect(farm.explanation.score.derived == -0.5)
        #expect(farm.explanation.notes.contains { $0.en.hasPrefix("likely not for your sector") })
        // A division of the same value chain (`sectors.related`): a wine estate (11.02) also grows
        // its grapes, so "landwirtschaftlicher Betrieb" is not against it, nor a match.
        let winery = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, sector: "11.02", projectDescription: "Investitionskredit für einen Keller"), today: testToday))
        let wineFarm = try #require(winery.results.first { $0.id.localID == "farm" })
        #expect(wineFarm.explanation.score.derived == 0, "related division: neither likely not nor a match")
        #expect(wineFarm.explanation.notes.contains { $0.en.hasPrefix("sector: ") })
        // Not transitive: wood (16) is related to forestry (02), which is related to farming, but not to farming itself.
        let sawmill = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, sector: "16.10", projectDescription: "Investitionskredit für eine Säge"), today: testToday))
        #expect(sawmill.results.first { $0.id.localID == "farm" }?.explanation.score.derived == -0.5)
        let unknown = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, projectDescription: "Investitionskredit"), today: testToday))
        #expect(unknown.results.allSatisfy { $0.explanation.score.derived == 0 }, "no sector given: neither lower nor higher")
    }

    @Test func aTitleNamingAnotherTradeIsAWeakerMinusForBusinessesOnly() throws {
        let offers = [
            makeOffer("health", title: "Exportinitiative Gesundheitswirtschaft", summary: "Wenn Sie als Unternehmen neue Auslandsmärkte erschließen möchten, können Sie einen Zuschuss erhalten."),
            makeOffer("export", title: "Exportinitiative", summary: "Wenn Sie als Unternehmen neue Auslandsmärkte erschließen möchten, können Sie einen Zuschuss erhalten."),
        ]
        #expect(Self.rules.derive(offers[0]).mentionedSectors.map(\.value) == ["86"])
        var configuration = RankingConfiguration.standard
        configuration.applicantMismatchPenalty = 0.5
        configuration.otherSectorPenalty = 0.2
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let machines = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, sector: "28", projectDescription: "Exportinitiative Auslandsmärkte"), today: testToday))
        let health = try #require(machines.results.first { $0.id.localID == "health" })
        #expect(health.explanation.score.derived == -0.2, "another trade in the title: the weaker minus, not likely not")
        #expect(health.explanation.notes.contains { $0.en.hasPrefix("for another sector: ") })
        #expect(machines.results.map(\.id.localID) == ["export", "health"])
        let clinic = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, sector: "86.10", projectDescription: "Exportinitiative Auslandsmärkte"), today: testToday))
        #expect(clinic.results.first { $0.id.localID == "health" }?.explanation.score.derived == 0)
        let municipality = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .municipality, sector: "84", projectDescription: "Exportinitiative Auslandsmärkte"), today: testToday))
        #expect(municipality.results.first { $0.id.localID == "health" }?.explanation.notes.contains { $0.en.hasPrefix("for another sector") } == false,
                "a municipality's own sector is not the trade of the programmes it uses")
    }

    @Test func aResearchProgrammeRanksLowerForAProjectWithoutResearch() throws {
        let offers = [
            makeOffer("call", title: "KMU-innovativ: Energieeffizienz",
                      summary: "Wenn Sie risikoreiche Forschungs- und Entwicklungsvorhaben zur Energieeffizienz planen, können Sie einen Zuschuss erhalten."),
            makeOffer("invest", title: "Energieeffizienz in der Wirtschaft",
                      summary: "Wenn Sie als Unternehmen in Energieeffizienz investieren, können Sie einen Zuschuss erhalten."),
            makeOffer("stated", title: "Energieeffizienz-Forschung", summary: "Zuschüsse für Vorhaben zur Energieeffizienz.",
                      topics: ["forschung_innovation_themenspezifisch", "energieeffizienz_erneuerbare_energien"]),
            // A long description that names research among other activities is not a research programme.
            makeOffer("long", title: "Energieeffizienz in Gemeinden", summary: "Zuschüsse zur Energieeffizienz.",
                      description: "Gefördert werden Investitionen in Energieeffizienz, Beratung und begleitende Forschungsprojekte."),
        ]
        #expect(Self.rules.derive(offers[0]).topics.map(\.value).contains("forschung_innovation_themenoffen"))
        #expect(Self.rules.derive(offers[3]).topics.map(\.value).contains("forschung_innovation_themenspezifisch"))
        var configuration = RankingConfiguration.standard
        configuration.researchMismatchPenalty = 0.5
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let investor = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, topics: ["energieeffizienz_erneuerbare_energien"],
                             projectDescription: "Energieeffizienz: neue Kompressoren"), today: testToday, limit: 10))
        let derived = Dictionary(uniqueKeysWithValues: investor.results.map { ($0.id.localID, $0.explanation.score.derived) })
        #expect(derived["call"] == -0.5)
        #expect(derived["stated"] == -0.5)
        #expect(derived["invest"] == 0)
        #expect(derived["long"] == 0, "research named in a long description does not make the programme a research one")
        let call = try #require(investor.results.first { $0.id.localID == "call" })
        #expect(call.explanation.failed.isEmpty, "ranked lower, never failed")
        #expect(call.explanation.notes.contains { $0.en.hasPrefix("a research programme") && $0.en.contains("»") })
        let stated = try #require(investor.results.first { $0.id.localID == "stated" })
        #expect(stated.explanation.notes.contains { $0.en.hasPrefix("a research programme (the offer's topic") })
        let researcher = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, topics: ["forschung_innovation_themenoffen", "energieeffizienz_erneuerbare_energien"],
                             projectDescription: "Energieeffizienz: neue Kompressoren"), today: testToday, limit: 10))
        #expect(researcher.results.allSatisfy { $0.explanation.score.derived >= 0 }, "a research project: research programmes fit")
        let noTopics = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, projectDescription: "Energieeffizienz: neue Kompressoren"), today: testToday, limit: 10))
        #expect(noTopics.results.allSatisfy { $0.explanation.score.derived >= 0 }, "no topics given: the project kind is unknown")
    }

    /// A legal framework is not a programme one applies to, whether its title says so
    /// ("Verordnung") or only its text ("Die Verordnung bildet den Rahmen für …", "ist selbst
    /// kein Förderprogramm"): it ranks lower like a single call, and the explanation says why.
    @Test func aFrameworkThatSaysSoOfItselfRanksLowerWithItsSentence() throws {
        let offers = [
            makeOffer("framework", title: "Europäischer Sozialfonds (ESF+) (2021–2027)",
                      summary: "Der ESF+ ist das zentrale Instrument der EU für Investitionen in Weiterbildung und Beschäftigung. Die Verordnung bildet den Rahmen für zahlreiche spezifische Förderungen."),
            makeOffer("regulation", title: "De-minimis-Beihilfen",
                      summary: "Unternehmen können Beihilfen für Weiterbildung erhalten. Die Regelung ist selbst kein Förderprogramm."),
            makeOffer("programme", title: "Betriebliche Weiterbildung (ESF+ 2021–2027)",
                      summary: "Wenn Sie als Unternehmen Ihre Beschäftigten im Rahmen des ESF+ weiterbilden, können Sie einen Zuschuss bekommen."),
            makeOffer("call", title: "Bekanntmachung: Weiterbildung in der Pflege",
                      summary: "Wenn Sie Weiterbildung in der Pflege anbieten, können Sie einen Zuschuss bekommen."),
        ]
        let facts = offers.map { Self.rules.derive($0) }
        #expect(facts[0].narrowCall?.contains("bildet den Rahmen") == true, "the sentence is the evidence")
        #expect(facts[1].narrowCall?.contains("selbst kein Förderprogramm") == true)
        #expect(facts[2].narrowCall == nil, "a programme run within a fund is not its framework")
        #expect(facts[3].narrowCall == "Bekanntmachung: Weiterbildung in der Pflege", "a call is read from its title, as before")
        let described = makeOffer("described", title: "Weiterbildungsbonus", summary: "Zuschüsse für die Weiterbildung von Beschäftigten.",
                                  description: "Die Förderrichtlinie bildet die Grundlage für den Weiterbildungsbonus des Landes.")
        #expect(Self.rules.derive(described).narrowCall == nil, "a description that calls its own guideline the basis is not a framework's self-description")
        var configuration = RankingConfiguration.standard
        configuration.narrowCallPenalty = 0.4
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let response = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, projectDescription: "Weiterbildung unserer Beschäftigten"), today: testToday, limit: 10))
        let results = Dictionary(uniqueKeysWithValues: response.results.map { ($0.id.localID, $0) })
        let framework = try #require(results["framework"])
        #expect(framework.explanation.failed.isEmpty, "ranked lower, never failed")
        #expect(framework.explanation.score.derived < 0)
        #expect(framework.explanation.notes.contains { $0.en.hasPrefix("a single call or a legal framework") && $0.en.contains("bildet den Rahmen") })
        #expect(try #require(results["programme"]).explanation.score.derived >= 0)
        #expect(response.results.first?.id.localID == "programme")
    }

    /// A call whose applicant clause names the client ("Wenn Sie als Unternehmen im Bereich
    /// Biomedizin …" for a company) is addressed to it: its theme is weighed by the text, not
    /// also by the narrow-call penalty. For anyone else, and for a call that names nobody, the
    /// penalty stays; the explanation says so only where the score took it.
    @Test func aCallAddressedToTheClientIsNotALongShot() throws {
        let offers = [
            makeOffer("addressed", title: "Förderung von Projekten zum Thema Medizintechnik",
                      summary: "Wenn Sie als Unternehmen Medizinprodukte entwickeln, können Sie einen Zuschuss erhalten."),
            makeOffer("nobody", title: "Förderung von Projekten zum Thema Medizintechnik in der Pflege",
                      summary: "Wenn Sie Medizinprodukte für die Pflege entwickeln, können Sie einen Zuschuss erhalten."),
        ]
        #expect(offers.allSatisfy { Self.rules.derive($0).narrowCall != nil })
        #expect(Self.rules.derive(offers[0]).applicantTypes.map(\.value) == [.company])
        var configuration = RankingConfiguration.standard
        configuration.narrowCallPenalty = 0.4
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        func derived(_ type: ApplicantType) throws -> [String: Explanation] {
            let response = try index.recommend(RecommendationRequest(
                profile: Profile(applicantType: type, projectDescription: "Medizinprodukte entwickeln"), today: testToday, limit: 10))
            return Dictionary(uniqueKeysWithValues: response.results.map { ($0.id.localID, $0.explanation) })
        }
        let company = try derived(.company)
        #expect(company["addressed"]?.score.derived == configuration.applicantMatchWeight, "matched, and no penalty")
        #expect(company["addressed"]?.notes.contains { $0.en.hasPrefix("a single call") } == false)
        #expect(company["nobody"]?.score.derived == -0.4)
        #expect(company["nobody"]?.notes.contains { $0.en.hasPrefix("a single call") } == true)
        let founder = try derived(.founder)
        #expect(founder["addressed"]?.score.derived == 0, "a founder is a company in funding language (compatibleTypes): addressed too")
        let university = try derived(.university)
        #expect(university["addressed"]?.score.derived == -0.4 - configuration.applicantMismatchPenalty,
                "another applicant: likely not, and still a long shot")
    }

    /// Open research and development ("Forschungs- und Entwicklungsvorhaben") counts for a
    /// research project; a programme that also has a subject of its own (agricultural products)
    /// is open within that subject only.
    @Test func aProgrammeOpenToAnyTopicWithASubjectOfItsOwnIsOpenWithinItOnly() throws {
        let offers = [
            makeOffer("open", title: "Förderung von Forschung und Entwicklung",
                      summary: "Wenn Sie Forschungs- und Entwicklungsprojekte zur Markteinführung innovativer Produkte planen, können Sie einen Zuschuss erhalten."),
            makeOffer("farm", title: "Forschungs- und Entwicklungsvorhaben für landwirtschaftliche Produkte",
                      summary: "Wenn Sie ein Forschungs- und Entwicklungsvorhaben zur Vermarktung von landwirtschaftlichen Produkten planen, können Sie einen Zuschuss erhalten."),
            makeOffer("stated", title: "Innovationsprojekte", summary: "Zuschüsse für Innovationsprojekte.",
                      topics: ["forschung_innovation_themenoffen", "mobilitaet"]),
        ]
        #expect(offers.allSatisfy { Self.rules.derive($0).topicOpen != nil })
        #expect(Self.rules.derive(offers[1]).topics.map(\.value).contains("landwirtschaft_laendliche_entwicklung"))
        #expect(offers.map { Self.rules.subjects(stated: $0.topics, derived: Self.rules.derive($0)) }
                == [[], ["landwirtschaft_laendliche_entwicklung"], ["mobilitaet"]], "topics that are not research ones")
        var configuration = RankingConfiguration.standard
        configuration.topicOpenWeight = 0.3
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        func results(_ topics: [TopicCode]) throws -> [String: RecommendedOffer] {
            let profile = Profile(applicantType: .company, topics: topics, projectDescription: "Ein neues Messverfahren entwickeln")
            let response = try index.recommend(RecommendationRequest(profile: profile, today: testToday, limit: 10))
            #expect(response.results.count == offers.count, "lower, never hidden")
            return Dictionary(uniqueKeysWithValues: response.results.map { ($0.id.localID, $0) })
        }
        let software = try results(["forschung_innovation_themenoffen", "digitalisierung"])
        #expect(software["open"]?.explanation.score.derived == 0.3)
        #expect(software["farm"]?.explanation.score.derived == 0, "open research, but on agriculture")
        #expect(software["stated"]?.explanation.score.derived == 0, "a stated subject narrows it too")
        #expect(software["open"]?.explanation.notes.contains { $0.en.hasPrefix("open to any topic (derived from the text: »") } == true)
        #expect(software["farm"]?.explanation.notes.contains {
            $0.en.hasPrefix("research on ") && $0.en.contains("only, which your topics do not name (derived from the text: »")
        } == true)
        let farming = try results(["forschung_innovation_themenoffen", "landwirtschaft_laendliche_entwicklung"])
        #expect(farming["farm"]?.explanation.score.derived == 0.3, "the client names the programme's subject")
        #expect(farming["open"]?.explanation.score.derived == 0.3 && farming["stated"]?.explanation.score.derived == 0)
        let noResearch = try results(["digitalisierung"])
        #expect(noResearch.values.allSatisfy { !$0.explanation.notes.contains { $0.en.hasPrefix("open to any topic") } },
                "open to any topic counts only for a research project")
    }

    @Test func aFinancingProgrammeOpenToAnyPurposeRanksHigherForAClientWhoAsksForFinancing() throws {
        let offers = [
            // Stated loan and financing topics only, no text: a general-purpose loan.
            makeOffer("universal", title: "Universalkredit", topics: ["unternehmensfinanzierung", "existenzgruendung_festigung"],
                      instruments: [.loan]),
            // Instrument and topic read from the one sentence.
            makeOffer("start", title: "Startkapital-Programm",
                      summary: "Wenn Sie gerade ein Unternehmen gegründet haben, können Sie ein Darlehen als Startkapital erhalten.",
                      instruments: []),
            // A loan for one purpose is not open to any purpose.
            makeOffer("themed", title: "Energieeffizienzkredit", topics: ["unternehmensfinanzierung", "energieeffizienz_erneuerbare_energien"],
                      instruments: [.loan]),
            // Financing topics, but a grant.
            makeOffer("grant", title: "Gründungszuschuss", topics: ["existenzgruendung_festigung"], instruments: [.grant]),
        ]
        let start = Self.rules.derive(offers[1])
        #expect(start.instruments.map(\.value) == [.loan])
        #expect(start.topics.map(\.value).allSatisfy { ["unternehmensfinanzierung", "existenzgruendung_festigung"].contains($0) })
        #expect(!start.topics.isEmpty)
        var configuration = RankingConfiguration.standard
        configuration.financingOpenWeight = 0.3
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        func derived(_ profile: Profile) throws -> [String: Double] {
            let response = try index.recommend(RecommendationRequest(profile: profile, today: testToday, limit: 10))
            return Dictionary(uniqueKeysWithValues: response.results.map { ($0.id.localID, $0.explanation.score.derived) })
        }
        let borrower = Profile(applicantType: .company, topics: ["unternehmensfinanzierung", "digitalisierung"],
                               projectDescription: "Kauf einer Laserschneidanlage", preferredInstruments: [.grant, .loan])
        let scores = try derived(borrower)
        #expect(scores["universal"] == 0.3)
        #expect(scores["start"] == 0.3)
        #expect(scores["themed"] == 0, "a loan for one purpose")
        #expect(scores["grant"] == 0, "not a financing instrument")
        let response = try index.recommend(RecommendationRequest(profile: borrower, today: testToday, limit: 10))
        #expect(response.results.first?.id.localID == "universal" || response.results.first?.id.localID == "start",
                "no word shared with the description, yet first for a client who asks for a loan")
        let universal = try #require(response.results.first { $0.id.localID == "universal" })
        #expect(universal.explanation.notes.contains { $0.en.hasPrefix("financing for any purpose (Loan") && !$0.en.contains("»") })
        #expect(universal.reason.en.contains("financing for any purpose"), "the reason line says why an offer without a shared word is there")
        let read = try #require(response.results.first { $0.id.localID == "start" })
        #expect(read.explanation.notes.contains { $0.en.hasPrefix("financing for any purpose") && $0.en.contains("derived from the text: »") },
                "derived instrument and topic: their evidence phrases")
        // Only a client who asks for financing: a financing topic and a financing instrument preferred.
        let grantsOnly = Profile(applicantType: .company, topics: ["unternehmensfinanzierung"],
                                 projectDescription: "Kauf einer Laserschneidanlage", preferredInstruments: [.grant])
        #expect(try derived(grantsOnly).values.allSatisfy { $0 == 0 })
        let noFinancingTopic = Profile(applicantType: .company, topics: ["digitalisierung"],
                                       projectDescription: "Kauf einer Laserschneidanlage", preferredInstruments: [.loan])
        #expect(try derived(noFinancingTopic).values.allSatisfy { $0 == 0 })
        #expect(try index.recommend(RecommendationRequest(profile: noFinancingTopic, today: testToday, limit: 10)).results
            .allSatisfy { $0.explanation.notes.allSatisfy { !$0.en.hasPrefix("financing for any purpose") }
                && !$0.reason.en.contains("financing for any purpose") })
    }

    /// A programme for working capital or liquidity only (title or first sentence, nothing broad
    /// beside it) ranks lower for a client whose description names no such need, says why, and
    /// stays eligible; a client who names one, or gives no description, is not judged.
    @Test func aProgrammeForANarrowPurposeRanksLowerForAProjectThatDoesNotNameIt() throws {
        let offers = [
            makeOffer("working", title: "Betriebsmittelkredit",
                      summary: "Wenn Sie als Unternehmen einen zusätzlichen Bedarf an Betriebsmitteln haben, können Sie ein Darlehen erhalten. "
                        + "Investitionen werden nicht gefördert.", instruments: [.loan]),
            makeOffer("liquidity", title: "Landwirtschaft – Liquiditätssicherung",
                      summary: "Wenn Sie als landwirtschaftlicher Betrieb durch Ernteausfälle Bedarf haben, können Sie einen Kredit bekommen.",
                      instruments: [.loan]),
            // Working capital beside investment or founding is a broad purpose.
            makeOffer("broad", title: "Universalkredit",
                      summary: "Wenn Sie Investitionen oder Betriebsmittel finanzieren möchten, können Sie ein Darlehen erhalten.", instruments: [.loan]),
            makeOffer("founding", title: "Gründungs- und Wachstumsfinanzierung",
                      summary: "Wenn Sie ein Unternehmen gründen oder einen Bedarf an Betriebsmitteln haben, können Sie ein Darlehen erhalten.",
                      instruments: [.loan]),
            // Liquidity named after the first sentence is not what the record is for.
            makeOffer("later", title: "Auftragsfinanzierung",
                      summary: "Wenn Sie einen Großauftrag finanzieren möchten, können Sie ein Darlehen erhalten. Es hilft bei Liquiditätsengpässen von Banken.",
                      instruments: [.loan]),
        ]
        let purposes = offers.map { Self.rules.derive($0).purposes }
        #expect(purposes[0].map(\.value) == ["working-capital"])
        #expect(purposes[0].first?.evidence == "Betriebsmittelkredit", "the title, where the purpose is named")
        #expect(purposes[1].first?.evidence == "Landwirtschaft – Liquiditätssicherung")
        #expect(purposes[2].isEmpty && purposes[3].isEmpty && purposes[4].isEmpty)
        #expect(DerivationRules.firstSentence("Bis zu 2 Mio. Euro, z. B. für Maschinen. Danach mehr.") == "Bis zu 2 Mio. Euro, z. B. für Maschinen.")
        // The first sentence counts when it is the applicant's clause and negates nothing; a
        // condition, an exclusion or a list of objects names no purpose.
        func read(_ title: String, _ summary: String) -> [String] {
            Self.rules.derive(makeOffer("p", title: title, summary: summary, instruments: [.loan])).purposes.map(\.value)
        }
        #expect(read("Landwirtschaft – Produktionssicherung",
                     "Wenn Sie als landwirtschaftliches Unternehmen Unterstützung bei der Finanzierung von Betriebsmitteln benötigen, können Sie ein Darlehen erhalten.")
                == ["working-capital"])
        #expect(read("Bürgschaftsprogramm", "Die Bürgschaft deckt bis zu 80 % des Kredits ab, bei Betriebsmitteln bis 60 %.").isEmpty)
        #expect(read("Förderkredit", "Wenn Sie Kredite beantragen: reine Betriebsmittelfinanzierungen sind ausgeschlossen.").isEmpty)
        #expect(read("Bürgschaft", "Wenn Sie Kredite für Maschinen, Gewerbeimmobilien sowie Betriebsmittel brauchen, sichern wir sie ab.").isEmpty)

        var configuration = RankingConfiguration.standard
        configuration.otherPurposePenalty = 0.4
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        func results(_ description: String?) throws -> [String: RecommendedOffer] {
            let profile = Profile(applicantType: .company, projectDescription: description, preferredInstruments: [.loan])
            let response = try index.recommend(RecommendationRequest(profile: profile, today: testToday, limit: 10))
            return Dictionary(uniqueKeysWithValues: response.results.map { ($0.id.localID, $0) })
        }
        let barn = try results("Neubau eines Laufstalls für 140 Milchkühe")
        #expect(barn.count == offers.count, "lower, never hidden")
        #expect(barn["working"]?.explanation.score.derived == -0.4)
        #expect(barn["liquidity"]?.explanation.score.derived == -0.4)
        #expect(["broad", "founding", "later"].allSatisfy { barn[$0]?.explanation.score.derived == 0 })
        #expect(barn["working"]?.explanation.notes.contains {
            $0.en == "only for working capital and liquidity, which your description does not name (derived from the text: »Betriebsmittelkredit«)"
        } == true)
        let shortfall = try results("Wir brauchen nach dem Ernteausfall Liquidität für Saatgut und Löhne")
        #expect(shortfall.values.allSatisfy { $0.explanation.score.derived == 0 })
        #expect(shortfall["working"]?.explanation.notes.contains { $0.en.hasPrefix("for working capital and liquidity (derived") } == true)
        #expect(try results(nil).values.allSatisfy { $0.explanation.score.derived == 0 }, "no description: not judged")
        #expect(try results(" \n").values.allSatisfy { $0.explanation.score.derived == 0 }, "a blank one neither")
    }

    /// A programme for one group of people (veterans, tribes, children and young people …),
    /// named in its title or its "Wenn Sie …" sentence, ranks lower for a client whose
    /// description names no such group, and says so; a title that lists the group beside others
    /// ("States and Tribes") or names it in another sense ("Kinderwunsch") is not for it only.
    @Test func aProgrammeForOneGroupOfPeopleRanksLowerForAClientWhoDoesNotNameIt() throws {
        let offers = [
            makeOffer("veterans", title: "Veterans Housing Rehabilitation and Modification Program",
                      description: "Grants to nonprofit organizations that rehabilitate the homes of low-income veterans.",
                      language: .english),
            makeOffer("tribal", title: "Tribal Broadband Connectivity Program",
                      description: "Grants for broadband deployment on tribal lands.", language: .english),
            makeOffer("states-and-tribes", title: "Multipurpose Grants to States and Tribes",
                      description: "Grants for environmental programmes.", language: .english),
            makeOffer("kita", title: "Förderrichtlinie KitaBau",
                      summary: "Wenn Sie bauliche Vorhaben im Bereich der Kinderbetreuung durchführen, können Sie einen Zuschuss erhalten."),
            makeOffer("clause", title: "Einstiegsqualifizierung",
                      summary: "Wenn Sie als Arbeitgeber Jugendlichen ohne Ausbildungsplatz ein Praktikum anbieten, können Sie einen Zuschuss erhalten."),
            makeOffer("wish", title: "Kinderwunschbehandlungen",
                      summary: "Wenn Sie als Paar eine Behandlung planen, können Sie einen Zuschuss erhalten."),
            makeOffer("housing", title: "Affordable Rental Housing Grants",
                      description: "Grants for rental homes for low-income families.", language: .english),
        ]
        let purposes = offers.map { Self.rules.derive($0).purposes.map(\.value) }
        #expect(purposes == [["veterans"], ["native-communities"], [], ["children-young-people"], ["children-young-people"], [], []])
        #expect(Self.rules.derive(offers[4]).purposes.first?.evidence.hasPrefix("Wenn Sie als Arbeitgeber Jugendlichen") == true,
                "the applicant's clause, where the group is named")
        // Phrases match without case: "AIDS" counts only as "with AIDS", never as "aids".
        func groups(_ title: String) -> [String] {
            Self.rules.derive(makeOffer("g", title: title, language: .english)).purposes.map(\.value)
        }
        #expect(groups("Housing Opportunities for Persons with AIDS") == ["people-with-hiv"])
        #expect(groups("Navigation Aids for Small Harbors").isEmpty)
        #expect(groups("Second Chance Act Reentry Initiative") == ["people-in-prison"])

        var configuration = RankingConfiguration.standard
        configuration.otherPurposePenalty = 0.4
        let penalty = configuration.otherPurposePenalty
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        /// The results for an association with this description, by local id: every offer, lower
        /// or not, never hidden.
        func results(_ description: String, in index: OfferIndex) throws -> [String: RecommendedOffer] {
            let profile = Profile(applicantType: .association, projectDescription: description)
            let response = try index.recommend(RecommendationRequest(profile: profile, today: testToday, limit: 10))
            #expect(response.results.count == index.offers.count, "lower, never hidden")
            return Dictionary(uniqueKeysWithValues: response.results.map { ($0.id.localID, $0) })
        }
        func derived(_ description: String) throws -> [String: Double] {
            try results(description, in: index).mapValues(\.explanation.score.derived)
        }
        let homes = try derived("We build affordable rental homes for low-income families.")
        #expect(homes["veterans"] == -penalty && homes["tribal"] == -penalty)
        #expect(homes["kita"] == 0 && homes["clause"] == 0, "families name children")
        #expect(homes["states-and-tribes"] == 0 && homes["wish"] == 0 && homes["housing"] == 0)
        let shop = try results("Wir eröffnen einen Unverpackt-Laden mit Café.", in: index)
        #expect(shop["kita"]?.explanation.score.derived == -penalty && shop["clause"]?.explanation.score.derived == -penalty)
        #expect(shop["kita"]?.explanation.notes.contains {
            $0.de == "nur für Kinder und Jugendliche, Ihre Beschreibung nennt das nicht (aus dem Text abgeleitet: »Förderrichtlinie KitaBau«)"
        } == true)
        let familyBusiness = try derived("Unser Familienunternehmen eröffnet einen young startup hub.")
        #expect(familyBusiness["kita"] == -penalty, "a family business names no children, a young start-up no young people")
        let veterans = try derived("Our nonprofit repairs the homes of disabled veterans.")
        #expect(veterans["veterans"] == 0 && veterans["tribal"] == -penalty)

        // A programme for two groups serves a client who names either.
        let mobility = makeOffer("mobility", title: "Enhanced Mobility of Seniors and Individuals with Disabilities",
                                 description: "Grants for transportation services.", language: .english)
        #expect(Self.rules.derive(mobility).purposes.map(\.value) == ["people-with-disabilities", "older-people"])
        let both = OfferIndex(offers: [mobility], taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let seniors = try #require(try results("We drive seniors to their doctors.", in: both)["mobility"])
        #expect(seniors.explanation.score.derived == 0)
        #expect(seniors.explanation.notes.contains { $0.en.hasPrefix("for older people (derived from the text") })
        #expect(seniors.explanation.notes.contains { $0.en.hasPrefix("for people with disabilities (derived from the text") })
        let commuters = try #require(try results("We run a bus line for commuters.", in: both)["mobility"])
        #expect(commuters.explanation.score.derived == -penalty)
        #expect(commuters.explanation.notes.filter { $0.en.hasPrefix("only for ") }.count == 2)
    }

    /// "bis zu N EUR" in a record without a stated maximum is its maximum, read as the
    /// questionnaire reads amounts; a share, a duration, a stated maximum or another currency
    /// are not.
    @Test func anAmountOnlyTheTextStatesIsItsMaximum() throws {
        func amount(_ summary: String, funding: Funding? = nil) -> Derived<Double>? {
            Self.rules.derive(makeOffer("amount", summary: summary, funding: funding)).amountMax
        }
        let loan = try #require(amount("Wenn Sie für Ihr Unternehmen Finanzierungsmittel benötigen, können Sie ein Darlehen in Höhe von bis zu 25.000 EUR erhalten."))
        #expect(loan.value == 25_000)
        #expect(loan.evidence.contains("bis zu 25.000 EUR"))
        #expect(amount("Sie können einen Zuschuss von bis zu 3 Millionen EUR erhalten.")?.value == 3_000_000)
        #expect(amount("Gefördert wird mit bis zu 2,5 Mio. Euro je Vorhaben.")?.value == 2_500_000)
        #expect(amount("ein Darlehen von bis zu 25.000.000 EUR")?.value == 25_000_000)
        #expect(amount("ein Stipendium von insgesamt bis zu 9.135 EUR")?.value == 9_135)
        #expect(amount("Bis zu 40.000 Euro für Ihr Vorhaben.")?.value == 40_000, "at the start of a sentence")
        #expect(amount("ZUSCHUSS BIS ZU 10.000 EUR")?.value == 10_000, "in capitals: the byte scan folds ASCII case as the search does")
        #expect(amount("Die Förderung beträgt bis zu 50 Prozent der Kosten.") == nil, "a share")
        #expect(amount("Die Laufzeit beträgt bis zu 3 Jahre.") == nil, "a duration")
        #expect(amount("Ein Zuschuss bis zu") == nil, "nothing after it")
        #expect(amount("bis zu 50 Prozent, insgesamt bis zu 200.000 EUR")?.value == 200_000, "the first amount in euros")
        #expect(amount("bis zu 25.000 EUR", funding: Funding(amountMax: 10_000)) == nil, "a stated maximum is never derived again")
        #expect(amount("bis zu 25.000 EUR", funding: Funding(currency: "USD")) == nil, "the record's amounts are in another currency")
        // A long description's amounts are parts and rates, not the programme's maximum; the
        // summary (or, without one, the description's first sentence) says that.
        let volunteers = makeOffer("volunteers", summary: "Zuschüsse für ehrenamtliches Engagement in Vereinen.",
                                   description: "Ehrenamtliche erhalten pauschal bis zu 40 Euro im Monat je Ehrenamtlichem.")
        #expect(Self.rules.derive(volunteers).amountMax == nil, "a rate in the description")
        let first = makeOffer("first", description: "Zuschuss von bis zu 200.000 EUR für Investitionen. Dazu kommen bis zu 15.000 EUR für die Startphase.")
        #expect(Self.rules.derive(first).amountMax?.value == 200_000, "the description's first sentence when there is no summary")
        let later = makeOffer("later", description: "Zuschuss für Investitionen. Dazu kommen bis zu 15.000 EUR für die Startphase.")
        #expect(Self.rules.derive(later).amountMax == nil, "a part named in a later sentence")
    }

    /// The derived maximum ranks as a stated one (the amount component) and the explanation
    /// says it with its evidence and against the client's need.
    @Test func aDerivedMaximumRanksAndIsExplainedAgainstTheNeed() throws {
        let offers = [
            makeOffer("micro", title: "Mikrokredit", summary: "Sie können ein Darlehen in Höhe von bis zu 25.000 EUR erhalten.", instruments: [.loan]),
            makeOffer("large", title: "Förderkredit", summary: "Sie können ein Darlehen von bis zu 25 Millionen EUR erhalten.", instruments: [.loan]),
            makeOffer("silent", title: "Kredit", summary: "Sie können ein Darlehen erhalten.", instruments: [.loan]),
        ]
        let configuration = RankingConfiguration.standard
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources(configuration))
        let response = try index.recommend(RecommendationRequest(
            profile: Profile(applicantType: .company, amountNeeded: 400_000, preferredInstruments: [.loan]), today: testToday, limit: 10))
        func result(_ id: String) throws -> RecommendedOffer { try #require(response.results.first { $0.id.localID == id }) }
        let micro = try result("micro"), large = try result("large"), silent = try result("silent")
        #expect(abs(micro.explanation.score.amount - configuration.amountWeight * pow(25_000 / 400_000, configuration.amountShortfallExponent)) < 1e-12)
        #expect(large.explanation.score.amount == configuration.amountWeight)
        #expect(silent.explanation.score.amount == configuration.amountWeight * 0.5, "no maximum anywhere: the middle")
        #expect(micro.explanation.notes.contains { $0.en.hasPrefix("less than you need: up to €25,000 (derived from the text: »") })
        #expect(micro.explanation.notes.contains { $0.de.hasPrefix("weniger als Ihr Bedarf: bis zu 25.000 € (aus dem Text abgeleitet: »") })
        #expect(large.explanation.notes.contains { $0.en.hasPrefix("up to €25,000,000 (derived from the text: »") })
        #expect(silent.explanation.notes.allSatisfy { !$0.en.contains("up to €") })
    }

    @Test func theBundledRulesLoadAndWrongFilesAreLocated() throws {
        #expect(!Self.rules.isEmpty)
        #expect(throws: DerivationRulesError.self) { try DerivationRules(jsonData: Data(#"{"format": "other", "version": 1}"#.utf8)) }
        let weights = Data(#"{"format": "supportmatch-ranking-weights", "version": 1, "weights": {"topicWeigth": 1}}"#.utf8)
        let error = try #require(throws: DerivationRulesError.self) { try RankingConfiguration.load(jsonData: weights) }
        #expect(error.description.contains("/weights/topicWeigth"))
        let bundled = try MatchingResources.load(from: BundledCatalog.analysisDirectory)
        #expect(!bundled.concepts.concepts.isEmpty)
        // A related-sectors group must name two or more divisions.
        let url = BundledCatalog.analysisDirectory.appendingPathComponent("derivation.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var sectors = try #require(document["sectors"] as? [String: Any])
        sectors["related"] = [["01", "1"]]
        document["sectors"] = sectors
        let broken = try JSONSerialization.data(withJSONObject: document)
        let related = try #require(throws: DerivationRulesError.self) { try DerivationRules(jsonData: broken) }
        #expect(related.description.contains("/sectors/related/0"))
    }

    @Test func numbersAndListVerbsAreNeverMatchedWords() throws {
        let offers = [
            makeOffer("zwei", title: "Zwei Jahre Förderung", summary: "Dazu gehören zwei Module."),
            makeOffer("ki", title: "KI-Förderung", summary: "Entwicklung von Anwendungen der künstlichen Intelligenz."),
        ]
        let profile = Profile(projectDescription: "Schulung von zwei Entwicklern 2026. Dazu gehören KI-Anwendungen.")
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: testToday))
        let words = answer.results.flatMap { $0.explanation.matchedTerms.map(\.queryWords) }
        #expect(!words.contains { ["zwei", "gehören", "2026"].contains($0.lowercased()) })
    }

    /// An index of `offers` with the bundled concept table at a concept weight of 0.5.
    static func indexWithBundledConcepts(_ offers: [Offer]) throws -> OfferIndex {
        let concepts = try ConceptTable(jsonData: Data(contentsOf: BundledCatalog.analysisDirectory.appendingPathComponent(MatchingResources.conceptsFile)))
        var configuration = RankingConfiguration.standard
        configuration.conceptWeight = 0.5
        return OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, synonyms: Catalogue.synonyms, concepts: concepts,
                          configuration: configuration)
    }

    @Test func theConceptLayerBridgesAnIntentToProgrammeWords() throws {
        let index = try Self.indexWithBundledConcepts([
            makeOffer("fue", title: "Innovationsprogramm", summary: "Forschung und Entwicklung zur Markteinführung innovativer Produkte."),
            makeOffer("kita", title: "Kitaförderung", summary: "Ausbau von Kindertagesstätten."),
        ])
        let answer = try index.recommend(RecommendationRequest(profile: Profile(projectDescription: "Wir wollen ein Modul für unsere Software entwickeln."), today: testToday))
        let top = try #require(answer.results.first)
        #expect(top.id.localID == "fue")
        #expect(top.explanation.matchedTerms.contains { $0.via == .concept && $0.queryWords == "develop-product" })
        #expect(!top.reason.en.contains("develop-product"), "concept words are not quoted as the client's")
    }

    /// A client names the countries it wants to sell in; programmes name the world region or
    /// say "im Ausland". The bundled place concepts bridge the two, and a German region that
    /// carries a country's name ("Fränkische Schweiz") does not make a project foreign.
    @Test func aForeignCountryReachesProgrammesForItsRegionAndForWorkAbroad() throws {
        let index = try Self.indexWithBundledConcepts([
            makeOffer("afrika", title: "Beratungsgutscheine Afrika", summary: "Beratung für Vorhaben in afrikanischen Zielmärkten."),
            makeOffer("ausland", title: "Garantien für Direktinvestitionen", summary: "Absicherung von Investitionen im Ausland."),
            makeOffer("vertrieb", title: "Vertriebsberatung", summary: "Beratung zum Vertrieb von Produkten."),
        ])
        func conceptsMatched(for text: String) throws -> [String: [String]] {
            let answer = try index.recommend(RecommendationRequest(profile: Profile(projectDescription: text), today: testToday))
            return Dictionary(uniqueKeysWithValues: answer.results.map { result in
                (result.id.localID, result.explanation.matchedTerms.filter { $0.via == .concept }.map(\.queryWords))
            })
        }
        let kenya = try conceptsMatched(for: "Vertrieb unserer Produkte in Kenia")
        #expect(kenya["afrika"]?.contains("region-africa") == true)
        #expect(kenya["ausland"]?.contains("region-africa") == true)
        let polish = try conceptsMatched(for: "Vertrieb auf dem polnischen Markt")
        #expect(polish["ausland"]?.contains("region-eastern-europe") == true)
        let french = try conceptsMatched(for: "Vertrieb unserer Produkte in Frankreich")
        #expect(french["ausland"]?.contains("abroad-elsewhere") == true)
        #expect(french["afrika"]?.isEmpty != false)
        let home = try conceptsMatched(for: "Vertrieb unserer Produkte in der Fränkischen Schweiz")
        #expect(home.values.allSatisfy { $0.isEmpty }, "a German region named after a country is not abroad")
    }

    /// Work abroad is a place, not a purpose: a programme for it ranks lower for a client whose
    /// description names nothing abroad, even when the client names the programme's group
    /// (`separate`), and a country the client names counts through the place concepts.
    @Test func workAbroadIsJudgedOnItsOwnAndCountriesNameIt() throws {
        var resources = try MatchingResources.load(from: BundledCatalog.analysisDirectory)
        resources.configuration.otherPurposePenalty = 0.4
        let rules = resources.derivation
        let offers = [
            makeOffer("stays", title: "Auslandspraktika", summary: "Wenn Sie Auslandspraktika für Jugendliche organisieren, können Sie einen Zuschuss erhalten."),
            makeOffer("export", title: "Exportinitiative Umwelttechnik", summary: "Wenn Sie Umwelttechnik im Ausland vermarkten wollen, können Sie Unterstützung erhalten."),
            makeOffer("home", title: "Ausbildungsförderung", summary: "Wenn Sie Jugendliche ausbilden, können Sie einen Zuschuss erhalten."),
            makeOffer("recognition", title: "Anerkennung von im Ausland erworbenen Berufsqualifikationen",
                      summary: "Wenn Sie Ihre Berufsqualifikation anerkennen lassen wollen, können Sie einen Zuschuss erhalten."),
        ]
        let purposes = offers.map { rules.derive($0).purposes.map(\.value) }
        #expect(purposes == [["children-young-people", "abroad"], ["abroad"], ["children-young-people"], []],
                "qualifications earned abroad are the person's past, not work abroad (notWith)")
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: resources)
        func results(_ description: String) throws -> [String: Explanation] {
            let answer = try index.recommend(RecommendationRequest(profile: Profile(projectDescription: description), today: testToday, limit: 10))
            #expect(answer.results.count == offers.count, "lower, never hidden")
            return Dictionary(uniqueKeysWithValues: answer.results.map { ($0.id.localID, $0.explanation) })
        }
        let apprentices = try results("Wir bilden zwei Jugendliche als Tischler aus.")
        #expect(apprentices["home"]?.score.derived == 0)
        #expect(apprentices["stays"]?.score.derived == -0.4, "the young people are named, the stay abroad is not")
        #expect(apprentices["stays"]?.notes.contains { $0.en.hasPrefix("only for work abroad or with partners abroad, which your description does not name") } == true)
        #expect(apprentices["stays"]?.notes.contains { $0.en.hasPrefix("for children and young people (derived") } == true,
                "the named group is said as whom it is for, not as the reason")
        #expect(apprentices["export"]?.score.derived == -0.4)
        let kenya = try results("Wir wollen unsere Filteranlagen in Kenia verkaufen.")
        #expect(kenya["export"]?.score.derived == 0, "a country names work abroad through the place concepts")
        #expect(kenya["stays"]?.score.derived == -0.4, "abroad, but no young people")
        #expect(try results("Export unserer Filteranlagen")["export"]?.score.derived == 0)
        // The index's sets say what the per-offer definition says, for every offer.
        for description in ["Wir bilden zwei Jugendliche als Tischler aus.", "Filteranlagen für Kenia", "Auslandspraktika für Jugendliche", "Eine neue Halle"] {
            let named = rules.purposesNamed(byClient: description, concepts: TextQuery(text: description, languages: index.languageSet, index: index).concepts) ?? []
            let lowered = try results(description)
            for offer in offers {
                let classes = Set(rules.derive(offer).purposes.compactMap { purpose in rules.purposeClasses.firstIndex { $0.name == purpose.value } })
                #expect((lowered[offer.id.localID]?.score.derived ?? 0 < 0) == !rules.purposesAgainst(classes, named: named).isEmpty, "\(description): \(offer.id.localID)")
            }
        }
    }

    /// A purpose class may name concepts of the concept layer; a name that is not there is a
    /// located error when the resources load, not a class no client ever names.
    @Test func aPurposeClassNamingAnUnknownConceptIsRejectedAtLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("concepts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in [MatchingResources.synonymsFile, MatchingResources.derivationFile, MatchingResources.conceptsFile, MatchingResources.weightsFile] {
            try FileManager.default.copyItem(at: BundledCatalog.analysisDirectory.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        let rulesURL = directory.appendingPathComponent(MatchingResources.derivationFile)
        let text = try String(contentsOf: rulesURL, encoding: .utf8)
        try text.replacingOccurrences(of: "\"region-africa\", \"region-asia\"", with: "\"region-africa\", \"region-atlantis\"")
            .write(to: rulesURL, atomically: true, encoding: .utf8)
        #expect(throws: DerivationRulesError.self) { try MatchingResources.load(from: directory) }
        do { _ = try MatchingResources.load(from: directory) } catch {
            #expect("\(error)".contains("derivation.json at /purposes/classes: clientConcepts region-atlantis not in concepts.json"))
        }
    }

    @Test func moneyPassedOnByAStateAgencyReachesTheClientThroughIt() throws {
        let offers = [
            makeOffer("tefap", title: "Emergency Food Assistance Program",
                      summary: "Grants to States for storage and distribution; State agencies make subgrants to local organizations such as food banks.",
                      applicantTypes: [.publicBody], language: .english),
            makeOffer("state-only", title: "Food Program Administration", summary: "Administrative funds for the agency that runs the program.",
                      applicantTypes: [.publicBody], language: .english),
        ]
        let index = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources())
        let profile = Profile(applicantType: .association, projectDescription: "food bank distribution")
        let answer = try index.recommend(RecommendationRequest(profile: profile, today: testToday))
        #expect(answer.results.map(\.id.localID) == ["tefap"], "through the State agency, not the one without a pass-through")
        let criterion = try #require(answer.results.first?.explanation.passed.first { $0.criterion == .applicantType })
        #expect(criterion.code == "applicantType.through")
        #expect(criterion.message.en.hasPrefix("through state agency"))
        // The per-offer evaluator says the same as the index.
        let direct = try #require(try index.evaluate(offers[0].id, profile: profile, today: testToday))
        #expect(direct.first { $0.criterion == .applicantType }?.verdict == .pass)
        let other = try #require(try index.evaluate(offers[1].id, profile: profile, today: testToday))
        #expect(other.first { $0.criterion == .applicantType }?.verdict == .fail)
    }
}
