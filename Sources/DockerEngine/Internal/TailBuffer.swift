/// Keeps the last `limit` bytes written to it.
struct TailBuffer {
    let limit: Int
    private var storage: [UInt8] = []
    private(set) var dropped = false

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ bytes: [UInt8]) {
        storage += bytes
        // Trim in batches so appending stays linear overall.
        if storage.count > 2 * limit {
            storage.removeFirst(storage.count - limit)
            dropped = true
        }
    }

    var bytes: [UInt8] {
        guard storage.count > limit else { return storage }
        return Array(storage.suffix(limit))
    }

    var wasTruncated: Bool { dropped || storage.count > limit }
}
