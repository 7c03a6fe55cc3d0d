import Testing

@testable import DockerEngine

@Suite("stream framing")
struct StreamFramingTests {
    static func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        let length = UInt32(payload.count)
        return [
            stream, 0, 0, 0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
            UInt8(length & 0xFF),
        ]
            + payload
    }

    @Test func demultiplexesFramesSplitAtEveryPossibleByte() throws {
        let stream = Self.frame(1, "out\n") + Self.frame(2, "err\n") + Self.frame(1, "") + Self.frame(1, "more")
        for split in 0...stream.count {
            var demultiplexer = StreamDemultiplexer()
            var chunks = try demultiplexer.feed(stream[..<split])
            chunks += try demultiplexer.feed(stream[split...])
            try demultiplexer.finish()
            let stdout = chunks.filter { $0.stream == .stdout }.map(\.text).joined()
            let stderr = chunks.filter { $0.stream == .stderr }.map(\.text).joined()
            #expect(stdout == "out\nmore", "split at \(split)")
            #expect(stderr == "err\n", "split at \(split)")
        }
    }

    @Test func passesOnPartOfALargeFrameBeforeItIsComplete() throws {
        let stream = Self.frame(2, String(repeating: "y", count: 1000))
        var demultiplexer = StreamDemultiplexer()
        let first = try demultiplexer.feed(stream.prefix(108))
        #expect(first == [OutputChunk(stream: .stderr, bytes: Array(repeating: UInt8(ascii: "y"), count: 100))])
        #expect(throws: StreamDemultiplexer.FramingError.self) { try demultiplexer.finish() }
        _ = try demultiplexer.feed(stream.dropFirst(108))
        try demultiplexer.finish()
    }

    @Test func rejectsAHeaderThatIsNotAFrame() {
        var demultiplexer = StreamDemultiplexer()
        #expect(throws: StreamDemultiplexer.FramingError.self) {
            try demultiplexer.feed(Array("HTTP/1.1".utf8))
        }
    }

    @Test func splitsJSONLinesAcrossChunksAndCRLF() throws {
        var splitter = JSONLineSplitter()
        var lines = try splitter.feed(Array("{\"a\":1}\r\n{\"b\"".utf8))
        lines += try splitter.feed(Array(":2}\n\n{\"c\":3}".utf8))
        if let last = splitter.finish() { lines.append(last) }
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == [#"{"a":1}"#, #"{"b":2}"#, #"{"c":3}"#])
    }
}
