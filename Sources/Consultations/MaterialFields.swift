import Foundation
public import SupportModel

/// The one place that says which changes of an offer matter to someone who shortlisted it.
///
/// A field is *material* when a change can alter whether or how an organisation applies: when
/// it must apply (deadlines, opening day, status), how much it can get (amounts, funding rate,
/// currency), in what form (instruments) and who may apply (the evaluated eligibility
/// criteria). Texts are not material: a corrected typo in a title, summary or description, new
/// keywords, links or contact data would only make alerts "spammy". The eligibility
/// `conditions` are free text kept for display and never evaluated, so they are left out for
/// the same reason.
///
/// Each field renders the offer's value as canonical text (lists sorted, numbers without
/// trailing zeros, "" when absent): two values are equal exactly when the texts are, and the
/// texts are what an event shows as "before" and "after".
public struct MaterialField: Sendable {
    /// Dotted name as in the native catalogue format (`schedule.deadlines`).
    public let name: String
    let value: @Sendable (Offer) -> String

    /// The fields compared, in the order changes are listed.
    public static let all: [MaterialField] = [
        MaterialField(name: "schedule.status") { $0.schedule.status.rawValue },
        MaterialField(name: "schedule.opens") { $0.schedule.opens?.description ?? "" },
        MaterialField(name: "schedule.deadlines") { $0.schedule.deadlines.sorted().map(\.description).joined(separator: ", ") },
        MaterialField(name: "funding.currency") { $0.funding?.currency ?? "" },
        MaterialField(name: "funding.amountMin") { number($0.funding?.amountMin) },
        MaterialField(name: "funding.amountMax") { number($0.funding?.amountMax) },
        MaterialField(name: "funding.rateMin") { number($0.funding?.rateMin) },
        MaterialField(name: "funding.rateMax") { number($0.funding?.rateMax) },
        MaterialField(name: "instruments") { codes($0.instruments.map(\.rawValue)) },
        MaterialField(name: "eligibility.applicantTypes") { codes($0.eligibility.applicantTypes?.map(\.rawValue)) },
        MaterialField(name: "eligibility.companySizes") { codes($0.eligibility.companySizes?.map(\.rawValue)) },
        MaterialField(name: "eligibility.regions") { codes($0.eligibility.regions?.map(\.rawValue)) },
        MaterialField(name: "eligibility.sectors.include") { codes($0.eligibility.sectors?.include.map(\.rawValue)) },
        MaterialField(name: "eligibility.sectors.exclude") { codes($0.eligibility.sectors?.exclude.map(\.rawValue)) },
        MaterialField(name: "eligibility.companyAge.minYears") { $0.eligibility.companyAge?.minYears.map(String.init) ?? "" },
        MaterialField(name: "eligibility.companyAge.maxYears") { $0.eligibility.companyAge?.maxYears.map(String.init) ?? "" },
    ]

    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func codes(_ values: [String]?) -> String {
        (values ?? []).sorted().joined(separator: ", ")
    }
}

/// The material fields' values of one offer at one time: what a shortlisted offer is compared
/// against at the next import.
public struct MaterialSnapshot: Sendable, Hashable, Codable {
    /// Field name → canonical value text.
    public var values: [String: String]

    public init(_ offer: Offer) {
        values = Dictionary(uniqueKeysWithValues: MaterialField.all.map { ($0.name, $0.value(offer)) })
    }

    init(values: [String: String]) { self.values = values }

    /// The material differences from `earlier` to `self`, in ``MaterialField/all`` order. A field
    /// the earlier snapshot lacks (added to the list since) counts as unchanged: extending the
    /// definition must not flood every profile with events.
    public func changes(since earlier: MaterialSnapshot) -> [FieldChange] {
        MaterialField.all.compactMap { field in
            guard let before = earlier.values[field.name], let after = values[field.name], before != after else { return nil }
            return FieldChange(field: field.name, before: before, after: after)
        }
    }

    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(values)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decoded(_ text: String) -> MaterialSnapshot {
        MaterialSnapshot(values: (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:])
    }
}

/// One material field that changed: canonical texts before and after ("" = not given).
public struct FieldChange: Sendable, Hashable, Codable {
    public var field: String
    public var before: String
    public var after: String

    public init(field: String, before: String, after: String) {
        self.field = field
        self.before = before
        self.after = after
    }
}
