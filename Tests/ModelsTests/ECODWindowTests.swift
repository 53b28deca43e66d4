import Foundation
import Telemetry
import Testing

@testable import Models

/// ECOD on sliding windows of one series (the series is sorted once and each column read off it).
@Suite struct ECODWindowTests {
    static func windows(_ x: [Double], width w: Int) throws -> MetricFrame {
        let m = x.count - w + 1
        return try MetricFrame(columns: (0..<w).map { j in Array(x[j..<(j + m)]) })
    }

    @Test func windowsAreRecognisedAndOtherFramesAreNot() throws {
        let x = (0..<500).map { Double(($0 * 37) % 101) }
        let f = try Self.windows(x, width: 8)
        #expect(ECODDetector.slidingWindowSeries(f) == x)
        // One value off the pattern (a later column not the shift of the one before), or one column: not windows.
        var cols = (0..<8).map { f.column($0) }
        cols[5][100] += 1
        #expect(ECODDetector.slidingWindowSeries(try MetricFrame(columns: cols)) == nil)
        #expect(ECODDetector.slidingWindowSeries(try MetricFrame(columns: [x])) == nil)
    }

    /// In-sample and out-of-sample scores of windows with ties and negatives equal the definition's
    /// counts, column by column, and the same bits for any thread count.
    @Test func windowScoresEqualBruteForceCounts() throws {
        var rng = SeededGenerator(seed: 11)
        let x = (0..<1_200).map { i in i % 7 == 0 ? -3 - rng.nextUniform() : (rng.nextGaussian() * 3).rounded() }
        let w = 6
        let train = try Self.windows(x, width: w)
        let m = train.rows
        var ecod = ECODDetector(perSeries: false, threads: 1)
        try ecod.fit(training: train)
        let cols = (0..<w).map { train.column($0) }
        let inSample = try ecod.scores(for: train).scores
        let probe = try MetricFrame(columns: (0..<w).map { j in [-10, 0, 2, 9].map { $0 + Double(j) } })
        let outOfSample = try ecod.scores(for: probe).scores
        func brute(_ row: [Double]) -> Double {
            var sums = [0.0, 0.0, 0.0]
            for j in 0..<w {
                let v = row[j]
                let le = Double(cols[j].filter { $0 <= v }.count), ge = Double(cols[j].filter { $0 >= v }.count)
                let ul = -log((le + 1) / Double(m + 1)), ur = -log((ge + 1) / Double(m + 1))
                sums[0] += ul
                sums[1] += ur
                sums[2] += ecod.skewness[j] < 0 ? ul : ur
            }
            return sums.max() ?? 0
        }
        for r in stride(from: 0, to: m, by: 37) {
            #expect(abs(inSample[r] - brute((0..<w).map { cols[$0][r] })) < 1e-9, "row \(r)")
        }
        for r in 0..<probe.rows {
            #expect(abs(outOfSample[r] - brute((0..<w).map { probe[r, $0] })) < 1e-9, "probe row \(r)")
        }
        for threads in [2, 3] {
            var other = ECODDetector(perSeries: false, threads: threads)
            try other.fit(training: train)
            #expect(try other.scores(for: train).scores == inSample, "threads \(threads)")
        }
    }
}
