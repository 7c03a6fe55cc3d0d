import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP port on 127.0.0.1 that was free a moment ago: the kernel's pick for a socket bound to port 0.
package func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, streamSocketType, 0)
    guard descriptor >= 0 else { throw socketError("socket") }
    defer { close(descriptor) }
    var address = loopbackAddress(port: 0)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else { throw socketError("bind") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard named == 0 else { throw socketError("getsockname") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
package func canConnect(toLoopbackPort port: Int) -> Bool {
    let descriptor = socket(AF_INET, streamSocketType, 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = loopbackAddress(port: port)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    return connected == 0
}

#if os(Linux)
    let streamSocketType = Int32(SOCK_STREAM.rawValue)
#else
    let streamSocketType = SOCK_STREAM
#endif

func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port)).bigEndian
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    return address
}

func socketError(_ call: String) -> ProcessFailure {
    ProcessFailure(
        command: [call], status: errno, terminatedBySignal: false, stdout: "",
        stderr: "\(call) failed with errno \(errno)")
}

/// Waits up to ten seconds for a server process to accept connections on a loopback port; false when
/// it exits first or never listens.
func waitUntilListening(port: Int, process: Process) -> Bool {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
        guard process.isRunning else { return false }
        if canConnect(toLoopbackPort: port) { return true }
        usleep(20_000)
    }
    return false
}

/// Stops a test server and reaps it.
///
/// SIGKILL rather than `terminate()`: Foundation's `Process` starts children with the signal mask of the
/// spawning thread, and Dispatch and Swift Testing worker threads block SIGTERM, so a server started from a
/// test never sees it. Test servers keep no state worth a graceful shutdown.
func stopServer(_ process: Process) {
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
}

/// Starts a test server on a free loopback port and waits until it accepts connections.
///
/// A port taken between choosing and binding it is retried with another one. `configure` makes the
/// process for a port (writing any config it needs); its output goes to a log in `folder`, which the
/// error quotes when no attempt comes up.
func startLoopbackServer(
    _ name: String, logsIn folder: String, attempts: Int = 5, configure: (_ port: Int) throws -> Process
) throws -> (process: Process, port: Int) {
    var lastLog = ""
    var command: [String] = [name]
    for attempt in 0..<attempts {
        let port = try freeLoopbackPort()
        let log = "\(folder)/\(name)-\(attempt).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = try configure(port)
        command = [process.executableURL?.path ?? name] + (process.arguments ?? [])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        if waitUntilListening(port: port, process: process) { return (process, port) }
        stopServer(process)
        lastLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }
    throw ProcessFailure(
        command: command, status: -1, terminatedBySignal: false, stdout: "",
        stderr: "\(name) did not start listening on 127.0.0.1: \(lastLog)")
}
