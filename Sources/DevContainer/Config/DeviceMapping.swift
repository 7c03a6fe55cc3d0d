import Shared

/// `--device host[:container[:permissions]]`.
public struct DeviceMapping: Sendable, Hashable {
    public var hostPath: String
    public var containerPath: String
    /// Some of `rwm`.
    public var permissions: String

    public init(hostPath: String, containerPath: String, permissions: String = "rwm") {
        self.hostPath = hostPath
        self.containerPath = containerPath
        self.permissions = permissions
    }

    var canonical: JSONTree {
        .object([
            "hostPath": .string(hostPath), "containerPath": .string(containerPath), "permissions": .string(permissions),
        ])
    }
}
