/// How a command run with `DockerClient.exec` ended, and what it wrote.
package struct ExecResult: Sendable, Hashable {
    /// The command's exit status (126/127 when it could not be run).
    package var exitCode: Int
    /// Standard output (its last `DockerClient.execCaptureLimit` bytes), as UTF-8 with repair.
    package var stdout: String
    /// Standard error (its last `DockerClient.execCaptureLimit` bytes), as UTF-8 with repair.
    package var stderr: String
    /// Whether the start of stdout or stderr was dropped to stay within the limit.
    package var truncated: Bool

    /// Creates a result.
    package init(exitCode: Int, stdout: String, stderr: String, truncated: Bool = false) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.truncated = truncated
    }
}
