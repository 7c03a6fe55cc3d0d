/// How a command run with `DockerClient.exec` ended, and what it wrote.
public struct ExecResult: Sendable, Hashable {
    /// The command's exit status (126/127 when it could not be run).
    public var exitCode: Int
    /// Standard output (its last `DockerClient.execCaptureLimit` bytes), as UTF-8 with repair.
    public var stdout: String
    /// Standard error (its last `DockerClient.execCaptureLimit` bytes), as UTF-8 with repair.
    public var stderr: String
    /// Whether the start of stdout or stderr was dropped to stay within the limit.
    public var truncated: Bool

    /// Creates a result.
    public init(exitCode: Int, stdout: String, stderr: String, truncated: Bool = false) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.truncated = truncated
    }
}
