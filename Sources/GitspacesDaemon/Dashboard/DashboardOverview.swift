import Foundation

/// The overview at `/`: the config commits and errors, when the daemon last fetched, the table of Gitspaces
/// (filtered on the server by the query), and the pending plan.
struct DashboardOverview {
    var report: StatusReport
    var snapshot: DashboardSnapshot?
    var filter: DashboardFilter
    var now: Date

    func render() -> String {
        let daemon = report.daemon
        return DashboardLayout.page(
            title: "Gitspaces — \(daemon.instance)", heading: HTML("h1", text: "Gitspaces"), instance: daemon.instance,
            content: [
                DashboardLayout.readOnlyNotice(repo: daemon.repo, branch: daemon.branch, path: daemon.path),
                configSection(daemon), gitspacesSection(), pendingSection(),
            ], now: now)
    }

    func configSection(_ daemon: StatusReport.DaemonState) -> HTML {
        let attemptedDiffers =
            daemon.lastAttemptedRevision != nil
            && daemon.lastAttemptedRevision != daemon.lastAppliedRevision
        var children: [HTML] = [
            HTML("h2", ["id": "config"], text: "Config"),
            DashboardLayout.facts(
                [
                    ("Commit in force", DashboardLayout.commit(daemon.lastAppliedRevision)),
                    (
                        "Commit attempted",
                        attemptedDiffers
                            ? .join([
                                DashboardLayout.commit(daemon.lastAttemptedRevision),
                                HTML("span", ["class": "bad"], text: " not applied"),
                            ])
                            : DashboardLayout.commit(daemon.lastAttemptedRevision)
                    ),
                    ("Last fetch", DashboardLayout.timeAgo(daemon.lastFetchAt, now: now)),
                    ("Last pass", DashboardLayout.timeAgo(daemon.lastReconcileAt, now: now)),
                    ("Passes", .text(String(daemon.passes))),
                    ("Ready", daemon.ready ? .text("yes") : HTML("span", ["class": "bad"], text: "no")),
                    ("Self-heal", .text(daemon.selfHeal ? "on: drift is corrected" : "off: drift is only reported")),
                    ("Fetch error", daemon.fetchError.map { HTML("span", ["class": "bad"], text: $0) }),
                    ("Pass error", daemon.reconcileError.map { HTML("span", ["class": "bad"], text: $0) }),
                    ("Refused", daemon.refusal.map { HTML("span", ["class": "bad"], text: $0) }),
                    ("Unverified", daemon.unverified.map { HTML("span", ["class": "bad"], text: $0) }),
                ], wide: true),
        ]
        if !daemon.configErrors.isEmpty {
            children.append(
                HTML(
                    "h3", ["id": "config-errors"],
                    text: "Errors in commit \(daemon.lastAttemptedRevision?.prefix(12) ?? "?"): not applied, "
                        + "the commit in force stays"))
            children.append(
                HTML("ul", ["class": "errors"], daemon.configErrors.map { HTML("li", [:], [HTML("code", text: $0)]) }))
        }
        if let retained = daemon.retainedWorkspaces, !retained.isEmpty {
            children.append(HTML("h3", text: "Workspaces kept from deleted Gitspaces"))
            children.append(
                HTML(
                    "ul", [:],
                    retained.sorted { $0.key < $1.key }.map { name, path in
                        HTML("li", [:], [.text(name + ": "), HTML("code", text: path)])
                    }))
        }
        return HTML("section", ["aria-labelledby": "config"], children)
    }

    func gitspacesSection() -> HTML {
        let all = report.gitspaces
        let rows = all.filter { filter.matches($0, spec: snapshot?.specs[$0.name]) }
        let showNode = all.contains { $0.node != nil }
        var headers = ["Name", "Owner", "Phase", "Ready", "Repository", "Hardware", "Workspace", "Ports", "Since"]
        if showNode { headers.insert("Node", at: 6) }
        let caption =
            filter.isActive
            ? "\(rows.count) of \(all.count) Gitspaces match the filter" : "\(all.count) Gitspaces"
        var table: HTML
        if rows.isEmpty {
            table = HTML(
                "p", ["class": "empty"],
                text: all.isEmpty
                    ? "No Gitspaces: the config in force declares none." : "No Gitspace matches the filter.")
        } else {
            table = HTML(
                "table", ["class": "gitspaces"],
                [
                    HTML("caption", text: caption),
                    HTML("thead", [:], [HTML("tr", [:], headers.map { HTML("th", ["scope": "col"], text: $0) })]),
                    HTML("tbody", [:], rows.map { row($0, showNode: showNode) }),
                ])
        }
        return HTML(
            "section", ["aria-labelledby": "gitspaces"],
            [HTML("h2", ["id": "gitspaces"], text: "Gitspaces"), filterForm(), table])
    }

