import Foundation

/// What `faultline gate` decided, as plain values: one `GateCheck` per (rule, suite, dataset, model,
/// metric) the rules selected, plus the checks that could not be made. Every gate report (`junit.xml`,
/// `summary.md`, `metrics.txt`, the GitHub annotations) renders this value and computes nothing of its own.
public struct GateResult: Codable, Sendable, Equatable {
    /// The overall outcome, from the checks' statuses.
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// Every fail rule passed (warnings allowed): exit 0.
        case pass
        /// At least one fail rule failed: exit 1.
        case fail
        /// A result was missing, corrupt or too thin for a rule (fewer seeds than required): exit 3.
        case error
    }

    /// The gate rules file.
    public var rulesFile: String
    /// The baseline file compared against, if any.
    public var baselineFile: String?
    /// The run folders checked.
    public var runs: [String]
    /// Every check, in rule order, then suite, dataset, model, metric.
    public var checks: [GateCheck]
    /// Free-form notes (improvements worth re-baselining, seeds compared on fewer than all).
    public var notes: [String]

    public init(rulesFile: String, baselineFile: String?, runs: [String], checks: [GateCheck], notes: [String] = []) {
        self.rulesFile = rulesFile
        self.baselineFile = baselineFile
        self.runs = runs
        self.checks = checks
        self.notes = notes
    }

    /// `error` when any check is an error, else `fail` when any is a failure, else `pass`.
    public var verdict: Verdict {
        if checks.contains(where: { $0.status == .error }) { return .error }
        if checks.contains(where: { $0.status == .fail }) { return .fail }
        return .pass
    }

    /// The checks with `status`.
    public func checks(_ status: GateCheck.Status) -> [GateCheck] { checks.filter { $0.status == status } }
}

/// One rule applied to one (suite, dataset, model, metric): the figures compared and the outcome.
public struct GateCheck: Codable, Sendable, Equatable {
    /// How a check ended.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Within every bound.
        case pass
        /// A `warn` rule was broken, or something is new (not in the baseline): reported, exit 0.
        case warn
        /// A `fail` rule was broken: exit 1.
        case fail
        /// The result needed is missing, corrupt or has fewer seeds than the rule asks for: exit 3.
        case error
    }

    /// The rule's name.
    public var rule: String
    /// The rule's line in the rules file.
    public var ruleLine: Int?
    /// The rule's severity (`fail` or `warn`).
    public var severity: String
    /// The suite (the spec file's base name) the result belongs to; empty for a rule that selected nothing.
    public var suite: String
    public var dataset: String
    public var model: String
    public var metric: String
    /// `higher` or `lower` (which way is better).
    public var direction: String
    public var status: Status
    /// The run's value: the mean over the seeds the run has (nil when undefined or missing).
    public var value: Double?
    /// The baseline's mean over the seeds compared (nil without a baseline entry).
    public var baseline: Double?
    /// The run's mean over the same seeds as `baseline`.
    public var valueOnBaselineSeeds: Double?
    /// `valueOnBaselineSeeds − baseline`.
    public var delta: Double?
    /// The bound a change had to exceed to count: max(tolerance·|baseline|, noise floor).
    public var allowedChange: Double?
    /// The absolute floor or ceiling, as printed (`≥ 0.5`, `≤ 20`).
    public var bound: String?
    /// The bootstrap confidence bound used against the floor/ceiling, when the rule asks for one.
    public var confidenceBound: Double?
    /// Seeds the run's value is the mean over (empty for seedless datasets such as NAB).
    public var seeds: [UInt64]
    /// Seeds compared with the baseline.
    public var comparedSeeds: [UInt64]
    /// One sentence: why it passed, warned, failed or errored.
    public var message: String

    public init(
        rule: String, ruleLine: Int?, severity: String, suite: String, dataset: String, model: String, metric: String, direction: String,
        status: Status, value: Double? = nil, baseline: Double? = nil, valueOnBaselineSeeds: Double? = nil, delta: Double? = nil,
        allowedChange: Double? = nil, bound: String? = nil, confidenceBound: Double? = nil, seeds: [UInt64] = [], comparedSeeds: [UInt64] = [],
        message: String
    ) {
        self.rule = rule
        self.ruleLine = ruleLine
        self.severity = severity
        self.suite = suite
        self.dataset = dataset
        self.model = model
        self.metric = metric
        self.direction = direction
        self.status = status
        self.value = value
        self.baseline = baseline
        self.valueOnBaselineSeeds = valueOnBaselineSeeds
        self.delta = delta
        self.allowedChange = allowedChange
        self.bound = bound
        self.confidenceBound = confidenceBound
        self.seeds = seeds
        self.comparedSeeds = comparedSeeds
        self.message = message
    }

    /// `dataset × model` (with the suite when it is not the only one): the JUnit test suite the check belongs to.
    public var subject: String {
        if dataset.isEmpty && model.isEmpty { return "gate" }
        return "\(dataset) × \(model)"
    }
}
