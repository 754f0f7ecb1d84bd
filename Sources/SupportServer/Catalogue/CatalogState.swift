import Foundation
import Synchronization

/// The snapshot currently served, swapped atomically after an import.
///
/// Readers take the current snapshot under a lock held only for a reference copy, then work
/// without it; an import builds the next snapshot entirely outside the lock. So an import in
/// progress never blocks or slows a recommendation, and a half-built index is never visible.
public final class CatalogState: Sendable {
    private let current: Mutex<CatalogSnapshot?>

    public init(_ snapshot: CatalogSnapshot? = nil) {
        current = Mutex(snapshot)
    }

    /// The snapshot being served; `nil` until the first one is loaded (the service is then
    /// alive but not ready).
    public var snapshot: CatalogSnapshot? { current.withLock { $0 } }

    /// Publishes a complete snapshot.
    public func publish(_ snapshot: CatalogSnapshot) {
        current.withLock { $0 = snapshot }
    }
}
