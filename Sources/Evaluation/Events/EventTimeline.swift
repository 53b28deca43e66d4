/// The one event model every metric reads (METRICS §1, §3): the row count, the timestamps, the
/// labelled events as sorted disjoint row intervals, and the point labels they imply.
///
/// Point labels and event windows are two views of the same thing: build a timeline from either and
/// read the other back (`labels`, `events`). Windows in ms become rows by `start ≤ time_t ≤ end`
/// (both inclusive); overlapping windows merge, touching ones (`end + 1 == start`) stay apart.
public struct EventTimeline: Sendable {
    /// Name used in error messages and records (dataset / series).
    public let series: String
    /// Number of rows.
    public let rowCount: Int
    /// Row timestamps in stored order (epoch ms), when known; never re-sorted.
    public let timestamps: [Int64]?
    /// Events, sorted by row, disjoint.
    public let events: [Event]
    /// `labels[t]` is true iff row t lies inside an event.
    public let labels: [Bool]
    /// Label windows that matched no row (gaps); they take part in no metric and are reported.
    public let windowsWithoutRows: Int
    /// True when some timestamp is lower than its predecessor (reported, never re-sorted).
    public let timestampsStepBack: Bool

    /// Builds the timeline from point labels: each maximal run of `true` is one event.
    ///
    /// - Parameters:
    ///   - series: name for messages.
    ///   - labels: `y_t`.
    ///   - timestamps: row times (epoch ms) when known; needed for timing metrics.
    /// - Throws: `EvaluationError.lengthMismatch` when `timestamps` has another length.
    public init(series: String, pointLabels labels: [Bool], timestamps: [Int64]? = nil) throws {
        if let timestamps, timestamps.count != labels.count {
            throw EvaluationError.lengthMismatch(series: series, what: "timestamps", expected: labels.count, actual: timestamps.count)
        }
        self.series = series
        self.rowCount = labels.count
        self.timestamps = timestamps
        self.labels = labels
        self.windowsWithoutRows = 0
        self.timestampsStepBack = timestamps.map(EventTimeline.stepsBack) ?? false
        self.events = RowInterval.runs(of: labels).map { r in
            Event(rows: r, startMs: timestamps?[r.start] ?? Int64(r.start), endMs: timestamps?[r.end] ?? Int64(r.end))
        }
    }

    /// Builds the timeline from labelled windows in time.
    ///
    /// Windows are sorted by start; overlapping ones merge (the earliest impact time is kept). Row t
    /// belongs to a window iff `start ≤ time_t ≤ end`. Where timestamps step back, a window's event
    /// spans its first to its last matching row in stored order.
    ///
    /// - Throws: `EvaluationError.invalidWindow` when a window ends before it starts.
    /// - Complexity: O(n log W + W log W).
    public init(series: String, windows: [LabelWindow], timestamps: [Int64]) throws {
        for (k, w) in windows.enumerated() where w.endMs < w.startMs {
            throw EvaluationError.invalidWindow(series: series, window: k, reason: "ends (\(w.endMs)) before it starts (\(w.startMs))")
        }
        let merged = EventTimeline.merge(windows)
        let n = timestamps.count
        var first = [Int](repeating: -1, count: merged.count)
        var last = [Int](repeating: -1, count: merged.count)
        merged.withUnsafeBufferPointer { m in
            timestamps.withUnsafeBufferPointer { ts in
                for t in 0..<n {
                    let x = ts[t]
                    // Last window with start ≤ x.
                    var lo = 0, hi = m.count
                    while lo < hi {
                        let mid = (lo + hi) >> 1
                        if m[mid].startMs <= x { lo = mid + 1 } else { hi = mid }
                    }
                    let k = lo - 1
                    if k >= 0 && x <= m[k].endMs {
                        if first[k] < 0 { first[k] = t }
                        last[k] = t
                    }
                }
            }
        }
        var found: [Event] = []
        var missing = 0
        for k in merged.indices {
            if first[k] < 0 { missing += 1; continue }
            found.append(
                Event(
                    rows: RowInterval(first[k], last[k]), startMs: merged[k].startMs,
                    endMs: merged[k].endMs, impactMs: merged[k].impactMs, peakZ: merged[k].peakZ))
        }
        // Hulls can only overlap when timestamps step back: merge them so events stay disjoint.
        found.sort { $0.rows.start < $1.rows.start }
        var events: [Event] = []
        for e in found {
            if var lastEvent = events.last, e.rows.start <= lastEvent.rows.end {
                lastEvent.rows.end = max(lastEvent.rows.end, e.rows.end)
                lastEvent.startMs = min(lastEvent.startMs, e.startMs)
                lastEvent.endMs = max(lastEvent.endMs, e.endMs)
                lastEvent.impactMs = EventTimeline.earliest(lastEvent.impactMs, e.impactMs)
                lastEvent.peakZ = EventTimeline.largest(lastEvent.peakZ, e.peakZ)
                events[events.count - 1] = lastEvent
            } else {
                events.append(e)
            }
        }
        var labels = [Bool](repeating: false, count: n)
        for e in events { for t in e.rows.start...e.rows.end { labels[t] = true } }
        self.series = series
        self.rowCount = n
        self.timestamps = timestamps
        self.events = events
        self.labels = labels
        self.windowsWithoutRows = missing
        self.timestampsStepBack = EventTimeline.stepsBack(timestamps)
    }

