import Models
import Telemetry
import Testing

/// Issue 17: every number a model or threshold accepts is bounded before anything is allocated, window-like
/// parameters are checked against the data, and a threshold that overflows is an error.
@Suite struct HostileParameterTests {
    let registry = ModelRegistry.standard

    /// Every integer and real parameter of every registered model has a finite upper bound.
    @Test func everyNumericParameterHasAFiniteMaximum() {
        for d in registry.descriptors {
            for p in d.parameters {
                switch p.constraint {
                case let .integer(_, max): #expect(max != nil, "\(d.name).\(p.name) has no maximum")
                case let .real(_, _, max, _): #expect(max != nil, "\(d.name).\(p.name) has no maximum")
                case .powerOfTwo, .choice: break
                }
            }
        }
    }

    // Regression (issue 17): zscore window 2^62 corrupted the heap (malloc(): invalid size, SIGSEGV), change_point
    // reference 1e12 and holt_winters max_period 2^62 tried to allocate terabytes or trapped.
    @Test(arguments: [
        ("zscore", "window"), ("change_point", "reference"), ("change_point", "recent"), ("holt_winters", "max_period"),
        ("holt_winters", "period"), ("knn", "k"), ("isolation_forest", "samples"), ("pca", "components"), ("entropy_novelty", "probation"),
    ])
    func hugeIntegersAreRefusedBeforeAnyAllocation(_ model: String, _ key: String) {
        for value in ["4611686018427387904", "1000000000000", "9223372036854775807"] {
            #expect(throws: ModelError.self) { try registry.validate(name: model, parameters: [key: value]) }
            do {
                try registry.validate(name: model, parameters: [key: value])
            } catch let e as ModelError {
                #expect(e.isConfigurationError)
                #expect(e.description.contains(key))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func aWindowLongerThanTheDataIsRefusedWhenTheRowsAreKnown() throws {
        #expect(
            throws: ModelError.invalidParameter(
                model: "zscore", key: "window", value: "500",
                reason: "longer than the 100 rows of the data it would run on (a window that never fills)")
        ) {
            try registry.make(name: "zscore", parameters: ["window": "500"], seed: 0, dataRows: 100)
        }
        _ = try registry.make(name: "zscore", parameters: ["window": "100"], seed: 0, dataRows: 100)
        #expect(throws: ModelError.self) { try registry.make(name: "change_point", parameters: ["reference": "101"], seed: 0, dataRows: 100) }
        #expect(throws: ModelError.self) { try registry.make(name: "ensemble", parameters: ["window": "101"], seed: 0, dataRows: 100) }
        // A parameter that is not a window (the histogram library size) is not compared with the rows.
        _ = try registry.make(name: "entropy_novelty", parameters: ["references": "1000"], seed: 0, dataRows: 100)
    }

    @Test func anIsolationForestTooLargeForItsNodeBudgetIsRefusedAtFit() throws {
        var forest = try registry.make(name: "isolation_forest", parameters: ["trees": "100000", "samples": "100000"], seed: 1)
        let frame = MetricFrame(rows: 2000, columns: 2, repeating: 1)
        #expect(throws: ModelError.self) { try forest.fit(training: frame) }
    }

    // Regression (issue 17): all-1e308 scores with kSigma gave θ = ∞ in silence.
    @Test func anInfiniteThresholdIsAnError() {
        let scores = [Double](repeating: 1e308, count: 50)
        do {
            _ = try ThresholdSpec.kSigma(3).apply(trainingScores: scores, testScores: scores)
            Issue.record("θ = ∞ was accepted")
        } catch let ModelError.insufficientData(what, reason) {
            #expect(what == "threshold policy kSigma")
            #expect(reason.contains("not a finite number"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    // Regression (issue 17): `for: 9223372036854775807ms` trapped converting the hold to Int64.
    @Test func thresholdParametersAreBounded() {
        let cases: [(String, String, String)] = [
            ("quantile", "for", "9223372036854775807ms"), ("quantile", "for", "367d"), ("kSigma", "k", "1e300"),
            ("budget", "per_day", "1e12"), ("dspot", "depth", "4611686018427387904"),
        ]
        for (policy, key, value) in cases {
            #expect(throws: ModelError.self, "\(policy).\(key) = \(value)") { try ThresholdSpec(policy: policy, parameters: [key: value]) }
        }
        #expect((try? ThresholdSpec(policy: "quantile", parameters: ["for": "366d"]))?.holdMs == 366 * 86_400_000)
    }

    @Test func logWindowCountsRefuseMoreWindowsThanTheLimit() {
        let records = [LogRecord(timeMs: 0, entity: "a", severity: .info, body: "x")]
        #expect(throws: ModelError.self) {
            try LogWindowCounts(records: records, startMs: 0, endMs: Int64.max, windowMs: 1, stepMs: 1)
        }
        #expect(throws: ModelError.self) {
            try LogWindowCounts(records: records, startMs: Int64.min, endMs: Int64.max, windowMs: 1, stepMs: 1)
        }
    }
}
