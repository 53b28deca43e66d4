import Models
import Telemetry
import Testing

@Suite struct CounterTests {
    @Test func aDropIsTreatedAsAResetAndTheFirstValueHasNoIncrement() {
        var d = CounterDifferencer()
        let out = [100.0, 110, .nan, 130, 5, 9].map { d.next($0) }
        #expect(out[0].isNaN && out[2].isNaN && out[4].isNaN)  // first value, gap, restart
        #expect(out[3] == 20)  // 130 − 110 spans the gap
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

    @Test func kindsOfTheWrongLengthAreRejected() throws {
        var d = try ModelRegistry.standard.make(name: "zscore", seed: 0, kinds: [.counter])
        #expect(throws: ModelError.self) { try d.fit(training: try Fixtures.mixedFrame(rows: 20, seed: 1)) }
    }
}
