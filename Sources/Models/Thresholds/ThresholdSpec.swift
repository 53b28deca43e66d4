import Telemetry

/// A threshold policy with its parameters: what a spec or the CLI asks for, and what reports print.
public struct ThresholdSpec: Sendable, Equatable, CustomStringConvertible {
    /// The policy.
    public var policy: ThresholdPolicy
    /// θ for `.fixed`.
    public var value: Double?
    /// Quantile level for `.quantile` (default 0.99).
    public var q: Double = 0.99
    /// Multiplier for `.kSigma` and `.kMAD` (default 3).
    public var k: Double = 3
    /// Alarm episodes allowed per training day for `.budget` (default 1).
    public var perDay: Double = 1
    /// Length of the training span in days: context for `.budget`, set by whoever knows the timestamps
    /// (the experiment runner); not a spec parameter.
    public var trainingDays: Double?
    /// Prometheus-style `for:` in milliseconds: an alarm needs the score at or above θ on every row of the
    /// last `holdMs` (0 = a single row). Any policy; applied by `AlertHold` before θ is chosen.
    public var holdMs: Double = 0
    /// Initial-threshold level for `.spot`/`.dspot` (default 0.98).
    public var level: Double = 0.98
    /// Risk q for `.spot`/`.dspot` (default 1e-4).
    public var risk: Double = 1e-4
    /// Drift window d for `.dspot` (default 10).
    public var depth: Int = 10

    /// Longest `for:` hold: 366 days, the longest span a split may have.
    public static let maxHoldMs = 366.0 * 86_400_000
    /// Largest `k` of `kSigma`/`kMAD`: 1000 (θ a thousand deviations out already never alarms).
    public static let maxK = 1000.0
    /// Largest `per_day` of `budget`: 1,000,000 alarm episodes a day (more than one a tenth of a second).
    public static let maxPerDay = 1_000_000.0
    /// Largest DSPOT `depth`: 100,000 scores in its drift window.
    public static let maxDepth = 100_000

    /// A policy with its default parameters (`.fixed` still needs `value`).
    public init(policy: ThresholdPolicy) { self.policy = policy }

    /// θ = `value`.
    public static func fixed(_ value: Double) -> ThresholdSpec { var s = ThresholdSpec(policy: .fixed); s.value = value; return s }
    /// θ = type-7 quantile `q` of training scores.
    public static func quantile(_ q: Double = 0.99) -> ThresholdSpec { var s = ThresholdSpec(policy: .quantile); s.q = q; return s }
    /// θ = mean + k·std of training scores.
    public static func kSigma(_ k: Double = 3) -> ThresholdSpec { var s = ThresholdSpec(policy: .kSigma); s.k = k; return s }
    /// θ = median + k·1.4826·MAD of training scores.
    public static func kMAD(_ k: Double = 3) -> ThresholdSpec { var s = ThresholdSpec(policy: .kMAD); s.k = k; return s }
    /// The lowest θ with at most `perDay` alarm episodes per day of a training span `trainingDays` long.
    public static func budget(perDay: Double = 1, trainingDays: Double) -> ThresholdSpec {
        var s = ThresholdSpec(policy: .budget); s.perDay = perDay; s.trainingDays = trainingDays; return s
    }
    /// SPOT with the given level and risk.
    public static func spot(level: Double = 0.98, risk: Double = 1e-4) -> ThresholdSpec {
        var s = ThresholdSpec(policy: .spot); s.level = level; s.risk = risk; return s
    }
    /// DSPOT with the given level, risk and depth.
    public static func dspot(level: Double = 0.98, risk: Double = 1e-4, depth: Int = 10) -> ThresholdSpec {
        var s = ThresholdSpec(policy: .dspot); s.level = level; s.risk = risk; s.depth = depth; return s
    }
    /// Best on test (an upper bound, never a gate input).
    public static var bestOnTest: ThresholdSpec { ThresholdSpec(policy: .bestOnTest) }

