/// Syntax rules for names and values in manifests; each returns a reason when the value is bad.
enum Rules {
    /// A DNS label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
    static func dnsLabel(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        let ok =
            !bytes.isEmpty && bytes.count <= 63
            && bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
            && isLowerAlnum(bytes.first!) && isLowerAlnum(bytes.last!)
        if ok { return nil }
        if bytes.count > 63 { return "is longer than 63 characters" }
        return "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit"
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// A branch name git would accept (`git check-ref-format --branch`).
    static func branch(_ name: String) -> String? {
        let bad = "is not a valid branch name"
        let bytes = Array(name.utf8)
        guard let first = bytes.first, let last = bytes.last else { return bad }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "/") || last == UInt8(ascii: "/")
            || last == UInt8(ascii: ".") || name.hasSuffix(".lock") || name == "@" || name.hasPrefix("refs/")
        {
            return bad
        }
        var previous = UInt8(ascii: "/")
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F || forbiddenInRefs.contains(byte) {
                return "\(bad): '\(Unicode.Scalar(byte).escaped(asASCII: true))' is not allowed"
            }
            // "..", "//", "@{" and a component starting with "." are not allowed.
            if (previous == UInt8(ascii: ".") && byte == UInt8(ascii: "."))
                || (previous == UInt8(ascii: "/") && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")))
                || (previous == UInt8(ascii: "@") && byte == UInt8(ascii: "{"))
            {
                return bad
            }
            previous = byte
        }
        return nil
    }

    private static let forbiddenInRefs = Set(" ~^:?*[\\".utf8)

    /// A repository URL: https, http, ssh, git or file URLs, scp-like `user@host:path`, or an absolute path.
    static func repoURL(_ url: String) -> String? {
        let bytes = Array(url.utf8)
        guard let first = bytes.first else { return "is empty" }
        if bytes.contains(where: { $0 <= UInt8(ascii: " ") }) { return "contains whitespace or control characters" }
        if first == UInt8(ascii: "/") { return nil }
        if let schemeEnd = indexOfSchemeSeparator(bytes) {
            let scheme = String(decoding: bytes[..<schemeEnd], as: UTF8.self).lowercased()
            guard ["https", "http", "ssh", "git", "file"].contains(scheme) else {
                return "has an unsupported scheme '\(scheme)': use https, ssh, git or file"
            }
            let rest = bytes[(schemeEnd + 3)...]
            let authority = rest.prefix { $0 != UInt8(ascii: "/") }
            if scheme != "file", authority.isEmpty { return "has no host" }
            if let at = authority.lastIndex(of: UInt8(ascii: "@")), authority[..<at].contains(UInt8(ascii: ":")) {
                return "carries a password or token: name a host-side secret in spec.credentials instead"
            }
            if rest.count == authority.count { return "has no repository path" }
            return nil
        }
        // scp-like: [user@]host:path, with the colon before any slash.
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 1 < bytes.count,
            !bytes[..<colon].contains(UInt8(ascii: "/"))
        {
            return nil
        }
        return "is not a repository URL: use https://, ssh://, git://, file://, user@host:path or an absolute path"
    }

    private static func indexOfSchemeSeparator(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 3 else { return nil }
        for index in 0..<(bytes.count - 2)
        where bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/")
            && bytes[index + 2] == UInt8(ascii: "/")
        {
            return index
        }
        return nil
    }

    /// An environment variable name: `[A-Za-z_][A-Za-z0-9_]*`.
    static func envName(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        func isLetter(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || b == UInt8(ascii: "_")
        }
        guard let first = bytes.first, isLetter(first),
            bytes.allSatisfy({ isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) })
        else {
            return "is not a valid environment variable name: use letters, digits and '_', not starting with a digit"
        }
        return nil
    }

    /// A secret's name: a plain file name in the credentials directory.
    static func secretName(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        let allowed = bytes.allSatisfy {
            isLowerAlnum($0) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
        guard !bytes.isEmpty, bytes.count <= 253, allowed, bytes.first != UInt8(ascii: ".") else {
            return
                "must name a secret in the credentials directory (letters, digits, '.', '_', '-'), not a path or the secret itself"
        }
        return nil
    }

    /// A path to devcontainer.json inside the source repository.
    static func devcontainerPath(_ path: String) -> String? {
        if path.hasPrefix("/") { return "must be relative to the repository root" }
        if path.split(separator: "/").contains("..") { return "must stay inside the repository (no '..')" }
        if !path.hasSuffix(".json") { return "must name a .json file (e.g. .devcontainer/devcontainer.json)" }
        return nil
    }

    static let sshKeyTypes: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-dss",
    ]

    /// An OpenSSH public key line: `TYPE BASE64 [COMMENT]`.
    static func authorizedKey(_ line: String) -> String? {
        if line.contains("PRIVATE KEY") {
            return "is a private key: list public keys only, and remove the private key from the repository history"
        }
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, sshKeyTypes.contains(String(parts[0])) else {
            return "is not an ssh public key: expected 'TYPE BASE64 [COMMENT]' with TYPE one of "
                + sshKeyTypes.sorted().joined(separator: ", ")
        }
        let base64 = parts[1].utf8
        let valid =
            base64.count >= 16 && base64.count % 4 == 0
            && base64.allSatisfy { byte in
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
            }
        return valid ? nil : "has a key body that is not valid base64"
    }
}
