import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Counts open connections, in total and per client address, for ``ConnectionGuard``.
///
/// One instance per server, shared by every connection's handler (they run on different event
/// loops, hence the lock). Without it, each socket sending one byte every few seconds held a
/// file descriptor for as long as it liked: 20,000 of them locked every other client out.
final class ConnectionCounter: Sendable {
    let maxTotal: Int
    let maxPerAddress: Int
    private let counts = NIOLockedValueBox<(total: Int, byAddress: [String: Int])>((0, [:]))

    init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
    }

    /// Takes a slot for `address`, or returns `false` when a limit is reached.
    func open(_ address: String) -> Bool {
        counts.withLockedValue { counts in
            let mine = counts.byAddress[address, default: 0]
            guard counts.total < maxTotal, mine < maxPerAddress else { return false }
            counts.total += 1
            counts.byAddress[address] = mine + 1
            return true
        }
    }

    func close(_ address: String) {
        counts.withLockedValue { counts in
            counts.total -= 1
            let mine = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = mine > 0 ? mine : nil
        }
    }

    var total: Int { counts.withLockedValue { $0.total } }
}

/// Per connection: refuses it when the server or its client address has too many open, closes
/// it when a request's headers and body have not all arrived within the deadline, and answers
/// 400 to a request without exactly one `Host` header (it was answered 200).
///
/// The idle timeout alone restarts on every byte, so a body sent one byte every 4 s never
/// timed out. The deadline runs from the moment the connection waits for a request (it opens,
/// or the previous response is sent) until that request's last byte has been read, however
/// the bytes trickle in.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let counter: ConnectionCounter
    private let deadline: TimeAmount
    private var address: String?
    private var timer: Scheduled<Void>?

    init(counter: ConnectionCounter, deadline: TimeAmount) {
        self.counter = counter
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if address == nil { start(context) }
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard counter.open(address) else {
            context.close(promise: nil)
            return
        }
        self.address = address
        arm(context)
    }

    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: deadline) {
            loopBound.value.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if refusing { return }
        if case .head(let head) = part, let problem = Self.hostProblem(head) {
            refuse(context, problem)
            return
        }
        if case .end = part {
            // The whole request is in: the handler's own time is not the client's to use up.
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    /// Set once a request was refused here: what else arrives on the connection is dropped.
    private var refusing = false

    /// HTTP/1.1 requires exactly one `Host` field (RFC 9112, 3.2). The codec turns the first
    /// into the authority and leaves any other among the fields, so both cases are visible.
    static func hostProblem(_ head: HTTPRequest) -> String? {
        if head.authority == nil { return "the request has no Host header" }
        if let host = HTTPField.Name("Host"), !head.headerFields[values: host].isEmpty { return "the request has more than one Host header" }
        return nil
    }

    /// Answers 400 problem+json and closes the connection, without handing the request on.
    private func refuse(_ context: ChannelHandlerContext, _ detail: String) {
        refusing = true
        timer?.cancel()
        timer = nil
        let body = ByteBuffer(string: #"{"type":"/problems/bad-request","title":"Bad request","status":400,"detail":"\#(detail)"}"#)
        var response = HTTPResponse(status: .badRequest)
        response.headerFields[.contentType] = "application/problem+json"
        response.headerFields[.contentLength] = String(body.readableBytes)
        response.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .body: break
        case .end:
            responding = false
            arm(context)
        }
        context.write(data, promise: promise)
    }

    /// Whether a response has started and not ended: a parse error then can only close.
    private var responding = false

    /// A request the HTTP decoder cannot parse (a bad chunk size, say) is the client's fault:
    /// 400 rather than the 500 it got, unless a response is already on its way.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError, !refusing else {
            context.fireErrorCaught(error)
            return
        }
        if responding {
            context.close(promise: nil)
        } else {
            refuse(context, "the request is not valid HTTP/1.1")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    private func release() {
        timer?.cancel()
        timer = nil
        if let address {
            counter.close(address)
            self.address = nil
        }
    }
}
