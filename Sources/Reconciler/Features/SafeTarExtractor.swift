import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Extracts a tar stream (ustar, pax extended headers, GNU long names) into a folder, and never writes outside it.
///
/// Refused: absolute paths, `..` components, symbolic links whose target leaves the folder, hard links to
/// anything but a regular file already extracted inside the folder, entries whose parent is a symbolic link
/// (so that no write goes through a link), device files and fifos. Modes keep their permission bits only
/// (no setuid, setgid or sticky bit); owners and times are not restored.
struct SafeTarExtractor {
    private let root: String

    /// Extracts `archive` into `root`, an existing empty folder.
    ///
    /// - Throws: `ArchiveError.unsafe` naming the first refused entry, `ArchiveError.invalid` for a broken archive.
    ///   Entries before the refused one may already be written (inside `root`).
    static func extract(_ archive: [UInt8], into root: String) throws(ArchiveError) {
        try SafeTarExtractor(root: root).extract(archive)
    }

    private static let blockSize = 512

    private func extract(_ bytes: [UInt8]) throws(ArchiveError) {
        var offset = 0
        var pending = PendingNames()
        while offset + Self.blockSize <= bytes.count {
            let header = bytes[offset..<offset + Self.blockSize]
            if header.allSatisfy({ $0 == 0 }) { return }
            try Self.verifyChecksum(header)
            let type = header[header.startIndex + 156]
            let size: Int
            if let announced = pending.size {
                size = announced
            } else {
                size = try Self.number(header, at: 124, width: 12)
            }
            let dataStart = offset + Self.blockSize
            guard size >= 0, dataStart + size <= bytes.count else {
                throw .invalid("the tar archive is truncated")
            }
            let data = bytes[dataStart..<dataStart + size]
            offset = dataStart + (size + Self.blockSize - 1) / Self.blockSize * Self.blockSize
            switch type {
            case UInt8(ascii: "x"):
                try pending.readPax(data)
                continue
            case UInt8(ascii: "g"):
                continue
            case UInt8(ascii: "L"):
                pending.path = Self.cString(data)
                continue
            case UInt8(ascii: "K"):
                pending.linkPath = Self.cString(data)
                continue
            default:
                break
            }
            let name = pending.path ?? Self.headerName(header)
            let link = pending.linkPath ?? Self.cString(header, at: 157, width: 100)
            pending = PendingNames()
            let mode = (try? Self.number(header, at: 100, width: 8)) ?? 0o644
            try writeEntry(type: type, name: name, linkTarget: link, mode: mode_t(mode & 0o777), data: data)
        }
        guard offset == bytes.count else { throw .invalid("the tar archive ends inside a header") }
    }

    /// Names and sizes announced by pax or GNU headers for the entry that follows them.
    private struct PendingNames {
        var path: String?
        var linkPath: String?
        var size: Int?

