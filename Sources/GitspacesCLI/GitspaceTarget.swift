import DockerEngine
import Foundation
import GitspacesCore
import Reconciler

/// A Gitspace's container as the commands that get into it see it: found by name within the instance, with the
/// user to run as, the workspace folder and the authorized keys of the spec it was applied from.
struct GitspaceTarget: Sendable {
    /// The Gitspace's name (`metadata.name`).
    var name: String
    var container: ContainerDetails

    var running: Bool { container.state.running }

    /// Who commands run as: the devcontainer's `remoteUser`, else its `containerUser` (as recorded in the labels),
    /// else the container's `User`; nil means the engine's default (root).
    var remoteUser: String? {
        if let user = ContainerIdentity.remoteUser(fromLabels: container.config.labels) { return user }
        return container.config.user.isEmpty ? nil : container.config.user
    }

    /// `remoteUser` without a `:group` part, `root` when nil: the login for ssh (may still be a numeric uid).
    var loginUser: String {
        guard let user = remoteUser else { return "root" }
        return String(user.split(separator: ":", maxSplits: 1).first ?? "root")
    }

    /// The workspace folder the container starts in (`/workspaces/<repo>`), nil when the image sets none.
    var workspaceFolder: String? {
        container.config.workingDir.isEmpty ? nil : container.config.workingDir
    }

    var authorizedKeys: [String] {
        ContainerIdentity.spec(fromLabels: container.config.labels)?.authorizedKeys ?? []
    }

    /// The Gitspace `name` of `instance`.
    ///
    /// - Throws: `GitspaceLookupError` when there is no such Gitspace (or its container belongs to another instance).
    static func find(_ name: String, instance: String, docker: DockerClient) async throws -> GitspaceTarget {
        let containerName = ContainerIdentity.containerName(name)
        var found = try await docker.inspect(containerName)
        if found == nil,
            let task = try await docker.list(
                labels: [ContainerIdentity.nameLabel: name, ContainerIdentity.instanceLabel: instance], all: false
            ).first
        {
            // A swarm task's container on its node: named by the swarm, labelled as ours.
            found = try await docker.inspect(task.id)
        }
        guard let details = found else {
            throw GitspaceLookupError(
                "no Gitspace '\(name)' in instance '\(instance)': declare it in a manifest and run `gitspaces apply` "
                    + "(or pass the --instance it was applied with)")
        }
        let labels = details.config.labels
        guard labels[ContainerIdentity.nameLabel] == name, labels[ContainerIdentity.instanceLabel] == instance else {
            let owner = labels[ContainerIdentity.instanceLabel].map { "instance '\($0)'" } ?? "no gitspaces instance"
            throw GitspaceLookupError(
                "no Gitspace '\(name)' in instance '\(instance)': the container \(containerName) belongs to \(owner)"
                    + (labels[ContainerIdentity.instanceLabel] != nil ? " (pass --instance to reach it)" : ""))
        }
        return GitspaceTarget(name: name, container: details)
    }

    /// The running Gitspaces of `instance`, by name.
    static func running(instance: String, docker: DockerClient) async throws -> [GitspaceTarget] {
        let summaries = try await docker.list(labels: [ContainerIdentity.instanceLabel: instance], all: false)
        var targets: [GitspaceTarget] = []
        for summary in summaries {
            guard let name = summary.labels[ContainerIdentity.nameLabel],
                let details = try await docker.inspect(summary.id), details.state.running
            else { continue }
            targets.append(GitspaceTarget(name: name, container: details))
        }
        return targets.sorted { $0.name < $1.name }
    }

    /// Fails unless the container runs, saying how to start it.
    func requireRunning() throws {
        guard running else {
            throw GitspaceLookupError(
                "Gitspace '\(name)' is not running (its container is \(container.state.status)): set `state: running` "
                    + "in its manifest and run `gitspaces apply`")
        }
    }
}

/// A Gitspace that cannot be reached: unknown, of another instance, or not running.
struct GitspaceLookupError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
