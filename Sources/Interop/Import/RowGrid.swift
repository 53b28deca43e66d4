import Foundation
import Telemetry

/// The repairs every importer shares, on rows held time-major: sort by time, merge rows that share a timestamp,
/// and put the rows on a regular grid with NaN rows for missing steps (or keep them irregular), reporting each
/// step as an `ImportRepair`. Input and result are column-major (the result ready for a `Dataset`).
struct RowGrid {
    /// Epoch ms of each output row, non-decreasing (strictly increasing after merging).
    var timestamps: [Int64]
    /// The values, column-major.
    var frame: MetricFrame
    /// Per output row, the largest label of the rows merged into it (empty when the input had no labels).
    var labels: [UInt8]
    /// The usual step (the most common difference between consecutive rows), ms.
    var stepMs: Int64
    /// What was done.
    var repairs: [ImportRepair]

    /// Most values (rows × columns) a grid may hold after gap filling: 2³¹ doubles (16 GiB).
    static let maxCells = 1 << 31

    /// Repairs `rowMajor` (`times.count` rows of `columns` values): the values transposed to column-major, then
    /// `build(times:columnMajor:columns:labels:lines:path:duplicates:gaps:)`.
    ///
    /// - Throws: as the column-major form.
    static func build(
        times: [Int64], rowMajor: [Double], columns: Int, labels: [UInt8] = [], lines: [Int] = [], path: String,
        duplicates: DuplicatePolicy, gaps: GapPolicy
    ) throws -> RowGrid {
        let n = times.count
        var columnMajor = [Double](repeating: .nan, count: rowMajor.count)
        if n * columns == rowMajor.count {
            rowMajor.withUnsafeBufferPointer { src in
                columnMajor.withUnsafeMutableBufferPointer { dst in
                    for r in 0..<n { for c in 0..<columns { dst[c * n + r] = src[r * columns + c] } }
                }
            }
        }
        return try build(
            times: times, columnMajor: columnMajor, columns: columns, labels: labels, lines: lines, path: path, duplicates: duplicates, gaps: gaps)
    }

