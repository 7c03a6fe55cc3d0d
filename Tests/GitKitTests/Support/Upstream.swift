import GitspacesTestSupport
import Testing

/// How a test reaches the upstream repository.
enum Transport: String, CaseIterable, CustomTestStringConvertible {
    case fileURL = "file://"
    case gitDaemon = "git://"
    case plainPath = "path"

    var testDescription: String { rawValue }
}

/// An upstream repository in a temporary folder, served over `transport`, and a place for mirrors.
final class Upstream {
    let directory: TemporaryDirectory
    let sample: SampleRepository
    let url: String
    private let daemon: GitDaemon?

    var fixture: GitFixture { sample.fixture }

    init(_ transport: Transport) throws {
        directory = try TemporaryDirectory()
        sample = try SampleRepository(at: directory.appending("served/upstream"))
        switch transport {
        case .fileURL:
            daemon = nil
            url = sample.fixture.url
        case .plainPath:
            daemon = nil
            url = sample.fixture.path
        case .gitDaemon:
            let daemon = try GitDaemon(basePath: directory.appending("served"))
            self.daemon = daemon
            url = daemon.url(for: "upstream")
        }
    }

    /// Where a test keeps its mirror.
    var mirrorPath: String { directory.appending("mirrors/upstream.git") }

    deinit {
        daemon?.stop()
        directory.remove()
    }
}
