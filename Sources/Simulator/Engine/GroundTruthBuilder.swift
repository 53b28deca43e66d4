import Dispatch
import Telemetry

/// Computes the exact ground truth of a run by comparing it with fault-free counterfactuals.
///
/// For each fault the physics is recomputed over the fault's window (injection start to
/// `tailMs` after its end) twice: as run, and with that fault left out (same seed, so traffic
/// noise and every other fault are identical). The difference is the fault's effect and nothing else.
///
/// **Normal band.** A series is outside its normal band at a row when
/// `|actual − counterfactual| > 3 · σ · k_m · |counterfactual| + floor_m`, where σ is the scenario's
/// observation noise, `k_m` the metric's noise multiplier (3 for p99, 2 for p95, 1 otherwise) and
/// `floor_m` an absolute floor per metric (2 ms for latencies, 0.005 for error ratios, …; see
/// `ServiceMetric.bandFloor`). Counters are compared on their per-row increments. Values are the
/// noise-free model values, so observation noise never creates or hides a symptom.
///
/// - First symptom: the first row any series is outside its band.
/// - Affected series: every series outside its band at some row, with first and last such row.
/// - Propagation path: the target, then every other entity with an affected series, in order of
///   its first affected row (ties by name).
/// - User impact: the first row where an SLO is breached (true p99 above the objective or true
///   error ratio above the objective on the entry service) while the counterfactual is not.
///
/// **Achieved severity.** Unlike the band, the peak |z| of each affected series is measured on the
/// *observed* values (what a detector sees: observation noise, outliers, gaps as NaN, counters as
/// per-row increments): the largest |x − μ| / σ over the fault's rows (injection start to the end of
/// its tail), with μ and σ the mean and standard deviation of the series' observed values in the hour
/// before the injection, rows inside another fault's window (with its tail) left out. A series with
/// fewer than `minBaselineValues` such values, or none of spread, gets no peak.
struct GroundTruthBuilder {
    let world: World
    let observer: Observer
    /// How long after a fault ends its effects are still attributed to it.
    static let tailMs: Int64 = 15 * 60_000
    /// Length of the baseline before a fault that its series' peak |z| is measured against.
    static let baselineMs: Int64 = 60 * 60_000
    /// Fewest finite baseline values a series needs to get a peak |z|.
    static let minBaselineValues = 10

    init(world: World) {
        self.world = world
        observer = Observer(world: world)
    }

    func build(jobs: Int) -> GroundTruth {
        let faults = world.faults
        var records = [FaultRecord?](repeating: nil, count: faults.count)
        records.withUnsafeMutableBufferPointer { rb in
            nonisolated(unsafe) let out = rb.baseAddress
            let me = self
            let work: @Sendable (Int) -> Void = { i in out?[i] = me.record(for: i) }
            if jobs > 1 && faults.count > 1 {
                DispatchQueue.concurrentPerform(iterations: faults.count, execute: work)
            } else {
                for i in 0..<faults.count { work(i) }
            }
        }
        var benign: [BenignChange] = []
        for b in world.benign {
            let occ = World.occurrences(b.spec, runMs: world.scenario.durationMs)
            for (k, off) in occ.enumerated() {
                let end = min(off + b.spec.durationMs, world.scenario.durationMs)
                benign.append(
                    BenignChange(
                        id: occ.count > 1 ? "\(b.spec.id).\(k + 1)" : b.spec.id, kind: b.spec.kind.rawValue,
                        target: b.spec.target, startMs: world.scenario.startMs + off,
                        endMs: world.scenario.startMs + end - 1))
            }
        }
        benign.sort { ($0.startMs, $0.id) < ($1.startMs, $1.id) }
        let slos = world.scenario.slos.map {
            SLO(entity: $0.entry, latencyMetric: "latency_p99", latencyMs: $0.latencyP99Ms, errorRatio: $0.errorRatio)
        }
        return GroundTruth(faults: records.compactMap { $0 }, benignChanges: benign, slos: slos)
    }

    /// A fault is compound when it was marked so and actually overlaps another fault's window.
    func isCompound(_ f: World.CompiledFault) -> Bool {
        guard f.spec.compound else { return false }
        let gap = Double(ScenarioValidator.recoveryGapMs)
        return world.faults.contains { g in
            g.index != f.index && g.startMs < f.endMs + gap && f.startMs < g.endMs + gap
        }
    }

