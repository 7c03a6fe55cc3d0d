import DevContainer
import DockerEngine
import Foundation

extension ApplyExecutor {
    /// The hooks Gitspaces runs, in the order it runs them.
    static let hookOrder: [LifecycleHook] = [
        .onCreateCommand, .updateContentCommand, .postCreateCommand, .postStartCommand,
    ]

    /// The marker of a new container: every hook with commands is pending.
    static func lifecycleRecord(containerID: String, devcontainer: ResolvedDevContainer) -> LifecycleRecord? {
        var hooks: [String: [HookCommand]] = [:]
        var pending: [String] = []
        for hook in hookOrder {
            let commands = devcontainer.commands(for: hook).map { hookCommand($0.command) }
            guard !commands.isEmpty else { continue }
            hooks[hook.rawValue] = commands
            pending.append(hook.rawValue)
        }
        guard !pending.isEmpty else { return nil }
        let env = devcontainer.remoteEnv.compactMap { key, value in value.map { "\(key)=\($0)" } }.sorted()
        return LifecycleRecord(
            containerID: containerID, user: devcontainer.remoteUser ?? devcontainer.containerUser,
            workingDir: devcontainer.workspaceFolder, env: env, hooks: hooks, pending: pending)
    }

    static func hookCommand(_ command: LifecycleCommand, name: String? = nil) -> HookCommand {
        switch command {
        case .shell(let text): HookCommand(name: name, shell: text)
        case .exec(let arguments): HookCommand(name: name, exec: arguments)
        case .parallel(let commands):
            HookCommand(name: name, parallel: commands.map { hookCommand($0.command, name: $0.name) })
        }
    }

    /// Marks postStartCommand to run again: Gitspaces is about to start the container.
    func markStarting(_ name: String, containerID: String) throws {
        guard var record = lifecycle.read(name), record.containerID == containerID else { return }
        let hook = LifecycleHook.postStartCommand.rawValue
        guard record.hooks[hook] != nil else { return }
        record.done.removeAll { $0 == hook }
        if !record.pending.contains(hook) { record.pending.append(hook) }
        try lifecycle.write(record, for: name)
    }

    /// Runs the hooks still pending on `name`'s container, each recorded only after it succeeded. A failure
    /// is recorded with the time before which it is not tried again, and fails the action with the end of
    /// its output. Returns what ran, for the action's note.
    func runPendingHooks(_ name: String, containerID: String) async throws -> String? {
        guard var record = lifecycle.read(name), record.containerID == containerID else { return nil }
        if record.watchesStarts {
            let seen = record.seen(startedAt: try await runtime.container(containerID)?.state.startedAt)
            if seen != record {
                record = seen
                try lifecycle.write(record, for: name)
            }
        }
        guard let first = record.pending.first else { return nil }
        let now = clock()
        if let retryAfter = record.retryAfter, retryAfter > now {
            let wait = Int(retryAfter.timeIntervalSince(now).rounded(.up))
            throw ApplyError(
                .hook,
                "\(first) failed \(record.attempts == 1 ? "once" : "\(record.attempts) times"); "
                    + "retry after \(GitspaceLog.timestamp(retryAfter)) (in \(wait) s)"
                    + (record.lastError.map { ": \($0)" } ?? ""))
        }
        let log = GitspaceLog(layout: records.layout, name: name)
        var ran: [String] = []
        while let hook = record.pending.first {
            if hook == LifecycleRecord.postStart, let note = await installDueDotfiles(name, containerID: containerID) {
                ran.append(note)
            }
            var failure: String?
            for command in record.hooks[hook] ?? [] {
                failure = await run(command, hook: hook, record: record, containerID: containerID, log: log)
                if failure != nil { break }
            }
            if let failure {
                record.attempts += 1
                // Whole seconds: the marker stores the time to the second, and must not round it down.
                let due = clock().timeIntervalSince1970 + LifecycleRecord.backoff(afterAttempts: record.attempts)
                let retryAfter = Date(timeIntervalSince1970: due.rounded(.up))
                record.retryAfter = retryAfter
                record.lastError = failure
                try lifecycle.write(record, for: name)
                throw ApplyError(
                    .hook,
                    "\(hook) failed (attempt \(record.attempts); retry after \(GitspaceLog.timestamp(retryAfter))): \(failure)"
                )
            }
            record.pending.removeFirst()
            if !record.done.contains(hook) { record.done.append(hook) }
            if hook == LifecycleRecord.postStart {
                record.startedAt = try await runtime.container(containerID)?.state.startedAt
                    .map(LifecycleRecord.startTime)
            }
            record.attempts = 0
            record.retryAfter = nil
            record.lastError = nil
            try lifecycle.write(record, for: name)
            ran.append(hook)
        }
        return ran.isEmpty ? nil : "ran \(ran.joined(separator: ", "))"
    }

    /// Runs one command of a hook (the parallel form all at once); nil when it succeeded, else why.
    private func run(
        _ command: HookCommand, hook: String, record: LifecycleRecord, containerID: String, log: GitspaceLog
    )
        async -> String?
    {
        if let parallel = command.parallel {
            let failures = await withTaskGroup(of: String?.self) { group in
                for entry in parallel {
                    group.addTask {
                        await self.run(entry, hook: hook, record: record, containerID: containerID, log: log)
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            return failures.isEmpty ? nil : failures.sorted().joined(separator: "; ")
        }
        let argv: [String]
        if let shell = command.shell {
            argv = ["/bin/sh", "-c", shell]
        } else if let exec = command.exec, !exec.isEmpty {
            argv = exec
        } else {
            return nil
        }
        let title = hook + (command.name.map { "[\($0)]" } ?? "")
        let output = OutputBuffer()
        do {
            let result = try await runtime.run(
                argv, in: containerID, user: record.user, workingDir: record.workingDir, env: record.env
            ) { chunk in output.append(chunk.bytes) }
            let text = output.text
            log.append("\(title) (exit \(result.exitCode))", output: text)
            guard result.exitCode == 0 else {
                return "\(title) exited with \(result.exitCode)" + Self.lastLines(text)
            }
            return nil
        } catch {
            let reason = ApplyError.describe(error)
            log.append("\(title) (not run)", output: reason)
            return "\(title) could not run: \(reason)"
        }
    }

    /// The last lines of a command's output, for an error message.
    static func lastLines(_ text: String, count: Int = 10) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmed = lines.last == "" ? Array(lines.dropLast()) : lines
        guard !trimmed.isEmpty else { return "" }
        return ":\n" + trimmed.suffix(count).map { "    " + $0 }.joined(separator: "\n")
    }
}

/// Output chunks of one command in the order they came, from the engine's callback.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ chunk: [UInt8]) {
        lock.lock()
        bytes += chunk
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
