package import DockerEngine
package import GitspacesCore

/// What a runtime with one engine does for the placement step and the workspace: nothing to choose, host folders.
extension ContainerRuntime {
    package func place(
        _ gitspace: String, instance: String, request: PlacementAmount, ledger: PlacementLedger
    ) async throws -> RuntimePlacement {
        .thisEngine
    }

    package func createContainer(named name: String, spec: ContainerSpec, on placement: RuntimePlacement)
        async throws -> String
    {
        try await createContainer(named: name, spec: spec)
    }

    package var nodeWorkspaces: NodeWorkspaces? { nil }
}
