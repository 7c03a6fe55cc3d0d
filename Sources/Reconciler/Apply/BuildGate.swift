/// One build per image tag at a time within a pass.
actor BuildGate {
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
