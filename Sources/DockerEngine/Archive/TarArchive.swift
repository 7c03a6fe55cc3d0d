/// A tar archive (POSIX ustar, with PAX headers for long paths) built in memory: folders, regular files and
/// symbolic links. Enough for an image build context.
///
/// ```swift
/// var context = TarArchive()
/// context.addFile("Dockerfile", contents: "FROM scratch\nCOPY hello /hello\n")
/// context.addFile("hello", contents: "hi\n")
/// let id = try await docker.buildImage(context: .tar(context.bytes), tag: "hello:1")
/// ```
package struct TarArchive: Sendable {
    private var data: [UInt8] = []
    /// Modification time written for every entry (seconds since 1970); fixed so the same input gives the same bytes.
    package var modificationTime: Int

    /// An empty archive.
    package init(modificationTime: Int = 0) {
        self.modificationTime = modificationTime
    }

    /// Adds a folder (parents are not added implicitly; the engine does not need them).
    package mutating func addDirectory(_ path: String, mode: Int = 0o755) {
        let name = Self.normalize(path)
        append(name: name.hasSuffix("/") ? name : name + "/", type: UInt8(ascii: "5"), mode: mode, size: 0)
    }

    /// Adds a regular file.
    package mutating func addFile(_ path: String, contents: [UInt8], mode: Int = 0o644) {
        append(name: Self.normalize(path), type: UInt8(ascii: "0"), mode: mode, size: contents.count)
        data += contents
        padToBlock()
    }

    /// Adds a regular file with UTF-8 text.
    package mutating func addFile(_ path: String, contents: String, mode: Int = 0o644) {
        addFile(path, contents: Array(contents.utf8), mode: mode)
    }

    /// Adds a symbolic link at `path` pointing to `target` (as written).
    package mutating func addSymlink(_ path: String, target: String) {
        append(name: Self.normalize(path), type: UInt8(ascii: "2"), mode: 0o777, size: 0, linkName: target)
    }

    /// The finished archive: the entries, then the two zero blocks that end a tar stream.
    package var bytes: [UInt8] {
        data + [UInt8](repeating: 0, count: 1024)
    }

    private static func normalize(_ path: String) -> String {
        var name = Substring(path)
        while name.hasPrefix("/") { name = name.dropFirst() }
        while name.hasPrefix("./") { name = name.dropFirst(2) }
        return String(name)
    }

    private mutating func append(name: String, type: UInt8, mode: Int, size: Int, linkName: String = "") {
        var headerName = Array(name.utf8)
        var prefix: [UInt8] = []
        var pax: [(String, String)] = []
        if headerName.count > 100 {
            if let split = Self.ustarSplit(headerName) {
                (prefix, headerName) = split
            } else {
                pax.append(("path", name))
                headerName = Array(headerName.suffix(100))
            }
        }
        var headerLink = Array(linkName.utf8)
        if headerLink.count > 100 {
            pax.append(("linkpath", linkName))
            headerLink = Array(headerLink.prefix(100))
        }
        if !pax.isEmpty {
            var records: [UInt8] = []
            for (key, value) in pax { records += Self.paxRecord(key, value) }
            data += header(
                name: Array("PaxHeaders/\(name.utf8.count)".utf8), prefix: [], type: UInt8(ascii: "x"), mode: 0o644,
                size: records.count, linkName: [])
            data += records
            padToBlock()
        }
        data += header(name: headerName, prefix: prefix, type: type, mode: mode, size: size, linkName: headerLink)
    }

    /// Splits a long path into ustar's `prefix` (≤ 155 bytes) and `name` (≤ 100 bytes) at a `/`.
    private static func ustarSplit(_ path: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        let slash = UInt8(ascii: "/")
        for index in path.indices where path[index] == slash {
            let prefix = Array(path[..<index])
            let name = Array(path[(index + 1)...])
            if prefix.count <= 155 && name.count <= 100 && !name.isEmpty { return (prefix, name) }
        }
        return nil
    }

    /// `"LEN key=value\n"`, where LEN counts the whole record including its own digits.
    private static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length += 1 }
        return Array("\(length)\(body)".utf8)
    }

    private func header(name: [UInt8], prefix: [UInt8], type: UInt8, mode: Int, size: Int, linkName: [UInt8])
        -> [UInt8]
    {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int, width: Int) {
            for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0, width: 100)
        put(octal(mode, width: 8), at: 100, width: 8)
        put(octal(0, width: 8), at: 108, width: 8)  // uid
        put(octal(0, width: 8), at: 116, width: 8)  // gid
        put(octal(size, width: 12), at: 124, width: 12)
        put(octal(modificationTime, width: 12), at: 136, width: 12)
        put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148, width: 8)
        block[156] = type
        put(linkName, at: 157, width: 100)
        put(Array("ustar".utf8) + [0], at: 257, width: 6)
        put(Array("00".utf8), at: 263, width: 2)
        put(Array("root".utf8), at: 265, width: 32)
        put(Array("root".utf8), at: 297, width: 32)
        put(prefix, at: 345, width: 155)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148, width: 8)
        return block
    }

    private mutating func padToBlock() {
        let remainder = data.count % 512
        if remainder != 0 { data += [UInt8](repeating: 0, count: 512 - remainder) }
    }
}
