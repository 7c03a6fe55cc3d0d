package import Foundation

/// The builds under way, shown over the last published report while a pass runs.
extension StatusReport {
    /// This report with each Gitspace in `building` (name → image tag) in phase `Building`, the image named; the
    /// rest (its container's state, its last error) is the last pass's, since the old container keeps running. A
    /// Gitspace new since the last report is added, so that its first build shows too.
    package func showingBuilds(_ building: [String: String], now: Date = Date()) -> StatusReport {
        guard !building.isEmpty else { return self }
        var report = self
        let shown = Set(report.gitspaces.map(\.name))
        let added = building.keys.filter { !shown.contains($0) }
        if !added.isEmpty {
            for name in added {
                report.gitspaces.append(
                    GitspaceStatus(
                        name: name, phase: .building, ready: .init(status: false, reason: "Building", message: nil),
                        declared: true, ports: [], since: now))
            }
            report.gitspaces.sort { $0.name < $1.name }
        }
        for index in report.gitspaces.indices {
            guard let image = building[report.gitspaces[index].name] else { continue }
            report.gitspaces[index].phase = .building
            report.gitspaces[index].building = image
            report.gitspaces[index].ready = GitspaceStatus.Condition(
                status: false, reason: "Building",
                message: "building \(image); the current container keeps running until the image exists")
        }
        return report
    }
}
