import Testing

@testable import Shared

/// The one JSON writer and its escaper. Labels and hashes are computed from this text: a change to what an
/// ordinary value prints changes every container's label and recreates it.
@Suite struct JSONTreeTests {
    @Test func asciiValuesPrintByteForByteAsBefore() {
        // The devcontainer metadata label and the features tag hash this text; pinned from the writer it replaced.
        let value = JSONTree.object([
            "remoteUser": .string("dev"),
            "containerEnv": .stringMap(["PATH": "/usr/local/bin:/usr/bin", "QUOTE": "say \"hi\" \\ back/slash"]),
            "forwardPorts": .array([.int(3000), .number("8080")]),
            "privileged": .bool(false),
            "init": .null,
            "mounts": .strings([]),
            "customizations": .object([:]),
        ])
        #expect(
            value.rendered(pretty: false)
                == #"{"containerEnv":{"PATH":"/usr/local/bin:/usr/bin","QUOTE":"say \"hi\" \\ back/slash"},"#
                + #""customizations":{},"forwardPorts":[3000,8080],"init":null,"mounts":[],"privileged":false,"#
                + #""remoteUser":"dev"}"#)
    }

    @Test func prettyOutputIndentsByTwoSpacesAndSortsKeysByTheirBytes() {
        let value = JSONTree.object([
            "b": .array([.int(1), .object(["z": .null, "a": .bool(true)])]), "B": .string("x"),
        ])
        #expect(
            value.rendered()
                == """
                {
                  "B": "x",
                  "b": [
                    1,
                    {
                      "a": true,
                      "z": null
                    }
                  ]
                }
                """)
    }

    @Test func theEscaperNamesTheShortEscapesAndWritesOtherControlsAsHex() {
        #expect(JSONTree.quoted("\"\\\n\r\t\u{08}\u{0C}") == #""\"\\\n\r\t\b\f""#)
        #expect(JSONTree.quoted("\u{00}\u{01}\u{1B}\u{1F}") == #""\u0000\u0001\u001b\u001f""#)
    }

    @Test func theEscaperWritesDelAndTheUnicodeLineSeparatorsAsEscapes() {
        #expect(JSONTree.quoted("a\u{7F}b") == #""a\u007fb""#)
        #expect(JSONTree.quoted("line\u{2028}paragraph\u{2029}end") == #""line\u2028paragraph\u2029end""#)
    }

    @Test func theEscaperLeavesPrintableUnicodeAndAstralPlanesAsTheyAre() {
        #expect(JSONTree.quoted("é ü / € 🚀 \u{80} \u{202E}") == "\"é ü / € 🚀 \u{80} \u{202E}\"")
        #expect(JSONTree.quoted("🚀").utf8.count == 6)
    }

    @Test func keysAreEscapedLikeValues() {
        #expect(
            JSONTree.object(["a\u{2028}\"": .string("\u{7F}")]).rendered(pretty: false) == #"{"a\u2028\"":"\u007f"}"#)
    }
}
