import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The local terminal in raw mode while an interactive session runs: keys go to the remote side unchanged
/// (Ctrl-C included), and the saved mode comes back on `restore()`, at exit, and on SIGTERM, SIGHUP and SIGQUIT.
final class RawTerminal: @unchecked Sendable {
    private let descriptor: Int32
    private var saved = termios()
    private let lock = NSLock()
    private var active = false
    private var signalSources: [any DispatchSourceSignal] = []

    /// Puts `descriptor` (a terminal) in raw mode; nil when it is not a terminal or the mode cannot be read.
    init?(descriptor: Int32 = STDIN_FILENO) {
        self.descriptor = descriptor
        guard isatty(descriptor) == 1, tcgetattr(descriptor, &saved) == 0 else { return nil }
        var raw = saved
        cfmakeraw(&raw)
        guard tcsetattr(descriptor, TCSADRAIN, &raw) == 0 else { return nil }
        active = true
        for signalNumber in [SIGTERM, SIGHUP, SIGQUIT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                restore()
                signal(signalNumber, SIG_DFL)
                raise(signalNumber)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Puts the saved mode back (once).
    func restore() {
        lock.lock()
        defer { lock.unlock() }
        guard active else { return }
        active = false
        _ = tcsetattr(descriptor, TCSADRAIN, &saved)
    }

    deinit {
        restore()
        for source in signalSources { source.cancel() }
    }

    /// The size of the terminal on `descriptor` (rows, columns), nil when it is not a terminal.
    static func size(of descriptor: Int32 = STDOUT_FILENO) -> (rows: Int, columns: Int)? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
    }
}
