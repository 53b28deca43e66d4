import Foundation
import Models
import Telemetry
import Testing

@Suite struct FailurePredictorContractTests {
    static let step: Int64 = 30_000
    static let rows = 720  // 6 h at 30 s
    static let trainRows = 240

    /// memory (rising linearly from row 400 to twice its level at row 700), disk, pool, error ratio and a CPU
    /// series that no predictor watches; a gap in the memory series.
    static func input(rows: Int = rows) throws -> PredictionInput {
        var g = SplitMix64(seed: 42)
        func noise() -> Double { Double(g.next() >> 11) * 0x1.0p-53 - 0.5 }
        let memory = (0..<rows).map { r -> Double in
            if r == 500 { return .nan }
            let base = 400e6 * (1 + 0.01 * noise())
            return r < 400 ? base : base + 400e6 * Double(r - 400) / 300
        }
        let disk = (0..<rows).map { _ in 0.4 + 0.002 * noise() }
        let pool = (0..<rows).map { (r: Int) -> Double in 0.3 + 0.05 * sin(Double(r) / 20) + 0.01 * noise() }
        let errors = (0..<rows).map { _ in max(0, 0.001 + 0.001 * noise()) }
        let cpu = (0..<rows).map { _ in 0.5 + 0.1 * noise() }
        let frame = try MetricFrame(columns: [memory, disk, pool, errors, cpu])
        let series = ["memory_bytes", "disk_util", "pool_util", "error_ratio", "cpu_util"].map {
            SeriesDescriptor(id: "svc.\($0)", entity: "svc", metric: $0, unit: "", kind: .gauge)
        }
        // Logs: an info line per row, a slow-request warning every 40 rows throughout, GC-overhead warnings once
        // memory is past 1.17× its level (row 450 on), more as it rises, and OOM errors from the failure (row 580).
        var logs: [LogRecord] = []
        for r in 0..<rows {
            let t = Int64(r) * step
            logs.append(LogRecord(timeMs: t + 1000, entity: "svc", severity: .info, body: "request completed in \(r % 17) ms"))
            if r % 40 == 3 {
                logs.append(
                    LogRecord(timeMs: t + 2000, entity: "svc", severity: .warn, body: "slow request duration_ms=\(1000 + r) threshold_ms=1000"))
            }
            if r >= 450 {
                for i in 0..<(1 + (r - 450) / 40) {
                    logs.append(
                        LogRecord(timeMs: t + 3000 + Int64(i), entity: "svc", severity: .warn, body: "GC overhead \(10 + r % 50)% of CPU time"))
                }
            }
            if r >= 580 && r < 600 {
                logs.append(LogRecord(timeMs: t + 4000, entity: "svc", severity: .error, body: "java.lang.OutOfMemoryError: Java heap space"))
            }
        }
        return try PredictionInput(frame: frame, series: series, timestamps: (0..<rows).map { Int64($0) * step }, logs: logs)
    }

    static let settings = PredictorSettings(horizonMs: 65 * 60_000)

    /// Targets for a learned predictor (METRICS §7, Δt_l 5 min, Δt_p 60 min): the "failure" is the memory
    /// series' crossing at row 580; rows before the training span's end and from the failure on are not eligible.
    static func labelled(_ input: PredictionInput) -> LabelledPredictionRun {
        let targets = (0..<input.frame.rows).map { t -> Bool? in
            guard t >= trainRows, t < 580 else { return nil }
            return 580 >= t + 10 && 580 <= t + 130
        }
        return LabelledPredictionRun(input: input, targets: targets)
    }

    static func fitted(_ name: String, _ input: PredictionInput) throws -> any FailurePredictor {
        var p = try PredictorRegistry.standard.make(name: name, seed: 7, settings: settings)
        let learns = try PredictorRegistry.standard.descriptor(named: name).needsLabelledTraining
        try p.fit(PredictorTraining(normal: input.prefix(trainRows), labelled: learns ? [labelled(input)] : []))
        return p
    }

    @Test func aLearnedPredictorWithoutLabelledRunsIsATypedError() throws {
        let input = try Self.input()
        var p = try PredictorRegistry.standard.make(name: "logistic", seed: 1, settings: Self.settings)
        #expect(throws: ModelError.self) { try p.fit(PredictorTraining(normal: input.prefix(Self.trainRows))) }
    }

    /// The learned models rank the rows whose window holds the failure above the flat part's rows (the log model
    /// from row 470 on, once the GC warnings it reads have built up).
    @Test(arguments: [("logistic", 450), ("boosted", 450), ("log_precursor", 470)])
    func theLearnedPredictorsLearnTheLeadWindow(name: String, from: Int) throws {
        let input = try Self.input()
        let out = try Self.fitted(name, input).predict(input)
        let inWindow = out.scores[from..<570].reduce(0, +) / Double(570 - from)
        let flat = out.scores[240..<400].reduce(0, +) / 160
        #expect(inWindow > 0.5 && flat < 0.2, "\(name): window mean \(inWindow), flat mean \(flat)")
    }

    /// The log model refuses a dataset without logs, naming what it reads.
    @Test func theLogModelWithoutLogsIsATypedError() throws {
        var input = try Self.input()
        input.logs = []
        var p = try PredictorRegistry.standard.make(name: "log_precursor", seed: 1, settings: Self.settings)
        #expect(throws: ModelError.self) { try p.fit(PredictorTraining(normal: input.prefix(Self.trainRows), labelled: [Self.labelled(input)])) }
    }

