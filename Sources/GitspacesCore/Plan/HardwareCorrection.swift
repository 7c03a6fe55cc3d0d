/// The in-place update that brings a container's cpus and memory, as the engine reports them (after a
/// hand-made `docker update`, say), back to the values `observed` was applied with; nil when they match.
///
/// The changes list `hardware.cpus` before `hardware.memory`, old values as the engine has them. The
/// update keeps the observed spec and run state, so applying it changes nothing else.
package func hardwareCorrection(
    for observed: ObservedGitspace, engineNanoCPUs: Int64, engineMemoryBytes: Int64
) -> PlanAction? {
    let hardware = observed.spec.hardware
    var changes: [FieldChange] = []
    if engineNanoCPUs != hardware.cpus.nanoCPUs {
        changes.append(
            FieldChange(field: "hardware.cpus", old: String(Double(engineNanoCPUs) / 1e9), new: "\(hardware.cpus)"))
    }
    if engineMemoryBytes != hardware.memory.bytes {
        changes.append(FieldChange(field: "hardware.memory", old: "\(engineMemoryBytes)", new: "\(hardware.memory)"))
    }
    guard !changes.isEmpty else { return nil }
    return PlanAction(
        kind: .update, name: observed.name, changes: changes, spec: observed.spec, running: observed.running)
}
