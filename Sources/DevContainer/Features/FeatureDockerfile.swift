import Shared

/// The image that installs features on a base image: a Dockerfile for the engine's classic builder
/// (no BuildKit syntax), the files it needs besides each feature's own, and the tag it is built as.
package struct FeatureDockerfile: Sendable, Hashable {
    /// The build-context folder holding the features: `<contextFolder>/<n>-<id>/`.
    package static let contextFolder = ".gitspaces-features"
    /// Where the features are copied in the image.
    package static let imageFolder = "/tmp/gitspaces-features"
    /// The line a failing install.sh prints before the build fails (see ``failedFeature(inBuildOutput:)``).
    package static let failureMarker = "gitspaces: feature install failed:"

    /// The Dockerfile text.
    package var dockerfile: String
    /// Generated files by context-relative path (env files and install wrappers).
    package var files: [String: [UInt8]]
    /// Per feature, in install order: the context folder its own files are copied into.
    package var featureFolders: [String]

    /// The users install.sh is told about; homes are read from the image's /etc/passwd during the build.
    package struct Users: Sendable, Hashable {
        package var containerUser: String
        package var remoteUser: String

        package init(containerUser: String, remoteUser: String) {
            self.containerUser = containerUser
            self.remoteUser = remoteUser
        }
    }

    /// The context folder of the feature at `index` (0-based) of the install order.
    package static func folder(index: Int, feature: ResolvedFeature) -> String {
        let id = String(
            feature.instance.metadata.id.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        return "\(contextFolder)/\(index + 1)-\(id)"
    }

    /// Builds on `baseImage` (whose configured user is `baseUser`, empty for root, and whose
    /// `devcontainer.metadata` label is `baseLabel`) the `features` in install order.
    package init(
        baseImage: String, baseUser: String, baseLabel: String?, features: [ResolvedFeature], users: Users
    ) {
        // `USER 0`, not `root`: an image without /etc/passwd (busybox, distroless) has no user names.
        var lines = ["FROM \(baseImage)", "USER 0", "COPY \(Self.contextFolder)/ \(Self.imageFolder)/"]
        var files: [String: [UInt8]] = [:]
        var folders: [String] = []
        for (index, feature) in features.enumerated() {
            let folder = Self.folder(index: index, feature: feature)
            folders.append(folder)
            let inImage = Self.imageFolder + "/" + folder.dropFirst(Self.contextFolder.count + 1)
            files["\(folder)/devcontainer-features.env"] = Array(feature.options.environmentFile.utf8)
            files["\(folder)/devcontainer-features.builtin.env"] = Array(
                ("_CONTAINER_USER=\(Self.shellQuoted(users.containerUser))\n"
                    + "_REMOTE_USER=\(Self.shellQuoted(users.remoteUser))\n").utf8)
            files["\(folder).install"] = Array(
                Self.installScript(folder: inImage, name: feature.reference.written).utf8)
            lines.append("USER 0")
            for key in feature.instance.metadata.containerEnv.keys.sorted(by: {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }) {
                lines.append(
                    "ENV \(key)=\(Self.dockerfileQuoted(feature.instance.metadata.containerEnv[key] ?? "", escapeDollar: false))"
                )
            }
            lines.append("RUN /bin/sh \(inImage).install")
        }
        lines.append("USER \(baseUser.isEmpty ? "0" : baseUser)")
        let label = Self.label(baseLabel: baseLabel, features: features)
        lines.append("LABEL \(ImageMetadata.labelName)=\(Self.dockerfileQuoted(label, escapeDollar: true))")
        dockerfile = lines.joined(separator: "\n") + "\n"
        self.files = files
        featureFolders = folders
    }

    /// The shell script a feature's RUN step executes: built-in users and homes, the options sourced,
    /// install.sh run as root in its folder; a failure names the feature and the exit code.
    static func installScript(folder: String, name: String) -> String {
        """
        set -e
        cd \(shellQuoted(folder))
        home() {
            if [ -r /etc/passwd ]; then
                while IFS=: read -r user _ _ _ _ dir _; do [ "$user" = "$1" ] && { echo "$dir"; return 0; }; done < /etc/passwd
            fi
            echo /root
        }
        set -a
        . ./devcontainer-features.builtin.env
        _CONTAINER_USER_HOME="$(home "$_CONTAINER_USER")"
        _REMOTE_USER_HOME="$(home "$_REMOTE_USER")"
        . ./devcontainer-features.env
        set +a
        chmod +x ./install.sh
        status=0
        ./install.sh || status=$?
        if [ "$status" -ne 0 ]; then
            echo \(shellQuoted(failureMarker)) \(shellQuoted(name)) "exit code $status" >&2
            exit "$status"
        fi

        """
    }

    /// The `devcontainer.metadata` label: the base image's entries, then one per feature, as compact JSON.
    package static func label(baseLabel: String?, features: [ResolvedFeature]) -> String {
        var entries: [JSONTree] = []
        if let baseLabel, let document = try? JSONC.parse(baseLabel) {
            switch document.root.canonical {
            case .array(let items): entries = items
            case .object(let object): entries = [.object(object)]
            default: break
            }
        }
        entries += features.map(\.labelEntry)
        return JSONTree.array(entries).rendered(pretty: false)
    }

    /// `gitspaces-features/<name>:<16 hex digits>`: a digest of the base image, each feature's reference,
    /// content digest and options, the users, and the order, so that an unchanged set is found on the engine.
    package static func tag(name: String, baseImage: String, features: [ResolvedFeature], users: Users) -> String {
        var text = "gitspaces.features/v1\n"
        func line(_ key: String, _ value: String) { text += "\(key)=\(value.utf8.count):\(value)\n" }
        line("base", baseImage)
        line("containerUser", users.containerUser)
        line("remoteUser", users.remoteUser)
        for feature in features {
            line("feature", feature.reference.description)
            line("digest", feature.contentDigest)
            line("options", feature.options.environmentFile)
            line("entry", feature.labelEntry.rendered(pretty: false))
        }
        return "gitspaces-features/\(name):\(Hashing.sha256Hex(text).prefix(16))"
    }

    /// The feature and exit code a failed build's output names, as `"./a" exit code 3`.
    package static func failedFeature(inBuildOutput output: String) -> String? {
        for line in output.split(separator: "\n").reversed() {
            let text = Array(line)
            let marker = Array(failureMarker)
            guard text.count >= marker.count else { continue }
            for start in 0...(text.count - marker.count) where Array(text[start..<(start + marker.count)]) == marker {
                return String(text[(start + marker.count)...]).trimmingCharacters(in: " ")
            }
        }
        return nil
    }

    /// `'text'` for the shell: single quotes, an embedded quote written `'\''`.
    package static func shellQuoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// `"text"` for a Dockerfile ENV or LABEL value: backslashes and quotes escaped, `$` too unless
    /// substitution is wanted (containerEnv may use `${PATH}`), line breaks as spaces.
    static func dockerfileQuoted(_ text: String, escapeDollar: Bool) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "$" where escapeDollar: result += "\\$"
            case "\n", "\r", "\r\n": result += " "
            default: result.append(character)
            }
        }
        return result + "\""
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
