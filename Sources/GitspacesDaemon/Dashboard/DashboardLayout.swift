import Foundation
import Redaction

/// The frame of every dashboard page (language, title, the stylesheet and script, the read-only notice) and the
/// small formatting helpers the pages share.
enum DashboardLayout {
    /// A whole page: `title` in the tab, `heading` as its one `h1`, then `content`.
    static func page(title: String, heading: HTML, instance: String, content: [HTML], now: Date) -> String {
        HTML.document(
            HTML(
                "html", ["lang": "en"],
                [
                    HTML(
                        "head", [:],
                        [
                            .void("meta", ["charset": "utf-8"]),
                            .void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
                            HTML("title", text: title),
                            .void("link", ["rel": "stylesheet", "href": "/dashboard.css"]),
                            HTML("script", ["src": "/dashboard.js", "defer": ""]),
                        ]),
                    HTML(
                        "body", [:],
                        [
                            HTML(
                                "header", ["class": "top"],
                                [
                                    HTML("a", ["href": "/", "class": "brand"], text: "Gitspaces"),
                                    HTML("span", ["class": "instance"], text: "instance \(instance)"),
                                ]),
                            HTML("main", ["id": "live"], [heading] + content),
                            HTML(
                                "footer", [:],
                                [
                                    HTML(
                                        "p", [:],
                                        [
                                            .text("Rendered at "), time(now),
                                            .text(
                                                ". The page refreshes itself every few seconds when JavaScript is on; "
                                                    + "otherwise reload it. Machine-readable: "),
                                            HTML("a", ["href": "/status"], text: "/status"),
                                            .text(", "), HTML("a", ["href": "/metrics"], text: "/metrics"), .text("."),
                                        ])
                                ]),
                        ]),
                ]))
    }

    /// The notice every page carries: nothing here changes anything; the config repository does.
    static func readOnlyNotice(repo: String, branch: String?, path: String?) -> HTML {
        let parts = [branch.map { "branch \($0)" }, path.map { "folder \($0)" }].compactMap { $0 }
        let location = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        return HTML(
            "p", ["class": "notice", "role": "note"],
            [
                HTML("strong", text: "Read-only."),
                .text(
                    " This page has no buttons on purpose: Gitspaces change through commits to the config repository "),
                repoLink(repo), .text(location + ", reviewed with "), HTML("code", text: "gitspaces diff"),
                .text(" and applied by the daemon."),
            ])
    }

    /// The config repository, credentials masked: a link when it is a web URL, else code.
    static func repoLink(_ repo: String) -> HTML {
        let shown = Redact.url(repo)
        let lower = shown.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return HTML("code", text: shown) }
        var page = shown
        if page.hasSuffix(".git") { page.removeLast(4) }
        // The masked user part is no use in a link: the page of the repository is its URL without it.
        page = page.replacingOccurrences(of: Redact.mask + "@", with: "")
        return HTML("a", ["href": page, "rel": "noreferrer"], [HTML("code", text: shown)])
    }

    /// A commit, abbreviated to 12 characters with the whole one in its title.
    static func commit(_ commit: String?) -> HTML {
        guard let commit, !commit.isEmpty else { return HTML("span", ["class": "none"], text: "none") }
        return HTML("code", ["title": commit], text: String(commit.prefix(12)))
    }

    /// A `<time>` with the UTC instant, to the second.
    static func time(_ date: Date) -> HTML {
        let stamp = iso(date)
        return HTML("time", ["datetime": stamp], text: stamp.replacingOccurrences(of: "T", with: " "))
    }

    /// `date` and how long ago, as of `now`.
    static func timeAgo(_ date: Date?, now: Date) -> HTML {
        guard let date else { return HTML("span", ["class": "none"], text: "never") }
        return .join([time(date), .text(" (" + ago(now.timeIntervalSince(date)) + ")")])
    }

    /// How long ago, with the instant in a tooltip: for table cells.
    static func ago(_ date: Date, now: Date) -> HTML {
        let stamp = iso(date)
        return HTML("time", ["datetime": stamp, "title": stamp], text: ago(now.timeIntervalSince(date)))
    }

    /// `42s ago`, `5m ago`, `3h 10m ago`, `2d ago`.
    static func ago(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        switch seconds {
        case ..<60: return "\(seconds)s ago"
        case ..<3600: return "\(seconds / 60)m ago"
        case ..<86400: return "\(seconds / 3600)h \(seconds % 3600 / 60)m ago"
        default: return "\(seconds / 86400)d ago"
        }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// A phase as a badge whose class carries its colour.
    static func phase(_ phase: GitspacePhase) -> HTML {
        HTML("span", ["class": "phase phase-\(phase.rawValue.lowercased())"], text: phase.rawValue)
    }

    /// Published ports: `22/tcp → 127.0.0.1:32768`.
    static func ports(_ ports: [GitspaceStatus.Port]) -> HTML {
        guard !ports.isEmpty else { return HTML("span", ["class": "none"], text: "none") }
        let items = ports.map { port -> HTML in
            let host = port.hostPort.map { " → \(port.hostIP ?? "0.0.0.0"):\($0)" } ?? " (not published)"
            return HTML("li", text: port.container + host)
        }
        return HTML("ul", ["class": "plain"], items)
    }

    /// A `dl` of label and value pairs; nil values are left out.
    static func facts(_ pairs: [(String, HTML?)], wide: Bool = false) -> HTML {
        var children: [HTML] = []
        for (term, value) in pairs {
            guard let value else { continue }
            children.append(HTML("dt", text: term))
            children.append(HTML("dd", [:], [value]))
        }
        return HTML("dl", ["class": wide ? "facts wide" : "facts"], children)
    }
}