    func record(for i: Int) -> FaultRecord {
        let f = world.faults[i]
        let axis = world.axis
        let s0 = world.scenario.startMs
        let firstRow = axis.firstRow(atOrAfter: s0 + f.spec.startMs)
        let lastRow = min(axis.count - 1, axis.lastRow(atOrBefore: s0 + f.spec.startMs + f.spec.durationMs + Self.tailMs))
        let cols = world.seriesCount
        let n = world.serviceCount
        let desc = world.seriesDescriptors
        var first = [Int](repeating: -1, count: cols)
        var last = [Int](repeating: -1, count: cols)
        var impactRow: Int?
        let sigma = world.scenario.observation.noise
        let rel: [Double] = (0..<cols).map { c in
            if c < n * ServiceMetric.count, let m = ServiceMetric(rawValue: c % ServiceMetric.count) {
                return 3 * sigma * max(1, m.noiseScale)
            }
            return 3 * sigma
        }
        let floor: [Double] = (0..<cols).map { c in
            if c < n * ServiceMetric.count, let m = ServiceMetric(rawValue: c % ServiceMetric.count) { return m.bandFloor }
            return 0.02
        }
        let sloIndex = world.scenario.slos.map { slo in (world.names.firstIndex(of: slo.entry) ?? 0, slo) }
        let width = TruthField.count * n
        // Rows per pass: 512, fewer for wide worlds, so the four buffers stay within about 32 MiB.
        let block = max(1, min(512, (32 << 20) / max(1, (cols + width) * 16)))
        let capacity = min(block, max(0, lastRow - firstRow + 1))
        var act = [Double](repeating: 0, count: capacity * cols), cf = act
        var ta = [Double](repeating: 0, count: capacity * width), tc = ta
        let (mean, sd) = baseline(for: i, firstRow: firstRow, block: block, act: &act, truth: &ta)
        var peak = [Double](repeating: 0, count: cols)
        var observed = [Double](repeating: 0, count: cols)
        var gaps = [Bool](repeating: false, count: observer.entityCount)
        var lo = firstRow
        while lo <= lastRow {
            let rows = min(block, lastRow - lo + 1)
            act.withUnsafeMutableBufferPointer { a in
                cf.withUnsafeMutableBufferPointer { b in
                    ta.withUnsafeMutableBufferPointer { x in
                        tc.withUnsafeMutableBufferPointer { y in
                            guard let a = a.baseAddress, let b = b.baseAddress, let x = x.baseAddress, let y = y.baseAddress else { return }
                            Simulation.computeRows(world: world, firstRow: lo, rows: rows, exclude: -1, out: a, truth: x)
                            Simulation.computeRows(world: world, firstRow: lo, rows: rows, exclude: i, out: b, truth: y)
                        }
                    }
                }
            }
            act.withUnsafeBufferPointer { a in
                cf.withUnsafeBufferPointer { b in
                    for r in 0..<rows {
                        let off = r * cols
                        for c in 0..<cols {
                            let x = a[off + c], y = b[off + c]
                            if abs(x - y) > rel[c] * abs(y) + floor[c] {
                                if first[c] < 0 { first[c] = lo + r }
                                last[c] = lo + r
                            }
                        }
                        observed.withUnsafeMutableBufferPointer { o in
                            gaps.withUnsafeMutableBufferPointer { g in
                                guard let o = o.baseAddress, let g = g.baseAddress, let row = a.baseAddress else { return }
                                o.update(from: row + off, count: cols)
                                observer.observe(row: o, row: lo + r, gaps: g)
                                for c in 0..<cols where sd[c] > 0 {
                                    let z = abs(o[c] - mean[c]) / sd[c]
                                    if z > peak[c] { peak[c] = z }  // NaN (a gap) never compares greater
                                }
                            }
                        }
                    }
                }
            }
            if impactRow == nil {
                func at(_ t: [Double], _ f: TruthField, _ s: Int, _ r: Int) -> Double { t[r * width + f.rawValue * n + s] }
                outer: for r in 0..<rows {
                    for (s, slo) in sloIndex {
                        let breach = at(ta, .latencyP99, s, r) > slo.latencyP99Ms || at(ta, .errorRatio, s, r) > slo.errorRatio
                        let cfBreach = at(tc, .latencyP99, s, r) > slo.latencyP99Ms || at(tc, .errorRatio, s, r) > slo.errorRatio
                        if breach && !cfBreach { impactRow = lo + r; break outer }
                    }
                }
            }
            lo += rows
        }
        var affected: [AffectedSeries] = []
        var entityFirst: [String: Int] = [:]
        var faultPeak: Double?, rootPeak: Double?
        for c in 0..<cols where first[c] >= 0 {
            let z = sd[c] > 0 ? (peak[c] * 1000).rounded() / 1000 : nil
            affected.append(AffectedSeries(seriesId: desc[c].id, startMs: axis.time(at: first[c]), endMs: axis.time(at: last[c]), peakZ: z))
            let e = desc[c].entity
            entityFirst[e] = min(entityFirst[e] ?? Int.max, first[c])
            if let z {
                faultPeak = max(faultPeak ?? 0, z)
                if e == f.spec.target { rootPeak = max(rootPeak ?? 0, z) }
            }
        }
        affected.sort { ($0.startMs, $0.seriesId) < ($1.startMs, $1.seriesId) }
        let symptom = affected.map(\.startMs).min()
        var path = [f.spec.target]
        let others = entityFirst.filter { $0.key != f.spec.target }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        path += others.map(\.key)
        return FaultRecord(
            id: f.spec.id, kind: f.spec.kind.rawValue, target: f.spec.target, injectionStartMs: s0 + f.spec.startMs,
            injectionEndMs: s0 + f.spec.startMs + f.spec.durationMs - 1, firstSymptomMs: symptom,
            userImpactStartMs: impactRow.map { axis.time(at: $0) }, affectedSeries: affected, propagationPath: path,
            compound: isCompound(f), intensity: f.intensity, intensityDrawn: f.spec.intensity.isDrawn, peakZ: faultPeak,
            rootCausePeakZ: rootPeak)
    }

