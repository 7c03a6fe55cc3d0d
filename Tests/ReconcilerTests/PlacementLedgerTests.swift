import GitspacesCore
import Reconciler
import Testing

@Suite("Placement within one pass")
struct PlacementLedgerTests {
    static func amount(_ cpus: String) -> PlacementAmount {
        PlacementAmount(cpus: CPUs(parsing: cpus) ?? CPUs(millis: 0), memory: ByteSize(parsing: "1Gi")!)
    }

    static func node(_ id: String, reserved: String = "0") -> PlacementNode {
        PlacementNode(
            id: id, engineEndpoint: "unix:///run/\(id).sock",
            capacity: PlacementAmount(
                cpus: CPUs(parsing: "2")!, memory: ByteSize(parsing: "8Gi")!),
            reserved: amount(reserved))
    }

    @Test func parallelCreatesSeeEachOthersReservationsOnTheSameStaleNodes() async {
        let ledger = PlacementLedger()
        // Both read the swarm before either service showed up: the same snapshot.
        let stale = [Self.node("a"), Self.node("b")]
        let first = await ledger.reserve("one", request: Self.amount("1.5"), nodes: stale, counted: [])
        let second = await ledger.reserve("two", request: Self.amount("1.5"), nodes: stale, counted: [])
        #expect(first.nodeID == "a")
        #expect(second.nodeID == "b")
        let third = await ledger.reserve("three", request: Self.amount("1.5"), nodes: stale, counted: [])
        #expect(third.nodeID == nil)
        #expect(third.refusal?.description.contains("no node has 1.5 cpus free") == true)
    }

    @Test func aReservationTheNodesAlreadyCountIsNotCountedTwice() async {
        let stale = [Self.node("a"), Self.node("b")]
        // Now the swarm shows "one" on a: 0.5 left there, so the most allocated node that fits is still a.
        let fresh = [Self.node("a", reserved: "1.5"), Self.node("b")]
        let ledger = PlacementLedger()
        #expect(await ledger.reserve("one", request: Self.amount("1.5"), nodes: stale, counted: []).nodeID == "a")
        #expect(await ledger.reserve("two", request: Self.amount("0.5"), nodes: fresh, counted: ["one"]).nodeID == "a")
        // Not told that the nodes count it, the ledger adds "one" again and a looks full.
        let unaware = PlacementLedger()
        _ = await unaware.reserve("one", request: Self.amount("1.5"), nodes: stale, counted: [])
        #expect(await unaware.reserve("two", request: Self.amount("0.5"), nodes: fresh, counted: []).nodeID == "b")
    }

    @Test func aNewPassForgetsThePreviousReservations() async {
        let ledger = PlacementLedger()
        let stale = [Self.node("a"), Self.node("b")]
        _ = await ledger.reserve("one", request: Self.amount("1.5"), nodes: stale, counted: [])
        await ledger.reset()
        #expect(await ledger.reserve("two", request: Self.amount("1.5"), nodes: stale, counted: []).nodeID == "a")
    }
}
