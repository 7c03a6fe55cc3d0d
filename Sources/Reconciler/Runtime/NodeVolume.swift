/// A named volume on one node of a swarm, reached through that node's own engine.
package struct NodeVolume: Sendable, Hashable, CustomStringConvertible {
    package var name: String
    package var placement: RuntimePlacement
    /// An image on the node that helper containers (which only mount the volume, never run) are made from.
    package var helperImage: String?

    package init(name: String, placement: RuntimePlacement, helperImage: String?) {
        self.name = name
        self.placement = placement
        self.helperImage = helperImage
    }

    package var description: String { "volume \(name) on \(placement)" }
}
