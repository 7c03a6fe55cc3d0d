package import Logging
import Redaction

/// Wraps a log handler so that no message or metadata value carries a URL's credentials: whatever a library
/// logs (an error quoting a remote, say), a token is masked before it reaches a log.
package struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler

    package init(_ wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    package var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    package var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    package func log(event: LogEvent) {
        var event = event
        event.message = "\(Redact.text("\(event.message)"))"
        event.metadata = event.metadata?.mapValues { .string(Redact.text("\($0)")) }
        var handler = wrapped
        handler.metadata = wrapped.metadata.mapValues { .string(Redact.text("\($0)")) }
        handler.log(event: event)
    }
}
