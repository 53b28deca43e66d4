import Foundation
import Telemetry

/// Reads the two CSV shapes of a NAB corpus fast: a data file (`timestamp,value`) and a detector's
/// results file (`timestamp,…,anomaly_score,…`). The whole file is read as bytes and scanned once;
/// fields are located by comma positions, never split into `String`s. Rows keep file order, even where
/// timestamps repeat or step back.
public enum NABCSVReader {
    /// Row timestamps (epoch ms) of a data file.
    ///
    /// - Throws: `DataError` naming the file and line for a missing file, a header without `timestamp`,
    ///   a wrong number of fields or an unreadable timestamp.
    public static func timestamps(of url: URL) throws -> [Int64] {
        var out: [Int64] = []
        try scan(url, required: ["timestamp"]) { p, fields, line, columns in
            let tsField = columns[0]
            guard let t = NABText.timestamp(p, fields[2 * tsField], fields[2 * tsField + 1]) else {
                throw DataError(
                    "\(url.path) line \(line): timestamp '\(NABText.snippet(p, fields[2 * tsField], fields[2 * tsField + 1]))' is not YYYY-MM-DD HH:MM:SS"
                )
            }
            out.append(t)
        }
        return out
    }

    /// The `anomaly_score` column of a results file, checked row by row against the data file's
    /// timestamps.
    ///
    /// - Throws: `DataError` naming the file and line for a missing file or column, a wrong number of
    ///   fields, a row count or timestamp that differs from the data file, or a score that is not a
    ///   number, NaN, infinite or outside [0, 1].
    /// - Parameter clip: clip finite scores outside [0, 1] into it instead of failing; `clipped` counts them.
    public static func scores(
        of url: URL, expecting timestamps: [Int64], dataFile: URL, clip: Bool = false,
        clipped: inout Int
    ) throws -> [Double] {
        var out: [Double] = []
        var clippedHere = 0
        out.reserveCapacity(timestamps.count)
        try scan(url, required: ["timestamp", "anomaly_score"]) { p, fields, line, columns in
            let row = out.count
            guard row < timestamps.count else {
                throw DataError("\(url.path) line \(line): more rows than the data file \(dataFile.path) (\(timestamps.count))")
            }
            let tc = columns[0], sc = columns[1]
            let t = NABText.timestamp(p, fields[2 * tc], fields[2 * tc + 1])
            guard t == timestamps[row] else {
                throw DataError(
                    "\(url.path) line \(line): timestamp '\(NABText.snippet(p, fields[2 * tc], fields[2 * tc + 1]))' does not match row \(row + 1) of \(dataFile.path)"
                )
            }
            guard let v = NABText.number(p, fields[2 * sc], fields[2 * sc + 1]) else {
                throw DataError("\(url.path) line \(line): anomaly_score '\(NABText.snippet(p, fields[2 * sc], fields[2 * sc + 1]))' is not a number")
            }
            guard v.isFinite else { throw DataError("\(url.path) line \(line): anomaly_score is \(v), not a finite number") }
            guard v >= 0 && v <= 1 else {
                if clip { clippedHere += 1; out.append(min(max(v, 0), 1)); return }
                throw DataError(
                    "\(url.path) line \(line): anomaly_score \(v) is outside [0, 1]",
                    hint: "NAB scores must lie in [0, 1]; --clip-scores clips them (and says so)")
            }
            out.append(v)
        }
        clipped += clippedHere
        guard out.count == timestamps.count else {
            throw DataError("\(url.path): \(out.count) rows, but the data file \(dataFile.path) has \(timestamps.count)")
        }
        return out
    }

    /// Reads `url`, checks the header holds every `required` column, then calls `row` for each data
    /// line with the bytes, the `[start, end)` offsets of every field (flattened pairs), the 1-based line
    /// number and the indices of the required columns.
    private static func scan(
        _ url: URL, required: [String],
        row: (UnsafeRawBufferPointer, [Int], Int, [Int]) throws -> Void
    ) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DataError("\(url.path): cannot read the file (\(FileManager.default.fileExists(atPath: url.path) ? "unreadable" : "missing"))")
        }
        try data.withUnsafeBytes { (p: UnsafeRawBufferPointer) in
            let n = p.count
            var pos = 0
            var line = 0
            var fields: [Int] = []
            var columns: [Int] = []
            var width = 0
            while pos < n {
                line += 1
                var end = pos
                while end < n && p[end] != 10 { end += 1 }
                let next = end + 1
                var lineEnd = end
                if lineEnd > pos && p[lineEnd - 1] == 13 { lineEnd -= 1 }
                if lineEnd == pos {
                    // Tolerate blank lines only at the very end of the file.
                    var rest = next
                    while rest < n && (p[rest] == 10 || p[rest] == 13) { rest += 1 }
                    if rest >= n { break }
                    throw DataError("\(url.path) line \(line): empty line")
                }
                fields.removeAll(keepingCapacity: true)
                var s = pos
                for i in pos..<lineEnd where p[i] == 44 {
                    fields.append(s); fields.append(i)
                    s = i + 1
                }
                fields.append(s); fields.append(lineEnd)
                if line == 1 {
                    let names = stride(from: 0, to: fields.count, by: 2).map { k in
                        String(decoding: UnsafeRawBufferPointer(rebasing: p[fields[k]..<fields[k + 1]]), as: UTF8.self)
                            .trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF} \""))
                    }
                    width = names.count
                    for r in required {
                        guard let idx = names.firstIndex(of: r) else {
                            throw DataError("\(url.path) line 1: no '\(r)' column in header \(names.joined(separator: ","))")
                        }
                        columns.append(idx)
                    }
                } else {
                    guard fields.count / 2 == width else {
                        throw DataError("\(url.path) line \(line): \(fields.count / 2) fields, the header has \(width)")
                    }
                    try row(p, fields, line, columns)
                }
                pos = next
            }
            if line == 0 { throw DataError("\(url.path): empty file, no header") }
        }
    }
}
