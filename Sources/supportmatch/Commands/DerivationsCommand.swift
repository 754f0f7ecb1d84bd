import ArgumentParser
import CatalogStore
import Foundation
import Matching
import SupportModel

struct DerivationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derivations",
        abstract: "List what the matcher derives from each offer's text, with the evidence.",
        discussion: """
            For reviewing Catalog/analysis/derivation.json: one line per offer (JSON Lines with \
            --json: id, the stated applicant types and the derived facts). --from title-summary \
            derives from the title and summary only, and derives every field even where the \
            record states it, so derivations can be measured against stated labels.
            """
    )

    @Option(name: .customLong("source"), help: ArgumentHelp("Only this source's offers.", valueName: "source"))
    var source: String?

    @Option(help: ArgumentHelp("What to derive from: all (title, summary, description; stated fields kept) or title-summary (every field derived).", valueName: "text"))
    var from: String = "all"

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !["all", "title-summary"].contains(from) { throw ValidationError("--from expects all or title-summary, found '\(from)'.") }
    }

    struct Line: Encodable {
        var id: String
        var statedApplicantTypes: [ApplicantType]?
        var statedCompanySizes: [SizeClass]?
        var statedTopics: [TopicCode]
        var statedInstruments: [Instrument]
        var derived: DerivedFacts
    }

    func run() throws {
        let rules = try ShowCommand.derivationRules()
        var offers = try database.openStore().activeOffers()
        if let source { offers.removeAll { $0.id.source != source } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for offer in offers.sorted(by: { $0.id < $1.id }) {
            let derived: DerivedFacts
            if from == "title-summary" {
                var bare = offer
                bare.eligibility = Eligibility()
                bare.topics = []
                bare.instruments = []
                derived = rules.derive(bare, text: [offer.title, offer.summary].filter { !$0.isEmpty }.joined(separator: "\n"))
            } else {
                derived = rules.derive(offer)
            }
            if output.json {
                let line = Line(id: offer.id.description, statedApplicantTypes: offer.eligibility.applicantTypes,
                                statedCompanySizes: offer.eligibility.companySizes, statedTopics: offer.topics, statedInstruments: offer.instruments, derived: derived)
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            } else if !derived.isEmpty {
                print(offer.id.description)
                for line in OfferText.derivedLines(derived, subjects: rules.subjects(stated: offer.topics, derived: derived)) { print(line) }
            }
        }
    }
}
