import GitspacesCore
import Testing

@Suite("Placement on a swarm")
struct PlacementTests {
    static func amount(_ cpus: String, _ memory: String) -> PlacementAmount {
        PlacementAmount(
            cpus: CPUs(parsing: cpus) ?? CPUs(millis: 0), memory: ByteSize(parsing: memory) ?? ByteSize(bytes: 0))
    }

    static func node(
        _ id: String, capacity: PlacementAmount = amount("4", "8Gi"), reserved: PlacementAmount = .zero,
        engine: String? = "unix:///run/docker.sock", state: String = "ready", availability: String = "active"
    ) -> PlacementNode {
        PlacementNode(
            id: id, engineEndpoint: engine, state: state, availability: availability, capacity: capacity,
            reserved: reserved)
    }

    @Test func theMostAllocatedNodeThatFitsIsChosen() {
        let nodes = [
            Self.node("a", reserved: Self.amount("1", "2Gi")),
            Self.node("b", reserved: Self.amount("3", "4Gi")),
            Self.node("c"),
        ]
        #expect(Placement.choose(Self.amount("1", "2Gi"), among: nodes).nodeID == "b")
    }

    @Test func aFullerNodeWhereTheRequestDoesNotFitIsPassedOver() {
        let nodes = [
            Self.node("a", reserved: Self.amount("1", "2Gi")),
            Self.node("b", reserved: Self.amount("3.5", "4Gi")),
        ]
        #expect(Placement.choose(Self.amount("1", "2Gi"), among: nodes).nodeID == "a")
    }

    @Test func equallyAllocatedNodesAreTiedByNodeIDWhateverTheirOrder() {
        let nodes = [Self.node("n2"), Self.node("n3"), Self.node("n1")]
        #expect(Placement.choose(Self.amount("1", "1Gi"), among: nodes).nodeID == "n1")
        #expect(Placement.choose(Self.amount("1", "1Gi"), among: nodes.reversed()).nodeID == "n1")
    }

    @Test func nodesWithoutTheEngineLabelNotReadyOrNotActiveAreExcludedWithTheirReason() {
        let nodes = [
            Self.node("a", engine: nil),
            Self.node("b", state: "down"),
            Self.node("c", availability: "drain"),
            Self.node("d", reserved: Self.amount("3", "6Gi")),
        ]
        let outcome = Placement.choose(Self.amount("1", "1Gi"), among: nodes)
        #expect(outcome.nodeID == "d")
        #expect(
            outcome.excluded.map(\.reason) == [
                .noEngineLabel, .notReady(state: "down"), .notActive(availability: "drain"),
            ])
        #expect(outcome.excluded[0].description.contains("no dev.gitspaces.engine label"))
        #expect(outcome.excluded[1].description == "node b is down")
    }

    @Test func nothingFittingNamesTheShortResourceAndTheLargestFreeNode() {
        let nodes = [
            Self.node("x", capacity: Self.amount("2", "8Gi"), reserved: Self.amount("1.5", "1Gi")),
            Self.node("y", capacity: Self.amount("2", "8Gi"), reserved: Self.amount("1.75", "1Gi")),
        ]
        let outcome = Placement.choose(Self.amount("1.5", "1Gi"), among: nodes)
        #expect(outcome.nodeID == nil)
        #expect(outcome.refusal?.shortage == .cpus)
        #expect(outcome.refusal?.description == "no node has 1.5 cpus free; largest free: 0.5 on node x")
    }

    @Test func shortMemoryIsNamedAsMemory() {
        let nodes = [Self.node("x", capacity: Self.amount("8", "4Gi"), reserved: Self.amount("1", "3Gi"))]
        let outcome = Placement.choose(Self.amount("1", "2Gi"), among: nodes)
        #expect(outcome.refusal?.description == "no node has 2Gi memory free; largest free: 1Gi on node x")
    }

    @Test func cpusOnOneNodeAndMemoryOnAnotherIsNoFit() {
        let nodes = [
            Self.node("x", capacity: Self.amount("8", "4Gi"), reserved: Self.amount("0", "3Gi")),
            Self.node("y", capacity: Self.amount("1", "16Gi")),
        ]
        let outcome = Placement.choose(Self.amount("2", "2Gi"), among: nodes)
        #expect(outcome.nodeID == nil)
        #expect(outcome.refusal?.shortage == .cpusAndMemory)
    }

    @Test func aSwarmWithNoEligibleNodeSaysWhyEachNodeIsOut() {
        let nodes = [Self.node("a", engine: nil), Self.node("b", availability: "pause")]
        let outcome = Placement.choose(Self.amount("1", "1Gi"), among: nodes)
        #expect(outcome.refusal?.shortage == .noEligibleNode)
        let message = outcome.refusal?.description ?? ""
        #expect(message.contains("node a has no dev.gitspaces.engine label"))
        #expect(message.contains("node b is set to pause"))
    }

    @Test func anExactFitIsAFit() {
        let nodes = [Self.node("a", capacity: Self.amount("2", "4Gi"), reserved: Self.amount("1", "2Gi"))]
        #expect(Placement.choose(Self.amount("1", "2Gi"), among: nodes).nodeID == "a")
    }
}
