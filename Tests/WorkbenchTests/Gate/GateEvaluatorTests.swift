import Evaluation
import Foundation
import Reports
import Testing

@testable import Workbench

/// Every branch of the rule model on hand-made figures: the expected status is computed by hand beside each case.
@Suite struct GateEvaluatorTests {
    /// A run of suite `ci` whose figures are `(dataset, seed, model, metric, value)`; nil values are undefined.
    func run(_ figures: [(String, UInt64?, String, String, Double?)], suite: String = "ci") -> GateRun {
        let records = figures.map { d, s, m, x, v in
            MetricRecord(dataset: d, seed: s, model: m, metric: MetricID(rawValue: x)!, value: v.map { .defined($0) } ?? .undefined("no alarms"))
        }
        let result = RunResult(
            run: RunInfo(name: suite, spec: "Scenarios/suites/\(suite).yaml", faultlineVersion: "test", command: "test"), metrics: records)
        return GateRun(path: "Results/\(suite)", suite: suite, result: result)
    }

    func baseline(_ figures: [(String, UInt64?, String, String, Double?)], suite: String = "ci") throws -> GateBaseline {
        try GateBaseline(
            entries: figures.map { GateBaseline.Entry(suite: suite, dataset: $0.0, seed: $0.1, model: $0.2, metric: $0.3, value: $0.4) },
            command: "test")
    }

    func rules(_ body: String) throws -> GateRules {
        try GateRules.parse(yaml: "rules:\n" + body, source: "gates.yaml")
    }

    func evaluate(_ r: GateRules, _ runs: [GateRun], _ b: GateBaseline?) throws -> GateResult {
        try GateEvaluator.evaluate(rules: r, runs: runs, baseline: b, baselinePath: b == nil ? nil : "base.json")
    }

    static let f1Rule = """
          - name: f1
            select: {model: ewma, metric: f1}
            direction: higher
            tolerance: 0.05
            noise: 0.02

        """

    @Test func aChangeWithinTheToleranceAndTheNoiseFloorPasses() throws {
        // Baseline mean 0.8; run mean 0.79: worse by 0.01 < 0.05·0.8 = 0.04 and < 0.02.
        let g = try evaluate(
            rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", 0.78), ("tiny", 2, "ewma", "f1", 0.80)])],
            baseline([("tiny", 1, "ewma", "f1", 0.8), ("tiny", 2, "ewma", "f1", 0.8)]))
        #expect(g.verdict == .pass)
        let c = try #require(g.checks.first)
        #expect(c.status == .pass && c.seeds == [1, 2] && c.comparedSeeds == [1, 2])
        #expect(try #require(c.delta) == (0.79 - 0.8))
        #expect(abs(try #require(c.allowedChange) - 0.04) < 1e-12)
    }

