import Shared

/// `--device host[:container[:permissions]]`.
package struct DeviceMapping: Sendable, Hashable {
    package var hostPath: String
    package var containerPath: String
    /// Some of `rwm`.
    package var permissions: String

    package init(hostPath: String, containerPath: String, permissions: String = "rwm") {
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
