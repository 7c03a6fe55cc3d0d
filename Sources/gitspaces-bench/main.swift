// In-process benchmarks, printed by `make bench` (bench/run.py): the pure planner, and workspaces.
import Foundation
import GitspacesCore

/// N Gitspaces, and the observed state they were applied from with every hundredth one changed.
func workload(_ count: Int) -> (DesiredState, [ObservedGitspace]) {
    var gitspaces: [Gitspace] = []
    var observed: [ObservedGitspace] = []
    for index in 0..<count {
        let name = "dev-\(index)"
        let gitspace = Gitspace(
            name: name, labels: ["team": "team-\(index % 17)"],
            repo: "https://git.example.com/acme/s-\(index % 50).git",
            branch: "feature/\(index)",
            hardware: Hardware(
                cpus: CPUs(millis: 2000), memory: ByteSize(bytes: 4 << 30), disk: ByteSize(bytes: 32 << 30)),
            hardwareSource: .inline, env: ["TZ": "Europe/Berlin"])
        gitspaces.append(gitspace)
        var before = ObservedGitspace(desired: gitspace)
        if index % 100 == 0 { before.spec.hardware.cpus = CPUs(millis: 1000) }
        observed.append(before)
    }
    return (DesiredState(gitspaces: gitspaces), observed)
}

/// The median of `runs` plans after a warm-up, like the rest of `make bench`.
func measure(_ count: Int, runs: Int = 15) -> Duration {
    let (desired, observed) = workload(count)
    _ = plan(desired: desired, observed: observed)
    var times: [Duration] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        let result = plan(desired: desired, observed: observed)
        times.append(ContinuousClock.now - start)
        precondition(result.actions.count == count / 100, "the plan must find the 1% changed")
    }
    return times.sorted()[runs / 2]
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "plan" {
    let small = seconds(measure(1_000))
    let large = seconds(measure(10_000))
    func pad(_ text: String) -> String { text + String(repeating: " ", count: max(0, 58 - text.count)) }
    print("  \(pad("plan 1,000 vs 1,000")) \(String(format: "%10.4f", small)) s")
    print("  \(pad("plan 10,000 vs 10,000")) \(String(format: "%10.4f", large)) s")
    print("  \(pad("scaling 1,000 -> 10,000 (target <= 11)")) \(String(format: "%10.2f", large / small))")
} else if arguments.first == "workspace", arguments.count == 4 {
    let values = Array(arguments)
    try benchWorkspace(url: values[1], state: values[2], name: values[3])
} else {
    print("usage: gitspaces-bench plan | gitspaces-bench workspace URL STATE_DIR NAME")
}
