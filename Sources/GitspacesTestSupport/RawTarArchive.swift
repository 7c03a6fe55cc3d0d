/// A tar archive whose entries are written exactly as given: absolute names, `..`, links anywhere, device files,
/// GNU long-name records. For testing that an extractor refuses or reads them; `TarArchive` builds honest ones.
///
/// ```swift
/// var archive = RawTarArchive()
/// archive.add("../escaped", contents: Array("x".utf8))
/// archive.add("link", type: "2", linkName: "/etc")
/// ```
package struct RawTarArchive: Sendable {
    private var data: [UInt8] = []

    /// An empty archive.
    package init() {}

    /// Adds one header (and its contents, padded to 512 bytes) with `name` and `linkName` as written.
    ///
    /// - Parameter type: the tar type flag: `0` file, `1` hard link, `2` symbolic link, `3` character device,
    ///   `5` folder, `L` GNU long name, `x` pax header.
    package mutating func add(
        _ name: String, type: Character = "0", linkName: String = "", contents: [UInt8] = [], mode: Int = 0o644
    ) {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int, width: Int) {
            for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(Array(name.utf8), at: 0, width: 100)
        put(octal(mode, width: 8), at: 100, width: 8)
        put(octal(0, width: 8), at: 108, width: 8)
        put(octal(0, width: 8), at: 116, width: 8)
        put(octal(contents.count, width: 12), at: 124, width: 12)
        put(octal(0, width: 12), at: 136, width: 12)
        put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148, width: 8)
        block[156] = type.asciiValue ?? UInt8(ascii: "0")
        put(Array(linkName.utf8), at: 157, width: 100)
        put(Array("ustar\u{0}00".utf8), at: 257, width: 8)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + [UInt8(ascii: " ")], at: 148, width: 8)
        data += block + contents
        let remainder = contents.count % 512
        if remainder != 0 { data += [UInt8](repeating: 0, count: 512 - remainder) }
    }

    /// Adds a regular file with UTF-8 text.
    package mutating func add(_ name: String, text: String, mode: Int = 0o644) {
        add(name, contents: Array(text.utf8), mode: mode)
    }

    /// A pax extended header whose records (`path`, `linkpath`, …) apply to the next entry.
    package mutating func addPax(_ records: [(String, String)]) {
        var body: [UInt8] = []
        for (key, value) in records {
            let text = " \(key)=\(value)\n"
            var length = text.utf8.count + 1
            while String(length).utf8.count + text.utf8.count != length { length += 1 }
            body += Array("\(length)\(text)".utf8)
        }
        add("PaxHeaders/entry", type: "x", contents: body)
    }

    /// The finished archive, with the two zero blocks that end it.
    package var bytes: [UInt8] {
        data + [UInt8](repeating: 0, count: 1024)
    }
}
