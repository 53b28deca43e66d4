import LinearAlgebra
import Testing

@testable import Models

@Suite struct GradientBoostedTreesTests {
    /// A deterministic grid on [0, 1)² (no random draws in the fixture).
    static func grid(_ side: Int) -> (x: [Double], y: [Double]) {
        var x: [Double] = [], y: [Double] = []
        for i in 0..<side {
            for j in 0..<side {
                x.append((Double(i) + 0.5) / Double(side))
                y.append((Double((j * 7919) % side) + 0.5) / Double(side))
            }
        }
        return (x, y)
    }

    static let settings = GradientBoostedTrees.Settings(rounds: 60, depth: 2, learningRate: 0.3, lambda: 1, minChildWeight: 1)

    /// XOR of two thresholds: no linear score separates it; two-level trees do.
    @Test func learnsAnInteractionThatNoLinearScoreCan() throws {
        let (a, b) = Self.grid(40)
        let labels = zip(a, b).map { ($0 > 0.5) != ($1 > 0.3) }
        let x = try Matrix(rows: a.count, columns: 2, columnMajor: a + b)
        let model = try GradientBoostedTrees(fitting: x, labels: labels, settings: Self.settings)
        let p = try model.probabilities(x)
        let correct = zip(p, labels).filter { ($0 >= 0.5) == $1 }.count
        #expect(Double(correct) / Double(labels.count) > 0.97, "\(correct) of \(labels.count)")
        // The logistic fit of the same rows is near chance.
        let linear = try LogisticRegression(fitting: x, labels: labels, ridge: 1).probabilities(x)
        let linearCorrect = zip(linear, labels).filter { ($0 >= 0.5) == $1 }.count
        #expect(Double(linearCorrect) / Double(labels.count) < 0.75, "logistic \(linearCorrect) of \(labels.count)")
    }

    /// A non-monotone target in one feature (positive in a band, as "a failure 5–65 minutes ahead" is in the
    /// time to failure): a depth-2 tree cuts both sides, and the cuts sit at the band's edges, to within a bin (64 bins
    /// of 1000 values: 0.016), so the probes stay more than a bin away from them.
    @Test func cutsABandAtItsEdges() throws {
        let n = 1000
        let v = (0..<n).map { (Double($0) + 0.5) / Double(n) }
        let labels = v.map { $0 >= 0.2 && $0 < 0.6 }
        let model = try GradientBoostedTrees(fitting: try Matrix(rows: n, columns: 1, columnMajor: v), labels: labels, settings: Self.settings)
        let probe = try Matrix(rows: 6, columns: 1, columnMajor: [0.05, 0.17, 0.23, 0.5, 0.63, 0.95])
        let p = try model.probabilities(probe)
        #expect(p[0] < 0.1 && p[1] < 0.1 && p[4] < 0.1 && p[5] < 0.1, "\(p)")
        #expect(p[2] > 0.9 && p[3] > 0.9, "\(p)")
        let used = model.thresholds.filter { $0.isFinite }
        #expect(used.contains { abs($0 - 0.2) < 0.02 } && used.contains { abs($0 - 0.6) < 0.02 }, "\(Set(used).sorted())")
    }

    /// The same rows give the same trees; the rows' order within a class does not matter for the bins.
    @Test func fittingIsDeterministic() throws {
        let (a, b) = Self.grid(30)
        let labels = zip(a, b).map { $0 + $1 > 1 }
        let x = try Matrix(rows: a.count, columns: 2, columnMajor: a + b)
        let m1 = try GradientBoostedTrees(fitting: x, labels: labels, settings: Self.settings)
        let m2 = try GradientBoostedTrees(fitting: x, labels: labels, settings: Self.settings)
        #expect(m1 == m2)
    }

    /// A leaf needs `minChildWeight` of Hessian: with it larger than half the rows' total, no split is allowed
    /// and every row scores the base rate.
    @Test func minChildWeightStopsSplits() throws {
        let n = 400
        let v = (0..<n).map { Double($0) }
        let labels = v.map { $0 >= 300 }
        let s = GradientBoostedTrees.Settings(rounds: 5, depth: 3, learningRate: 0.5, lambda: 0, minChildWeight: 1e6)
        let model = try GradientBoostedTrees(fitting: try Matrix(rows: n, columns: 1, columnMajor: v), labels: labels, settings: s)
        #expect(model.features.allSatisfy { $0 < 0 })
        let p = try model.probabilities(try Matrix(rows: 2, columns: 1, columnMajor: [0, 399]))
        #expect(abs(p[0] - 0.25) < 1e-9 && abs(p[1] - 0.25) < 1e-9, "\(p)")
    }

    @Test func badInputIsATypedError() throws {
        let x = try Matrix(rows: 3, columns: 1, columnMajor: [1, 2, 3])
        #expect(throws: ModelError.self) { try GradientBoostedTrees(fitting: x, labels: [true, false], settings: Self.settings) }
        #expect(throws: ModelError.self) { try GradientBoostedTrees(fitting: x, labels: [true, true, true], settings: Self.settings) }
        var bad = Self.settings
        bad.depth = 9
        #expect(throws: ModelError.self) { try GradientBoostedTrees(fitting: x, labels: [true, false, true], settings: bad) }
        let model = try GradientBoostedTrees(fitting: x, labels: [true, false, true], settings: Self.settings)
        #expect(throws: ModelError.self) { try model.probabilities(try Matrix(rows: 1, columns: 2, columnMajor: [1, 2])) }
    }
}
