/// A container's CPU time so far, from one `GET /containers/{id}/stats?stream=false&one-shot=true`: compare two
/// of them, taken some time apart, to tell how busy it was in between.
package struct CPUUsage: Sendable, Hashable, Decodable {
    /// CPU time used by the container since it started, in nanoseconds (cgroup `usage`); 0 for a stopped one.
    package var totalNanoseconds: UInt64

    package init(totalNanoseconds: UInt64) {
        self.totalNanoseconds = totalNanoseconds
    }

    private enum CodingKeys: String, CodingKey {
        case cpuStats = "cpu_stats"
    }

    private struct Stats: Decodable {
        struct Usage: Decodable {
            var total: UInt64?

            enum CodingKeys: String, CodingKey { case total = "total_usage" }
        }

        var usage: Usage?

        enum CodingKeys: String, CodingKey { case usage = "cpu_usage" }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stats = try container.decodeIfPresent(Stats.self, forKey: .cpuStats)
        totalNanoseconds = stats?.usage?.total ?? 0
    }
}
