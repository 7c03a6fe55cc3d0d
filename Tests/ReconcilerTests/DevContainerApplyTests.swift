import DevContainer
import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Testing

@testable import Reconciler

#if canImport(Glibc)
    import Glibc
#endif

/// devcontainer.json applied to real containers: hooks, ports, builds, the Policy, and changes on the branch.
@Suite struct DevContainerApplyTests {
    static let image = BusyboxImage.reference

    func lines(_ path: String) -> [String] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    @Test func hooksRunInOrderOncePerContainerAndPostStartOncePerStart() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                """
                {
                  "image": "\(Self.image)",
                  "onCreateCommand": "echo onCreate >> .order",
                  "updateContentCommand": ["sh", "-c", "echo updateContent >> .order"],
                  "postCreateCommand": {"a": "echo postCreateA >> .order", "b": ["sh", "-c", "echo postCreateB >> .order"]},
                  "postStartCommand": "echo postStart >> .order; echo user=$(id -u) in=$(pwd) env=$GREETING >> .order",
                  "remoteEnv": {"GREETING": "hello"},
                  "initializeCommand": "touch /tmp/never",
                }
                """)
            let order = harness.workspaces.path(for: harness.name("a")) + "/.order"
            let (createPlan, created) = try await harness.apply([harness.gitspace("a")])
            #expect(created.failures.isEmpty, "\(created.failures)")
            let listed = createPlan.actions.first?.changes ?? []
            #expect(
                listed.contains(
                    FieldChange(
                        field: "devcontainer.json:lifecycle.onCreateCommand", old: nil,
                        new: #""echo onCreate >> .order""#)),
                "\(listed)")
            #expect(!listed.contains { $0.field.contains("initializeCommand") }, "a hook never run changes nothing")
            let first = lines(order)
            #expect(first.count == 6, "\(first)")
            #expect(Array(first.prefix(2)) == ["onCreate", "updateContent"])
            #expect(Set(first[2...3]) == ["postCreateA", "postCreateB"])
            #expect(first[4] == "postStart")
            #expect(first[5] == "user=0 in=/workspaces/source env=hello")
            #expect(
                created.first?.note?.contains(
                    "ran onCreateCommand, updateContentCommand, postCreateCommand, postStartCommand") == true)

            let (again, _) = try await harness.apply([harness.gitspace("a")])
            #expect(!again.hasChanges, "hooks that succeeded are not planned again")
            #expect(lines(order).count == 6)

            try await harness.apply([harness.gitspace("a", extra: "  state: stopped")])
            try await harness.apply([harness.gitspace("a")])
            #expect(Array(lines(order).dropFirst(6)) == ["postStart", "user=0 in=/workspaces/source env=hello"])

            let (replace, replaced) = try await harness.apply([harness.gitspace("a", extra: "  env: {A: b}")])
            #expect(replace.summary.replace == 1)
            #expect(replaced.failures.isEmpty, "\(replaced.failures)")
            let afterReplace = Array(lines(order).dropFirst(8))
            #expect(afterReplace.count == 6, "a new container runs its create hooks again: \(afterReplace)")
            #expect(afterReplace.first == "onCreate")

            let log = try String(
                contentsOfFile: GitspaceLog.path(
                    stateDirectory: harness.stateDirectory, instance: harness.instance, name: harness.name("a")),
                encoding: .utf8)
            #expect(log.contains("postCreateCommand[a] (exit 0)"))
            #expect(log.contains("postStartCommand (exit 0)"))
            #expect(
                log.range(
                    of: #"==> \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ onCreateCommand \(exit 0\)"#, options: .regularExpression)
                    != nil)
            #expect(
                try await harness.shell("a", "ls /tmp/never 2>/dev/null; true").isEmpty,
                "initializeCommand is never run")
        }
    }

    @Test func initializeCommandIsReportedNotRun() async throws {
        try await withHarness { harness in
            try harness.devcontainer("{\"image\": \"\(Self.image)\",\n \"initializeCommand\": \"rm -rf /\"}")
            let reconciliation = try await harness.prepare([harness.gitspace("a")])
            #expect(reconciliation.unresolved.isEmpty)
            let notes = reconciliation.notes[harness.name("a")] ?? []
            #expect(
                notes.contains { $0.contains("devcontainer.json:2:2") && $0.contains("initializeCommand") }, "\(notes)")
        }
    }

    @Test func aFailingHookIsRetriedAfterItsBackoffAndSucceedsOnceFixed() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\", \"postCreateCommand\": \"sh .devcontainer/setup.sh\"}",
                files: [".devcontainer/setup.sh": "echo attempt >> /tmp/attempts\necho broken setup >&2\nexit 3\n"])
            // The executor's clock, not the wall clock, decides when a retry is due.
            let start = Date()
            let (_, first) = try await harness.apply([harness.gitspace("a")], clock: { start })
            let failure = try #require(first.first?.error?.description)
            #expect(failure.contains("postCreateCommand exited with 3"), "\(failure)")
            #expect(failure.contains("broken setup"), "the end of the output is in the error")
            #expect(failure.contains("retry after"))
            #expect(try await harness.inspect("a")?.state.running == true)

            let pending = try await harness.plan([harness.gitspace("a")])
            #expect(pending.summary.update == 1, "a hook still to run is planned")
            let change = try #require(pending.actions.first?.changes.first { $0.field == "lifecycle" })
            #expect(change.old?.contains("postCreateCommand failed once") == true)
            #expect(change.new == "done")

            let (_, tooEarly) = try await harness.apply(
                [harness.gitspace("a")], clock: { start.addingTimeInterval(0.5) })
            #expect(tooEarly.first?.error?.description.contains("retry after") == true)
            #expect(
                try await harness.shell("a", "cat /tmp/attempts").split(separator: "\n").count == 1,
                "not re-run before the backoff")

            let later = start.addingTimeInterval(3600)
            let (_, again) = try await harness.apply([harness.gitspace("a")], clock: { later })
            #expect(again.first?.error?.description.contains("attempt 2") == true)
            #expect(try await harness.shell("a", "cat /tmp/attempts").split(separator: "\n").count == 2)

            try harness.source.write(
                ".devcontainer/setup.sh", "echo attempt >> /tmp/attempts\necho fixed > /tmp/fixed\n")
            _ = try harness.source.commit("fix setup")
            let muchLater = start.addingTimeInterval(7200)
            let (_, fixed) = try await harness.apply([harness.gitspace("a")], clock: { muchLater })
            #expect(fixed.failures.isEmpty, "\(fixed.failures)")
            #expect(try await harness.shell("a", "cat /tmp/fixed") == "fixed\n")
            #expect(try await harness.plan([harness.gitspace("a")]).hasChanges == false)
            let marker = try #require(
                LifecycleRecords(stateDirectory: harness.stateDirectory, instance: harness.instance).read(
                    harness.name("a")))
            #expect(marker.pending.isEmpty)
            #expect(marker.done == ["postCreateCommand"])
        }
    }

    @Test func aWorkspaceThatCannotBeBroughtUpToDateBeforeAHookRetryFailsTheAction() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\", \"postCreateCommand\": \"sh .devcontainer/setup.sh\"}",
                files: [".devcontainer/setup.sh": "echo attempt >> /tmp/attempts\nexit 3\n"])
            let start = Date()
            let (_, first) = try await harness.apply([harness.gitspace("a")], clock: { start })
            #expect(first.first?.error?.description.contains("postCreateCommand exited with 3") == true)

            let reconciliation = try await harness.prepare([harness.gitspace("a")])
            #expect(reconciliation.plan.summary.update == 1)
            var sources = reconciliation.sources
            sources[harness.name("a")]?.mirror = harness.folder.appending("no-such-mirror")
            let executor = ApplyExecutor(
                docker: harness.docker, instance: harness.instance, records: harness.records, commit: "c0ffee",
                sources: sources, workspaces: harness.workspaces, clock: { start.addingTimeInterval(3600) })
            let outcomes = await executor.apply(reconciliation.plan, observation: reconciliation.observation)
            let failure = try #require(outcomes.first?.error?.description)
            #expect(failure.contains("workspace"), "\(failure)")
            #expect(
                !failure.contains("postCreateCommand exited"), "the hook does not run on a stale workspace: \(failure)")
            #expect(try await harness.shell("a", "cat /tmp/attempts").split(separator: "\n").count == 1)
        }
    }

    @Test func forwardedPortsAnswerOnLoopbackWithoutCollisions() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                """
                {"image": "\(Self.image)", "forwardPorts": [8080],
                 "postStartCommand": "httpd -p 8080 -h /workspaces/source"}
                """, files: ["index.html": "hello from \(harness.id)\n"])
            let (_, outcomes) = try await harness.apply([harness.gitspace("a"), harness.gitspace("b")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            var hostPorts: [String] = []
            for base in ["a", "b"] {
                let details = try #require(try await harness.inspect(base))
                let binding = try #require(details.hostConfig.portBindings["8080/tcp"]?.first)
                #expect(binding.hostIP == "127.0.0.1")
                hostPorts.append(binding.hostPort)
                let note = outcomes.first { $0.action.name == harness.name(base) }?.note ?? ""
                #expect(note.contains("ports 127.0.0.1:\(binding.hostPort)→8080"), "\(note)")
            }
            #expect(hostPorts[0] != hostPorts[1], "two Gitspaces forwarding 8080 get different host ports")
            for port in hostPorts {
                var body = ""
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline {
                    body =
                        (try? await run("curl", ["-s", "--max-time", "5", "http://127.0.0.1:\(port)/index.html"]).stdout)
                        ?? ""
                    if !body.isEmpty { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(body == "hello from \(harness.id)\n")
            }

            let (replace, _) = try await harness.apply([
                harness.gitspace("a", extra: "  env: {A: b}"), harness.gitspace("b"),
            ])
            #expect(replace.summary.replace == 1)
            let replaced = try #require(try await harness.inspect("a"))
            #expect(
                replaced.hostConfig.portBindings["8080/tcp"]?.first?.hostPort == hostPorts[0],
                "a replace keeps the port")
        }
    }

    @Test func aDockerfileBuildIsCachedByItsContent() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                """
                {"build": {"dockerfile": "Dockerfile", "args": {"GREETING": "hi-\(harness.id)"}},
                 "postCreateCommand": "cat /greeting /hello.txt > .built"}
                """,
                files: [
                    ".devcontainer/Dockerfile":
                        "FROM \(Self.image)\nARG GREETING\nCOPY hello.txt /hello.txt\nRUN echo $GREETING > /greeting\n",
                    ".devcontainer/hello.txt": "context \(harness.id)\n",
                    ".devcontainer/.dockerignore": "# not part of the image\n*.md\n",
                    ".devcontainer/README.md": "one\n",
                ])
            let (plan, first) = try await harness.apply([harness.gitspace("a")])
            #expect(first.failures.isEmpty, "\(first.failures)")
            let image = try #require(plan.actions.first?.spec?.image)
            #expect(image.hasPrefix("gitspaces-build/source:"))
            #expect(first.first?.note?.contains("built \(image)") == true, "\(first.first?.note ?? "")")
            #expect(
                try String(contentsOfFile: harness.workspaces.path(for: harness.name("a")) + "/.built", encoding: .utf8)
                    == "hi-\(harness.id)\ncontext \(harness.id)\n")
            let imageID = try #require(try await harness.docker.inspectImage(image)).id

            let (_, second) = try await harness.apply([harness.gitspace("a"), harness.gitspace("b")])
            let b = try #require(second.first { $0.action.name == harness.name("b") })
            #expect(b.error == nil, "\(b.error?.description ?? "")")
            #expect(b.note?.contains("already built") == true, "\(b.note ?? "")")
            #expect(try await harness.docker.inspectImage(image)?.id == imageID)
            let log = GitspaceLog.path(
                stateDirectory: harness.stateDirectory, instance: harness.instance, name: harness.name("b"))
            #expect(!lines(log).contains { $0.contains(" build ") }, "no build ran for b")
            let aLog = GitspaceLog.path(
                stateDirectory: harness.stateDirectory, instance: harness.instance, name: harness.name("a"))
            #expect(lines(aLog).contains { $0.hasPrefix("==> ") && $0.contains("build \(image)") })

            try harness.source.write(".devcontainer/README.md", "two\n")
            _ = try harness.source.commit("an ignored file changes")
            let both = [harness.gitspace("a"), harness.gitspace("b")]
            #expect(try await harness.plan(both).hasChanges == false, ".dockerignore'd files do not count")
            try harness.source.write(".devcontainer/hello.txt", "changed \(harness.id)\n")
            _ = try harness.source.commit("the context changes")
            let rebuild = try await harness.plan(both)
            #expect(rebuild.summary.replace == 2)
            let newImage = try #require(rebuild.actions.first?.spec?.image)
            #expect(newImage != image)
            _ = try? await harness.docker.removeImage(newImage, force: true, prune: false)
            _ = try? await harness.docker.removeImage(image, force: true, prune: false)
        }
    }

    static let refusals: [(property: String, expected: String)] = [
        ("\"privileged\": true", "privileged"),
        ("\"capAdd\": [\"SYS_ADMIN\"]", "SYS_ADMIN"),
        ("\"mounts\": [\"type=bind,source=/etc,target=/host-etc\"]", "/etc"),
        ("\"runArgs\": [\"--network=host\"]", "--network"),
        ("\"runArgs\": [\"--device=/dev/fuse\"]", "/dev/fuse"),
        ("\"securityOpt\": [\"seccomp=unconfined\"]", "seccomp=unconfined"),
        ("\"features\": {\"ghcr.io/devcontainers/features/git:1\": {}}", "features"),
    ]

    @Test(arguments: refusals)
    func aDangerousPropertyIsRefusedAtItsLine(property: String, expected: String) async throws {
        try await withHarness { harness in
            try harness.devcontainer("{\n  \"image\": \"\(Self.image)\",\n  \(property)\n}\n")
            let (plan, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(plan.summary.create == 1)
            let error = try #require(outcomes.first?.error?.description)
            #expect(error.contains(".devcontainer/devcontainer.json:3:"), "\(error)")
            #expect(error.contains(expected), "\(error)")
            #expect(try await harness.inspect("a") == nil, "nothing is created")
        }
    }

    @Test func thePolicyCanAllowACapability() async throws {
        try await withHarness { harness in
            try harness.devcontainer("{\"image\": \"\(Self.image)\", \"capAdd\": [\"SYS_PTRACE\"], \"init\": true}")
            let policy = """
                apiVersion: gitspaces/v1
                kind: Policy
                metadata: {name: default}
                spec:
                  devcontainer: {allowCapAdd: [SYS_PTRACE]}
                """
            let (_, outcomes) = try await harness.apply([harness.gitspace("a"), policy])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            #expect(
                try await harness.inspect("a")?.hostConfig.capAdd.contains(where: { $0.hasSuffix("SYS_PTRACE") })
                    == true)
        }
    }

    @Test func aComposeConfigIsRefusedClearly() async throws {
        try await withHarness { harness in
            try harness.devcontainer("{\"dockerComposeFile\": \"compose.yml\", \"service\": \"app\"}")
            let reconciliation = try await harness.prepare([harness.gitspace("a")])
            let reason = try #require(reconciliation.unresolved[harness.name("a")])
            #expect(reason.contains("dockerComposeFile"), "\(reason)")
            #expect(reason.contains("not supported"))
        }
    }

    @Test func hostRequirementsCheckDeclaredHardwareAndSizeTheDefault() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\",\n \"hostRequirements\": {\"cpus\": 4, \"memory\": \"8gb\"}}")
            let small = try await harness.prepare([harness.gitspace("a")])
            let reason = try #require(small.unresolved[harness.name("a")])
            #expect(reason.contains("hostRequirements.cpus 4"), "\(reason)")
            #expect(reason.contains(".devcontainer/devcontainer.json:2:"), "the devcontainer.json place: \(reason)")
            #expect(reason.contains("test.yaml:"), "the manifest place: \(reason)")

            let unsized = """
                apiVersion: gitspaces/v1
                kind: Gitspace
                metadata: {name: \(harness.name("b"))}
                spec: {repo: \(harness.source.url)}
                """
            let sized = try await harness.prepare([unsized])
            #expect(sized.unresolved.isEmpty, "\(sized.unresolved)")
            let spec = try #require(sized.plan.actions.first?.spec)
            #expect(spec.hardware.cpus == CPUs(millis: 4000))
            #expect(spec.hardware.memory == ByteSize(bytes: 8 << 30))
        }
    }

    @Test func aDevcontainerChangeOnTheBranchReplacesAndKeepsTheWorkspace() async throws {
        try await withHarness { harness in
            try await harness.apply([harness.gitspace("a")])
            let before = try #require(try await harness.inspect("a")).id
            let workspace = harness.workspaces.path(for: harness.name("a"))
            try "unsaved work\n".write(toFile: workspace + "/notes.txt", atomically: true, encoding: .utf8)
            #expect(try await harness.plan([harness.gitspace("a")]).hasChanges == false)

            try harness.devcontainer("// only comments and layout change\n{\n  \"image\": \"\(Self.image)\",\n}\n")
            #expect(
                try await harness.plan([harness.gitspace("a")]).hasChanges == false,
                "comments and layout change nothing")

            try harness.devcontainer("{\"image\": \"\(Self.image)\", \"containerEnv\": {\"EDITOR\": \"vi\"}}")
            let plan = try await harness.plan([harness.gitspace("a")])
            #expect(plan.summary.replace == 1)
            let change = try #require(
                plan.actions.first?.changes.first { $0.field == "devcontainer.json:containerEnv.EDITOR" })
            #expect(change.old == nil)
            #expect(change.new == "\"vi\"")
            #expect(plan.rendered(as: .text, color: false).contains("devcontainer.json:containerEnv.EDITOR"))

            let (_, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let after = try #require(try await harness.inspect("a"))
            #expect(after.id != before)
            #expect(after.config.env.contains("EDITOR=vi"))
            #expect(try String(contentsOfFile: workspace + "/notes.txt", encoding: .utf8) == "unsaved work\n")
            #expect(try await harness.plan([harness.gitspace("a")]).hasChanges == false)
        }
    }

    @Test func containerPropertiesReachTheContainer() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                """
                {"image": "\(Self.image)", "containerEnv": {"FROM_CONFIG": "1", "TZ": "config"},
                 "workspaceFolder": "/work/src", "workspaceMount": "type=bind,source=${localWorkspaceFolder},target=/work/src",
                 "mounts": ["type=volume,source=gitspaces-test-\(harness.id),target=/cache", "type=tmpfs,target=/scratch"],
                 "runArgs": ["--label", "team=dev", "--hostname", "devbox"], "overrideCommand": true}
                """)
            let (_, outcomes) = try await harness.apply([harness.gitspace("a", extra: "  env: {TZ: UTC}")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let details = try #require(try await harness.inspect("a"))
            #expect(details.config.env.contains("FROM_CONFIG=1"))
            #expect(details.config.env.contains("TZ=UTC"), "the manifest's env wins over containerEnv")
            #expect(details.config.workingDir == "/work/src")
            #expect(details.config.labels["team"] == "dev")
            #expect(details.config.hostname == "devbox")
            #expect(details.mounts.contains { $0.destination == "/work/src" && $0.type == "bind" })
            #expect(details.mounts.contains { $0.destination == "/cache" && $0.type == "volume" })
            #expect(details.mounts.contains { $0.destination == "/scratch" && $0.type == "tmpfs" })
            #expect(try await harness.shell("a", "ls /work/src/.devcontainer") == "devcontainer.json\n")
            try await harness.apply([harness.gitspace("other")])
            _ = try? await run("docker", ["volume", "rm", "-f", "gitspaces-test-\(harness.id)"])
        }
    }

    @Test func theImagesMetadataLabelMergesAndOverrideCommandFalseKeepsItsCommand() async throws {
        try await withHarness { harness in
            let label =
                #"[{\"remoteEnv\": {\"FROM_LABEL\": \"yes\"}, \"postCreateCommand\": \"echo from-label-\$FROM_LABEL >> .meta\"}]"#
            try harness.devcontainer(
                """
                {"build": {"dockerfile": "Dockerfile"}, "overrideCommand": false,
                 "postCreateCommand": "echo from-json >> .meta"}
                """,
                files: [
                    ".devcontainer/Dockerfile":
                        "FROM \(Self.image)\nLABEL devcontainer.metadata=\"\(label)\"\nCMD [\"sleep\", \"3600\"]\n# \(harness.id)\n"
                ])
            let (plan, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let meta = harness.workspaces.path(for: harness.name("a")) + "/.meta"
            #expect(lines(meta) == ["from-label-yes", "from-json"], "image metadata first, devcontainer.json last")
            let details = try #require(try await harness.inspect("a"))
            #expect(details.config.cmd == ["sleep", "3600"], "overrideCommand false keeps the image's command")
            #expect(details.config.entrypoint.isEmpty)
            try await harness.apply([harness.gitspace("other")])
            if let image = plan.actions.first?.spec?.image {
                _ = try? await harness.docker.removeImage(image, force: true, prune: false)
            }
        }
    }

    @Test func aDangerousPropertyInTheImagesLabelIsRefusedToo() async throws {
        try await withHarness { harness in
            let label = #"[{\"privileged\": true}]"#
            try harness.devcontainer(
                "{\"build\": {\"dockerfile\": \"Dockerfile\"}}",
                files: [
                    ".devcontainer/Dockerfile":
                        "FROM \(Self.image)\nLABEL devcontainer.metadata=\"\(label)\"\n# \(harness.id)\n"
                ])
            let (plan, outcomes) = try await harness.apply([harness.gitspace("a")])
            let error = try #require(outcomes.first?.error?.description)
            #expect(error.contains("label devcontainer.metadata"), "\(error)")
            #expect(error.contains("privileged"))
            #expect(try await harness.inspect("a") == nil)
            if let image = plan.actions.first?.spec?.image {
                _ = try? await harness.docker.removeImage(image, force: true, prune: false)
            }
        }
    }

    @Test func gitspacesCreatedTogetherShareOneBuild() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"build\": {\"dockerfile\": \"Dockerfile\"}}",
                files: [".devcontainer/Dockerfile": "FROM \(Self.image)\nRUN echo \(harness.id) > /id\n"])
            let names = ["a", "b", "c"]
            let (plan, outcomes) = try await harness.apply(names.map { harness.gitspace($0) })
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let built = outcomes.filter {
                $0.note?.contains("built gitspaces-build/") == true && $0.note?.contains("already") == false
            }
            #expect(built.count == 1, "\(outcomes.map { $0.note ?? "" })")
            for name in names { #expect(try await harness.shell(name, "cat /id") == "\(harness.id)\n") }
            try await harness.apply([harness.gitspace("other")])
            if let image = plan.actions.first?.spec?.image {
                _ = try? await harness.docker.removeImage(image, force: true, prune: false)
            }
        }
    }

    @Test func dockerignoreRulesDecideWhatTheBuildSees() {
        let ignore = DockerIgnore("# comment\n*.md\nnode_modules\n!keep.md\n/build/**\n")
        #expect(ignore.excludes("README.md"))
        #expect(!ignore.excludes("keep.md"))
        #expect(!ignore.excludes("docs/README.md"), "* stays within one segment")
        #expect(ignore.excludes("node_modules/a/b.js"), "a folder excludes what is under it")
        #expect(ignore.excludes("build/out/x.o"))
        #expect(!ignore.excludes("src/main.c"))
    }

    @Test func hooksRunAsTheRemoteUserWhoOwnsTheWorkspace() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\", \"remoteUser\": \"1234:1234\", \"postCreateCommand\": \"id -u > .who\"}"
            )
            let (_, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let workspace = harness.workspaces.path(for: harness.name("a"))
            #expect(try String(contentsOfFile: workspace + "/.who", encoding: .utf8) == "1234\n")
            let owner = try FileManager.default.attributesOfItem(atPath: workspace)[.ownerAccountID] as? NSNumber
            #expect(owner?.intValue == 1234)
            #expect(try await harness.inspect("a")?.config.user == "", "the container itself keeps the image's user")
        }
    }

    @Test func runArgsCapDropAddHostShmSizeUlimitAndDNSReachTheContainer() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                """
                {"image": "\(Self.image)",
                 "runArgs": ["--cap-drop", "NET_RAW", "--add-host", "db.internal:10.1.2.3", "--shm-size=96m",
                             "--ulimit", "nofile=1024:2048", "--dns", "10.0.0.53"]}
                """)
            let (_, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let host = try #require(try await harness.inspect("a")?.hostConfig)
            #expect(host.capDrop == ["NET_RAW"])
            #expect(host.extraHosts == ["db.internal:10.1.2.3"])
            #expect(host.shmSize == Int64(96 << 20), "\(String(describing: host.shmSize))")
            #expect(host.ulimits == [HostConfig.Ulimit(name: "nofile", soft: 1024, hard: 2048)])
            #expect(host.dns == ["10.0.0.53"])
            // The container's own process (an exec'd one may get the engine's limits instead).
            let inside = try await harness.shell(
                "a", "grep db.internal /etc/hosts; grep nameserver /etc/resolv.conf; grep 'open files' /proc/1/limits")
            #expect(inside.contains("10.1.2.3"), "\(inside)")
            #expect(inside.contains("nameserver 10.0.0.53"), "\(inside)")
            #expect(inside.range(of: #"open files\s+1024\s+2048"#, options: .regularExpression) != nil, "\(inside)")
        }
    }

    @Test func aRealtimePriorityUlimitIsRefusedAtItsRunArgUnlessPrivilegedIsAllowed() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\",\n \"runArgs\": [\"--init\", \"--ulimit\", \"rtprio=99\"]}")
            let reconciliation = try await harness.prepare([harness.gitspace("a")])
            let reason = try #require(reconciliation.unresolved[harness.name("a")])
            #expect(reason.contains(".devcontainer/devcontainer.json:2:24: error:"), "\(reason)")
            #expect(reason.contains("realtime priority"), "\(reason)")
        }
    }

    @Test func forwardPortsNamingAnotherHostAreRefusedAtTheEntry() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\",\n \"forwardPorts\": [8080, \"db:5432\", \"localhost:3000\"]}")
            let reconciliation = try await harness.prepare([harness.gitspace("a")])
            let reason = try #require(reconciliation.unresolved[harness.name("a")])
            #expect(
                reason.hasPrefix(
                    ".devcontainer/devcontainer.json:2:25: error: \"forwardPorts[1]\" forwards port 5432 of the host \"db\""
                ),
                "\(reason)")
            #expect(!reason.contains("3000"), "localhost:N is the container's own port N")
        }
    }

    @Test func postStartRunsAgainAfterTheEngineRestartsTheContainerByItself() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\", \"postStartCommand\": \"echo started >> .starts\"}")
            let starts = harness.workspaces.path(for: harness.name("a")) + "/.starts"
            let (_, created) = try await harness.apply([harness.gitspace("a")])
            #expect(created.failures.isEmpty, "\(created.failures)")
            #expect(lines(starts).count == 1)
            #expect(try await harness.plan([harness.gitspace("a")]).hasChanges == false)

            try await run("docker", ["restart", "-t", "0", ContainerIdentity.containerName(harness.name("a"))])
            let plan = try await harness.plan([harness.gitspace("a")])
            #expect(plan.summary.update == 1)
            #expect(plan.actions.first?.changes.first { $0.field == "lifecycle" }?.old == "postStartCommand pending")
            let (_, restarted) = try await harness.apply([harness.gitspace("a")])
            #expect(restarted.failures.isEmpty, "\(restarted.failures)")
            #expect(lines(starts).count == 2)
            #expect(try await harness.plan([harness.gitspace("a")]).hasChanges == false, "once per start")
            #expect(lines(starts).count == 2)
        }
    }

    @Test func sizingByHostRequirementsStaysWithinThePolicy() async throws {
        try await withHarness { harness in
            try harness.devcontainer("{\"image\": \"\(Self.image)\",\n \"hostRequirements\": {\"cpus\": 16}}")
            let documents = [
                """
                apiVersion: gitspaces/v1
                kind: Gitspace
                metadata: {name: \(harness.name("a"))}
                spec: {repo: \(harness.source.url)}
                """,
                """
                apiVersion: gitspaces/v1
                kind: Policy
                metadata: {name: default}
                spec: {maxHardware: {cpus: 8}}
                """,
            ]
            let reconciliation = try await harness.prepare(documents)
            let reason = try #require(reconciliation.unresolved[harness.name("a")])
            #expect(reason.contains("maxHardware.cpus 8"), "\(reason)")
            #expect(reason.contains(".devcontainer/devcontainer.json:2:"), "\(reason)")
        }
    }

    @Test func portsAreNotHandedOutTwiceNorWhenSomethingListens() async throws {
        let docker = try DockerClient()
        defer { Task { try? await docker.shutdown() } }
        // Something on the host holds a port the container would like.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 1) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        try #require(bound)
        let taken = Int(UInt16(bigEndian: address.sin_port))
        let allocator = PortAllocator(docker: docker, bindAddress: "127.0.0.1", range: 42000...42999)
        let first = try await allocator.allocate(
            [PortRequest(containerPort: 80, proto: "tcp", preferred: taken)], reuse: [:], seed: "x")
        #expect(first.count == 1)
        #expect(first[0].hostPort != taken, "a port something listens on is skipped")
        #expect((42000...42999).contains(first[0].hostPort))
        let second = try await allocator.allocate(
            [PortRequest(containerPort: 80, proto: "tcp", preferred: first[0].hostPort)], reuse: [:], seed: "x")
        #expect(second[0].hostPort != first[0].hostPort, "never the same port twice in a pass")
    }

    @Test func localEnvReadsOnlyTheAllowList() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\",\n \"containerEnv\": {\"WHO\": \"${localEnv:GS_WHO}\", \"HOME_LEAK\": \"${localEnv:HOME}\"}}"
            )
            let reconciliation = try await Reconciliation.prepare(
                desired: try harness.desired([harness.gitspace("a")]), runtime: DockerRuntime(harness.docker),
                instance: harness.instance, stateDirectory: harness.stateDirectory, localEnv: ["GS_WHO": "alice"])
            let config = try #require(reconciliation.plan.actions.first?.spec?.devcontainerConfig)
            #expect(config["containerEnv.WHO"] == #""alice""#)
            #expect(config["containerEnv.HOME_LEAK"] == #""""#, "no host variable leaks without the allow-list")
            let notes = reconciliation.notes[harness.name("a")] ?? []
            #expect(notes.contains { $0.contains("HOME is not in the allow-list") }, "\(notes)")
        }
    }

    @Test func remoteEnvMayReferToTheContainersEnvironment() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                """
                {"image": "\(Self.image)", "containerEnv": {"BASE": "/opt"},
                 "remoteEnv": {"DERIVED": "${containerEnv:BASE}/bin"},
                 "postCreateCommand": "echo $DERIVED > .derived"}
                """)
            let (_, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let derived = harness.workspaces.path(for: harness.name("a")) + "/.derived"
            #expect(try String(contentsOfFile: derived, encoding: .utf8) == "/opt/bin\n")
        }
    }

    @Test func theBuildTagIsADigestOfEveryInput() throws {
        let build = ResolvedBuild(dockerfile: ".devcontainer/Dockerfile", context: ".devcontainer", args: ["A": "1"])
        let inputs = BuildSource(
            context: ".devcontainer", dockerfile: ".devcontainer/Dockerfile",
            files: [".devcontainer/Dockerfile": "d1", ".devcontainer/x": "b1"], dockerfileBlob: "d1")
        let tag = DevContainerSetup.buildTag(repo: "https://h.example/Acme/My_Repo.git", build: build, inputs: inputs)
        #expect(tag.range(of: #"^gitspaces-build/my-repo:[0-9a-f]{16}$"#, options: .regularExpression) != nil, "\(tag)")
        #expect(
            DevContainerSetup.buildTag(repo: "https://h.example/Acme/My_Repo.git", build: build, inputs: inputs) == tag)
        var otherArgs = build
        otherArgs.args = ["A": "2"]
        var otherTarget = build
        otherTarget.target = "dev"
        var otherFile = inputs
        otherFile.files[".devcontainer/x"] = "b2"
        var movedFile = inputs
        movedFile.files = [".devcontainer/Dockerfile": "d1", ".devcontainer/y": "b1"]
        for changed in [
            DevContainerSetup.buildTag(repo: "https://h.example/Acme/My_Repo.git", build: otherArgs, inputs: inputs),
            DevContainerSetup.buildTag(repo: "https://h.example/Acme/My_Repo.git", build: otherTarget, inputs: inputs),
            DevContainerSetup.buildTag(repo: "https://h.example/Acme/My_Repo.git", build: build, inputs: otherFile),
            DevContainerSetup.buildTag(repo: "https://h.example/Acme/My_Repo.git", build: build, inputs: movedFile),
        ] {
            #expect(changed != tag)
        }
        #expect(DevContainerSetup.imageName("git@h:a/--Weird..Name__.git") == "weird-name")
    }

    @Test func aDockerfileOutsideTheContextAndScriptsInsideItBuild() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"build\": {\"dockerfile\": \"../Dockerfile\", \"context\": \"tools\"}}",
                files: [
                    "Dockerfile": "FROM \(Self.image)\nCOPY . /tools\nRUN /tools/bin/setup.sh\n",
                    ".devcontainer/tools/bin/setup.sh": "#!/bin/sh\necho \(harness.id) > /set-up\n",
                ])
            let (plan, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            #expect(try await harness.shell("a", "cat /set-up") == "\(harness.id)\n")
            #expect(try await harness.shell("a", "ls /tools/bin") == "setup.sh\n", "only the context is sent")
            try await harness.apply([harness.gitspace("other")])
            if let image = plan.actions.first?.spec?.image {
                _ = try? await harness.docker.removeImage(image, force: true, prune: false)
            }
        }
    }

    @Test func aMissingDockerfileIsReportedAtItsLine() async throws {
        try await withHarness { harness in
            try harness.devcontainer("{\n  \"build\": {\"dockerfile\": \"Nope.Dockerfile\"}\n}")
            let reconciliation = try await harness.prepare([harness.gitspace("a")])
            let reason = try #require(reconciliation.unresolved[harness.name("a")])
            #expect(reason.contains(".devcontainer/devcontainer.json:2:"), "\(reason)")
            #expect(reason.contains(".devcontainer/Nope.Dockerfile is not in the repository"), "\(reason)")
        }
    }
}
