import Models
import Telemetry
import Testing

/// The contract every registered detector must meet (ARCHITECTURE.md, "Model contracts").
@Suite struct DetectorContractTests {
    static let names = ModelRegistry.standard.names
    static let training = Result { try Fixtures.mixedFrame(rows: 240, seed: 11) }
    static let test = Result { try Fixtures.mixedFrame(rows: 180, seed: 12, nanEvery: 23) }

    func fitted(_ name: String, seed: UInt64 = 5) throws -> any AnomalyDetector {
        var d = try ModelRegistry.standard.make(name: name, seed: seed, kinds: Fixtures.mixedKinds)
        try d.fit(training: try Self.training.get())
        return d
    }

    @Test(arguments: names)
    func scoresOfAPrefixEqualThePrefixOfTheScores(_ name: String) throws {
        let d = try fitted(name)
        let frame = try Self.test.get()
        let full = try d.scores(for: frame)
        for cut in [1, 17, 90, 179] {
            let prefix = try d.scores(for: frame.rows(0..<cut))
            #expect(prefix.scores == Array(full.scores[0..<cut]), "\(name) at cut \(cut)")
            if let p = prefix.perSeries, let f = full.perSeries {
                #expect(p == f.rows(0..<cut), "\(name) per-series at cut \(cut)")
            }
        }
    }

    /// Training and test parts reach `fit` and `scores` as views into one run's frame (row offset > 0,
    /// leading dimension > rows); a detector that indexed the storage as if compact would read the
    /// wrong rows here and differ from the compact copies.
    @Test(arguments: names)
    func viewsIntoOneFrameScoreAsTheirCompactCopies(_ name: String) throws {
        let training = try Self.training.get(), test = try Self.test.get()
        let run = try MetricFrame(columns: (0..<training.columns).map { training.column($0) + test.column($0) })
        let trainingView = run.rows(0..<training.rows), testView = run.rows(training.rows..<run.rows)
        #expect(!testView.isCompact && testView.columnStride == run.rows && testView.rows == test.rows)
        var onViews = try ModelRegistry.standard.make(name: name, seed: 5, kinds: Fixtures.mixedKinds)
        try onViews.fit(training: trainingView)
        let viaViews = try onViews.scores(for: testView)
        let compact = try fitted(name).scores(for: test)
        #expect(viaViews == compact, "\(name)")
    }

    @Test(arguments: names)
    func observingRowByRowEqualsBatchScoring(_ name: String) throws {
        let d = try fitted(name)
        let frame = try Self.test.get()
        let batch = try d.scores(for: frame).scores
        guard var streaming = d as? any StreamingDetector else {
            Issue.record("\(name) is registered as streaming but does not conform to StreamingDetector")
            return
        }
        var live: [Double] = []
        for r in 0..<frame.rows {
            let row = frame.row(r)
            live.append(row.withUnsafeBufferPointer { streaming.observe($0) })
        }
        #expect(live == batch, "\(name)")
    }

    @Test(arguments: names)
    func sameSeedGivesSameScoresAndOneScorePerRow(_ name: String) throws {
        let frame = try Self.test.get()
        let a = try fitted(name, seed: 42).scores(for: frame)
        let b = try fitted(name, seed: 42).scores(for: frame)
        #expect(a == b)
        #expect(a.scores.count == frame.rows)
        if let p = a.perSeries {
            #expect(p.rows == frame.rows && p.columns == frame.columns)
        }
    }

    @Test(arguments: names)
    func scoresAreFiniteEvenWithMissingValues(_ name: String) throws {
        let s = try fitted(name).scores(for: try Self.test.get())
        #expect(s.scores.allSatisfy { $0.isFinite }, "\(name)")
        #expect(s.perSeries?.values.allSatisfy { $0.isFinite } ?? true, "\(name)")
    }

    @Test(arguments: names)
    func unfittedDetectorsScoreCausallyToo(_ name: String) throws {
        let d = try ModelRegistry.standard.make(name: name, seed: 3)
        let frame = try Self.test.get()
        let full = try d.scores(for: frame).scores
        let prefix = try d.scores(for: frame.rows(0..<60)).scores
        #expect(prefix == Array(full[0..<60]))
        #expect(full.allSatisfy { $0.isFinite })
    }

    @Test(arguments: names)
    func scoringAFrameWithTheWrongSeriesCountThrows(_ name: String) throws {
        guard name != "null" && name != "random" else { return }
        let d = try fitted(name)
        let narrow = try Self.test.get().selecting(columns: [0, 2])
        #expect(throws: ModelError.self) { try d.scores(for: narrow) }
    }
}
