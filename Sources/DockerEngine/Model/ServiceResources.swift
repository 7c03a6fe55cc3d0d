/// A task's `Resources`: `Limits` cap the container, `Reservations` are what the scheduler counts as taken.
package struct ServiceResources: Sendable, Hashable, Codable {
    /// CPUs in units of 10⁻⁹ and memory in bytes.
    package struct Amount: Sendable, Hashable, Codable {
        package var nanoCPUs: Int64?
        package var memoryBytes: Int64?

        package init(nanoCPUs: Int64?, memoryBytes: Int64?) {
            self.nanoCPUs = nanoCPUs
            self.memoryBytes = memoryBytes
        }

        enum CodingKeys: String, CodingKey {
            case nanoCPUs = "NanoCPUs"
            case memoryBytes = "MemoryBytes"
        }
    }

    package var limits: Amount?
    package var reservations: Amount?

    package init(limits: Amount?, reservations: Amount?) {
        self.limits = limits
        self.reservations = reservations
    }

    enum CodingKeys: String, CodingKey {
        case limits = "Limits"
        case reservations = "Reservations"
    }
}
