/// One build per image tag at a time: every executor of the process (each pass of the daemon, `apply`,
/// `devcontainer build`) shares ``shared``, so Gitspaces needing one new image wait for one build.
actor BuildGate {
    /// The gate of the process.
    static let shared = BuildGate()

    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// True when the caller is to build `tag`; false after waiting for another caller's build to end.
    func enter(_ tag: String) async -> Bool {
        guard waiting[tag] != nil else {
            waiting[tag] = []
            return true
        }
        await withCheckedContinuation { continuation in waiting[tag, default: []].append(continuation) }
        return false
    }

    func leave(_ tag: String) {
        for continuation in waiting.removeValue(forKey: tag) ?? [] { continuation.resume() }
    }
}
