import Foundation
import Redaction

/// What the dashboard hides besides URL credentials: env values whose names say they hold a secret. Manifests
/// should never carry secrets (`credentials` names a host-side one), but a page anyone on the listener can open
/// does not show a `GITHUB_TOKEN` someone put there anyway.
enum DashboardSecrets {
    /// The placeholder of a hidden value.
    static let hidden = "•••••• (hidden: the name suggests a secret)"

    /// Words in an env name that mark its value as a secret.
    static let secretWords = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "PRIVATE", "APIKEY"]

    /// Whether the env variable `name` looks like it holds a secret (`GITHUB_TOKEN`, `DB_PASSWORD`, `API_KEY`).
    static func isSecret(env name: String) -> Bool {
        let upper = name.uppercased()
        let squeezed = upper.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "")
        if secretWords.contains(where: { squeezed.contains($0) }) { return true }
        return upper.hasSuffix("_KEY") || upper == "KEY" || upper.hasSuffix("AUTH")
    }

    /// An env value as shown: hidden when its name looks secret, else with URL credentials masked.
    static func shown(env name: String, value: String) -> String {
        isSecret(env: name) ? hidden : Redact.text(value)
    }

    /// A resolved devcontainer.json value (compact JSON): `containerEnv` and `remoteEnv` objects with
    /// secret-looking keys are hidden whole, anything else has its URL credentials masked.
    /// The keys are read from the decoded value at every depth (an escaped quote in a value does not shift them); a
    /// value that does not decode is hidden when a secret word appears anywhere in it.
    static func shown(json: String) -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else {
            let upper = json.uppercased()
            return secretWords.contains(where: { upper.contains($0) }) ? hidden : Redact.text(json)
        }
        return hasSecretKey(value) ? hidden : Redact.text(json)
    }

    private static func hasSecretKey(_ value: Any) -> Bool {
        if let object = value as? [String: Any] {
            return object.contains { isSecret(env: $0.key) || hasSecretKey($0.value) }
        }
        if let array = value as? [Any] { return array.contains(where: hasSecretKey) }
        return false
    }
}
