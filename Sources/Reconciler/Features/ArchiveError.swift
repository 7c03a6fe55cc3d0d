/// Why an archive was not extracted.
enum ArchiveError: Error, Sendable {
    /// Not a readable archive (broken gzip, bad tar headers, truncated).
    case invalid(String)
    /// An entry that would write outside the folder, or a kind of file a feature never needs (devices, fifos).
    case unsafe(String)
}
