/// The bytes of one manifest file and the path it is reported under.
package struct SourceFile: Sendable, Hashable {
    package var path: String
    package var bytes: [UInt8]
    /// The git blob id (40 hex digits) of a file read from a revision; nil for a file read from a folder.
    package var blob: String? = nil
    /// Whether `bytes` were left unread because the manifest cache holds the file's decode (path and blob).
    package var isDeferred = false

    package init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    package init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}
