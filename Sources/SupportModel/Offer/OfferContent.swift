import Crypto
public import Foundation

extension Offer {
    /// Canonical JSON of everything but provenance: sorted keys, no whitespace. Two offers with
    /// the same content have the same bytes, whichever format they were read from.
    ///
    /// The bytes are those of `JSONEncoder` (`[.sortedKeys, .withoutEscapingSlashes]`,
    /// provenance omitted) over ``Offer``'s `Codable` form — stored hashes depend on it — but
    /// written directly by ``JSONWriter`` (``canonicalContentBytes()``): the encoder was the
    /// largest part of an import's store side. `OfferContentTests` compares the two on every
    /// offer of the real catalogues.
    public func canonicalContent() -> Data {
        Data(canonicalContentBytes())
    }

    /// ``canonicalContent()`` as bytes. Keys in sorted order; what `encode(to:)` leaves out
    /// (empty lists, unrestricted eligibility, absent optionals) is left out here too.
    public func canonicalContentBytes() -> [UInt8] {
        // `JSONEncoder` fails on a non-finite number and the content was then empty; the
        // readers reject such amounts, so this only keeps the two definitions equal.
        if let funding, ![funding.amountMin, funding.amountMax, funding.rateMin, funding.rateMax, funding.totalBudget]
            .allSatisfy({ $0?.isFinite ?? true }) {
            return []
        }
        var json = JSONWriter(capacity: 512 + title.utf8.count + summary.utf8.count + description.utf8.count)
        json.beginObject()
        if let asOf {
            json.key("asOf")
            json.string(asOf.description)
        }
        json.key("description")
        json.string(description)
        if !eligibility.isUnrestricted {
            json.key("eligibility")
            json.write(eligibility)
        }
        if let funding {
            json.key("funding")
            json.write(funding)
        }
        json.key("id")
        json.string(id.localID)
        json.key("instruments")
        json.codes(instruments)
        if !keywords.isEmpty {
            json.key("keywords")
            json.strings(keywords)
        }
        json.key("language")
        json.string(language.rawValue)
        if let lastUpdated {
            json.key("lastUpdated")
            json.string(lastUpdated.description)
        }
        if !links.isEmpty {
            json.key("links")
            json.beginArray()
            for link in links {
                json.beginObject()
                json.key("kind")
                json.string(link.kind.rawValue)
                if let title = link.title {
                    json.key("title")
                    json.string(title)
                }
                json.key("url")
                json.string(link.url)
                json.endObject()
            }
            json.endArray()
        }
        if !originalCodes.isEmpty {
            json.key("originalCodes")
            json.beginObject()
            for (name, codes) in originalCodes.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                json.key(escaping: name)
                json.strings(codes)
            }
            json.endObject()
        }
        json.key("provider")
        json.write(provider)
        json.key("schedule")
        json.beginObject()
        if !schedule.deadlines.isEmpty {
            json.key("deadlines")
            json.beginArray()
            for deadline in schedule.deadlines { json.string(deadline.description) }
            json.endArray()
        }
        if let opens = schedule.opens {
            json.key("opens")
            json.string(opens.description)
        }
        json.key("status")
        json.string(schedule.status.rawValue)
        json.endObject()
        json.key("source")
        json.string(id.source)
        if let sourceURL {
            json.key("sourceURL")
            json.string(sourceURL)
        }
        json.key("summary")
        json.string(summary)
        json.key("title")
        json.string(title)
        if !topics.isEmpty {
            json.key("topics")
            json.codes(topics)
        }
        json.endObject()
        return json.bytes
    }

    /// SHA-256 of ``canonicalContent()``, lowercase hex. Equal hashes mean "unchanged".
    public var contentHash: String {
        SHA256.hash(data: canonicalContent()).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Names of the fields that differ between `self` and `other`, in a fixed order, using the
    /// dotted names of the native format (`schedule.deadlines`, `funding.amountMax`).
    /// Provenance is ignored.
    public func changedFields(comparedTo other: Offer) -> [String] {
        OfferField.all.compactMap { field in field.differs(self, other) ? field.name : nil }
    }
}

/// One comparable field of an offer, with its dotted name. The list is the single place
/// that says what "a field of an offer" is for change reports and, later, change feeds.
public struct OfferField: Sendable {
    public let name: String
    let differs: @Sendable (Offer, Offer) -> Bool

