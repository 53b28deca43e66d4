import Foundation
import LinearAlgebra
import Telemetry

/// Causal features of the warning and error logs for the log-precursor predictor (`log_precursor`).
///
/// The records of severity warn or above are mined into templates (`TemplateMiner`, Drain; the severity is the
/// first token, so a warning and an error never share a template) in time order. Each record counts at the row
/// whose step holds it (`[t_r, t_r + step)`, as a row's rates see their own step). Per template k and row t,
/// `c_k(t)` is the count over the trailing window of `w` rows and `b_k` the mean count per window over the
/// baseline rows: the leading fault-free rows, never labels. Per row:
/// - `warn_max_z`: `log1p(max(0, max_k z_k))` over warn templates, `z_k = (c_k − b_k)/√(b_k + 1)` (a Poisson z
///   with one count of slack), the most unusual warning;
/// - `warn_total_z`: the same z for all warnings pooled;
/// - `warn_new`: `log1p` of the window's warnings of templates never seen in the baseline rows;
/// - `warn_growth`: the most unusual template's count against the window before,
///   `sign·log1p(|c(t) − c(t − w)| / √(c(t − w) + 1))` (a precursor that is still building up);
/// - `warn_active`: how many warn templates have `z > 3`;
/// - `error_max_z`, `error_total_z`: as above for error and fatal records (errors mostly come with the failure,
///   so a learner can tell "too late" from "in time").
///
/// Template ids depend only on earlier records, so the features of a prefix are the prefix of the features. The
/// features name no template, so a model trained on one system's seeds applies to another's.
public struct LogPrecursorFeatures: Sendable, Equatable {
    /// Column names, in order.
    public static let names = ["warn_max_z", "warn_total_z", "warn_new", "warn_growth", "warn_active", "error_max_z", "error_total_z"]

    /// Trailing window, ms.
    public var windowMs: Int64

    /// Creates the extractor.
    public init(windowMs: Int64) { self.windowMs = windowMs }

    /// Per-row counts of the mined warn-or-worse templates.
    public struct Counts: Sendable {
        /// Rows of the input.
        public var rows: Int
        /// Per template: true for error or fatal, false for warn.
        public var isError: [Bool]
        /// `(row, template)` of every counted record, in row order.
        public var events: [(row: Int32, template: Int32)]
    }

    /// Mines and places the records of `input` (records outside its rows are left out).
    ///
    /// - Throws: `ModelError.insufficientData` when the input has no log records at all.
    public static func counts(_ input: PredictionInput, model: String) throws -> Counts {
        guard !input.logs.isEmpty else {
            throw ModelError.insufficientData(what: model, reason: "the dataset has no logs (a log-precursor model reads warning and error logs)")
        }
        let ts = input.timestamps
        let n = ts.count
        var counts = Counts(rows: n, isError: [], events: [])
        guard n > 0 else { return counts }
        let step = max(1, input.stepMs)
        var records = input.logs.filter { $0.severity >= .warn }
        if !zip(records, records.dropFirst()).allSatisfy({ $0.timeMs <= $1.timeMs }) {
            records = records.enumerated().sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
        }
        var miner = TemplateMiner()
        var row = 0
        for r in records {
            guard r.timeMs >= ts[0] else { continue }
            while row + 1 < n && ts[row + 1] <= r.timeMs { row += 1 }
            guard r.timeMs < ts[row] + step else { continue }  // a gap in the rows, or past the last row's step
            let error = r.severity >= .error
            let id = miner.observe((error ? "ERROR " : "WARN ") + r.body)
            if id == counts.isError.count { counts.isError.append(error) }
            counts.events.append((Int32(row), Int32(id)))
        }
        return counts
    }

    /// Mean window count per template over rows `0 ..< baselineRows` (templates first seen later: 0).
    public func baseline(_ counts: Counts, baselineRows: Int, stepMs: Int64) -> [Double] {
        let k = max(0, min(baselineRows, counts.rows))
        var totals = [Double](repeating: 0, count: counts.isError.count)
        for e in counts.events where Int(e.row) < k { totals[Int(e.template)] += 1 }
        let w = Double(rowsPerWindow(stepMs))
        return totals.map { k > 0 ? $0 * w / Double(k) : 0 }
    }

