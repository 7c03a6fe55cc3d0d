import DevContainer
import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Testing

@testable import Reconciler

/// Local devcontainer Features built and run on the engine: order, options, env, hooks, label, cache.
@Suite struct FeatureApplyTests {
    static let image = BusyboxImage.reference

    static func files(id: String) -> [String: String] {
        [
            ".devcontainer/base/devcontainer-feature.json": """
            {"id": "base", "version": "1.0.0",
             "options": {"greeting": {"type": "string", "enum": ["hi", "hello"], "default": "hi"},
                         "shout": {"type": "boolean", "default": false}},
             "containerEnv": {"BASE_HOME": "/opt/base"},
             "entrypoint": "/opt/base/init.sh",
             "postCreateCommand": "echo base-postCreate >> .order"}
            """,
            ".devcontainer/base/install.sh": """
            #!/bin/sh
            set -e
            mkdir -p /opt/base
            echo "greeting=$GREETING shout=$SHOUT user=$_REMOTE_USER home=$_REMOTE_USER_HOME run=\(id)" > /opt/base/options
            echo base >> /installed-order
            printf '#!/bin/sh\\necho "entrypoint ran as $(id -u)" >> /tmp/entrypoint\\n' > /opt/base/init.sh
            chmod 755 /opt/base/init.sh
            """,
            ".devcontainer/tool/devcontainer-feature.json": """
            {"id": "tool", "version": "2.0.0", "options": {"level": {"type": "string", "default": "1"}},
             "dependsOn": {"./base": {"greeting": "hello"}}, "installsAfter": ["./base"],
             "containerEnv": {"TOOL_LEVEL_SEEN": "yes"}}
            """,
            ".devcontainer/tool/install.sh": """
            #!/bin/sh
            echo "level=$LEVEL base-home=$BASE_HOME" > /opt/tool
            echo tool >> /installed-order
            """,
        ]
    }

    static let config = """
        {
          "image": "\(image)",
          "features": {
            "./tool": {"level": "3"},
            "./base": {"greeting": "hello"}
          },
          "postCreateCommand": "echo config-postCreate >> .order"
        }
        """

    @Test func localFeaturesAreBuiltInOrderWithTheirOptionsEnvHooksAndLabel() async throws {
        try await withHarness { harness in
            try harness.devcontainer(Self.config, files: Self.files(id: harness.id))
            let (plan, first) = try await harness.apply([harness.gitspace("a")])
            #expect(first.failures.isEmpty, "\(first.failures)")
            let image = try #require(plan.actions.first?.spec?.image)
            defer {
                Task { [docker = harness.docker] in _ = try? await docker.removeImage(image, force: true, prune: true)
                }
            }
            #expect(image.hasPrefix("gitspaces-features/source:"), "\(image)")
            #expect(
                first.first?.note?.contains("built \(image) with 2 feature(s)") == true, "\(first.first?.note ?? "")")

            #expect(try await harness.shell("a", "cat /installed-order") == "base\ntool\n")
            #expect(
                try await harness.shell("a", "cat /opt/base/options")
                    == "greeting=hello shout=false user=root home=/root run=\(harness.id)\n")
            #expect(try await harness.shell("a", "cat /opt/tool") == "level=3 base-home=/opt/base\n")
            #expect(try await harness.shell("a", "echo $BASE_HOME $TOOL_LEVEL_SEEN") == "/opt/base yes\n")
            // The feature's entrypoint runs when the container starts, before the keep-alive loop.
            #expect(try await harness.shell("a", "cat /tmp/entrypoint") == "entrypoint ran as 0\n")
            let order = try String(
                contentsOfFile: harness.workspaces.path(for: harness.name("a")) + "/.order", encoding: .utf8)
            #expect(order == "base-postCreate\nconfig-postCreate\n")

            let details = try #require(try await harness.docker.inspectImage(image))
            let label = try #require(details.config.labels[ImageMetadata.labelName])
            let entries = try ImageMetadata.parse(label: label, image: image).entries
            #expect(entries.map(\.id) == ["./base", "./tool"])
            #expect(details.config.user == "0", "the image user is restored (root, as the base has none)")

            let (again, second) = try await harness.apply([harness.gitspace("a")])
            #expect(!again.hasChanges, "an unchanged source plans nothing")
            #expect(second.isEmpty || second.allSatisfy { $0.error == nil })
            #expect(try await harness.docker.inspectImage(image)?.id == details.id)

            // A second Gitspace of the same source shares the image: no build.
            let (_, shared) = try await harness.apply([harness.gitspace("a"), harness.gitspace("b")])
            let b = try #require(shared.first { $0.action.name == harness.name("b") })
            #expect(b.error == nil, "\(b.error?.description ?? "")")
            #expect(b.note?.contains("image \(image) already built") == true, "\(b.note ?? "")")

