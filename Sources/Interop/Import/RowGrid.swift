import Foundation
import Telemetry

/// The repairs every importer shares, on rows held time-major: sort by time, merge rows that share a timestamp,
/// and put the rows on a regular grid with NaN rows for missing steps (or keep them irregular), reporting each
/// step as an `ImportRepair`. The result is column-major, ready for a `Dataset`.
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

    /// Repairs `rowMajor` (`times.count` rows of `columns` values).
    ///
    /// - Parameters:
    ///   - times: each row's epoch ms, in file order.
    ///   - rowMajor: the values, row after row.
    ///   - columns: values per row.
    ///   - labels: per row 0/1 (a label column), or empty.
    ///   - lines: per row its 1-based line in `path` (for messages), or empty.
    ///   - path: the file named in errors.
    ///   - duplicates: how rows sharing a timestamp are merged.
    ///   - gaps: whether missing steps become NaN rows.
    /// - Throws: `InteropError` for a duplicate under `.error`, or a `.fill` that cannot be done.
    static func build(
        times inputTimes: [Int64], rowMajor inputValues: [Double], columns: Int, labels inputLabels: [UInt8] = [], lines: [Int] = [],
        path: String, duplicates: DuplicatePolicy, gaps: GapPolicy
    ) throws -> RowGrid {
        var times = inputTimes
        var values = inputValues
        var labels = inputLabels
        var lines = lines
        var repairs: [ImportRepair] = []
        let n = times.count
        func lineText(_ row: Int) -> String { row < lines.count ? " (first at line \(lines[row]))" : "" }
        // 1. Sort, stably.
        if let firstBack = (1..<max(n, 1)).first(where: { times[$0] < times[$0 - 1] }) {
            let order = (0..<n).sorted { (times[$0], $0) < (times[$1], $1) }
            var moved = 0
            for (k, i) in order.enumerated() where k != i { moved += 1 }
            var t2 = [Int64](repeating: 0, count: n)
            var v2 = [Double](repeating: 0, count: values.count)
            values.withUnsafeBufferPointer { src in
                v2.withUnsafeMutableBufferPointer { dst in
                    for (k, i) in order.enumerated() {
                        t2[k] = times[i]
                        for c in 0..<columns { dst[k * columns + c] = src[i * columns + c] }
                    }
                }
            }
            if !labels.isEmpty { labels = order.map { labels[$0] } }
            let firstLine = lineText(firstBack)
            if !lines.isEmpty { lines = order.map { lines[$0] } }
            times = t2
            values = v2
            repairs.append(ImportRepair(.sorted, "\(moved) of \(n) rows were out of time order\(firstLine); sorted by time (stable)"))
        }
        // 2. Merge rows sharing a timestamp.
        var duplicateRows = 0, duplicateTimes = 0
        var firstDuplicate: Int?
        var i = 1
        while i < times.count {
            if times[i] == times[i - 1] {
                if duplicates == .error {
                    throw InteropError(
                        path: path, line: i < lines.count ? lines[i] : nil,
                        message: "timestamp \(times[i]) ms repeats the previous row's (--duplicates last|first|mean merges them)")
                }
                if firstDuplicate == nil { firstDuplicate = i }
                duplicateTimes += 1
                break
            }
            i += 1
        }
        if firstDuplicate != nil {
            var outTimes: [Int64] = []
            var outValues: [Double] = []
            var outLabels: [UInt8] = []
            outTimes.reserveCapacity(times.count)
            outValues.reserveCapacity(values.count)
            var counts = [Int](repeating: 0, count: columns)
            duplicateTimes = 0
            var start = 0
            while start < times.count {
                var end = start + 1
                while end < times.count && times[end] == times[start] { end += 1 }
                if end - start > 1 {
                    duplicateTimes += 1
                    duplicateRows += end - start
                }
                for c in 0..<columns {
                    var chosen = Double.nan
                    switch duplicates {
                    case .last, .error:
                        for r in stride(from: end - 1, through: start, by: -1) where !values[r * columns + c].isNaN {
                            chosen = values[r * columns + c]
                            break
                        }
                    case .first:
                        for r in start..<end where !values[r * columns + c].isNaN {
                            chosen = values[r * columns + c]
                            break
                        }
                    case .mean:
                        var sum = 0.0
                        counts[c] = 0
                        for r in start..<end where !values[r * columns + c].isNaN {
                            sum += values[r * columns + c]
                            counts[c] += 1
                        }
                        if counts[c] > 0 { chosen = sum / Double(counts[c]) }
                    }
                    outValues.append(chosen)
                }
                if !labels.isEmpty { outLabels.append(labels[start..<end].max() ?? 0) }
                outTimes.append(times[start])
                start = end
            }
            repairs.append(
                ImportRepair(
                    .duplicatesMerged,
                    "\(duplicateTimes) timestamps were shared by \(duplicateRows) rows\(lineText(firstDuplicate ?? 0)); merged by policy '\(duplicates.rawValue)' (\(Self.describe(duplicates)))"
                ))
            times = outTimes
            values = outValues
            labels = outLabels
        }
        // 3. The usual step, and the grid.
        let rows = times.count
        var step: Int64 = 1_000
        var regular = true
        var missing = 0
        if rows >= 2 {
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
        let outRows = fill ? rows + missing : rows
        var columnMajor = [Double](repeating: .nan, count: outRows * columns)
        var outTimes = times
        var outLabels = labels
        values.withUnsafeBufferPointer { src in
            columnMajor.withUnsafeMutableBufferPointer { dst in
                if !fill {
                    for r in 0..<rows { for c in 0..<columns { dst[c * outRows + r] = src[r * columns + c] } }
                    return
                }
                outTimes = (0..<outRows).map { times[0] + Int64($0) * step }
                if !labels.isEmpty { outLabels = [UInt8](repeating: 0, count: outRows) }
                for r in 0..<rows {
                    let k = Int((times[r] - times[0]) / step)
                    for c in 0..<columns { dst[c * outRows + k] = src[r * columns + c] }
                    if !labels.isEmpty { outLabels[k] = labels[r] }
                }
            }
        }
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
