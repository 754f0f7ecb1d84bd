import Foundation

/// Runs blocking work (GRDB, building an index) on a global dispatch queue and awaits its
/// result, rather than tying up one of the few threads of Swift's cooperative pool.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}
