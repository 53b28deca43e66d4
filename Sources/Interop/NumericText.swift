import Foundation

/// Fast reading of comma-separated numeric text (SMD rows, label columns): whole file as bytes,
/// numbers parsed in place, errors naming the file and line.
enum NumericText {
    /// The file's lines as byte ranges (a final newline is optional; `\r` is dropped).
    static func lines(_ data: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for i in 0..<data.count where data[i] == 0x0A {
            var end = i
            if end > start && data[end - 1] == 0x0D { end -= 1 }
            out.append(start..<end)
            start = i + 1
        }
        if start < data.count { out.append(start..<data.count) }
        return out
    }

    /// Parses the comma-separated doubles of one line into `out` (appending).
    ///
    /// - Throws: `InteropError` naming `path` and `lineNumber` on an empty or non-numeric field.
    static func parseRow(_ data: [UInt8], _ range: Range<Int>, into out: inout [Double], path: String, lineNumber: Int) throws {
        var fieldStart = range.lowerBound
        var i = range.lowerBound
        while i <= range.upperBound {
            if i == range.upperBound || data[i] == 0x2C {
                guard i > fieldStart else { throw InteropError(path: path, line: lineNumber, message: "empty field") }
                let v: Double? = data.withUnsafeBufferPointer { buf in
                    let bytes = UnsafeBufferPointer(rebasing: buf[fieldStart..<i])
                    return Double(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces))
                }
                guard let v else {
                    let text = String(decoding: data[fieldStart..<i], as: UTF8.self)
                    throw InteropError(path: path, line: lineNumber, message: "'\(text)' is not a number")
                }
                out.append(v)
                fieldStart = i + 1
            }
            i += 1
        }
    }

    /// Reads a file's bytes.
    static func read(_ url: URL) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InteropError(path: url.path, message: "cannot read the file", isUsageError: !FileManager.default.fileExists(atPath: url.path))
        }
        return [UInt8](data)
    }
}
