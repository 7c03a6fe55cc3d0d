extension FeatureInstallOrder {
    /// The reference's round comparator. Different kinds of source: by the reference as written. OCI: by
    /// registry and namespace, then by id (equal when the two share an id or `legacyIds` entry), then by tag
    /// (as text: `1.10` before `1.9`), then options, then digest. Local: by folder, then options. Tarball: by
    /// URL, then options.
    package static func compare(_ a: FeatureInstance, _ b: FeatureInstance) -> Int {
        switch (a.reference.kind, b.reference.kind) {
        case (
            .oci(let registryA, let namespaceA, let nameA, let versionA),
            .oci(let registryB, let namespaceB, let nameB, let versionB)
        ):
            let options = compareOptions(a.request.value, b.request.value)
            if case .digest(let digestA) = versionA, case .digest(let digestB) = versionB, digestA == digestB,
                options == 0
            {
                return 0
            }
            let scopeA = "\(registryA)/\(namespaceA)"
            let scopeB = "\(registryB)/\(namespaceB)"
            if scopeA != scopeB { return localeCompare(scopeA, scopeB) }
            let aliasesA = [a.metadata.id] + a.metadata.legacyIds
            let aliasesB = [b.metadata.id] + b.metadata.legacyIds
            let name = aliasesA.contains(where: aliasesB.contains) ? 0 : localeCompare(nameA, nameB)
            if name != 0 { return name }
            if case .tag(let tagA) = versionA, case .tag(let tagB) = versionB, tagA != tagB {
                return localeCompare(tagA, tagB)
            }
            if options != 0 { return options }
            switch (versionA, versionB) {
            case (.digest(let digestA), .digest(let digestB)): return localeCompare(digestA, digestB)
            // The reference compares the manifest digests a tag resolves to, unknown here.
            case (.tag, .digest): return -1
            case (.digest, .tag): return 1
            case (.tag, .tag): return 0
            }
        case (.local(let pathA), .local(let pathB)):
            let path = localeCompare(pathA, pathB)
            return path != 0 ? path : compareOptions(a.request.value, b.request.value)
        case (.tarball(let urlA), .tarball(let urlB)):
            let url = localeCompare(urlA, urlB)
            return url != 0 ? url : compareOptions(a.request.value, b.request.value)
        default:
            return localeCompare(a.reference.written, b.reference.written)
        }
    }

    /// The reference's order of two option values as written: version strings as text, `false` before
    /// `true`, objects by their number of options, then by sorted names and their string or boolean values
    /// (values of different types count as equal); different types by JavaScript type name.
    static func compareOptions(_ a: JSONValue, _ b: JSONValue) -> Int {
        switch (a.kind, b.kind) {
        case (.string(let x), .string(let y)): return localeCompare(x, y)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : x ? 1 : -1
        case (.object(let x), .object(let y)):
            let valuesA = Dictionary(x.map { ($0.key, $0.value.kind) }, uniquingKeysWith: { $1 })
            let valuesB = Dictionary(y.map { ($0.key, $0.value.kind) }, uniquingKeysWith: { $1 })
            if valuesA.count != valuesB.count { return valuesA.count < valuesB.count ? -1 : 1 }
            let byCodeUnits: (String, String) -> Bool = { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (keyA, keyB) in zip(valuesA.keys.sorted(by: byCodeUnits), valuesB.keys.sorted(by: byCodeUnits)) {
                if keyA != keyB { return localeCompare(keyA, keyB) }
                switch (valuesA[keyA], valuesB[keyB]) {
                case (.string(let x), .string(let y)):
                    let order = localeCompare(x, y)
                    if order != 0 { return order }
                case (.bool(let x), .bool(let y)) where x != y:
                    return x ? 1 : -1
                default: continue
                }
            }
            return 0
        default:
            let typeA = javaScriptType(a)
            let typeB = javaScriptType(b)
            return typeA == typeB ? 0 : localeCompare(typeA, typeB)
        }
    }

    static func javaScriptType(_ value: JSONValue) -> String {
        switch value.kind {
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .null, .array, .object: "object"
        }
    }

    /// `items` sorted as JavaScript's `Array.prototype.sort` in V8 sorts a short array: the leading run (a
    /// strictly descending one reversed), then binary insertion of the rest. The result equals any stable
    /// sort when `order` is consistent, and matches the reference where it is not (mixed kinds of source).
    static func sortedLikeTheReference<T>(_ items: [T], by order: (T, T) -> Int) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        var run = 2
        let descending = order(items[1], items[0]) < 0
        while run < items.count {
            let step = order(items[run], items[run - 1])
            if descending ? step >= 0 : step < 0 { break }
            run += 1
        }
        if descending { items[0..<run].reverse() }
        for start in run..<items.count {
            let pivot = items[start]
            var low = 0
            var high = start
            while low < high {
                let middle = low + (high - low) / 2
                if order(pivot, items[middle]) < 0 { high = middle } else { low = middle + 1 }
            }
            items.remove(at: start)
            items.insert(pivot, at: low)
        }
        return items
    }

    /// An approximation of JavaScript's `localeCompare` (ICU root collation) for the ASCII identifiers
    /// features use: punctuation before digits before letters, letters case-insensitive first, then
    /// lowercase before uppercase.
    static func localeCompare(_ a: String, _ b: String) -> Int {
        let punctuation = Array("_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$")
        func key(_ character: Character) -> (Int, Int) {
            if let index = punctuation.firstIndex(of: character) { return (0, index) }
            if character.isNumber { return (1, Int(character.asciiValue ?? 0)) }
            if character.isLetter { return (2, Int(Character(character.lowercased()).asciiValue ?? 0)) }
            return (3, Int(character.unicodeScalars.first?.value ?? 0))
        }
        for (x, y) in zip(a, b) where key(x) != key(y) { return key(x) < key(y) ? -1 : 1 }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x.isLowercase ? -1 : 1 }
        return 0
    }
}
