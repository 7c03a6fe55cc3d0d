import DevContainer
import Foundation
import GitspacesCore

/// The half of a reconcile pass that needs no engine: each Gitspace's source read (one fetch per repository), the
/// features its devcontainer.json asks for fetched, and that devcontainer.json resolved for its container.
struct SourceSetups: Sendable {
    let resolver: SourceResolver
    let features: any FeatureFetching
    let workspaces: WorkspaceStore
    let instance: String
    let localEnv: [String: String]

    /// By Gitspace name: the source with its `setup`, or why it could not be read or resolved; no entry for a
    /// Gitspace whose source was not resolved at all.
    func resolve(_ desired: DesiredState) async -> [String: Result<ResolvedSource, ApplyError>] {
        let fetched = await Reconciliation.fetchFeatures(
            of: await resolver.resolve(desired.gitspaces), fetcher: features)
        let parsed = Self.parseOnce(fetched)
        // Each Gitspace's devcontainer.json resolves on its own (about 0.1 ms each): in one slice per core but one,
        // which is left to decoding the engine's list as it arrives (both slices on two cores made it wait).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let slices = Self.slices(desired.gitspaces, count: max(1, cores - 1))
        return await withTaskGroup(of: [String: Result<ResolvedSource, ApplyError>].self) { group in
            for slice in slices {
                group.addTask { setUp(slice, fetched: fetched, parsed: parsed, policy: desired.policy) }
            }
            var results: [String: Result<ResolvedSource, ApplyError>] = [:]
            for await part in group { results.merge(part) { first, _ in first } }
            return results
        }
    }

    /// Each distinct devcontainer.json of `fetched` read once (by its file and text: content, so Gitspaces of one
    /// source at one commit share it), instead of twice for each Gitspace.
    static func parseOnce(_ fetched: [String: Result<ResolvedSource, ApplyError>]) -> [ConfigKey: ParsedConfig] {
        var parsed: [ConfigKey: ParsedConfig] = [:]
        for case .success(let source) in fetched.values {
            let key = ConfigKey(source)
            if parsed[key] == nil { parsed[key] = DevContainerSetup.parse(source) }
        }
        return parsed
    }

    typealias ParsedConfig = Result<DevContainerParseResult?, DevContainerError>

    /// What a devcontainer.json's reading depends on: its path (named in diagnostics) and its text.
    struct ConfigKey: Hashable, Sendable {
        let file: String?
        let text: String?

        init(_ source: ResolvedSource) {
            file = source.configPath
            text = source.configText
        }
    }

    /// `gitspaces` in at most `count` contiguous slices of nearly equal size (none empty).
    static func slices(_ gitspaces: [Gitspace], count: Int) -> [ArraySlice<Gitspace>] {
        let size = max(1, (gitspaces.count + max(count, 1) - 1) / max(count, 1))
        return stride(from: 0, to: gitspaces.count, by: size).map {
            gitspaces[$0..<min($0 + size, gitspaces.count)]
        }
    }

    private func setUp(
        _ gitspaces: ArraySlice<Gitspace>, fetched: [String: Result<ResolvedSource, ApplyError>],
        parsed: [ConfigKey: ParsedConfig], policy: Policy
    ) -> [String: Result<ResolvedSource, ApplyError>] {
        var results: [String: Result<ResolvedSource, ApplyError>] = [:]
        for gitspace in gitspaces {
            guard case .success(var source) = fetched[gitspace.name] else {
                results[gitspace.name] = fetched[gitspace.name]
                continue
            }
            let setup = DevContainerSetup.resolve(
                gitspace: gitspace, source: source, policy: policy, instance: instance,
                workspace: workspaces.path(for: gitspace.name), localEnv: localEnv, parsed: parsed[ConfigKey(source)])
            switch setup {
            case .success(let setup):
                source.image = setup.image
                source.setup = setup
                results[gitspace.name] = .success(source)
            case .failure(let error):
                results[gitspace.name] = .failure(error)
            }
        }
        return results
    }
}
