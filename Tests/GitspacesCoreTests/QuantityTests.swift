import GitspacesCore
import Testing

@Suite struct QuantityTests {
    @Test(arguments: [
        ("2", 2000), ("0.5", 500), ("1.25", 1250), (".5", 500), ("500m", 500), ("16", 16000),
    ])
    func cpusParseExactly(text: String, millis: Int) {
        #expect(CPUs(parsing: text)?.millis == millis)
    }

    @Test(arguments: ["0", "0.0001", "-1", "abc", "1.", "", "1e3", "0m", "1.5.2"])
    func badCPUsAreRefused(text: String) {
        #expect(CPUs(parsing: text) == nil)
    }

    @Test(arguments: [
        ("512Mi", Int64(512 << 20)), ("8Gi", 8 << 30), ("1Ti", 1 << 40), ("8G", 8_000_000_000), ("500M", 500_000_000),
        ("1048576", 1 << 20), ("1.5Gi", 1536 << 20), ("4K", 4000), ("4Ki", 4096),
    ])
    func sizesParse(text: String, bytes: Int64) {
        #expect(ByteSize(parsing: text)?.bytes == bytes)
    }

    @Test(arguments: ["8GB", "lots", "Gi", "-1Gi", "0", "1.5", "99999999999999999999Gi", "8 Gi"])
    func badSizesAreRefused(text: String) {
        #expect(ByteSize(parsing: text) == nil)
    }

    @Test func sizesPrintInTheirShortestExactBinaryForm() {
        #expect(ByteSize(bytes: 8 << 30).description == "8Gi")
        #expect(ByteSize(bytes: 1536 << 20).description == "1536Mi")
        #expect(ByteSize(bytes: 1000).description == "1000")
        #expect(CPUs(millis: 1500).description == "1.5")
        #expect(CPUs(millis: 250).description == "0.25")
        #expect(CPUs(millis: 2000).nanoCPUs == 2_000_000_000)
    }

    @Test(arguments: [
        ("https://git.example.com/acme/*", "https://git.example.com/acme/payments.git", true),
        ("https://git.example.com/acme/*", "https://git.example.com/acme/sub/x.git", false),
        ("https://git.example.com/**", "https://git.example.com/acme/sub/x.git", true),
        ("git@github.com:acme/*", "git@github.com:acme/x.git", true),
        ("https://git.example.com/acme/*", "https://git.example.com/acmeevil/x.git", false),
    ])
    func globsMatchWithinPathSegments(pattern: String, url: String, matches: Bool) {
        #expect(Glob(pattern).matches(url) == matches)
    }
}
