import Redaction
import Testing

/// The one masking rule: credentials in URLs, alone or quoted in text, never pass through.
@Suite struct RedactTests {
    @Test(arguments: [
        ("https://bob:TOKEN@host/x.git", "https://***@host/x.git"),
        ("https://TOKEN@host/x.git", "https://***@host/x.git"),
        ("http://u:p%40ss@host:8080/x", "http://***@host:8080/x"),
        ("ssh://git:pw@host/x.git", "ssh://***@host/x.git"),
        ("ssh://git@host/x.git", "ssh://git@host/x.git"),
        ("git@host:org/x.git", "git@host:org/x.git"),
        ("https://host/a@b:c.git", "https://host/a@b:c.git"),
        ("/srv/git/x.git", "/srv/git/x.git"),
    ])
    func masksTheCredentialsOfAURL(url: String, masked: String) {
        #expect(Redact.url(url) == masked)
    }

    @Test func masksEveryURLQuotedInText() {
        let text = "fetching 'https://bob:s3cret@h/x.git' failed; also git://T0K@h2/y and ssh://git@h3/z"
        #expect(
            Redact.text(text) == "fetching 'https://***@h/x.git' failed; also git://***@h2/y and ssh://git@h3/z")
        #expect(Redact.text("no url here: a@b") == "no url here: a@b")
    }

    @Test func masksAURLsCredentialsWhereTextQuotesThemAlone() {
        let message = "failed to authenticate user bob:s3cret at host"
        #expect(
            Redact.text(message, quoting: "https://bob:s3cret@host/x.git") == "failed to authenticate user *** at host")
    }
}
