import Foundation
import GitspacesCore
import GitspacesTestScope
import Testing

@testable import GitspacesDaemon
@testable import Reconciler

/// The dashboard's pure parts with values: the one escaping function, the pages with hostile values in them, the
/// filter, the pending plan, and what is hidden as secret.
@Suite(.onWidePool)
struct DashboardRenderingTests {
    static let payload = "<script>alert(1)</script>\"'&"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func escapingTurnsEveryMarkupCharacterIntoAReference() {
        #expect(HTML.escape(Self.payload) == "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;")
        #expect(HTML.escape("plain text, ü") == "plain text, ü")
        #expect(HTML.escape("a\u{0}b") == "a\u{FFFD}b")
        let element = HTML("a", ["href": "/x?\"><script>", "title": nil], text: Self.payload)
        #expect(element.markup == "<a href=\"/x?&quot;&gt;&lt;script&gt;\">" + HTML.escape(Self.payload) + "</a>")
    }

    @Test func theOverviewShowsHostileValuesAsTextOnly() {
        let page = DashboardOverview(
            report: Self.report(), snapshot: Self.snapshot(), filter: DashboardFilter(), now: Self.now
        ).render()
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<img"))
        #expect(page.components(separatedBy: "<script").count == 2, "only the page's own script")
        #expect(page.contains(HTML.escape(Self.payload)), "the owner")
        #expect(page.contains(HTML.escape("evil.yaml:3:5: error: \(Self.payload)")), "the config error")
        #expect(page.contains(HTML.escape("ready <b>now</b>")), "the ready message")
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.contains("<caption>2 Gitspaces</caption>"))
        #expect(page.contains("<th scope=\"col\">Phase</th>"))
        #expect(page.contains("<th scope=\"row\"><a href=\"/gitspaces/alpha\">alpha</a></th>"))
        #expect(page.contains("https://***@git.example.com/acme/config.git"), "the config repo, masked")
        #expect(!page.contains("s3cret"))
        #expect(page.contains("Read-only."))
        #expect(!page.contains("<button type=\"submit\">Apply"), "no action buttons")
        #expect(!page.contains("method=\"post\""))
    }

    @Test func anUnverifiedHeadIsShownEscapedNextToTheCommitInForce() {
        var report = Self.report()
        report.daemon.unverified = "commit 0badc0de is not signed \(Self.payload)"
        let page = DashboardOverview(
            report: report, snapshot: Self.snapshot(), filter: DashboardFilter(), now: Self.now
        ).render()
        #expect(page.contains("Unverified"))
        #expect(page.contains(HTML.escape("commit 0badc0de is not signed \(Self.payload)")))
        #expect(!page.contains("<script>alert"))
    }

    @Test func theNodeColumnAppearsOnlyWhenAStatusNamesANode() {
        var report = Self.report()
        let render = { (report: StatusReport) in
            DashboardOverview(report: report, snapshot: Self.snapshot(), filter: DashboardFilter(), now: Self.now)
                .render()
        }
        #expect(!render(report).contains("<th scope=\"col\">Node</th>"))
        report.gitspaces[0].node = "worker-<b>1"
        let page = render(report)
        #expect(page.contains("<th scope=\"col\">Node</th>"))
        #expect(page.contains(HTML.escape("worker-<b>1")))
        #expect(!page.contains("worker-<b>"))
    }

    @Test func aGitspacesPageHasItsCommandsSpecEventsAndLogButNoSecret() {
        let report = Self.report()
        let event = GitspaceEvent(
            time: Self.now, gitspace: "alpha", kind: .warning, reason: "Failed", message: "boom \(Self.payload)",
            commit: "abc")
        let page = DashboardGitspacePage(
            report: report, status: report.gitspaces[0], spec: Self.snapshot().specs["alpha"], pending: [],
            events: [event],
            log: DashboardLog.Tail(path: "/s/alpha.log", lines: ["==> build", Self.payload], truncated: false),
            commandFlags: ["--instance", "demo"], now: Self.now
        ).render()
        #expect(page.contains("gitspaces ssh --instance demo alpha"))
        #expect(page.contains("ssh alpha.gitspaces"))
        #expect(page.contains("gitspaces logs --instance demo alpha"))
        #expect(page.contains("href=\"vscode://vscode-remote/ssh-remote+alpha.gitspaces/workspaces/payments\""))
        #expect(page.contains("Europe/Berlin"))
        #expect(!page.contains("ghp_secret"), "a secret-looking env value")
        #expect(!page.contains("tok3n"), "credentials in an env URL")
        #expect(page.contains("acme-token (a host-side secret, by name)"))
        #expect(page.contains(HTML.escape("boom \(Self.payload)")))
        #expect(!page.contains("<script>alert"))
    }

    @Test func theFilterReadsAFormQueryAndSelectsRows() {
        let filter = DashboardFilter(query: "owner=alice&phase=running&q=pay+ments%26")
        #expect(filter.owner == "alice")
        #expect(filter.phase == .running)
        #expect(filter.text == "pay ments&")
        #expect(DashboardFilter(query: "owner=&phase=&q=").isActive == false)
        let report = Self.report()
        let specs = Self.snapshot().specs
        func names(_ filter: DashboardFilter) -> [String] {
            report.gitspaces.filter { filter.matches($0, spec: specs[$0.name]) }.map(\.name)
        }
        #expect(names(DashboardFilter(owner: "alice")) == ["beta"])
        #expect(names(DashboardFilter(phase: .failed)) == ["beta"])
        #expect(names(DashboardFilter(text: "PAYMENTS")) == ["alpha"])
        #expect(names(DashboardFilter(text: "team=web")) == ["beta"])
        #expect(names(DashboardFilter(query: "phase=Sleeping")) == [])
        let page = DashboardOverview(
            report: report, snapshot: Self.snapshot(), filter: DashboardFilter(owner: "alice"), now: Self.now
        ).render()
        #expect(page.contains("1 of 2 Gitspaces match the filter"))
        #expect(page.contains("<option value=\"alice\" selected=\"\">alice</option>"))
    }

    @Test func thePendingPlanNamesARefusedDeletionABackoffAndUnhealedDrift() {
        let alpha = DecisionFixtures.gitspace("alpha")
        let beta = DecisionFixtures.gitspace("beta")
        let gamma = DecisionFixtures.gitspace("gamma")
        let now = ContinuousClock.now
        var memory = LoopMemory()
        memory.refusal = "c0ffee: this plan deletes 3 Gitspaces, more than the policy's maxDeletions of 2"
        memory.backoff.failed("alpha", now: now)
        memory.lastErrors["alpha"] = "clone failed"
        memory.drift["gamma"] = "its container was stopped outside gitspaces"
        let refused = Plan(
            actions: [PlanAction(kind: .delete, name: "old", data: .kept, spec: nil, running: false)],
            refusal: PlanRefusal(.tooManyDeletions(count: 3, maxDeletions: 2)))
        let applied = Plan(actions: [
            PlanAction(
                kind: .create, name: "alpha", changes: [FieldChange(field: "env.API_TOKEN", old: nil, new: "t0k")],
                spec: ResolvedSpec(alpha), running: true),
            PlanAction(kind: .start, name: "gamma", spec: ResolvedSpec(gamma), running: true),
            PlanAction(kind: .update, name: "beta", spec: ResolvedSpec(beta), running: true),
        ])
        let items = PendingPlan.items(applied: applied, refused: refused, memory: memory, selfHeal: false, now: now)
        #expect(items.map(\.name) == ["old", "alpha", "gamma"], "beta's update went through")
        #expect(items.map(\.reason) == [.refused, .backingOff, .selfHealOff])
        #expect(items[0].message.contains("maxDeletions of 2"))
        #expect(items[0].changes == ["workspace kept"])
        #expect(items[1].message.contains("retried in 1s"))
        #expect(items[1].message.contains("clone failed"))
        #expect(items[1].changes == ["env.API_TOKEN: \(DashboardSecrets.hidden)"])
        #expect(
            PendingPlan.items(applied: applied, refused: nil, memory: LoopMemory(), selfHeal: true, now: now).isEmpty)
    }

    @Test(arguments: [
        ("GITHUB_TOKEN", true), ("DB_PASSWORD", true), ("API_KEY", true), ("aws_secret_access_key", true),
        ("TZ", false), ("LANG", false), ("KEYBOARD", false), ("PATH", false),
    ])
    func envValuesWhoseNamesSaySecretAreHidden(name: String, secret: Bool) {
        #expect(DashboardSecrets.isSecret(env: name) == secret)
    }

    @Test func theWorkspaceFolderIsTheDevcontainersOrTheRepositorysName() {
        #expect(DashboardSpec.workspaceFolder(devcontainerConfig: ["workspaceFolder": "\"/src/app\""]) == "/src/app")
        #expect(DashboardSpec.workspaceFolder(devcontainerConfig: ["image": "\"x\""]) == nil)
        let spec = DashboardSpec(
            gitspace: Self.gitspace("alpha", repo: "https://x.example/acme/payments.git"), observed: nil)
        #expect(spec?.workspaceFolder == "/workspaces/payments")
    }

    // MARK: - Values

    static func gitspace(_ name: String, repo: String, owner: String? = nil, labels: [String: String] = [:]) -> Gitspace
    {
        Gitspace(
            name: name, labels: labels, repo: repo, branch: "main", owner: owner,
            env: ["TZ": "Europe/Berlin", "GITHUB_TOKEN": "ghp_secret", "MIRROR": "https://bob:tok3n@mirror.example/x"],
            credentials: "acme-token")
    }

    static func snapshot() -> DashboardSnapshot {
        let alpha = gitspace("alpha", repo: "https://git.example.com/acme/payments.git", owner: payload)
        let beta = gitspace(
            "beta", repo: "https://git.example.com/acme/web.git", owner: "alice", labels: ["team": "web"])
        return DashboardSnapshot(specs: [
            "alpha": DashboardSpec(gitspace: alpha, observed: nil)!,
            "beta": DashboardSpec(gitspace: beta, observed: nil)!,
        ])
    }

    static func report() -> StatusReport {
        var daemon = StatusReport.DaemonState(
            repo: "https://***@git.example.com/acme/config.git", branch: "main", path: nil, instance: "demo",
            selfHeal: true)
        daemon.lastAppliedRevision = "1111111111111111111111111111111111111111"
        daemon.lastAttemptedRevision = "2222222222222222222222222222222222222222"
        daemon.configErrors = ["evil.yaml:3:5: error: \(payload)"]
        daemon.lastFetchAt = now.addingTimeInterval(-42)
        func entry(_ name: String, _ phase: GitspacePhase, message: String?) -> GitspaceStatus {
            GitspaceStatus(
                name: name, phase: phase,
                ready: .init(status: phase == .running, reason: "Converged", message: message),
                declared: true, desiredState: "running", containerState: "running", appliedCommit: "1111",
                sourceCommit: "3333333333333333", branch: "main", lastError: nil, retryInSeconds: nil, drift: nil,
                workspace: .init(state: "clean", path: "/s/w", reasons: nil),
                ports: [.init(container: "22/tcp", hostIP: "127.0.0.1", hostPort: "32768")],
                since: now.addingTimeInterval(-600))
        }
        return StatusReport(
            daemon: daemon,
            gitspaces: [entry("alpha", .running, message: "ready <b>now</b>"), entry("beta", .failed, message: nil)])
    }
}