    /// Parses a policy and its parameters as written in a spec or on the command line.
    ///
    /// Keys (besides `for`, a `for:` duration of at most 366 days any policy takes): `value` (fixed, finite), `q` (quantile, in
    /// (0, 1)), `k` (kSigma, kMAD, in [0, 1000]), `per_day` (budget, in [0, 10^6]), `level` (spot, dspot, in (0, 1)), `risk`
    /// (spot, dspot, in (0, 1)), `depth` (dspot, in [1, 100000]).
    /// - Throws: `ModelError.unknownThresholdPolicy`, `.unknownParameter` (naming the key and the valid
    ///   keys) or `.invalidParameter`.
    public init(policy name: String, parameters: [String: String] = [:]) throws {
        let policy = try ThresholdPolicy.named(name)
        self.init(policy: policy)
        let owner = "threshold policy \(policy.rawValue)"
        for key in parameters.keys.sorted() where !policy.parameterKeys.contains(key) && key != "for" {
            throw ModelError.unknownParameter(model: owner, key: key, valid: policy.parameterKeys)
        }
        func number(_ key: String, _ valid: (Double) -> Bool, _ range: String) throws -> Double? {
            guard let text = parameters[key] else { return nil }
            guard let v = Double(text), v.isFinite else {
                throw ModelError.invalidParameter(model: owner, key: key, value: text, reason: "not a number")
            }
            guard valid(v) else { throw ModelError.invalidParameter(model: owner, key: key, value: text, reason: "must be \(range)") }
            return v
        }
        value = try number("value", { _ in true }, "finite")
        if let v = try number("q", { $0 > 0 && $0 < 1 }, "in (0, 1)") { q = v }
        if let v = try number("k", { $0 >= 0 && $0 <= Self.maxK }, "in [0, \(Int(Self.maxK))]") { k = v }
        if let text = parameters["for"] {
            guard let ms = DurationText.milliseconds(text), ms >= 0, ms.isFinite else {
                throw ModelError.invalidParameter(model: owner, key: "for", value: text, reason: "must be a duration such as 45s, 2m or 1h")
            }
            guard ms <= Self.maxHoldMs else {
                throw ModelError.invalidParameter(
                    model: owner, key: "for", value: text, reason: "must be at most 366d (a hold longer than a run never alarms)")
            }
            holdMs = ms
        }
        if let v = try number("per_day", { $0 >= 0 && $0 <= Self.maxPerDay }, "in [0, \(Int(Self.maxPerDay))]") { perDay = v }
        if let v = try number("level", { $0 > 0 && $0 < 1 }, "in (0, 1)") { level = v }
        if let v = try number("risk", { $0 > 0 && $0 < 1 }, "in (0, 1)") { risk = v }
        if let text = parameters["depth"] {
            guard let d = Int(text), d >= 1, d <= Self.maxDepth else {
                throw ModelError.invalidParameter(model: owner, key: "depth", value: text, reason: "must be an integer in [1, \(Self.maxDepth)]")
            }
            depth = d
        }
        if policy == .fixed && value == nil {
            throw ModelError.invalidParameter(model: owner, key: "value", value: "", reason: "the fixed policy needs a value")
        }
    }

    /// The parameters the policy uses, by key, as they would be written in a spec (for `results.json`).
    public var parameters: [String: String] {
        var out: [String: String] = [:]
        if holdMs > 0 { out["for"] = DurationText.render(holdMs) }
        for key in policy.parameterKeys {
            switch key {
            case "value": out[key] = value.map { "\($0)" } ?? ""
            case "q": out[key] = "\(q)"
            case "k": out[key] = "\(k)"
            case "per_day": out[key] = "\(perDay)"
            case "level": out[key] = "\(level)"
            case "risk": out[key] = "\(risk)"
            case "depth": out[key] = "\(depth)"
            default: break
            }
        }
        return out
    }

    /// The policy and its parameters, e.g. `quantile(q=0.99) of training scores`.
    public var description: String {
        holdMs > 0 ? "\(policyDescription), held for \(DurationText.render(holdMs))" : policyDescription
    }

    private var policyDescription: String {
        switch policy {
        case .fixed: return "fixed(value=\(value.map { "\($0)" } ?? "unset"))"
        case .quantile: return "quantile(q=\(q)) of training scores"
        case .kSigma: return "kSigma(k=\(k)): mean + k·std of training scores"
        case .kMAD: return "kMAD(k=\(k)): median + k·1.4826·MAD of training scores"
        case .budget:
            let days = trainingDays.map { " over \(($0 * 100).rounded() / 100) training days" } ?? ""
            return "budget(per_day=\(perDay)): lowest θ with at most \(perDay) alarm episodes per training day\(days)"
        case .spot: return "spot(level=\(level), risk=\(risk)): GPD by Grimshaw MLE, streaming"
        case .dspot: return "dspot(level=\(level), risk=\(risk), depth=\(depth)): GPD by Grimshaw MLE on drift-corrected scores, streaming"
        case .bestOnTest: return "bestOnTest: argmax of the target metric over test scores (upper bound)"
        }
    }
}
