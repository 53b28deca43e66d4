import Foundation
import Reports
import Telemetry

/// Applies gate rules to runs' figures and a baseline's: a pure function from values to a `GateResult`.
///
/// For each rule and each (suite, dataset, model, metric) it selects, in the run or in the baseline:
/// - a figure the baseline has and the run lacks (or a seed of it) is a missing result: an `error` check (exit 3);
/// - fewer seeds than `min_seeds` is an `error` check too (the rule would gate on too little);
/// - the value is the mean over the run's seeds (undefined seeds left out and named); undefined on every seed
///   breaks the rule unless the baseline is undefined there too;
/// - a floor (ceiling) breaks the rule when the value — with `bootstrap`, the upper (lower) one-sided confidence
///   bound of the mean over seeds — is below (above) it;
/// - against the baseline, on the seeds both have: a change counts only when it is worse by more than
///   `tolerance · |baseline|` **and** by more than `noise`; a figure defined in the baseline and undefined in the
///   run breaks the rule; a figure or seed missing from the baseline is a warning, never a failure;
/// - a broken rule is a `fail` or `warn` check by its severity.
public enum GateEvaluator {
    struct FigureKey: Hashable, Comparable {
        var suite, dataset, model, metric: String
        static func < (a: FigureKey, b: FigureKey) -> Bool {
            (a.suite, a.dataset, a.model, a.metric) < (b.suite, b.dataset, b.model, b.metric)
        }
    }

    /// One figure's values by seed (nil = seedless), as defined value or undefined reason.
    typealias BySeed = [UInt64?: (value: Double?, reason: String?)]

    /// Evaluates `rules` on `runs` against `baseline`.
    ///
    /// - Throws: `DataError` for an ambiguous run (`GateFigures.collect`).
    public static func evaluate(rules: GateRules, runs: [GateRun], baseline: GateBaseline?, baselinePath: String?) throws -> GateResult {
        var current: [FigureKey: BySeed] = [:]
        for run in runs {
            for e in try GateFigures.collect(run) {
                current[FigureKey(suite: e.suite, dataset: e.dataset, model: e.model, metric: e.metric), default: [:]][e.seed] = (
                    e.value, e.undefined
                )
            }
        }
        var reference: [FigureKey: BySeed] = [:]
        for e in baseline?.entries ?? [] {
            reference[FigureKey(suite: e.suite, dataset: e.dataset, model: e.model, metric: e.metric), default: [:]][e.seed] = (e.value, e.undefined)
        }
        var checks: [GateCheck] = []
        var notes: [String] = []
        for rule in rules.rules {
            let s = rule.select
            let keys = Set(current.keys).union(reference.keys).filter {
                s.matches(suite: $0.suite, dataset: $0.dataset, model: $0.model, metric: $0.metric)
            }.sorted()
            if keys.isEmpty {
                checks.append(
                    GateCheck(
                        rule: rule.name, ruleLine: rule.line, severity: rule.severity.rawValue, suite: "", dataset: "", model: "",
                        metric: s.metric, direction: rule.direction.rawValue, status: .error,
                        message:
                            "missing result: the rule selects no figure of the runs\(baseline == nil ? "" : " or the baseline") (suite '\(s.suite)', dataset '\(s.dataset)', model '\(s.model)', metric '\(s.metric)')"
                    ))
                continue
            }
            for key in keys {
                let (check, note) = check(rule: rule, key: key, run: current[key], base: baseline == nil ? nil : (reference[key] ?? [:]))
                checks.append(check)
                if let note { notes.append(note) }
            }
        }
        return GateResult(rulesFile: rules.source, baselineFile: baselinePath, runs: runs.map(\.path), checks: checks, notes: notes)
    }