    static let names = PredictorRegistry.standard.names

    @Test(arguments: names)
    func predictionsAreDeterministicAndFinite(name: String) throws {
        let input = try Self.input()
        let a = try Self.fitted(name, input).predict(input)
        let b = try Self.fitted(name, input).predict(input)
        #expect(a == b)
        #expect(a.scores.count == Self.rows)
        #expect(a.scores.allSatisfy { $0.isFinite })
        let descriptor = try PredictorRegistry.standard.descriptor(named: name)
        #expect((a.timeToFailureSeconds != nil) == descriptor.estimatesTimeToFailure)
        #expect(a.timeToFailureSeconds?.allSatisfy { !$0.isNaN && $0 >= 0 } ?? true)
    }

    /// Causality: appending rows never changes the output for earlier rows.
    @Test(arguments: names)
    func futureRowsDoNotChangePastScores(name: String) throws {
        let input = try Self.input()
        let predictor = try Self.fitted(name, input)
        let full = try predictor.predict(input)
        for k in [1, 37, 300, 499, 501, 650] {
            let part = try predictor.predict(input.prefix(k))
            #expect(part.scores == Array(full.scores[0..<k]), "\(name) prefix \(k)")
            #expect(part.timeToFailureSeconds == full.timeToFailureSeconds.map { Array($0[0..<k]) }, "\(name) prefix \(k)")
        }
    }

    @Test(arguments: names.filter { $0 != "random" })
    func aFrameWithoutResourceSeriesIsATypedError(name: String) throws {
        let input = try Self.input()
        let cpuOnly = try PredictionInput(
            frame: input.frame.selecting(columns: [4]), series: [input.series[4]], timestamps: input.timestamps)
        var p = try PredictorRegistry.standard.make(name: name, seed: 1, settings: Self.settings)
        #expect(throws: ModelError.self) { try p.fit(PredictorTraining(normal: cpuOnly.prefix(Self.trainRows))) }
        let fitted = try Self.fitted(name, input)
        #expect(throws: ModelError.self) { _ = try fitted.predict(cpuOnly) }
    }

    @Test func badNamesParametersAndHorizonsAreTypedErrors() {
        let r = PredictorRegistry.standard
        #expect(throws: ModelError.unknownModel(name: "theilsen", nearest: "theil_sen")) {
            try r.make(name: "theilsen", seed: 1, settings: Self.settings)
        }
        #expect(throws: ModelError.self) { try r.make(name: "theil_sen", parameters: ["windows": "3"], seed: 1, settings: Self.settings) }
        #expect(throws: ModelError.self) { try r.make(name: "ar_forecast", parameters: ["order": "-1"], seed: 1, settings: Self.settings) }
        #expect(throws: ModelError.self) { try r.make(name: "theil_sen", seed: 1, settings: PredictorSettings(horizonMs: 0)) }
    }

    /// The memory series crosses 1.6 × its training median (640 MB) at row 580; trend and forecast models warn
    /// (score ≥ ½: crossing within the horizon) before it, the persistence baseline only at it.
    @Test(arguments: ["theil_sen", "ar_forecast", "holt_winters_forecast"])
    func trendModelsWarnBeforeTheCrossingWithAUsefulEstimate(name: String) throws {
        let input = try Self.input()
        let out = try Self.fitted(name, input).predict(input)
        let firstWarning = try #require(out.scores.firstIndex { $0 >= 0.5 })
        #expect(firstWarning > 400 && firstWarning < 580, "\(name) first warning at row \(firstWarning)")
        #expect(out.scores[0..<400].allSatisfy { $0 < 0.5 }, "\(name) warned on the flat part")
        // At row 540 the true time to the crossing is 40 rows = 1200 s.
        let estimate = try #require(out.timeToFailureSeconds?[540])
        #expect(abs(estimate - 1200) < 400, "\(name) estimate \(estimate) s")
        let persistence = try Self.fitted("persistence", input).predict(input)
        #expect(persistence.scores[0..<575].allSatisfy { $0 < 1 })
    }

    /// With the entity's memory limit known (760 MB, as Kubernetes exports it) the crossing is at row 670, not
    /// at 1.6 × the median (640 MB, row 580): the trend model warns later, and its estimate is from that limit.
    @Test func aKnownMemoryLimitReplacesTheMultipleOfTheMedian() throws {
        var input = try Self.input()
        let guessed = try Self.fitted("theil_sen", input).predict(input)
        input.memoryLimits = ["svc": 760e6]
        let known = try Self.fitted("theil_sen", input).predict(input)
        let firstGuessed = try #require(guessed.scores.firstIndex { $0 >= 0.5 })
        let firstKnown = try #require(known.scores.firstIndex { $0 >= 0.5 })
        #expect(firstKnown > firstGuessed + 60, "known \(firstKnown), guessed \(firstGuessed)")
        // At row 600 the straight line reaches 760 MB in 70 rows = 2100 s.
        let estimate = try #require(known.timeToFailureSeconds?[600])
        #expect(abs(estimate - 2100) < 500, "estimate \(estimate) s")
        // Another entity's limit is not this series'.
        input.memoryLimits = ["other": 760e6]
        #expect(try Self.fitted("theil_sen", input).predict(input) == guessed)
    }
}
