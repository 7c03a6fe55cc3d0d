import Shared

/// `--ulimit name=soft[:hard]`.
public struct Ulimit: Sendable, Hashable {
    public var name: String
    public var soft: Int64
    public var hard: Int64

    public init(name: String, soft: Int64, hard: Int64) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }

    var canonical: JSONTree {
        .object(["name": .string(name), "soft": .number(String(soft)), "hard": .number(String(hard))])
    }
}
