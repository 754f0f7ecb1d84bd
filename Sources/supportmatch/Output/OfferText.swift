import CatalogStore
import Foundation
import Matching
import SupportModel

/// One stored offer as readable text: everything an advisor needs, then where the record came
/// from and its history. One language throughout: the headings are English, so codes are shown
/// by their English labels (a US agency is "Federal", never "Bund"); the offer's own texts stay
/// as published.
struct OfferText {
    var stored: StoredOffer
    var taxonomies: Taxonomies
    /// What the matcher derives from the offer's text, shown apart from what it states.
    var derived = DerivedFacts()
    /// The offer's subjects (``DerivationRules/subjects(stated:derived:)``).
    var subjects: [TopicCode] = []

    /// One line per derived value with the passage it was read from. `subjects`: the offer's
    /// subjects (``DerivationRules/subjects(stated:derived:)``), within which a programme open to
    /// any topic is open.
    static func derivedLines(_ derived: DerivedFacts, subjects: [TopicCode] = []) -> [String] {
        var lines: [String] = []
        func add(_ label: String, _ value: String, _ evidence: String) { lines.append("  \(label): \(value)  »\(evidence)«") }
        for item in derived.applicantTypes { add("Applicant (subject)", item.value.rawValue, item.evidence) }
        for item in derived.mentionedApplicantTypes { add("Applicant (mentioned)", item.value.rawValue, item.evidence) }
        if let sizes = derived.companySizes { add("Company sizes", sizes.value.map(\.rawValue).joined(separator: ", "), sizes.evidence) }
        for item in derived.topics { add("Topic", item.value.rawValue, item.evidence) }
        for item in derived.instruments { add("Instrument", item.value.rawValue, item.evidence) }
        if let through = derived.intermediary { add("Through", through.value, through.evidence) }
        if let evidence = derived.applyBeforeStart { add("Apply before start", "yes", evidence) }
        if let evidence = derived.topicOpen {
            add("Open to any topic", subjects.isEmpty ? "yes" : "within " + subjects.map(\.rawValue).joined(separator: ", "), evidence)
        }
        if let evidence = derived.narrowCall { add("Narrow call or legal framework", "yes", evidence) }
        if let evidence = derived.servesOthers { add("Serves others", "yes", evidence) }
        for item in derived.purposes { add("Only for (purpose, group or place)", item.value, item.evidence) }
        for item in derived.sectors { add("Sector (applicant's clause)", item.value.rawValue, item.evidence) }
        for item in derived.mentionedSectors { add("Sector (title)", item.value.rawValue, item.evidence) }
        if let amount = derived.amountMax { add("Maximum amount", LocalizedText.euros(amount.value).en, amount.evidence) }
        return lines
    }

