public import ArgumentParser
import BundledCatalog
import CatalogStore
import Foundation
import SupportModel

struct OffersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offers",
        abstract: "List the offers in the catalogue, optionally filtered."
    )

    @Option(help: ArgumentHelp("Only offers from this source (e.g. supportmatch).", valueName: "source"))
    var source: String?

    @Option(help: ArgumentHelp("active (default), withdrawn or all.", valueName: "status"))
    var status: LifecycleFilter = .active

    @Option(help: ArgumentHelp("Only offers with this topic code.", valueName: "code"))
    var topic: String?

    @Option(help: ArgumentHelp(
        "Only offers usable in this region (code, German or English name), including offers aimed at a part of it.",
        valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("Only offers with this instrument (grant, loan, ...).", valueName: "instrument"))
    var instrument: String?

    @Option(help: ArgumentHelp(
        "Only offers whose id, title, texts, keywords or provider contain every word of this (any case and accents; umlauts may be spelt out, Goerlitz for Görlitz); offers with every word in the title first.",
        valueName: "text"))
    var text: String?

    @Option(help: ArgumentHelp("Show at most this many offers.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Print how many of the selected offers fall under each region, instrument and applicant type instead of listing them.")
    var facets = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        let taxonomies = BundledCatalog.taxonomies
        if let topic, taxonomies.topics.resolve(topic) == nil {
            throw ValidationError("Unknown topic '\(topic)'. Known topics: \(taxonomies.topics.codes.joined(separator: ", ")).")
        }
        if let region, taxonomies.regions.resolve(region) == nil {
            throw ValidationError("Unknown region '\(region)' (expected a code such as DE-SN, or a name such as Sachsen).")
        }
        if let instrument, taxonomies.instruments.resolve(instrument) == nil {
            throw ValidationError("Unknown instrument '\(instrument)'. Known: \(taxonomies.instruments.codes.joined(separator: ", ")).")
        }
    }

    func run() throws {
        let taxonomies = BundledCatalog.taxonomies
        let store = try database.openStore()
        // Names and aliases are accepted on the command line; the query compares codes.
        let query = OfferQuery(
            source: source, text: text,
            topics: Set(topic.flatMap { taxonomies.topics.resolve($0) }.map { [TopicCode($0.code)] } ?? []),
            regions: Set(region.flatMap { taxonomies.regions.resolve($0) }.map { [RegionCode($0.code)] } ?? []),
            instruments: Set(instrument.flatMap { taxonomies.instruments.resolve($0) }.map { [Instrument($0.code)] } ?? []))
        // All matches are read so that the count says how many there are, not how many fit.
        let matches = query.select(try store.offers(source: source, status: status), offer: \.offer, taxonomies: taxonomies)
        if facets {
            try printFacets(OfferFacets(matches.prefix(limit ?? matches.count).map(\.offer)))
            return
        }
        let offers = limit.map { Array(matches.prefix($0)) } ?? matches

        if output.json {
            try Terminal.printJSON(offers)
            return
        }
        var table = TextTable([
            .init(title: "ID"), .init(title: "STATUS"), .init(title: "SCHEDULE"),
            .init(title: "INSTRUMENTS"), .init(title: "TITLE", maxWidth: 70),
        ])
        for stored in offers {
            table.append([
                stored.id.description, stored.status.rawValue, OfferText.schedule(stored.offer.schedule),
                stored.offer.instruments.map(\.rawValue).joined(separator: ", "), stored.offer.title,
            ])
        }
        if !offers.isEmpty { print(table.render()) }
        let total = "\(Terminal.count(matches.count)) offer\(matches.count == 1 ? "" : "s")"
        let verb = matches.count == 1 ? "matches" : "match"
        let shown = offers.count < matches.count ? " (showing the first \(Terminal.count(offers.count)); --limit)" : ""
        print((text.map { "\(total) \(verb) “\($0)”" } ?? total) + shown)
    }

    /// Each facet as a table, largest count first; `--json` prints the counts as one object.
    private func printFacets(_ facets: OfferFacets) throws {
        if output.json {
            try Terminal.printJSON(facets)
            return
        }
        print("\(Terminal.count(facets.offers)) offer\(facets.offers == 1 ? "" : "s")")
        for (title, counts) in [("REGION", facets.regions), ("INSTRUMENT", facets.instruments),
                                ("APPLICANT TYPE", facets.applicantTypes)] {
            var table = TextTable([.init(title: title), .init(title: "OFFERS", alignment: .right)])
            for (code, count) in counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                table.append([code, Terminal.count(count)])
            }
            print("")
            print(table.render())
        }
    }
}

extension LifecycleFilter: ExpressibleByArgument {}
