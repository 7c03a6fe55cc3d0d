import Foundation

/// The page of one Gitspace at `/gitspaces/NAME`: its status, how to get in, its resolved spec, what is pending
/// for it, its events and the last lines of its lifecycle and build log.
struct DashboardGitspacePage {
    var report: StatusReport
    var status: GitspaceStatus
    var spec: DashboardSpec?
    var pending: [PendingItem]
    var events: [GitspaceEvent]
    /// The last lines of its log, already masked; nil when it has none.
    var log: DashboardLog.Tail?
    /// The flags a command needs to reach this daemon's state (`--instance demo`), as words.
    var commandFlags: [String]
    var now: Date

    func render() -> String {
        let daemon = report.daemon
        let heading = HTML(
            "h1", [:], [.text(status.name + " "), DashboardLayout.phase(status.phase)])
        return DashboardLayout.page(
            title: "\(status.name) — Gitspaces", heading: heading, instance: daemon.instance,
            content: [
                HTML("p", [:], [HTML("a", ["href": "/"], text: "← All Gitspaces")]),
                DashboardLayout.readOnlyNotice(repo: daemon.repo, branch: daemon.branch, path: daemon.path),
                statusSection(), connectSection(), specSection(), pendingSection(), eventsSection(), logSection(),
            ], now: now)
    }

    func statusSection() -> HTML {
        var ready = status.ready.reason
        if let message = status.ready.message { ready += ": " + message }
        var workspace = status.workspace?.state ?? "unknown"
        if let reasons = status.workspace?.reasons, !reasons.isEmpty {
            workspace += " (" + reasons.joined(separator: "; ") + ")"
        }
        return HTML(
            "section", ["aria-labelledby": "status"],
            [
                HTML("h2", ["id": "status"], text: "Status"),
                DashboardLayout.facts([
                    ("Phase", DashboardLayout.phase(status.phase)),
                    ("Ready", HTML("span", ["class": status.ready.status ? "ok" : "reason"], text: ready)),
                    ("Since", DashboardLayout.timeAgo(status.since, now: now)),
                    ("Owner", spec?.owner.map { .text($0) }),
                    ("Declared", .text(status.declared ? "yes" : "no: on the engine only, awaiting deletion")),
                    ("Wanted state", status.desiredState.map { .text($0) }),
                    ("Container", status.containerState.map { .text($0) }),
                    ("Building image", status.building.map { HTML("code", text: $0) }),
                    ("Node", status.node.map { .text($0) }),
                    ("Repository", spec.map { HTML("code", text: $0.repo) }),
                    ("Branch", status.branch.map { HTML("code", text: $0) }),
                    ("Source commit", status.sourceCommit.map { DashboardLayout.commit($0) }),
                    ("Applied from config commit", status.appliedCommit.map { DashboardLayout.commit($0) }),
                    ("Hardware", spec.map { .text($0.hardware) }),
                    ("Workspace", .text(workspace)),
                    ("Ports", DashboardLayout.ports(status.ports)),
                    ("Volumes", status.volumes.flatMap { $0.isEmpty ? nil : .text($0.joined(separator: ", ")) }),
                    ("Last error", status.lastError.map { HTML("span", ["class": "bad"], text: $0) }),
                    ("Retry in", status.retryInSeconds.map { .text("\(Int($0.rounded(.up)))s") }),
                    ("Drift", status.drift.map { HTML("span", ["class": "bad"], text: $0) }),
                ]),
            ])
    }

    func connectSection() -> HTML {
        let flags = commandFlags.isEmpty ? "" : " " + commandFlags.joined(separator: " ")
        let folder = spec?.workspaceFolder ?? "/workspaces"
        let vscode = "vscode://vscode-remote/ssh-remote+\(status.name).gitspaces\(folder)"
        return HTML(
            "section", ["aria-labelledby": "connect"],
            [
                HTML("h2", ["id": "connect"], text: "Get in"),
                HTML("p", text: "A shell, through the engine:"),
                HTML("pre", [:], [HTML("code", text: "gitspaces ssh\(flags) \(status.name)")]),
                HTML(
                    "p",
                    text:
                        "Plain ssh and IDEs, once the Host entries are in ~/.ssh/config (gitspaces ssh-config\(flags) --write):"
                ),
                HTML("pre", [:], [HTML("code", text: "ssh \(status.name).gitspaces")]),
                HTML(
                    "p", [:],
                    [
                        HTML("a", ["href": vscode, "class": "vscode"], text: "Open in VS Code"),
                        .text(" (Remote - SSH, folder "), HTML("code", text: folder), .text(")"),
                    ]),
            ])
    }

