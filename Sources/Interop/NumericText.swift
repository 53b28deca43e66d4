import Foundation
import Telemetry

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
    /// Each field is copied into a small NUL-terminated scratch buffer and read with `strtod`, which
    /// must consume the whole field: no per-field `String`.
    ///
    /// - Throws: `InteropError` naming `path` and `lineNumber` on an empty or non-numeric field.
    static func parseRow(_ data: [UInt8], _ range: Range<Int>, into out: inout [Double], path: String, lineNumber: Int) throws {
        var scratch = [CChar](repeating: 0, count: 64)
        var fieldStart = range.lowerBound
        var i = range.lowerBound
        while i <= range.upperBound {
            if i == range.upperBound || data[i] == 0x2C {
                // Trim spaces around the field.
                var a = fieldStart, b = i
                while a < b && data[a] == 0x20 { a += 1 }
                while b > a && data[b - 1] == 0x20 { b -= 1 }
                guard b > a else { throw InteropError(path: path, line: lineNumber, message: "empty field") }
                let n = b - a
                let v: Double? =
                    n < scratch.count
                    ? scratch.withUnsafeMutableBufferPointer { buf -> Double? in
                        guard let base = buf.baseAddress else { return nil }
                        for k in 0..<n { buf[k] = CChar(bitPattern: data[a + k]) }
                        buf[n] = 0
                        var end: UnsafeMutablePointer<CChar>?
                        let x = strtod(base, &end)
                        guard let end, end - base == n else { return nil }
                        return x
                    } : nil
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
        do {
            return [UInt8](try RegularFile.read(url.path))
        } catch TelemetryError.missingFile {
            throw InteropError(path: url.path, message: "cannot read the file", isUsageError: true)
        } catch let TelemetryError.io(_, reason) {
            // Not a regular file (a FIFO would block forever), or an I/O failure.
            throw InteropError(path: url.path, message: "cannot read the file: \(reason)")
        }
    }
}
