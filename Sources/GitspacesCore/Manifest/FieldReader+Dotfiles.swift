import Redaction
import YAMLKit

extension FieldReader {
    /// `{repo, branch, installCommand, credentials}`: a Gitspace's `spec.dotfiles`, or one owner's in the Policy.
    mutating func decodeDotfiles(_ node: Node, _ path: String, anchor: Mark) -> Dotfiles? {
        guard let fields = fields(node, path, known: ManifestSchema.dotfiles, anchor: anchor) else { return nil }
        var repo: String?
        if let node = require(fields, "repo"), let text = string(node, "\(path).repo") {
            if let reason = Rules.repoURL(text) {
                error(node.mark, "\(path).repo '\(Redact.url(text))' \(reason)")
            } else if Redact.url(text) != text {
                error(
                    node.mark,
                    "\(path).repo '\(Redact.url(text))' carries a token: name a host-side secret in "
                        + "\(path).credentials instead")
            } else {
                repo = text
            }
        }
        var dotfiles = Dotfiles(repo: repo ?? "")
        if let node = fields["branch"], let text = string(node, "\(path).branch") {
            if let reason = Rules.branch(text) { error(node.mark, "\(path).branch '\(text)' \(reason)") }
            dotfiles.branch = text
        }
        if let node = fields["installCommand"], let text = string(node, "\(path).installCommand") {
            if let reason = Self.installCommandProblem(text) {
                error(node.mark, "\(path).installCommand '\(text)' \(reason)")
            }
            dotfiles.installCommand = text
        }
        if let node = fields["credentials"], let text = string(node, "\(path).credentials") {
            if let reason = Rules.secretName(text) { error(node.mark, "\(path).credentials \(reason)") }
            dotfiles.credentials = text
        }
        return repo == nil ? nil : dotfiles
    }

    /// The Policy's `dotfiles`: a mapping from an owner (as in a Gitspace's `spec.owner`) to their dotfiles.
    mutating func decodeDotfilesByOwner(_ node: Node, _ path: String) -> [String: Dotfiles] {
        guard let pairs = node.mapping else {
            error(
                node.mark,
                "\(path) must be a mapping from an owner to {repo, branch, installCommand}, not "
                    + node.typeDescription)
            return [:]
        }
        var byOwner: [String: Dotfiles] = [:]
        for pair in pairs {
            guard let owner = pair.key.scalar?.value, pair.key.value != .null else {
                error(pair.key.mark, "keys in \(path) must be owners (strings), not \(pair.key.typeDescription)")
                continue
            }
            if let dotfiles = decodeDotfiles(pair.value, "\(path).\(owner)", anchor: pair.key.mark) {
                byOwner[owner] = dotfiles
            }
        }
        return byOwner
    }

    /// A script inside the dotfiles repository, as the devcontainer CLI takes it: a relative path that stays inside.
    static func installCommandProblem(_ text: String) -> String? {
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { return "is empty: name a script in the repository" }
        if text.hasPrefix("/") || text.hasPrefix("~") {
            return "must be a path relative to the dotfiles repository's root (e.g. install.sh or script/setup)"
        }
        if text.split(separator: "/").contains("..") { return "must stay inside the dotfiles repository (no '..')" }
        if text.contains(where: { $0.isNewline || $0 == "\0" }) { return "must be one line: a path to a script" }
        return nil
    }
}
