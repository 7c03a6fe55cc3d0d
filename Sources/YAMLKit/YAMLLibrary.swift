internal import CLibYAML

/// The libyaml library YAMLKit runs on.
package enum YAMLLibrary {
    /// The version the loaded libyaml reports (`yaml_get_version_string`), for example `"0.2.5"`.
    package static var version: String { String(cString: yaml_get_version_string()) }
}
