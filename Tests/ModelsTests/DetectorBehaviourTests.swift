import Models
import Telemetry
import Testing

/// Each detector scores an injected anomaly well above the normal rows around it.
@Suite struct DetectorBehaviourTests {
    /// Detectors that react to a single-row spike, and those built for sustained level shifts.
    static let spikeDetectors = ["threshold", "zscore", "mad", "holt_winters", "spectral_residual"]
    static let shiftDetectors = ["ewma", "cusum", "change_point", "zscore", "mad", "threshold"]

    /// Max score in the anomaly rows divided by the max score of the normal test rows before them.
    func separation(_ name: String, anomaly: (inout [Double]) -> Void, seed: UInt64) throws -> Double {
        let train = try MetricFrame(columns: [
            Fixtures.noise(500, seed: seed, mean: 100, std: 2),
            Fixtures.noise(500, seed: seed + 1, mean: 7, std: 0.5),
        ])
        var a = Fixtures.noise(300, seed: seed + 2, mean: 100, std: 2)
        anomaly(&a)
        let test = try MetricFrame(columns: [a, Fixtures.noise(300, seed: seed + 3, mean: 7, std: 0.5)])
        var d = try ModelRegistry.standard.make(name: name, seed: seed)
        try d.fit(training: train)
        let s = try d.scores(for: test)
        let normal = s.scores[0..<200].max() ?? 0
        let peak = s.scores[200..<220].max() ?? 0
        if let per = s.perSeries {
            #expect((0..<300).allSatisfy { s.scores[$0] == max(per[$0, 0], per[$0, 1]) }, "\(name): combined = max over series")
        }
        return peak / max(normal, 1e-12)
    }

    @Test(arguments: spikeDetectors, [UInt64(1), 2, 3])
    func aSpikeScoresFarAboveTheNormalRows(_ name: String, _ seed: UInt64) throws {
        let ratio = try separation(name, anomaly: { $0[200] += 24 }, seed: seed)  // a 12σ spike
        #expect(ratio > 2, "\(name) seed \(seed): peak/normal = \(ratio)")
    }

    @Test(arguments: shiftDetectors, [UInt64(1), 2, 3])
    func aLevelShiftScoresFarAboveTheNormalRows(_ name: String, _ seed: UInt64) throws {
        let ratio = try separation(name, anomaly: { for i in 200..<300 { $0[i] += 10 } }, seed: seed)  // a 5σ shift
        #expect(ratio > 1.5, "\(name) seed \(seed): peak/normal = \(ratio)")
    }

    @Test func nullNeverScoresAboveZeroAndRandomIgnoresTheData() throws {
        let frame = try Fixtures.mixedFrame(rows: 100, seed: 1)
        let other = try Fixtures.mixedFrame(rows: 100, seed: 2)
        #expect(try NullDetector().scores(for: frame).scores.allSatisfy { $0 == 0 })
        let r = RandomDetector(seed: 9)
        #expect(try r.scores(for: frame) == (try r.scores(for: other)))
        #expect(try r.scores(for: frame).scores.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(try RandomDetector(seed: 10).scores(for: frame) != (try r.scores(for: frame)))
    }

    @Test func randomScoresLookUniform() throws {
        let s = try RandomDetector(seed: 123).scores(for: MetricFrame(rows: 20_000, columns: 1, repeating: 0)).scores
        let mean = s.reduce(0, +) / Double(s.count)
        #expect(abs(mean - 0.5) < 0.01)
        let lowDecile = s.filter { $0 < 0.1 }.count
        #expect(abs(Double(lowDecile) / Double(s.count) - 0.1) < 0.01)
    }
}
