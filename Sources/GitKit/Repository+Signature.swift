internal import CGit2

extension Repository {
    /// The signature of a commit and the data it signs; nil when the commit is not signed.
    ///
    /// Read straight from the commit object (`gpgsig`), without checking it: verifying is the caller's business.
    /// A commit that is not in the repository is `.notFound`.
    package func signature(of commit: ObjectID) throws(GitError) -> CommitSignature? {
        var oid = try commit.oid()
        var signature = git_buf()
        var signedData = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signedData)
        }
        do {
            try git("git_commit_extract_signature") {
                git_commit_extract_signature(&signature, &signedData, pointer, &oid, "gpgsig")
            }
        } catch  where error.code == .notFound {
            // The same code for a missing commit and for a commit without the field: tell them apart.
            _ = try mapError { () throws(GitError) in
                try Owned("git_commit_lookup", parent: self, release: git_commit_free) {
                    git_commit_lookup($0, pointer, &oid)
                }
            } transform: { error in
                guard error.code == .notFound else { return error }
                return GitError(
                    code: .notFound, message: "commit \(commit.hex) not found in '\(path)'", call: error.call)
            }
            return nil
        }
        return CommitSignature(signature: Self.bytes(signature), signedData: Self.bytes(signedData))
    }

    private static func bytes(_ buffer: git_buf) -> [UInt8] {
        guard let pointer = buffer.ptr, buffer.size > 0 else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: Int(buffer.size)))
    }
}
