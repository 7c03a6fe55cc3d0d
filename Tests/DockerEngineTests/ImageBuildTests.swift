import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

@Suite("image builds")
struct ImageBuildTests {
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""

        func add(_ piece: String) {
            lock.withLock { text += piece }
        }

        var all: String { lock.withLock { text } }
    }

    @Test func buildFromAnInMemoryContextProducesAnImageWithItsFilesLabelsAndArgs() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            var context = TarArchive()
            context.addFile(
                "Dockerfile",
                contents: """
                    FROM \(BusyboxImage.reference) AS base
                    ARG FLAVOUR=plain
                    COPY app/greeting.txt /opt/app/greeting.txt
                    RUN echo "flavour=$FLAVOUR" > /opt/app/flavour && chmod -R a+r /opt/app
                    ENV APP_HOME=/opt/app
                    USER 1000
                    WORKDIR /opt/app
                    CMD ["cat", "greeting.txt"]

                    FROM base AS extra
                    RUN echo never > /opt/app/extra

                    """)
            context.addDirectory("app")
            context.addFile("app/greeting.txt", contents: "hello from the context\n")
            let tag = "gitspaces-test/build:\(scope.caseID.prefix(12))"
            await scope.imagesToRemove.add(tag)
            let output = Output()
            let id = try await docker.buildImage(
                context: .tar(context.bytes), tag: tag, buildArgs: ["FLAVOUR": "spicy"], target: "base",
                labels: scope.labels, output: { output.add($0) })
            #expect(id.hasPrefix("sha256:"))
            #expect(output.all.contains("Step 1/"))
            #expect(!output.all.contains("echo never"))

            let image = try #require(try await docker.inspectImage(tag))
            #expect(image.id == id)
            #expect(image.repoTags.contains(tag))
            #expect(image.config.labels[TestRun.labelKey] == TestRun.id)
            #expect(image.config.user == "1000")
            #expect(image.config.workingDir == "/opt/app")
            #expect(image.config.env.contains("APP_HOME=/opt/app"))
            #expect(image.config.cmd == ["cat", "greeting.txt"])

            let container = try await docker.create(
                name: scope.name("built"), spec: ContainerSpec(image: tag, labels: scope.labels))
            try await docker.start(container)
            #expect(try await docker.wait(container) == 0)
            var printed = ""
            for try await chunk in try await docker.logs(container) { printed += chunk.text }
            #expect(printed == "hello from the context\n")
        }
    }

    @Test func buildFromATarFileOnDisk() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            var context = TarArchive()
            context.addFile("build/Containerfile", contents: "FROM \(BusyboxImage.reference)\nCOPY . /ctx\n")
            context.addFile("build/data.bin", contents: (0..<200_000).map { UInt8($0 % 251) })
            let path = directory.appending("context.tar")
            try Data(context.bytes).write(to: URL(fileURLWithPath: path))
            let tag = "gitspaces-test/build-file:\(scope.caseID.prefix(12))"
            await scope.imagesToRemove.add(tag)
            let id = try await docker.buildImage(
                context: .tarFile(path: path), tag: tag, dockerfile: "build/Containerfile", labels: scope.labels)
            #expect(try await docker.inspectImage(tag)?.id == id)
        }
    }

    @Test func anUntaggedBuildReturnsTheIDTheEngineReports() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            var context = TarArchive()
            context.addFile("Dockerfile", contents: "FROM \(BusyboxImage.reference)\nRUN echo \(scope.caseID) > /id\n")
            let id = try await docker.buildImage(context: .tar(context.bytes), labels: scope.labels)
            await scope.imagesToRemove.add(id)
            let image = try #require(try await docker.inspectImage(id))
            #expect(image.id == id)
            #expect(image.repoTags.isEmpty)
            let listed = try await docker.listImages(labels: [DockerTestScope.caseLabelKey: scope.caseID])
            #expect(listed.map(\.id) == [id])
            #expect(listed.first?.repoTags == [])
            #expect(listed.first?.labels[TestRun.labelKey] == TestRun.id)
        }
    }

    @Test func aBrokenDockerfileFailsWithTheEnginesMessage() async throws {
        try await withDockerTestScope { docker, scope in
            var context = TarArchive()
            context.addFile("Dockerfile", contents: "FROM scratch\nFROBNICATE the widgets\n")
            let error = try await #require(throws: EngineError.self) {
                try await docker.buildImage(context: .tar(context.bytes), labels: scope.labels)
            }
            #expect(error.code == .buildFailed)
            #expect(error.message.lowercased().contains("unknown instruction"))
            #expect(error.message.lowercased().contains("frobnicate"))
        }
    }

    @Test func aFailingRunStepFailsWithTheEnginesMessage() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            var context = TarArchive()
            context.addFile(
                "Dockerfile", contents: "FROM \(BusyboxImage.reference)\nRUN echo about to fail && exit 3\n")
            let output = Output()
            let error = try await #require(throws: EngineError.self) {
                try await docker.buildImage(
                    context: .tar(context.bytes), labels: scope.labels, output: { output.add($0) })
            }
            #expect(error.code == .buildFailed)
            #expect(error.message.contains("returned a non-zero code: 3"))
            #expect(output.all.contains("about to fail"))
        }
    }

    @Test func aMissingCopySourceFailsWithTheEnginesMessage() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            var context = TarArchive()
            context.addFile("Dockerfile", contents: "FROM \(BusyboxImage.reference)\nCOPY missing.txt /\n")
            let error = try await #require(throws: EngineError.self) {
                try await docker.buildImage(context: .tar(context.bytes), labels: scope.labels)
            }
            #expect(error.code == .buildFailed)
            #expect(error.message.contains("missing.txt"))
        }
    }

    @Test func tagAndRemoveImage() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let tag = "gitspaces-test/retag:\(scope.caseID.prefix(12))"
            await scope.imagesToRemove.add(tag)
            try await docker.tagImage(BusyboxImage.reference, as: tag)
            let original = try #require(try await docker.inspectImage(BusyboxImage.reference))
            #expect(try await docker.inspectImage(tag)?.id == original.id)
            #expect(try await docker.removeImage(tag))
            #expect(try await docker.inspectImage(tag) == nil)
            #expect(try await docker.removeImage(tag) == false)
            // Removing a tag leaves the image and its other tags alone.
            #expect(try await docker.inspectImage(BusyboxImage.reference)?.id == original.id)
        }
    }
}
