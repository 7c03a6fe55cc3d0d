import Foundation
import NIOSSL

extension DockerClient {
    /// `DOCKER_CERT_PATH` when set and not empty: where the docker CLI keeps `ca.pem`, `cert.pem` and `key.pem`.
    package static var environmentCertificatePath: String? {
        ProcessInfo.processInfo.environment["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Mutual TLS as `docker --tlsverify` speaks it: the engine verified against `ca.pem` (its name included), this
    /// client presenting `cert.pem` with `key.pem`. The files are read when the first connection is made.
    static func tlsConfiguration(certificatePath: String) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(certificatePath + "/ca.pem")
        tls.certificateChain = [.file(certificatePath + "/cert.pem")]
        tls.privateKey = .file(certificatePath + "/key.pem")
        return tls
    }
}
