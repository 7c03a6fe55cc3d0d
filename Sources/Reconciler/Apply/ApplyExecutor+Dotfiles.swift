import DockerEngine
import Foundation
import GitspacesCore
import Redaction
import Shared

/// Dotfiles: copied into the remote user's `~/dotfiles` and installed after `postCreateCommand`. A failure is logged
/// and recorded for the status; it never fails the action.
extension ApplyExecutor {
    var dotfilesRecords: DotfilesRecords { DotfilesRecords(layout: records.layout) }

    /// A new (or adopted) container: its record, with an install due when the spec asks for dotfiles.
    func recordDotfiles(_ name: String, containerID: String, wanted: Dotfiles?) async throws {
        let store = dotfilesRecords
        try await BlockingWork.run {
            if let existing = store.read(name), existing.containerID == containerID, existing.wanted == wanted {
                return
            }
            guard let wanted else {
                store.remove(name)
                return
            }
            try store.write(DotfilesRecord(containerID: containerID, wanted: wanted, due: true), for: name)
        }
    }

    /// An in-place action that changes the dotfiles: records what is wanted now; the install runs at the next start.
    func recordDotfilesChange(_ action: PlanAction, containerID: String) async throws {
        guard action.changes.contains(where: { $0.field.hasPrefix("dotfiles.") }) else { return }
        let store = dotfilesRecords
        let wanted = action.spec?.dotfiles
        try await BlockingWork.run {
            var record =
                store.read(action.name).flatMap { $0.containerID == containerID ? $0 : nil }
                ?? DotfilesRecord(containerID: containerID, wanted: nil, due: false)
            record.wanted = wanted
            if wanted == nil { record.due = false }
            try store.write(record, for: action.name)
        }
    }

    /// Gitspaces is about to start the container: an install is due when the dotfiles changed or the last install
    /// failed.
    func markDotfilesStarting(_ name: String, containerID: String) async throws {
        let store = dotfilesRecords
        try await BlockingWork.run {
            guard var record = store.read(name), record.containerID == containerID, !record.due,
                record.changedSinceInstall
            else { return }
            record.due = true
            try store.write(record, for: name)
        }
    }

