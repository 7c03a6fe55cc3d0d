import Foundation

/// The engine's timestamps: RFC 3339 with up to nine fractional digits; year 1 means "never".
enum EngineDate {
    static func parse(_ string: String) -> Date? {
        guard !string.isEmpty, !string.hasPrefix("0001-01-01") else { return nil }
        var whole = string
        var fraction = 0.0
        if let dot = string.firstIndex(of: ".") {
            let digitsEnd = string[dot...].dropFirst().firstIndex { !$0.isNumber } ?? string.endIndex
            fraction = Double("0" + string[dot..<digitsEnd]) ?? 0
            whole = String(string[..<dot] + string[digitsEnd...])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: whole).map { $0.addingTimeInterval(fraction) }
    }
}
