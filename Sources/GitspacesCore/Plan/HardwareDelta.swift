/// A signed change in reserved hardware.
///
/// Reserved hardware is the sum over every Gitspace that exists, running or stopped: a stopped Gitspace
/// may be started by the next commit, so its size stays promised. A Gitspace without a disk limit
/// reserves no disk. Starting or stopping therefore changes nothing here; create, delete and size
/// changes do.
package struct HardwareDelta: Sendable, Hashable, CustomStringConvertible {
    package var cpuMillis: Int
    package var memoryBytes: Int64
    package var diskBytes: Int64
    package var gpus: Int

    package init(cpuMillis: Int = 0, memoryBytes: Int64 = 0, diskBytes: Int64 = 0, gpus: Int = 0) {
        self.cpuMillis = cpuMillis
        self.memoryBytes = memoryBytes
        self.diskBytes = diskBytes
        self.gpus = gpus
    }

    package static let zero = HardwareDelta()

    /// What one Gitspace of this hardware reserves.
    package init(_ hardware: Hardware) {
        self.init(
            cpuMillis: hardware.cpus.millis, memoryBytes: hardware.memory.bytes, diskBytes: hardware.disk?.bytes ?? 0,
            gpus: hardware.gpus)
    }

    package var isZero: Bool { self == .zero }

    /// Signed cpus (`+6`, `-0.5`, `0`).
    package var cpusText: String {
        Self.signed(cpuMillis, magnitude: CPUs(millis: cpuMillis.magnitudeAsInt).description)
    }
    /// Signed memory (`+12Gi`, `-512Mi`, `0`).
    package var memoryText: String { Self.signed(memoryBytes, magnitude: Self.size(memoryBytes)) }
    /// Signed disk (`+64Gi`, `0`).
    package var diskText: String { Self.signed(diskBytes, magnitude: Self.size(diskBytes)) }
    /// Signed gpus (`+1`, `0`).
    package var gpusText: String { Self.signed(gpus, magnitude: String(gpus.magnitude)) }

    /// `+6 cpus, +12Gi memory, +64Gi disk, +1 gpus`, leaving out zero parts; empty when nothing changes.
    package var description: String {
        var parts: [String] = []
        if cpuMillis != 0 { parts.append("\(cpusText) cpus") }
        if memoryBytes != 0 { parts.append("\(memoryText) memory") }
        if diskBytes != 0 { parts.append("\(diskText) disk") }
        if gpus != 0 { parts.append("\(gpusText) gpus") }
        return parts.joined(separator: ", ")
    }

    package static func + (lhs: HardwareDelta, rhs: HardwareDelta) -> HardwareDelta {
        HardwareDelta(
            cpuMillis: lhs.cpuMillis &+ rhs.cpuMillis, memoryBytes: lhs.memoryBytes &+ rhs.memoryBytes,
            diskBytes: lhs.diskBytes &+ rhs.diskBytes, gpus: lhs.gpus &+ rhs.gpus)
    }

    package static func - (lhs: HardwareDelta, rhs: HardwareDelta) -> HardwareDelta {
        HardwareDelta(
            cpuMillis: lhs.cpuMillis &- rhs.cpuMillis, memoryBytes: lhs.memoryBytes &- rhs.memoryBytes,
            diskBytes: lhs.diskBytes &- rhs.diskBytes, gpus: lhs.gpus &- rhs.gpus)
    }

    package static func += (lhs: inout HardwareDelta, rhs: HardwareDelta) { lhs = lhs + rhs }

    private static func signed<Number: BinaryInteger>(_ value: Number, magnitude: String) -> String {
        value == 0 ? "0" : (value > 0 ? "+" : "-") + magnitude
    }

    private static func size(_ bytes: Int64) -> String {
        let magnitude = bytes.magnitude
        return magnitude > UInt64(Int64.max) ? String(magnitude) : ByteSize(bytes: Int64(magnitude)).description
    }
}

extension Int {
    fileprivate var magnitudeAsInt: Int { self == .min ? .max : Swift.abs(self) }
}
