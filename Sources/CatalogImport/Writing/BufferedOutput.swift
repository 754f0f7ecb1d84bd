import Foundation

/// Collects bytes and hands them on in large chunks, so writing 100,000 offers does not make
/// 100,000 small system calls.
final class BufferedOutput {
    private var buffer: [UInt8] = []
    private let sink: (Data) throws -> Void
    private let chunkSize: Int

    init(chunkSize: Int = 256 * 1024, sink: @escaping (Data) throws -> Void) {
        self.sink = sink
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + 4096)
    }

    func append(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= chunkSize { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Why an offer could not be written.
public struct NativeWriterError: Error, Sendable, CustomStringConvertible {
    public var offerID: String?
    public var message: String

    public init(offerID: String?, _ message: String) {
        self.offerID = offerID
        self.message = message
    }

    public var description: String { (offerID.map { "\($0): " } ?? "") + message }
}
