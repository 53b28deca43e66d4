import Foundation
import Telemetry

/// Score files computed outside Faultline: float64 `.npy` (one score per row, or rows × series whose
/// per-row maximum is the score) and `timestamp,score` CSV checked row by row against a dataset's
/// timestamps. Used by `faultline score` and by external models' output.
public enum ScoreFile {
    /// Reads a score file and checks it row by row against the dataset's timestamps.
    public static func read(_ path: String, timestamps: [Int64]) throws -> [Double] {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no scores file at '\(path)'") }
        if path.hasSuffix(".npy") { return try readNPY(url, rows: timestamps.count) }
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError("cannot read '\(path)'") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
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
                throw DataError("unreadable timestamp '\(cells[tCol])' (\(path):\(lineNo))")
            }
            guard t == timestamps[row] else {
                throw DataError(
                    "timestamp \(t) does not match the dataset's row \(row) at \(timestamps[row]) (\(path):\(lineNo))",
                    hint: "one score per dataset row, in the dataset's order")
            }
            guard let s = Double(cells[sCol].trimmingCharacters(in: .whitespaces)), s.isFinite else {
                throw DataError("score '\(cells[sCol])' is not a finite number (\(path):\(lineNo))")
            }
            scores.append(s)
        }
        guard scores.count == timestamps.count else {
            throw DataError("\(scores.count) score rows for the dataset's \(timestamps.count) rows (\(path))")
        }
        return scores
    }

    /// Epoch milliseconds, or an ISO-8601 UTC time.
    static func parseTimestamp(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let ms = Int64(t) { return ms }
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
            let m = try NPYFile.readDoubles(at: url, shape: header.shape, fortranOrder: header.fortranOrder)
            // The per-row score is the maximum over the series, in either storage order.
            let cols = header.shape[1]
            let at: (Int, Int) -> Double = header.fortranOrder ? { r, c in m[c * rows + r] } : { r, c in m[r * cols + c] }
            values = (0..<rows).map { r in (0..<cols).map { at(r, $0) }.max() ?? 0 }
        default:
            throw DataError("output must be 1-D or 2-D, found shape \(header.shape) (\(url.path))")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DataError("output row \(bad) is \(values[bad]) (\(url.path))")
        }
        return values
    }
}
