import DevContainer
import DockerEngine
import Foundation
import FuzzTargets
import GitspacesCore
import GitspacesDaemon
import Testing

/// The seeds reach past the parsers' first error: libFuzzer mutates from there, so a corpus of rejected inputs
/// would leave the readers behind the syntax check unexplored.
struct FuzzSeedTests {
    @Test func manifestSeedsIncludeManifestsThatValidate() throws {
        let valid = try FuzzInputs.files(in: "corpus", for: .manifest).filter { file in
            let bytes = try FuzzInputs.bytes(of: file)
            return (try? ManifestLoader.load([SourceFile(path: "m.yaml", bytes: bytes)])) != nil
        }
        #expect(valid.count >= 3)
    }

    @Test func devcontainerSeedsIncludeConfigsThatParse() throws {
        let valid = try FuzzInputs.files(in: "corpus", for: .devcontainer).filter { file in
            (try? DevContainerConfig.parse(bytes: try FuzzInputs.bytes(of: file), file: "d.json")) != nil
        }
        #expect(valid.count >= 10)
    }

    @Test func featureSeedsIncludeMetadataThatParses() throws {
        let valid = try FuzzInputs.files(in: "corpus", for: .featureMetadata).filter { file in
            (try? FeatureMetadata.parse(bytes: try FuzzInputs.bytes(of: file), file: "f.json")) != nil
        }
        #expect(valid.count >= 3)
    }

    @Test func webhookSeedsSplitIntoHeadersAndBodyTheVerifierAccepts() throws {
        let verifier = WebhookVerifier(secret: FuzzTarget.webhookSecret)
        let folder = FuzzInputs.root.appending(path: "corpus/webhook")
        func check(_ name: String) throws -> WebhookVerifier.Refusal? {
            let (headers, body) = FuzzTarget.webhookRequest(try FuzzInputs.bytes(of: folder.appending(path: name)))
            return verifier.check(headers: headers, body: body)
        }
        #expect(try check("github-signed") == nil)
        #expect(try check("generic-signed") == nil)
        #expect(try check("empty-body") == nil)
        #expect(try check("mismatch") == .mismatch)
        #expect(try check("malformed") == .malformedSignature)
        #expect(try check("missing") == .missingSignature)
    }

    @Test func engineSeedsDecodeAsTheEngineResponsesTheyWereRecordedFrom() throws {
        let folder = FuzzInputs.root.appending(path: "corpus/engine-json")
        func data(_ name: String) throws -> Data { try Data(contentsOf: folder.appending(path: name)) }
        let decoder = JSONDecoder()
        #expect(try decoder.decode([ContainerSummary].self, from: data("container-list.json")).count == 1)
        #expect(try decoder.decode(ContainerDetails.self, from: data("container-inspect-running.json")).state.running)
        #expect(try !decoder.decode(ContainerDetails.self, from: data("container-inspect-exited.json")).state.running)
        _ = try decoder.decode(ImageDetails.self, from: data("image-inspect.json"))
        var splitter = JSONLineSplitter()
        let lines = try splitter.feed(Array(try data("build-progress.jsonl")))
        let messages = try lines.map { try decoder.decode(ProgressMessage.self, from: Data($0)) }
        #expect(messages.contains { $0.aux?.id?.hasPrefix("sha256:") == true })
    }
}
