/// How long a running Gitspace may go without activity before the daemon stops it (`spec.idleTimeout`, or the
/// Policy's default): whole seconds, written as `90s`, `30m`, `2h`, `1h30m` or `0`. Zero means never.
package struct IdleTimeout: Sendable, Hashable, Codable, CustomStringConvertible {
    package var seconds: Int

    package init(seconds: Int) { self.seconds = max(0, seconds) }

    /// Parses `0`, or one or more `<digits><unit>` parts with units `h`, `m`, `s` in that order (`1h30m`);
    /// nil for anything else.
    package init?(parsing text: String) {
        if text == "0" {
            self.init(seconds: 0)
            return
        }
        var total = 0
        var digits = ""
        var lastUnit = 0
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(Character(String(digit)))
                continue
            }
            let order: [Character: (rank: Int, seconds: Int)] = ["h": (1, 3600), "m": (2, 60), "s": (3, 1)]
            guard let unit = order[character], unit.rank > lastUnit, !digits.isEmpty, digits.count <= 9,
                let value = Int(digits)
            else { return nil }
            total += value * unit.seconds
            lastUnit = unit.rank
            digits = ""
        }
        guard digits.isEmpty, lastUnit > 0 else { return nil }
        self.init(seconds: total)
    }

    /// Whether the Gitspace is never stopped for being idle.
    package var isNever: Bool { seconds == 0 }

    /// `1h30m`, `90s` is shown as `1m30s`, `0` as `0`.
    package var description: String {
        guard seconds > 0 else { return "0" }
        var text = ""
        let hours = seconds / 3600
        let minutes = seconds % 3600 / 60
        let rest = seconds % 60
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 { text += "\(rest)s" }
        return text
    }
}
