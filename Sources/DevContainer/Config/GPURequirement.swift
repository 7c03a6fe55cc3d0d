package import Shared

/// `hostRequirements.gpu`: `true`, `false`, `"optional"` or `{cores, memory}`.
package enum GPURequirement: Sendable, Hashable {
    case notRequired
    case required
    case optional
    /// A GPU is required, with at least these cores and this much GPU memory.
    case detailed(cores: Int?, memoryBytes: Int64?)

    /// True when hardware without a GPU does not meet it.
    package var needsGPU: Bool {
        switch self {
        case .notRequired, .optional: false
        case .required, .detailed: true
        }
    }

    package var canonical: JSONTree {
        switch self {
        case .notRequired: .bool(false)
        case .required: .bool(true)
        case .optional: .string("optional")
        case .detailed(let cores, let memory):
            .object(
                [
                    "cores": cores.map { JSONTree.int($0) },
                    "memory": memory.map { JSONTree.string(HostRequirements.formatBytes($0)) },
                ].compactMapValues { $0 })
        }
    }

    /// The reference CLI's rule: false/absent yields to the other; two "optional" stay optional;
    /// otherwise the larger of cores and memory.
    static func merge(_ a: GPURequirement?, _ b: GPURequirement?) -> GPURequirement? {
        switch (a, b) {
        case (nil, _), (.notRequired?, _): return b ?? a
        case (_, nil), (_, .notRequired?): return a
        case (.optional?, .optional?): return .optional
        case (let a?, let b?):
            func parts(_ value: GPURequirement) -> (Int?, Int64?) {
                if case .detailed(let cores, let memory) = value { return (cores, memory) }
                return (nil, nil)
            }
            let (coresA, memoryA) = parts(a)
            let (coresB, memoryB) = parts(b)
            let cores = max(coresA ?? 0, coresB ?? 0)
            let memory = max(memoryA ?? 0, memoryB ?? 0)
            if cores == 0 && memory == 0 { return .required }
            return .detailed(cores: cores == 0 ? nil : cores, memoryBytes: memory == 0 ? nil : memory)
        }
    }
}