            // A feature change is a new image and replaces the container.
            try harness.source.write(".devcontainer/tool/install.sh", "#!/bin/sh\necho changed > /opt/tool\n")
            _ = try harness.source.commit("the feature changes")
            let replan = try await harness.plan([harness.gitspace("a")])
            #expect(replan.summary.replace == 1)
            #expect(replan.actions.first?.spec?.image != image)
        }
    }

    @Test func aFailingInstallNamesTheFeatureAndItsExitCode() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\", \"features\": {\"./bad\": {}}}",
                files: [
                    ".devcontainer/bad/devcontainer-feature.json": "{\"id\": \"bad\", \"version\": \"0.1.0\"}",
                    ".devcontainer/bad/install.sh": "#!/bin/sh\necho broken \(harness.id)\nexit 3\n",
                ])
            let (plan, outcomes) = try await harness.apply([harness.gitspace("a")])
            let error = try #require(outcomes.first?.error?.description)
            #expect(error.contains("installing feature ./bad exit code 3 failed"), "\(error)")
            if let image = plan.actions.first?.spec?.image {
                _ = try? await harness.docker.removeImage(image, force: true, prune: true)
            }
        }
    }

    @Test func aRegistryFeatureThatCannotBeFetchedIsAnErrorAtItsLine() async throws {
        try await withHarness { harness in
            // No registry answers on this port: the fetch fails, and the error points at the features key.
            let port = try freeLoopbackPort()
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\",\n \"features\": {\"127.0.0.1:\(port)/features/node:1\": {}}}")
            let reconciliation = try await harness.prepare([harness.gitspace("a")])
            let reason = try #require(reconciliation.unresolved[harness.name("a")])
            #expect(
                reason.contains(
                    ".devcontainer/devcontainer.json:2:15: error: fetching feature 127.0.0.1:\(port)/features/node:1 failed"
                ),
                "\(reason)")
        }
    }

    @Test func aRegistryFeatureAndALocalFeatureRunAndASecondGitspaceNeedsNoRegistry() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let hello = try TestFeature(
            id: "hello",
            files: [
                "install.sh":
                    "#!/bin/sh\nset -e\nmkdir -p /usr/local/share\necho \"$GREETING\" > /usr/local/share/hello-installed\n"
            ], gzip: true)
        let digest = try await hello.publish(to: registry.address, repository: "features/hello", tag: "1")
        let reference = "\(registry.address)/features/hello:1"
        try await withHarness { harness in
            let files = Self.files(id: harness.id).filter { $0.key.hasPrefix(".devcontainer/base/") }
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\", \"features\": {\"\(reference)\": {\"greeting\": \"bonjour\"}, \"./base\": {}}}",
                files: files)
            let (plan, first) = try await harness.apply([harness.gitspace("a")])
            #expect(first.allSatisfy { $0.error == nil }, "\(first.compactMap(\.error))")
            let image = try #require(plan.actions.first?.spec?.image)
            defer {
                Task { [docker = harness.docker] in _ = try? await docker.removeImage(image, force: true, prune: true)
                }
            }
            #expect(try await harness.shell("a", "cat /usr/local/share/hello-installed") == "bonjour\n")
            #expect(try await harness.shell("a", "cat /opt/base/options").hasPrefix("greeting=hi "))
            let label = try #require(
                try await harness.docker.inspectImage(image)?.config.labels[ImageMetadata.labelName])
            let ids = try ImageMetadata.parse(label: label, image: image).entries.compactMap(\.id)
            #expect(Set(ids) == [reference, "./base"], "\(ids)")

            // The registry feature is cached by digest: with the registry gone, an unchanged apply plans nothing
            // and a second Gitspace of the same source starts from the same image, with no build.
            registry.stop()
            let (again, _) = try await harness.apply([harness.gitspace("a")])
            #expect(!again.hasChanges, "an unchanged source plans nothing, registry or not")
            let (_, shared) = try await harness.apply([harness.gitspace("a"), harness.gitspace("b")])
            let b = try #require(shared.first { $0.action.name == harness.name("b") })
            #expect(b.error == nil, "\(b.error?.description ?? "")")
            #expect(b.note?.contains("image \(image) already built") == true, "\(b.note ?? "")")
            #expect(try await harness.shell("b", "cat /usr/local/share/hello-installed") == "bonjour\n")
            let cached = harness.stateDirectory + "/features/folders/sha256/" + digest.dropFirst("sha256:".count)
            #expect(FileManager.default.fileExists(atPath: cached + "/devcontainer-feature.json"))
        }
    }
}
