import Shared

extension DevContainerResolution {
    /// Checks `hardware` against the merged `hostRequirements`; each shortfall is an error at the
    /// requirement's place, worded "`label` cpus 2 is below hostRequirements.cpus 4 (FILE:L:C)".
    /// `label` names the hardware's origin, such as `hardware profile "small"`.
    package func checkHardware(_ hardware: HostHardware, label: String = "hardware") -> [DevContainerDiagnostic] {
        guard let requirements = resolved.hostRequirements else { return [] }
        var errors: [DevContainerDiagnostic] = []
        func shortfall(_ key: String, _ have: String, _ need: String, _ what: String) {
            let source = source(of: "hostRequirements.\(key)")
            errors.append(
                DevContainerDiagnostic(
                    .error, at: source, "\(label) \(what) \(have) is below hostRequirements.\(key) \(need) (\(source))")
            )
        }
        if let cpus = requirements.cpus, hardware.millicpus < Self.millicpus(cpus) {
            shortfall("cpus", HostHardware.formatCPUs(hardware.millicpus), String(cpus), "cpus")
        }
        if let memory = requirements.memoryBytes, hardware.memoryBytes < memory {
            shortfall(
                "memory", HostHardware.formatBytes(hardware.memoryBytes), HostRequirements.formatBytes(memory), "memory"
            )
        }
        if let storage = requirements.storageBytes, let disk = hardware.diskBytes, disk < storage {
            shortfall("storage", HostHardware.formatBytes(disk), HostRequirements.formatBytes(storage), "disk")
        }
        if let gpu = requirements.gpu, gpu.needsGPU, hardware.gpus < 1 {
            shortfall("gpu", String(hardware.gpus), gpu.canonical.rendered(pretty: false), "gpus")
        }
        return errors
    }
}

extension DevContainerResolution {
    /// `cpus` in thousandths, saturating instead of overflowing.
    static func millicpus(_ cpus: Int) -> Int {
        let (value, overflow) = cpus.multipliedReportingOverflow(by: 1000)
        return overflow ? Int.max : value
    }
}
