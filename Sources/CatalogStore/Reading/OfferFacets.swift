public import SupportModel

/// How many offers fall under each region, instrument and applicant type: the overview a
/// catalogue maintainer checks after importing a publisher's export (`supportmatch offers --facets`),
/// before looking at single offers.
///
/// An offer counts once under every code it lists, so the counts of one facet may add up to more
/// than ``offers``. An offer that states no regions or no applicant types (unknown or open to all)
/// counts under ``unstated``, so that nothing silently drops out of the totals.
public struct OfferFacets: Sendable, Codable, Hashable {
    /// The key under which offers without a stated value are counted.
    public static let unstated = "(unstated)"

    /// The number of offers counted.
    public var offers: Int
    /// Offers per region code (`DE`, `DE-SN`, ...).
    public var regions: [String: Int]
    /// Offers per instrument code (`grant`, `loan`, ...).
    public var instruments: [String: Int]
    /// Offers per applicant-type code (`company`, `founder`, ...).
    public var applicantTypes: [String: Int]

    public init<Offers: Sequence>(_ offers: Offers) where Offers.Element == Offer {
        var count = 0
        var regions: [String: Int] = [:]
        var instruments: [String: Int] = [:]
        var applicantTypes: [String: Int] = [:]
        for offer in offers {
            count += 1
            // A code listed twice by a feed still counts the offer once.
            for code in Set((offer.eligibility.regions ?? []).map(\.rawValue)).ifEmpty(Self.unstated) {
                regions[code, default: 0] += 1
            }
            for code in Set(offer.instruments.map(\.rawValue)).ifEmpty(Self.unstated) {
                instruments[code, default: 0] += 1
            }
            for code in Set((offer.eligibility.applicantTypes ?? []).map(\.rawValue)).ifEmpty(Self.unstated) {
                applicantTypes[code, default: 0] += 1
            }
        }
        self.offers = count
        self.regions = regions
        self.instruments = instruments
        self.applicantTypes = applicantTypes
    }
}

private extension Set<String> {
    /// The codes, or the single placeholder when there are none.
    func ifEmpty(_ placeholder: String) -> Set<String> { isEmpty ? [placeholder] : self }
}
