/// The gitspaces release number, in one place for every module: the CLI reports it, the state directory's
/// format file and the containers' labels name the release that wrote them, and `make` reads it from here.
package enum Release {
    /// The release number, for example `"0.1.0"`.
    package static let number = "0.1.0"
}
