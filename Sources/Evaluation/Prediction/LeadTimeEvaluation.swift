import Telemetry

/// A failure to be predicted (METRICS §7): it starts at `φ` (for simulated data, the user-impact start
/// from ground truth) and lasts until `ψ`. Faults without user impact are not failures.
public struct PredictedFailure: Sendable, Hashable {
    /// Fault id, for messages.
    public var id: String
    /// Fault kind, for the per-kind lead-time figures.
    public var kind: String
    /// `φ`, epoch ms.
    public var startMs: Int64
    /// `ψ`, epoch ms (≥ `startMs`).
    public var endMs: Int64

    /// Creates a failure.
    public init(id: String, kind: String, startMs: Int64, endMs: Int64) {
        self.id = id
        self.kind = kind
        self.startMs = startMs
        self.endMs = endMs
    }
}

/// Failure-prediction scoring after Salfner, Lenk and Malek (2010), METRICS §7.
///
/// A warning at instant t (row time) is judged on `Win(t) = [t + Δt_l, t + Δt_l + Δt_p]`, both ends
/// inclusive. t is *eligible* iff `Win(t)` ends at or before the last timestamp and t lies in no failure
/// `[φ_j, ψ_j]`. Eligible instants are TP (warning, some `φ_j ∈ Win(t)`), FP (warning, none), FN (no warning,
/// some `φ_j ∈ Win(t)`) or TN. Failure j is *observed* iff `φ_j − Δt_l − Δt_p ≥ t_first` and `φ_j ≤ t_last`
/// (failures starting too early are excluded and counted, those after the data are not in it); it is
/// *predicted* iff an eligible warning lies in `[φ_j − Δt_l − Δt_p, φ_j − Δt_l]`, with lead time
/// `λ_j = φ_j − t(earliest such warning)`. A warning episode (maximal run of warning rows) is *false* iff it
/// holds an eligible instant and no TP instant. The time-to-failure error is `|ttf̂_t − (φ − t)|` over TP
/// instants with a finite predicted time to failure, φ the earliest failure start in `Win(t)`.
public struct LeadTimeEvaluation: Sendable, Equatable {
    /// Δt_l and Δt_p, printed with every value.
    public struct Parameters: Sendable, Hashable {
        /// Warning time Δt_l, ms (≥ 0).
        public var warningTimeMs: Int64
        /// Prediction period Δt_p, ms (> 0).
        public var predictionPeriodMs: Int64

        /// Creates the parameters.
        public init(warningTimeMs: Int64, predictionPeriodMs: Int64) {
            self.warningTimeMs = warningTimeMs
            self.predictionPeriodMs = predictionPeriodMs
        }
    }

    /// A predicted failure's kind and lead time.
    public struct Lead: Sendable, Hashable {
        public var failure: String
        public var kind: String
        /// `λ_j`, seconds.
        public var seconds: Double
    }

    public var parameters: Parameters
    /// Eligible-instant counts.
    public var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
    /// Observed failures, per kind (for per-kind recall).
    public var observedByKind: [String: Int] = [:]
    /// Failures whose prediction span starts before the data (excluded from recall, counted).
    public var unobservedFailures = 0
    /// Predicted failures with their lead times, in failure order.
    public var leads: [Lead] = []
    /// Warning episodes with an eligible instant and no TP instant.
    public var falseWarningEpisodes = 0
    /// Scored duration in days, `(t_last − t_first + step)/86 400 000`.
    public var scoredDays = 0.0
    /// `|predicted − actual|` time to failure at TP instants, seconds.
    public var timeToFailureErrors: [Double] = []

    /// What an eligible warning row turned out to be.
    public enum WarningOutcome: String, Sendable, Hashable, CaseIterable {
        /// A failure starts in `Win(t)`.
        case truePositive = "true"
        /// No failure in `Win(t)`, but one starts within the warning time (`(t, t + Δt_l)`): too late to act on.
        case tooLate = "too-late"
        /// No failure in `Win(t)`, but the next starts within one more prediction period after it: too early.
        case tooEarly = "too-early"
        /// No failure near the window: a false warning.
        case falseWarning = "false"
    }

    /// One eligible row that warned: its index in this run, what it was, and the failure it refers to.
    public struct WarnedRow: Sendable, Hashable {
        public var row: Int
        public var outcome: WarningOutcome
        /// The failure in `Win(t)` (true), the one too close (too late) or the next one (too early).
        public var failure: String?
    }

    /// Every eligible warning row in time order (empty for pooled figures, whose rows belong to several runs).
    public var warnedRows: [WarnedRow] = []