    /// Repairs `columnMajor` (`columns` columns of `times.count` values each).
    ///
    /// When the rows are already in time order, with no shared timestamps and no gap to fill, the values are
    /// handed to the frame as they are (no copy).
    ///
    /// - Parameters:
    ///   - times: each row's epoch ms, in file order.
    ///   - columnMajor: the values, column after column (`times.count` per column).
    ///   - columns: values per row.
    ///   - labels: per row 0/1 (a label column), or empty.
    ///   - lines: per row its 1-based line in `path` (for messages), or empty.
    ///   - path: the file named in errors.
    ///   - duplicates: how rows sharing a timestamp are merged.
    ///   - gaps: whether missing steps become NaN rows.
    /// - Throws: `InteropError` for a duplicate under `.error`, or a `.fill` that cannot be done.
    static func build(
        times inputTimes: [Int64], columnMajor inputValues: [Double], columns: Int, labels inputLabels: [UInt8] = [], lines: [Int] = [],
        path: String, duplicates: DuplicatePolicy, gaps: GapPolicy
    ) throws -> RowGrid {
        var times = inputTimes
        var values = inputValues
        var labels = inputLabels
        var lines = lines
        var repairs: [ImportRepair] = []
        let n = times.count
        guard values.count == n * columns else {
            throw InteropError(path: path, message: "\(values.count) values for \(n) rows × \(columns) columns (internal)")
        }
        func lineText(_ row: Int) -> String { row < lines.count ? " (first at line \(lines[row]))" : "" }
        // 1. Sort, stably.
        if let firstBack = (1..<max(n, 1)).first(where: { times[$0] < times[$0 - 1] }) {
            let order = (0..<n).sorted { (times[$0], $0) < (times[$1], $1) }
            var moved = 0
            for (k, i) in order.enumerated() where k != i { moved += 1 }
            var v2 = [Double](repeating: 0, count: values.count)
            values.withUnsafeBufferPointer { src in
                v2.withUnsafeMutableBufferPointer { dst in
                    for c in 0..<columns {
                        let base = c * n
                        for (k, i) in order.enumerated() { dst[base + k] = src[base + i] }
                    }
                }
            }
            if !labels.isEmpty { labels = order.map { labels[$0] } }
            let firstLine = lineText(firstBack)
            if !lines.isEmpty { lines = order.map { lines[$0] } }
            times = order.map { times[$0] }
            values = v2
            repairs.append(ImportRepair(.sorted, "\(moved) of \(n) rows were out of time order\(firstLine); sorted by time (stable)"))
        }
        // 2. Merge rows sharing a timestamp.
        var firstDuplicate: Int?
        var i = 1
        while i < times.count {
            if times[i] == times[i - 1] {
                if duplicates == .error {
                    throw InteropError(
                        path: path, line: i < lines.count ? lines[i] : nil,
                        message: "timestamp \(times[i]) ms repeats the previous row's (--duplicates last|first|mean merges them)")
                }
                firstDuplicate = i
                break
            }
            i += 1
        }
        if firstDuplicate != nil {
            // The groups of rows sharing a timestamp: group g is rows starts[g]..<starts[g + 1].
            var starts: [Int] = []
            var duplicateRows = 0, duplicateTimes = 0
            var start = 0
            while start < n {
                var end = start + 1
                while end < n && times[end] == times[start] { end += 1 }
                if end - start > 1 {
                    duplicateTimes += 1
                    duplicateRows += end - start
                }
                starts.append(start)
                start = end
            }
            starts.append(n)
            let groups = starts.count - 1
            var outValues = [Double](repeating: .nan, count: groups * columns)
            values.withUnsafeBufferPointer { src in
                outValues.withUnsafeMutableBufferPointer { dst in
                    for c in 0..<columns {
                        let col = c * n
                        for g in 0..<groups {
                            let (a, b) = (starts[g], starts[g + 1])
                            var chosen = Double.nan
                            switch duplicates {
                            case .last, .error:
                                for r in stride(from: b - 1, through: a, by: -1) where !src[col + r].isNaN {
                                    chosen = src[col + r]
                                    break
                                }
                            case .first:
                                for r in a..<b where !src[col + r].isNaN {
                                    chosen = src[col + r]
                                    break
                                }
                            case .mean:
                                var sum = 0.0
                                var count = 0
                                for r in a..<b where !src[col + r].isNaN {
                                    sum += src[col + r]
                                    count += 1
                                }
                                if count > 0 { chosen = sum / Double(count) }
                            }
                            dst[c * groups + g] = chosen
                        }
                    }
                }
            }
            if !labels.isEmpty { labels = (0..<groups).map { labels[starts[$0]..<starts[$0 + 1]].max() ?? 0 } }
            repairs.append(
                ImportRepair(
                    .duplicatesMerged,
                    "\(duplicateTimes) timestamps were shared by \(duplicateRows) rows\(lineText(firstDuplicate ?? 0)); merged by policy '\(duplicates.rawValue)' (\(Self.describe(duplicates)))"
                ))
            times = (0..<groups).map { times[starts[$0]] }
            values = outValues
        }
        // 3. The usual step, and the grid.
        let rows = times.count
        var step: Int64 = 1_000
        var regular = true
        var missing = 0
        let uniform = rows >= 2 && (2..<max(rows, 2)).allSatisfy { times[$0] - times[$0 - 1] == times[1] - times[0] }
        if uniform {
            step = times[1] - times[0]
        } else if rows >= 2 {
            var counts: [Int64: Int] = [:]
            for r in 1..<rows { counts[times[r] - times[r - 1], default: 0] += 1 }
            step = counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 1_000
            for r in 1..<rows {
                let d = times[r] - times[r - 1]
                if d % step != 0 {
                    regular = false
                    break
                }
                let (add, overflow) = (d / step - 1).multipliedReportingOverflow(by: 1)
                if overflow || add > Int64(Self.maxCells) { missing = Self.maxCells } else { missing = min(Self.maxCells, missing + Int(add)) }
            }
        }
        let fits = (rows + missing) * max(columns, 1) <= Self.maxCells
        var fill = false
        switch gaps {
        case .keep: fill = false
        case .fill:
            guard regular else {
                throw InteropError(
                    path: path, message: "--gaps fill: the steps are mixed (not all multiples of \(step) ms), so there is no grid to fill")
            }
            guard fits else {
                throw InteropError(path: path, message: "--gaps fill: filling \(missing) missing steps would exceed \(Self.maxCells) values")
            }
            fill = missing > 0
        case .auto: fill = regular && missing > 0 && missing <= rows && fits
        }
        if missing > 0 || !regular {
            if fill {
                repairs.append(ImportRepair(.gapsFilled, "\(missing) missing steps of \(step) ms were added as rows of NaN"))
            } else if !regular {
                repairs.append(
                    ImportRepair(.irregularKept, "steps are mixed (not all multiples of the usual \(step) ms); rows keep their own timestamps"))
            } else {
                repairs.append(
                    ImportRepair(
                        .irregularKept,
                        "\(missing) missing steps of \(step) ms were not filled (more than the \(rows) rows present; --gaps fill fills them); rows keep their own timestamps"
                    ))
            }
        }
        guard fill else {
            let frame = try MetricFrame(rows: rows, columns: columns, columnMajor: values)
            return RowGrid(timestamps: times, frame: frame, labels: labels, stepMs: step, repairs: repairs)
        }
        let outRows = rows + missing
        var columnMajor = [Double](repeating: .nan, count: outRows * columns)
        let outTimes = (0..<outRows).map { times[0] + Int64($0) * step }
        var outLabels = labels.isEmpty ? [] : [UInt8](repeating: 0, count: outRows)
        let slot = times.map { Int(($0 - times[0]) / step) }
        values.withUnsafeBufferPointer { src in
            columnMajor.withUnsafeMutableBufferPointer { dst in
                for c in 0..<columns {
                    for r in 0..<rows { dst[c * outRows + slot[r]] = src[c * rows + r] }
                }
            }
        }
        if !labels.isEmpty { for r in 0..<rows { outLabels[slot[r]] = labels[r] } }
        let frame = try MetricFrame(rows: outRows, columns: columns, columnMajor: columnMajor)
        return RowGrid(timestamps: outTimes, frame: frame, labels: outLabels, stepMs: step, repairs: repairs)
    }

    static func describe(_ p: DuplicatePolicy) -> String {
        switch p {
        case .last: return "per series the last row's value that is not missing"
        case .first: return "per series the first row's value that is not missing"
        case .mean: return "per series the mean of the rows' values that are not missing"
        case .error: return "refuse"
        }
    }
}