    /// One rule on one figure. `base` is nil without a baseline file, empty when the baseline lacks the figure.
    static func check(rule: GateRules.Rule, key: FigureKey, run: BySeed?, base: BySeed?) -> (GateCheck, String?) {
        var c = GateCheck(
            rule: rule.name, ruleLine: rule.line, severity: rule.severity.rawValue, suite: key.suite, dataset: key.dataset, model: key.model,
            metric: key.metric, direction: rule.direction.rawValue, status: .pass, message: "")
        guard let run, !run.isEmpty else {
            c.status = .error
            let seeds = sortedSeeds(base ?? [:])
            c.seeds = seeds.compactMap { $0 }
            c.message = "missing result: \(key.metric) of \(key.model) on \(key.dataset) is in the baseline\(seedText(seeds)) but not in the run"
            return (c, nil)
        }
        let seeds = sortedSeeds(run)
        c.seeds = seeds.compactMap { $0 }
        let defined = seeds.compactMap { s in run[s]?.value.map { (s, $0) } }
        let undefinedSeeds = seeds.filter { run[$0]?.value == nil }
        let value = defined.isEmpty ? nil : defined.map(\.1).reduce(0, +) / Double(defined.count)
        c.value = value
        let higher = rule.direction == .higher
        // How much worse `a` is than `b` (positive = worse).
        func worse(_ a: Double, than b: Double) -> Double { higher ? b - a : a - b }

        if let base, !base.isEmpty, rule.againstBaseline {
            let missing = sortedSeeds(base).filter { run[$0] == nil }
            if !missing.isEmpty {
                c.status = .error
                c.message = "missing result: \(key.metric) has no figure\(seedText(missing)) in the run, which the baseline has"
                return (c, nil)
            }
        }
        if seeds.count < rule.minSeeds {
            c.status = .error
            c.message =
                "\(key.metric) has \(seeds.count) seed\(seeds.count == 1 ? "" : "s")\(seedText(seeds)); the rule needs at least \(rule.minSeeds)"
            return (c, nil)
        }

        var broken: [String] = []
        var warnings: [String] = []
        var passed: [String] = []
        var note: String?
        let shownValue = "\(key.metric) \(GateText.number(value))"
        let baseAllUndefined = base.map { !$0.isEmpty && $0.values.allSatisfy { $0.value == nil } } ?? false
        if value == nil {
            let reason = undefinedSeeds.first.flatMap { run[$0]?.reason } ?? "undefined"
            if baseAllUndefined {
                passed.append("\(key.metric) is undefined (\(reason)), as in the baseline")
            } else {
                broken.append("\(key.metric) is undefined on every seed (\(reason))")
            }
        } else if !undefinedSeeds.isEmpty {
            warnings.append("\(key.metric) is undefined\(seedText(undefinedSeeds)); the value is the mean over the other seeds")
        }

        // Absolute bounds.
        if let v = value {
            var bounds: [String] = []
            var interval: (lower: Double, upper: Double)?
            if let b = rule.bootstrap, defined.count >= 2 {
                interval = bootstrapBounds(defined.map(\.1), b)
            }
            if let floor = rule.floor {
                bounds.append("≥ \(GateText.number(floor))")
                let test = interval?.upper ?? v
                if let interval { c.confidenceBound = interval.upper }
                if test < floor {
                    broken.append(
                        interval == nil
                            ? "\(shownValue) is below the floor \(GateText.number(floor))"
                            : "the upper \(percent(rule.bootstrap?.confidence)) confidence bound \(GateText.number(test)) of \(shownValue) is below the floor \(GateText.number(floor))"
                    )
                } else {
                    passed.append("\(shownValue) ≥ floor \(GateText.number(floor))")
                }
            }
            if let ceiling = rule.ceiling {
                bounds.append("≤ \(GateText.number(ceiling))")
                let test = interval?.lower ?? v
                if let interval, rule.floor == nil { c.confidenceBound = interval.lower }
                if test > ceiling {
                    broken.append(
                        interval == nil
                            ? "\(shownValue) is above the ceiling \(GateText.number(ceiling))"
                            : "the lower \(percent(rule.bootstrap?.confidence)) confidence bound \(GateText.number(test)) of \(shownValue) is above the ceiling \(GateText.number(ceiling))"
                    )
                } else {
                    passed.append("\(shownValue) ≤ ceiling \(GateText.number(ceiling))")
                }
            }
            if rule.bootstrap != nil, interval == nil, !bounds.isEmpty {
                warnings.append("fewer than 2 defined seeds: the bound was checked on the value, not a bootstrap bound")
            }
            if !bounds.isEmpty { c.bound = bounds.joined(separator: ", ") }
        }

        // Against the baseline, on the seeds both have.
        if let base, rule.againstBaseline {
            if base.isEmpty {
                warnings.append("\(key.metric) of \(key.model) on \(key.dataset) is not in the baseline (new): `faultline baseline update` adds it")
            } else {
                let newSeeds = seeds.filter { base[$0] == nil }
                if !newSeeds.isEmpty { warnings.append("\(key.metric)\(seedText(newSeeds)) is not in the baseline (new seeds)") }
                let lost = seeds.filter { base[$0]?.value != nil && run[$0]?.value == nil }
                if !lost.isEmpty, value != nil {
                    broken.append(
                        "\(key.metric) became undefined\(seedText(lost)) (\(run[lost[0]]?.reason ?? "undefined")); the baseline has a value")
                }
                let common = seeds.filter { base[$0]?.value != nil && run[$0]?.value != nil }
                c.comparedSeeds = common.compactMap { $0 }
                if !common.isEmpty {
                    let b = common.compactMap { base[$0]?.value }.reduce(0, +) / Double(common.count)
                    let r = common.compactMap { run[$0]?.value }.reduce(0, +) / Double(common.count)
                    let relative = rule.tolerance * abs(b)
                    let allowed = max(relative, rule.noise)
                    c.baseline = b
                    c.valueOnBaselineSeeds = r
                    c.delta = r - b
                    c.allowedChange = allowed
                    let w = worse(r, than: b)
                    let change =
                        "\(key.metric) \(GateText.number(r)) vs baseline \(GateText.number(b))\(seedText(common)): Δ \(GateText.delta(c))"
                    let limits =
                        "tolerance \(GateText.number(rule.tolerance * 100)) % of |baseline| = \(GateText.number(relative)), noise \(GateText.number(rule.noise))"
                    if w > relative && w > rule.noise {
                        broken.append("\(change), worse by more than \(GateText.number(allowed)) (\(limits))")
                    } else {
                        passed.append("\(change) within \(GateText.number(allowed))")
                        if -w > relative && -w > rule.noise {
                            note =
                                "\(key.suite): \(key.dataset) × \(key.model) \(key.metric) improved beyond the tolerance (\(GateText.delta(c))): `faultline baseline update` locks it in"
                        }
                    }
                } else if value != nil && !baseAllUndefined {
                    warnings.append("no seed has \(key.metric) defined in both the run and the baseline: nothing compared")
                }
            }
        }

        if !broken.isEmpty {
            c.status = rule.severity == .fail ? .fail : .warn
            c.message = (broken + warnings).joined(separator: "; ")
        } else if !warnings.isEmpty {
            c.status = .warn
            c.message = (warnings + passed).joined(separator: "; ")
        } else {
            c.status = .pass
            c.message = passed.isEmpty ? "\(shownValue)" : passed.joined(separator: "; ")
        }
        return (c, note)
    }