    func row(_ status: GitspaceStatus, showNode: Bool) -> HTML {
        let spec = snapshot?.specs[status.name]
        let none = HTML("span", ["class": "none"], text: "—")
        var ready: [HTML] = [HTML("span", ["class": status.ready.status ? "ok" : "reason"], text: status.ready.reason)]
        if let message = status.ready.message { ready.append(HTML("span", ["class": "message"], text: message)) }
        var repo: [HTML] = []
        if let spec {
            repo.append(HTML("code", text: spec.repo + "@" + (status.branch ?? spec.branch ?? "HEAD")))
        } else if let branch = status.branch {
            repo.append(HTML("code", text: "@" + branch))
        }
        if let commit = status.sourceCommit { repo += [.void("br", [:]), DashboardLayout.commit(commit)] }
        var workspace: [HTML] = [.text(status.workspace?.state ?? "unknown")]
        if let reasons = status.workspace?.reasons, !reasons.isEmpty {
            workspace.append(HTML("span", ["class": "message"], text: reasons.joined(separator: "; ")))
        }
        var cells: [HTML] = [
            HTML(
                "th", ["scope": "row"],
                [HTML("a", ["href": "/gitspaces/\(Self.pathSegment(status.name))"], text: status.name)]),
            HTML("td", [:], [spec?.owner.map { .text($0) } ?? none]),
            HTML("td", [:], [DashboardLayout.phase(status.phase)]),
            HTML("td", [:], ready),
            HTML("td", [:], repo.isEmpty ? [none] : repo),
            HTML("td", [:], [spec.map { .text($0.hardware) } ?? none]),
            HTML("td", [:], workspace),
            HTML("td", [:], [DashboardLayout.ports(status.ports)]),
            HTML("td", [:], [DashboardLayout.ago(status.since, now: now)]),
        ]
        if showNode { cells.insert(HTML("td", [:], [status.node.map { .text($0) } ?? none]), at: 6) }
        return HTML("tr", ["data-phase": status.phase.rawValue, "data-name": status.name], cells)
    }

    func filterForm() -> HTML {
        let owners = Set(report.gitspaces.compactMap { snapshot?.specs[$0.name]?.owner }).sorted()
        var ownerOptions = [HTML("option", ["value": ""], text: "any owner")]
        for owner in owners {
            ownerOptions.append(
                HTML("option", ["value": owner, "selected": filter.owner == owner ? "" : nil], text: owner))
        }
        var phaseOptions = [HTML("option", ["value": ""], text: "any phase")]
        for phase in GitspacePhase.allCases {
            phaseOptions.append(
                HTML(
                    "option", ["value": phase.rawValue, "selected": filter.phase == phase ? "" : nil],
                    text: phase.rawValue))
        }
        return HTML(
            "form", ["method": "get", "action": "/", "class": "filter", "role": "search", "aria-label": "Filter"],
            [
                HTML("label", ["for": "f-owner"], text: "Owner"),
                HTML("select", ["id": "f-owner", "name": "owner"], ownerOptions),
                HTML("label", ["for": "f-phase"], text: "Phase"),
                HTML("select", ["id": "f-phase", "name": "phase"], phaseOptions),
                HTML("label", ["for": "f-q"], text: "Text"),
                .void(
                    "input",
                    [
                        "id": "f-q", "name": "q", "type": "search", "value": filter.text ?? "",
                        "placeholder": "name, repo, label…",
                    ]),
                HTML("button", ["type": "submit"], text: "Filter"),
                filter.isActive ? HTML("a", ["href": "/"], text: "Clear") : .empty,
            ])
    }

    func pendingSection() -> HTML {
        var children = [HTML("h2", ["id": "pending"], text: "Pending plan")]
        guard let snapshot else {
            children.append(HTML("p", text: "Not known yet: the daemon has not finished a pass."))
            return HTML("section", ["aria-labelledby": "pending"], children)
        }
        if snapshot.pending.isEmpty {
            children.append(
                HTML("p", ["class": "empty"], text: "Nothing pending: what runs is what the config in force asks for."))
        } else {
            children.append(
                HTML(
                    "p",
                    text: "What the next pass would do, or try again, that differs from what runs now:"))
            children.append(
                Self.pendingTable(
                    snapshot.pending,
                    caption: snapshot.pending.count == 1
                        ? "1 pending action" : "\(snapshot.pending.count) pending actions"))
        }
        return HTML("section", ["aria-labelledby": "pending"], children)
    }

    static func pendingTable(_ items: [PendingItem], caption: String) -> HTML {
        HTML(
            "table", ["class": "pending"],
            [
                HTML("caption", text: caption),
                HTML(
                    "thead", [:],
                    [
                        HTML(
                            "tr", [:],
                            ["Action", "Gitspace", "Held by", "Why", "Changes"].map {
                                HTML("th", ["scope": "col"], text: $0)
                            })
                    ]),
                HTML(
                    "tbody", [:],
                    items.map { item in
                        HTML(
                            "tr", [:],
                            [
                                HTML("td", [:], [HTML("code", text: item.action)]),
                                HTML(
                                    "th", ["scope": "row"],
                                    [HTML("a", ["href": "/gitspaces/\(pathSegment(item.name))"], text: item.name)]),
                                HTML("td", [:], [HTML("span", ["class": "reason"], text: item.reason.rawValue)]),
                                HTML("td", text: item.message),
                                HTML(
                                    "td", [:],
                                    item.changes.isEmpty
                                        ? [HTML("span", ["class": "none"], text: "—")]
                                        : [
                                            HTML(
                                                "ul", ["class": "plain"],
                                                item.changes.map { HTML("li", [:], [HTML("code", text: $0)]) })
                                        ]),
                            ])
                    }),
            ])
    }

    /// A Gitspace name as a path segment (names are DNS labels; anything else is percent-encoded).
    static func pathSegment(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}
