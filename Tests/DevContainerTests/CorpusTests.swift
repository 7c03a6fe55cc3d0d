import DevContainer
import Foundation
import Shared
import Testing

/// Every devcontainer.json of the corpus resolves to its expected JSON (resolved config + warnings).
@Suite struct CorpusTests {
    static func actual(for corpusCase: CorpusCase) throws -> String {
        let resolution = try DevContainerResolver.resolve(
            configText: corpusCase.config, file: corpusCase.path, imageLabel: corpusCase.metadataLabel,
            context: Fixture.context)
        let output = JSONTree.object([
            "resolved": resolution.resolved.canonical,
            "warnings": .array(resolution.warnings.map { .string($0.description) }),
        ])
        return output.rendered()
    }

    @Test(arguments: CorpusCase.all)
    func resolvesToTheExpectedJSON(_ corpusCase: CorpusCase) throws {
        let actual = try Self.actual(for: corpusCase)
        let expected = try corpusCase.expected.canonicalJSON
        #expect(actual == expected, "\(corpusCase.name) resolved to:\n\(actual)")
    }

    @Test(arguments: CorpusCase.all)
    func resolvingIsDeterministic(_ corpusCase: CorpusCase) throws {
        #expect(try Self.actual(for: corpusCase) == Self.actual(for: corpusCase))
    }

    @Test func corpusNamesAreUnique() {
        #expect(Set(CorpusCase.all.map(\.name)).count == CorpusCase.all.count)
    }

    @Test(arguments: CorpusCase.all.filter { $0.config != nil })
    func commentsAndLayoutDoNotChangeTheResult(_ corpusCase: CorpusCase) throws {
        // The same config with a leading comment block and different line breaks resolves the same.
        let shifted = "// moved down\n/* by a comment */\n\n" + corpusCase.config!
        let original = try DevContainerResolver.resolve(
            configText: corpusCase.config, file: corpusCase.path, imageLabel: corpusCase.metadataLabel,
            context: Fixture.context)
        let moved = try DevContainerResolver.resolve(
            configText: shifted, file: corpusCase.path, imageLabel: corpusCase.metadataLabel, context: Fixture.context)
        #expect(original.resolved == moved.resolved)
        #expect(original.resolved.json() == moved.resolved.json())
    }

    @Test(arguments: CorpusCase.all)
    func encodableOutputMatchesTheCanonicalJSON(_ corpusCase: CorpusCase) throws {
        let resolved = try DevContainerResolver.resolve(
            configText: corpusCase.config, file: corpusCase.path, imageLabel: corpusCase.metadataLabel,
            context: Fixture.context
        ).resolved
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let first = try encoder.encode(resolved)
        #expect(try encoder.encode(resolved) == first)
        let decoded = try JSONC.parse(bytes: Array(first)).root.canonical
        #expect(decoded == resolved.canonical)
    }
}
