package import GitspacesCore

/// The placements made during one pass (one `apply`), so that Gitspaces created side by side (`--parallel`) each
/// see what the others reserved a moment ago, before their services show it.
///
/// `reserve` reads nothing itself: the runtime hands it a snapshot of the nodes and the Gitspaces the snapshot
/// already counts, and the choice and the record happen in one step of the actor, never interleaved.
package actor PlacementLedger {
    private var reservations: [String: (node: String, amount: PlacementAmount)] = [:]

    package init() {}

    /// Chooses a node for `gitspace` (see `Placement`) on `nodes` plus this pass's reservations that `nodes` does
    /// not count yet (`counted`: the Gitspaces whose reservations are in `nodes`), and records the choice.
    package func reserve(
        _ gitspace: String, request: PlacementAmount, nodes: [PlacementNode], counted: Set<String>
    ) -> PlacementOutcome {
        let outcome = Placement.choose(
            request, among: Self.adding(reservations, notIn: counted, except: gitspace, to: nodes))
        if let node = outcome.nodeID { reservations[gitspace] = (node, request) }
        return outcome
    }

    /// Forgets every reservation (a new pass).
    package func reset() { reservations = [:] }

    static func adding(
        _ reservations: [String: (node: String, amount: PlacementAmount)], notIn counted: Set<String>,
        except gitspace: String, to nodes: [PlacementNode]
    ) -> [PlacementNode] {
        var extra: [String: PlacementAmount] = [:]
        for (name, reservation) in reservations where name != gitspace && !counted.contains(name) {
            extra[reservation.node, default: .zero] = extra[reservation.node, default: .zero] + reservation.amount
        }
        return nodes.map { node in
            var node = node
            node.reserved = node.reserved + (extra[node.id] ?? .zero)
            return node
        }
    }
}
