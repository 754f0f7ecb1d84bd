import SupportModel

/// Turns an ``Offer`` into the native format's tree, in the field order the format documents.
///
/// Both writers serialise this one tree, just as both readers decode one tree, so the JSON and
/// XML encodings cannot disagree about which fields exist or when one is left out. Absent
/// optional facts and empty lists are left out ("absent" means unknown / no restriction);
/// provenance is never written: it belongs to the store, not to the catalogue.
enum NativeOfferEncoder {
    /// The offer as a tree. `documentSource` is the source written once for the document; an
    /// offer from another source carries its own `source`.
    static func node(for offer: Offer, documentSource: String) -> NativeNode {
        var members: [NativeMember] = []
        func add(_ key: String, _ value: NativeValue?) {
            if let value { members.append(NativeMember(key: key, node: NativeNode(value: value, mark: 0))) }
        }
        if offer.id.source != documentSource { add("source", .string(offer.id.source)) }
        add("id", .string(offer.id.localID))
        add("title", .string(offer.title))
        add("summary", .string(offer.summary))
        add("description", .string(offer.description))
        add("language", .string(offer.language.rawValue))
        add("provider", provider(offer.provider))
        add("links", list(offer.links.map(link)))
        add("instruments", .array(offer.instruments.map { leaf(.string($0.rawValue)) }))
        add("topics", .array(offer.topics.map { leaf(.string($0.rawValue)) }))
        add("keywords", strings(offer.keywords))
        add("eligibility", eligibility(offer.eligibility))
        add("funding", offer.funding.map(funding))
        add("schedule", schedule(offer.schedule))
        add("lastUpdated", offer.lastUpdated.map { .string($0.description) })
        add("sourceURL", offer.sourceURL.map { .string($0) })
        add("asOf", offer.asOf.map { .string($0.description) })
        if !offer.originalCodes.isEmpty {
            add("originalCodes", .object(offer.originalCodes.keys.sorted().map { key in
                NativeMember(key: key, node: leaf(.array(offer.originalCodes[key]!.map { leaf(.string($0)) })))
            }))
        }
        return leaf(.object(members))
    }

    private static func leaf(_ value: NativeValue) -> NativeNode { NativeNode(value: value, mark: 0) }

    private static func object(_ pairs: [(String, NativeValue?)]) -> NativeValue? {
        let members = pairs.compactMap { key, value in value.map { NativeMember(key: key, node: leaf($0)) } }
        return members.isEmpty ? nil : .object(members)
    }

    private static func list(_ values: [NativeValue]) -> NativeValue? {
        values.isEmpty ? nil : .array(values.map(leaf))
    }

    private static func strings<S: Sequence>(_ values: S?) -> NativeValue? where S.Element == String {
        guard let values else { return nil }
        return list(values.map { .string($0) })
    }

    private static func provider(_ provider: Provider) -> NativeValue {
        var pairs: [(String, NativeValue?)] = [("name", .string(provider.name)), ("level", .string(provider.level.rawValue))]
        if let contact = provider.contact, !contact.isEmpty {
            pairs.append(("contact", object([
                ("name", contact.name.map { .string($0) }), ("email", contact.email.map { .string($0) }),
                ("phone", contact.phone.map { .string($0) }), ("address", contact.address.map { .string($0) }),
                ("url", contact.url.map { .string($0) }),
            ])))
        }
        return object(pairs)!
    }

    private static func link(_ link: Link) -> NativeValue {
        object([("kind", .string(link.kind.rawValue)), ("url", .string(link.url)), ("title", link.title.map { .string($0) })])!
    }

    private static func eligibility(_ eligibility: Eligibility) -> NativeValue? {
        var sectors: NativeValue?
        if let rule = eligibility.sectors {
            sectors = object([("include", strings(rule.include.map(\.rawValue))), ("exclude", strings(rule.exclude.map(\.rawValue)))])
        }
        var age: NativeValue?
        if let bounds = eligibility.companyAge {
            age = object([("minYears", bounds.minYears.map { .number(Double($0)) }), ("maxYears", bounds.maxYears.map { .number(Double($0)) })])
        }
        return object([
            ("applicantTypes", strings(eligibility.applicantTypes?.map(\.rawValue))),
            ("companySizes", strings(eligibility.companySizes?.map(\.rawValue))),
            ("regions", strings(eligibility.regions?.map(\.rawValue))),
            ("sectors", sectors),
            ("companyAge", age),
            ("conditions", strings(eligibility.conditions)),
        ])
    }

    private static func funding(_ funding: Funding) -> NativeValue {
        object([
            ("currency", .string(funding.currency)),
            ("amountMin", funding.amountMin.map { .number($0) }), ("amountMax", funding.amountMax.map { .number($0) }),
            ("rateMin", funding.rateMin.map { .number($0) }), ("rateMax", funding.rateMax.map { .number($0) }),
            ("totalBudget", funding.totalBudget.map { .number($0) }),
        ])!
    }

    private static func schedule(_ schedule: Schedule) -> NativeValue {
        object([
            ("status", .string(schedule.status.rawValue)),
            ("opens", schedule.opens.map { .string($0.description) }),
            ("deadlines", strings(schedule.deadlines.map(\.description))),
        ])!
    }

    /// A number in plain decimal notation (no exponent), as both JSON and `xs:decimal` accept:
    /// whole numbers without a fraction, others with the shortest digits that read back equal.
    static func decimal(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 9e15 { return String(Int64(value)) }
        let text = String(value)
        guard text.contains("e") else { return text }
        // Shortest round-trip digits, moved out of scientific notation.
        let parts = text.split(separator: "e")
        let exponent = Int(parts[1])!
        var mantissa = String(parts[0])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let digits = String(pieces[0]) + (pieces.count > 1 ? String(pieces[1]) : "")
        let point = pieces[0].count + exponent
        var result: String
        if point <= 0 {
            result = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            result = digits + String(repeating: "0", count: point - digits.count)
        } else {
            result = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        return (negative ? "-" : "") + result
    }
}
