import GitspacesTestScope
import Testing

@testable import GitspacesDaemon

/// Resolved devcontainer.json values on the dashboard: a secret-looking key hides the value at any depth, whatever
/// the strings around it hold.
@Suite(.onWidePool) struct DashboardSecretsJSONTests {
    @Test func aSecretKeyAfterAValueWithAnEscapedQuoteIsStillHidden() {
        let json = #"{"X":"a\"","API_TOKEN":"s3cr3t"}"#
        #expect(DashboardSecrets.shown(json: json) == DashboardSecrets.hidden)
    }

    @Test func nestedSecretKeysAreHiddenAndPlainValuesShownWithURLsMasked() {
        #expect(DashboardSecrets.shown(json: #"{"a":{"DB_PASSWORD":"x"}}"#) == DashboardSecrets.hidden)
        #expect(DashboardSecrets.shown(json: #"[{"GITHUB_TOKEN":"x"}]"#) == DashboardSecrets.hidden)
        let plain = DashboardSecrets.shown(json: #"{"URL":"https://user:pw@example.com/x"}"#)
        #expect(!plain.contains("pw@"), "\(plain)")
        #expect(plain.contains("example.com"))
        #expect(DashboardSecrets.shown(json: #"{"PATH":"/usr/bin"}"#) == #"{"PATH":"/usr/bin"}"#)
    }
}
