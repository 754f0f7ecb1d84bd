public import Hummingbird

/// The request context of every route. Bodies are read explicitly with the limit that fits
/// the route (a profile is small, a catalogue upload is large); `maxUploadSize` bounds
/// anything decoded through Hummingbird's own helpers.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { 256 * 1024 }
}
