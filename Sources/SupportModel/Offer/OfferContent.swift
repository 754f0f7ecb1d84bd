import Crypto
import Foundation

extension Offer {
    /// Canonical JSON of everything but provenance: sorted keys, no whitespace. Two offers with
    /// the same content have the same bytes, whichever format they were read from.
    public func canonicalContent() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.omitProvenance] = true
        // Encoding plain value types to JSON cannot fail: no non-finite numbers are produced
        // by the readers (validation rejects them), and all keys are strings.
        return (try? encoder.encode(self)) ?? Data()
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
