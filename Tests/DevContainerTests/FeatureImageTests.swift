import DevContainer
import Shared
import Testing

/// The features image (Dockerfile for the classic builder, label, tag), the lockfile and the resolve output.
@Suite struct FeatureImageTests {
    static let config = """
        {
          "image": "acme/dev:1",
          "features": {
            "./b": {"who": "config"},
            "./a": true
          },
          "containerEnv": {"SHARED": "config"},
          "capAdd": ["NET_ADMIN"],
          "postCreateCommand": "echo config"
        }
        """

    static let featureA = """
        {"id": "a", "version": "1.0.0", "options": {"level": {"type": "string", "default": "low"}},
         "containerEnv": {"A_HOME": "/opt/a", "SHARED": "a"}, "capAdd": ["SYS_PTRACE"], "init": true,
         "entrypoint": "/opt/a/start.sh", "mounts": ["type=volume,source=a,target=/data"],
         "postCreateCommand": "echo a", "onCreateCommand": "echo a-create"}
        """

    static let featureB = """
        {"id": "b", "version": "2.0.0", "options": {"who": {"type": "string", "default": "nobody"}},
         "dependsOn": {"./a": true}, "capAdd": ["NET_ADMIN"], "securityOpt": ["label=disable"],
         "postCreateCommand": ["echo", "b"], "containerEnv": {"B": "it's \\"quoted\\" $HOME"}}
        """

    static func features() throws -> [ResolvedFeature] {
        let config = try Fixture.parse(config).config
        var metadata: [FeatureReference.Kind: FeatureMetadata] = [:]
        metadata[.local(path: ".devcontainer/a")] = try FeatureMetadata.parse(
            bytes: Array(featureA.utf8), file: ".devcontainer/a/devcontainer-feature.json"
        ).metadata
        metadata[.local(path: ".devcontainer/b")] = try FeatureMetadata.parse(
            bytes: Array(featureB.utf8), file: ".devcontainer/b/devcontainer-feature.json"
        ).metadata
        let order = try FeatureInstallOrder.compute(
            FeatureRequest.read(config).requests, metadata: metadata, featuresSource: config.source(of: "features"))
        let resolved = ResolvedFeature.resolve(
            order,
            fetched: [
                .local(path: ".devcontainer/a"): (digest: "sha256:aaaa", resolved: ".devcontainer/a"),
                .local(path: ".devcontainer/b"): (digest: "sha256:bbbb", resolved: ".devcontainer/b"),
            ])
        #expect(resolved.diagnostics.isEmpty)
        return resolved.features
    }

    static let users = FeatureDockerfile.Users(containerUser: "root", remoteUser: "dev")

