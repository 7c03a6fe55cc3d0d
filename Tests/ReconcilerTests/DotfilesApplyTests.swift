import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// Dotfiles against the real engine: copied into the remote user's home, installed after postCreateCommand as that
/// user, linked when there is no script, a failure logged and recorded without failing the Gitspace, and a change an
/// in-place update installed at the next start.
@Suite struct DotfilesApplyTests {
    /// A devcontainer.json with the non-root user, and a postCreateCommand that leaves a mark in the home.
    func useDevUser(_ harness: Harness) throws {
        try harness.devcontainer(
            """
            {"image": "\(DevUserImage.reference)", "remoteUser": "\(DevUserImage.user)",
             "postCreateCommand": "touch $HOME/.post-create-ran"}
            """)
    }

    func dotfilesRepository(_ harness: Harness, _ files: [String: String], executable: Set<String> = [])
        throws -> GitFixture
    {
        let repository = try GitFixture(at: harness.folder.appending("dotfiles"))
        for (path, text) in files { try repository.write(path, text, executable: executable.contains(path)) }
        try repository.commit("dotfiles")
        return repository
    }

    func shell(_ harness: Harness, _ base: String, _ command: String) async throws -> String {
        try await harness.docker.exec(
            ContainerIdentity.containerName(harness.name(base)), command: ["sh", "-c", command], user: "dev"
        ).stdout
    }