    /// Seedless first, then ascending.
    static func sortedSeeds(_ by: BySeed) -> [UInt64?] {
        by.keys.sorted { ($0.map { $0 &+ 1 } ?? 0) < ($1.map { $0 &+ 1 } ?? 0) }
    }

    static func seedText(_ seeds: [UInt64?]) -> String {
        let named = seeds.compactMap { $0 }
        guard !named.isEmpty else { return "" }
        return (named.count == 1 ? " on seed " : " on seeds ") + named.map(String.init).joined(separator: ",")
    }

    static func percent(_ c: Double?) -> String { c.map { String(format: "%g %%", $0 * 100) } ?? "" }

    /// One-sided percentile bounds of the mean over seeds: `samples` resamples with replacement (SplitMix64 from
    /// the rule's seed), the `1 − confidence` and `confidence` type-7 quantiles of the resampled means.
    static func bootstrapBounds(_ values: [Double], _ b: GateRules.Bootstrap) -> (lower: Double, upper: Double) {
        var rng = SplitMix64(seed: b.seed)
        let n = values.count
        var means = [Double](repeating: 0, count: b.samples)
        for i in 0..<b.samples {
            var sum = 0.0
            for _ in 0..<n { sum += values[Int(rng.next() % UInt64(n))] }
            means[i] = sum / Double(n)
        }
        means.sort()
        return (Quantile.type7(sortedNonEmpty: means, 1 - b.confidence), Quantile.type7(sortedNonEmpty: means, b.confidence))
    }
}
