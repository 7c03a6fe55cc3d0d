/// Where a devcontainer Feature comes from: a key of `features` in devcontainer.json (or of a feature's
/// `dependsOn`), parsed as the reference implementation does.
package struct FeatureReference: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of reference.
    package enum Kind: Sendable, Hashable {
        /// A folder of the source repository (repository-relative, normalised, no `..`).
        case local(path: String)
        /// `registry/namespace/id` with a tag or a digest (lowercased; no tag means `latest`).
        case oci(registry: String, namespace: String, name: String, version: OCIVersion)
        /// A `https://…/devcontainer-feature-ID.tgz` URL.
        case tarball(url: String)
    }

    /// The version part of an OCI reference.
    package enum OCIVersion: Sendable, Hashable, CustomStringConvertible {
        case tag(String)
        /// `sha256:` and 64 hex digits.
        case digest(String)

        package var description: String {
            switch self {
            case .tag(let tag): ":\(tag)"
            case .digest(let digest): "@\(digest)"
            }
        }
    }

    /// The key as written in devcontainer.json.
    package var written: String
    package var kind: Kind

    package init(written: String, kind: Kind) {
        self.written = written
        self.kind = kind
    }

    /// Legacy bare ids the reference maps to `ghcr.io/devcontainers/features/<id>:1` (renamed ones included).
    package static let legacyIDs: [String: String] = {
        var map: [String: String] = [:]
        for id in [
            "aws-cli", "azure-cli", "desktop-lite", "docker-in-docker", "docker-from-docker", "dotnet", "git",
            "git-lfs", "github-cli", "java", "kubectl-helm-minikube", "node", "powershell", "python", "ruby", "rust",
            "sshd", "terraform",
        ] {
            map[id] = id
        }
        map["golang"] = "go"
        map["common"] = "common-utils"
        map["gradle"] = "java"
        map["maven"] = "java"
        map["jupyterlab"] = "python"
        return map
    }()

    /// Parses `key`; `configFolder` is the repository-relative folder of devcontainer.json (`""` for the
    /// root), against which `./name` is resolved.
    package static func parse(_ key: String, configFolder: String) -> Result<FeatureReference, FeatureReferenceError> {
        if key.hasPrefix("./") || key.hasPrefix("../") || key == "." || key == ".." {
            return local(key, configFolder: configFolder)
        }
        if key.hasPrefix("/") {
            return .failure(
                FeatureReferenceError(
                    "feature \"\(key)\" is an absolute path; a local feature is written \"./name\", inside the folder of devcontainer.json"
                ))
        }
        if key.hasPrefix("https://") || key.hasPrefix("http://") {
            return tarball(key)
        }
        if !key.contains("/") {
            guard let mapped = legacyIDs[key.lowercased()] else {
                return .failure(
                    FeatureReferenceError(
                        "feature \"\(key)\" is neither a local folder (\"./\(key)\"), an OCI reference (registry/namespace/id:tag) nor a known legacy id"
                    ))
            }
            return oci("ghcr.io/devcontainers/features/\(mapped):1", written: key)
        }
        return oci(key, written: key)
    }

    static func local(_ key: String, configFolder: String) -> Result<FeatureReference, FeatureReferenceError> {
        var parts = configFolder.split(separator: "/").map(String.init)
        let base = parts.count
        for part in key.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard parts.count > base else {
                    return .failure(
                        FeatureReferenceError(
                            "local feature \"\(key)\" leaves the folder of devcontainer.json; keep local features inside it"
                        ))
                }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        guard parts.count > base else {
            return .failure(
                FeatureReferenceError("local feature \"\(key)\" must name a folder, such as \"./my-feature\""))
        }
        return .success(FeatureReference(written: key, kind: .local(path: parts.joined(separator: "/"))))
    }

    static func tarball(_ key: String) -> Result<FeatureReference, FeatureReferenceError> {
        guard key.hasPrefix("https://") else {
            return .failure(FeatureReferenceError("feature \"\(key)\" must be fetched over https, not plain http"))
        }
        let path = key.split(separator: "?", maxSplits: 1)[0]
        let file = path.split(separator: "/").last.map(String.init) ?? ""
        guard file.hasPrefix("devcontainer-feature-"), file.hasSuffix(".tgz"),
            file.count > "devcontainer-feature-.tgz".count
        else {
            return .failure(
                FeatureReferenceError(
                    "tarball feature \"\(key)\" must end in devcontainer-feature-ID.tgz, which names the feature"))
        }
        return .success(FeatureReference(written: key, kind: .tarball(url: key)))
    }

    static func oci(_ input: String, written: String) -> Result<FeatureReference, FeatureReferenceError> {
        let text = input.lowercased()
        var resource = text
        var version = OCIVersion.tag("latest")
        if let at = text.firstIndex(of: "@") {
            resource = String(text[..<at])
            let digest = String(text[text.index(after: at)...])
            guard digest.hasPrefix("sha256:"), digest.count == 71,
                digest.dropFirst(7).allSatisfy({ $0.isHexDigit })
            else {
                return .failure(
                    FeatureReferenceError(
                        "feature \"\(written)\" has digest \"\(digest)\"; expected sha256: and 64 hex digits"))
            }
            version = .digest(digest)
        } else if let colon = text.lastIndex(of: ":"), let slash = text.lastIndex(of: "/"), colon > slash {
            resource = String(text[..<colon])
            let tag = String(text[text.index(after: colon)...])
            guard isValidTag(tag) else {
                return .failure(FeatureReferenceError("feature \"\(written)\" has an invalid tag \"\(tag)\""))
            }
            version = .tag(tag)
        }
        let components = resource.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard components.count >= 3, components.allSatisfy({ !$0.isEmpty }),
            components.dropFirst().allSatisfy(isValidPathComponent), isValidRegistry(components[0])
        else {
            return .failure(
                FeatureReferenceError(
                    "feature \"\(written)\" is not a valid OCI reference; expected registry/namespace/id[:tag|@sha256:digest]"
                ))
        }
        return .success(
            FeatureReference(
                written: written,
                kind: .oci(
                    registry: components[0], namespace: components[1..<(components.count - 1)].joined(separator: "/"),
                    name: components[components.count - 1], version: version)))
    }

    static func isValidPathComponent(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, first.isLetter || first.isNumber,
            last.isLetter || last.isNumber
        else { return false }
        return text.allSatisfy {
            ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "_" || $0 == "-"
        }
    }

    static func isValidRegistry(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:_".contains($0)) }
    }

    static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.first, tag.count <= 128, first.isLetter || first.isNumber || first == "_" else {
            return false
        }
        return tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// The feature's id as the reference derives it from the reference: the last path component, or
    /// `ID` of `devcontainer-feature-ID.tgz`.
    package var id: String {
        switch kind {
        case .local(let path): return path.split(separator: "/").last.map(String.init) ?? path
        case .oci(_, _, let name, _): return name
        case .tarball(let url):
            let file = url.split(separator: "?", maxSplits: 1)[0].split(separator: "/").last.map(String.init) ?? ""
            return String(file.dropFirst("devcontainer-feature-".count).dropLast(".tgz".count))
        }
    }

    /// What `installsAfter` and `overrideFeatureInstallOrder` compare: the OCI resource without tag or
    /// digest (lowercased), the local folder, or the URL.
    package var normalizedID: String {
        switch kind {
        case .local(let path): path
        case .oci(let registry, let namespace, let name, _): "\(registry)/\(namespace)/\(name)"
        case .tarball(let url): url
        }
    }

    /// True for a folder of the source repository.
    package var isLocal: Bool {
        if case .local = kind { return true }
        return false
    }

    /// The reference in its canonical form: `registry/namespace/id:tag`, `./path` or the URL.
    package var description: String {
        switch kind {
        case .local(let path): "./\(path)"
        case .oci(_, _, _, let version): normalizedID + version.description
        case .tarball(let url): url
        }
    }
}

/// Why a `features` key is not a valid reference (the caller places it at the key's FILE:LINE:COLUMN).
package struct FeatureReferenceError: Error, Sendable, Hashable {
    package var message: String

    package init(_ message: String) { self.message = message }
}
