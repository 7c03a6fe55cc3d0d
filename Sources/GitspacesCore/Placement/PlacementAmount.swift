/// CPUs and memory: what a node has, reserves or has free, and what a Gitspace asks for.
package struct PlacementAmount: Sendable, Hashable {
    package var cpus: CPUs
    package var memory: ByteSize

    package init(cpus: CPUs, memory: ByteSize) {
        self.cpus = cpus
        self.memory = memory
    }

    package static let zero = PlacementAmount(cpus: CPUs(millis: 0), memory: ByteSize(bytes: 0))

    /// Whether `request` fits in this amount.
    package func fits(_ request: PlacementAmount) -> Bool {
        request.cpus.millis <= cpus.millis && request.memory.bytes <= memory.bytes
    }

    /// The sum, for adding a task's reservation to a node's.
    package static func + (lhs: PlacementAmount, rhs: PlacementAmount) -> PlacementAmount {
        PlacementAmount(
            cpus: CPUs(millis: lhs.cpus.millis + rhs.cpus.millis),
            memory: ByteSize(bytes: lhs.memory.bytes + rhs.memory.bytes))
    }
}
