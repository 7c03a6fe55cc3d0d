internal import CGit2

/// The single owner of one libgit2 pointer: frees it when the owner's lifetime ends.
///
/// Being `~Copyable`, a handle cannot be duplicated into a double free, and its lifetime runs to the end of
/// its scope, so pointers borrowed from it (tree entries, blob contents) stay valid while it is in scope.
/// It keeps its parent (the repository) alive.
struct Owned: ~Copyable {
    let pointer: OpaquePointer
    private let release: @convention(c) (OpaquePointer?) -> Void
    private let parent: AnyObject?

    init(_ pointer: OpaquePointer, parent: AnyObject?, release: @escaping @convention(c) (OpaquePointer?) -> Void) {
        self.pointer = pointer
        self.parent = parent
        self.release = release
    }

    /// Makes the libgit2 call `call`, which creates an object in its out-parameter, and takes ownership of it.
    init(
        _ call: StaticString,
        parent: AnyObject?,
        release: @escaping @convention(c) (OpaquePointer?) -> Void,
        _ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    ) throws(GitError) {
        var raw: OpaquePointer?
        try git(call) { body(&raw) }
        guard let raw else {
            throw GitError(code: .other, message: "libgit2 reported success but returned no object", call: "\(call)")
        }
        self.init(raw, parent: parent, release: release)
    }

    deinit {
        release(pointer)
    }
}
