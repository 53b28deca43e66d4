import Evaluation
import Testing

@Suite struct LeadTimeEvaluationTests {
    static let minute: Int64 = 60_000
    static let ts = (0..<120).map { Int64($0) * minute }
    static let failures = [
        PredictedFailure(id: "a", kind: "memory-leak", startMs: 40 * minute, endMs: 44 * minute),
        PredictedFailure(id: "b", kind: "disk-fill", startMs: 100 * minute, endMs: 104 * minute),
    ]
    static let p = LeadTimeEvaluation.Parameters(warningTimeMs: 5 * minute, predictionPeriodMs: 10 * minute)

    static func warnings(_ rows: Set<Int>) -> [Bool] { (0..<120).map { rows.contains($0) } }

    static func evaluate(_ rows: Set<Int>, _ p: LeadTimeEvaluation.Parameters = p, ttf: [Double]? = nil) throws -> LeadTimeEvaluation {
        try LeadTimeEvaluation(timestamps: ts, warnings: warnings(rows), failures: failures, parameters: p, predictedTimeToFailureSeconds: ttf)
    }

    /// METRICS §7's worked example, including warnings exactly on both ends of a window and a failure with several warnings.
    @Test func confusionMatrixOfTheHandMadeTimeline() throws {
        let e = try Self.evaluate([25, 30, 35, 36, 60, 90, 96])
        #expect(e.truePositives == 4 && e.falsePositives == 3)
        #expect(e.falseNegatives == 18 && e.trueNegatives == 70)
        #expect(e.precision == .defined(4.0 / 7))
        #expect(e.recall == .defined(1))
        #expect(abs((e.f.value ?? 0) - 8.0 / 11) < 1e-12)
        #expect(e.leads.map(\.seconds) == [900, 600])
        #expect(e.leadTime(0.5) == .defined(750))
        #expect(e.leadTime(0.5, kind: "disk-fill") == .defined(600))
        #expect(e.falseWarningEpisodes == 2)
        #expect(abs((e.falseWarningsPerDay.value ?? 0) - 24) < 1e-9)
    }