    func specSection() -> HTML {
        var children = [HTML("h2", ["id": "spec"], text: "Resolved spec")]
        if let spec {
            children.append(
                HTML(
                    "table", ["class": "spec"],
                    [
                        HTML(
                            "caption",
                            text: "The spec of \(status.name) in the config in force; secrets are never shown"),
                        HTML(
                            "thead", [:],
                            [
                                HTML(
                                    "tr", [:],
                                    [
                                        HTML("th", ["scope": "col"], text: "Field"),
                                        HTML("th", ["scope": "col"], text: "Value"),
                                    ])
                            ]),
                        HTML(
                            "tbody", [:],
                            spec.fields.map { field in
                                HTML(
                                    "tr", [:],
                                    [
                                        HTML("th", ["scope": "row"], text: field.name),
                                        HTML("td", [:], [HTML("code", text: field.value)]),
                                    ])
                            }),
                    ]))
        } else {
            children.append(HTML("p", ["class": "empty"], text: "Not known yet: the daemon has not finished a pass."))
        }
        return HTML("section", ["aria-labelledby": "spec"], children)
    }

    func pendingSection() -> HTML {
        var children = [HTML("h2", ["id": "pending"], text: "Pending")]
        if pending.isEmpty {
            children.append(HTML("p", ["class": "empty"], text: "Nothing pending for \(status.name)."))
        } else {
            children.append(
                DashboardOverview.pendingTable(pending, caption: "What the next pass would do for \(status.name)"))
        }
        return HTML("section", ["aria-labelledby": "pending"], children)
    }

    func eventsSection() -> HTML {
        var children = [HTML("h2", ["id": "events"], text: "Events")]
        if events.isEmpty {
            children.append(HTML("p", ["class": "empty"], text: "No events yet."))
        } else {
            children.append(
                HTML(
                    "table", ["class": "events"],
                    [
                        HTML("caption", text: "The last \(events.count) events, newest first"),
                        HTML(
                            "thead", [:],
                            [
                                HTML(
                                    "tr", [:],
                                    ["Time", "Type", "Reason", "Message", "Config commit"].map {
                                        HTML("th", ["scope": "col"], text: $0)
                                    })
                            ]),
                        HTML(
                            "tbody", [:],
                            events.reversed().map { event in
                                HTML(
                                    "tr", [:],
                                    [
                                        HTML("td", [:], [DashboardLayout.timeAgo(event.time, now: now)]),
                                        HTML(
                                            "td", [:],
                                            [
                                                HTML(
                                                    "span", ["class": event.kind == .warning ? "bad" : "ok"],
                                                    text: event.kind.rawValue)
                                            ]),
                                        HTML("td", text: event.reason),
                                        HTML("td", text: event.message),
                                        HTML("td", [:], [DashboardLayout.commit(event.commit)]),
                                    ])
                            }),
                    ]))
        }
        return HTML("section", ["aria-labelledby": "events"], children)
    }

    func logSection() -> HTML {
        var children = [HTML("h2", ["id": "log"], text: "Lifecycle and build log")]
        if let log {
            children.append(
                HTML(
                    "p", [:],
                    [
                        .text(log.truncated ? "The last \(log.lines.count) lines of " : "All of "),
                        HTML("code", text: log.path),
                        .text(" (also "),
                        HTML(
                            "code", text: (["gitspaces", "logs"] + commandFlags + [status.name]).joined(separator: " ")),
                        .text("):"),
                    ]))
            children.append(
                HTML("pre", ["class": "log", "tabindex": "0"], [HTML("code", text: log.lines.joined(separator: "\n"))]))
        } else {
            children.append(HTML("p", ["class": "empty"], text: "No image build or lifecycle hook output yet."))
        }
        return HTML("section", ["aria-labelledby": "log"], children)
    }
}
