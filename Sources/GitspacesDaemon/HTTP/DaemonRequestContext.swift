import Hummingbird
import NIOCore

/// The context of a request to the daemon: Hummingbird's own storage, the peer's address for the log, and the
/// body exactly as received, which `RequestBodyMiddleware` reads once (up to the limit) before any route runs.
/// The webhook checks its HMAC over `rawBody`, so no decoding or re-encoding ever stands between the two.
struct DaemonRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer, as `[IPv4]127.0.0.1/127.0.0.1:54321`; `unknown` when the channel has none.
    let remote: String
    /// Every byte of the request body, once `RequestBodyMiddleware` has read it.
    var rawBody = ByteBuffer()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remote = source.channel.remoteAddress?.description ?? "unknown"
    }
}
