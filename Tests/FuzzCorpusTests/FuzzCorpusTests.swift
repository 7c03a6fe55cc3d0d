import Foundation
import FuzzTargets
import Testing

/// Replays every committed fuzz input (Tests/Fuzz/corpus and Tests/Fuzz/regressions) through its target in the
/// normal build: an input that once crashed, or a seed a change makes crash, fails the suite by trapping.
struct FuzzCorpusTests {
    @Test("every committed corpus and regression input runs through its target", arguments: FuzzTarget.allCases)
    func corpusReplays(_ target: FuzzTarget) throws {
        let seeds = try FuzzInputs.files(in: "corpus", for: target)
        #expect(seeds.count >= 3, "Tests/Fuzz/corpus/\(target.rawValue) needs seeds")
        for file in try seeds + FuzzInputs.files(in: "regressions", for: target) {
            target.run(try FuzzInputs.bytes(of: file))
        }
    }
}
