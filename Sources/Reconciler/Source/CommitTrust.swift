import Foundation

/// The keys config commits must be signed with: `--verify-commits` (an OpenSSH allowed_signers file) and
/// `--verify-commits-gpg` (an OpenPGP keyring for gpgv). At least one of them is set.
package struct CommitTrust: Sendable, Hashable {
    /// An OpenSSH `allowed_signers` file, absolute.
    package var allowedSigners: String?
    /// A binary OpenPGP keyring (as `gpg --export` writes it), absolute.
    package var gpgKeyring: String?

    /// A trust file that cannot be used: missing, unreadable, a folder, or in a form the verifier cannot read.
    package struct FileError: Error, Sendable, CustomStringConvertible {
        /// What is wrong with which file, and what to do.
        package var message: String
        package var description: String { message }
    }

    /// Checks the files and makes their paths absolute; nil when neither is given (commits are not verified).
    ///
    /// `allowedSignersFlag` and `gpgKeyringFlag` name the options in messages (`--verify-commits`, or a config
    /// file key).
    package static func checked(
        allowedSigners: String?, gpgKeyring: String?, allowedSignersFlag: String = "--verify-commits",
        gpgKeyringFlag: String = "--verify-commits-gpg"
    ) throws(FileError) -> CommitTrust? {
        guard allowedSigners != nil || gpgKeyring != nil else { return nil }
        var trust = CommitTrust()
        if let allowedSigners {
            let bytes = try readable(allowedSigners, flag: allowedSignersFlag, what: "an OpenSSH allowed_signers file")
            guard String(decoding: bytes, as: UTF8.self).contains(where: { !$0.isWhitespace }) else {
                throw FileError(
                    message:
                        "\(allowedSignersFlag) \(allowedSigners): the file is empty; list the keys allowed to sign "
                        + "config commits, one `PRINCIPAL namespaces=\"git\" KEYTYPE KEY` line each")
            }
            trust.allowedSigners = absolute(allowedSigners)
        }
        if let gpgKeyring {
            let bytes = try readable(gpgKeyring, flag: gpgKeyringFlag, what: "an OpenPGP keyring")
            if bytes.starts(with: Array("-----BEGIN PGP".utf8)) {
                throw FileError(
                    message:
                        "\(gpgKeyringFlag) \(gpgKeyring): the keyring is ASCII-armored, and gpgv reads binary "
                        + "keyrings only: convert it with `gpg --dearmor < \(gpgKeyring) > keyring.gpg`, or "
                        + "export the keys with `gpg --export KEYID > keyring.gpg`")
            }
            guard !bytes.isEmpty else {
                throw FileError(
                    message:
                        "\(gpgKeyringFlag) \(gpgKeyring): the keyring is empty; export the keys allowed to sign "
                        + "config commits into it with `gpg --export KEYID > \(gpgKeyring)`")
            }
            trust.gpgKeyring = absolute(gpgKeyring)
        }
        return trust
    }

    /// Where the keys come from, for messages: the files given.
    package var files: String {
        [allowedSigners, gpgKeyring].compactMap { $0 }.joined(separator: " and ")
    }

    private static func readable(_ path: String, flag: String, what: String) throws(FileError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(message: "\(flag) \(path): no such file; it must be \(what)")
        }
        guard !isDirectory.boolValue else {
            throw FileError(message: "\(flag) \(path): is a folder; it must be \(what)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(message: "\(flag) \(path): cannot be read (check its permissions); it must be \(what)")
        }
        return Array(data)
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
