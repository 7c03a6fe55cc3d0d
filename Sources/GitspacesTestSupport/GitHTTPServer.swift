import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Smart HTTP over TLS: `git http-backend` serving every repository under a folder at
/// `https://127.0.0.1:PORT/NAME`, behind a small Python 3 server with a fresh self-signed certificate.
///
/// Every request must carry HTTP Basic credentials `username:token`; anything else is answered with
/// `401 Unauthorized` and `WWW-Authenticate: Basic realm="git"`. Each request (authorised or not) is counted.
/// Listens on loopback only, on a free port; stopped by `stop()` or when released. Needs `python3`, `openssl`
/// and git's `git-http-backend`.
package final class GitHTTPServer: @unchecked Sendable {
    /// The folder whose repositories are served (a repository at `basePath/NAME` is `url(for: "NAME")`).
    package let basePath: String
    /// The port the server listens on.
    package let port: Int
    /// The user name the server expects.
    package let username: String
    /// The token the server expects as the password.
    package let token: String
    /// The server's self-signed certificate (PEM), which is also its own certificate authority.
    package let caFile: String
    private let process: Process
    private let directory: TemporaryDirectory
    private let requestLog: String

    /// Generates a certificate, starts the server and waits until it accepts connections.
    package init(basePath: String, username: String = "x-access-token", token: String) throws {
        let directory = try TemporaryDirectory()
        do {
            let certificate = directory.appending("cert.pem")
            let key = directory.appending("key.pem")
            try run(
                "openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:127.0.0.1", "-keyout", key, "-out", certificate,
                ])
            let script = directory.appending("server.py")
            try Data(Self.script.utf8).write(to: URL(fileURLWithPath: script))
            let requestLog = directory.appending("requests.log")
            _ = FileManager.default.createFile(atPath: requestLog, contents: nil)
            let backend = try Self.backendExecutable()
            let (process, port) = try startLoopbackServer("https-git", logsIn: directory.path) { port in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try resolveExecutable("python3"))
                process.arguments = [
                    script, String(port), basePath, certificate, key, username, token, requestLog, backend,
                ]
                process.environment = ProcessInfo.processInfo.environment.merging(GitFixture.environment) {
                    _, new in new
                }
                return process
            }
            self.basePath = basePath
            self.port = port
            self.username = username
            self.token = token
            self.caFile = certificate
            self.process = process
            self.directory = directory
            self.requestLog = requestLog
        } catch {
            directory.remove()
            throw error
        }
    }

    deinit {
        stop()
        directory.remove()
    }

    /// `https://127.0.0.1:PORT/name`.
    package func url(for repositoryName: String) -> String {
        "https://127.0.0.1:\(port)/\(repositoryName)"
    }

    /// How many HTTP requests reached the server so far, answered or refused.
    package func requestCount() -> Int {
        requests().count
    }

    /// One line per request so far: `METHOD PATH?QUERY STATUS`.
    package func requests() -> [String] {
        let text = (try? String(contentsOfFile: requestLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Stops the server and waits for it to exit; calling it again does nothing.
    package func stop() {
        stopServer(process)
    }

    private static func backendExecutable() throws -> String {
        let execPath = try run("git", ["--exec-path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let backend = "\(execPath)/git-http-backend"
        guard FileManager.default.isExecutableFile(atPath: backend) else {
            throw ProcessFailure(
                command: ["git", "http-backend"], status: 127, terminatedBySignal: false, stdout: "",
                stderr: "\(backend) is missing: install git (Debian: the git package)")
        }
        return backend
    }

    /// The server: `http.server` over `ssl`, running `git-http-backend` as a CGI per request.
    private static let script = #"""
        import base64, os, ssl, subprocess, sys, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        port, root, cert, key, user, token, log, backend = sys.argv[1:9]
        expected = "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()
        lock = threading.Lock()

        def record(method, path, status):
            with lock, open(log, "a") as f:
                f.write(f"{method} {path} {status}\n")

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def reply(self, status, headers, payload):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def handle_git(self):
                request = self.body()
                path, _, query = self.path.partition("?")
                if self.headers.get("Authorization") != expected:
                    record(self.command, self.path, 401)
                    self.reply(401, [("WWW-Authenticate", 'Basic realm="git"')], b"")
                    return
                env = dict(os.environ)
                env.update({
                    "GIT_PROJECT_ROOT": root, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": path,
                    "QUERY_STRING": query, "REQUEST_METHOD": self.command, "REMOTE_USER": user,
                    "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                    "CONTENT_LENGTH": str(len(request)),
                })
                if self.headers.get("Git-Protocol"):
                    env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
                result = subprocess.run([backend], input=request, env=env, capture_output=True)
                output = result.stdout
                ends = [(i, n) for i, n in ((output.find(b"\r\n\r\n"), 4), (output.find(b"\n\n"), 2)) if i >= 0]
                separator, skip = min(ends) if ends else (-1, 0)
                if separator < 0:
                    record(self.command, self.path, 500)
                    self.reply(500, [], result.stderr)
                    return
                status, headers = 200, []
                for line in output[:separator].decode("latin-1").splitlines():
                    name, _, value = line.partition(":")
                    if name.lower() == "status":
                        status = int(value.strip().split()[0])
                    elif name:
                        headers.append((name, value.strip()))
                record(self.command, self.path, status)
                self.reply(status, headers, output[separator + skip:])

            do_GET = handle_git
            do_POST = handle_git

        server = ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.serve_forever()
        """#
}