    /// The pending hooks, then the dotfiles when an install is due (before `postStartCommand` when that is pending,
    /// see `runPendingHooks`). With `starting`, Gitspaces has just started the container.
    func runPendingSetup(_ name: String, containerID: String, starting: Bool) async throws -> String? {
        if starting { try await markDotfilesStarting(name, containerID: containerID) }
        let hooks = try await runPendingHooks(name, containerID: containerID)
        let dotfiles = await installDueDotfiles(name, containerID: containerID)
        let notes = [hooks, dotfiles].compactMap { $0 }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// Installs the dotfiles when an install is due on this container; returns what happened, for the action's
    /// note. Never throws: a failure is logged, recorded for the status, and tried again at the next start.
    func installDueDotfiles(_ name: String, containerID: String) async -> String? {
        let store = dotfilesRecords
        guard var record = await BlockingWork.run({ store.read(name) }), record.containerID == containerID,
            record.due, let dotfiles = record.wanted
        else { return nil }
        let log = GitspaceLog(layout: records.layout, name: name)
        let outcome = await installDotfiles(dotfiles, in: containerID, gitspace: name, log: log)
        record.due = false
        record.last = outcome
        let finished = record
        _ = try? await BlockingWork.run { try store.write(finished, for: name) }
        switch outcome.state {
        case .installed: return "dotfiles \(outcome.message)"
        case .failed: return "dotfiles failed (the Gitspace runs without them; see gitspaces logs \(name))"
        }
    }

    private func installDotfiles(_ dotfiles: Dotfiles, in containerID: String, gitspace: String, log: GitspaceLog)
        async -> DotfilesRecord.Outcome
    {
        var commit: String?
        var title = "dotfiles \(dotfiles.repo)"
        var logged = false
        do {
            let mirrors = records.layout.mirrors
            let credentialsDirectory = self.credentialsDirectory
            let checkout = try await BlockingWork.run { () throws -> DotfilesCheckout in
                try DotfilesCheckout.make(dotfiles, mirrors: mirrors, credentialsDirectory: credentialsDirectory) {
                    files in
                    if case .run(let script) = DotfilesInstallStep.choose(
                        installCommand: dotfiles.installCommand, files: files)
                    {
                        return script
                    }
                    return nil
                }
            }
            commit = checkout.commit
            title += " at \(checkout.branch) \(checkout.commit.prefix(12))"
            let step = DotfilesInstallStep.choose(installCommand: dotfiles.installCommand, files: checkout.files)
            let (user, home) = try await copyDotfiles(checkout, into: containerID)
            let folder = home + "/" + Dotfiles.folder
            let env = lifecycle.read(gitspace).flatMap { $0.containerID == containerID ? $0.env : nil } ?? []
            let argv: [String]
            let ran: String
            switch step {
            case .missing(let path):
                throw DotfilesError(.install, "installCommand '\(path)' is not a file of the dotfiles repository")
            case .run(let script):
                argv = ["/bin/sh", "-c", "./\"$1\"", "dotfiles", script]
                ran = "ran \(script)"
            case .link(let names):
                argv = ["/bin/sh", "-c", Self.linkScript, "dotfiles", home] + names
                ran =
                    names.isEmpty
                    ? "copied (no install script, no dotfiles to link)" : "linked " + names.joined(separator: " ")
            }
            let output = OutputBuffer()
            let result = try await runtime.run(argv, in: containerID, user: user, workingDir: folder, env: env) {
                chunk in output.append(chunk.bytes)
            }
            let text = Redact.text(output.text)
            log.append("\(title): \(ran) (exit \(result.exitCode))", output: text)
            logged = true
            guard result.exitCode == 0 else {
                throw DotfilesError(.install, "\(ran) exited with \(result.exitCode)" + Self.lastLines(text, count: 5))
            }
            return DotfilesRecord.Outcome(
                dotfiles: dotfiles, commit: commit, state: .installed, message: ran, at: clock())
        } catch {
            let message = (error as? DotfilesError)?.message ?? Redact.text(ApplyError.describe(error))
            if !logged { log.append("\(title) (not installed)", output: message) }
            return DotfilesRecord.Outcome(
                dotfiles: dotfiles, commit: commit, state: .failed, message: message, at: clock())
        }
    }

    /// Copies the checkout into the remote user's home as `~/dotfiles` (replacing an earlier copy), owned by that
    /// user, through the engine's archive API. Returns the user commands run as, and the home.
    private func copyDotfiles(_ checkout: DotfilesCheckout, into containerID: String) async throws -> (String?, String)
    {
        guard let details = try await runtime.container(containerID) else {
            throw DotfilesError(.copy, "the container is gone")
        }
        var user = ContainerIdentity.remoteUser(fromLabels: details.config.labels)
        if user == nil, !details.config.user.isEmpty { user = details.config.user }
        let probe = try await runtime.run(
            ["/bin/sh", "-c", "printf '%s\\n' \"$HOME\"; id -u; id -g"], in: containerID, user: user)
        let lines = probe.stdout.split(separator: "\n").map(String.init)
        guard probe.exitCode == 0, lines.count == 3, lines[0].hasPrefix("/"), lines[0] != "/",
            let uid = Int(lines[1]), let gid = Int(lines[2])
        else {
            throw DotfilesError(
                .copy,
                "cannot tell the home of the remote user '\(user ?? "root")': "
                    + (probe.stderr.isEmpty ? probe.stdout : probe.stderr))
        }
        let home = lines[0]
        let folder = home + "/" + Dotfiles.folder
        let clear = try await runtime.run(["rm", "-rf", "--", folder], in: containerID, user: "0")
        guard clear.exitCode == 0 else {
            throw DotfilesError(.copy, "cannot remove the earlier \(folder): \(clear.stderr)")
        }
        try await runtime.putArchive(checkout.archive, into: containerID, at: home)
        let own = try await runtime.run(["chown", "-hR", "\(uid):\(gid)", folder], in: containerID, user: "0")
        guard own.exitCode == 0 else {
            throw DotfilesError(.copy, "cannot give \(folder) to uid \(uid): \(own.stderr)")
        }
        return (user, home)
    }

    /// Links each top-level dotfile (`$2…`) into the home (`$1`); a real folder of that name is left alone, said so.
    static let linkScript = """
        home="$1"; shift
        for name in "$@"; do
          if [ -d "$home/$name" ] && [ ! -L "$home/$name" ]; then
            echo "kept $home/$name: a folder is there"
          else
            ln -sfn "$PWD/$name" "$home/$name" && echo "linked $home/$name -> $PWD/$name"
          fi
        done
        """
}

extension ContainerRuntime {
    /// Runtimes that cannot copy files in (test doubles) refuse; the dotfiles install then fails and says so.
    package func putArchive(_ tar: [UInt8], into container: String, at path: String) async throws {
        throw DotfilesError(.copy, "this runtime cannot copy files into a container")
    }
}