    /// Each warned row says what it was: in the window (true), after the window's start with the failure already
    /// closer than Δt_l (too late), before a failure that starts within one more Δt_p (too early), or none.
    @Test func everyWarnedRowIsClassifiedWithTheFailureItRefersTo() throws {
        let e = try Self.evaluate([24, 25, 36, 60, 80, 90, 96])
        let outcomes = e.warnedRows.map { "\($0.row) \($0.outcome.rawValue) \($0.failure ?? "-")" }
        #expect(
            outcomes == [
                "24 too-early a", "25 true a", "36 too-late a", "60 false -", "80 too-early b", "90 true b", "96 too-late b",
            ])
        #expect(e.warnedRows.filter { $0.outcome == .truePositive }.count == e.truePositives)
        #expect(e.warnedRows.count == e.truePositives + e.falsePositives)
        // Rows inside a failure and rows whose window runs past the end are not eligible, so not listed.
        let late = try Self.evaluate([41, 115])
        #expect(late.warnedRows.isEmpty)
        #expect(LeadTimeEvaluation.pooled([e, e])?.warnedRows.isEmpty == true)
    }

    @Test func aWarningOneStepPastEitherBoundaryIsFalse() throws {
        // Row 24: window [29, 39] misses the failure at 40; row 36: [41, 51] starts after it.
        let e = try Self.evaluate([24, 36])
        #expect(e.truePositives == 0 && e.falsePositives == 2)
        #expect(e.recall == .defined(0))
        #expect(e.f == .defined(0))
        #expect(e.leadTime(0.5) == .undefined("no predicted failure"))
    }

    @Test func theEarliestOfTwoWarningsSetsTheLeadTime() throws {
        let e = try Self.evaluate([28, 33])
        #expect(e.truePositives == 2)
        #expect(e.leads.map(\.seconds) == [720])
        #expect(e.recall == .defined(0.5))
        #expect(e.recall(kind: "memory-leak") == .defined(1))
        #expect(e.recall(kind: "disk-fill") == .defined(0))
    }

    @Test func warningsDuringAFailureAndAtTheEndAreNotEligible() throws {
        // 42 lies in failure a; 110 has a window past the data's end.
        let e = try Self.evaluate([42, 110])
        #expect(e.truePositives + e.falsePositives == 0)
        #expect(e.falseWarningEpisodes == 0)
        #expect(e.precision == .undefined("no eligible warning"))
    }

    @Test func precisionAtALongerMinimumLeadDropsLateWarnings() throws {
        let rows: Set<Int> = [25, 30, 35, 95]
        let at5 = try Self.evaluate(rows)
        let at10 = try Self.evaluate(rows, .init(warningTimeMs: 10 * Self.minute, predictionPeriodMs: 10 * Self.minute))
        #expect(at5.precision == .defined(1))
        // Windows [t+10, t+20]: 25 and 30 still see the failure at 40; 35 and 95 are now too late.
        #expect(at10.truePositives == 2 && at10.falsePositives == 2)
        #expect(at10.recall == .defined(0.5))
    }

    @Test func failuresTooEarlyToPredictAreExcludedAndCounted() throws {
        let early = [PredictedFailure(id: "x", kind: "k", startMs: 10 * Self.minute, endMs: 12 * Self.minute)]
        let e = try LeadTimeEvaluation(timestamps: Self.ts, warnings: Self.warnings([]), failures: early, parameters: Self.p)
        #expect(e.unobservedFailures == 1 && e.observedFailures == 0)
        #expect(e.recall == .undefined("no observed failure"))
    }

    @Test func timeToFailureErrorIsTakenAtTruePositives() throws {
        var ttf = [Double](repeating: .infinity, count: 120)
        ttf[25] = 600  // actual 900: error 300
        ttf[30] = 600  // actual 600: error 0
        ttf[60] = 100  // a false warning: not counted
        let e = try Self.evaluate([25, 30, 60], ttf: ttf)
        #expect(e.timeToFailureErrors == [300, 0])
        #expect(e.timeToFailureErrorMedian == .defined(150))
    }

    @Test func poolingSumsCountsBeforeTheRatios() throws {
        let a = try Self.evaluate([25, 60])
        let b = try Self.evaluate([90])
        let pooled = try #require(LeadTimeEvaluation.pooled([a, b]))
        #expect(pooled.truePositives == 2 && pooled.falsePositives == 1)
        #expect(pooled.precision == .defined(2.0 / 3))
        #expect(pooled.recall == .defined(0.5))
        #expect(pooled.scoredDays == a.scoredDays + b.scoredDays)
    }

    @Test func badParametersThrow() {
        #expect(throws: EvaluationError.self) {
            try Self.evaluate([], .init(warningTimeMs: 5 * Self.minute, predictionPeriodMs: 0))
        }
        #expect(throws: EvaluationError.self) {
            try Self.evaluate([], .init(warningTimeMs: -1, predictionPeriodMs: 60_000))
        }
        #expect(throws: EvaluationError.self) {
            try LeadTimeEvaluation(timestamps: [0, 1], warnings: [true], failures: [], parameters: Self.p)
        }
    }

    @Test func recordsCarryTheParametersAndTheGrid() throws {
        let main = try Self.evaluate([25, 30, 35, 36, 60, 90, 96])
        let grid = try Self.evaluate([25, 30, 35, 36, 60, 90, 96], .init(warningTimeMs: 0, predictionPeriodMs: 10 * Self.minute))
        let rs = LeadTimeEvaluation.records(
            dataset: "d", seed: 1, model: "m", main: main, grid: [grid], timeToFailure: false, base: ["threshold": "fixed"])
        let overall = try #require(rs.first { $0.metric == .predictionPrecision && $0.group.isEmpty })
        #expect(overall.parameters == ["threshold": "fixed", "dt_l_s": "300", "dt_p_s": "600"])
        #expect(rs.contains { $0.metric == .leadTimeMedian && $0.group == ["fault_type": "disk-fill"] && $0.value == 600 })
        #expect(rs.contains { $0.metric == .predictionPrecision && $0.group == ["dt_l_s": "0"] })
        #expect(!rs.contains { $0.metric == .ttfErrorMedian })
    }
}
