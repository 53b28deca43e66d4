import Evaluation
import FaultlineTestSupport

/// The running example of METRICS §3: n = 20, A = rows 2–5, B = rows 12–17, alarms at 4, 9, 13, 14.
enum RunningExample {
    static let n = 20
    static let events = [RowInterval(2, 5), RowInterval(12, 17)]
    static let alarmRows: Set<Int> = [4, 9, 13, 14]
    static var labels: [Bool] { (0..<n).map { t in events.contains { $0.start <= t && t <= $0.end } } }
    static var alarms: [Bool] { (0..<n).map { alarmRows.contains($0) } }
    static var track: AlarmTrack { AlarmTrack(alarms: alarms) }
    /// Row t at t seconds.
    static var timestamps: [Int64] { (0..<n).map { Int64($0) * 1000 } }
    static var windows: [LabelWindow] { events.map { LabelWindow(startMs: Int64($0.start) * 1000, endMs: Int64($0.end) * 1000) } }
    static var scores: [Double] { (0..<n).map { alarmRows.contains($0) ? 0.9 : 0.1 } }
}

/// `a` agrees with `b` to six decimals (as METRICS.md prints its examples).
func sixDecimals(_ a: MetricValue, _ b: Double) -> Bool {
    guard let v = a.value else { return false }
    return abs(v - b) < 5e-7
}

/// Tight agreement for exact fractions.
func close(_ a: MetricValue, _ b: Double) -> Bool {
    guard let v = a.value else { return false }
    return Tolerance(absolute: 1e-12, relative: 1e-12).accepts(v, b)
}
