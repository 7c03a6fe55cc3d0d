import Foundation
import GitKit
import GitspacesTestSupport
import Testing

@Suite struct FetchMirrorTests {
    @Test(arguments: Transport.allCases)
    func mirrorsEveryBranchAndTagAndTheDefaultBranch(transport: Transport) throws {
        let upstream = try Upstream(transport)

        let (mirror, result) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none)

        #expect(mirror.isBare)
        #expect(
            try mirror.branches().mapValues(\.hex) == [
                "main": upstream.sample.second, "feature": upstream.sample.feature,
            ])
        #expect(try mirror.resolveCommit("v1").hex == upstream.sample.first)
        #expect(try mirror.resolveCommit("v2").hex == upstream.sample.second)
        #expect(try mirror.defaultBranch() == "main")
        #expect(result.defaultBranch == "main")
        #expect(result.receivedObjects > 0)
        let files = try mirror.files(at: try mirror.resolveCommit("main"), under: "config")
        #expect(files.map(\.path) == ["config/alpha.yaml", "config/empty.yaml", "config/team/beta.yml"])
        #expect(try mirror.blob(files[0].blob) == Array(SampleRepository.alphaYAML.utf8))
    }

    @Test(arguments: Transport.allCases)
    func fetchingAgainBringsNewUpstreamCommits(transport: Transport) throws {
        let upstream = try Upstream(transport)
        _ = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none)

        try upstream.fixture.write("config/gamma.yaml", "kind: Gitspace\n")
        let newTip = try upstream.fixture.commit("add gamma")
        let (mirror, result) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none)

        #expect(try mirror.resolveCommit("main").hex == newTip)
        #expect(result.receivedObjects > 0)
        let paths = try mirror.files(at: try mirror.resolveCommit("main"), under: "config").map(\.path)
        #expect(paths.contains("config/gamma.yaml"))

        let (_, unchanged) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none)
        #expect(unchanged.receivedObjects == 0)
    }

    @Test(arguments: Transport.allCases)
    func branchesAndTagsDeletedOrRewrittenUpstreamAreMirrored(transport: Transport) throws {
        let upstream = try Upstream(transport)
        try upstream.fixture.branch("short-lived")
        try upstream.fixture.tag("doomed")
        let (mirror, _) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none)
        #expect(try mirror.branches().keys.contains("short-lived"))

        try upstream.fixture.deleteBranch("short-lived")
        try upstream.fixture.git("tag", "-d", "doomed")
        try upstream.fixture.checkout("feature")
        try upstream.fixture.git("reset", "--quiet", "--hard", upstream.sample.first)
        try upstream.fixture.write("rewritten.txt", "history rewritten\n")
        let rewritten = try upstream.fixture.commit("rewritten feature")
        try upstream.fixture.checkout("main")
        _ = try mirror.fetchMirror(from: upstream.url, credentials: .none)

        #expect(try mirror.branches().mapValues(\.hex) == ["main": upstream.sample.second, "feature": rewritten])
        let error = #expect(throws: GitError.self) { try mirror.resolveCommit("doomed") }
        #expect(error?.code == .notFound)
    }

    @Test(arguments: Transport.allCases)
    func theMirrorsHeadFollowsTheRemotesDefaultBranch(transport: Transport) throws {
        let upstream = try Upstream(transport)
        let (mirror, _) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none)
        #expect(try mirror.defaultBranch() == "main")

        try upstream.fixture.checkout("feature")
        let result = try mirror.fetchMirror(from: upstream.url, credentials: .none)

        #expect(result.defaultBranch == "feature")
        #expect(try mirror.defaultBranch() == "feature")
        #expect(try mirror.resolveCommit("HEAD").hex == upstream.sample.feature)
    }

    @Test func reportsProgressWhileReceivingAPack() throws {
        let upstream = try Upstream(.gitDaemon)
        let reports = ProgressLog()

        let (_, result) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none) { progress in
            reports.append(progress)
        }

        let last = try #require(reports.last)
        #expect(last.totalObjects > 0)
        #expect(last.receivedObjects == last.totalObjects)
        #expect(last.indexedObjects == last.totalObjects)
        #expect(result.receivedObjects == last.receivedObjects)
        #expect(result.receivedBytes > 0)
    }

    @Test func anUnreachableServerIsANetworkError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let port = try freeLoopbackPort()
        let url = "git://127.0.0.1:\(port)/nothing-listens"

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: url, at: directory.appending("mirror.git"), credentials: .none)
        }

        #expect(error?.code == .network, "\(String(describing: error))")
        #expect(error?.call == "git_remote_connect")
        #expect(error?.message.contains(url) == true)
    }

    @Test func aMissingLocalRepositoryIsNotFound() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let mirror = try Repository.initBare(at: directory.appending("mirror.git"))

        let error = #expect(throws: GitError.self) {
            try mirror.fetchMirror(from: directory.appending("does-not-exist"), credentials: .none)
        }

        #expect(error?.call == "git_remote_connect")
        #expect(error?.code == .notFound, "\(String(describing: error))")
        #expect(error?.message.contains("does-not-exist") == true)
    }

    @Test func fetchingAMirrorIntoAWorkTreeIsRefused() throws {
        let upstream = try Upstream(.fileURL)
        let work = try GitFixture(at: upstream.directory.appending("work"))
        try work.commit("initial")
        let repository = try Repository.open(at: work.path)

        let error = #expect(throws: GitError.self) {
            try repository.fetchMirror(from: upstream.url, credentials: .none)
        }

        #expect(error?.code == .unsupported)
        #expect(try repository.branches().keys.sorted() == ["main"])
    }

    @Test func syncRefusesAFolderThatIsNotARepository() throws {
        let upstream = try Upstream(.fileURL)
        let occupied = upstream.directory.appending("occupied")
        try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: false)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: "\(occupied)/notes.txt"))

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: occupied, credentials: .none)
        }

        #expect(error?.code == .exists)
        #expect(error?.message.contains(occupied) == true)
    }

    @Test func syncCreatesTheMirrorInAnExistingEmptyFolder() throws {
        let upstream = try Upstream(.fileURL)
        let empty = upstream.directory.appending("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)

        let (mirror, _) = try Mirror.sync(url: upstream.url, at: empty, credentials: .none)

        #expect(mirror.isBare)
        #expect(try mirror.resolveCommit("main").hex == upstream.sample.second)
    }
}

/// Progress reports collected from the fetching thread.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [FetchProgress] = []

    func append(_ report: FetchProgress) {
        lock.withLock { reports.append(report) }
    }

    var last: FetchProgress? {
        lock.withLock { reports.last }
    }
}
