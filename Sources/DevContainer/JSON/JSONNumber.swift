/// A JSON number kept as written, so nothing is lost to binary floating point.
package struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal text (`42`, `-1.5e3`).
    package var literal: String

    package init(literal: String) { self.literal = literal }

    package var doubleValue: Double { Double(literal) ?? .nan }

    /// The value as an `Int` when the literal denotes an integer that fits (`3`, `3.0`, `3e2`).
    package var intValue: Int? {
        if let exact = Int(literal) { return exact }
        let double = doubleValue
        guard double.isFinite, double.rounded() == double, abs(double) < 9_007_199_254_740_992 else { return nil }
        return Int(double)
    }

    package var description: String { literal }
}
