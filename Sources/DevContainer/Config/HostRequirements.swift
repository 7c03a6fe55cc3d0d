package import Shared

/// `hostRequirements`: the least hardware the dev container needs.
package struct HostRequirements: Sendable, Hashable {
    package var cpus: Int?
    package var memoryBytes: Int64?
    package var storageBytes: Int64?
    package var gpu: GPURequirement?

    package init(cpus: Int? = nil, memoryBytes: Int64? = nil, storageBytes: Int64? = nil, gpu: GPURequirement? = nil) {
        self.cpus = cpus
        self.memoryBytes = memoryBytes
        self.storageBytes = storageBytes
        self.gpu = gpu
    }

    package var isEmpty: Bool { cpus == nil && memoryBytes == nil && storageBytes == nil && gpu == nil }

    /// Reads `4gb`, `512mb`, `1tb`, `2048kb` or plain bytes (binary units, as the reference CLI;
    /// case is ignored).
    package static func parseBytes(_ text: String) -> Int64? {
        let lower = text.lowercased()
        let units: [(String, Int64)] = [("tb", 1 << 40), ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10)]
        var digits = Substring(lower)
        var factor: Int64 = 1
        for (suffix, unitFactor) in units where lower.hasSuffix(suffix) {
            digits = digits.dropLast(2)
            factor = unitFactor
            break
        }
        guard !digits.isEmpty, digits.count <= 19, digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
            let value = Int64(digits)
        else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? nil : bytes
    }

    /// The shortest exact spelling with the spec's units (`4gb`), else plain bytes.
    package static func formatBytes(_ bytes: Int64) -> String {
        for (suffix, factor) in [("tb", Int64(1) << 40), ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10)]
        where bytes != 0 && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return String(bytes)
    }

    /// Merges two requirements the way the spec merges image metadata: the larger value wins.
    func merged(with other: HostRequirements) -> HostRequirements {
        func larger<T: Comparable>(_ a: T?, _ b: T?) -> T? {
            switch (a, b) {
            case (let a?, let b?): max(a, b)
            case (let a?, nil): a
            default: b
            }
        }
        return HostRequirements(
            cpus: larger(cpus, other.cpus), memoryBytes: larger(memoryBytes, other.memoryBytes),
            storageBytes: larger(storageBytes, other.storageBytes), gpu: GPURequirement.merge(gpu, other.gpu))
    }

    package var canonical: JSONTree {
        var object: [String: JSONTree] = [:]
        if let cpus { object["cpus"] = .int(cpus) }
        if let memoryBytes { object["memory"] = .string(Self.formatBytes(memoryBytes)) }
        if let storageBytes { object["storage"] = .string(Self.formatBytes(storageBytes)) }
        if let gpu { object["gpu"] = gpu.canonical }
        return .object(object)
    }
}
