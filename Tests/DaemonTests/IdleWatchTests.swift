import Foundation
import GitspacesCore
import GitspacesTestScope
import Testing

@testable import GitspacesDaemon

/// When a running Gitspace counts as idle: no session and no CPU use for its whole timeout, counted from the
/// first look at its container.
@Suite(.onWidePool) struct IdleWatchTests {
    let start = Date(timeIntervalSince1970: 1_000_000)
    let timeout = IdleTimeout(seconds: 60)

    func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    @Test func aContainerWithoutActivityIsIdleAfterItsTimeoutCountedFromTheFirstLook() {
        var watch = IdleWatch()
        #expect(
            watch.look("a", containerID: "c1", now: at(0), session: false, cpuNanoseconds: 0, timeout: timeout) == nil)
        #expect(
            watch.look("a", containerID: "c1", now: at(59), session: false, cpuNanoseconds: 0, timeout: timeout) == nil)
        #expect(
            watch.look("a", containerID: "c1", now: at(60), session: false, cpuNanoseconds: 0, timeout: timeout)
                == at(0))
    }

    @Test func anOpenSessionKeepsItActive() {
        var watch = IdleWatch()
        _ = watch.look("a", containerID: "c1", now: at(0), session: false, cpuNanoseconds: nil, timeout: timeout)
        #expect(
            watch.look("a", containerID: "c1", now: at(50), session: true, cpuNanoseconds: nil, timeout: timeout) == nil
        )
        #expect(
            watch.look("a", containerID: "c1", now: at(100), session: false, cpuNanoseconds: nil, timeout: timeout)
                == nil)
        #expect(
            watch.look("a", containerID: "c1", now: at(110), session: false, cpuNanoseconds: nil, timeout: timeout)
                == at(50))
    }

    @Test func aSessionThatEndedBetweenTwoLooksCountsUntilItsEnd() {
        var watch = IdleWatch()
        _ = watch.look("a", containerID: "c1", now: at(0), session: true, cpuNanoseconds: nil, timeout: timeout)
        // The session ended at 40 s, after the look at 0 s and before this one: idle since 40 s, not since 0 s.
        #expect(
            watch.look(
                "a", containerID: "c1", now: at(70), session: false, sessionEnded: at(40), cpuNanoseconds: nil,
                timeout: timeout) == nil)
        #expect(
            watch.look(
                "a", containerID: "c1", now: at(100), session: false, sessionEnded: at(40), cpuNanoseconds: nil,
                timeout: timeout) == at(40))
        // An end before the last activity changes nothing.
        var other = IdleWatch()
        _ = other.look("b", containerID: "c2", now: at(0), session: false, cpuNanoseconds: nil, timeout: timeout)
        #expect(
            other.look(
                "b", containerID: "c2", now: at(60), session: false, sessionEnded: at(-30), cpuNanoseconds: nil,
                timeout: timeout) == at(0))
    }

    @Test func cpuAboveTheThresholdIsActivityAndBelowItIsNot() {
        var watch = IdleWatch()
        _ = watch.look("a", containerID: "c1", now: at(0), session: false, cpuNanoseconds: 0, timeout: timeout)
        // 30 s of CPU in 50 s: busy.
        #expect(
            watch.look(
                "a", containerID: "c1", now: at(50), session: false, cpuNanoseconds: 30_000_000_000, timeout: timeout)
                == nil)
        // 1 s of CPU in 60 s (under 5 % of a core): idle since the busy look.
        #expect(
            watch.look(
                "a", containerID: "c1", now: at(110), session: false, cpuNanoseconds: 31_000_000_000, timeout: timeout)
                == at(50))
    }

    @Test func aNewContainerStartsTheClockAgainAndZeroIsNever() {
        var watch = IdleWatch()
        _ = watch.look("a", containerID: "c1", now: at(0), session: false, cpuNanoseconds: nil, timeout: timeout)
        #expect(
            watch.look("a", containerID: "c2", now: at(100), session: false, cpuNanoseconds: nil, timeout: timeout)
                == nil)
        #expect(
            watch.look("a", containerID: "c2", now: at(159), session: false, cpuNanoseconds: nil, timeout: timeout)
                == nil)
        let never = IdleTimeout(seconds: 0)
        _ = watch.look("b", containerID: "c3", now: at(0), session: false, cpuNanoseconds: nil, timeout: never)
        #expect(
            watch.look("b", containerID: "c3", now: at(1e6), session: false, cpuNanoseconds: nil, timeout: never) == nil
        )
        watch.keep(only: ["b"])
        #expect(watch.entries["a"] == nil)
    }

    @Test func aContainerStartedAgainAfterAStopGetsTheFullTimeout() {
        var watch = IdleWatch()
        _ = watch.look("a", containerID: "c1", now: at(0), session: false, cpuNanoseconds: nil, timeout: timeout)
        #expect(
            watch.look("a", containerID: "c1", now: at(60), session: false, cpuNanoseconds: nil, timeout: timeout)
                != nil)
        // Stopped for being idle: the pass no longer watches it. Woken later, the same container starts afresh.
        watch.keep(only: [])
        #expect(
            watch.look("a", containerID: "c1", now: at(500), session: false, cpuNanoseconds: nil, timeout: timeout)
                == nil)
        #expect(
            watch.look("a", containerID: "c1", now: at(559), session: false, cpuNanoseconds: nil, timeout: timeout)
                == nil)
    }
}
