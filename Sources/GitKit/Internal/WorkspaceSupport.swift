internal import CGit2

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Lends `strings` to libgit2 as a `git_strarray` for the duration of `body`.
func withCStringArray<Value>(
    _ strings: [String], _ body: (UnsafePointer<git_strarray>) throws(GitError) -> Value
) throws(GitError) -> Value {
    let copies = strings.map { strdup($0) }
    defer {
        for copy in copies { free(copy) }
    }
    var pointers = copies
    return try pointers.withUnsafeMutableBufferPointer { (buffer) throws(GitError) in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}

/// The payload of `git_stash_foreach`: counts the entries.
final class StashCounter {
    var count = 0
}

let countStashEntry: git_stash_cb = { _, _, _, payload in
    guard let payload else { return GIT_EUSER.rawValue }
    Unmanaged<StashCounter>.fromOpaque(payload).takeUnretainedValue().count += 1
    return 0
}

extension ObjectID {
    /// Formats a libgit2 id held by value.
    init(_ oid: git_oid) {
        self = withUnsafePointer(to: oid) { ObjectID($0) }
    }
}
