import GitKit
import GitspacesTestSupport
import Testing

@Suite struct TreeTests {
    @Test func listsEveryRegularFileOfACommitSortedByPath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)
        let commit = try repository.resolveCommit("main")

        let files = try repository.files(at: commit, under: nil)

        #expect(try sample.fixture.git("ls-tree", "main", "scripts/run.sh").hasPrefix("100755 blob"))
        #expect(try sample.fixture.git("ls-tree", "main", "config/link.yaml").hasPrefix("120000 blob"))
        #expect(files.map(\.path) == SampleRepository.filesAtSecond)
        #expect(try repository.files(at: commit, under: "") == files)
        #expect(try repository.files(at: commit, under: ".") == files)
        for file in files {
            #expect(file.blob.hex == (try sample.fixture.git("rev-parse", "main:\(file.path)")))
        }
    }

    @Test func listsTheFilesOfAnOlderCommitWithoutAWorkTree() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)

        let files = try repository.files(at: try repository.resolveCommit("v1"), under: nil)

        #expect(files.map(\.path) == ["README.md", "config/alpha.yaml"])
    }

    @Test(arguments: ["config", "config/", "/config", "./config"])
    func listsOnlyTheFilesUnderAFolderWithFullPaths(folder: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)

        let files = try repository.files(at: try repository.resolveCommit("main"), under: folder)

        #expect(files.map(\.path) == ["config/alpha.yaml", "config/empty.yaml", "config/team/beta.yml"])
    }

    @Test func aPathThatIsAFileListsThatFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)

        let files = try repository.files(at: try repository.resolveCommit("main"), under: "config/team/beta.yml")

        #expect(files.map(\.path) == ["config/team/beta.yml"])
        #expect(files.first?.blob.hex == (try sample.fixture.git("rev-parse", "main:config/team/beta.yml")))
    }

    @Test(arguments: ["missing", "config/missing.yaml", "README.md/inner"])
    func aMissingPathIsNotFoundAndNamed(path: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)
        let commit = try repository.resolveCommit("main")

        let error = #expect(throws: GitError.self) { try repository.files(at: commit, under: path) }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains("'\(path)'") == true)
        #expect(error?.message.contains(commit.hex) == true)
    }

    @Test func aPathLeavingTheRepositoryIsInvalid() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)

        let error = #expect(throws: GitError.self) {
            try repository.files(at: try repository.resolveCommit("main"), under: "config/../../etc")
        }

        #expect(error?.code == .invalidSpec)
    }

    @Test func aSymbolicLinkNamedDirectlyIsUnsupported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)

        let error = #expect(throws: GitError.self) {
            try repository.files(at: try repository.resolveCommit("main"), under: "config/link.yaml")
        }

        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("symbolic link") == true)
    }

    @Test func anUnknownCommitIsNotFound() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sample = try SampleRepository(at: directory.appending("work"))
        let repository = try Repository.open(at: sample.fixture.path)
        let unknown = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))

        let error = #expect(throws: GitError.self) { try repository.files(at: unknown, under: nil) }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains(unknown.hex) == true)
    }

    @Test func blobsReturnTheCommittedBytes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try GitFixture(at: directory.appending("work"))
        let binary: [UInt8] = [0, 1, 2, 0xFF, 0xFE, 0x0A, 0x0D, 0x80]
        try fixture.write("text.yaml", SampleRepository.alphaYAML)
        try fixture.write("unicode.yaml", "name: \u{00E9}t\u{00E9} \u{1F680}\n")
        try fixture.write("binary.bin", bytes: binary)
        try fixture.write("empty", "")
        try fixture.commit("contents")
        let repository = try Repository.open(at: fixture.path)
        let files = try repository.files(at: try repository.resolveCommit("HEAD"), under: nil)
        let contents = Dictionary(uniqueKeysWithValues: try files.map { ($0.path, try repository.blob($0.blob)) })

        #expect(contents["text.yaml"] == Array(SampleRepository.alphaYAML.utf8))
        #expect(contents["unicode.yaml"] == Array("name: \u{00E9}t\u{00E9} \u{1F680}\n".utf8))
        #expect(contents["binary.bin"] == binary)
        #expect(contents["empty"] == [])
    }

    @Test func anUnknownBlobIsNotFound() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let repository = try Repository.initBare(at: directory.appending("bare.git"))
        let unknown = try #require(ObjectID(hex: String(repeating: "cd", count: 20)))

        let error = #expect(throws: GitError.self) { try repository.blob(unknown) }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains(unknown.hex) == true)
    }
}

@Suite struct LargeTreeTests {
    @Test func readsTenThousandFilesAndTheirBlobsQuickly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try GitFixture(at: directory.appending("large"))
        var manifests: [String: String] = ["README.md": "not a manifest\n"]
        for team in 0..<100 {
            for index in 0..<100 {
                let name = "gs-\(team)-\(index)"
                manifests["manifests/team-\(team)/\(name).yaml"] =
                    "apiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {name: \(name)}\nspec: {repo: /srv/\(name)}\n"
            }
        }
        let sha = try fixture.commitFiles(manifests, message: "ten thousand manifests")
        let repository = try Repository.open(at: fixture.path)
        let commit = try #require(ObjectID(hex: sha))

        // Correctness only: the speed is measured in make bench, never asserted here.
        let files = try repository.files(at: commit, under: "manifests")
        var totalBytes = 0
        for file in files {
            totalBytes += try repository.blob(file.blob).count
        }

        #expect(files.count == 10_000)
        #expect(files.map(\.path) == manifests.keys.filter { $0.hasPrefix("manifests/") }.sorted())
        #expect(
            totalBytes == manifests.filter { $0.key.hasPrefix("manifests/") }.values.reduce(0) { $0 + $1.utf8.count })
    }
}
