import GitKit
import GitspacesTestSupport
import Testing

@Suite struct RepositoryTests {
    @Test func opensANonBareRepositoryAtItsWorkTree() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try GitFixture(at: directory.appending("work"))
        try fixture.commit("initial")

        let repository = try Repository.open(at: fixture.path)

        #expect(!repository.isBare)
        #expect(repository.path == fixture.path)
    }

    @Test func createsAndReopensABareRepository() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("nested/mirror.git")

        let created = try Repository.initBare(at: path)
        let reopened = try Repository.open(at: path)

        #expect(created.isBare)
        #expect(reopened.isBare)
        #expect(reopened.path == path)
    }

    @Test func openingAFolderWithoutARepositoryIsNotFound() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        let error = #expect(throws: GitError.self) { try Repository.open(at: directory.path) }

        #expect(error?.code == .notFound)
        #expect(error?.call == "git_repository_open")
        #expect(error?.description.hasPrefix("git_repository_open: ") == true)
    }

    @Test func resolvesBranchesTagsShasAndExpressionsToCommits() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)
        let annotatedTagObject = try sample.fixture.git("rev-parse", "v2")

        #expect(try repository.resolveCommit("main").hex == sample.second)
        #expect(try repository.resolveCommit("feature").hex == sample.feature)
        #expect(try repository.resolveCommit("refs/heads/feature").hex == sample.feature)
        #expect(try repository.resolveCommit("v1").hex == sample.first)
        #expect(annotatedTagObject != sample.second)
        #expect(try repository.resolveCommit("v2").hex == sample.second)
        #expect(try repository.resolveCommit(sample.first).hex == sample.first)
        #expect(try repository.resolveCommit(String(sample.first.prefix(8))).hex == sample.first)
        #expect(try repository.resolveCommit(sample.first.uppercased()).hex == sample.first)
        #expect(try repository.resolveCommit("HEAD~1").hex == sample.first)
    }

    @Test(arguments: ["no-such-branch", "refs/heads/gone", "v9.9", "HEAD~5"])
    func aMissingRevisionIsNotFoundAndNamed(revision: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)

        let error = #expect(throws: GitError.self) { try repository.resolveCommit(revision) }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains("'\(revision)'") == true)
    }

    @Test func aRevisionNamingATreeIsNotACommit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)

        let error = #expect(throws: GitError.self) { try repository.resolveCommit("main^{tree}") }

        #expect(error?.code == .invalidSpec)
        #expect(error?.message.contains("main^{tree}") == true)
    }

    @Test func listsLocalBranchesWithTheirCommits() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)

        let branches = try repository.branches()

        #expect(branches.mapValues(\.hex) == ["main": sample.second, "feature": sample.feature])
    }

    @Test func defaultBranchIsTheBranchHeadPointsTo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)
        #expect(try repository.defaultBranch() == "main")

        try sample.fixture.checkout("feature")
        #expect(try repository.defaultBranch() == "feature")

        try sample.fixture.checkout(sample.first)
        #expect(try repository.defaultBranch() == nil)
    }

    @Test func anEmptyRepositoryHasNoDefaultBranchAndNoBranches() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let repository = try Repository.initBare(at: directory.appending("empty.git"))

        #expect(try repository.defaultBranch() == nil)
        #expect(try repository.branches().isEmpty)
    }
}
