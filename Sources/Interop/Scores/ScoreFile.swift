import Foundation
import Telemetry

/// Score files computed outside Faultline: float64 `.npy` (one score per row, or rows × series whose
/// per-row maximum is the score) and `timestamp,score` CSV checked row by row against a dataset's
/// timestamps. Used by `faultline score` and by external models' output.
public enum ScoreFile {
    /// Reads a score file and checks it row by row against the dataset's timestamps.
    ///
    /// - Throws: `UsageError` when nothing is at `path`; `DataError` naming the file (and line, row or column)
    ///   for a file that is not a regular file, or whose content does not fit the dataset.
    public static func read(_ path: String, timestamps: [Int64]) throws -> [Double] {
        let url = URL(fileURLWithPath: path)
        do {
            // A FIFO or directory is refused before it is opened for reading (it would block or fail oddly).
            _ = try RegularFile.size(path)
        } catch TelemetryError.missingFile {
            throw UsageError("no scores file at '\(path)'")
        } catch let TelemetryError.io(_, reason) {
            throw DataError("cannot read the scores file: \(reason) (\(path))")
        }
        if path.hasSuffix(".npy") { return try readNPY(url, rows: timestamps.count) }
        let data: Data
        do { data = try RegularFile.read(path) } catch { throw DataError("cannot read the scores file: \(error)") }
        return try readCSV(data, path: path, timestamps: timestamps)
    }

    /// Parses `timestamp,score` CSV text (a UTF-8 byte-order mark and CRLF line ends are accepted) and checks
    /// it row by row against the dataset's timestamps.
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - path: the file named in errors.
    ///   - timestamps: the dataset's row timestamps.
    /// - Throws: `DataError` naming the file and line.
    public static func readCSV(_ data: Data, path: String, timestamps: [Int64]) throws -> [Double] {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Lines split on the bytes (in a Swift String "\r\n" is one character and would not split at "\n").
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            Substring(String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
        }
        guard let header = lines.first?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }),
            let tCol = header.firstIndex(of: "timestamp")
        else {
            throw DataError("the first line must be a header with a 'timestamp' column (\(path):1)")
        }
        guard let sCol = header.firstIndex(where: { $0 == "score" || $0 == "anomaly_score" }) ?? (header.count == 2 ? 1 - tCol : nil) else {
            throw DataError("no 'score' column in the header (\(path):1)")
        }
        var scores: [Double] = []
        scores.reserveCapacity(timestamps.count)
        for (i, raw) in lines.dropFirst().enumerated() {
            let lineNo = i + 2
            if raw.isEmpty && i == lines.count - 2 { break }
            let cells = raw.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count else {
                throw DataError("expected \(header.count) fields, found \(cells.count) (\(path):\(lineNo))")
            }
            let row = scores.count
            guard row < timestamps.count else { throw DataError("more score rows than the dataset's \(timestamps.count) rows (\(path):\(lineNo))") }
            guard let t = parseTimestamp(String(cells[tCol])) else {
                throw DataError("unreadable timestamp '\(Self.shown(cells[tCol]))' (\(path):\(lineNo))")
            }
            guard t == timestamps[row] else {
                throw DataError(
                    "timestamp \(t) does not match the dataset's row \(row) at \(timestamps[row]) (\(path):\(lineNo))",
                    hint: "one score per dataset row, in the dataset's order")
            }
            guard let s = Double(cells[sCol].trimmingCharacters(in: .whitespaces)), s.isFinite else {
                throw DataError("score '\(Self.shown(cells[sCol]))' is not a finite number (\(path):\(lineNo))")
            }
            scores.append(s)
        }
        guard scores.count == timestamps.count else {
            throw DataError("\(scores.count) score rows for the dataset's \(timestamps.count) rows (\(path))")
        }
        return scores
    }

    /// A cell as quoted in a message: at most 40 characters.
    static func shown(_ cell: Substring) -> String { cell.count > 40 ? String(cell.prefix(40)) + "…" : String(cell) }

    /// Epoch milliseconds, or an ISO-8601 UTC time.
    static func parseTimestamp(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let ms = Int64(t) { return ms }
        guard t.count <= 40 else { return nil }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: t) { return Int64((d.timeIntervalSince1970 * 1000).rounded()) }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: t) { return Int64((d.timeIntervalSince1970 * 1000).rounded()) }
        return nil
    }

    /// Reads a score file: float64 `.npy`, 1-D with one score per row, or 2-D rows × series.
    ///
    /// - Throws: `DataError` naming the file and the first bad row.
    public static func readNPY(_ url: URL, rows: Int) throws -> [Double] {
        let header: NPYHeader
        do { header = try NPYFile.readHeader(at: url).header } catch { throw DataError("malformed output: \(error)") }
        guard header.dtype == .float64 else { throw DataError("output dtype is \(header.dtype.rawValue), expected float64 (\(url.path))") }
        let values: [Double]
        switch header.shape.count {
        case 1:
            guard header.shape[0] == rows else { throw DataError("output has \(header.shape[0]) scores for \(rows) rows (\(url.path))") }
            values = try NPYFile.readDoubles(at: url, shape: header.shape, fortranOrder: header.fortranOrder)
        case 2:
            guard header.shape[0] == rows else { throw DataError("output has \(header.shape[0]) rows, expected \(rows) (\(url.path))") }
            let cols = header.shape[1]
            guard cols > 0 || rows == 0 else {
                throw DataError("output has shape (\(rows), 0): no score columns (\(url.path))", hint: "write one score per row, or rows × series")
            }
            let m = try NPYFile.readDoubles(at: url, shape: header.shape, fortranOrder: header.fortranOrder)
            // The per-row score is the maximum over the series, in either storage order; every cell must be
            // finite (a NaN would otherwise vanish into the maximum).
            let at: (Int, Int) -> Double = header.fortranOrder ? { r, c in m[c * rows + r] } : { r, c in m[r * cols + c] }
            var maxima = [Double](repeating: 0, count: rows)
            for r in 0..<rows {
                var best = -Double.infinity
                for c in 0..<cols {
                    let v = at(r, c)
                    guard v.isFinite else { throw DataError("output row \(r), column \(c) is \(v) (\(url.path))") }
                    best = Swift.max(best, v)
                }
                maxima[r] = best
            }
            values = maxima
        default:
            throw DataError("output must be 1-D or 2-D, found shape \(header.shape) (\(url.path))")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DataError("output row \(bad) is \(values[bad]) (\(url.path))")
        }
        return values
    }
}
