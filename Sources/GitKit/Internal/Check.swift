internal import CGit2

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Runs one libgit2 call and turns a negative return into a `GitError` naming `call`.
///
/// Every libgit2 call that returns an error code goes through here. libgit2 keeps its last error per thread,
/// so it is read right after the call, with nothing in between that could switch threads.
@discardableResult
func git(_ call: StaticString, _ body: () -> Int32) throws(GitError) -> Int32 {
    let result = body()
    guard result < 0 else { return result }
    throw GitError(libgit2Result: result, call: "\(call)")
}

extension GitError {
    /// Reads `git_error_last()` (which libgit2 1.5 may leave NULL) and maps the result code and error class.
    init(libgit2Result result: Int32, call: String) {
        var message = "libgit2 returned error \(result) without a message"
        var errorClass: UInt32 = 0
        if let last = git_error_last() {
            errorClass = UInt32(bitPattern: last.pointee.klass)
            if let text = last.pointee.message {
                message = decodeCString(text)
            }
        }
        self.init(code: Self.code(result: result, errorClass: errorClass), message: message, call: call)
        self.errorClass = errorClass
    }

    private static func code(result: Int32, errorClass: UInt32) -> Code {
        switch result {
        case GIT_ENOTFOUND.rawValue, GIT_EUNBORNBRANCH.rawValue: return .notFound
        case GIT_EEXISTS.rawValue: return .exists
        case GIT_EAMBIGUOUS.rawValue: return .ambiguous
        case GIT_EAUTH.rawValue: return .auth
        case GIT_ECERTIFICATE.rawValue: return .certificate
        case GIT_ELOCKED.rawValue: return .locked
        case GIT_EINVALIDSPEC.rawValue, GIT_EPEEL.rawValue: return .invalidSpec
        case GIT_EUSER.rawValue: return .user
        case GIT_EBAREREPO.rawValue: return .unsupported
        default: break
        }
        switch errorClass {
        case GIT_ERROR_NET.rawValue, GIT_ERROR_SSL.rawValue, GIT_ERROR_SSH.rawValue, GIT_ERROR_HTTP.rawValue:
            return .network
        default:
            return .other
        }
    }
}

/// Decodes a NUL-terminated C string as UTF-8, replacing invalid sequences instead of failing.
func decodeCString(_ pointer: UnsafePointer<CChar>) -> String {
    String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
}

extension git_buf {
    /// The buffer's text, nil when libgit2 left it empty.
    var text: String? { ptr.map { decodeCString(UnsafePointer($0)) } }
}

/// Runs `body` and rewrites the error it throws, for instance to name the revision or path that was missing.
func mapError<Value: ~Copyable>(
    _ body: () throws(GitError) -> Value, transform: (GitError) -> GitError
) throws(GitError) -> Value {
    do {
        return try body()
    } catch {
        throw transform(error)
    }
}

/// Runs `body`, turning `.notFound` into `nil`.
func ifFound<Value: ~Copyable>(_ body: () throws(GitError) -> Value) throws(GitError) -> Value? {
    do {
        return try body()
    } catch  where error.code == .notFound {
        return nil
    }
}
