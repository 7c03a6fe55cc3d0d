/// At most `width` holders at once; the others wait without holding a thread. Bounds how many tests of one kind
/// (daemons with their engines' work) run together, so that a two-core machine's engine is not asked for all
/// of them at once.
package actor TestGate {
    private let width: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    package init(width: Int) { self.width = width }

    /// Runs `body` once a place is free, and frees it after.
    package nonisolated func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await enter()
        do {
            let result = try await body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }

    private func enter() async {
        if holders < width {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty {
            holders -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
