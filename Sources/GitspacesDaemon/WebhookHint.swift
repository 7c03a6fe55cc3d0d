import Foundation

/// What a signed webhook's payload says about which repository moved: a hint only. Its URLs are compared with
/// the repositories the daemon already follows (the config repository and the Gitspaces' sources); nothing in
/// the payload is fetched, run or stored, and a payload that names no repository asks for a pass as before.
package struct WebhookHint: Sendable, Hashable {
    /// The repository URLs the payload names (GitHub's `repository`, GitLab's `project`, or a plain
    /// `{"repository": URL}`); empty when it names none or is not JSON.
    package var named: [String]

    /// The fields read, under `repository` and `project`.
    static let urlFields = [
        "clone_url", "git_url", "ssh_url", "html_url", "url", "git_http_url", "git_ssh_url", "http_url", "web_url",
        "homepage",
    ]

    package init(payload: [UInt8]) {
        var named: [String] = []
        if let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] {
            for key in ["repository", "project"] {
                if let url = object[key] as? String { named.append(url) }
                guard let fields = object[key] as? [String: Any] else { continue }
                named += Self.urlFields.compactMap { fields[$0] as? String }
            }
        }
        self.named = named.filter { !$0.isEmpty && $0.utf8.count <= 2048 }
    }

    /// The repository of `known` the payload names, compared by ``identity(_:)``; nil when it names none of them.
    package func match(_ known: Set<String>) -> String? {
        let wanted = Set(named.map(Self.identity))
        return known.sorted().first { wanted.contains(Self.identity($0)) }
    }

    /// A repository URL reduced to what names the repository: host (lowercased, without user or port) and path,
    /// without a trailing `/` or `.git`. `https://u@Host:443/o/r.git`, `ssh://git@host/o/r` and `git@host:o/r`
    /// are one repository.
    package static func identity(_ url: String) -> String {
        var rest = Substring(url.trimmingCharacters(in: .whitespaces))
        var host = ""
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" }
            rest = rest.dropFirst(authority.count)
            host = String(authority.split(separator: "@").last ?? "")
            if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") { host = String(host[..<colon]) }
        } else if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            // scp-like `user@host:path`.
            host = String(rest[..<colon].split(separator: "@").last ?? "")
            rest = rest[rest.index(after: colon)...]
        }
        var path = String(rest)
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        if !path.hasPrefix("/") { path = "/" + path }
        return host.lowercased() + path
    }
}
