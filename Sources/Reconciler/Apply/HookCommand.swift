/// One command of a lifecycle hook as the marker stores it: a shell string, an argument vector, or
/// named commands run in parallel.
public struct HookCommand: Sendable, Hashable, Codable {
    /// The name of an entry of the parallel form.
    public var name: String?
    public var shell: String?
    public var exec: [String]?
    public var parallel: [HookCommand]?

    public init(name: String? = nil, shell: String? = nil, exec: [String]? = nil, parallel: [HookCommand]? = nil) {
        self.name = name
        self.shell = shell
        self.exec = exec
        self.parallel = parallel
    }
}
