public import CatalogStore
import Logging
import PostgresNIO

extension PostgresEngine {
    /// The channel every committed import notifies (``importTransaction(_:)``).
    static let importChannel = "supportmatch_imports"

    /// LISTENs for committed imports on a connection of its own (a pooled connection is
    /// leased by one transaction at a time and may be dropped after a failure; a listener must
    /// stay put). When that connection is lost, reports `lost`, waits (a quarter second, then
    /// doubling up to 5 s, so a database that is down is not hammered) and reconnects; the
    /// follower polls meanwhile. Returns when the calling task is cancelled.
    ///
    /// Async rather than blocking like the rest of the engine: it waits most of its life, and
    /// an `await` on NIO holds no thread.
    public func watchImports(_ signal: @escaping @Sendable (ImportSignal) -> Void) async {
        var pause = Duration.milliseconds(250)
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 0, logger: logger)
                do {
                    try await connection.listen(on: Self.importChannel) { notifications in
                        signal(.watching)
                        pause = .milliseconds(250)
                        for try await _ in notifications { signal(.imported) }
                    }
                } catch {
                    logger.debug("import listener stopped", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await connection.close()
            } catch {
                logger.debug("import listener cannot connect", metadata: ["error": "\(String(reflecting: error))"])
            }
            guard !Task.isCancelled else { return }
            signal(.lost)
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
    }
}