    func log(_ harness: Harness, _ base: String) -> String {
        let path = GitspaceLog.path(
            stateDirectory: harness.stateDirectory, instance: harness.instance, name: harness.name(base))
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    func record(_ harness: Harness, _ base: String) -> DotfilesRecord? {
        DotfilesRecords(layout: StateLayout(stateDirectory: harness.stateDirectory, instance: harness.instance))
            .read(harness.name(base))
    }

    @Test func anInstallScriptRunsAsTheRemoteUserAfterPostCreateAndAChangeIsAnUpdateInstalledAtTheNextStart()
        async throws
    {
        try await DevUserImage.ensure()
        try await withHarness { harness in
            try useDevUser(harness)
            let dotfiles = try dotfilesRepository(
                harness,
                [
                    "install.sh":
                        "#!/bin/sh\nset -e\ntest -e \"$HOME/.post-create-ran\"\n"
                        + "echo \"$(id -u) $(pwd)\" > \"$HOME/.installed-by\"\necho installing\n",
                    "other.sh": "echo second > \"$HOME/.second\"\n",
                ], executable: ["install.sh"])
            let first = harness.gitspace("a", extra: "  dotfiles: {repo: \(dotfiles.url)}")
            let (_, outcomes) = try await harness.apply([first])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            #expect(outcomes.first?.note?.contains("dotfiles ran install.sh") == true, "\(outcomes.map(\.note))")
            let installed = try await shell(harness, "a", "cat ~/.installed-by; stat -c %u ~/dotfiles ~/dotfiles/.git")
            #expect(installed == "1234 /home/dev/dotfiles\n1234\n1234\n")
            #expect(try await shell(harness, "a", "cat ~/dotfiles/.git/HEAD") == "ref: refs/heads/main\n", "a clone")
            #expect(log(harness, "a").contains("installing"), "the script's output is in the Gitspace's log")
            #expect(record(harness, "a")?.last?.state == .installed)
            let id = try await harness.inspect("a")?.id

            // A change of installCommand: an update, not a replace; installed at the next start, not now.
            let second = harness.gitspace(
                "a", extra: "  dotfiles: {repo: \(dotfiles.url), installCommand: other.sh}")
            let plan = try await harness.plan([second])
            #expect(plan.summary.update == 1 && plan.summary.replace == 0, "\(plan.rendered(as: .text, color: false))")
            #expect(plan.actions.first?.changes.map(\.field) == ["dotfiles.installCommand"])
            try await harness.apply([second])
            #expect(try await harness.inspect("a")?.id == id, "the container is kept")
            #expect(try await shell(harness, "a", "cat ~/.second 2>/dev/null || echo none") == "none\n")
            #expect(try await harness.plan([second]).actions.isEmpty, "the change is recorded: nothing left to do")
            let stopped = harness.gitspace(
                "a", extra: "  state: stopped\n  dotfiles: {repo: \(dotfiles.url), installCommand: other.sh}")
            try await harness.apply([stopped])
            let (_, started) = try await harness.apply([second])
            #expect(started.failures.isEmpty, "\(started.failures)")
            #expect(try await shell(harness, "a", "cat ~/.second") == "second\n", "installed at the next start")
            #expect(try await harness.inspect("a")?.id == id)
        }
    }

    @Test func withoutAnInstallScriptTheTopLevelDotfilesAreLinkedIntoTheHome() async throws {
        try await DevUserImage.ensure()
        try await withHarness { harness in
            try useDevUser(harness)
            let dotfiles = try dotfilesRepository(
                harness,
                [".profile-extra": "export GREETING=hi\n", ".config/tool/settings": "x=1\n", "README.md": "mine\n"])
            let (_, outcomes) = try await harness.apply([
                harness.gitspace("a", extra: "  dotfiles: {repo: \(dotfiles.url)}")
            ])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let links = try await shell(
                harness, "a",
                "readlink ~/.profile-extra; readlink ~/.config; cat ~/.config/tool/settings; test -e ~/.git || echo no-git; "
                    + "test -e ~/README.md || echo no-readme")
            #expect(links == "/home/dev/dotfiles/.profile-extra\n/home/dev/dotfiles/.config\nx=1\nno-git\nno-readme\n")
            #expect(record(harness, "a")?.last?.message == "linked .config .profile-extra")
        }
    }

    @Test func aFailingInstallIsLoggedAndRecordedAndTheGitspaceStillRuns() async throws {
        try await DevUserImage.ensure()
        try await withHarness { harness in
            try useDevUser(harness)
            let dotfiles = try dotfilesRepository(
                harness, ["bootstrap": "#!/bin/sh\necho 'cannot find zsh' >&2\nexit 3\n"], executable: [])
            let missing = harness.folder.appending("no-such-dotfiles")
            let (_, outcomes) = try await harness.apply([
                harness.gitspace("a", extra: "  dotfiles: {repo: \(dotfiles.url)}"),
                harness.gitspace("b", extra: "  dotfiles: {repo: file://\(missing)}"),
            ])
            #expect(outcomes.failures.isEmpty, "a failed install does not fail the action: \(outcomes.failures)")
            #expect(try await harness.inspect("a")?.state.running == true)
            #expect(try await harness.inspect("b")?.state.running == true)
            let failed = try #require(record(harness, "a")?.last)
            #expect(failed.state == .failed)
            #expect(failed.message.contains("ran bootstrap exited with 3"), "\(failed.message)")
            #expect(failed.message.contains("cannot find zsh"), "\(failed.message)")
            #expect(log(harness, "a").contains("cannot find zsh"))
            let unfetched = try #require(record(harness, "b")?.last)
            #expect(unfetched.state == .failed && unfetched.commit == nil)
            #expect(unfetched.message.contains("fetching"), "\(unfetched.message)")
            #expect(log(harness, "b").contains("(not installed)"))
            let observation = try await harness.prepare([
                harness.gitspace("a", extra: "  dotfiles: {repo: \(dotfiles.url)}"),
                harness.gitspace("b", extra: "  dotfiles: {repo: file://\(missing)}"),
            ])
            #expect(observation.plan.actions.isEmpty, "a failure is not retried every pass")
            #expect(observation.observation.dotfiles[harness.name("a")]?.last?.state == .failed)
        }
    }
}

/// What an install runs, from the repository's files alone.
@Suite struct DotfilesInstallStepTests {
    @Test func theFirstDefaultScriptInTheReferencesOrderRuns() {
        #expect(
            DotfilesInstallStep.choose(installCommand: nil, files: ["setup.sh", "bootstrap", ".vimrc"])
                == .run("bootstrap"))
        #expect(
            DotfilesInstallStep.choose(installCommand: nil, files: ["script/install", "script/setup"])
                == .run("script/setup"))
        #expect(DotfilesInstallStep.choose(installCommand: nil, files: ["script/install"]) == .run("script/install"))
    }

    @Test func anInstallCommandWinsAndMustExist() {
        #expect(
            DotfilesInstallStep.choose(installCommand: "./my/setup", files: ["install.sh", "my/setup"])
                == .run("my/setup"))
        #expect(DotfilesInstallStep.choose(installCommand: "nope.sh", files: ["install.sh"]) == .missing("nope.sh"))
    }

    @Test func withoutAScriptTopLevelDotfilesButGitAreLinked() {
        let step = DotfilesInstallStep.choose(
            installCommand: nil, files: [".bashrc", ".config/nvim/init.vim", ".config/git", "docs/.hidden", "README"])
        #expect(step == .link([".bashrc", ".config"]))
    }
}
