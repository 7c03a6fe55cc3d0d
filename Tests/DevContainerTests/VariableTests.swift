import DevContainer
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct VariableTests {
    @Test func aVariableOutsideTheAllowListNeverLeaksFromTheHost() throws {
        setenv("GITSPACES_TEST_SECRET", "hunter2-do-not-leak", 1)
        defer { unsetenv("GITSPACES_TEST_SECRET") }
        let resolution = try Fixture.resolve(
            #"{"image": "x", "containerEnv": {"S": "${localEnv:GITSPACES_TEST_SECRET}", "T": "${env:GITSPACES_TEST_SECRET:fallback}"}}"#
        )
        #expect(resolution.resolved.containerEnv == ["S": "", "T": "fallback"])
        #expect(!resolution.resolved.json().contains("hunter2"))
        #expect(
            resolution.warnings.map(\.description) == [
                #".devcontainer/devcontainer.json:1:38: warning: ${localEnv:GITSPACES_TEST_SECRET} in "containerEnv.S": GITSPACES_TEST_SECRET is not in the allow-list of local variables, so it is replaced by an empty string"#,
                #".devcontainer/devcontainer.json:1:80: warning: ${env:GITSPACES_TEST_SECRET:fallback} in "containerEnv.T": GITSPACES_TEST_SECRET is not in the allow-list of local variables, so its default "fallback" is used"#,
            ])
    }

    @Test func allowListedVariablesAreSubstitutedAndTheHelperFilters() throws {
        let environment = ["TZ": "Asia/Tokyo", "AWS_SECRET_ACCESS_KEY": "secret"]
        var context = Fixture.context
        context.localEnv = DevContainerContext.allowListed(["TZ", "LANG"], from: environment)
        #expect(context.localEnv == ["TZ": "Asia/Tokyo"])
        let resolved = try Fixture.resolve(
            #"{"image": "x", "containerEnv": {"TZ": "${localEnv:TZ}", "K": "${localEnv:AWS_SECRET_ACCESS_KEY}", "L": "${localEnv:LANG:C.UTF-8}"}}"#,
            context: context
        ).resolved
        #expect(resolved.containerEnv == ["TZ": "Asia/Tokyo", "K": "", "L": "C.UTF-8"])
    }

    @Test func aDefaultKeepsItsColons() throws {
        let resolved = try Fixture.resolve(
            #"{"image": "x", "containerEnv": {"U": "${localEnv:PROXY:http://proxy:3128}"}}"#
        ).resolved
        #expect(resolved.containerEnv["U"] == "http://proxy:3128")
    }

    @Test func containerEnvIsLeftForTheRuntimeUntilKnown() throws {
        let text =
            #"{"image": "x", "remoteEnv": {"PATH": "${containerEnv:PATH}:/opt/bin", "G": "${containerEnv:GOPATH:/go}", "N": "${containerEnv:NOPE}"}}"#
        let before = try Fixture.resolve(text).resolved
        #expect(before.remoteEnv["PATH"] == "${containerEnv:PATH}:/opt/bin")
        #expect(before.pendingContainerEnv == ["GOPATH", "NOPE", "PATH"])

        var context = Fixture.context
        context.containerEnv = ["PATH": "/usr/bin:/bin"]
        let after = try Fixture.resolve(text, context: context).resolved
        #expect(after.remoteEnv == ["PATH": "/usr/bin:/bin:/opt/bin", "G": "/go", "N": ""])
        #expect(after.pendingContainerEnv.isEmpty)
    }

    @Test func workspaceVariables() throws {
        let resolved = try Fixture.resolve(
            #"{"image": "x", "workspaceFolder": "/src/${localWorkspaceFolderBasename}", "workspaceMount": "type=bind,source=${localWorkspaceFolder},target=/src/${localWorkspaceFolderBasename}", "containerEnv": {"W": "${containerWorkspaceFolder}", "B": "${containerWorkspaceFolderBasename}", "L": "${localWorkspaceFolder}"}}"#
        ).resolved
        #expect(resolved.workspaceFolder == "/src/alice-payments")
        #expect(
            resolved.workspaceMount
                == DevContainerMount(type: .bind, source: Fixture.workspace, target: "/src/alice-payments"))
        #expect(resolved.containerEnv == ["W": "/src/alice-payments", "B": "alice-payments", "L": Fixture.workspace])
    }

    @Test func theDefaultWorkspaceIsTheRepositoryNameUnderWorkspaces() throws {
        var context = Fixture.context
        context.repositoryName = DevContainerContext.repositoryName(fromURL: "git@git.example.com:acme/billing-api.git")
        let resolved = try Fixture.resolve(#"{"image": "x"}"#, context: context).resolved
        #expect(resolved.workspaceFolder == "/workspaces/billing-api")
        #expect(
            resolved.workspaceMount
                == DevContainerMount(type: .bind, source: Fixture.workspace, target: "/workspaces/billing-api"))
        #expect(DevContainerContext.repositoryName(fromURL: "https://git.example.com/acme/payments/") == "payments")
    }

    @Test func devcontainerIdIsSubstitutedEverywhere() throws {
        let resolved = try Fixture.resolve(
            #"{"image": "x", "mounts": ["source=dind-${devcontainerId},target=/var/lib/docker,type=volume"], "runArgs": ["--label=id=${devcontainerId}"], "postCreateCommand": ["echo", "${devcontainerId}"]}"#
        ).resolved
        #expect(resolved.devcontainerId == Fixture.devcontainerId)
        #expect(resolved.mounts.first?.source == "dind-\(Fixture.devcontainerId)")
        #expect(resolved.runOptions.labels == ["id": Fixture.devcontainerId])
        #expect(resolved.commands(for: .postCreateCommand).first?.command == .exec(["echo", Fixture.devcontainerId]))
    }

    @Test func substitutedValuesAreNotScannedAgain() throws {
        var context = Fixture.context
        context.localEnv = ["A": "${localEnv:B}", "B": "secret"]
        let resolved = try Fixture.resolve(#"{"image": "x", "containerEnv": {"A": "${localEnv:A}"}}"#, context: context)
            .resolved
        #expect(resolved.containerEnv["A"] == "${localEnv:B}")
    }

    @Test func aValueCannotInjectMountOptions() throws {
        var context = Fixture.context
        context.localEnv = ["CACHE": "x,type=bind,source=/etc,target=/host"]
        let resolved = try Fixture.resolve(
            #"{"image": "x", "mounts": ["type=volume,source=${localEnv:CACHE},target=/cache"]}"#, context: context
        ).resolved
        #expect(
            resolved.mounts == [
                DevContainerMount(type: .volume, source: "x,type=bind,source=/etc,target=/host", target: "/cache")
            ])
    }

    @Test func unknownVariablesStayAsWrittenWithAWarning() throws {
        let resolution = try Fixture.resolve(
            #"{"image": "x", "containerEnv": {"H": "${localHomeFolder}/x", "O": "${oops"}}"#)
        #expect(resolution.resolved.containerEnv == ["H": "${localHomeFolder}/x", "O": "${oops"])
        #expect(
            resolution.warnings.map(\.message) == [
                #"${localHomeFolder} in "containerEnv.H" is left as written: it is not a variable Gitspaces knows"#
            ])
    }

    @Test func aVariableWithoutANameIsAnError() {
        #expect(
            Fixture.errors(#"{"image": "x", "containerEnv": {"A": "${localEnv}"}}"#).map(\.message) == [
                "${localEnv} names no variable: write ${localEnv:NAME}"
            ])
    }

    @Test func theWorkspaceFolderMustBeAbsoluteAndCannotReferToItself() {
        #expect(
            Fixture.errors(#"{"image": "x", "workspaceFolder": "src"}"#).map(\.description) == [
                #".devcontainer/devcontainer.json:1:35: error: "workspaceFolder" must be an absolute path in the container, not "src""#
            ])
        #expect(throws: Never.self) {
            let resolution = try Fixture.resolve(
                #"{"image": "x", "workspaceFolder": "/w/${containerWorkspaceFolderBasename}"}"#)
            #expect(resolution.resolved.workspaceFolder == "/w/${containerWorkspaceFolderBasename}")
            #expect(
                resolution.warnings.map(\.message).contains(
                    #"${containerWorkspaceFolderBasename} in "workspaceFolder" is left as written: it cannot refer to itself"#
                ))
        }
    }

    @Test func aWorkspaceFolderOutsideTheMountIsWarnedAbout() throws {
        let resolution = try Fixture.resolve(#"{"image": "x", "workspaceFolder": "/app"}"#)
        #expect(
            resolution.warnings.map(\.message) == [
                #""workspaceFolder" /app is outside the workspace mounted at /workspaces/payments; set "workspaceMount" as well"#
            ])
    }

    @Test func variablesInLabelsUseTheSameContext() throws {
        let resolved = try Fixture.resolve(
            #"{"image": "x"}"#,
            label:
                #"[{"mounts": ["source=v-${devcontainerId},target=/v,type=volume"], "containerEnv": {"T": "${localEnv:TZ}"}}]"#
        ).resolved
        #expect(resolved.mounts.first?.source == "v-\(Fixture.devcontainerId)")
        #expect(resolved.containerEnv == ["T": "Europe/Berlin"])
    }
}