    init<Value: Equatable & Sendable>(_ name: String, _ value: @escaping @Sendable (Offer) -> Value) {
        self.name = name
        self.differs = { value($0) != value($1) }
    }

    public static let all: [OfferField] = [
        OfferField("title") { $0.title },
        OfferField("summary") { $0.summary },
        OfferField("description") { $0.description },
        OfferField("language") { $0.language },
        OfferField("provider.name") { $0.provider.name },
        OfferField("provider.level") { $0.provider.level },
        OfferField("provider.contact") { $0.provider.contact },
        OfferField("links") { $0.links },
        OfferField("instruments") { $0.instruments },
        OfferField("topics") { $0.topics },
        OfferField("keywords") { $0.keywords },
        OfferField("eligibility.applicantTypes") { $0.eligibility.applicantTypes },
        OfferField("eligibility.companySizes") { $0.eligibility.companySizes },
        OfferField("eligibility.regions") { $0.eligibility.regions },
        OfferField("eligibility.sectors") { $0.eligibility.sectors },
        OfferField("eligibility.companyAge") { $0.eligibility.companyAge },
        OfferField("eligibility.conditions") { $0.eligibility.conditions },
        OfferField("funding.currency") { $0.funding?.currency },
        OfferField("funding.amountMin") { $0.funding?.amountMin },
        OfferField("funding.amountMax") { $0.funding?.amountMax },
        OfferField("funding.rateMin") { $0.funding?.rateMin },
        OfferField("funding.rateMax") { $0.funding?.rateMax },
        OfferField("funding.totalBudget") { $0.funding?.totalBudget },
        OfferField("schedule.status") { $0.schedule.status },
        OfferField("schedule.opens") { $0.schedule.opens },
        OfferField("schedule.deadlines") { $0.schedule.deadlines },
        OfferField("lastUpdated") { $0.lastUpdated },
        OfferField("sourceURL") { $0.sourceURL },
        OfferField("asOf") { $0.asOf },
        OfferField("originalCodes") { $0.originalCodes },
    ]
}

extension JSONWriter {
    fileprivate mutating func codes<Code: RawRepresentable>(_ codes: [Code]) where Code.RawValue == String {
        beginArray()
        for code in codes { string(code.rawValue) }
        endArray()
    }

    fileprivate mutating func write(_ provider: Provider) {
        beginObject()
        if let contact = provider.contact {
            key("contact")
            beginObject()
            optional("address", contact.address)
            optional("email", contact.email)
            optional("name", contact.name)
            optional("phone", contact.phone)
            optional("url", contact.url)
            endObject()
        }
        key("level")
        string(provider.level.rawValue)
        key("name")
        string(provider.name)
        endObject()
    }

    fileprivate mutating func write(_ eligibility: Eligibility) {
        beginObject()
        if let types = eligibility.applicantTypes {
            key("applicantTypes")
            codes(types)
        }
        if let age = eligibility.companyAge {
            key("companyAge")
            beginObject()
            if let max = age.maxYears {
                key("maxYears")
                number(max)
            }
            if let min = age.minYears {
                key("minYears")
                number(min)
            }
            endObject()
        }
        if let sizes = eligibility.companySizes {
            key("companySizes")
            codes(sizes)
        }
        if !eligibility.conditions.isEmpty {
            key("conditions")
            strings(eligibility.conditions)
        }
        if let regions = eligibility.regions {
            key("regions")
            codes(regions)
        }
        if let sectors = eligibility.sectors {
            key("sectors")
            beginObject()
            key("exclude")
            codes(sectors.exclude)
            key("include")
            codes(sectors.include)
            endObject()
        }
        endObject()
    }

    /// Amounts and rates are finite here (``Offer/canonicalContentBytes()`` checks first).
    fileprivate mutating func write(_ funding: Funding) {
        beginObject()
        optional("amountMax", funding.amountMax)
        optional("amountMin", funding.amountMin)
        key("currency")
        string(funding.currency)
        optional("rateMax", funding.rateMax)
        optional("rateMin", funding.rateMin)
        optional("totalBudget", funding.totalBudget)
        endObject()
    }

    private mutating func optional(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    private mutating func optional(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        try? number(value)
    }
}
