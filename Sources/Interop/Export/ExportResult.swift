import Foundation

/// The files an exporter produced (relative paths and contents) and what it could not carry over.
public struct ExportResult: Sendable {
    /// Relative path → bytes, in writing order.
    public var files: [(path: String, bytes: [UInt8])]
    /// What the format cannot hold and was left out or changed (reported by `faultline export`).
    public var notes: [String]

    /// Creates a result.
    public init(files: [(path: String, bytes: [UInt8])], notes: [String]) {
        self.files = files
        self.notes = notes
    }
}
