import Shared

/// `--ulimit name=soft[:hard]`.
package struct Ulimit: Sendable, Hashable {
    package var name: String
    package var soft: Int64
    package var hard: Int64

    package init(name: String, soft: Int64, hard: Int64) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }

    var canonical: JSONTree {
        .object(["name": .string(name), "soft": .number(String(soft)), "hard": .number(String(hard))])
    }
}