    @Test func theDockerfileInstallsEachFeatureAsRootAndRestoresTheUser() throws {
        let features = try Self.features()
        #expect(features.map(\.reference.written) == ["./a", "./b"])
        let image = FeatureDockerfile(
            baseImage: "acme/dev:1", baseUser: "dev", baseLabel: nil, features: features, users: Self.users)
        let lines = image.dockerfile.split(separator: "\n").map(String.init)
        #expect(lines[0] == "FROM acme/dev:1")
        #expect(lines.contains("COPY .gitspaces-features/ /tmp/gitspaces-features/"))
        #expect(lines.contains(#"ENV A_HOME="/opt/a""#))
        #expect(lines.contains(#"ENV B="it's \"quoted\" $HOME""#))
        let runA = try #require(lines.firstIndex(of: "RUN /bin/sh /tmp/gitspaces-features/1-a.install"))
        let runB = try #require(lines.firstIndex(of: "RUN /bin/sh /tmp/gitspaces-features/2-b.install"))
        #expect(runA < runB)
        #expect(lines[runA - 3] == "USER 0" && lines[runB - 2] == "USER 0")
        #expect(lines[lines.count - 2] == "USER dev")
        #expect(lines.last?.hasPrefix("LABEL devcontainer.metadata=\"[") == true)
        // The classic builder: no BuildKit syntax.
        #expect(
            !image.dockerfile.contains("--mount") && !image.dockerfile.contains("<<")
                && !image.dockerfile.contains("# syntax"))
        #expect(image.featureFolders == [".gitspaces-features/1-a", ".gitspaces-features/2-b"])
        #expect(
            String(decoding: image.files[".gitspaces-features/2-b/devcontainer-features.env"] ?? [], as: UTF8.self)
                == "WHO='config'\n")
        #expect(
            String(
                decoding: image.files[".gitspaces-features/1-a/devcontainer-features.builtin.env"] ?? [], as: UTF8.self)
                == "_CONTAINER_USER='root'\n_REMOTE_USER='dev'\n")
        let script = String(decoding: image.files[".gitspaces-features/1-a.install"] ?? [], as: UTF8.self)
        #expect(script.contains("cd '/tmp/gitspaces-features/1-a'"))
        #expect(script.contains("./install.sh || status=$?"))
        #expect(script.contains("'gitspaces: feature install failed:' './a' \"exit code $status\""))
    }

    @Test func aFailedInstallIsFoundInTheBuildOutput() {
        let output = "Step 5/9 : RUN ...\nboom\ngitspaces: feature install failed: ./b exit code 3\n"
        #expect(FeatureDockerfile.failedFeature(inBuildOutput: output) == "./b exit code 3")
        #expect(FeatureDockerfile.failedFeature(inBuildOutput: "all fine\n") == nil)
    }

    @Test func theLabelMergesFeaturesByTheReferenceRulesBeforeTheConfig() throws {
        let features = try Self.features()
        let base = #"[{"id": "base", "postCreateCommand": "echo base", "containerEnv": {"SHARED": "base"}}]"#
        let label = FeatureDockerfile.label(baseLabel: base, features: features)
        let image = FeatureDockerfile(
            baseImage: "acme/dev:1", baseUser: "", baseLabel: base, features: features, users: Self.users)
        #expect(image.dockerfile.contains(#"LABEL devcontainer.metadata="[{\"containerEnv\":{\"SHARED\":\"base\"}"#))
        #expect(image.dockerfile.contains("USER 0\nLABEL"))
        let resolved = try Fixture.resolve(Self.config, label: label).resolved
        #expect(
            resolved.commands(for: .postCreateCommand).map(\.origin) == ["base", "./a", "./b", "devcontainer.json"])
        #expect(resolved.commands(for: .onCreateCommand).map(\.origin) == ["./a"])
        #expect(resolved.containerEnv == ["SHARED": "config", "A_HOME": "/opt/a", "B": "it's \"quoted\" $HOME"])
        #expect(resolved.capAdd == ["SYS_PTRACE", "NET_ADMIN"])
        #expect(resolved.securityOpt == ["label=disable"])
        #expect(resolved.initProcess)
        #expect(resolved.entrypoints == ["/opt/a/start.sh"])
        #expect(resolved.mounts.map(\.target) == ["/data"])
    }

    @Test func featureEntriesMergeBeforeTheImageIsBuiltToo() throws {
        let features = try Self.features()
        let resolution = try DevContainerResolver.resolve(
            configText: Self.config, file: Fixture.file, features: features.map(\.metadataEntry),
            context: Fixture.context)
        #expect(
            resolution.resolved.commands(for: .postCreateCommand).map(\.origin) == ["./a", "./b", "devcontainer.json"])
        // A feature's dangerous request is refused by the same Policy, at the feature's file.
        let refusals = DevContainerPolicy.restrictive.check(resolution).map(\.description)
        #expect(
            refusals.contains {
                $0.hasPrefix(".devcontainer/b/devcontainer-feature.json:2:") && $0.contains("label=disable")
            })
        #expect(
            refusals.contains {
                $0.hasPrefix(".devcontainer/a/devcontainer-feature.json:2:") && $0.contains("SYS_PTRACE")
            })
    }

    @Test func aPrivilegedFeatureIsRefusedNamingTheFeature() throws {
        let metadata = try FeatureMetadata.parse(
            bytes: Array(#"{"id": "dind", "privileged": true}"#.utf8),
            file: "ghcr.io/devcontainers/features/docker-in-docker:2 devcontainer-feature.json"
        ).metadata
        let resolution = try DevContainerResolver.resolve(
            configText: #"{"image": "x"}"#, file: Fixture.file, features: [metadata.entry], context: Fixture.context)
        let refusals = DevContainerPolicy.restrictive.check(resolution).map(\.description)
        #expect(refusals.count == 1)
        #expect(
            refusals.first?.hasPrefix("ghcr.io/devcontainers/features/docker-in-docker:2 devcontainer-feature.json:1:")
                == true)
        #expect(refusals.first?.contains("allowPrivileged") == true)
        #expect(DevContainerPolicy(allowPrivileged: true).check(resolution).isEmpty)
    }

    @Test func theTagIsADigestOfBaseContentOptionsAndOrder() throws {
        let features = try Self.features()
        let tag = FeatureDockerfile.tag(
            name: "payments", baseImage: "acme/dev:1", features: features, users: Self.users)
        #expect(tag.hasPrefix("gitspaces-features/payments:") && tag.count == "gitspaces-features/payments:".count + 16)
        #expect(
            tag
                == FeatureDockerfile.tag(
                    name: "payments", baseImage: "acme/dev:1", features: features, users: Self.users))
        var changed = features
        changed[0].contentDigest = "sha256:other"
        #expect(
            tag
                != FeatureDockerfile.tag(
                    name: "payments", baseImage: "acme/dev:1", features: changed, users: Self.users))
        changed = features
        changed[1].options.values["who"] = .string("else")
        #expect(
            tag
                != FeatureDockerfile.tag(
                    name: "payments", baseImage: "acme/dev:1", features: changed, users: Self.users))
        #expect(
            tag
                != FeatureDockerfile.tag(
                    name: "payments", baseImage: "acme/dev:1", features: features.reversed(), users: Self.users))
        #expect(
            tag
                != FeatureDockerfile.tag(
                    name: "payments", baseImage: "acme/dev:2", features: features, users: Self.users))
    }

    @Test func resolveListsFeaturesInInstallOrderWithOptionsAsWritten() throws {
        let entries = try Self.features().map(\.resolveEntry)
        #expect(
            JSONTree.array(entries).rendered(pretty: false)
                == #"[{"env":{"LEVEL":"low"},"id":"a","options":true,"ref":"./a","resolved":".devcontainer/a","version":"1.0.0"},{"env":{"WHO":"config"},"id":"b","options":{"who":"config"},"ref":"./b","resolved":".devcontainer/b","version":"2.0.0"}]"#
        )
    }

    @Test func theLockfileReadsAndWritesLikeTheReference() throws {
        let text = """
            {
              "features": {
                "ghcr.io/devcontainers/features/node:1": {
                  "version": "1.6.1",
                  "resolved": "ghcr.io/devcontainers/features/node@sha256:71590121aaf7b2b85d15c3ba1e1fbd2ba7e2f13ae5f5f8b2a7e4b3b8fe86a5e1",
                  "integrity": "sha256:71590121aaf7b2b85d15c3ba1e1fbd2ba7e2f13ae5f5f8b2a7e4b3b8fe86a5e1"
                },
                "ghcr.io/x/f/a:1": {
                  "version": "1.0.0",
                  "resolved": "ghcr.io/x/f/a@sha256:00",
                  "integrity": "sha256:00",
                  "dependsOn": [
                    "ghcr.io/x/f/b:1"
                  ]
                }
              }
            }

            """
        let lockfile = try FeatureLockfile.parse(text, file: ".devcontainer/devcontainer-lock.json")
        #expect(lockfile.features.count == 2)
        #expect(lockfile.features["ghcr.io/x/f/a:1"]?.dependsOn == ["ghcr.io/x/f/b:1"])
        let node = try FeatureReference.parse("ghcr.io/devcontainers/features/node:1", configFolder: "").get()
        #expect(lockfile.integrity(for: node)?.hasPrefix("sha256:7159") == true)
        #expect(lockfile.text == text)
        #expect(FeatureLockfile.fileName(forConfig: ".devcontainer/devcontainer.json") == "devcontainer-lock.json")
        #expect(FeatureLockfile.fileName(forConfig: ".devcontainer.json") == ".devcontainer-lock.json")
        #expect(throws: DevContainerError.self) {
            try FeatureLockfile.parse(#"{"features": {"x": {"version": 1}}}"#, file: "lock")
        }
        // Local features are not locked.
        #expect(FeatureLockfile(try Self.features()).features.isEmpty)
    }
}
