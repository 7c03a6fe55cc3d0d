import Testing

@testable import GitspacesCore

/// User-controlled strings cannot escape their code spans in Markdown, nor control a terminal in text.
@Suite struct PlanMarkdownEscapingTests {
    static let hostileBranch = "feat`</code><script>alert(1)</script>|x"
    static let hostileEnv =
        "a``b | c\n- injected [link](https://evil.example) @everyone <img src=x onerror=alert(1)> &amp;"

    static func hostilePlan() -> Plan {
        var before = PlanFixtures.gitspace()
        before.env = ["EVIL": "harmless"]
        var after = before
        after.branch = hostileBranch
        after.env = ["EVIL": hostileEnv, "TICKS": "`", "EMPTY": "", "SPACED": " x "]
        return plan(desired: PlanFixtures.desired([after]), observed: [ObservedGitspace(desired: before)])
    }

    /// The text outside code spans, found the CommonMark way: a run of N backticks opens a span that the
    /// next run of exactly N backticks closes; an unmatched run is literal.
    static func outsideCodeSpans(_ line: String) -> String {
        let characters = Array(line)
        var outside = ""
        var index = 0
        while index < characters.count {
            guard characters[index] == "`" else {
                outside.append(characters[index])
                index += 1
                continue
            }
            var runEnd = index
            while runEnd < characters.count, characters[runEnd] == "`" { runEnd += 1 }
            let length = runEnd - index
            var search = runEnd
            var closed: Int?
            while search < characters.count {
                guard characters[search] == "`" else {
                    search += 1
                    continue
                }
                var end = search
                while end < characters.count, characters[end] == "`" { end += 1 }
                if end - search == length {
                    closed = end
                    break
                }
                search = end
            }
            if let closed {
                outside += "⟨code⟩"
                index = closed
            } else {
                outside += String(characters[index..<runEnd])
                index = runEnd
            }
        }
        return outside
    }

    @Test func hostileValuesStayInsideTheirCodeSpans() {
        let markdown = Self.hostilePlan().renderMarkdown()
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!lines.contains { $0.hasPrefix("- injected") })
        for line in lines {
            let outside = Self.outsideCodeSpans(line)
            for forbidden in ["<", "&", "|", "`", "[", "@", "\n"] {
                #expect(!outside.contains(forbidden), "\(forbidden) outside a code span in: \(line)")
            }
        }
    }

    @Test func hostileValuesRenderExactly() {
        let markdown = Self.hostilePlan().renderMarkdown()
        #expect(markdown.contains("- `branch`: `main` → ``feat`</code><script>alert(1)</script>|x``"))
        #expect(
            markdown.contains(
                "- `env.EVIL`: `harmless` → ```a``b | c\\n- injected [link](https://evil.example) @everyone "
                    + "<img src=x onerror=alert(1)> &amp;```"))
        #expect(markdown.contains("- `env.TICKS`: *unset* → `` ` ``"))
        #expect(markdown.contains("- `env.EMPTY`: *unset* → *empty*"))
        #expect(markdown.contains("- `env.SPACED`: *unset* → `  x  `"))
    }

    @Test func codeSpanDelimiterOutgrowsEveryBacktickRun() {
        #expect(DisplayEscaping.codeSpan("plain") == "`plain`")
        #expect(DisplayEscaping.codeSpan("a`b") == "``a`b``")
        #expect(DisplayEscaping.codeSpan("```") == "```` ``` ````")
        #expect(DisplayEscaping.codeSpan("line\nbreak\u{1B}[31m") == "`line\\nbreak\\u{1B}[31m`")
    }

    @Test func proseEscapesMarkdownAndHTML() {
        #expect(
            DisplayEscaping.markdownText("<b>*x*</b> & [y](z) `c` |t| ~s~ #h !i \\")
                == "&lt;b&gt;\\*x\\*&lt;/b&gt; &amp; \\[y\\](z) \\`c\\` \\|t\\| \\~s\\~ \\#h \\!i \\\\")
    }

    @Test func textMakesControlCharactersVisible() {
        var before = PlanFixtures.gitspace()
        var after = before
        before.env = [:]
        after.env = ["PS1": "\u{1B}[2J\u{1B}[31mred\r\nfake line\u{202E}txt"]
        let text = plan(desired: PlanFixtures.desired([after]), observed: [ObservedGitspace(desired: before)])
            .renderText()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0 == "\r" })
        #expect(text.contains(#"      env.PS1: (unset) → \u{1B}[2J\u{1B}[31mred\r\nfake line\u{202E}txt"#))
    }

    @Test func jsonEscapesEverythingItMust() {
        var before = PlanFixtures.gitspace()
        var after = before
        before.env = [:]
        after.env = ["X": "q\"b\\n\n\u{01}\u{7F}\u{2028}\u{2029}é🚀"]
        let json = plan(desired: PlanFixtures.desired([after]), observed: [ObservedGitspace(desired: before)])
            .renderJSON(pretty: false)
        #expect(json.contains(#""new":"q\"b\\n\n\u0001\u007f\u2028\u2029é🚀""#))
    }

    @Test func credentialsShowTheSecretNameOnly() {
        var before = PlanFixtures.gitspace()
        before.credentials = nil
        let after = PlanFixtures.gitspace()
        let result = plan(desired: PlanFixtures.desired([after]), observed: [ObservedGitspace(desired: before)])
        #expect(
            result.actions.first?.changes.last { $0.field == "credentials" }
                == FieldChange(field: "credentials", old: nil, new: "acme-git-token"))
    }

    @Test func longPlansAreFoldedInDetails() {
        let many = (0..<11).map { PlanFixtures.gitspace("g-\($0)") }
        let markdown = plan(desired: PlanFixtures.desired(many), observed: []).renderMarkdown()
        #expect(
            markdown.hasPrefix("**Plan: 11 to create, 0 to start, 0 to update, 0 to replace, 0 to stop, 0 to delete.**")
        )
        #expect(markdown.contains("\n\n<details><summary>11 actions</summary>\n\n#### + create `g-0`\n"))
        #expect(markdown.hasSuffix("\n\n</details>"))
        let ten = plan(desired: PlanFixtures.desired(Array(many.prefix(10))), observed: []).renderMarkdown()
        #expect(!ten.contains("<details>"))
    }
}
