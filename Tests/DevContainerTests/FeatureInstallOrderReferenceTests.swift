import DevContainer
import Shared
import Testing

/// The reference implementation's own install-order cases (devcontainers/cli,
/// `src/test/container-features/containerFeaturesOrder.test.ts`, configs under
/// `src/test/container-features/configs/feature-dependencies/`), ported as values: each test names the
/// reference test it comes from. Where a feature's devcontainer-feature.json is not in the reference's
/// repository (published features, and a few local ones), its metadata is the smallest one consistent with
/// the order the reference asserts; those entries are marked "inferred".
@Suite struct FeatureInstallOrderReferenceTests {
    /// Installs `config` (a devcontainer.json in `.devcontainer/`) given each reference's
    /// devcontainer-feature.json fields, and returns every installed feature as `reference options`.
    static func order(_ config: String, _ graph: [String: String]) throws -> [String] {
        let parsed = try Fixture.parse(config).config
        let requests = FeatureRequest.read(parsed)
        #expect(requests.errors.isEmpty)
        let metadata = try featureMetadata(graph, version: "0.0.1")
        let order = try FeatureInstallOrder.compute(
            requests.requests, metadata: metadata, overrideOrder: parsed.overrideFeatureInstallOrder,
            configFolder: ".devcontainer", featuresSource: parsed.source(of: "features"))
        return order.map { "\($0.reference.written) \($0.request.optionsAsWritten.rendered(pretty: false))" }
    }

    /// The message of the cycle error `config` must fail with.
    static func cycle(_ config: String, _ graph: [String: String]) -> String {
        do {
            let order = try order(config, graph)
            Issue.record("a cycle was accepted: \(order)")
            return ""
        } catch {
            return (error as? DevContainerError)?.description ?? "\(error)"
        }
    }

    // "installsAfter" / "valid installsAfter with file-path Features" (installsAfter/local-simple).
    @Test func installsAfterLocalSimple() throws {
        let order = try Self.order(
            #"{"image": "x", "features": {"./a": {}, "./c": {"magicNumber": "321"}}}"#,
            [
                "./a": #""installsAfter": ["./b", "./c"]"#,
                "./c": "",  // inferred
            ])
        #expect(order == [#"./c {"magicNumber":"321"}"#, "./a {}"])
    }

