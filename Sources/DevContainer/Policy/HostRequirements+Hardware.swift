extension HostRequirements {
    /// Hardware sized by these requirements where they say something, `fallback` elsewhere; a GPU
    /// requirement asks for at least one GPU. (Used when the manifest names no hardware.)
    package func derivedHardware(fallback: HostHardware) -> HostHardware {
        var hardware = fallback
        if let cpus { hardware.millicpus = DevContainerResolution.millicpus(cpus) }
        if let memoryBytes { hardware.memoryBytes = memoryBytes }
        if let storageBytes { hardware.diskBytes = storageBytes }
        if gpu?.needsGPU == true { hardware.gpus = max(1, fallback.gpus) }
        return hardware
    }
}
