/// A commit's signature and the exact bytes it signs, as stored in the commit object.
package struct CommitSignature: Sendable, Hashable {
    /// The `gpgsig` header's value: an armored SSH, OpenPGP or X.509 signature.
    package var signature: [UInt8]
    /// The commit object without its `gpgsig` header: what the signer signed.
    package var signedData: [UInt8]

    /// Creates a signature record.
    package init(signature: [UInt8], signedData: [UInt8]) {
        self.signature = signature
        self.signedData = signedData
    }
}
