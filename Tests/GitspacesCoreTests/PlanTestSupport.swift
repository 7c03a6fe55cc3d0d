@testable import GitspacesCore

/// Values shared by the plan tests.
enum PlanFixtures {
    static let aliceKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAliceAliceAliceAliceAlice0001 alice@laptop"
    static let bobKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBobBobBobBobBobBobBobBob000002 bob@desk"

    static func gib(_ count: Int64) -> ByteSize { ByteSize(bytes: count << 30) }

    static func hardware(cpus: Int = 2, memory: Int64 = 4, disk: Int64? = 16, gpus: Int = 0) -> Hardware {
        Hardware(cpus: CPUs(millis: cpus * 1000), memory: gib(memory), disk: disk.map(gib), gpus: gpus)
    }

    /// A fully set Gitspace; tests change one thing at a time.
    static func gitspace(_ name: String = "alice-payments") -> Gitspace {
        Gitspace(
            name: name, labels: ["team": "payments"], repo: "https://git.example.com/acme/payments.git",
            branch: "main", devcontainer: ".devcontainer/devcontainer.json", hardware: hardware(),
            state: .running, owner: "alice", authorizedKeys: [aliceKey], env: ["TZ": "UTC"],
            credentials: "acme-git-token", deletionPolicy: .retain)
    }

    static func desired(_ gitspaces: [Gitspace], maxDeletions: Int = Policy.defaultMaxDeletions) -> DesiredState {
        DesiredState(gitspaces: gitspaces, policy: Policy(maxDeletions: maxDeletions))
    }

    static func load(_ yaml: String) throws -> DesiredState {
        try ManifestLoader.load([SourceFile(path: "gitspaces.yaml", text: yaml)])
    }
}

/// A deterministic pseudo-random generator (SplitMix64), so property tests repeat exactly.
struct PlanTestRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