    func rowsPerWindow(_ stepMs: Int64) -> Int { max(1, Int(windowMs / max(1, stepMs))) }

    /// The `rows × 7` feature matrix; `baseline` is indexed by template id (ids past its end have 0).
    public func matrix(_ counts: Counts, baseline: [Double], stepMs: Int64) throws -> Matrix {
        let n = counts.rows, m = Self.names.count
        let templates = counts.isError.count
        let w = rowsPerWindow(stepMs)
        var out = [Double](repeating: 0, count: n * m)
        var now = [Double](repeating: 0, count: templates), before = now  // window counts: rows t−w+1…t and t−2w+1…t−w
        var b = [Double](repeating: 0, count: templates)
        for k in 0..<min(templates, baseline.count) { b[k] = baseline[k] }
        var warnBase = 0.0, errorBase = 0.0
        for k in 0..<templates {
            if counts.isError[k] { errorBase += b[k] } else { warnBase += b[k] }
        }
        // Row starts of the event list (events are in row order).
        var first = [Int](repeating: counts.events.count, count: n + 1)
        for (i, e) in counts.events.enumerated().reversed() { first[Int(e.row)] = i }
        for t in stride(from: n - 1, through: 0, by: -1) where first[t] > first[t + 1] { first[t] = first[t + 1] }
        func add(_ row: Int, _ delta: Double, into c: inout [Double]) {
            guard row >= 0, row < n else { return }
            for i in first[row]..<first[row + 1] { c[Int(counts.events[i].template)] += delta }
        }
        // The templates with a count in the current window, so a row's pass costs the window's templates, not
        // every template of the run (a log of unique messages mines one template per line).
        var inWindow: [Int] = [], slot = [Int](repeating: -1, count: templates)
        func track(_ row: Int) {
            guard row >= 0, row < n else { return }
            for i in first[row]..<first[row + 1] {
                let k = Int(counts.events[i].template)
                if now[k] > 0, slot[k] < 0 {
                    slot[k] = inWindow.count
                    inWindow.append(k)
                } else if now[k] == 0, slot[k] >= 0 {
                    let moved = inWindow.removeLast()
                    if moved != k {
                        inWindow[slot[k]] = moved
                        slot[moved] = slot[k]
                    }
                    slot[k] = -1
                }
            }
        }
        @inline(__always) func z(_ c: Double, _ base: Double) -> Double { (c - base) / (base + 1).squareRoot() }
        for t in 0..<n {
            add(t, 1, into: &now)
            add(t - w, -1, into: &now)
            track(t)
            track(t - w)
            add(t - w, 1, into: &before)
            add(t - 2 * w, -1, into: &before)
            var warnMax = -Double.infinity, warnArg = -1, warnTotal = 0.0, newWarn = 0.0, active = 0.0
            var errorMax = -Double.infinity, errorTotal = 0.0
            for k in inWindow {
                let zk = z(now[k], b[k])
                if counts.isError[k] {
                    errorTotal += now[k]
                    errorMax = max(errorMax, zk)
                } else {
                    warnTotal += now[k]
                    if b[k] == 0 { newWarn += now[k] }
                    if zk > 3 { active += 1 }
                    if zk > warnMax || (zk == warnMax && k < warnArg) { warnMax = zk; warnArg = k }  // ties: lowest id
                }
            }
            var growth = 0.0
            if warnArg >= 0 {
                let d = (now[warnArg] - before[warnArg]) / (before[warnArg] + 1).squareRoot()
                growth = d < 0 ? -log1p(-d) : log1p(d)
            }
            out[t] = log1p(max(0, warnMax))
            out[n + t] = log1p(max(0, z(warnTotal, warnBase)))
            out[2 * n + t] = log1p(newWarn)
            out[3 * n + t] = growth
            out[4 * n + t] = active
            out[5 * n + t] = log1p(max(0, errorMax))
            out[6 * n + t] = log1p(max(0, z(errorTotal, errorBase)))
        }
        return try Matrix(rows: n, columns: m, columnMajor: out)
    }
}
