import LinearAlgebra
import Telemetry

/// Log bodies mined into per-window template-count matrices, so simulated (or imported) logs can
/// be scored by the same session models as real ones and lined up with metric detectors.
///
/// Windows start at `startMs, startMs + stepMs, …` (every start before `endMs`) and cover
/// `[start, start + windowMs)`; with `stepMs < windowMs` they overlap and a record counts in every
/// window that covers it. Records outside `[startMs, endMs)` are mined (they shape templates) but
/// counted in no window. Records are mined in the order given, so equal inputs give equal ids.
public struct LogWindowCounts: Sendable {
    /// Start of each window, epoch milliseconds.
    public let windowStartsMs: [Int64]
    /// Window length in milliseconds.
    public let windowMs: Int64
    /// Step between window starts in milliseconds.
    public let stepMs: Int64
    /// Template text per template id (column).
    public let templates: [String]
    /// `windows × templates` counts.
    public let counts: Matrix
    /// Template id assigned to each input record, in input order.
    public let recordTemplates: [Int]
    /// The miner after all records (keep mining new logs with it to stay consistent).
    public let miner: TemplateMiner

    /// Most windows one count matrix may have (10 million).
    public static let maxWindows = 10_000_000
    /// Most cells (windows × templates) one count matrix may have: 2^27, 1 GiB of counts.
    public static let maxCounts = 1 << 27

    /// Mines `records` and counts templates per window.
    ///
    /// - Parameters:
    ///   - records: Log records (bodies are mined; header fields are not part of the body).
    ///   - startMs: Start of the first window.
    ///   - endMs: Exclusive end: the last window starts before it.
    ///   - windowMs: Window length (> 0).
    ///   - stepMs: Step between window starts (> 0).
    ///   - miner: The miner to continue from (a fresh one by default).
    /// - Throws: ``ModelError/invalidParameter(model:key:value:reason:)`` for a non-positive
    ///   window or step, or `endMs < startMs`.
    /// - Complexity: O(records × (tokens + windowMs / stepMs)) plus the mining.
    public init(
        records: [LogRecord], startMs: Int64, endMs: Int64, windowMs: Int64, stepMs: Int64,
        miner: TemplateMiner = TemplateMiner()
    ) throws {
        guard windowMs > 0 else {
            throw ModelError.invalidParameter(model: "log-windows", key: "window_ms", value: "\(windowMs)", reason: "must be positive")
        }
        guard stepMs > 0 else {
            throw ModelError.invalidParameter(model: "log-windows", key: "step_ms", value: "\(stepMs)", reason: "must be positive")
        }
        guard endMs >= startMs else {
            throw ModelError.invalidParameter(model: "log-windows", key: "end_ms", value: "\(endMs)", reason: "precedes start \(startMs)")
        }
        // Windows start every step before `endMs`: ⌈span / step⌉, computed without overflow.
        let (span, spanOverflow) = endMs.subtractingReportingOverflow(startMs)
        guard !spanOverflow else {
            throw ModelError.invalidParameter(model: "log-windows", key: "end_ms", value: "\(endMs)", reason: "is too far from start \(startMs)")
        }
        let windowCount = span / stepMs + (span % stepMs == 0 ? 0 : 1)
        guard windowCount <= Int64(Self.maxWindows) else {
            throw ModelError.invalidParameter(
                model: "log-windows", key: "step_ms", value: "\(stepMs)",
                reason: "gives \(windowCount) windows over \(span) ms, more than \(Self.maxWindows); use a longer step")
        }
        let windows = Int(windowCount)
        var m = miner
        var ids = [Int](repeating: 0, count: records.count)
        for (i, r) in records.enumerated() { ids[i] = m.observe(r.body) }
        let k = m.templateCount
        guard windows * k <= Self.maxCounts else {
            throw ModelError.invalidParameter(
                model: "log-windows", key: "step_ms", value: "\(stepMs)",
                reason: "gives \(windows) windows × \(k) templates, more than the \(Self.maxCounts) counts a matrix may hold; use a longer step")
        }
        var values = [Double](repeating: 0, count: windows * k)
        for (i, r) in records.enumerated() {
            let t = r.timeMs
            guard t >= startMs, t < endMs else { continue }
            let offset = t - startMs
            // Windows w with start_w <= t < start_w + windowMs.
            let last = min(Int(offset / stepMs), windows - 1)
            let lowerOffset = offset - windowMs + 1
            let first = lowerOffset <= 0 ? 0 : Int((lowerOffset + stepMs - 1) / stepMs)
            if first > last { continue }
            for w in first...last { values[ids[i] * windows + w] += 1 }
        }
        windowStartsMs = (0..<windows).map { startMs + Int64($0) * stepMs }
        self.windowMs = windowMs
        self.stepMs = stepMs
        templates = m.templateTexts
        counts = try Matrix(rows: windows, columns: k, columnMajor: values)
        recordTemplates = ids
        self.miner = m
    }

    /// Mines a dataset's logs over its time axis (`axis.startMs ..< axis.endMs`).
    ///
    /// - Throws: as ``init(records:startMs:endMs:windowMs:stepMs:miner:)``.
    public init(dataset: Dataset, windowMs: Int64, stepMs: Int64, miner: TemplateMiner = TemplateMiner()) throws {
        try self.init(
            records: dataset.logs, startMs: dataset.axis.startMs, endMs: dataset.axis.endMs,
            windowMs: windowMs, stepMs: stepMs, miner: miner)
    }
}
