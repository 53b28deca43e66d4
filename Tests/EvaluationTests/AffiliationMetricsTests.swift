import Evaluation
import Telemetry
import Testing

@Suite struct AffiliationMetricsTests {
    static func intervals(_ bits: String) -> [RowInterval] { RowInterval.runs(of: bits.map { $0 == "1" }) }

    @Test func workedExampleIntegratesExactly() {
        let m = AffiliationMetrics(rowCount: 10, events: Self.intervals("0001000111"), episodes: Self.intervals("0000100010"))
        #expect(close(m.zonePrecision[0], 3.5 / 5.5))
        #expect(close(m.zonePrecision[1], 1))
        #expect(abs(m.zoneRecall[0] - 4.5 / 5.5) < 1e-12)
        #expect(abs(m.zoneRecall[1] - (7.0 / 9 + 1 + 5.0 / 6) / 3) < 1e-12)
        #expect(close(m.precision, 9.0 / 11.0))
        #expect(sixDecimals(m.precision, 0.818182))
        #expect(close(m.recall, 1003.0 / 1188.0))
        #expect(sixDecimals(m.recall, 0.844276))
    }

    @Test func perfectPredictionScoresOne() {
        let ev = Self.intervals("0011000111000")
        let m = AffiliationMetrics(rowCount: 13, events: ev, episodes: ev)
        #expect(close(m.precision, 1) && close(m.recall, 1))
    }

    @Test func zoneWithoutPredictionsHasRecallZeroAndNoPrecision() {
        let m = AffiliationMetrics(rowCount: 10, events: Self.intervals("0110000110"), episodes: Self.intervals("0100000000"))
        #expect(m.zoneRecall[1] == 0)
        #expect(m.zonePrecision[1].value == nil)
        #expect(m.zonePrecision[0] == .defined(1))
        #expect(close(m.precision, 1))
        let silent = AffiliationMetrics(rowCount: 10, events: Self.intervals("0110000110"), episodes: [])
        #expect(silent.precision.value == nil && silent.recall == .defined(0))
        let noEvents = AffiliationMetrics(rowCount: 10, events: [], episodes: [RowInterval(1, 2)])
        #expect(noEvents.precision.value == nil && noEvents.recall.value == nil)
    }

    /// Cross-check of the closed-form integration against a fine midpoint sum of the definition.
    @Test(arguments: [11, 12, 13, 14])
    func exactIntegrationAgreesWithADenseNumericalIntegral(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let n = 40
        var truth = [Bool](repeating: false, count: n), pred = [Bool](repeating: false, count: n)
        for t in 0..<n { truth[t] = g.next() % 6 == 0; pred[t] = g.next() % 5 == 0 }
        truth[n / 2] = true
        let events = RowInterval.runs(of: truth), episodes = RowInterval.runs(of: pred)
        let m = AffiliationMetrics(rowCount: n, events: events, episodes: episodes)
        let ref = Self.numerical(n: n, events: events, episodes: episodes, steps: 400)
        if let p = ref.precision { #expect(abs((m.precision.value ?? -1) - p) < 2e-4) } else { #expect(m.precision.value == nil) }
        #expect(abs((m.recall.value ?? -1) - ref.recall) < 2e-4)
    }

    /// The definition of METRICS §3.2 evaluated by a midpoint rule (`steps` samples per row).
    static func numerical(n: Int, events: [RowInterval], episodes: [RowInterval], steps: Int) -> (precision: Double?, recall: Double) {
        let m = events.count
        var ps: [Double] = [], rs: [Double] = []
        for j in 0..<m {
            let a = Double(events[j].start), b = Double(events[j].end + 1)
            let lo = j == 0 ? 0 : (Double(events[j - 1].end + 1) + a) / 2
            let hi = j == m - 1 ? Double(n) : (b + Double(events[j + 1].start)) / 2
            let zone = hi - lo
            func fbar(_ left: Double, _ right: Double, _ u: Double) -> Double {
                if u == 0 { return 1 }
                return (max(0, min(hi, left - u) - lo) + max(0, hi - max(lo, right + u))) / zone
            }
            let preds = episodes.compactMap { e -> (Double, Double)? in
                let p = max(Double(e.start), lo), q = min(Double(e.end + 1), hi)
                return q > p ? (p, q) : nil
            }
            if preds.isEmpty { rs.append(0); continue }
            var sum = 0.0, len = 0.0
            for (p, q) in preds {
                let k = Int(((q - p) * Double(steps)).rounded())
                let h = (q - p) / Double(k)
                for i in 0..<k {
                    let x = p + (Double(i) + 0.5) * h
                    let d = x < a ? a - x : (x > b ? x - b : 0)
                    sum += fbar(a, b, d) * h
                }
                len += q - p
            }
            ps.append(sum / len)
            let k = Int(((b - a) * Double(steps)).rounded())
            let h = (b - a) / Double(k)
            var rsum = 0.0
            for i in 0..<k {
                let y = a + (Double(i) + 0.5) * h
                var d = Double.infinity
                for (p, q) in preds { d = min(d, y < p ? p - y : (y > q ? y - q : 0)) }
                rsum += fbar(y, y, d) * h
            }
            rs.append(rsum / (b - a))
        }
        return (ps.isEmpty ? nil : ps.reduce(0, +) / Double(ps.count), rs.reduce(0, +) / Double(m))
    }
}
