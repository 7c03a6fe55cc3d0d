import Foundation
import Testing
import YAMLKit

/// Inputs written to hurt: each must end in a clear error, quickly, without a crash.
@Suite struct HostileYAMLTests {
    @Test func billionLaughsFailsFastWithinTheNodeBudget() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        #expect {
            try YAML.parse(text)
        } throws: { error in
            (error as? YAMLError)?.code == .aliasBudgetExceeded
        }
    }

    @Test func deepNestingIsRefusedAtTheLimit() {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect {
            try YAML.parse(text)
        } throws: { error in
            let error = error as? YAMLError
            return error?.code == .tooDeep && error?.mark == Mark(line: 1, column: 129)
        }
    }

    @Test func deepBlockMappingsAreRefusedToo() {
        var text = ""
        for level in 0..<300 { text += String(repeating: " ", count: level) + "k:\n" }
        #expect {
            try YAML.parse(text)
        } throws: { error in
            (error as? YAMLError)?.code == .tooDeep
        }
    }

    @Test func hugeScalarsWithinTheInputLimitParse() throws {
        let big = String(repeating: "x", count: 4 << 20)
        let docs = try YAML.parse("k: \(big)\n")
        #expect(docs[0].root.mapping?.first?.value.string?.utf8.count == 4 << 20)
    }

    @Test func inputOverTheLimitIsRefusedBeforeParsing() {
        let limits = YAMLLimits(maxInputBytes: 1024)
        #expect {
            try YAML.parse(String(repeating: "a", count: 2048), limits: limits)
        } throws: { error in
            (error as? YAMLError)?.code == .tooLarge
        }
    }

    @Test func invalidUTF8IsASyntaxErrorAtItsPosition() {
        var bytes = Array("ok: yes\nbad: ".utf8)
        bytes += [0xC3, 0x28, 0x0A]
        #expect {
            try YAML.parse(bytes)
        } throws: { error in
            let error = error as? YAMLError
            return error?.code == .syntax && error?.mark?.line == 2 && error?.message.contains("UTF-8") == true
        }
    }

    @Test func nulBytesAreRefused() {
        #expect(throws: YAMLError.self) { try YAML.parse(Array("a: b\u{0}c\n".utf8)) }
    }

    @Test func manyDocumentsEachGetAFreshBudget() throws {
        let text = Array(repeating: "a: &x [1, 2, 3]\nb: *x\n", count: 1000).joined(separator: "---\n")
        #expect(try YAML.parse(text, limits: YAMLLimits(maxNodes: 50)).count == 1000)
    }
}
