internal import CGit2

extension Repository {
    /// Resolves a revision to the commit it names.
    ///
    /// Takes a branch or tag name (annotated tags are peeled), a full ref (`refs/heads/main`), a full or short
    /// SHA, or any revparse expression (`HEAD~1`, `main^{commit}`). A revision that names nothing is
    /// `.notFound`; one that names a tree or blob is `.invalidSpec`; a short SHA matching several objects is
    /// `.ambiguous`.
    package func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        guard !revision.isEmpty else {
            throw GitError(code: .invalidSpec, message: "the revision is empty", call: "git_revparse_single")
        }
        let object = try mapError { () throws(GitError) in
            try Owned("git_revparse_single", parent: self, release: git_object_free) {
                git_revparse_single($0, pointer, revision)
            }
        } transform: { error in
            guard error.code == .notFound else { return error }
            return GitError(
                code: .notFound, message: "revision '\(revision)' not found in '\(path)'",
                call: error.call)
        }
        let commit = try mapError { () throws(GitError) in
            try Owned("git_object_peel", parent: self, release: git_object_free) {
                git_object_peel($0, object.pointer, GIT_OBJECT_COMMIT)
            }
        } transform: { error in
            guard error.code == .invalidSpec || error.code == .notFound else { return error }
            return GitError(
                code: .invalidSpec, message: "revision '\(revision)' does not name a commit (\(error.message))",
                call: error.call)
        }
        return ObjectID(git_object_id(commit.pointer))
    }

    /// The local branches (`refs/heads/*`) by short name, each with the commit it points to.
    ///
    /// A symbolic branch whose target does not exist is left out.
    package func branches() throws(GitError) -> [String: ObjectID] {
        let iterator = try Owned("git_branch_iterator_new", parent: self, release: git_branch_iterator_free) {
            git_branch_iterator_new($0, pointer, GIT_BRANCH_LOCAL)
        }
        var branches: [String: ObjectID] = [:]
        while true {
            var raw: OpaquePointer?
            var type = GIT_BRANCH_LOCAL
            var finished = false
            try git("git_branch_next") {
                let result = git_branch_next(&raw, &type, iterator.pointer)
                finished = result == GIT_ITEROVER.rawValue
                return finished ? 0 : result
            }
            guard !finished, let raw else { break }
            let branch = Owned(raw, parent: self, release: git_reference_free)
            guard let name = git_reference_name(branch.pointer).map(decodeCString) else { continue }
            let found = try ifFound { () throws(GitError) in
                try Owned("git_reference_peel", parent: self, release: git_object_free) {
                    git_reference_peel($0, branch.pointer, GIT_OBJECT_COMMIT)
                }
            }
            guard let commit = found else { continue }
            branches[String(name.dropFirst(Self.branchPrefix.count))] = ObjectID(git_object_id(commit.pointer))
        }
        return branches
    }

    /// The branch `HEAD` points to, by short name; `nil` when `HEAD` is detached or its branch does not exist yet.
    package func defaultBranch() throws(GitError) -> String? {
        let found = try ifFound { () throws(GitError) in
            try Owned("git_reference_lookup", parent: self, release: git_reference_free) {
                git_reference_lookup($0, pointer, "HEAD")
            }
        }
        guard let head = found else { return nil }
        guard git_reference_type(head.pointer) == GIT_REFERENCE_SYMBOLIC,
            let target = git_reference_symbolic_target(head.pointer).map(decodeCString),
            target.hasPrefix(Self.branchPrefix)
        else { return nil }
        guard try referenceExists(target) else { return nil }
        return String(target.dropFirst(Self.branchPrefix.count))
    }

    static let branchPrefix = "refs/heads/"

    func referenceExists(_ name: String) throws(GitError) -> Bool {
        let reference = try ifFound { () throws(GitError) in
            try Owned("git_reference_lookup", parent: self, release: git_reference_free) {
                git_reference_lookup($0, pointer, name)
            }
        }
        return reference != nil
    }
}
