/// Computes what to do to turn the observed Gitspaces into the desired ones. Pure, total and deterministic:
/// the order of `observed` (and of `desired.gitspaces`) does not matter, and it runs in O(n log n).
///
/// Per Gitspace, by name (a rename is a delete of the old name and a create of the new one):
/// - desired only: `create` (in the desired run state); observed only: `delete`, the workspace's fate from
///   the observed `deletionPolicy`.
/// - Any container field changed (repo, devcontainer, image, a resolved devcontainer.json key, a disk limit
///   added or removed, gpus, env, authorized keys, credentials): `replace`. A new size of a disk limit is in
///   place (`update`). The container is recreated straight into the desired run state, so a
///   run-state change rides along and is listed as a `state` change (a stopped Gitspace whose image changed
///   is recreated and left stopped).
/// - Otherwise a run-state change: `start` or `stop`, carrying any in-place changes (cpus, memory, branch),
///   which are applied with it so the container is right whenever it runs next.
/// - Otherwise in-place changes: `update`, whether the Gitspace runs or not. Lifecycle hooks still to run
///   on an observed container (`lifecycle`) are such a change.
/// - Metadata alone (labels, owner, deletionPolicy): no action. When there is an action anyway, metadata
///   changes are listed with it.
///
/// Guards, both lifted by `options.allowMassDelete`: a desired state with no Gitspaces while some exist is
/// refused; so is a plan deleting more than `desired.policy.maxDeletions` Gitspaces (exactly that many is
/// allowed). A refused plan still lists its actions.
///
/// Names are unique in a `DesiredState` from `ManifestLoader` and on an engine. Should either list repeat a
/// name anyway, one entry is chosen by a fixed order of its contents, so the result still does not depend on
/// input order.
///
/// `unchanged` counts Gitspaces left out of both `desired` and `observed` because they are the same in both (see
/// `ManifestLoader.loadChanges`): they plan no action, but the guard against an empty configuration counts them.
package func plan(
    desired: DesiredState, observed: [ObservedGitspace], options: PlanOptions = PlanOptions(), unchanged: Int = 0
) -> Plan {
    // Indices rather than copies: at 10,000 Gitspaces the planner is bound by memory traffic.
    let gitspaces = desired.gitspaces
    var wanted: [String: Int] = [:]
    wanted.reserveCapacity(gitspaces.count)
    // Index loops borrow the elements; `for x in array` would copy every Gitspace.
    for index in gitspaces.indices {
        let name = gitspaces[index].name
        if let other = wanted[name] {
            let candidate = (gitspace: gitspaces[index], spec: ResolvedSpec(gitspaces[index]))
            let kept = (gitspace: gitspaces[other], spec: ResolvedSpec(gitspaces[other]))
            if !Planner.precedes(candidate, kept) { continue }
        }
        wanted[name] = index
    }
    var existing: [String: Int] = [:]
    existing.reserveCapacity(observed.count)
    for index in observed.indices {
        let name = observed[index].name
        if let other = existing[name], !Planner.precedes(observed[index], observed[other]) { continue }
        existing[name] = index
    }

    var actions: [PlanAction] = []
    for (name, index) in wanted {
        let spec = options.resolved[name] ?? ResolvedSpec(gitspaces[index])
        let running = gitspaces[index].state == .running
        if let currentIndex = existing[name] {
            // The steady state: nothing changed, so no field-by-field comparison is needed.
            if observed[currentIndex].running == running, observed[currentIndex].spec == spec { continue }
            let current = observed[currentIndex]
            if let action = Planner.transition(name: name, from: current, to: spec, running: running) {
                actions.append(action)
            }
        } else {
            actions.append(Planner.create(name: name, spec: spec, running: running))
        }
    }
    var deletions = 0
    for (name, currentIndex) in existing where wanted[name] == nil {
        let current = observed[currentIndex]
        deletions += 1
        actions.append(
            PlanAction(
                kind: .delete, name: name, data: PlanAction.DataFate(current.spec.deletionPolicy),
                hardware: .zero - HardwareDelta(current.spec.hardware), spec: nil, running: false))
    }

    var refusal: PlanRefusal?
    if !options.allowMassDelete {
        if wanted.isEmpty, unchanged == 0, !existing.isEmpty {
            refusal = PlanRefusal(.emptyDesired(existing: existing.count))
        } else if deletions > max(desired.policy.maxDeletions, 0) {
            refusal = PlanRefusal(.tooManyDeletions(count: deletions, maxDeletions: desired.policy.maxDeletions))
        }
    }
    return Plan(actions: actions, refusal: refusal)
}

/// The per-Gitspace rules of `plan(desired:observed:options:)`.
enum Planner {
    static func create(name: String, spec: ResolvedSpec, running: Bool) -> PlanAction {
        var changes: [FieldChange] = []
        if !running { changes.append(FieldChange(field: "state", old: nil, new: "stopped")) }
        for field in spec.fields where !field.isDefault {
            changes.append(FieldChange(field: field.path, old: nil, new: field.value))
        }
        return PlanAction(
            kind: .create, name: name, changes: changes, hardware: HardwareDelta(spec.hardware), spec: spec,
            running: running)
    }

    static func transition(name: String, from current: ObservedGitspace, to spec: ResolvedSpec, running: Bool)
        -> PlanAction?
    {
        let changes = spec.changes(from: current.spec)
        let kind: PlanAction.Kind
        var listed = changes.map(\.change)
        if changes.contains(where: { $0.effect == .container }) {
            kind = .replace
            if current.running != running {
                listed.insert(
                    FieldChange(field: "state", old: stateName(current.running), new: stateName(running)), at: 0)
            }
        } else if current.running != running {
            kind = running ? .start : .stop
        } else if changes.contains(where: { $0.effect == .inPlace }) {
            kind = .update
        } else {
            return nil
        }
        return PlanAction(
            kind: kind, name: name, changes: listed,
            hardware: HardwareDelta(spec.hardware) - HardwareDelta(current.spec.hardware), spec: spec, running: running)
    }

    static func stateName(_ running: Bool) -> String {
        running ? Gitspace.RunState.running.rawValue : Gitspace.RunState.stopped.rawValue
    }

    /// A fixed order among entries that share a name.
    static func precedes(
        _ lhs: (gitspace: Gitspace, spec: ResolvedSpec), _ rhs: (gitspace: Gitspace, spec: ResolvedSpec)
    )
        -> Bool
    {
        let left = lhs.spec.fullCanonicalForm + Array(lhs.gitspace.state.rawValue.utf8)
        let right = rhs.spec.fullCanonicalForm + Array(rhs.gitspace.state.rawValue.utf8)
        return left.lexicographicallyPrecedes(right)
    }

    static func precedes(_ lhs: ObservedGitspace, _ rhs: ObservedGitspace) -> Bool {
        func key(_ gitspace: ObservedGitspace) -> [UInt8] {
            var writer = CanonicalWriter()
            writer.field("running", String(gitspace.running))
            writer.field("commit", gitspace.commit)
            return gitspace.spec.fullCanonicalForm + writer.bytes
        }
        return key(lhs).lexicographicallyPrecedes(key(rhs))
    }
}
