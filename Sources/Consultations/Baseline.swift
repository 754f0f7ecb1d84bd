public import Matching
public import SupportModel

/// The catalogue as of one moment, seen from a saved profile: its top offers, and for each
/// shortlisted offer whether it is open and its material fields.
///
/// Wraps one ``OfferIndex`` so saving, updating and the change detection after an import
/// all judge "top 20" and "closed" the same way.
public struct Baseline: Sendable {
    public let index: OfferIndex
    /// Deadlines are judged against this day (the import day for change detection).
    public let today: Day
    /// How many top offers are watched for newcomers.
    public let topCount: Int

    public init(index: OfferIndex, today: Day, topCount: Int = 20) {
        self.index = index
        self.today = today
        self.topCount = topCount
    }

    /// The profile's top offers, best first (the same order as a recommendation).
    public func topOffers(for profile: Profile) -> [OfferID] {
        index.rankedOfferIDs(RecommendationRequest(profile: profile, today: today), limit: topCount)
    }

    /// What a shortlisted offer looks like now. An offer missing from the index of active
    /// offers has been withdrawn (the store never deletes offers).
    func observe(_ id: OfferID) throws -> Observation {
        guard let offer = try index.offer(id) else {
            return Observation(title: "", state: .withdrawn, material: MaterialSnapshot(values: [:]), nextDeadline: nil)
        }
        return Observation(
            title: offer.title, state: offer.schedule.isOpen(on: today) ? .active : .closed,
            material: MaterialSnapshot(offer), nextDeadline: offer.schedule.nextDeadline(after: today))
    }

    struct Observation {
        var title: String
        var state: ShortlistState
        var material: MaterialSnapshot
        var nextDeadline: Day?
    }
}
