package import GitspacesCore

/// The idle records of one instance (`StateLayout.idle`): written by the daemon when it stops an idle Gitspace,
/// removed when something starts it again (`gitspaces ssh`/`exec`, a replace) or its manifest stops asking for it
/// to run (`state: stopped` wins; see `RunIntents.sync`).
package struct IdleRecords: Sendable {
    package let layout: StateLayout
    private let files: RecordDirectory<IdleRecord>

    package init(layout: StateLayout) {
        self.layout = layout
        files = RecordDirectory(directory: layout.idle)
    }

    package func read(_ name: String) -> IdleRecord? { files.read(name) }

    package func write(_ record: IdleRecord, for name: String) throws { try files.write(record, for: name) }

    package func readAll() -> [String: IdleRecord] { files.readAll() }

    package func remove(_ name: String) { files.remove(name) }

    /// The records that hold against `observation`: the same container, still stopped.
    package func holding(in observation: Observation) -> [String: IdleRecord] {
        readAll().filter { name, record in
            guard let container = observation.containers[name] else { return false }
            return container.id == record.containerID && !container.running
        }
    }

    /// `observation` as the planner should see it: a Gitspace stopped for being idle whose manifest still says
    /// `running` counts as running, so that no pass starts it again (it is not drift). Anything else the plan
    /// has for it (an in-place update, a replace) still happens; a replace starts the new container.
    package func intended(_ observation: Observation, desired: DesiredState) -> Observation {
        let idle = holding(in: observation)
        guard !idle.isEmpty else { return observation }
        let running = Set(desired.gitspaces.filter { $0.state == .running }.map(\.name))
        var intended = observation
        for index in intended.gitspaces.indices {
            let name = intended.gitspaces[index].name
            if idle[name] != nil, running.contains(name) { intended.gitspaces[index].running = true }
        }
        return intended
    }
}
