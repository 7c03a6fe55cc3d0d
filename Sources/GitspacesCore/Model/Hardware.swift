/// The resources reserved for one Gitspace.
package struct Hardware: Sendable, Hashable, Codable {
    package var cpus: CPUs
    package var memory: ByteSize
    /// Size of the workspace volume; nil when not limited.
    package var disk: ByteSize?
    package var gpus: Int

    package init(cpus: CPUs, memory: ByteSize, disk: ByteSize? = nil, gpus: Int = 0) {
        self.cpus = cpus
        self.memory = memory
        self.disk = disk
        self.gpus = gpus
    }

    /// What a Gitspace gets when its manifest names no hardware and no `default` profile exists.
    package static let builtinDefault = Hardware(
        cpus: CPUs(millis: 2000), memory: ByteSize(bytes: 4 << 30), disk: ByteSize(bytes: 16 << 30))
}

/// Upper bounds from `Policy.maxHardware`; a missing bound is no bound.
package struct HardwareLimits: Sendable, Hashable, Codable {
    package var cpus: CPUs?
    package var memory: ByteSize?
    package var disk: ByteSize?
    package var gpus: Int?

    package init(cpus: CPUs? = nil, memory: ByteSize? = nil, disk: ByteSize? = nil, gpus: Int? = nil) {
        self.cpus = cpus
        self.memory = memory
        self.disk = disk
        self.gpus = gpus
    }
}
