/// The resources reserved for one Gitspace.
public struct Hardware: Sendable, Hashable, Codable {
    public var cpus: CPUs
    public var memory: ByteSize
    /// Size of the workspace volume; nil when not limited.
    public var disk: ByteSize?
    public var gpus: Int

    public init(cpus: CPUs, memory: ByteSize, disk: ByteSize? = nil, gpus: Int = 0) {
        self.cpus = cpus
        self.memory = memory
        self.disk = disk
        self.gpus = gpus
    }

    /// What a Gitspace gets when its manifest names no hardware and no `default` profile exists.
    public static let builtinDefault = Hardware(
        cpus: CPUs(millis: 2000), memory: ByteSize(bytes: 4 << 30), disk: ByteSize(bytes: 16 << 30))
}

/// Upper bounds from `Policy.maxHardware`; a missing bound is no bound.
public struct HardwareLimits: Sendable, Hashable, Codable {
    public var cpus: CPUs?
    public var memory: ByteSize?
    public var disk: ByteSize?
    public var gpus: Int?

    public init(cpus: CPUs? = nil, memory: ByteSize? = nil, disk: ByteSize? = nil, gpus: Int? = nil) {
        self.cpus = cpus
        self.memory = memory
        self.disk = disk
        self.gpus = gpus
    }
}
