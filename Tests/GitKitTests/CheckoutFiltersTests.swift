import Foundation
import GitspacesTestSupport
import Testing

@testable import GitKit

/// A workspace's first checkout skips libgit2's filters only when none could apply: the files must be the ones
/// `git clone` writes, whatever attributes the repository or the user's git configuration has.
@Suite struct CheckoutFiltersTests {
    @Test func aTreeWithoutAttributesIsCheckedOutUnfilteredAsGitChecksItOut() throws {
        let world = try MirroredUpstream()
        let mirror = try Repository.open(at: world.mirrorPath)
        #expect(try !mirror.treeHasAttributes(at: mirror.resolveCommit("main")))

        let workspace = try world.clone()
        try expectSameFiles(workspace, asGitClones: world)
        #expect(try workspace.git("status", "--porcelain").isEmpty)
        #expect(!workspace.exists(".git/info/attributes"), "a new clone has no attributes of its own")
    }

    @Test func attributesInAnyFolderKeepTheFilters() throws {
        let world = try MirroredUpstream { upstream in
            try upstream.write(".gitattributes", "*.crlf text eol=crlf\n")
            try upstream.write("lines.crlf", "one\ntwo\n")
            try upstream.write("deep/er/still/.gitattributes", "*.txt ident\n")
            try upstream.write("deep/er/still/id.txt", "$Id$\n")
            try upstream.commit("attributes at the root and three folders down")
        }
        let mirror = try Repository.open(at: world.mirrorPath)
        #expect(try mirror.treeHasAttributes(at: mirror.resolveCommit("main")))

        let workspace = try world.clone()
        #expect(workspace.read("lines.crlf") == "one\r\ntwo\r\n")
        #expect(workspace.read("deep/er/still/id.txt")?.hasPrefix("$Id: ") == true)
        try expectSameFiles(workspace, asGitClones: world)
        #expect(try workspace.git("status", "--porcelain").isEmpty)
    }

    @Test func onlyAttributesNamedSoAnywhereCount() throws {
        let world = try MirroredUpstream { upstream in
            try upstream.write("docs/gitattributes.md", "about .gitattributes\n")
            try upstream.write("nested/.gitattributes.sample", "*.txt ident\n")
            try upstream.commit("names that look like attributes")
        }
        let mirror = try Repository.open(at: world.mirrorPath)
        #expect(try !mirror.treeHasAttributes(at: mirror.resolveCommit("main")))
        let withOne = try MirroredUpstream { upstream in
            try upstream.write("nested/deeper/.gitattributes", "\n")
            try upstream.commit("an empty attributes file still counts")
        }
        let other = try Repository.open(at: withOne.mirrorPath)
        #expect(try other.treeHasAttributes(at: other.resolveCommit("main")))
    }

    @Test(arguments: [
        (CheckoutFilters.plain, true),
        (CheckoutFilters.plain.with(\.treeHasAttributes, true), false),
        (CheckoutFilters.plain.with(\.attributesFile, "~/.gitattributes"), false),
        (CheckoutFilters.plain.with(\.eol, "lf"), false),
        (CheckoutFilters.plain.with(\.defaultAttributesFileExists, true), false),
        (CheckoutFilters.plain.with(\.autocrlf, "true"), false),
        (CheckoutFilters.plain.with(\.autocrlf, "input"), false),
        (CheckoutFilters.plain.with(\.autocrlf, "false"), true),
        (CheckoutFilters.plain.with(\.autocrlf, "No"), true),
        (CheckoutFilters.plain.with(\.autocrlf, "0"), true),
    ])
    func filtersAreSkippedOnlyWhenNothingCouldApply(_ filters: CheckoutFilters, skipped: Bool) {
        #expect(filters.convertNothing == skipped)
    }

    /// The user's git configuration is read as libgit2 reads it: `HOME` as the process found it when it
    /// started, so these run the bench binary's workspace step in a process of its own.
    @Test func aUsersAutocrlfKeepsTheFilters() throws {
        let world = try MirroredUpstream { upstream in
            try upstream.write("lines.txt", "one\ntwo\n")
            try upstream.commit("text")
        }
        let home = world.upstream.directory.appending("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "[core]\n\tautocrlf = true\n".write(toFile: home + "/.gitconfig", atomically: true, encoding: .utf8)

        let workspace = try preparedInAProcess(world, home: home)
        #expect(workspace.read("lines.txt") == "one\r\ntwo\r\n")
    }

    @Test func aUsersAttributesFileKeepsTheFilters() throws {
        let world = try MirroredUpstream { upstream in
            try upstream.write("id.txt", "$Id$\n")
            try upstream.commit("ident")
        }
        let home = world.upstream.directory.appending("home")
        try FileManager.default.createDirectory(atPath: home + "/.config/git", withIntermediateDirectories: true)
        try "*.txt ident\n".write(toFile: home + "/.config/git/attributes", atomically: true, encoding: .utf8)

        let workspace = try preparedInAProcess(world, home: home)
        #expect(workspace.read("id.txt")?.hasPrefix("$Id: ") == true, "\(workspace.read("id.txt") ?? "")")
    }

    /// Every file `git clone` of the mirror checks out, byte for byte, and no other.
    private func expectSameFiles(_ workspace: GitFixture, asGitClones world: MirroredUpstream) throws {
        let reference = world.upstream.directory.appending("reference")
        try run("git", ["clone", "--quiet", world.mirrorPath, reference])
        defer { try? FileManager.default.removeItem(atPath: reference) }
        let files = try trackedFiles(reference)
        #expect(try trackedFiles(workspace.path) == files)
        for file in files {
            #expect(
                FileManager.default.contents(atPath: workspace.path + "/" + file)
                    == FileManager.default.contents(atPath: reference + "/" + file), "\(file)")
        }
    }

    private func trackedFiles(_ path: String) throws -> [String] {
        try run("git", ["-C", path, "ls-files"]).stdout.split(separator: "\n").map(String.init)
    }

    /// The workspace `gitspaces-bench workspace` checks out from `world`'s upstream with `HOME` at `home`.
    private func preparedInAProcess(_ world: MirroredUpstream, home: String) throws -> GitFixture {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var bench = products.appendingPathComponent("gitspaces-bench").path
        if !FileManager.default.isExecutableFile(atPath: bench) {
            bench = products.deletingLastPathComponent().appendingPathComponent("gitspaces-bench").path
        }
        let state = world.upstream.directory.appending("state")
        try run(
            bench, ["workspace", world.url, state, "ws"],
            env: ["HOME": home, "XDG_CONFIG_HOME": home + "/.config"])
        return GitFixture(existingAt: state + "/instances/bench/workspaces/ws")
    }
}

extension CheckoutFilters {
    static let plain = CheckoutFilters(
        treeHasAttributes: false, attributesFile: nil, autocrlf: nil, eol: nil, defaultAttributesFileExists: false)

    func with<Value>(_ field: WritableKeyPath<CheckoutFilters, Value>, _ value: Value) -> CheckoutFilters {
        var copy = self
        copy[keyPath: field] = value
        return copy
    }
}
