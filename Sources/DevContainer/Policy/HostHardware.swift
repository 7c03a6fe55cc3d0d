/// The hardware a Gitspace gets, in the units the engine uses.
package struct HostHardware: Sendable, Hashable {
    /// Thousandths of a CPU (`2000` is 2 CPUs).
    package var millicpus: Int
    package var memoryBytes: Int64
    /// nil when the workspace volume is not limited.
    package var diskBytes: Int64?
    package var gpus: Int

    package init(millicpus: Int, memoryBytes: Int64, diskBytes: Int64? = nil, gpus: Int = 0) {
        self.millicpus = millicpus
        self.memoryBytes = memoryBytes
        self.diskBytes = diskBytes
        self.gpus = gpus
    }

    static func formatCPUs(_ millis: Int) -> String {
        let whole = millis / 1000
        let fraction = millis % 1000
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// The manifest's spelling: `8Gi`, `1536Mi`, else plain bytes.
    static func formatBytes(_ bytes: Int64) -> String {
        for (suffix, factor) in [("Ti", Int64(1) << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]
        where bytes != 0 && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return String(bytes)
    }
}