        mutating func readPax(_ data: ArraySlice<UInt8>) throws(ArchiveError) {
            var rest = data
            while !rest.isEmpty {
                guard let space = rest.firstIndex(of: UInt8(ascii: " ")),
                    let length = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self)),
                    length > space - rest.startIndex + 1, rest.startIndex + length <= rest.endIndex
                else {
                    if rest.allSatisfy({ $0 == 0 }) { return }
                    throw .invalid("a pax header record is malformed")
                }
                let record = rest[(space + 1)..<(rest.startIndex + length)]
                rest = rest[(rest.startIndex + length)...]
                guard let equals = record.firstIndex(of: UInt8(ascii: "=")) else {
                    throw .invalid("a pax header record has no '='")
                }
                let key = String(decoding: record[record.startIndex..<equals], as: UTF8.self)
                var value = record[(equals + 1)...]
                if value.last == UInt8(ascii: "\n") { value = value.dropLast() }
                let text = String(decoding: value, as: UTF8.self)
                switch key {
                case "path": path = text
                case "linkpath": linkPath = text
                case "size":
                    guard let number = Int(text), number >= 0 else { throw .invalid("a pax size is not a number") }
                    size = number
                default: break
                }
            }
        }
    }

    // MARK: - Writing entries

    private func writeEntry(type: UInt8, name: String, linkTarget link: String, mode: mode_t, data: ArraySlice<UInt8>)
        throws(ArchiveError)
    {
        let components = try Self.components(of: name, entry: name)
        guard !components.isEmpty else { return }
        try makeParents(of: components, entry: name)
        let path = absolute(components)
        switch type {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
            try removeNonDirectory(at: path, entry: name)
            try writeFile(path, data: data, mode: mode, entry: name)
        case UInt8(ascii: "5"):
            try makeDirectory(components, entry: name)
        case UInt8(ascii: "2"):
            try checkSymlinkTarget(link, parent: Array(components.dropLast()), entry: name)
            try removeNonDirectory(at: path, entry: name)
            guard symlink(link, path) == 0 else {
                throw .invalid("cannot create the symbolic link \(name): \(errorText())")
            }
        case UInt8(ascii: "1"):
            let target = try Self.components(of: link, entry: name)
            guard !target.isEmpty else { throw .unsafe("hard link \(name) points at the archive's root") }
            try checkNoSymlinkParents(target, entry: name)
            var status = stat()
            guard lstat(absolute(target), &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                throw .unsafe("hard link \(name) -> \(link) does not point at a regular file extracted before it")
            }
            try removeNonDirectory(at: path, entry: name)
            guard linkat(AT_FDCWD, absolute(target), AT_FDCWD, path, 0) == 0 else {
                throw .invalid("cannot create the hard link \(name): \(errorText())")
            }
        case UInt8(ascii: "3"), UInt8(ascii: "4"):
            throw .unsafe("\(name) is a device file")
        case UInt8(ascii: "6"):
            throw .unsafe("\(name) is a fifo")
        default:
            throw .invalid("\(name) has the unsupported tar entry type '\(Character(Unicode.Scalar(type)))'")
        }
    }

    /// The path's components inside the folder: `./` and empty components dropped; absolute paths and `..` refused.
    private static func components(of path: String, entry: String) throws(ArchiveError) -> [String] {
        if path.hasPrefix("/") {
            throw .unsafe("\(entry) names the absolute path \(path)")
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.contains("..") {
            throw .unsafe("\(entry) names \(path), which goes up with '..'")
        }
        return parts.filter { $0 != "." }
    }

    /// A symbolic link may point only inside the folder: not absolute, and its `..` never climbing above the root.
    private func checkSymlinkTarget(_ target: String, parent: [String], entry: String) throws(ArchiveError) {
        if target.hasPrefix("/") {
            throw .unsafe("symbolic link \(entry) points at the absolute path \(target)")
        }
        var resolved = parent
        for part in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !resolved.isEmpty else {
                    throw .unsafe("symbolic link \(entry) -> \(target) points outside the feature's folder")
                }
                resolved.removeLast()
            default: resolved.append(String(part))
            }
        }
    }

    private func makeParents(of components: [String], entry: String) throws(ArchiveError) {
        for count in 1..<max(components.count, 1) {
            try makeDirectory(Array(components.prefix(count)), entry: entry)
        }
    }

    private func checkNoSymlinkParents(_ components: [String], entry: String) throws(ArchiveError) {
        for count in 1..<max(components.count, 1) {
            var status = stat()
            let path = absolute(Array(components.prefix(count)))
            guard lstat(path, &status) == 0 else { return }
            if status.st_mode & S_IFMT == S_IFLNK {
                throw .unsafe(
                    "\(entry) goes through the symbolic link \(components.prefix(count).joined(separator: "/"))")
            }
        }
    }

    /// Creates a folder, or accepts an existing one; an existing symbolic link is refused, never followed.
    private func makeDirectory(_ components: [String], entry: String) throws(ArchiveError) {
        let path = absolute(components)
        var status = stat()
        if lstat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: return
            case S_IFLNK:
                throw .unsafe("\(entry) goes through the symbolic link \(components.joined(separator: "/"))")
            default:
                throw .invalid("\(entry) needs \(components.joined(separator: "/")) to be a folder, but it is a file")
            }
        }
        guard mkdir(path, 0o755) == 0 else {
            throw .invalid("cannot create the folder \(components.joined(separator: "/")): \(errorText())")
        }
    }

    /// Removes a file or link an earlier entry wrote at `path`, so that the new entry never writes through it.
    private func removeNonDirectory(at path: String, entry: String) throws(ArchiveError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw .invalid("\(entry) would replace a folder")
        }
        guard unlink(path) == 0 else { throw .invalid("cannot replace \(entry): \(errorText())") }
    }

    private func writeFile(_ path: String, data: ArraySlice<UInt8>, mode: mode_t, entry: String) throws(ArchiveError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .invalid("cannot create \(entry): \(errorText())") }
        defer { close(descriptor) }
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .invalid("cannot write \(entry): \(errorText())") }
            written += count
        }
        guard fchmod(descriptor, mode) == 0 else { throw .invalid("cannot set the mode of \(entry): \(errorText())") }
    }

    private func absolute(_ components: [String]) -> String {
        ([root] + components).joined(separator: "/")
    }

    private func errorText() -> String {
        String(cString: strerror(errno))
    }

    // MARK: - Header fields

    private static func verifyChecksum(_ header: ArraySlice<UInt8>) throws(ArchiveError) {
        let stored = try number(header, at: 148, width: 8)
        var sum = 0
        for (index, byte) in header.enumerated() {
            sum += (148..<156).contains(index) ? Int(UInt8(ascii: " ")) : Int(byte)
        }
        guard sum == stored else { throw .invalid("a tar header has a wrong checksum (not a tar archive?)") }
    }

    /// An octal field (NUL or space terminated), or a base-256 one (high bit set), as GNU tar writes large sizes.
    private static func number(_ header: ArraySlice<UInt8>, at offset: Int, width: Int) throws(ArchiveError) -> Int {
        let field = header[(header.startIndex + offset)..<(header.startIndex + offset + width)]
        if let first = field.first, first & 0x80 != 0 {
            var value = Int(first & 0x3f)
            for byte in field.dropFirst() {
                guard value < (Int.max >> 8) else { throw .invalid("a tar number field overflows") }
                value = value << 8 | Int(byte)
            }
            return value
        }
        let digits = field.prefix { $0 != 0 }.filter { $0 != UInt8(ascii: " ") }
        if digits.isEmpty { return 0 }
        guard let value = Int(String(decoding: digits, as: UTF8.self), radix: 8) else {
            throw .invalid("a tar header field is not an octal number")
        }
        return value
    }

    private static func headerName(_ header: ArraySlice<UInt8>) -> String {
        let name = cString(header, at: 0, width: 100)
        let magic = header[(header.startIndex + 257)..<(header.startIndex + 262)]
        guard Array(magic) == Array("ustar".utf8) else { return name }
        let prefix = cString(header, at: 345, width: 155)
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func cString(_ header: ArraySlice<UInt8>, at offset: Int, width: Int) -> String {
        cString(header[(header.startIndex + offset)..<(header.startIndex + offset + width)])
    }

    private static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
