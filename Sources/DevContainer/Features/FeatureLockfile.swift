import Shared

/// `devcontainer-lock.json` beside devcontainer.json, as the reference reads and writes it:
/// `{"features": {REF: {"version", "resolved", "integrity", "dependsOn"?}}}`.
package struct FeatureLockfile: Sendable, Hashable {
    /// One locked feature.
    package struct Entry: Sendable, Hashable {
        package var version: String
        /// `REGISTRY/NAMESPACE/ID@sha256:…`, or the tarball URL.
        package var resolved: String
        /// `sha256:…` of the manifest or the archive.
        package var integrity: String
        package var dependsOn: [String]?

        package init(version: String, resolved: String, integrity: String, dependsOn: [String]? = nil) {
            self.version = version
            self.resolved = resolved
            self.integrity = integrity
            self.dependsOn = dependsOn
        }
    }

    /// The file's name, beside devcontainer.json (`.devcontainer-lock.json` beside `.devcontainer.json`).
    package static func fileName(forConfig configFile: String) -> String {
        let name = configFile.split(separator: "/").last.map(String.init) ?? configFile
        return name.hasPrefix(".") ? ".devcontainer-lock.json" : "devcontainer-lock.json"
    }

    /// Entries by the reference as written.
    package var features: [String: Entry]

    package init(features: [String: Entry] = [:]) { self.features = features }

    /// The locked digest for `reference`, if any.
    package func integrity(for reference: FeatureReference) -> String? { features[reference.written]?.integrity }

    /// Reads the file's text; every problem is a FILE:LINE:COLUMN diagnostic.
    package static func parse(_ text: String, file: String) throws(DevContainerError) -> FeatureLockfile {
        let document: JSONCDocument
        do {
            document = try JSONC.parse(text, limits: .devcontainer)
        } catch {
            throw DevContainerError([DevContainerDiagnostic(.error, file: file, mark: error.mark, error.message)])
        }
        var errors: [DevContainerDiagnostic] = []
        var lockfile = FeatureLockfile()
        func fail(_ value: JSONValue, _ message: String) {
            errors.append(DevContainerDiagnostic(.error, file: file, mark: value.mark, message))
        }
        guard let features = document.root["features"] else {
            if document.root.object == nil { fail(document.root, "devcontainer-lock.json must hold an object") }
            return lockfile
        }
        guard let members = features.object else {
            throw DevContainerError([
                DevContainerDiagnostic(.error, file: file, mark: features.mark, "\"features\" must be an object")
            ])
        }
        for member in members {
            let value = member.value
            guard let version = value["version"]?.string, let resolved = value["resolved"]?.string,
                let integrity = value["integrity"]?.string
            else {
                fail(
                    value, "\"features.\(member.key)\" must set \"version\", \"resolved\" and \"integrity\" as strings")
                continue
            }
            var dependsOn: [String]?
            if let list = value["dependsOn"] {
                dependsOn = list.array?.compactMap(\.string)
                if dependsOn == nil || dependsOn?.count != list.array?.count {
                    fail(list, "\"features.\(member.key).dependsOn\" must be an array of strings")
                }
            }
            lockfile.features[member.key] = Entry(
                version: version, resolved: resolved, integrity: integrity, dependsOn: dependsOn)
        }
        guard errors.isEmpty else { throw DevContainerError(errors) }
        return lockfile
    }

    /// The text the reference writes: features sorted by reference, each entry's keys in the order
    /// version, resolved, integrity, dependsOn; two-space indentation and a final newline.
    package var text: String {
        func quoted(_ text: String) -> String { JSONTree.quoted(text) }
        let keys = features.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let entries = keys.map { key -> String in
            let entry = features[key]!
            var fields = [
                "      \"version\": \(quoted(entry.version))", "      \"resolved\": \(quoted(entry.resolved))",
                "      \"integrity\": \(quoted(entry.integrity))",
            ]
            if let dependsOn = entry.dependsOn {
                let items = dependsOn.sorted().map { "        \(quoted($0))" }.joined(separator: ",\n")
                fields.append(
                    dependsOn.isEmpty ? "      \"dependsOn\": []" : "      \"dependsOn\": [\n\(items)\n      ]")
            }
            return "    \(quoted(key)): {\n\(fields.joined(separator: ",\n"))\n    }"
        }
        let body = entries.isEmpty ? "{}" : "{\n\(entries.joined(separator: ",\n"))\n  }"
        return "{\n  \"features\": \(body)\n}\n"
    }

    /// The lockfile for built features (local features are not locked, as in the reference).
    package init(_ features: [ResolvedFeature]) {
        var entries: [String: Entry] = [:]
        for feature in features where !feature.reference.isLocal {
            let dependencies = FeatureInstallOrder.dependencies(of: feature.instance).requests.map(\.reference.written)
            entries[feature.reference.written] = Entry(
                version: feature.instance.metadata.version ?? "", resolved: feature.resolved,
                integrity: feature.contentDigest, dependsOn: dependencies.isEmpty ? nil : dependencies)
        }
        self.init(features: entries)
    }
}
