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
struct GroundTruthBuilder {
    let world: World
    /// How long after a fault ends its effects are still attributed to it.
    static let tailMs: Int64 = 15 * 60_000

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
        for c in 0..<cols where first[c] >= 0 {
            affected.append(AffectedSeries(seriesId: desc[c].id, startMs: axis.time(at: first[c]), endMs: axis.time(at: last[c])))
            let e = desc[c].entity
            entityFirst[e] = min(entityFirst[e] ?? Int.max, first[c])
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
            compound: isCompound(f), intensity: f.spec.intensity)
    }
}
