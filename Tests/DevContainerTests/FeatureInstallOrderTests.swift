import DevContainer
import Shared
import Testing

/// Install order: dependsOn (hard, identity = reference + options), installsAfter (soft, by normalised id,
/// among the features present), overrideFeatureInstallOrder priorities, the round comparator, cycles.
@Suite struct FeatureInstallOrderTests {
    /// A graph: devcontainer.json's `features` text, and per reference the feature's json fields.
    static func order(
        _ features: String, _ graph: [String: String], override: [String] = []
    ) throws -> [String] {
        let overrideText =
            override.isEmpty
            ? "" : ",\n\"overrideFeatureInstallOrder\": [\(override.map { "\"\($0)\"" }.joined(separator: ","))]"
        let config = try Fixture.parse("{\n\"image\": \"x\",\n\"features\": \(features)\(overrideText)\n}").config
        let requests = FeatureRequest.read(config)
        #expect(requests.errors.isEmpty)
        let metadata = try featureMetadata(graph, version: "1.0.0")
        let order = try FeatureInstallOrder.compute(
            requests.requests, metadata: metadata, overrideOrder: config.overrideFeatureInstallOrder,
            configFolder: ".devcontainer", featuresSource: config.source(of: "features"))
        return order.map { instance in
            let options = instance.request.optionsAsWritten.rendered(pretty: false)
            return options == "{}" || options == "true"
                ? instance.reference.written : "\(instance.reference.written)\(options)"
        }
    }

    @Test func withoutDependenciesOneRoundSortedByResource() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/c:1": {}, "ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/b:1": {}}"#,
            ["ghcr.io/x/f/a:1": "", "ghcr.io/x/f/b:1": "", "ghcr.io/x/f/c:1": ""])
        #expect(order == ["ghcr.io/x/f/a:1", "ghcr.io/x/f/b:1", "ghcr.io/x/f/c:1"])
    }

    @Test func dependsOnIsInstalledFirstAndRecursively() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:1": {}}"#,
            [
                "ghcr.io/x/f/a:1": #""dependsOn": {"ghcr.io/x/f/b:1": {}}"#,
                "ghcr.io/x/f/b:1": #""dependsOn": {"ghcr.io/x/f/c:1": {}}"#,
                "ghcr.io/x/f/c:1": "",
            ])
        #expect(order == ["ghcr.io/x/f/c:1", "ghcr.io/x/f/b:1", "ghcr.io/x/f/a:1"])
    }

    @Test func dependsOnWithOtherOptionsIsAnotherFeature() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/b:1": {"level": "2"}}"#,
            [
                "ghcr.io/x/f/a:1": #""dependsOn": {"ghcr.io/x/f/b:1": {"level": "1"}}"#,
                "ghcr.io/x/f/b:1": "",
            ])
        #expect(order == [#"ghcr.io/x/f/b:1{"level":"1"}"#, #"ghcr.io/x/f/b:1{"level":"2"}"#, "ghcr.io/x/f/a:1"])
    }

    @Test func dependsOnWithTheSameOptionsIsInstalledOnce() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/b:1": {"level": "1"}}"#,
            [
                "ghcr.io/x/f/a:1": #""dependsOn": {"ghcr.io/x/f/b:1": {"level": "1"}}"#,
                "ghcr.io/x/f/b:1": "",
            ])
        #expect(order == [#"ghcr.io/x/f/b:1{"level":"1"}"#, "ghcr.io/x/f/a:1"])
    }

    @Test func installsAfterIsSoftAndMatchedByNormalisedID() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/z:2": {}}"#,
            [
                "ghcr.io/x/f/a:1": #""installsAfter": ["ghcr.io/x/f/z", "ghcr.io/x/f/absent"]"#,
                "ghcr.io/x/f/z:2": "",
            ])
        #expect(order == ["ghcr.io/x/f/z:2", "ghcr.io/x/f/a:1"])
        let absent = try Self.order(
            #"{"ghcr.io/x/f/b:1": {}, "ghcr.io/x/f/a:1": {}}"#,
            ["ghcr.io/x/f/a:1": #""installsAfter": ["ghcr.io/x/f/absent"]"#, "ghcr.io/x/f/b:1": ""])
        #expect(absent == ["ghcr.io/x/f/a:1", "ghcr.io/x/f/b:1"])
    }

    @Test func installsAfterMatchesLegacyIds() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/new-name:1": {}}"#,
            [
                "ghcr.io/x/f/a:1": #""installsAfter": ["ghcr.io/x/f/old-name"]"#,
                "ghcr.io/x/f/new-name:1": #""legacyIds": ["old-name"]"#,
            ])
        #expect(order == ["ghcr.io/x/f/new-name:1", "ghcr.io/x/f/a:1"])
    }

    @Test func localFeaturesOrderByInstallsAfterAndDependsOn() throws {
        let order = try Self.order(
            #"{"./b": {}, "./a": {"greeting": "hi"}}"#,
            ["./a": #""dependsOn": {"./c": {}}"#, "./b": #""installsAfter": ["./a"]"#, "./c": ""])
        #expect(order == ["./c", #"./a{"greeting":"hi"}"#, "./b"])
    }

    @Test func overrideFeatureInstallOrderGivesRoundPriority() throws {
        let graph = ["ghcr.io/x/f/a:1": "", "ghcr.io/x/f/b:1": "", "ghcr.io/x/f/c:1": ""]
        let features = #"{"ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/b:1": {}, "ghcr.io/x/f/c:1": {}}"#
        #expect(
            try Self.order(features, graph, override: ["ghcr.io/x/f/c", "ghcr.io/x/f/b:1"])
                == ["ghcr.io/x/f/c:1", "ghcr.io/x/f/b:1", "ghcr.io/x/f/a:1"])
        #expect(
            try Self.order(features, graph, override: ["ghcr.io/x/f/b"])
                == ["ghcr.io/x/f/b:1", "ghcr.io/x/f/a:1", "ghcr.io/x/f/c:1"])
    }

    @Test func overrideCannotBreakAHardDependency() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/d:1": {}}"#,
            [
                "ghcr.io/x/f/a:1": #""dependsOn": {"ghcr.io/x/f/b:1": {}}"#, "ghcr.io/x/f/b:1": "",
                "ghcr.io/x/f/d:1": "",
            ],
            override: ["ghcr.io/x/f/a"])
        // Only b and d are ready in the first round (a waits for b), both of priority 0: a comes last.
        #expect(order == ["ghcr.io/x/f/b:1", "ghcr.io/x/f/d:1", "ghcr.io/x/f/a:1"])
    }

    @Test func aCycleIsAnErrorNamingTheFeaturesAtTheFeaturesLine() {
        do {
            _ = try Self.order(
                #"{"./a": {}, "./c": {}}"#,
                [
                    "./a": #""dependsOn": {"./b": {}}"#, "./b": #""installsAfter": ["./a"], "dependsOn": {"./a": {}}"#,
                    "./c": "",
                ])
            Issue.record("a cycle was accepted")
        } catch {
            let message = (error as? DevContainerError)?.description ?? ""
            #expect(
                message.hasPrefix(
                    ".devcontainer/devcontainer.json:3:13: error: features depend on each other in a cycle"))
            #expect(message.contains("./a") && message.contains("./b") && !message.contains("./c"))
        }
    }

    @Test func aDependencyNotFetchedIsReportedAndMissingListsIt() throws {
        let config = try Fixture.parse(#"{"image": "x", "features": {"./a": {}}}"#).config
        let requests = FeatureRequest.read(config).requests
        let a = try FeatureMetadata.parse(
            bytes: Array(#"{"id": "a", "dependsOn": {"ghcr.io/x/f/b:1": {}}}"#.utf8), file: "a"
        ).metadata
        let metadata: [FeatureReference.Kind: FeatureMetadata] = [.local(path: ".devcontainer/a"): a]
        #expect(
            FeatureInstallOrder.missing(requests, metadata: metadata).map(\.reference.written) == ["ghcr.io/x/f/b:1"])
        #expect(throws: DevContainerError.self) {
            try FeatureInstallOrder.compute(requests, metadata: metadata, featuresSource: config.source(of: "features"))
        }
    }

    // The reference compares tags as text (`localeCompare`), not as versions: 1.10 before 1.9.
    @Test func theComparatorOrdersTagsAsText() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:latest": {}, "ghcr.io/x/f/a:2": {}, "ghcr.io/x/f/a:1.10": {}, "ghcr.io/x/f/a:1.9": {}}"#,
            ["ghcr.io/x/f/a:latest": "", "ghcr.io/x/f/a:2": "", "ghcr.io/x/f/a:1.10": "", "ghcr.io/x/f/a:1.9": ""])
        #expect(order == ["ghcr.io/x/f/a:1.10", "ghcr.io/x/f/a:1.9", "ghcr.io/x/f/a:2", "ghcr.io/x/f/a:latest"])
    }

    @Test func optionsOrderByTheirNumberBeforeTheirNames() throws {
        let order = try Self.order(
            #"{"./a": {}, "./b": {"a": "1", "b": "1"}}"#,
            ["./a": #""dependsOn": {"./b": {"z": "1"}}"#, "./b": ""])
        #expect(order == [#"./b{"z":"1"}"#, #"./b{"a":"1","b":"1"}"#, "./a"])
    }

    @Test func aFeatureListedTwiceInTheOverrideKeepsItsHighestPriority() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/b:1": {}, "ghcr.io/x/f/c:1": {}}"#,
            ["ghcr.io/x/f/a:1": "", "ghcr.io/x/f/b:1": "", "ghcr.io/x/f/c:1": ""],
            override: ["ghcr.io/x/f/c", "ghcr.io/x/f/b", "ghcr.io/x/f/c:1"])
        #expect(order == ["ghcr.io/x/f/c:1", "ghcr.io/x/f/b:1", "ghcr.io/x/f/a:1"])
    }

    @Test func theOverrideMatchesTheResourceNotLegacyIds() throws {
        let order = try Self.order(
            #"{"ghcr.io/x/f/a:1": {}, "ghcr.io/x/f/new-name:1": {}}"#,
            ["ghcr.io/x/f/a:1": "", "ghcr.io/x/f/new-name:1": #""legacyIds": ["old-name"]"#],
            override: ["ghcr.io/x/f/old-name"])
        #expect(order == ["ghcr.io/x/f/a:1", "ghcr.io/x/f/new-name:1"])
    }
}