    /// Mean and standard deviation of every series' observed values in the hour before fault `i`
    /// (rows inside another fault's window and tail left out); σ is 0 where a series has fewer than
    /// `minBaselineValues` finite values. `act` and `truth` are scratch buffers of `block` rows.
    func baseline(for i: Int, firstRow: Int, block: Int, act: inout [Double], truth: inout [Double]) -> (mean: [Double], sd: [Double]) {
        let cols = world.seriesCount
        let axis = world.axis
        let s0 = world.scenario.startMs
        let step = max(1, world.scenario.stepMs)
        let startRow = max(0, firstRow - Int(Self.baselineMs / step))
        let tail = Double(Self.tailMs)
        var shift = [Double](repeating: .nan, count: cols)
        var sum = [Double](repeating: 0, count: cols), squares = sum
        var count = [Int](repeating: 0, count: cols)
        var gaps = [Bool](repeating: false, count: observer.entityCount)
        var lo = startRow
        while lo < firstRow {
            let rows = min(block, firstRow - lo, act.count / max(1, cols))
            guard rows > 0 else { break }
            act.withUnsafeMutableBufferPointer { a in
                truth.withUnsafeMutableBufferPointer { x in
                    gaps.withUnsafeMutableBufferPointer { g in
                        guard let a = a.baseAddress, let x = x.baseAddress, let g = g.baseAddress else { return }
                        Simulation.computeRows(world: world, firstRow: lo, rows: rows, exclude: -1, out: a, truth: x)
                        for r in 0..<rows {
                            let t = Double(axis.time(at: lo + r) - s0)
                            if world.faults.contains(where: { $0.index != i && t >= $0.startMs && t < $0.endMs + tail }) { continue }
                            let v = a + r * cols
                            observer.observe(row: v, row: lo + r, gaps: g)
                            for c in 0..<cols where v[c].isFinite {
                                if shift[c].isNaN { shift[c] = v[c] }
                                let d = v[c] - shift[c]
                                sum[c] += d
                                squares[c] += d * d
                                count[c] += 1
                            }
                        }
                    }
                }
            }
            lo += rows
        }
        var mean = [Double](repeating: 0, count: cols), sd = mean
        for c in 0..<cols where count[c] >= Self.minBaselineValues {
            let n = Double(count[c])
            let m = sum[c] / n
            mean[c] = shift[c] + m
            let variance = max(0, (squares[c] - n * m * m) / (n - 1))
            // A spread below rounding of the values themselves is no spread (a constant series).
            sd[c] = variance.squareRoot() > 1e-12 * max(1, abs(mean[c])) ? variance.squareRoot() : 0
        }
        return (mean, sd)
    }
}
