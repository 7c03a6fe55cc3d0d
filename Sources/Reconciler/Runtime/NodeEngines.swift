package import DockerEngine

/// One engine client per swarm node endpoint (`dev.gitspaces.engine`), made on first use and shared.
package actor NodeEngines {
    /// The node label naming the node's own engine.
    package static let label = "dev.gitspaces.engine"
    private var clients: [String: DockerClient] = [:]
    /// The folder of `ca.pem`, `cert.pem` and `key.pem` for `tcp://` node engines (TLS); `DOCKER_CERT_PATH`.
    package let certificatePath: String?

    package init(certificatePath: String? = DockerClient.environmentCertificatePath) {
        self.certificatePath = certificatePath
    }

    /// The client for `endpoint` (`unix://…` or `tcp://…`).
    package func client(for endpoint: String) throws -> DockerClient {
        if let client = clients[endpoint] { return client }
        let client = try DockerClient(host: endpoint, certificatePath: certificatePath)
        clients[endpoint] = client
        return client
    }

    /// Closes every client.
    package func shutdown() async {
        for client in clients.values { try? await client.shutdown() }
        clients = [:]
    }
}
