/// Property paths as used in messages: `build.args.NODE`, `mounts[2]`.
enum JSONPath {
    static func member(_ key: String, of parent: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    static func element(_ index: Int, of parent: String) -> String {
        "\(parent)[\(index)]"
    }
}
