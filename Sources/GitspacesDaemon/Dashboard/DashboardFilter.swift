import Foundation

/// The overview's filter, from the query of `GET /?owner=alice&phase=Running&q=pay`: applied on the server, so it
/// works without JavaScript. An empty or absent parameter does not filter.
struct DashboardFilter: Sendable, Hashable {
    var owner: String?
    var phase: GitspacePhase?
    /// Matched, case-insensitively, against name, owner, repository, branch, labels, phase and reasons.
    var text: String?

    /// `?phase=` given a word that is no phase: shown, matching nothing, rather than ignored.
    var unknownPhase: String?

    init(owner: String? = nil, phase: GitspacePhase? = nil, text: String? = nil) {
        self.owner = owner
        self.phase = phase
        self.text = text
    }

    /// Reads a raw query string (`owner=alice&q=a+b%26c`): `+` is a space, percent escapes are decoded.
    init(query: String?) {
        let parameters = Self.parameters(query ?? "")
        owner = parameters["owner"]
        text = parameters["q"]
        if let word = parameters["phase"] {
            phase = GitspacePhase.allCases.first { $0.rawValue.lowercased() == word.lowercased() }
            if phase == nil { unknownPhase = word }
        }
    }

    var isActive: Bool { owner != nil || phase != nil || text != nil || unknownPhase != nil }

    /// Whether a row passes every filter given.
    func matches(_ status: GitspaceStatus, spec: DashboardSpec?) -> Bool {
        if unknownPhase != nil { return false }
        if let owner, (spec?.owner ?? "") != owner { return false }
        if let phase, status.phase != phase { return false }
        if let text {
            var haystack = [status.name, status.phase.rawValue, status.ready.reason, status.ready.message ?? ""]
            haystack += [status.branch ?? "", status.lastError ?? "", status.drift ?? ""]
            if let spec {
                haystack += [spec.owner ?? "", spec.repo, spec.branch ?? "", spec.hardware]
                haystack += spec.labels.flatMap { [$0.key, $0.value, "\($0.key)=\($0.value)"] }
            }
            let needle = text.lowercased()
            return haystack.contains { $0.lowercased().contains(needle) }
        }
        return true
    }

    /// The query string that selects this filter (for links), empty when it filters nothing.
    var query: String {
        var parts: [String] = []
        if let owner { parts.append("owner=" + Self.encode(owner)) }
        if let phase {
            parts.append("phase=" + phase.rawValue)
        } else if let unknownPhase {
            parts.append("phase=" + Self.encode(unknownPhase))
        }
        if let text { parts.append("q=" + Self.encode(text)) }
        return parts.joined(separator: "&")
    }

    /// `name=value` pairs, last one wins, empty values dropped.
    static func parameters(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]).trimmingCharacters(in: .whitespaces) : ""
            result[name] = value.isEmpty ? nil : value
        }
        return result
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
