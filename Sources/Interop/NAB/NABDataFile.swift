import Foundation
import Telemetry

/// A NAB data file's rows as text (for verbatim output) and values.
public struct NABDataFile: Sendable {
    /// Timestamps as written.
    public var timestamps: [String]
    /// Values as written (echoed verbatim into results files).
    public var valueTexts: [String]
    /// Values.
    public var values: [Double]

    /// Reads `timestamp,value` rows in file order.
    ///
    /// - Throws: `DataError` naming the file and line for a missing file, a header without both
    ///   columns, a wrong field count or a value that is not a number.
    public static func read(_ url: URL) throws -> NABDataFile {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError("\(url.path): cannot read the data file")
        }
        // Split bytes, not a String: "\r\n" is one Character, so a String split at "\n" misses it.
        let bytes = [UInt8](data)
        var out = NABDataFile(timestamps: [], valueTexts: [], values: [])
        var tsColumn = -1, valueColumn = -1, width = 0
        var lineNumber = 0
        for rawBytes in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            let lineBytes = rawBytes.last == 13 ? rawBytes.dropLast() : rawBytes
            if lineBytes.isEmpty { continue }
            let line = String(decoding: lineBytes, as: UTF8.self)
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if tsColumn < 0 {
                let names = fields.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF} \"")) }
                guard let t = names.firstIndex(of: "timestamp"), let v = names.firstIndex(of: "value") else {
                    throw DataError("\(url.path) line 1: header must hold 'timestamp' and 'value' columns")
                }
                tsColumn = t
                valueColumn = v
                width = fields.count
                continue
            }
            guard fields.count == width else {
                throw DataError("\(url.path) line \(lineNumber): \(fields.count) fields, the header has \(width)")
            }
            let vt = String(fields[valueColumn])
            guard let v = Double(vt) else {
                throw DataError("\(url.path) line \(lineNumber): value '\(vt)' is not a number")
            }
            out.timestamps.append(String(fields[tsColumn]))
            out.valueTexts.append(vt)
            out.values.append(v)
        }
        if tsColumn < 0 { throw DataError("\(url.path): empty file, no header") }
        return out
    }
}
