import DockerEngine
import Foundation

extension FuzzTarget {
    /// Decodes `bytes` as each Engine API response the client reads, the way the client does: one JSON
    /// document for the list and inspect calls, JSON lines for the build and pull progress stream.
    static func engineJSON(_ bytes: [UInt8]) {
        let decoder = JSONDecoder()
        let data = Data(bytes)
        _ = try? decoder.decode([ContainerSummary].self, from: data)
        _ = try? decoder.decode(ContainerDetails.self, from: data)
        _ = try? decoder.decode(ImageDetails.self, from: data)
        var splitter = JSONLineSplitter()
        // In two pieces, as network reads cut a stream anywhere.
        let middle = bytes.count / 2
        guard var lines = try? splitter.feed(bytes[..<middle]) + splitter.feed(bytes[middle...]) else { return }
        if let last = splitter.finish() { lines.append(last) }
        for line in lines { _ = try? decoder.decode(ProgressMessage.self, from: Data(line)) }
    }
}
