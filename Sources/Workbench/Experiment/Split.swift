import Telemetry

/// Where a dataset's training part ends and what the scored part's labels are.
struct SplitPlan: Sendable {
    /// Rows `0..<trainRows` are fault-free training data.
    var trainRows: Int
    /// Fault windows `[start, end]` (epoch ms, inclusive) with their fault, in start order.
    var faultWindows: [(window: ClosedRange<Int64>, fault: FaultRecord)]
    /// Benign changes overlapping the scored part.
    var benign: [BenignChange]

    /// Works out the split of `dataset` for `split`.
    ///
    /// - Throws: `DataError` when the training part would be empty or too short, or would hold a fault.
    static func make(_ dataset: Dataset, _ split: ExperimentSpec.Split) throws -> SplitPlan {
        let ts = dataset.timestamps
        guard let first = ts.first else { throw DataError("dataset '\(dataset.info.name)' has no rows") }
        let faults = dataset.groundTruth.faults.sorted { $0.injectionStartMs < $1.injectionStartMs }
        let firstFault = faults.first?.injectionStartMs
        let trainEnd: Int64
        switch split {
        case let .leadingFaultFree(marginMinutes):
            guard let firstFault else {
                throw DataError(
                    "dataset '\(dataset.info.name)' has no faults, so a leading fault-free split is the whole run",
                    hint: "use `split: {train: leading-hours, hours: H}`")
            }
            trainEnd = firstFault - Int64(marginMinutes * 60_000)
        case .declared:
            guard let declared = dataset.info.trainRows, declared > 0, declared < ts.count else {
                throw DataError("dataset '\(dataset.info.name)' declares no training rows", hint: "use `split: {train: leading-fault-free}`")
            }
            trainEnd = ts[declared]
            if let firstFault, firstFault < trainEnd {
                throw DataError("the declared training rows of '\(dataset.info.name)' hold fault '\(faults[0].id)'")
            }
        case let .leadingHours(hours):
            trainEnd = first + Int64(hours * 3_600_000)
            if let firstFault, firstFault < trainEnd {
                throw DataError("the first \(hours) h of '\(dataset.info.name)' hold fault '\(faults[0].id)'", hint: "shorten split.hours")
            }
        case .auto:
            if let declared = dataset.info.trainRows, declared > 0, declared < ts.count {
                trainEnd = ts[declared]
            } else {
                let day: Int64 = 86_400_000
                let span = (ts.last ?? first) - first
                trainEnd = span >= 2 * day ? first + day : first + span / 2
            }
            if let firstFault, firstFault < trainEnd {
                throw DataError(
                    "the automatic training span of '\(dataset.info.name)' (\(Self.hours(trainEnd - first)) h) holds fault '\(faults[0].id)'",
                    hint: "set `split: {train: leading-hours, hours: H}` with a fault-free H")
            }
        }
        // First row at or after trainEnd (timestamps are in stored order; data on a grid is sorted).
        let trainRows = ts.firstIndex { $0 >= trainEnd } ?? ts.count
        let minimum = max(50, ts.count / 20)
        guard trainRows >= minimum else {
            throw DataError("only \(trainRows) training rows before the first fault of '\(dataset.info.name)' (at least \(minimum) needed)")
        }
        guard trainRows < ts.count else { throw DataError("no rows left to score in '\(dataset.info.name)' after the training span") }
        let testStart = ts[trainRows]
        let windows = faults.map { f -> (ClosedRange<Int64>, FaultRecord) in
            let end = max(f.injectionEndMs, f.affectedSeries.map(\.endMs).max() ?? f.injectionEndMs)
            return (f.injectionStartMs...end, f)
        }.filter { $0.0.upperBound >= testStart }
        let benign = dataset.groundTruth.benignChanges.filter { $0.endMs >= testStart }
        return SplitPlan(trainRows: trainRows, faultWindows: windows.map { (window: $0.0, fault: $0.1) }, benign: benign)
    }

    private static func hours(_ ms: Int64) -> String { String((Double(ms) / 360_000).rounded() / 10) }
}
