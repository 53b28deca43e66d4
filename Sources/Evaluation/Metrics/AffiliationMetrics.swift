/// Affiliation precision and recall (Huet, Navarro, Rossi 2022; METRICS §3.2), integrated exactly.
///
/// Rows are half-open unit intervals (row i = `[i, i+1)`), `T = [0, n)`. Each true event `J_j` owns the
/// zone `E_j` between the midpoints to its neighbours. Within a zone, precision averages over predicted
/// points x the survival `F̄ᵖ_j(d(x, J_j))` of the distance a uniform random point of the zone has to
/// the event; recall averages over event points y the survival `F̄ʳ_{j,y}(d(y, P_j))`. Both integrands
/// are piecewise linear in the integration variable, so each piece is integrated in closed form (the
/// positive part `max(0, m·x + k)` is split at its zero) — never by sampling.
public struct AffiliationMetrics: Sendable, Hashable {
    /// Mean `p_j` over zones holding predictions; undefined when none does.
    public var precision: MetricValue
    /// Mean `r_j` over all zones; undefined without events.
    public var recall: MetricValue
    /// Per-zone precision (undefined for zones without predictions), in event order.
    public var zonePrecision: [MetricValue]
    /// Per-zone recall, in event order.
    public var zoneRecall: [Double]

    /// Computes affiliation precision and recall.
    ///
    /// - Parameters:
    ///   - rowCount: n, the length of the series.
    ///   - events: true events, sorted, disjoint, inside `0..<n`.
    ///   - episodes: predicted alarm episodes, sorted, disjoint, inside `0..<n`.
    /// - Complexity: O(m + A) over events and episodes.
    public init(rowCount: Int, events: [RowInterval], episodes: [RowInterval]) {
        let m = events.count
        guard m > 0 else {
            precision = .undefined("no events (affiliation needs at least one)")
            recall = .undefined("no events (affiliation needs at least one)")
            zonePrecision = []
            zoneRecall = []
            return
        }
        var zp: [MetricValue] = []
        var zr: [Double] = []
        zp.reserveCapacity(m)
        zr.reserveCapacity(m)
        var first = 0  // first episode that may reach the current zone
        for j in 0..<m {
            let a = Double(events[j].start), b = Double(events[j].end + 1)
            let lo = j == 0 ? 0 : (Double(events[j - 1].end + 1) + a) / 2
            let hi = j == m - 1 ? Double(rowCount) : (b + Double(events[j + 1].start)) / 2
            var preds: [(Double, Double)] = []
            while first < episodes.count && Double(episodes[first].end + 1) <= lo { first += 1 }
            var k = first
            while k < episodes.count && Double(episodes[k].start) < hi {
                let p = max(Double(episodes[k].start), lo), q = min(Double(episodes[k].end + 1), hi)
                if q > p { preds.append((p, q)) }
                k += 1
            }
            let zone = hi - lo
            if preds.isEmpty {
                zp.append(.undefined("no predictions in zone \(j)"))
                zr.append(0)
                continue
            }
            var integral = 0.0, length = 0.0
            for (p, q) in preds {
                integral += AffiliationMetrics.precisionIntegral(x0: p, x1: q, a: a, b: b, lo: lo, hi: hi)
                length += q - p
            }
            zp.append(.defined(integral / zone / length))
            zr.append(AffiliationMetrics.recallIntegral(a: a, b: b, preds: preds, lo: lo, hi: hi) / zone / (b - a))
        }
        zonePrecision = zp
        zoneRecall = zr
        let defined = zp.compactMap(\.value)
        precision = defined.isEmpty ? .undefined("no predictions") : .defined(defined.reduce(0, +) / Double(defined.count))
        recall = .defined(zr.reduce(0, +) / Double(m))
    }

    /// `∫_{x0}^{x1} max(0, m·x + k) dx`, exactly.
    static func positivePart(_ m: Double, _ k: Double, _ x0: Double, _ x1: Double) -> Double {
        guard x1 > x0 else { return 0 }
        let f0 = m * x0 + k, f1 = m * x1 + k
        if f0 >= 0 && f1 >= 0 { return (f0 + f1) / 2 * (x1 - x0) }
        if f0 <= 0 && f1 <= 0 { return 0 }
        let xz = -k / m
        return f0 > 0 ? f0 * (xz - x0) / 2 : f1 * (x1 - xz) / 2
    }

    /// `∫_{x0}^{x1} |E|·F̄ᵖ(d(x, [a, b])) dx` for a predicted piece inside zone `[lo, hi)`.
    ///
    /// Left of a (u = a − x): `max(0, x − lo) + max(0, hi − b − a + x)`; inside: `|E|`;
    /// right of b (u = x − b): `max(0, a + b − lo − x) + max(0, hi − x)`.
    static func precisionIntegral(x0: Double, x1: Double, a: Double, b: Double, lo: Double, hi: Double) -> Double {
        var total = 0.0
        if x0 < a {
            let e = min(x1, a)
            total += positivePart(1, -lo, x0, e) + positivePart(1, hi - b - a, x0, e)
        }
        let i0 = max(x0, a), i1 = min(x1, b)
        if i1 > i0 { total += (i1 - i0) * (hi - lo) }
        if x1 > b {
            let s = max(x0, b)
            total += positivePart(-1, a + b - lo, s, x1) + positivePart(-1, hi, s, x1)
        }
        return total
    }

    /// `∫_a^b |E|·F̄ʳ_{y}(d(y, P)) dy` for an event `[a, b)` in zone `[lo, hi)` with predictions `preds`.
    ///
    /// `d(y, P)` is piecewise linear, `u = c + s·y` with s ∈ {−1, +1} between predictions (switching
    /// at midpoints) and 0 inside them; where u > 0 the integrand is `max(0, y − u − lo) + max(0, hi − y − u)`.
    static func recallIntegral(a: Double, b: Double, preds: [(Double, Double)], lo: Double, hi: Double) -> Double {
        var total = 0.0
        func linear(_ y0: Double, _ y1: Double, c: Double, s: Double) {
            let s0 = max(y0, a), s1 = min(y1, b)
            guard s1 > s0 else { return }
            total += positivePart(1 - s, -lo - c, s0, s1) + positivePart(-(1 + s), hi - c, s0, s1)
        }
        func inside(_ y0: Double, _ y1: Double) {
            let s0 = max(y0, a), s1 = min(y1, b)
            if s1 > s0 { total += (s1 - s0) * (hi - lo) }
        }
        let first = preds[0], last = preds[preds.count - 1]
        linear(-Double.infinity, first.0, c: first.0, s: -1)
        for k in preds.indices {
            inside(preds[k].0, preds[k].1)
            if k + 1 < preds.count {
                let q = preds[k].1, p = preds[k + 1].0, mid = (q + p) / 2
                linear(q, mid, c: -q, s: 1)
                linear(mid, p, c: p, s: -1)
            }
        }
        linear(last.1, Double.infinity, c: -last.1, s: 1)
        return total
    }
}
