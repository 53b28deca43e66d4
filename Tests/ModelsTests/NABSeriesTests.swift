import FaultlineTestSupport
import Foundation
import Models
import Telemetry
import Testing

/// Detectors on a few real NAB series (`../shared/datasets/nab`): robustness and one known anomaly.
@Suite struct NABSeriesTests {
    /// The `value` column of a NAB CSV, or nil when the corpus is absent.
    static func values(_ relativePath: String) throws -> [Double] {
        let root = try SharedData.require("nab")
        let text = try String(contentsOf: root.appendingPathComponent("data/\(relativePath)"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: ",").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// Fits on NAB's probationary 15 % and scores the rest.
    static func scores(_ name: String, _ x: [Double]) throws -> [Double] {
        let probation = Int(0.15 * Double(x.count))
        var d = try ModelRegistry.standard.make(name: name, seed: 1)
        try d.fit(training: try MetricFrame(columns: [Array(x[0..<probation])]))
        return try d.scores(for: try MetricFrame(columns: [Array(x[probation...])])).scores
    }

    @Test(
        .enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab"), arguments: ModelRegistry.standard.names.filter { $0 != "random" })
    func aFlatLineRanksNoRowAboveAnother(_ name: String) throws {
        let x = try Self.values("artificialNoAnomaly/art_flatline.csv")
        let s = try Self.scores(name, x)
        let spread = (s.max() ?? 1) - (s.min() ?? 0)
        #expect(spread < 1e-9, "\(name): scores spread over \(spread)")
        // Isolation Forest's neutral score is 2^(-E[h]/c(n)) = 0.5 by definition; every other detector's is 0.
        let neutral = name == "isolation_forest" ? 0.5 : 0
        #expect(abs((s.max() ?? 1) - neutral) < 1e-9, "\(name): max \(s.max() ?? .nan)")
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab"), arguments: ModelRegistry.standard.names)
    func realCPUSeriesGiveFiniteScores(_ name: String) throws {
        let x = try Self.values("realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv")
        let s = try Self.scores(name, x)
        #expect(s.count == x.count - Int(0.15 * Double(x.count)))
        #expect(s.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab"))
    func holtWintersLearnsTheDailyPeriodAndScoresTheJumpAboveEveryEarlierRow() throws {
        let x = try Self.values("artificialWithAnomaly/art_daily_jumpsup.csv")
        #expect(x.count == 4032)
        let probation = Int(0.15 * Double(x.count))
        var hw = HoltWintersResidual(alpha: 0.3, beta: 0.01, gamma: 0.1, maxPeriod: 1440)
        x[0..<probation].withUnsafeBufferPointer { hw.learn($0) }
        #expect(hw.period == 288)  // 5-minute rows, daily pattern
        let s = x[probation...].map { hw.score($0) }
        // NAB's window is rows 2787…3189 (2014-04-10 16:15 to 2014-04-12 01:45).
        let windowStart = 2787 - probation, windowEnd = 3189 - probation
        let before = s[0..<windowStart].max() ?? 0
        let inside = s[windowStart...windowEnd].max() ?? 0
        #expect(inside > 2 * before, "window max \(inside), earlier max \(before)")
    }
}