    /// Builds the timeline from events given directly as row intervals (sorted, disjoint, in range).
    ///
    /// - Throws: `EvaluationError.invalidWindow` when the intervals are out of range, unsorted or overlap.
    public init(series: String, rowCount: Int, eventRows: [RowInterval], timestamps: [Int64]? = nil) throws {
        if let timestamps, timestamps.count != rowCount {
            throw EvaluationError.lengthMismatch(series: series, what: "timestamps", expected: rowCount, actual: timestamps.count)
        }
        var labels = [Bool](repeating: false, count: rowCount)
        var prevEnd = -1
        for (k, r) in eventRows.enumerated() {
            if r.start < 0 || r.end >= rowCount {
                throw EvaluationError.invalidWindow(series: series, window: k, reason: "rows \(r) outside 0…\(rowCount - 1)")
            }
            if r.start <= prevEnd {
                throw EvaluationError.invalidWindow(series: series, window: k, reason: "rows \(r) overlap or precede the previous event")
            }
            prevEnd = r.end
            for t in r.start...r.end { labels[t] = true }
        }
        self.series = series
        self.rowCount = rowCount
        self.timestamps = timestamps
        self.labels = labels
        self.windowsWithoutRows = 0
        self.timestampsStepBack = timestamps.map(EventTimeline.stepsBack) ?? false
        self.events = eventRows.map { r in
            Event(rows: r, startMs: timestamps?[r.start] ?? Int64(r.start), endMs: timestamps?[r.end] ?? Int64(r.end))
        }
    }

    /// The events as windows in time (start and end of each event, with its impact time): the
    /// inverse of `init(series:windows:timestamps:)` for windows that begin and end on rows.
    public var labelWindows: [LabelWindow] {
        events.map { LabelWindow(startMs: $0.startMs, endMs: $0.endMs, impactMs: $0.impactMs, peakZ: $0.peakZ) }
    }

    /// The event rows alone.
    public var eventRows: [RowInterval] { events.map(\.rows) }

    /// Number of labelled (positive) rows.
    public var positiveRowCount: Int { events.reduce(0) { $0 + $1.rows.count } }

    /// Sorts windows by start and merges the overlapping ones (touching windows stay apart).
    static func merge(_ windows: [LabelWindow]) -> [LabelWindow] {
        let sorted = windows.sorted { ($0.startMs, $0.endMs) < ($1.startMs, $1.endMs) }
        var out: [LabelWindow] = []
        for w in sorted {
            if var last = out.last, w.startMs <= last.endMs {
                last.endMs = max(last.endMs, w.endMs)
                last.impactMs = earliest(last.impactMs, w.impactMs)
                last.peakZ = largest(last.peakZ, w.peakZ)
                out[out.count - 1] = last
            } else {
                out.append(w)
            }
        }
        return out
    }

    static func earliest(_ a: Int64?, _ b: Int64?) -> Int64? {
        switch (a, b) {
        case let (x?, y?): return min(x, y)
        case let (x?, nil): return x
        case let (nil, y): return y
        }
    }

    static func largest(_ a: Double?, _ b: Double?) -> Double? {
        switch (a, b) {
        case let (x?, y?): return max(x, y)
        case let (x?, nil): return x
        case let (nil, y): return y
        }
    }

    static func stepsBack(_ ts: [Int64]) -> Bool {
        var i = 1
        while i < ts.count { if ts[i] < ts[i - 1] { return true }; i += 1 }
        return false
    }
}
