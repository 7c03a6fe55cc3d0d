package import Testing

/// Runs each test of a suite with a preference for ``WidePool``: its own code, the nonisolated async functions it
/// calls and its child tasks run on the pool's threads, so the test neither holds nor waits for a thread of the
/// global executor, which other tests' blocking calls may hold for minutes on a loaded machine. For the suites
/// that poll daemons: a poll that cannot wake sees nothing of what it waits for. Not for every suite: the two
/// threads of the global executor also keep the rest of the suite from running everything at once.
package struct WidePoolTrait: SuiteTrait, TestTrait, TestScoping {
    package var isRecursive: Bool { true }

    package func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil else { return try await function() }
        try await withTaskExecutorPreference(WidePool.shared) { try await function() }
    }
}

extension Trait where Self == WidePoolTrait {
    /// Runs the tests on ``WidePool``.
    package static var onWidePool: Self { WidePoolTrait() }
}