    /// Scores one run.
    ///
    /// - Parameters:
    ///   - timestamps: row times, non-decreasing (epoch ms).
    ///   - warnings: `p_t ≥ θ`, one per timestamp.
    ///   - failures: failures in any order.
    ///   - parameters: Δt_l, Δt_p.
    ///   - predictedTimeToFailureSeconds: optional, one per timestamp; non-finite = no estimate.
    ///   - stepMs: sampling step for the scored duration; nil → median positive step.
    /// - Throws: `EvaluationError.invalidParameter` for Δt_l < 0, Δt_p ≤ 0 or decreasing timestamps;
    ///   `.lengthMismatch` when the arrays differ in length; `.invalidWindow` for a failure ending before it starts.
    /// - Complexity: O(n + F log F).
    public init(
        timestamps ts: [Int64], warnings: [Bool], failures: [PredictedFailure], parameters: Parameters,
        predictedTimeToFailureSeconds ttf: [Double]? = nil, stepMs: Int64? = nil
    ) throws {
        guard parameters.warningTimeMs >= 0 else {
            throw EvaluationError.invalidParameter(name: "warning_time", reason: "Δt_l must be ≥ 0, got \(parameters.warningTimeMs) ms")
        }
        guard parameters.predictionPeriodMs > 0 else {
            throw EvaluationError.invalidParameter(
                name: "prediction_period", reason: "Δt_p must be positive, got \(parameters.predictionPeriodMs) ms")
        }
        guard warnings.count == ts.count else {
            throw EvaluationError.lengthMismatch(series: "prediction", what: "warnings", expected: ts.count, actual: warnings.count)
        }
        if let ttf, ttf.count != ts.count {
            throw EvaluationError.lengthMismatch(series: "prediction", what: "time-to-failure estimates", expected: ts.count, actual: ttf.count)
        }
        for i in ts.indices.dropFirst() where ts[i] < ts[i - 1] {
            throw EvaluationError.invalidParameter(name: "timestamps", reason: "lead-time scoring needs non-decreasing timestamps (row \(i))")
        }
        for (k, f) in failures.enumerated() where f.endMs < f.startMs {
            throw EvaluationError.invalidWindow(series: "prediction", window: k, reason: "failure '\(f.id)' ends before it starts")
        }
        self.parameters = parameters
        guard let first = ts.first, let last = ts.last else { return }
        let step = stepMs ?? DetectionTiming.medianStep(ts)
        scoredDays = Double(last - first + step) / 86_400_000
        let fs = failures.sorted { ($0.startMs, $0.id) < ($1.startMs, $1.id) }
        let lead = parameters.warningTimeMs, period = parameters.predictionPeriodMs
        let n = ts.count
        // Per instant: eligible, and the earliest failure start in Win(t) (index into fs, or -1).
        var eligible = [Bool](repeating: false, count: n)
        var target = [Int](repeating: -1, count: n)
        var inFailure = [Bool](repeating: false, count: n)
        for f in fs {
            var t = Self.firstRow(ts, atOrAfter: f.startMs)
            while t < n && ts[t] <= f.endMs { inFailure[t] = true; t += 1 }
        }
        var next = 0  // first failure with φ ≥ t + Δt_l
        for t in 0..<n {
            let lo = ts[t] + lead, hi = ts[t] + lead + period
            while next < fs.count && fs[next].startMs < lo { next += 1 }
            guard hi <= last, !inFailure[t] else { continue }
            eligible[t] = true
            if next < fs.count && fs[next].startMs <= hi { target[t] = next }
        }
        for t in 0..<n where eligible[t] {
            switch (warnings[t], target[t] >= 0) {
            case (true, true):
                truePositives += 1
                if let ttf, ttf[t].isFinite { timeToFailureErrors.append(abs(ttf[t] - Double(fs[target[t]].startMs - ts[t]) / 1000)) }
                warnedRows.append(WarnedRow(row: t, outcome: .truePositive, failure: fs[target[t]].id))
            case (true, false):
                falsePositives += 1
                // The first failure starting after t says why the warning was false.
                let nextFailure = fs.first { $0.startMs > ts[t] }
                let outcome: WarningOutcome
                if let f = nextFailure, f.startMs < ts[t] + lead {
                    outcome = .tooLate
                } else if let f = nextFailure, f.startMs <= ts[t] + lead + 2 * period {
                    outcome = .tooEarly
                } else {
                    outcome = .falseWarning
                }
                warnedRows.append(WarnedRow(row: t, outcome: outcome, failure: outcome == .falseWarning ? nil : nextFailure?.id))
            case (false, true): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
        // Recall and lead time per failure.
        for f in fs where f.startMs <= last {
            let spanStart = f.startMs - lead - period, spanEnd = f.startMs - lead
            guard spanStart >= first else {
                unobservedFailures += 1
                continue
            }
            observedByKind[f.kind, default: 0] += 1
            var t = Self.firstRow(ts, atOrAfter: spanStart)
            while t < n && ts[t] <= spanEnd {
                if warnings[t] && eligible[t] {
                    leads.append(Lead(failure: f.id, kind: f.kind, seconds: Double(f.startMs - ts[t]) / 1000))
                    break
                }
                t += 1
            }
        }
        for ep in RowInterval.runs(of: warnings) {
            var anyEligible = false, anyTP = false
            for t in ep.start...ep.end where eligible[t] {
                anyEligible = true
                if target[t] >= 0 { anyTP = true; break }
            }
            if anyEligible && !anyTP { falseWarningEpisodes += 1 }
        }
    }

    private init(parameters: Parameters) { self.parameters = parameters }

    /// First row with `ts[row] ≥ time` (n when none); `ts` non-decreasing.
    static func firstRow(_ ts: [Int64], atOrAfter time: Int64) -> Int {
        var lo = 0, hi = ts.count
        while lo < hi { let mid = (lo + hi) >> 1; if ts[mid] < time { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// Several runs (datasets, seeds) pooled: counts and days summed, leads and errors concatenated.
    ///
    /// - Returns: nil for an empty list or runs with different parameters.
    public static func pooled(_ runs: [LeadTimeEvaluation]) -> LeadTimeEvaluation? {
        guard let p = runs.first?.parameters, runs.allSatisfy({ $0.parameters == p }) else { return nil }
        var out = LeadTimeEvaluation(parameters: p)
        for r in runs {
            out.truePositives += r.truePositives
            out.falsePositives += r.falsePositives
            out.falseNegatives += r.falseNegatives
            out.trueNegatives += r.trueNegatives
            for (k, v) in r.observedByKind { out.observedByKind[k, default: 0] += v }
            out.unobservedFailures += r.unobservedFailures
            out.leads += r.leads
            out.falseWarningEpisodes += r.falseWarningEpisodes
            out.scoredDays += r.scoredDays
            out.timeToFailureErrors += r.timeToFailureErrors
        }
        return out
    }

    /// Observed failures.
    public var observedFailures: Int { observedByKind.values.reduce(0, +) }
    /// Predicted failures.
    public var predictedFailures: Int { leads.count }

    /// TP / (TP + FP) over eligible instants.
    public var precision: MetricValue {
        .ratio(Double(truePositives), Double(truePositives + falsePositives), undefinedBecause: "no eligible warning")
    }
    /// Predicted failures / observed failures.
    public var recall: MetricValue {
        .ratio(Double(predictedFailures), Double(observedFailures), undefinedBecause: "no observed failure")
    }
    /// TP / (TP + FN) over eligible instants.
    public var instantRecall: MetricValue {
        .ratio(Double(truePositives), Double(truePositives + falseNegatives), undefinedBecause: "no eligible instant before a failure")
    }
    /// FP / (FP + TN).
    public var falsePositiveRate: MetricValue {
        .ratio(Double(falsePositives), Double(falsePositives + trueNegatives), undefinedBecause: "no eligible instant without a failure ahead")
    }
    /// 2PR/(P + R) of `precision` and `recall`; 0 when both are 0; undefined when either is.
    public var f: MetricValue {
        guard let p = precision.value, let r = recall.value else { return .undefined("precision or recall undefined") }
        return p + r == 0 ? .defined(0) : .defined(2 * p * r / (p + r))
    }
    /// False warning episodes per scored day.
    public var falseWarningsPerDay: MetricValue {
        .ratio(Double(falseWarningEpisodes), scoredDays, undefinedBecause: "scored duration is zero")
    }

    /// Type-7 quantile `p` of the lead times (of one kind when given).
    public func leadTime(_ p: Double, kind: String? = nil) -> MetricValue {
        let xs = leads.filter { kind == nil || $0.kind == kind }.map(\.seconds)
        return Quantile.type7(xs, p).map { .defined($0) } ?? .undefined("no predicted failure\(kind.map { " of kind \($0)" } ?? "")")
    }

    /// Recall over failures of one kind.
    public func recall(kind: String) -> MetricValue {
        .ratio(
            Double(leads.filter { $0.kind == kind }.count), Double(observedByKind[kind] ?? 0),
            undefinedBecause: "no observed failure of kind \(kind)")
    }

    /// Median absolute time-to-failure error (s) over TP instants with an estimate.
    public var timeToFailureErrorMedian: MetricValue {
        Quantile.type7(timeToFailureErrors, 0.5).map { .defined($0) } ?? .undefined("no true-positive warning with a time-to-failure estimate")
    }

    /// The record parameters: Δt_l and Δt_p in seconds.
    public var recordParameters: [String: String] {
        ["dt_l_s": Self.seconds(parameters.warningTimeMs), "dt_p_s": Self.seconds(parameters.predictionPeriodMs)]
    }

    static func seconds(_ ms: Int64) -> String {
        ms % 1000 == 0 ? String(ms / 1000) : String(Double(ms) / 1000)
    }
}
