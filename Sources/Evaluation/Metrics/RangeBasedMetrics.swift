/// Positional bias δ(q, L) of Tatbul et al.'s range-based metrics (METRICS §3.1).
public enum RangeBias: String, Sendable, CaseIterable, Codable {
    /// δ = 1.
    case flat
    /// δ = L − q + 1 (early rows weigh more).
    case front
    /// δ = q (late rows weigh more).
    case back
    /// δ = q for q ≤ ⌊L/2⌋, else L − q + 1.
    case middle

    /// `Σ_{j=1..q} δ(j, L)` in closed form (q ∈ 0…L), exact in `Double` for L < 2²⁶.
    func prefix(_ q: Int, _ length: Int) -> Double {
        let qd = Double(q), ld = Double(length)
        func tri(_ x: Double) -> Double { x * (x + 1) / 2 }
        switch self {
        case .flat: return qd
        case .back: return tri(qd)
        case .front: return tri(ld) - tri(ld - qd)
        case .middle:
            let h = length / 2
            if q <= h { return tri(qd) }
            return tri(Double(h)) + tri(ld - Double(h)) - tri(ld - qd)
        }
    }

    /// `ω(A, O, δ)` for the overlap rows `lo…hi` of range `a`.
    func omega(range a: RowInterval, lo: Int, hi: Int) -> Double {
        let length = a.count
        let q1 = lo - a.start + 1, q2 = hi - a.start + 1
        return (prefix(q2, length) - prefix(q1 - 1, length)) / prefix(length, length)
    }
}

/// Cardinality factor γ of range-based metrics (METRICS §3.1).
public enum RangeCardinality: String, Sendable, CaseIterable, Codable {
    /// γ = 1.
    case one
    /// γ = 1/x where x is the number of ranges of the other side overlapped (1 if x ≤ 1).
    case reciprocal

    func factor(_ x: Int) -> Double {
        switch self {
        case .one: return 1
        case .reciprocal: return x <= 1 ? 1 : 1 / Double(x)
        }
    }
}

/// Tatbul et al. (2018) range-based precision, recall and F (METRICS §3.1).
///
///     Recall_T    = (1/Nr) Σ_i [ α·Exist(R_i) + (1−α)·γ(R_i)·Σ_j ω(R_i, R_i∩P_j, δ_R) ]
///     Precision_T = (1/Np) Σ_j [ γ(P_j)·Σ_i ω(P_j, P_j∩R_i, δ_P) ]
public struct RangeBasedMetrics: Sendable, Hashable {
    /// The metric's parameters, printed with every value.
    public struct Parameters: Sendable, Hashable, Codable {
        /// Weight of existence reward in recall, in [0, 1].
        public var alpha: Double
        /// Cardinality factor γ.
        public var cardinality: RangeCardinality
        /// Positional bias for recall, δ_R.
        public var recallBias: RangeBias
        /// Positional bias for precision, δ_P.
        public var precisionBias: RangeBias
        /// β of F_β.
        public var beta: Double

        /// Defaults α = 0, γ = one, δ = flat, β = 1.
        public init(
            alpha: Double = 0, cardinality: RangeCardinality = .one, recallBias: RangeBias = .flat,
            precisionBias: RangeBias = .flat, beta: Double = 1
        ) {
            self.alpha = alpha
            self.cardinality = cardinality
            self.recallBias = recallBias
            self.precisionBias = precisionBias
            self.beta = beta
        }

        /// The parameters as printable strings.
        public var printable: [String: String] {
            [
                "alpha": "\(alpha)", "gamma": cardinality.rawValue, "delta_recall": recallBias.rawValue,
                "delta_precision": precisionBias.rawValue, "beta": "\(beta)",
            ]
        }
    }

    /// `Precision_T`; undefined with no predicted ranges.
    public var precision: MetricValue
    /// `Recall_T`; undefined with no real ranges.
    public var recall: MetricValue
    /// The parameters used.
    public var parameters: Parameters

    /// Computes range-based precision and recall.
    ///
    /// - Parameters:
    ///   - real: events, sorted and disjoint.
    ///   - predicted: alarm episodes, sorted and disjoint.
    ///   - parameters: α, γ, δ_R, δ_P, β.
    /// - Throws: `EvaluationError.invalidParameter` when α ∉ [0, 1] or β ≤ 0.
    /// - Complexity: O(Nr + Np) (one merge pass; ω in closed form).
    public init(real: [RowInterval], predicted: [RowInterval], parameters: Parameters = Parameters()) throws {
        guard parameters.alpha >= 0 && parameters.alpha <= 1 else {
            throw EvaluationError.invalidParameter(name: "alpha", reason: "\(parameters.alpha) outside [0, 1]")
        }
        guard parameters.beta > 0 else {
            throw EvaluationError.invalidParameter(name: "beta", reason: "must be positive")
        }
        self.parameters = parameters
        var recallOmega = [Double](repeating: 0, count: real.count)
        var recallHits = [Int](repeating: 0, count: real.count)
        var precisionOmega = [Double](repeating: 0, count: predicted.count)
        var precisionHits = [Int](repeating: 0, count: predicted.count)
        var i = 0, j = 0
        while i < real.count && j < predicted.count {
            let r = real[i], p = predicted[j]
            let lo = max(r.start, p.start), hi = min(r.end, p.end)
            if lo <= hi {
                recallOmega[i] += parameters.recallBias.omega(range: r, lo: lo, hi: hi)
                recallHits[i] += 1
                precisionOmega[j] += parameters.precisionBias.omega(range: p, lo: lo, hi: hi)
                precisionHits[j] += 1
            }
            if r.end < p.end { i += 1 } else { j += 1 }
        }
        if real.isEmpty {
            recall = .undefined("no real ranges (events)")
        } else {
            var sum = 0.0
            for k in real.indices {
                let exist: Double = recallHits[k] > 0 ? 1 : 0
                sum +=
                    parameters.alpha * exist
                    + (1 - parameters.alpha) * parameters.cardinality.factor(recallHits[k]) * recallOmega[k]
            }
            recall = .defined(sum / Double(real.count))
        }
        if predicted.isEmpty {
            precision = .undefined("no predicted ranges (alarm episodes)")
        } else {
            var sum = 0.0
            for k in predicted.indices {
                sum += parameters.cardinality.factor(precisionHits[k]) * precisionOmega[k]
            }
            precision = .defined(sum / Double(predicted.count))
        }
    }

    /// `F_β = (1+β²)PR/(β²P+R)`; 0 when P = R = 0, undefined when either is.
    public var f: MetricValue {
        guard let p = precision.value else { return .undefined("range precision undefined") }
        guard let r = recall.value else { return .undefined("range recall undefined") }
        let b2 = parameters.beta * parameters.beta
        let den = b2 * p + r
        return den == 0 ? .defined(0) : .defined((1 + b2) * p * r / den)
    }
}
