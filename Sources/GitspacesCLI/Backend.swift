import ArgumentParser

/// What `--docker-host` is: one Docker Engine, or a Swarm manager whose nodes run the Gitspaces.
enum Backend: String, CaseIterable, ExpressibleByArgument, Sendable {
    case docker
    case swarm
}
