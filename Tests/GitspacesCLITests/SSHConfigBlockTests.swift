import Foundation
import GitspacesTestSupport
import Testing

@testable import GitspacesCLI

/// The ssh config block `gitspaces ssh-config` prints and writes: quoting, and replacing only its own lines.
@Suite struct SSHConfigBlockTests {
    static let block = SSHConfigBlock(
        instance: "ci", executable: "/opt/git spaces/gitspaces",
        flags: ["--instance", "ci", "--state-dir", "/srv/100%"],
        entries: [.init(name: "alice", user: "dev")])

    @Test func proxyCommandIsQuotedForTheShellAndPercentIsDoubledForSSH() {
        #expect(
            Self.block.rendered.contains(
                "  ProxyCommand '/opt/git spaces/gitspaces' ssh --stdio alice --instance ci --state-dir /srv/100%%\n"))
        #expect(SSHConfigBlock.shellQuoted("it's") == #"'it'\''s'"#)
    }

    @Test func writingReplacesOnlyTheBlockOfItsInstance() {
        let before = "Host a\n  User x\n\n"
        let other = "# BEGIN gitspaces (instance other)\nHost b.gitspaces\n# END gitspaces (instance other)\n"
        let stale = "# BEGIN gitspaces (instance ci)\nHost old.gitspaces\n  User old\n# END gitspaces (instance ci)\n"
        let after = "\nHost z\n  User y"
        let merged = Self.block.merged(into: before + stale + other + after)
        #expect(merged == before + Self.block.rendered + other + after)
        #expect(Self.block.merged(into: merged) == merged)
        // No block yet: appended after a blank line, the rest untouched.
        #expect(Self.block.merged(into: "Host a") == "Host a\n\n" + Self.block.rendered)
        #expect(Self.block.merged(into: "") == Self.block.rendered)
    }

    @Test func writingCreatesAPrivateFileAndFollowsASymlink() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.appending("new/.ssh/config")
        try Self.block.write(into: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.block.rendered)

        let real = folder.appending("dotfiles-config")
        try "Host a\n".write(toFile: real, atomically: true, encoding: .utf8)
        let link = folder.appending("link-config")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try Self.block.write(into: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "Host a\n\n" + Self.block.rendered)
    }
}
