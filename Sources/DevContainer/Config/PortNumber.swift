enum PortNumber {
    static func parse(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 5, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
            let value = Int(text), (1...65535).contains(value)
        else { return nil }
        return value
    }
}
