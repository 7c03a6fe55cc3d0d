/// "Did you mean" hints: the closest candidate within a small edit distance. Every message that offers one
/// quotes it the same way: ` (did you mean 'name'?)`.
package enum Suggestion {
    /// The candidate closest to `word`: an exact match ignoring case first, else the nearest within about a third
    /// of the shorter word's length (at least one edit); ties go to the candidate that sorts first.
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            if candidate.lowercased() == lowered { return candidate }
            let distance = editDistance(Array(lowered.utf8), Array(candidate.lowercased().utf8))
            let allowed = max(1, min(word.count, candidate.count) / 3)
            guard distance <= allowed else { continue }
            if let current = best,
                distance > current.distance
                    || (distance == current.distance && !(candidate < current.candidate))
            {
                continue
            }
            best = (candidate, distance)
        }
        return best?.candidate
    }

    /// " (did you mean 'x'?)" or "".
    package static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map(hint(offering:)) ?? ""
    }

    /// " (did you mean 'x'?)" for a suggestion found another way (a corrected unit, say).
    package static func hint(offering suggestion: String) -> String {
        " (did you mean '\(suggestion)'?)"
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    package static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
