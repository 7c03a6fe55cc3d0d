import Foundation
import GitspacesTestSupport

/// Debian's `chromium`, headless: the DOM of a page after its scripts ran, and a screenshot. Each call uses a
/// profile folder of its own, removed afterwards.
enum HeadlessChromium {
    /// The browser, or nil when the `chromium` package is not installed.
    static let path: String? = ["/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let missing = "chromium is not installed: the dashboard's browser tests need it (apt-get install chromium)"

    /// The serialized DOM of `url` once loaded.
    /// `budget` is the virtual time the page runs for (its timers fire within it), in milliseconds.
    static func dumpDOM(_ url: String, budget: Int = 3000) async throws -> String {
        try await run(["--dump-dom", "--virtual-time-budget=\(budget)", url]).stdout
    }

    /// A PNG of `url` at `width`×`height`, written to `file`.
    static func screenshot(_ url: String, to file: String, width: Int = 1280, height: Int = 900) async throws {
        try await run([
            "--screenshot=\(file)", "--virtual-time-budget=3000", "--window-size=\(width),\(height)",
            "--hide-scrollbars", url,
        ])
    }

    @discardableResult
    private static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        guard let path else { throw ChromiumMissing() }
        let profile = try TemporaryDirectory()
        defer { profile.remove() }
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--user-data-dir=\(profile.path)",
        ]
        return try await GitspacesTestSupport.run(path, common + arguments, env: ["HOME": profile.path])
    }

    struct ChromiumMissing: Error, CustomStringConvertible {
        var description: String { HeadlessChromium.missing }
    }
}

/// What a PNG holds, read by python3's zlib: its size and how many distinct colours a sample of its pixels has.
struct PNGSummary: Decodable {
    var width: Int
    var height: Int
    var colours: Int

    static func read(_ file: String) async throws -> PNGSummary {
        let output = try await GitspacesTestSupport.run("python3", ["-c", script, file]).stdout
        return try JSONDecoder().decode(PNGSummary.self, from: Data(output.utf8))
    }

    /// Decodes 8-bit RGB/RGBA PNGs (what chromium writes): inflates the IDAT chunks, undoes each row's filter.
    static let script = #"""
        import json, struct, sys, zlib
        data = open(sys.argv[1], "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
        pos, idat = 8, b""
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b"IHDR":
                width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            elif kind == b"IDAT":
                idat += body
            pos += 12 + length
        assert depth == 8 and colour in (2, 6), "unexpected PNG format"
        channels = 3 if colour == 2 else 4
        raw = zlib.decompress(idat)
        stride = width * channels
        previous = bytearray(stride)
        colours = set()
        offset = 0
        for row in range(height):
            kind = raw[offset]
            line = bytearray(raw[offset + 1:offset + 1 + stride])
            offset += 1 + stride
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                if kind == 1: line[i] = (line[i] + a) & 255
                elif kind == 2: line[i] = (line[i] + b) & 255
                elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            previous = line
            if row % 8 == 0:
                for x in range(0, width, 8):
                    colours.add(bytes(line[x * channels:x * channels + 3]))
        print(json.dumps({"width": width, "height": height, "colours": len(colours)}))
        """#
}
