import Models
import Telemetry
import Testing

@Suite struct CounterTests {
    @Test func aDropIsTreatedAsAResetTheFirstValueHasNoIncrementAndAGapIsSpread() {
        var d = CounterDifferencer()
        let out = [100.0, 110, .nan, 130, 5, 9].map { d.next($0) }
        #expect(out[0].isNaN && out[2].isNaN && out[4].isNaN)  // first value, gap, restart
        #expect(out[3] == 10)  // (130 − 110) spans the gap: two rows, 10 a row
        #expect(out[5] == 4)  // 9 − 5 after the restart
        #expect(out[1] == 10)
    }

    @Test func aCounterResetDoesNotLookLikeAnAnomalyWhenTheKindIsKnown() throws {
        var rng = SeededGenerator(seed: 21)
        var total = 0.0
        var values: [Double] = []
        for r in 0..<600 {
            total += 10 + rng.nextUniform()
            if r == 450 { total = 2 }
            values.append(total)
        }
        let train = try MetricFrame(columns: [Array(values[0..<300])])
        let test = try MetricFrame(columns: [Array(values[300...])])
        for name in ["zscore", "mad", "cusum", "ewma"] {
            var asCounter = try ModelRegistry.standard.make(name: name, seed: 0, kinds: [.counter])
            try asCounter.fit(training: train)
            let s = try asCounter.scores(for: test).scores
            #expect(s[150] < 6, "\(name): reset row scored \(s[150]) as a counter")
            // A restarting CUSUM (h > 0) is already signalling on the rising raw totals; without restarts
            // the drop itself stands out.
            let gaugeParameters = name == "cusum" ? ["h": "0"] : [:]
            var asGauge = try ModelRegistry.standard.make(name: name, parameters: gaugeParameters, seed: 0)
            try asGauge.fit(training: train)
            let g = try asGauge.scores(for: test).scores
            #expect(g[150] > 6, "\(name): the raw drop should look anomalous to a gauge detector, got \(g[150])")
        }
    }

    @Test(arguments: ["pca", "mahalanobis", "knn", "isolation_forest", "ecod"])
    func multivariateModelsSeeCounterIncrementsNotTotals(_ name: String) throws {
        // Two series: a gauge around 5 and a counter growing by ~10 a row. Scored on later rows, raw totals
        // lie far outside the training range; increments do not.
        var rng = SeededGenerator(seed: 4)
        var total = 0.0
        var gauge: [Double] = [], counter: [Double] = []
        for _ in 0..<800 {
            total += 10 + rng.nextUniform()
            counter.append(total)
            gauge.append(5 + rng.nextGaussian())
        }
        let train = try MetricFrame(columns: [Array(gauge[0..<400]), Array(counter[0..<400])])
        let all = try MetricFrame(columns: [gauge, counter])
        var aware = try ModelRegistry.standard.make(name: name, seed: 1, kinds: [.gauge, .counter])
        try aware.fit(training: train)
        let a = try aware.scores(for: all).scores
        // With increments the late rows score like the training rows (raw totals drift out of range).
        let trainMaxAware = a[1..<400].max() ?? 0, lateMaxAware = a[600...].max() ?? 0
        #expect(lateMaxAware <= 2 * trainMaxAware, "\(name): increments late \(lateMaxAware) vs training \(trainMaxAware)")
        // The adapter is causal: a prefix scores as the prefix of the whole.
        let prefix = try aware.scores(for: all.rows(0..<500)).scores
        #expect(prefix == Array(a[0..<500]))
    }

    @Test func theAdapterDifferencesOnlyCounterColumns() throws {
        let adapter = CounterIncrementDetector(
            PCADetector(components: 1, perSeries: false, threads: 1),
            kinds: [.gauge, .counter])
        let out = try adapter.increments(try MetricFrame(columns: [[1, 2, 3, 4], [10, 15, 3, 7]]))
        #expect(out.column(0) == [1, 2, 3, 4])
        let c = out.column(1)
        #expect(c[0].isNaN && c[1] == 5 && c[2].isNaN && c[3] == 4)  // first row, +5, restart, +4
        #expect(throws: ModelError.self) { try adapter.increments(try MetricFrame(columns: [[1.0]])) }
    }

    @Test func kindsOfTheWrongLengthAreRejected() throws {
        var d = try ModelRegistry.standard.make(name: "zscore", seed: 0, kinds: [.counter])
        #expect(throws: ModelError.self) { try d.fit(training: try Fixtures.mixedFrame(rows: 20, seed: 1)) }
    }
}