    @Test func aChangeCountsOnlyWhenItExceedsBothTheToleranceAndTheNoiseFloor() throws {
        // Worse by 0.05: above 0.04 (5 % of 0.8) and above 0.02 → fail.
        let worse = try evaluate(
            rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", 0.75)])], baseline([("tiny", 1, "ewma", "f1", 0.8)]))
        #expect(worse.verdict == .fail)
        #expect(worse.checks[0].message.contains("0.75 vs baseline 0.8"))
        // Baseline 0.1: 5 % is 0.005; worse by 0.015 exceeds the tolerance but not the noise floor 0.02 → pass.
        let noisy = try evaluate(
            rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", 0.085)])], baseline([("tiny", 1, "ewma", "f1", 0.1)]))
        #expect(noisy.verdict == .pass)
        // Baseline 1.0: 5 % is 0.05; worse by 0.03 exceeds the noise floor but not the tolerance → pass.
        let tolerated = try evaluate(
            rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", 0.97)])], baseline([("tiny", 1, "ewma", "f1", 1.0)]))
        #expect(tolerated.verdict == .pass)
    }

    @Test func lowerIsBetterTurnsAnIncreaseIntoARegression() throws {
        let r = try rules(
            """
              - name: alarms
                select: {metric: false_alarms_per_day}
                direction: lower
                tolerance: 0.1
            """)
        let up = try evaluate(
            r, [run([("tiny", 1, "ewma", "false_alarms_per_day", 12)])], baseline([("tiny", 1, "ewma", "false_alarms_per_day", 10)]))
        #expect(up.verdict == .fail)
        let down = try evaluate(
            r, [run([("tiny", 1, "ewma", "false_alarms_per_day", 5)])], baseline([("tiny", 1, "ewma", "false_alarms_per_day", 10)]))
        #expect(down.verdict == .pass)
        // A gain beyond the tolerance is noted as worth re-baselining.
        #expect(down.notes.count == 1 && down.notes[0].contains("baseline update"))
    }

    @Test func floorsAndCeilingsAreAbsolute() throws {
        let r = try rules(
            """
              - name: floor
                select: {metric: f1}
                direction: higher
                floor: 0.5
              - name: ceiling
                select: {metric: false_alarms_per_day}
                direction: lower
                ceiling: 20
            """)
        let g = try evaluate(r, [run([("tiny", 1, "ewma", "f1", 0.49), ("tiny", 1, "ewma", "false_alarms_per_day", 21)])], nil)
        #expect(g.checks.map(\.status) == [.fail, .fail])
        #expect(g.checks[0].bound == "≥ 0.5" && g.checks[1].bound == "≤ 20")
        let ok = try evaluate(r, [run([("tiny", 1, "ewma", "f1", 0.5), ("tiny", 1, "ewma", "false_alarms_per_day", 20)])], nil)
        #expect(ok.verdict == .pass)
    }

    @Test func aBootstrapFloorFailsOnlyWhenTheUpperConfidenceBoundIsBelowIt() throws {
        let r = try rules(
            """
              - name: floor
                select: {metric: f1}
                direction: higher
                floor: 0.5
                min_seeds: 3
                bootstrap: {confidence: 0.95, samples: 2000, seed: 7}
            """)
        // Mean 0.45 is below the floor, but one seed at 0.9 puts the upper bound above it: pass.
        let spread = try evaluate(r, [run([("t", 1, "m", "f1", 0.9), ("t", 2, "m", "f1", 0.25), ("t", 3, "m", "f1", 0.2)])], nil)
        #expect(spread.verdict == .pass)
        #expect(try #require(spread.checks[0].confidenceBound) > 0.5)
        // Every seed below the floor: every resampled mean is too, so the bound is (≤ 0.45) below 0.5: fail.
        let low = try evaluate(r, [run([("t", 1, "m", "f1", 0.45), ("t", 2, "m", "f1", 0.4), ("t", 3, "m", "f1", 0.3)])], nil)
        #expect(low.verdict == .fail)
        #expect(try #require(low.checks[0].confidenceBound) <= 0.45)
        // Same seed, same bound: the bootstrap is deterministic.
        let again = try evaluate(r, [run([("t", 1, "m", "f1", 0.9), ("t", 2, "m", "f1", 0.25), ("t", 3, "m", "f1", 0.2)])], nil)
        #expect(again.checks[0].confidenceBound == spread.checks[0].confidenceBound)
    }

    @Test func aWarnRuleReportsButPasses() throws {
        let r = try rules(
            """
              - name: soft
                select: {metric: f1}
                direction: higher
                floor: 0.9
                severity: warn
            """)
        let g = try evaluate(r, [run([("t", 1, "m", "f1", 0.5)])], nil)
        #expect(g.checks[0].status == .warn && g.verdict == .pass)
    }

    @Test func fewerSeedsThanTheRuleNeedsIsADataError() throws {
        let r = try rules(
            """
              - name: seeds
                select: {metric: f1}
                direction: higher
                floor: 0.1
                min_seeds: 3
            """)
        let g = try evaluate(r, [run([("t", 1, "m", "f1", 0.5), ("t", 2, "m", "f1", 0.5)])], nil)
        #expect(g.verdict == .error && g.checks[0].message.contains("needs at least 3"))
    }

    @Test func aFigureMissingFromTheBaselineIsAWarningNeverAFailure() throws {
        let g = try evaluate(
            rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", 0.1), ("tiny", 1, "ewma2", "f1", 0.1)])], baseline([("tiny", 1, "other", "f1", 0.9)]))
        #expect(g.verdict == .pass)
        #expect(g.checks.count == 1 && g.checks[0].status == .warn && g.checks[0].message.contains("not in the baseline"))
        // A new seed of a known figure: warned, the known seeds still compared.
        let seeds = try evaluate(
            rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", 0.8), ("tiny", 2, "ewma", "f1", 0.1)])], baseline([("tiny", 1, "ewma", "f1", 0.8)]))
        #expect(seeds.checks[0].status == .warn && seeds.checks[0].comparedSeeds == [1])
    }

    @Test func aResultTheBaselineHasAndTheRunLacksIsADataError() throws {
        let g = try evaluate(rules(Self.f1Rule), [run([("tiny", 1, "ewma", "recall", 0.8)])], baseline([("tiny", 1, "ewma", "f1", 0.8)]))
        #expect(g.verdict == .error && g.checks[0].message.hasPrefix("missing result"))
        // A seed the baseline has and the run lacks, too.
        let seed = try evaluate(
            rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", 0.8)])], baseline([("tiny", 1, "ewma", "f1", 0.8), ("tiny", 2, "ewma", "f1", 0.8)]))
        #expect(seed.verdict == .error && seed.checks[0].message.contains("seed 2"))
    }

    @Test func aRuleThatSelectsNothingIsAMissingResult() throws {
        let g = try evaluate(rules(Self.f1Rule), [run([("tiny", 1, "zscore", "f1", 0.8)])], nil)
        #expect(g.verdict == .error)
        #expect(g.checks.count == 1 && g.checks[0].suite.isEmpty && g.checks[0].message.contains("selects no figure"))
    }

    @Test func becomingUndefinedBreaksTheRuleUnlessTheBaselineIsUndefinedToo() throws {
        let g = try evaluate(rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", nil)])], baseline([("tiny", 1, "ewma", "f1", 0.8)]))
        #expect(g.verdict == .fail && g.checks[0].message.contains("undefined on every seed"))
        let both = try evaluate(rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", nil)])], baseline([("tiny", 1, "ewma", "f1", nil)]))
        #expect(both.verdict == .pass)
        // One seed undefined out of two, the baseline defined on both: broken.
        let one = try evaluate(
            rules(Self.f1Rule), [run([("tiny", 1, "ewma", "f1", 0.8), ("tiny", 2, "ewma", "f1", nil)])],
            baseline([("tiny", 1, "ewma", "f1", 0.8), ("tiny", 2, "ewma", "f1", 0.8)]))
        #expect(one.verdict == .fail && one.checks[0].message.contains("became undefined on seed 2"))
    }

    @Test func selectorsGlobOnSuiteDatasetModelAndMetric() throws {
        let r = try rules(
            """
              - name: nab
                select: {suite: "ci-*", scenario: nab, model: "*novelty*", metric: "nab_*"}
                direction: higher
                floor: 50
            """)
        let g = try evaluate(
            r,
            [
                run([("tiny", 1, "novelty", "nab_standard", 10)]),
                run([("nab", nil, "novelty_ensemble", "nab_standard", 70), ("nab", nil, "zscore", "nab_standard", 10)], suite: "ci-nab"),
            ], nil)
        #expect(g.checks.map(\.model) == ["novelty_ensemble"] && g.verdict == .pass)
        #expect(g.checks[0].seeds.isEmpty)
    }

    @Test func baselineFalseChecksOnlyTheBounds() throws {
        let r = try rules(
            """
              - name: floor-only
                select: {metric: f1}
                direction: higher
                floor: 0.1
                baseline: false
            """)
        let g = try evaluate(r, [run([("tiny", 1, "ewma", "f1", 0.2)])], baseline([("tiny", 1, "ewma", "f1", 0.9)]))
        #expect(g.verdict == .pass && g.checks[0].baseline == nil)
    }

    @Test func meanOverSeedRecordsAreNotFiguresOfTheirOwn() throws {
        // A two-seed run also holds the seedless mean record; the gate and the baseline use the per-seed figures.
        var r = run([("tiny", 1, "ewma", "f1", 0.2), ("tiny", 2, "ewma", "f1", 0.4)])
        var mean = MetricRecord(dataset: "tiny", model: "ewma", metric: .f1, value: .defined(0.3))
        mean.parameters["seeds"] = "1,2"
        r.result.metrics.append(mean)
        let figures = try GateFigures.collect(r)
        #expect(figures.map(\.seed) == [1, 2])
    }
}
