import Testing

@testable import Shared

@Suite struct SuggestionTests {
    @Test func aCaseOnlyDifferenceIsTheCandidate() {
        #expect(Suggestion.closest(to: "remoteENV", in: ["remoteEnv", "remoteUser"]) == "remoteEnv")
    }

    @Test func aNearMissWithinAThirdOfTheWordIsOffered() {
        #expect(Suggestion.closest(to: "hardwre", in: ["hardware", "branch"]) == "hardware")
        #expect(Suggestion.closest(to: "Gitspce", in: ["Gitspace", "Policy"]) == "Gitspace")
        // A swap of neighbours counts as one edit.
        #expect(Suggestion.closest(to: "lrage", in: ["large"]) == "large")
    }

    @Test func aDistantWordGetsNoSuggestion() {
        #expect(Suggestion.closest(to: "settings", in: ["remoteEnv", "image"]) == nil)
        #expect(Suggestion.hint(for: "settings", in: ["remoteEnv"]) == "")
    }

    @Test func tiesGoToTheCandidateThatSortsFirstWhateverTheOrder() {
        #expect(Suggestion.closest(to: "cat", in: ["cut", "bat"]) == "bat")
        #expect(Suggestion.closest(to: "cat", in: ["bat", "cut"]) == "bat")
    }

    @Test func everyHintQuotesWithSingleQuotes() {
        #expect(Suggestion.hint(for: "stat", in: ["state"]) == " (did you mean 'state'?)")
        #expect(Suggestion.hint(offering: "8Gi") == " (did you mean '8Gi'?)")
    }
}