    // "installsAfter" / "invalid circular dependency" (installsAfter/invalid-circular).
    @Test func installsAfterInvalidCircular() {
        let message = Self.cycle(
            #"{"image": "x", "features": {"./a": {}, "./b": {}, "./c": {}}}"#,
            [
                "./a": #""installsAfter": ["./b"]"#, "./b": #""installsAfter": ["./c"]"#,
                "./c": #""installsAfter": ["./a"]"#,
            ])
        #expect(
            message
                == ".devcontainer/devcontainer.json:1:28: error: features depend on each other in a cycle "
                + "(dependsOn/installsAfter): ./a, ./b, ./c; break the cycle")
    }

    // "dependsOn" / "valid dependsOn with file-path Features" (dependsOn/local-simple; its devcontainer.json
    // and b are inferred: only ./a is listed, b depends on nothing).
    @Test func dependsOnLocalSimple() throws {
        let order = try Self.order(
            #"{"image": "x", "features": {"./a": {}}}"#,
            ["./a": #""dependsOn": {"./b": {"magicNumber": "50"}}"#, "./b": ""])
        #expect(order == [#"./b {"magicNumber":"50"}"#, "./a {}"])
    }

    // "dependsOn" / "valid dependsOn with round sorting based on options" (dependsOn/local-with-options):
    // ./b five times, once per distinct options object, ordered by number of options then values.
    @Test func dependsOnLocalWithOptions() throws {
        let order = try Self.order(
            #"{"image": "x", "features": {"./a": {"optA": "a", "optB": "b"}, "./b": {"optA": "a", "optB": "b"}}}"#,
            [
                "./a": #""dependsOn": {"./b": {"optA": "a", "optB": "a"}, "./c": {}}"#,
                "./b": "",
                "./c": #""dependsOn": {"./b": {"optA": "b", "optB": "a"}, "./d": {}, "./e": {}}"#,
                "./d": #""dependsOn": {"./b": {"optA": "b", "optB": "b"}}"#,
                "./e": #""dependsOn": {"./b": {}}"#,
            ])
        #expect(
            order == [
                "./b {}", #"./b {"optA":"a","optB":"a"}"#, #"./b {"optA":"a","optB":"b"}"#,
                #"./b {"optA":"b","optB":"a"}"#, #"./b {"optA":"b","optB":"b"}"#, "./d {}", "./e {}", "./c {}",
                #"./a {"optA":"a","optB":"b"}"#,
            ])
    }

    /// The published features ghcr.io/codspace/dependson/{a,b,c,d,e} (inferred from the orders the
    /// reference asserts for oci-ab, tgz-ab and mixed): a needs D and E, c needs A, b needs C.
    static let codspaceDependsOn = [
        "ghcr.io/codspace/dependson/a":
            #""dependsOn": {"ghcr.io/codspace/dependson/D": {"magicNumber": "30"}, "ghcr.io/codspace/dependson/E": {"magicNumber": "50"}}"#,
        "ghcr.io/codspace/dependson/b": #""dependsOn": {"ghcr.io/codspace/dependson/C": {"magicNumber": "20"}}"#,
        "ghcr.io/codspace/dependson/c": #""dependsOn": {"ghcr.io/codspace/dependson/A": {"magicNumber": "40"}}"#,
        "ghcr.io/codspace/dependson/d": "",
        "ghcr.io/codspace/dependson/e": "",
    ]

    // "dependsOn" / "valid dependsOn with published oci Features" (dependsOn/oci-ab): a and A are one
    // published feature, installed twice for their two options; metadata inferred.
    @Test func dependsOnOCI() throws {
        let order = try Self.order(
            #"""
            {"image": "x", "features": {
                "ghcr.io/codspace/dependson/b": {"magicNumber": "400"},
                "ghcr.io/codspace/dependson/a": {"magicNumber": "10"}}}
            """#,
            Self.codspaceDependsOn)
        #expect(
            order == [
                #"ghcr.io/codspace/dependson/D {"magicNumber":"30"}"#,
                #"ghcr.io/codspace/dependson/E {"magicNumber":"50"}"#,
                #"ghcr.io/codspace/dependson/a {"magicNumber":"10"}"#,
                #"ghcr.io/codspace/dependson/A {"magicNumber":"40"}"#,
                #"ghcr.io/codspace/dependson/C {"magicNumber":"20"}"#,
                #"ghcr.io/codspace/dependson/b {"magicNumber":"400"}"#,
            ])
    }

    // "dependsOn" / "valid dependsOn with published tgz and oci Features" (dependsOn/tgz-ab): the tarballs
    // A and B depend like the OCI a and b; a round of both kinds is ordered by the reference as written.
    @Test func dependsOnTarballAndOCI() throws {
        let release = "https://github.com/codspace/tgz-features-with-dependson/releases/download/0.0.2"
        var graph = Self.codspaceDependsOn
        graph["\(release)/devcontainer-feature-A.tgz"] = graph["ghcr.io/codspace/dependson/a"]
        graph["\(release)/devcontainer-feature-B.tgz"] = graph["ghcr.io/codspace/dependson/b"]
        let order = try Self.order(
            """
            {"image": "x", "features": {
                "\(release)/devcontainer-feature-B.tgz": {"magicNumber": "400"},
                "\(release)/devcontainer-feature-A.tgz": {"magicNumber": "10"}}}
            """,
            graph)
        #expect(
            order == [
                #"ghcr.io/codspace/dependson/D {"magicNumber":"30"}"#,
                #"ghcr.io/codspace/dependson/E {"magicNumber":"50"}"#,
                #"ghcr.io/codspace/dependson/A {"magicNumber":"40"}"#,
                #"\#(release)/devcontainer-feature-A.tgz {"magicNumber":"10"}"#,
                #"ghcr.io/codspace/dependson/C {"magicNumber":"20"}"#,
                #"\#(release)/devcontainer-feature-B.tgz {"magicNumber":"400"}"#,
            ])
    }

    // "dependsOn" / "invalid circular dependency" (dependsOn/invalid-circular; its devcontainer.json is
    // inferred: only ./a is listed). c's dependency on ./a with other options is a second ./a.
    @Test func dependsOnInvalidCircular() {
        let message = Self.cycle(
            #"{"image": "x", "features": {"./a": {}}}"#,
            [
                "./a": #""dependsOn": {"./b": {}}"#, "./b": #""dependsOn": {"./c": {"magicNumber": "50"}}"#,
                "./c": #""dependsOn": {"./a": {"magicNumber": "50"}}"#,
            ])
        #expect(
            message
                == ".devcontainer/devcontainer.json:1:28: error: features depend on each other in a cycle "
                + "(dependsOn/installsAfter): ./a, ./b, ./c; break the cycle")
    }

    // "dependsOnAndInstallsAfter" / "valid dependsOn/installsAfter with file-path Features"
    // (dependsOn-and-installsAfter/local-simple): ./b is not installed, so the soft dependency is dropped.
    @Test func dependsOnAndInstallsAfterLocalSimple() throws {
        let order = try Self.order(
            #"{"image": "x", "features": {"./a": {}}}"#,
            [
                "./a": #""installsAfter": ["./b"], "dependsOn": {"./c": {"magicNumber": "321"}}"#,
                "./b": "", "./c": "",  // c inferred
            ])
        #expect(order == [#"./c {"magicNumber":"321"}"#, "./a {}"])
    }

    // "overrideFeatureInstallOrder" / "valid 1 override with file-path Features"
    // (overrideFeatureInstallOrder/local-simple; a..d inferred: a needs b, c and d).
    @Test func overrideLocalSimple() throws {
        let order = try Self.order(
            #"{"image": "x", "features": {"./a": {}}, "overrideFeatureInstallOrder": ["./c"]}"#,
            ["./a": #""dependsOn": {"./b": {}, "./c": {}, "./d": {}}"#, "./b": "", "./c": "", "./d": ""])
        #expect(order == ["./c {}", "./b {}", "./d {}", "./a {}"])
    }

    // "overrideFeatureInstallOrder" / "valid 2 overrides with file-path Features"
    // (overrideFeatureInstallOrder/local-intermediate; c inferred).
    @Test func overrideLocalIntermediate() throws {
        let order = try Self.order(
            #"{"image": "x", "features": {"./a": {}}, "overrideFeatureInstallOrder": ["./c", "./d"]}"#,
            [
                "./a": #""dependsOn": {"./b": {}, "./d": {}}, "installsAfter": ["./c"]"#,
                "./b": #""dependsOn": {"./c": {}}"#, "./c": "", "./d": "",
            ])
        #expect(order == ["./c {}", "./d {}", "./b {}", "./a {}"])
    }

    // "overrideFeatureInstallOrder" / "valid 3 overrides with file-path Feature where round priority beats
    // independent feature" (overrideFeatureInstallOrder/local-roundPriority; c inferred).
    @Test func overrideRoundPriorityBeatsAnIndependentFeature() throws {
        let order = try Self.order(
            #"""
            {"image": "x", "features": {"./b": {}, "./c": {}},
             "overrideFeatureInstallOrder": ["./a", "./b", "./c"]}
            """#,
            ["./a": "", "./b": #""dependsOn": {"./a": {}}"#, "./c": ""])
        #expect(order == ["./a {}", "./b {}", "./c {}"])
    }

    // "overrideFeatureInstallOrder" / "valid 2 overrides with mixed Feature types"
    // (overrideFeatureInstallOrder/mixed; b and d inferred, published features as in dependsOnOCI).
    @Test func overrideMixedKinds() throws {
        var graph = Self.codspaceDependsOn
        graph["./a"] =
            #""dependsOn": {"./b": {}, "./c": {}, "./d": {}, "ghcr.io/codspace/dependson/b": {"magicNumber": "400"}}"#
        graph["./b"] = ""
        graph["./c"] = ""
        graph["./d"] = ""
        let order = try Self.order(
            #"""
            {"image": "x", "features": {"./a": {}},
             "overrideFeatureInstallOrder": ["ghcr.io/codspace/dependson/a", "./d"]}
            """#,
            graph)
        #expect(
            order == [
                "./d {}", "./b {}", "./c {}",
                #"ghcr.io/codspace/dependson/D {"magicNumber":"30"}"#,
                #"ghcr.io/codspace/dependson/E {"magicNumber":"50"}"#,
                #"ghcr.io/codspace/dependson/A {"magicNumber":"40"}"#,
                #"ghcr.io/codspace/dependson/C {"magicNumber":"20"}"#,
                #"ghcr.io/codspace/dependson/b {"magicNumber":"400"}"#,
                "./a {}",
            ])
    }

    // "overrideFeatureInstallOrder" / "valid 3 overrides with mixed v2 Feature types"
    // (overrideFeatureInstallOrder/image-with-v2-features-with-overrideFeatureInstallOrder; every feature's
    // metadata inferred without dependencies): a digest reference is matched by an override without version.
    @Test func overrideMixedV2Kinds() throws {
        let python =
            "ghcr.io/devcontainers/features/python@sha256:"
            + "675f3c93e52fa4b205827e3aae744905ae67951f70e3ec2611f766304b31f4a2"
        let dind =
            "https://github.com/codspace/features/releases/download/tarball02/devcontainer-feature-docker-in-docker.tgz"
        let order = try Self.order(
            """
            {"image": "x", "features": {
                "\(python)": {"version": "none"},
                "ghcr.io/codspace/features/python:1": {"version": "none"},
                "./localFeatureA": {"greeting": "buongiorno"},
                "./localFeatureB": {"greeting": "buongiorno"},
                "\(dind)": {"version": "latest"}},
             "overrideFeatureInstallOrder": ["./localFeatureA", "\(dind)", "ghcr.io/devcontainers/features/python"]}
            """,
            [
                python: "", "ghcr.io/codspace/features/python:1": "", "./localFeatureA": "", "./localFeatureB": "",
                dind: "",
            ])
        #expect(
            order == [
                #"./localFeatureA {"greeting":"buongiorno"}"#, #"\#(dind) {"version":"latest"}"#,
                #"\#(python) {"version":"none"}"#, #"./localFeatureB {"greeting":"buongiorno"}"#,
                #"ghcr.io/codspace/features/python:1 {"version":"none"}"#,
            ])
    }
}
