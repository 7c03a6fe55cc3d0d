import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// The dashboard in a real browser: headless Chromium against a running `gitspaces daemon` with a few Gitspaces
/// on the real engine, one of them with an owner and a label that try to inject markup, and a config commit whose
/// error names a file that tries too.
@Suite(
    .serialized, .enabled(if: HeadlessChromium.path != nil, Comment(rawValue: HeadlessChromium.missing)), .onWidePool)
struct DashboardBrowserTests {
    static let payload = "<script>alert(1)</script>\"'&"

    @Test func theOverviewShowsEveryGitspaceAndItsPhaseAndNoInjectedMarkupInARealBrowser() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "500ms")
            let base = "http://127.0.0.1:\(daemon.port)"
            let alice = world.name("alice")
            let bob = world.name("bob")
            let idle = world.name("idle")
            let evil = world.name("evil")
            let broken = world.name("broken")
            func owned(_ base: String, _ owner: String, extra: String = "") -> String {
                world.gitspace(base).replacingOccurrences(of: "spec:\n", with: "spec:\n  owner: \(owner)\n\(extra)")
            }
            var files = [
                "alice.yaml": owned(
                    "alice", "alice", extra: "  env: {GITHUB_TOKEN: ghp_notshown, TZ: Europe/Berlin}\n"),
                "bob.yaml": owned("bob", "bob"),
                "idle.yaml": world.gitspace("idle", state: "stopped").replacingOccurrences(
                    of: "spec:\n", with: "spec:\n  owner: bob\n"),
                "broken.yaml": owned("broken", "carol").replacingOccurrences(
                    of: world.source.url, with: "file://\(world.folder.path)/no-such-repository"),
            ]
            try await world.publish(files, message: "four Gitspaces")
            try await daemon.waitForStatus("alice and bob running, idle stopped, broken failing", seconds: 180) {
                $0.entry(alice)?.phase == .running && $0.entry(bob)?.phase == .running
                    && $0.entry(idle)?.phase == .stopped && $0.entry(broken)?.phase == .failed
            }
            if ProcessInfo.processInfo.environment["GITSPACES_UPDATE_SCREENSHOT"] == "1" {
                try await Self.updateDocsScreenshot(base: base)
            }

            // Markup in an owner, a label and a file name: shown as text, never as elements.
            let owner = Self.payload.replacingOccurrences(of: "'", with: "''")
            files["evil.yaml"] = owned("evil", "'\(owner)'").replacingOccurrences(
                of: "metadata: {name: \(evil)}",
                with: "metadata: {name: \(evil), labels: {team: '<img src=x onerror=alert(2)>'}}")
            let good = try await world.publish(files, message: "and one with markup in its owner")
            try await daemon.waitForStatus("evil running", seconds: 180) { $0.entry(evil)?.phase == .running }
            files["<img src=x onerror=alert(3)>.yaml"] = "kind: [unclosed\n"
            let bad = try await world.publish(files, message: "a broken file")
            try await daemon.waitForStatus("the broken commit attempted") { $0.daemon.lastAttemptedRevision == bad }

            let overview = try await HeadlessChromium.dumpDOM(base + "/")
            let rows = [(alice, "Running"), (bob, "Running"), (idle, "Stopped"), (evil, "Running"), (broken, "Failed")]
            for (name, phase) in rows {
                #expect(overview.contains("data-phase=\"\(phase)\" data-name=\"\(name)\""), "\(name) \(phase)")
            }
            #expect(overview.contains(String(good.prefix(12))), "the commit in force")
            #expect(overview.contains(String(bad.prefix(12))), "the commit attempted")
            #expect(
                overview.contains("&lt;img src=x onerror=alert(3)&gt;.yaml:2:1: error:"), "the config error, escaped")
            #expect(overview.contains("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;"), "the owner, escaped")
            #expect(overview.contains("BackingOff") || overview.contains("Failed"), "broken in the pending plan")
            #expect(overview.contains("Read-only."))
            Self.expectNoInjectedElement(overview)

            // The script refreshes the page in place (every 5 s), keeping the filter of its URL.
            let refreshed = try await HeadlessChromium.dumpDOM(base + "/?phase=Stopped", budget: 7000)
            #expect(refreshed.contains("data-refreshed="), "refreshed by /dashboard.js")
            #expect(refreshed.contains("data-name=\"\(idle)\""))
            #expect(!refreshed.contains("data-name=\"\(alice)\""))
            let stopped = try await HeadlessChromium.dumpDOM(base + "/?phase=Stopped")
            #expect(stopped.contains("data-name=\"\(idle)\""))
            #expect(!stopped.contains("data-name=\"\(alice)\""))
            #expect(stopped.contains("1 of 5 Gitspaces match the filter"))
            let byOwner = try await HeadlessChromium.dumpDOM(base + "/?owner=alice&q=\(alice.suffix(8))")
            #expect(byOwner.contains("data-name=\"\(alice)\""))
            #expect(!byOwner.contains("data-name=\"\(evil)\""))

            let page = try await HeadlessChromium.dumpDOM(base + "/gitspaces/\(evil)")
            #expect(page.contains("vscode://vscode-remote/ssh-remote+\(evil).gitspaces/workspaces/source"))
            #expect(page.contains("gitspaces ssh --state-dir"))
            #expect(page.contains("ssh \(evil).gitspaces"))
            #expect(page.contains("Created"), "the events")
            #expect(page.contains("labels.team"))
            Self.expectNoInjectedElement(page)
            let alicePage = try await HeadlessChromium.dumpDOM(base + "/gitspaces/\(alice)")
            #expect(alicePage.contains("Europe/Berlin"))
            #expect(!alicePage.contains("ghp_notshown"), "a secret-looking env value is hidden")

            let shot = world.folder.appending("dashboard.png")
            try await HeadlessChromium.screenshot(base + "/", to: shot)
            let png = try await PNGSummary.read(shot)
            #expect(png.width == 1280 && png.height == 900)
            #expect(png.colours > 8, "the screenshot is not blank: \(png.colours) colours")
        }
    }

    /// The page has exactly our one script element and no image, whatever the manifests held.
    static func expectNoInjectedElement(_ dom: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scripts = dom.components(separatedBy: "<script").count - 1
        #expect(scripts == 1, "only /dashboard.js: \(scripts) script elements", sourceLocation: sourceLocation)
        #expect(dom.contains("<script src=\"/dashboard.js\""), sourceLocation: sourceLocation)
        #expect(!dom.contains("<img"), "no injected image", sourceLocation: sourceLocation)
        #expect(!dom.contains("<script>alert"), sourceLocation: sourceLocation)
    }

    /// Writes docs/dashboard.png: the overview before markup payloads join.
    static func updateDocsScreenshot(base: String) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let docs = root.appendingPathComponent("docs").path
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let target = docs + "/dashboard.png"
        try await HeadlessChromium.screenshot(base + "/", to: target, width: 1200, height: 760)
        #expect(try await PNGSummary.read(target).colours > 8, "docs/dashboard.png is not blank")
    }
}