    func render() -> String {
        let offer = stored.offer
        var lines: [String] = []
        var heading = "\(stored.id)  [\(stored.status.rawValue)"
        if stored.status == .withdrawn, let run = stored.withdrawnInRun { heading += " in run \(run)" }
        heading += "]"
        lines.append(heading)
        lines.append(offer.title)
        lines.append("")
        if !offer.summary.isEmpty { lines.append(offer.summary); lines.append("") }

        var facts: [(String, String)] = [
            ("Provider", "\(offer.provider.name) (\(label(offer.provider.level.rawValue, in: taxonomies.providerLevels)))"),
            ("Instruments", labels(offer.instruments.map(\.rawValue), in: taxonomies.instruments)),
            ("Schedule", Self.schedule(offer.schedule, detailed: true)),
        ]
        if !offer.topics.isEmpty { facts.append(("Topics", labels(offer.topics.map(\.rawValue), in: taxonomies.topics))) }
        if let funding = offer.funding { facts.append(("Funding", Self.funding(funding))) }
        let eligibility = offer.eligibility
        facts.append(("Applicants", eligibility.applicantTypes.map { labels($0.map(\.rawValue), in: taxonomies.applicantTypes) } ?? "no restriction"))
        facts.append(("Company size", eligibility.companySizes.map { labels($0.map(\.rawValue), in: taxonomies.sizeClasses) } ?? "no restriction"))
        facts.append(("Regions", eligibility.regions.map { labels($0.map(\.rawValue), in: taxonomies.regions) } ?? "no restriction"))
        if let sectors = eligibility.sectors {
            var parts: [String] = []
            if !sectors.include.isEmpty { parts.append("only " + sectors.include.map(\.rawValue).joined(separator: ", ")) }
            if !sectors.exclude.isEmpty { parts.append("not " + sectors.exclude.map(\.rawValue).joined(separator: ", ")) }
            facts.append(("Sectors", parts.isEmpty ? "no restriction" : parts.joined(separator: "; ")))
        }
        if let age = eligibility.companyAge {
            facts.append(("Company age", [age.minYears.map { "at least \($0) years" }, age.maxYears.map { "at most \($0) years" }]
                .compactMap { $0 }.joined(separator: ", ")))
        }
        if !offer.keywords.isEmpty { facts.append(("Keywords", offer.keywords.joined(separator: ", "))) }
        if let day = offer.lastUpdated { facts.append(("Last updated", day.description)) }
        if let day = offer.asOf { facts.append(("Checked", day.description)) }
        if let url = offer.sourceURL { facts.append(("Source page", url)) }
        lines += aligned(facts)

        if !derived.isEmpty {
            lines.append("")
            lines.append("Derived from the text (not stated by the record; ranks, never hides):")
            lines += Self.derivedLines(derived, subjects: subjects)
        }
        if !eligibility.conditions.isEmpty {
            lines.append("")
            lines.append("Conditions:")
            lines += eligibility.conditions.map { "  - " + $0 }
        }
        if !offer.links.isEmpty {
            lines.append("")
            lines.append("Links:")
            lines += offer.links.map { "  \($0.kind.rawValue): \($0.url)" + ($0.title.map { "  (\($0))" } ?? "") }
        }
        if let contact = offer.provider.contact, !contact.isEmpty {
            lines.append("")
            lines.append("Contact:")
            lines += [contact.name, contact.email, contact.phone, contact.address, contact.url].compactMap { $0.map { "  " + $0 } }
        }
        if !offer.description.isEmpty {
            lines.append("")
            lines.append(offer.description)
        }

        lines.append("")
        var origin = "Stored: first imported in run \(stored.firstSeenRun), last changed in run \(stored.lastChangedRun)"
        if let provenance = offer.provenance {
            origin += "; read from \(provenance.sourceFile) (\(provenance.sourceFormat))"
        }
        lines.append(origin)
        if !stored.history.isEmpty {
            lines.append("History:")
            for change in stored.history {
                var line = "  run \(change.runID)  \(ImportsCommand.time(change.at))  \(change.kind.rawValue)"
                if !change.changedFields.isEmpty { line += ": " + change.changedFields.joined(separator: ", ") }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    private func aligned(_ facts: [(String, String)]) -> [String] {
        let width = facts.map(\.0.count).max() ?? 0
        return facts.map { name, value in name + ":" + String(repeating: " ", count: width - name.count + 1) + value }
    }

    private func label(_ code: String, in taxonomy: Taxonomy) -> String {
        taxonomy.term(code)?.en ?? code
    }

    private func labels(_ codes: [String], in taxonomy: Taxonomy) -> String {
        codes.map { label($0, in: taxonomy) }.joined(separator: ", ")
    }

    /// `open until 2026-06-30`, `rolling`, `closed`: the schedule in a table cell.
    static func schedule(_ schedule: Schedule, detailed: Bool = false) -> String {
        var text = schedule.status.rawValue
        if detailed {
            if let opens = schedule.opens { text += ", opens \(opens)" }
            if !schedule.deadlines.isEmpty { text += ", deadlines " + schedule.deadlines.map(\.description).joined(separator: ", ") }
        } else if let last = schedule.deadlines.max() {
            text += " until \(last)"
        }
        return text
    }

    static func funding(_ funding: Funding) -> String {
        func amount(_ value: Double) -> String {
            value.formatted(.number.grouping(.automatic).precision(.fractionLength(0...2)).locale(Locale(identifier: "en_US")))
        }
        var parts: [String] = []
        switch (funding.amountMin, funding.amountMax) {
        case let (min?, max?): parts.append("\(amount(min))–\(amount(max)) \(funding.currency)")
        case let (min?, nil): parts.append("from \(amount(min)) \(funding.currency)")
        case let (nil, max?): parts.append("up to \(amount(max)) \(funding.currency)")
        case (nil, nil): break
        }
        switch (funding.rateMin, funding.rateMax) {
        case let (min?, max?): parts.append("\(amount(min))–\(amount(max)) % of eligible costs")
        case let (min?, nil): parts.append("at least \(amount(min)) % of eligible costs")
        case let (nil, max?): parts.append("up to \(amount(max)) % of eligible costs")
        case (nil, nil): break
        }
        if let total = funding.totalBudget { parts.append("programme budget \(amount(total)) \(funding.currency)") }
        return parts.isEmpty ? "amount not stated" : parts.joined(separator: "; ")
    }
}
