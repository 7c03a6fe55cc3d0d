import Foundation
import GitKit

extension SourceResolver {
    /// What fetching `repo` presents: nothing without a secret's name; with one, the file of that name in the
    /// credentials directory: a token for https, a private key for ssh (next to it: NAME.pub, optional, and
    /// NAME.known_hosts, which vouches for the server's host key). `field` names the manifest field in errors.
    static func credentials(repo: String, secret name: String?, directory: String?, field: String)
        -> Result<Credentials, ApplyError>
    {
        guard let name else { return .success(.none) }
        guard let directory else {
            return .failure(ApplyError(.unresolved, "\(field) names '\(name)' but no --credentials-dir was given"))
        }
        let path = directory + "/" + name
        let isSSH = repo.hasPrefix("ssh://") || !repo.contains("://")
        guard isSSH else { return .success(.token(file: path)) }
        let publicKey = FileManager.default.fileExists(atPath: path + ".pub") ? path + ".pub" : nil
        let knownHosts = FileManager.default.fileExists(atPath: path + ".known_hosts") ? path + ".known_hosts" : nil
        return .success(.sshKey(privateKey: path, publicKey: publicKey, knownHosts: knownHosts))
    }
}
