/// Which stored offers to read: the current catalogue by default, withdrawn ones on request.
/// What to list among them is an ``OfferQuery`` (SupportModel), the same for every front end.
public enum LifecycleFilter: String, Sendable, CaseIterable {
    case active, withdrawn, all
}
