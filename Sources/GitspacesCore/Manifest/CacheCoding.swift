/// Bytes of the manifest cache that do not decode: the file is ignored and the manifests are parsed again.
package struct CacheFormatError: Error {}

/// Writes the manifest cache's binary form: fixed-width little-endian integers and length-prefixed UTF-8.
package struct CacheWriter {
    package var bytes: [UInt8] = []

    package init(bytes: [UInt8] = []) { self.bytes = bytes }

    package mutating func int(_ value: Int) { int64(Int64(value)) }

    mutating func int64(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    package mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optional<T>(_ value: T?, _ write: (inout CacheWriter, T) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }

    mutating func array<T>(_ values: [T], _ write: (inout CacheWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }

    mutating func strings(_ values: [String]) { array(values) { $0.string($1) } }

    /// A dictionary as its pairs sorted by key, so equal dictionaries write equal bytes.
    mutating func dictionary<T>(_ values: [String: T], _ write: (inout CacheWriter, T) -> Void) {
        int(values.count)
        for key in values.keys.sorted() {
            string(key)
            write(&self, values[key]!)
        }
    }
}

/// Reads what `CacheWriter` wrote; any read past the end or any value out of range throws `CacheFormatError`.
package struct CacheReader {
    let bytes: [UInt8]
    package private(set) var offset: Int

    package init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int64() throws(CacheFormatError) -> Int64 {
        guard bytes.count - offset >= 8 else { throw CacheFormatError() }
        var value: Int64 = 0
        for index in (0..<8).reversed() { value = value << 8 | Int64(bytes[offset + index]) }
        offset += 8
        return value
    }

    mutating func int() throws(CacheFormatError) -> Int { Int(try int64()) }

    /// A count or length: not negative and not more than the bytes left (each element takes at least one byte).
    package mutating func count() throws(CacheFormatError) -> Int {
        let value = try int()
        guard value >= 0, value <= bytes.count - offset else { throw CacheFormatError() }
        return value
    }

    mutating func bool() throws(CacheFormatError) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw CacheFormatError() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    package mutating func string() throws(CacheFormatError) -> String {
        let length = try count()
        let text = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        offset += length
        return text
    }

    package mutating func bytes(_ length: Int) throws(CacheFormatError) -> ArraySlice<UInt8> {
        guard length >= 0, length <= bytes.count - offset else { throw CacheFormatError() }
        offset += length
        return bytes[offset - length..<offset]
    }

    mutating func optional<T>(_ read: (inout CacheReader) throws(CacheFormatError) -> T) throws(CacheFormatError)
        -> T?
    {
        try bool() ? try read(&self) : nil
    }

    mutating func array<T>(_ read: (inout CacheReader) throws(CacheFormatError) -> T) throws(CacheFormatError)
        -> [T]
    {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    mutating func strings() throws(CacheFormatError) -> [String] {
        try array { reader throws(CacheFormatError) in
            try reader.string()
        }
    }

    mutating func dictionary<T>(_ read: (inout CacheReader) throws(CacheFormatError) -> T) throws(CacheFormatError)
        -> [String: T]
    {
        let count = try count()
        var values: [String: T] = [:]
        values.reserveCapacity(count)
        for _ in 0..<count {
            let key = try string()
            values[key] = try read(&self)
        }
        guard values.count == count else { throw CacheFormatError() }
        return values
    }

    /// A raw value of a `String`-backed enum; an unknown one throws.
    mutating func raw<T: RawRepresentable<String>>(_ type: T.Type) throws(CacheFormatError) -> T {
        guard let value = T(rawValue: try string()) else { throw CacheFormatError() }
        return value
    }
}
