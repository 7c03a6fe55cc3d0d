import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The hijacked connection of a started exec: the process's stdin one way, its output the other way.
///
/// `DockerClient.startExec(_:tty:)` hands it out once the engine has switched protocols. `bridge(input:output:errorOutput:)`
/// then copies bytes both ways on two threads of its own (blocking reads never run on the cooperative pool): the end
/// of `input` is passed on as a half-close, so the process sees end-of-file on its stdin while its output still
/// flows back, and the bridge ends when the process closes its output. Without a TTY the output is the engine's
/// multiplexed stream and is split into stdout and stderr; with a TTY it is one raw stream.
package final class ExecConnection: @unchecked Sendable {
    /// The exec instance this connection belongs to (for `resizeExec` and `execExitCode`).
    package let execID: String
    /// Whether the exec runs with a pseudo-terminal (its output is then one raw stream).
    package let tty: Bool
    let operation: String
    private let descriptor: Int32
    /// Bytes of the stream that arrived together with the response head.
    private let leftover: [UInt8]
    /// Guards `closed` and `bridged` (the only mutable state).
    private let lock = NSLock()
    private var closed = false
    private var bridged = false

    init(execID: String, tty: Bool, descriptor: Int32, leftover: [UInt8], operation: String) {
        self.execID = execID
        self.tty = tty
        self.descriptor = descriptor
        self.leftover = leftover
        self.operation = operation
    }

    deinit {
        close()
    }

    /// Closes the connection; a running `bridge` ends (the process in the container is not killed by this: it
    /// sees its stdin and output close).
    package func close() {
        let wasOpen = lock.withLock {
            defer { closed = true }
            return !closed
        }
        if wasOpen { _ = Glibc.close(descriptor) }
    }

    /// Copies `input` to the process and its output to `output` and `errorOutput` until the process closes its
    /// output (it ended, or closed both streams). Call it once.
    ///
    /// - Parameters:
    ///   - input: a file descriptor read until end-of-file, which then half-closes the connection (without a TTY);
    ///     `nil` to send nothing (the process's stdin, when attached, is closed at once).
    ///   - output: where stdout goes (everything, with a TTY).
    ///   - errorOutput: where stderr goes (unused with a TTY).
    /// - Throws: `.protocolError` when the stream framing breaks or the connection fails; `CancellationError` when the
    ///   calling task is cancelled (the connection is shut down).
    package func bridge(input: Int32?, output: Int32, errorOutput: Int32) async throws {
        let alreadyBridged = lock.withLock {
            defer { bridged = true }
            return bridged
        }
        precondition(!alreadyBridged, "ExecConnection.bridge called twice")
        let descriptor = descriptor
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let pump = Pump(
                    socket: descriptor, input: input, output: output, errorOutput: errorOutput, tty: tty,
                    leftover: leftover, operation: operation)
                Thread.detachNewThread {
                    continuation.resume(with: pump.run())
                }
            }
        } onCancel: {
            _ = shutdown(descriptor, Int32(SHUT_RDWR))
        }
        if Task.isCancelled { throw CancellationError() }
    }
}

/// The two copy loops of one bridge.
private struct Pump: Sendable {
    let socket: Int32
    let input: Int32?
    let output: Int32
    let errorOutput: Int32
    let tty: Bool
    let leftover: [UInt8]
    let operation: String

    /// Runs the output loop on the calling thread and the input loop on another; returns when the output ends and
    /// the input loop has stopped.
    func run() -> Result<Void, any Error> {
        // The input loop waits on its input and on this pipe, which says "stop" once the output has ended.
        var wake: [Int32] = [-1, -1]
        guard pipe(&wake) == 0 else {
            return .failure(failure("cannot create a pipe: \(String(cString: strerror(errno)))"))
        }
        let done = DispatchSemaphore(value: 0)
        if let input {
            let stop = wake[0]
            let socket = socket
            let halfClose = !tty
            Thread.detachNewThread {
                Self.copyInput(from: input, to: socket, stop: stop, halfClose: halfClose)
                done.signal()
            }
        } else {
            if !tty { _ = shutdown(socket, Int32(SHUT_WR)) }
            done.signal()
        }
        let result = copyOutput()
        var byte: UInt8 = 1
        _ = write(wake[1], &byte, 1)
        done.wait()
        _ = close(wake[0])
        _ = close(wake[1])
        return result
    }

    /// Copies `input` to `socket` until `input` ends (then half-closes when `halfClose`) or `stop` is readable.
    private static func copyInput(from input: Int32, to socket: Int32, stop: Int32, halfClose: Bool) {
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        while true {
            var fds = [
                pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if count <= 0 { break }
            guard sendAll(Array(buffer[0..<count]), to: socket) else { return }
        }
        // End of input: the process sees end-of-file on its stdin, its output keeps coming. Not with a TTY: the
        // engine would hang up the terminal, and a terminal's end of input is a Ctrl-D the process reads itself.
        if halfClose { _ = shutdown(socket, Int32(SHUT_WR)) }
    }

    private func copyOutput() -> Result<Void, any Error> {
        var demultiplexer = StreamDemultiplexer()
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        var pending = leftover
        while true {
            if pending.isEmpty {
                let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if count < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    return .failure(failure("reading the exec output failed: \(reason)"))
                }
                if count == 0 { break }
                pending = Array(buffer[0..<count])
            }
            if tty {
                Self.writeAll(pending, to: output)
            } else {
                do {
                    for chunk in try demultiplexer.feed(pending) {
                        Self.writeAll(chunk.bytes, to: chunk.stream == .stderr ? errorOutput : output)
                    }
                } catch {
                    return .failure(failure("the exec output: \(error)"))
                }
            }
            pending = []
        }
        if !tty {
            do { try demultiplexer.finish() } catch { return .failure(failure("the exec output: \(error)")) }
        }
        return .success(())
    }

    private func failure(_ message: String) -> EngineError {
        EngineError(.protocolError, message: message, operation: operation)
    }

    /// Sends every byte; `false` when the connection is gone.
    private static func sendAll(_ bytes: [UInt8], to socket: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Writes every byte; a reader that went away (a closed pipe) drops the rest.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
