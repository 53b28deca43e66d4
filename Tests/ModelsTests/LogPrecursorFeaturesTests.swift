import Foundation
import LinearAlgebra
import Models
import Telemetry
import Testing

@Suite struct LogPrecursorFeaturesTests {
    static let step: Int64 = 60_000

    static func input(rows: Int, logs: [LogRecord]) throws -> PredictionInput {
        let frame = try MetricFrame(columns: [[Double](repeating: 1, count: rows)])
        return try PredictionInput(
            frame: frame, series: [SeriesDescriptor(id: "svc.cpu_util", entity: "svc", metric: "cpu_util", unit: "", kind: .gauge)],
            timestamps: (0..<rows).map { Int64($0) * step }, logs: logs)
    }

    static func warn(_ row: Int, _ body: String, at offset: Int64 = 0) -> LogRecord {
        LogRecord(timeMs: Int64(row) * step + offset, entity: "svc", severity: .warn, body: body)
    }

    /// Hand-computed: window 3 rows; the baseline (rows 0–9) holds 5 "slow" warnings → b = 5·3/10 = 1.5 per window.
    /// At row 12 the window (rows 10–12) holds 3 slow warnings and 4 of a new template: slow z = (3 − 1.5)/√2.5, new z
    /// = 4/√1 = 4 (the max), pooled z = (7 − 1.5)/√2.5, new-template count 4, active (z > 3) 1, growth against rows
    /// 7–9 (0 of the new template) = log1p(4/1). Info lines and records past the last row are not read.
    @Test func featuresMatchAHandComputedWindow() throws {
        var logs: [LogRecord] = []
        for r in [0, 2, 4, 6, 8] { logs.append(Self.warn(r, "slow request duration_ms=\(1000 + r)")) }
        for r in [10, 11, 12] { logs.append(Self.warn(r, "slow request duration_ms=\(2000 + r)", at: 10)) }
        for i in 0..<4 { logs.append(Self.warn(12, "GC overhead \(40 + i)% of CPU time", at: Int64(100 + i))) }
        logs.append(LogRecord(timeMs: 12 * Self.step + 5, entity: "svc", severity: .info, body: "request completed"))
        logs.append(Self.warn(13, "GC overhead 99% of CPU time"))  // past the last row (13 rows: 0–12)
        let input = try Self.input(rows: 13, logs: logs)
        let f = LogPrecursorFeatures(windowMs: 3 * Self.step)
        let counts = try LogPrecursorFeatures.counts(input, model: "test")
        #expect(counts.isError == [false, false])
        let base = f.baseline(counts, baselineRows: 10, stepMs: Self.step)
        #expect(base.count == 2 && abs(base[0] - 1.5) < 1e-12 && base[1] == 0)
        let x = try f.matrix(counts, baseline: base, stepMs: Self.step)
        let row = (0..<LogPrecursorFeatures.names.count).map { x[12, $0] }
        let expected = [log1p(4.0), log1p((7 - 1.5) / 2.5.squareRoot()), log1p(4.0), log1p(4.0), 1, 0, 0]
        for (a, e) in zip(row, expected) { #expect(abs(a - e) < 1e-12, "\(row) vs \(expected)") }
        // Row 9's window (rows 7–9) holds one slow warning: below the baseline, so every feature is 0 but growth.
        #expect(x[9, 0] == 0 && x[9, 1] == 0 && x[9, 2] == 0 && x[9, 4] == 0)
    }

    /// Template ids depend only on earlier records: the features of a prefix are the prefix of the features.
    @Test func featuresAreCausal() throws {
        var logs: [LogRecord] = []
        for r in 0..<200 where r % 7 == 0 || r > 150 { logs.append(Self.warn(r, "pool usage \(80 + r % 20)% of max")) }
        for r in stride(from: 120, to: 200, by: 3) {
            logs.append(LogRecord(timeMs: Int64(r) * Self.step, entity: "db", severity: .error, body: "disk full on /var/lib/db\(r % 3)"))
        }
        let full = try Self.input(rows: 200, logs: logs)
        let f = LogPrecursorFeatures(windowMs: 10 * Self.step)
        let all = try LogPrecursorFeatures.counts(full, model: "test")
        let base = f.baseline(all, baselineRows: 100, stepMs: Self.step)
        let x = try f.matrix(all, baseline: base, stepMs: Self.step)
        for k in [1, 99, 130, 170] {
            let part = try f.matrix(try LogPrecursorFeatures.counts(full.prefix(k), model: "test"), baseline: base, stepMs: Self.step)
            for j in 0..<x.columns { #expect(Array(x.column(j)[0..<k]) == part.column(j), "prefix \(k) column \(j)") }
        }
    }

    /// The window pass (which visits only the templates counted in the current window) equals a recount of every
    /// template's window at every row, on a log with many templates, ties between them, errors and quiet rows.
    @Test func featuresEqualANaiveRecount() throws {
        var logs: [LogRecord] = []
        var g = SplitMix64(seed: 9)
        for r in 0..<300 where r % 17 != 5 {
            for _ in 0..<Int(g.next() % 4) {
                let k = Int(g.next() % 40)  // 40 templates: different token counts keep them apart
                let body = (0...(k % 8)).map { "w\($0)" }.joined(separator: " ") + " kind\(k / 8) value \(g.next() % 1000)"
                logs.append(LogRecord(timeMs: Int64(r) * Self.step + 10, entity: "svc", severity: k % 5 == 0 ? .error : .warn, body: body))
            }
        }
        let input = try Self.input(rows: 300, logs: logs)
        let f = LogPrecursorFeatures(windowMs: 7 * Self.step)
        let counts = try LogPrecursorFeatures.counts(input, model: "test")
        let base = f.baseline(counts, baselineRows: 100, stepMs: Self.step)
        let x = try f.matrix(counts, baseline: base, stepMs: Self.step)
        #expect(counts.isError.count > 10)
        let w = 7, m = counts.isError.count
        func window(_ from: Int, _ to: Int) -> [Double] {  // counts per template over rows from ... to
            var c = [Double](repeating: 0, count: m)
            for e in counts.events where Int(e.row) >= from && Int(e.row) <= to { c[Int(e.template)] += 1 }
            return c
        }
        func z(_ c: Double, _ b: Double) -> Double { (c - b) / (b + 1).squareRoot() }
        for t in 0..<300 {
            let now = window(t - w + 1, t), before = window(t - 2 * w + 1, t - w)
            var warnMax = -Double.infinity, arg = -1, warnTotal = 0.0, warnBase = 0.0, newWarn = 0.0, active = 0.0
            var errorMax = -Double.infinity, errorTotal = 0.0, errorBase = 0.0
            for k in 0..<m {
                if counts.isError[k] { errorBase += base[k] } else { warnBase += base[k] }
                guard now[k] > 0 else { continue }
                if counts.isError[k] {
                    errorTotal += now[k]
                    errorMax = max(errorMax, z(now[k], base[k]))
                } else {
                    warnTotal += now[k]
                    if base[k] == 0 { newWarn += now[k] }
                    if z(now[k], base[k]) > 3 { active += 1 }
                    if z(now[k], base[k]) > warnMax { warnMax = z(now[k], base[k]); arg = k }
                }
            }
            let d = arg < 0 ? 0 : (now[arg] - before[arg]) / (before[arg] + 1).squareRoot()
            let expected = [
                log1p(max(0, warnMax)), log1p(max(0, z(warnTotal, warnBase))), log1p(newWarn), d < 0 ? -log1p(-d) : log1p(d), active,
                log1p(max(0, errorMax)), log1p(max(0, z(errorTotal, errorBase))),
            ]
            for j in 0..<expected.count { #expect(abs(x[t, j] - expected[j]) < 1e-12, "row \(t) column \(j): \(x[t, j]) vs \(expected[j])") }
        }
    }

    /// Unsorted records are placed as if sorted; a dataset without logs is refused.
    @Test func unsortedRecordsAndMissingLogs() throws {
        let logs = [
            Self.warn(5, "slow request duration_ms=1"), Self.warn(1, "slow request duration_ms=2"), Self.warn(3, "slow request duration_ms=3"),
        ]
        let a = try LogPrecursorFeatures.counts(try Self.input(rows: 8, logs: logs), model: "test")
        #expect(a.events.map(\.row) == [1, 3, 5])
        #expect(throws: ModelError.self) { try LogPrecursorFeatures.counts(try Self.input(rows: 8, logs: []), model: "test") }
    }
}
