/// One command of a lifecycle hook as the marker stores it: a shell string, an argument vector, or
/// named commands run in parallel.
package struct HookCommand: Sendable, Hashable, Codable {
    /// The name of an entry of the parallel form.
    package var name: String?
    package var shell: String?
    package var exec: [String]?
    package var parallel: [HookCommand]?

    package init(name: String? = nil, shell: String? = nil, exec: [String]? = nil, parallel: [HookCommand]? = nil) {
        self.name = name
        self.shell = shell
        self.exec = exec
        self.parallel = parallel
    }
}
