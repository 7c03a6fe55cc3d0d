/// A swarm node as placement sees it: whether it may take a Gitspace, what it has and what is already reserved.
package struct PlacementNode: Sendable, Hashable {
    /// The swarm's node id (`node.id==…`), also the tie-breaker.
    package var id: String
    /// For messages.
    package var hostname: String
    /// The node's `dev.gitspaces.engine` label; a node without it cannot be reached for exec or workspaces.
    package var engineEndpoint: String?
    /// The manager's `Status.State`: `ready`, `down`, `unknown`, `disconnected`.
    package var state: String
    /// `active`, `pause` or `drain`.
    package var availability: String
    /// What the node has.
    package var capacity: PlacementAmount
    /// What the tasks assigned to it reserve.
    package var reserved: PlacementAmount

    package init(
        id: String, hostname: String = "", engineEndpoint: String?, state: String = "ready",
        availability: String = "active", capacity: PlacementAmount, reserved: PlacementAmount = .zero
    ) {
        self.id = id
        self.hostname = hostname
        self.engineEndpoint = engineEndpoint
        self.state = state
        self.availability = availability
        self.capacity = capacity
        self.reserved = reserved
    }

    /// Capacity less reservations (never below zero).
    package var free: PlacementAmount {
        PlacementAmount(
            cpus: CPUs(millis: max(0, capacity.cpus.millis - reserved.cpus.millis)),
            memory: ByteSize(bytes: max(0, capacity.memory.bytes - reserved.memory.bytes)))
    }

    /// How full the node is: the reserved share of its cpus plus that of its memory (0 empty … 2 full).
    var allocation: Double {
        let cpu = capacity.cpus.millis > 0 ? Double(reserved.cpus.millis) / Double(capacity.cpus.millis) : 1
        let memory = capacity.memory.bytes > 0 ? Double(reserved.memory.bytes) / Double(capacity.memory.bytes) : 1
        return cpu + memory
    }

    /// `hostname (id)` when the hostname says something, else the id.
    package var displayName: String {
        hostname.isEmpty || hostname == id ? id : "\(hostname) (\(id))"
    }
}
