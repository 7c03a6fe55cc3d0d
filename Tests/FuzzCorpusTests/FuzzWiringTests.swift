import Foundation
import FuzzTargets
import Testing

/// `make fuzz` runs every target: the Makefile's FUZZ_TARGETS names each one's executable and corpus folder, and
/// that executable feeds its inputs to the right `FuzzTarget`.
struct FuzzWiringTests {
    static let repository = FuzzInputs.root.deletingLastPathComponent().deletingLastPathComponent()

    @Test func makeFuzzRunsAnExecutableForEveryTarget() throws {
        let makefile = try String(contentsOf: Self.repository.appending(path: "Makefile"), encoding: .utf8)
        let lines = makefile.split(separator: "\n", omittingEmptySubsequences: false)
        var index = try #require(lines.firstIndex { $0.hasPrefix("FUZZ_TARGETS := ") })
        var value = lines[index].dropFirst("FUZZ_TARGETS := ".count)
        while value.hasSuffix("\\"), index + 1 < lines.count {
            index += 1
            value = value.dropLast() + " " + lines[index]
        }
        let pairs = value.split(whereSeparator: { " \t".contains($0) })
        var executables: [String: String] = [:]
        for pair in pairs {
            let parts = pair.split(separator: ":").map(String.init)
            try #require(parts.count == 2, "FUZZ_TARGETS entry \(pair) is not Executable:folder")
            executables[parts[1]] = parts[0]
        }
        #expect(Set(executables.keys) == Set(FuzzTarget.allCases.map(\.rawValue)))
        let manifest = try String(contentsOf: Self.repository.appending(path: "Package.swift"), encoding: .utf8)
        for target in FuzzTarget.allCases {
            let name = try #require(executables[target.rawValue])
            #expect(manifest.contains("\"\(name)\""), "Package.swift declares no Fuzz\(name) under GITSPACES_FUZZ")
            let main = Self.repository.appending(path: "Sources/Fuzz/\(name)/main.swift")
            let source = try String(contentsOf: main, encoding: .utf8)
            #expect(source.contains("FuzzTarget.\(target).run("), "\(main.path) does not run FuzzTarget.\(target)")
        }
    }
}
